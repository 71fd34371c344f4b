// Tests of core/text: UTF-8 checks, normalisation, case, folding, collation, Windows-1252.
// Legacy fonts (TCVN3, VNI) are tested in legacy_text_test.cc.
#include "core/text.h"

#include <algorithm>
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

}  // namespace
TEST(Utf8, ToValidUtf8ReplacesEachIllFormedByteAndKeepsValidText) {
  EXPECT_EQ(ToValidUtf8("Nguyễn"), "Nguyễn");
  EXPECT_EQ(ToValidUtf8("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ToValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a lone surrogate
  EXPECT_TRUE(IsValidUtf8(ToValidUtf8("\xc3\x28\xf0\x9f")));
}

}  // namespace dancu::core
