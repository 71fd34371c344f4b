// Tests of core/text legacy fonts: TCVN3 and VNI conversion, round trips and detection.
#include "core/text.h"

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace dancu::core {
namespace {

constexpr auto npos = std::string_view::npos;

// ---- Legacy encodings: test-only encoders --------------------------------------------

std::vector<std::string> Utf8Chars(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// A vowel with its five tones, in the order plain, huyền, hỏi, ngã, sắc, nặng, and the
// legacy bytes of each. Laid out by vowel, unlike the decoder's tables laid out by byte.
struct Family {
  std::string_view letters;
  std::array<std::string_view, 6> codes;
};
using Table = std::map<std::string, std::string>;

void AddFamily(Table& table, const Family& family) {
  const std::vector<std::string> letters = Utf8Chars(family.letters);
  for (std::size_t k = 0; k < letters.size(); ++k) table[letters[k]] = family.codes[k];
}

Table Tcvn3Table() {
  const Family families[] = {
      {"aàảãáạ", {"a", "\xB5", "\xB6", "\xB7", "\xB8", "\xB9"}},
      {"ăằẳẵắặ", {"\xA8", "\xBB", "\xBC", "\xBD", "\xBE", "\xC6"}},
      {"âầẩẫấậ", {"\xA9", "\xC7", "\xC8", "\xC9", "\xCA", "\xCB"}},
      {"eèẻẽéẹ", {"e", "\xCC", "\xCE", "\xCF", "\xD0", "\xD1"}},
      {"êềểễếệ", {"\xAA", "\xD2", "\xD3", "\xD4", "\xD5", "\xD6"}},
      {"iìỉĩíị", {"i", "\xD7", "\xD8", "\xDC", "\xDD", "\xDE"}},
      {"oòỏõóọ", {"o", "\xDF", "\xE1", "\xE2", "\xE3", "\xE4"}},
      {"ôồổỗốộ", {"\xAB", "\xE5", "\xE6", "\xE7", "\xE8", "\xE9"}},
      {"ơờởỡớợ", {"\xAC", "\xEA", "\xEB", "\xEC", "\xED", "\xEE"}},
      {"uùủũúụ", {"u", "\xEF", "\xF1", "\xF2", "\xF3", "\xF4"}},
      {"ưừửữứự", {"\xAD", "\xF5", "\xF6", "\xF7", "\xF8", "\xF9"}},
      {"yỳỷỹýỵ", {"y", "\xFA", "\xFB", "\xFC", "\xFD", "\xFE"}},
      {"đĂÂÊÔƠ", {"\xAE", "\xA1", "\xA2", "\xA3", "\xA4", "\xA5"}},  // not a family: singles
      {"ƯĐ", {"\xA6", "\xA7"}},
  };
  Table table;
  for (const Family& f : families) AddFamily(table, f);
  return table;
}

// VNI capitals: ASCII upper case, diacritic bytes 0x20 lower (Latin-1's own case offset).
std::string VniCapital(std::string_view code) {
  std::string out(code);
  for (char& c : out) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 'a' && b <= 'z') c = static_cast<char>(b - 0x20);
    if (b >= 0xE0 && b != 0xF7) c = static_cast<char>(b - 0x20);
  }
  return out;
}

Table VniTable() {
  const Family families[] = {
      {"aàảãáạ", {"a", "a\xF8", "a\xFB", "a\xF5", "a\xF9", "a\xEF"}},
      {"ăằẳẵắặ", {"a\xEA", "a\xE8", "a\xFA", "a\xFC", "a\xE9", "a\xEB"}},
      {"âầẩẫấậ", {"a\xE2", "a\xE0", "a\xE5", "a\xE3", "a\xE1", "a\xE4"}},
      {"eèẻẽéẹ", {"e", "e\xF8", "e\xFB", "e\xF5", "e\xF9", "e\xEF"}},
      {"êềểễếệ", {"e\xE2", "e\xE0", "e\xE5", "e\xE3", "e\xE1", "e\xE4"}},
      {"iìỉĩíị", {"i", "\xEC", "\xE6", "\xF3", "\xED", "\xF2"}},
      {"oòỏõóọ", {"o", "o\xF8", "o\xFB", "o\xF5", "o\xF9", "o\xEF"}},
      {"ôồổỗốộ", {"o\xE2", "o\xE0", "o\xE5", "o\xE3", "o\xE1", "o\xE4"}},
      {"ơờởỡớợ", {"\xF4", "\xF4\xF8", "\xF4\xFB", "\xF4\xF5", "\xF4\xF9", "\xF4\xEF"}},
      {"uùủũúụ", {"u", "u\xF8", "u\xFB", "u\xF5", "u\xF9", "u\xEF"}},
      {"ưừửữứự", {"\xF6", "\xF6\xF8", "\xF6\xFB", "\xF6\xF5", "\xF6\xF9", "\xF6\xEF"}},
      {"yỳỷỹýỵ", {"y", "y\xF8", "y\xFB", "y\xF5", "y\xF9", "\xEE"}},
      {"đ", {"\xF1"}},
  };
  Table table;
  for (const Family& f : families) {
    AddFamily(table, f);
    const std::string capitals = ToUpperVi(f.letters);
    const std::vector<std::string> letters = Utf8Chars(capitals);
    for (std::size_t k = 0; k < letters.size(); ++k) table[letters[k]] = VniCapital(f.codes[k]);
  }
  return table;
}

// Unicode → legacy bytes. A letter the table lacks is looked up in lower case: that is how
// VN3 typists wrote the capitals their font set does not have.
std::string Encode(std::string_view unicode, const Table& table) {
  std::string out;
  for (const std::string& ch : Utf8Chars(unicode)) {
    if (ch.size() == 1) {
      out += ch;  // both encodings keep ASCII
      continue;
    }
    auto it = table.find(ch);
    if (it == table.end()) it = table.find(ToLowerVi(ch));
    out += it != table.end() ? it->second : ch;
  }
  return out;
}

// Names and agency names with every vowel, every tone, ơ ư đ and capitals.
const std::string_view kNames[] = {
    "Nguyễn Văn Đức",
    "Trần Thị Hường",
    "Lê Minh Hiếu",
    "Ủy ban nhân dân xã Vĩnh Hòa Hưng Bắc",
    "Sở Thông tin và Truyền thông",
    "Phạm Ngọc Ẩn",
    "Đặng Thị Ỷ",
    "Hồ Chí Minh",
    "Huỳnh Tấn Phát",
    "Võ Thị Sáu",
    "Dương Quốc Khánh",
    "Ngô Thừa Ân",
    "Bùi Thị Xuân Quỳnh",
    "Phường Bến Nghé, Quận 1",
    "Trường Trung học phổ thông Lê Quý Đôn",
    "Ông Ích Khiêm",
    "Ưng Hoàng Phúc",
    "Ơn Gặp Lặng Lẽ Mỹ Tửu Nhuệ Khuỷu Ngoẹo Khuya Hỡi Nhiễu Gỗ Tẩm Đẫm Thuở",
    "Chị Hằng ở Tỉnh Đắk Lắk, tổ 5 ấp Ẻo Hẹp",
};

// What a TCVN3 round trip gives back: capitals VN3 lacks come back in lower case.
std::string Tcvn3Expected(std::string_view name) {
  std::string out;
  const std::string_view vn3_capitals = "ĂÂÊÔƠƯĐ";
  for (const std::string& ch : Utf8Chars(name)) {
    const bool keep = ch.size() == 1 || vn3_capitals.find(ch) != npos;
    out += keep ? ch : ToLowerVi(ch);
  }
  return out;
}

// ---- Legacy encodings: conversion ----------------------------------------------------

TEST(Text, ConvertLegacyDecodesKnownTcvn3Samples) {
  const std::pair<std::string, std::string> cases[] = {
      {"Nguy\u00D4n", "Nguyễn"},                            // "NguyÔn"
      {"B\u00B6o Th\u00BEng", "Bảo Thắng"},                 // "B¶o Th¾ng"
      {"M\u00AD\u00EAng Kh\u00AD\u00ACng", "Mường Khương"}, // ư is the soft hyphen byte
      {"B\u00B8t X\u00B8t", "Bát Xát"},
      {"\u00A7\u00AB Th\u00CB \u00A7\u00A8ng", "Đô Thậ Đăng"},
      {"ab 12 @x.vn", "ab 12 @x.vn"},                       // ASCII passes through
      {"Hà Nội ư", "Hà Nội ư"},                             // no VN3 byte, Unicode kept
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(ConvertLegacy(in, LegacyEncoding::kTcvn3), want) << in;
  }
}

TEST(Text, ConvertLegacyDecodesKnownVniSamples) {
  const std::pair<std::string, std::string> cases[] = {
      {"Nguye\u00E3n", "Nguyễn"},                           // "Nguyeãn"
      {"Xin cha\u00F8o ca\u00F9c ba\u00EFn", "Xin chào các bạn"},
      {"\u00D1a\u00EBng Th\u00F2 Y\u00DB", "Đặng Thị Ỷ"},   // "Ñaëng Thò YÛ"
      {"NGUYE\u00C3N VA\u00CAN", "NGUYỄN VĂN"},             // capitals: Ã, Ê
      {"\u00F6\u00F4\u00F9c", "ước"},                       // ư, then ơ + sắc
      {"\u00E2 \u00F9", "â ù"},                             // diacritic with no base: kept
      {"ab 12 @x.vn", "ab 12 @x.vn"},
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(ConvertLegacy(in, LegacyEncoding::kVni), want) << in;
  }
}

TEST(Text, ConvertLegacyWithNoneOnlyNormalises) {
  EXPECT_EQ(ConvertLegacy("Nguye\u0302\u0303n", LegacyEncoding::kNone), "Nguyễn");
  EXPECT_EQ(ConvertLegacy("Nguy\u00D4n", LegacyEncoding::kNone), "Nguy\u00D4n");
}

TEST(Text, EveryTcvn3LetterRoundTrips) {
  const Table table = Tcvn3Table();
  ASSERT_EQ(table.size(), 12u * 6 + 8);  // 12 vowels x 6 tones, đ, 7 capitals
  for (const auto& [letter, code] : table) {
    if (code.size() == 1 && static_cast<unsigned char>(code[0]) < 0x80) continue;
    EXPECT_EQ(ConvertLegacy(DecodeCp1252(code), LegacyEncoding::kTcvn3), letter) << letter;
  }
}

TEST(Text, EveryVniLetterRoundTripsInBothCases) {
  const Table table = VniTable();
  ASSERT_EQ(table.size(), 2u * (12 * 6 + 1));
  for (const auto& [letter, code] : table) {
    EXPECT_EQ(ConvertLegacy(DecodeCp1252(code), LegacyEncoding::kVni), letter) << letter;
  }
}

TEST(Text, Tcvn3NamesRoundTripFromCsvBytesAndXlsxText) {
  const Table table = Tcvn3Table();
  for (std::string_view name : kNames) {
    const std::string bytes = Encode(name, table);
    ASSERT_FALSE(IsValidUtf8(bytes)) << name;               // CSV shape: raw bytes
    const std::string cells = DecodeCp1252(bytes);          // XLSX shape: cp1252 reading
    EXPECT_EQ(DetectLegacy(cells), LegacyEncoding::kTcvn3) << name << " as " << cells;
    EXPECT_EQ(ConvertLegacy(cells, LegacyEncoding::kTcvn3), Tcvn3Expected(name)) << name;
  }
}

TEST(Text, VniNamesRoundTripFromCsvBytesAndXlsxText) {
  // VNI "Hoà Chí Minh" is also plausible Unicode (old-style "Hoà" for Hòa): alone it is
  // undecidable, so detection must say kNone; in a file the other names decide.
  const std::string_view undecidable_alone = "Hồ Chí Minh";
  const Table table = VniTable();
  for (std::string_view name : kNames) {
    const std::string bytes = Encode(name, table);
    ASSERT_FALSE(IsValidUtf8(bytes)) << name;
    const std::string cells = DecodeCp1252(bytes);
    const LegacyEncoding want =
        name == undecidable_alone ? LegacyEncoding::kNone : LegacyEncoding::kVni;
    EXPECT_EQ(DetectLegacy(cells), want) << name << " as " << cells;
    EXPECT_EQ(ConvertLegacy(cells, LegacyEncoding::kVni), name) << name;
  }
}

TEST(Text, Tcvn3CapitalsFontWordsComeBackInCapitals) {
  const std::string_view heading = "UBND HUYỆN VĨNH HƯNG, tỉnh Long An";
  const std::string cells = DecodeCp1252(Encode(heading, Tcvn3Table()));
  EXPECT_EQ(ConvertLegacy(cells, LegacyEncoding::kTcvn3), heading);
  // One capital is not enough evidence: "Tỉnh" typed in the normal font stays as it is.
  EXPECT_EQ(ConvertLegacy(DecodeCp1252("T\xD8nh"), LegacyEncoding::kTcvn3), "Tỉnh");
}

// ---- Legacy encodings: detection -----------------------------------------------------

TEST(Text, DetectLegacyLeavesUnicodeAsciiAndForeignNamesAlone) {
  const std::string_view cases[] = {
      "",
      "Nguyễn Văn Đức",
      "Nguye\u0302\u0303n Va\u0306n \u0110u\u031B\u0301c",   // NFD
      "Nguyen Van Duc",
      "nguyen.van.a@example.com; tran-thi_b@so-tttt.gov.vn",
      "Lê Hà",                                              // Unicode words within cp1252
      "Thị Tú Hà Lê Tô Ý Thò",
      "Hà Nội, Cà Mau, Bà Rịa – Vũng Tàu",
      "Müller, Jürgen; Köhler Günther; Dürst",
      "José García, François Hélène Noël, Zoë Ångström, André Citroën",
      "Peña Muñoz, São Paulo, café crème brûlée",
      "Tổng cộng: 1.234.567 đồng – 15% (ước tính)",
      "Đắk Lắk, Krông Pắc, Ea H'leo",
      "\u00A0\u00A0 123 \u2013 456 \u20AC",
      // One word reads as VNI ("où" → ó, "Loïc" → Lọc) but the others as no Vietnamese.
      "Le château de Versailles est situé à vingt kilomètres de Paris, où réside la cour.",
      "François, Loïc, Maëlle, Anaïs",
  };
  for (std::string_view text : cases) {
    EXPECT_EQ(DetectLegacy(text), LegacyEncoding::kNone) << text;
  }
}

TEST(Text, DetectLegacyRecognisesHardCodedLegacyText) {
  const std::pair<std::string, LegacyEncoding> cases[] = {
      {"Nguy\u00D4n", LegacyEncoding::kTcvn3},                       // NguyÔn
      {"B\u00B6o Th\u00BEng", LegacyEncoding::kTcvn3},
      {"M\u00AD\u00EAng Kh\u00AD\u00ACng", LegacyEncoding::kTcvn3},
      {"Nguye\u00E3n", LegacyEncoding::kVni},                        // Nguyeãn
      {"Xin cha\u00F8o ca\u00F9c ba\u00EFn", LegacyEncoding::kVni},
      {"\u00D1a\u00EBng Th\u00F2 Y\u00DB", LegacyEncoding::kVni},
      {"UBND xa\u00F5 B\u00ECnh An", LegacyEncoding::kVni},        // xaõ: tone on a glide
      {"Phan Quo\u00E1c", LegacyEncoding::kVni},                     // Quoác: no "quo"
      {"\u00D6ng Thanh Ho\u00E0", LegacyEncoding::kVni},             // Öng: no "êng"
      {"Mai Thu Tu\u00CAn", LegacyEncoding::kTcvn3},                  // TuÊn: mixed case
      // Undecidable alone: TCVN3 "Vò Dòng" (Vũ Dũng) is also Unicode Vietnamese, and
      // "Löu" is VNI Lưu as much as TCVN3 Lửu.
      {"V\u00F2 D\u00F2ng", LegacyEncoding::kNone},
      {"L\u00F6u", LegacyEncoding::kNone},
  };
  for (const auto& [text, want] : cases) EXPECT_EQ(DetectLegacy(text), want) << text;
}

TEST(Text, DetectLegacyDecidesAWholeFileByMajority) {
  std::string tcvn3_file, vni_file, unicode_file;
  for (std::string_view name : kNames) {
    tcvn3_file += DecodeCp1252(Encode(name, Tcvn3Table())) + ";0912345678;x@y.vn\n";
    vni_file += DecodeCp1252(Encode(name, VniTable())) + ";0912345678;x@y.vn\n";
    unicode_file += std::string(name) + ";0912345678;x@y.vn\n";
  }
  EXPECT_EQ(DetectLegacy(tcvn3_file), LegacyEncoding::kTcvn3);
  EXPECT_EQ(DetectLegacy(vni_file), LegacyEncoding::kVni);
  EXPECT_EQ(DetectLegacy(unicode_file), LegacyEncoding::kNone);
  // A few Unicode cells in a legacy file do not outvote it, and vice versa.
  const std::string unicode_cells = "Nguyễn Văn Đức\nTrần Thị Hường\n";
  EXPECT_EQ(DetectLegacy(unicode_cells + tcvn3_file), LegacyEncoding::kTcvn3);
  EXPECT_EQ(DetectLegacy(unicode_cells + vni_file), LegacyEncoding::kVni);
  EXPECT_EQ(DetectLegacy(unicode_file + DecodeCp1252(Encode(kNames[0], VniTable()))),
            LegacyEncoding::kNone);
}

}  // namespace
}  // namespace dancu::core
