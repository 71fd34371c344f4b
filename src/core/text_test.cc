// Tests of core/text: UTF-8 checks, normalisation, case, folding, collation, legacy fonts.
#include "core/text.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace dancu::core {
namespace {

constexpr auto npos = std::string_view::npos;

// ---- UTF-8 ---------------------------------------------------------------------------

TEST(Text, FirstInvalidUtf8FindsTheOffsetOfTheFirstIllFormedSequence) {
  struct Case {
    std::string bytes;
    std::size_t first_invalid;
  };
  const Case cases[] = {
      {"", npos},
      {"abc", npos},
      {std::string("a\0b", 3), npos},             // NUL is a character
      {"Nguyễn Văn Đức", npos},                   // 2- and 3-byte sequences
      {"\xF0\x9F\x98\x80", npos},                 // U+1F600, 4 bytes
      {"\xEF\xBF\xBF", npos},                     // U+FFFF: a noncharacter, still UTF-8
      {"\xF4\x8F\xBF\xBF", npos},                 // U+10FFFF, the last code point
      {"a\x80", 1},                               // lone continuation byte
      {"\xC0\xAF", 0},                            // overlong '/'
      {"\xC1\xBF", 0},                            // overlong 2-byte
      {"\xE0\x80\xAF", 0},                        // overlong 3-byte
      {"\xE0\x9F\xBF", 0},                        // overlong 3-byte, upper edge
      {"\xF0\x8F\xBF\xBF", 0},                    // overlong 4-byte
      {"\xED\xA0\x80", 0},                        // surrogate U+D800
      {"ab\xED\xBF\xBF", 2},                      // surrogate U+DFFF
      {"\xF4\x90\x80\x80", 0},                    // U+110000
      {"\xF5\x80\x80\x80", 0},                    // lead byte past Unicode
      {"\xFF", 0},
      {"abc\xE1\xBB", 3},                         // truncated at the end
      {"\xE1\xBB\x85\xC3", 3},                    // ễ then a truncated sequence
      {"x\xC3\x28", 1},                           // continuation byte missing
      {"ok \xE1\xBB\x85 \xF0\x9F\x98", 7},        // truncated 4-byte after valid text
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FirstInvalidUtf8(c.bytes), c.first_invalid) << "bytes: " << c.bytes;
    EXPECT_EQ(IsValidUtf8(c.bytes), c.first_invalid == npos) << "bytes: " << c.bytes;
  }
}

TEST(Text, EveryValidCodePointEncodingIsAcceptedAndEverySurrogateRejected) {
  int accepted = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x20000 ? 1 : 0x101)) {
    std::string utf8;
    if (cp < 0x80) {
      utf8 = {static_cast<char>(cp)};
    } else if (cp < 0x800) {
      utf8 = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    } else if (cp < 0x10000) {
      utf8 = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
              static_cast<char>(0x80 | (cp & 0x3F))};
    } else {
      utf8 = {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
              static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    }
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    ASSERT_EQ(IsValidUtf8(utf8), !surrogate) << "U+" << std::hex << static_cast<int>(cp);
    accepted += !surrogate;
  }
  EXPECT_GT(accepted, 0x20000 - 0x800);
}

// ---- Normalisation, spaces, diacritics, case -----------------------------------------

TEST(Text, ToNfcComposesDecomposedVietnamese) {
  const std::pair<std::string, std::string> cases[] = {
      {"Nguye\u0302\u0303n", "Nguyễn"},
      {"Nguyê\u0303n", "Nguyễn"},
      {"Ð\u0323", "Ð\u0323"},                              // nothing composes with Ð
      {"a\u0323\u0302", "ậ"},                              // marks in canonical order
      {"a\u0302\u0323", "ậ"},                              // marks in typing order
      {"Tru\u031Bo\u031B\u0300ng", "Trường"},
      {"Trường", "Trường"},                                // already NFC: unchanged
      {"", ""},
      {"\xFF", "\xEF\xBF\xBD"},                            // invalid byte → U+FFFD
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(ToNfc(in), want) << in;
}

TEST(Text, CollapseSpacesTrimsAndJoinsEveryKindOfWhiteSpace) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {" \t\r\n ", ""},
      {"a", "a"},
      {"  a   b  ", "a b"},
      {"a\t\n\r b", "a b"},
      {"a\u00A0b", "a b"},                                 // NBSP, common in Excel
      {"\u3000Nguyễn\u3000\u3000Văn\u2003A\u202F", "Nguyễn Văn A"},
      {"x\u0085y\u2028z", "x y z"},                        // NEL, line separator
      {"a\u200Bb", "a\u200Bb"},                            // zero-width space is not white
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(CollapseSpaces(in), want) << in;
}

TEST(Text, RemoveDiacriticsLeavesBareLatinLetters) {
  const std::pair<std::string, std::string> cases[] = {
      {"Nguyễn Văn Đức", "Nguyen Van Duc"},
      {"Nguye\u0302\u0303n Va\u0306n \u0110u\u031B\u0301c", "Nguyen Van Duc"},  // NFD
      {"ĂÂÊÔƠƯăâêôơưĐđ", "AAEOOUaaeoouDd"},
      {"aàảãáạ ÝỲỶỸỴ", "aaaaaa YYYYY"},
      {"Ủy ban nhân dân xã Vĩnh Hòa Hưng Bắc", "Uy ban nhan dan xa Vinh Hoa Hung Bac"},
      {"Ðinh Bộ Lĩnh", "Dinh Bo Linh"},                    // Eth typed for Đ
      {"Müller Ångström Ça", "Muller Angstrom Ca"},
      {"øæł", "øæł"},                                      // no separable mark
      {"東京 ที่", "東京 ที่"},                             // other scripts keep their marks
      {"", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(RemoveDiacritics(in), want) << in;
}

TEST(Text, ToUpperViAndToLowerViMapCaseAndReturnNfc) {
  const std::pair<std::string, std::string> lower_upper[] = {
      {"nguyễn văn đức", "NGUYỄN VĂN ĐỨC"},
      {"ơ ư ă â ê ô đ", "Ơ Ư Ă Â Ê Ô Đ"},
      {"đặng thị ỷ", "ĐẶNG THỊ Ỷ"},
      {"ủy ban nhân dân", "ỦY BAN NHÂN DÂN"},
      {"i", "I"},                                          // not the Turkish dotted İ
      {"123 - x", "123 - X"},
  };
  for (const auto& [lower, upper] : lower_upper) {
    EXPECT_EQ(ToUpperVi(lower), upper) << lower;
    EXPECT_EQ(ToLowerVi(upper), lower) << upper;
  }
  EXPECT_EQ(ToUpperVi("nguye\u0302\u0303n"), "NGUYỄN");      // NFD in, NFC out
  EXPECT_EQ(ToLowerVi("NGUYE\u0302\u0303N"), "nguyễn");
}

TEST(Text, FoldForSearchIgnoresCaseAccentsAndSpacing) {
  const std::pair<std::string, std::string> cases[] = {
      {"  NGUYỄN  văn a", "nguyen van a"},
      {"NGUYE\u0302\u0303N VA\u0306N A", "nguyen van a"},  // NFD
      {"Đặng\tThị\u00A0Ỷ", "dang thi y"},
      {"Straße", "strasse"},
      {"", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(FoldForSearch(in), want) << in;
  EXPECT_EQ(FoldForSearch("Trần Thị Hường"), FoldForSearch("TRAN  thi huong"));
  EXPECT_NE(FoldForSearch("Trần Thị Hường"), FoldForSearch("Tran Thi Hung"));
}

// ---- Collation -----------------------------------------------------------------------

TEST(Text, CompareViOrdersLettersAsTheVietnameseAlphabet) {
  const std::pair<std::string, std::string> before_after[] = {
      {"Dz", "Đa"},    // Đ is a letter after D, not a D with an accent ...
      {"Đz", "Ea"},    // ... and before E
      {"Az", "Ăa"},    // A < Ă < Â
      {"Ăz", "Âa"},
      {"Âz", "Ba"},
      {"Ez", "Êa"},
      {"Oz", "Ôa"},    // O < Ô < Ơ
      {"Ôz", "Ơa"},
      {"Uz", "Ưa"},
      {"ba", "bà"},    // tones: none, huyền, hỏi, ngã, sắc, nặng
      {"bà", "bả"},
      {"bả", "bã"},
      {"bã", "bá"},
      {"bá", "bạ"},
      {"an", "An"},    // case only breaks ties
  };
  for (const auto& [a, b] : before_after) {
    EXPECT_LT(CompareVi(a, b), 0) << a << " < " << b;
    EXPECT_GT(CompareVi(b, a), 0) << b << " > " << a;
  }
  EXPECT_EQ(CompareVi("Nguyễn", "Nguye\u0302\u0303n"), 0);  // NFC and NFD alike
  EXPECT_EQ(CompareVi("Cậu", "Ca\u0302\u0323u"), 0);        // marks out of canonical order
  EXPECT_EQ(CompareVi("", ""), 0);
}

TEST(Text, CompareViSortsNamesInVietnameseOrder) {
  std::vector<std::string> names = {"Bình", "An", "Ân", "Ăn", "Đông", "Dũng", "Ánh", "Ưng", "Uyên"};
  std::ranges::sort(names, [](const std::string& a, const std::string& b) {
    return CompareVi(a, b) < 0;
  });
  const std::vector<std::string> want = {"An", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đông", "Uyên",
                                         "Ưng"};
  EXPECT_EQ(names, want);
}

TEST(Text, CompareViGivesTheSameOrderFromManyThreadsAtOnce) {
  const std::vector<std::string> want = {"An", "Ăn", "Ân", "Bình", "Dũng", "Đông", "Ê", "Ơn"};
  std::vector<int> correct(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        std::vector<std::string> v(want.rbegin(), want.rend());
        std::ranges::sort(v, [](const auto& a, const auto& b) { return CompareVi(a, b) < 0; });
        correct[t] += v == want;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(correct, std::vector<int>(8, 200));
}

// ---- Windows-1252 --------------------------------------------------------------------

TEST(Text, DecodeCp1252MapsEveryByteLikeWindows) {
  const std::pair<std::string, std::string> cases[] = {
      {"abc", "abc"},
      {"\x80", "€"},
      {"\x82\x85\x8A\x8C\x8E", "‚…ŠŒŽ"},
      {"\x93Hi\x94", "“Hi”"},
      {"\x96\x97\x99\x9A\x9C\x9E\x9F", "–—™šœžŸ"},
      {"\x81\x8D\x8F\x90\x9D", "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D"},  // undefined → C1
      {"\xA0\xAD\xB8\xE9\xFF", "\u00A0\u00AD¸éÿ"},
      {"", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(DecodeCp1252(in), want) << in;
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  EXPECT_TRUE(IsValidUtf8(DecodeCp1252(all)));
}

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
