// Table-driven tests of the domain value types in validate.h and the province table in provinces.h.
#include "core/validate.h"

#include <gtest/gtest.h>

#include <set>
#include <span>
#include <string>
#include <string_view>

#include "core/provinces.h"

namespace dancu::core {
namespace {

constexpr int kToday = 2026;  // fixed so that the tests do not depend on the clock

// ok: `want` is the expected value(); !ok: `want` is a fragment of the error message.
struct Case {
  std::string_view input;
  bool ok;
  std::string_view want;
};

template <class ParseFn>
void RunCases(std::span<const Case> cases, ParseFn parse) {
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "input: \"" << c.input << "\"");
    const auto r = parse(c.input);
    if (c.ok) {
      if (!r) {
        ADD_FAILURE() << "refused: " << r.error().message;
        continue;
      }
      EXPECT_EQ(r->value(), c.want);
    } else {
      if (r) {
        ADD_FAILURE() << "accepted as: " << r->value();
        continue;
      }
      EXPECT_EQ(r.error().code, Code::kInvalidArgument);
      EXPECT_NE(r.error().message.find(c.want), std::string::npos)
          << "message: " << r.error().message << "\nwanted fragment: " << c.want;
    }
  }
}

// ---- Provinces ----

TEST(Validate, ProvinceTableHas63SortedUniqueCodes) {
  const auto all = Provinces();
  ASSERT_EQ(all.size(), 63u);
  std::set<std::string_view> codes, names;
  for (size_t i = 0; i < all.size(); ++i) {
    const Province& p = all[i];
    EXPECT_EQ(p.code.size(), 3u) << p.code;
    EXPECT_EQ(p.code[0], '0') << p.code;
    EXPECT_FALSE(p.name.empty()) << p.code;
    if (i > 0) {
      EXPECT_LT(all[i - 1].code, p.code);
    }
    EXPECT_EQ(FindProvince(p.code), &p);
    codes.insert(p.code);
    names.insert(p.name);
  }
  EXPECT_EQ(codes.size(), 63u);
  EXPECT_EQ(names.size(), 63u);
}

TEST(Validate, FindProvince) {
  ASSERT_NE(FindProvince("001"), nullptr);
  EXPECT_EQ(FindProvince("001")->name, "Hà Nội");
  EXPECT_EQ(FindProvince("046")->name, "Thừa Thiên Huế");
  EXPECT_EQ(FindProvince("077")->name, "Bà Rịa - Vũng Tàu");
  EXPECT_EQ(FindProvince("079")->name, "Hồ Chí Minh");
  EXPECT_EQ(FindProvince("096")->name, "Cà Mau");
  for (std::string_view bad : {"000", "003", "098", "097", "1", "", "0010", "01", "abc"}) {
    EXPECT_EQ(FindProvince(bad), nullptr) << bad;
  }
}

// ---- Cccd ----

TEST(Validate, CccdCases) {
  static constexpr Case kCases[] = {
      {"001099012345", true, "001099012345"},        // Hà Nội, nam, 1999
      {"079203001234", true, "079203001234"},        // Hồ Chí Minh, nam, 2003
      {" 052 082 123 456 ", true, "052082123456"},   // dấu cách để dễ đọc
      {"\t091195001234\n", true, "091195001234"},    // Kiên Giang, nữ, 1995
      {"036305000123", true, "036305000123"},        // Nam Định, nữ, 2005
      {"096301000001", true, "096301000001"},        // Cà Mau, nữ, 2001
      {"001226000001", true, "001226000001"},        // sinh đúng năm nay
      {"001006000001", true, "001006000001"},        // đúng 120 tuổi
      {"", false, "Số CCCD là bắt buộc"},
      {"   ", false, "là bắt buộc"},
      {"91095001234", false, "Excel đã bỏ số 0 ở đầu"},
      {"0010990123456", false, "đúng 12 chữ số (đang có 13)"},
      {"00109901234", false, "Excel đã bỏ số 0"},
      {"012345678", false, "số CMND cũ"},
      {"00109901234A", false, "chỉ được gồm chữ số"},
      {"001.099.012.345", false, "gặp '.' ở vị trí 4"},
      {"001-099-012-345", false, "gặp '-'"},
      {"00109901234５", false, "gặp '５'"},
      {"098099012345", false, "Mã tỉnh 098"},
      {"003099012345", false, "Mã tỉnh 003 (3 chữ số đầu"},
      {"000099012345", false, "không có trong danh mục"},
      {"001412345678", false, "thế kỷ"},
      {"001999000000", false, "sinh năm 2300–2399"},
      {"001227000000", false, "Năm sinh 2027"},
      {"001399000000", false, "tương lai"},
      {"001005000000", false, "hơn 120 tuổi"},
      {"079100123456", false, "120 tuổi"},
  };
  RunCases(kCases, [](std::string_view s) { return Cccd::Parse(s, kToday); });
}

TEST(Validate, CccdAccessors) {
  const auto hcm = Cccd::Parse("079203001234", kToday);
  ASSERT_TRUE(hcm);
  EXPECT_EQ(hcm->province_code(), "079");
  EXPECT_FALSE(hcm->is_female());
  EXPECT_EQ(hcm->birth_year(), 2003);
  const auto kg = Cccd::Parse("091195001234", kToday);
  ASSERT_TRUE(kg);
  EXPECT_TRUE(kg->is_female());
  EXPECT_EQ(kg->birth_year(), 1995);
  const auto nd = Cccd::Parse("036305000123", kToday);
  ASSERT_TRUE(nd);
  EXPECT_TRUE(nd->is_female());
  EXPECT_EQ(nd->birth_year(), 2005);
}

TEST(Validate, CccdDependsOnTodayYear) {
  EXPECT_TRUE(Cccd::Parse("001226000000", 2026));
  EXPECT_FALSE(Cccd::Parse("001226000000", 2025));
  EXPECT_TRUE(Cccd::Parse("001410000000", 2110));  // thế kỷ 22 đã bắt đầu
  EXPECT_TRUE(Cccd::Parse("001090000000"));        // năm hiện tại lấy từ đồng hồ
}

// ---- Cmnd ----

TEST(Validate, CmndCases) {
  static constexpr Case kCases[] = {
      {"012345678", true, "012345678"},
      {"240912345", true, "240912345"},
      {" 123 456 789 ", true, "123456789"},
      {"", false, "Số CMND là bắt buộc"},
      {"12345678", false, "Excel đã bỏ số 0"},
      {"1234567890", false, "đúng 9 chữ số (đang có 10)"},
      {"001099012345", false, "là số CCCD"},
      {"12345678A", false, "chỉ được gồm chữ số"},
      {"123.456.789", false, "gặp '.'"},
  };
  RunCases(kCases, [](std::string_view s) { return Cmnd::Parse(s); });
}

// ---- Phone ----

TEST(Validate, PhoneCases) {
  static constexpr Case kCases[] = {
      {"0919674667", true, "0919674667"},
      {"0919.674.667", true, "0919674667"},
      {"0919 674 667", true, "0919674667"},
      {"0919-674-667", true, "0919674667"},
      {"+84919674667", true, "0919674667"},
      {"84919674667", true, "0919674667"},
      {"+84 919 674 667", true, "0919674667"},
      {"+84 (0) 919 674 667", true, "0919674667"},
      {"0084919674667", true, "0919674667"},
      {"(0297) 3862 123", true, "02973862123"},
      {"024 3825 3523", true, "02438253523"},
      {"+84 24 3825 3523", true, "02438253523"},
      {"919674667", true, "0919674667"},   // Excel đã bỏ số 0
      {"362345678", true, "0362345678"},
      {"2973862123", true, "02973862123"},
      {"0359123456", true, "0359123456"},
      {"0562345678", true, "0562345678"},
      {"0701234567", true, "0701234567"},
      {"0812345678", true, "0812345678"},
      {"", false, "Số điện thoại là bắt buộc"},
      {"()", false, "là bắt buộc"},
      {"01629123456", false, "đầu số 01x đã chuyển đổi năm 2018"},
      {"+841629123456", false, "đầu số 01x"},
      {"1629123456", false, "đầu số 01x"},
      {"091967466", false, "di động (đầu số 09) phải gồm đúng 10 chữ số (đang có 9)"},
      {"09196746671", false, "(đang có 11)"},
      {"0297386212", false, "cố định phải gồm đúng 11 chữ số"},
      {"0419674667", false, "Đầu số 04 không phải"},
      {"0619674667", false, "Đầu số 06"},
      {"+1 650 253 0000", false, "Chỉ nhận số điện thoại Việt Nam"},
      {"0033 1 23 45 67 89", false, "(mã quốc gia +84)"},
      {"0919674667a", false, "chỉ được gồm chữ số"},
      {"0919+674667", false, "gặp '+' ở vị trí 5"},
      {"0919/674/667", false, "gặp '/'"},
      {"19674667", false, "phải bắt đầu bằng 0 hoặc +84"},
      {"491967466", false, "phải bắt đầu bằng 0"},
      {"0", false, "quá ngắn"},
  };
  RunCases(kCases, [](std::string_view s) { return Phone::Parse(s); });
}

TEST(Validate, PhoneAccessors) {
  const auto mobile = Phone::Parse("0919.674.667");
  ASSERT_TRUE(mobile);
  EXPECT_EQ(mobile->E164(), "+84919674667");
  EXPECT_TRUE(mobile->is_mobile());
  EXPECT_FALSE(mobile->leading_zero_restored());
  const auto landline = Phone::Parse("(0297) 3862 123");
  ASSERT_TRUE(landline);
  EXPECT_EQ(landline->E164(), "+842973862123");
  EXPECT_FALSE(landline->is_mobile());
  const auto excel = Phone::Parse("919674667");
  ASSERT_TRUE(excel);
  EXPECT_TRUE(excel->leading_zero_restored());
  EXPECT_EQ(*excel, *mobile);
}

TEST(Validate, PhoneOldPrefixSuggestsNewNumber) {
  const auto viettel = Phone::Parse("01629123456");
  ASSERT_FALSE(viettel);
  EXPECT_NE(viettel.error().message.find("0329123456"), std::string::npos)
      << viettel.error().message;
  const auto vina = Phone::Parse("0123 456 7890");
  ASSERT_FALSE(vina);
  EXPECT_NE(vina.error().message.find("0834567890"), std::string::npos) << vina.error().message;
}

// ---- AgencyCode ----

TEST(Validate, AgencyCodeCases) {
  static constexpr Case kCases[] = {
      {"000.00.00.H49", true, "000.00.00.H49"},
      {"000.00.04.H33", true, "000.00.04.H33"},
      {"000.01.04.H33", true, "000.01.04.H33"},
      {"001.01.04.H33", true, "001.01.04.H33"},
      {" 000.00.00.g12 ", true, "000.00.00.G12"},
      {"000.00.00.A01", true, "000.00.00.A01"},
      {"000.00.12.H29", true, "000.00.12.H29"},
      {"000.00.A1.H26", true, "000.00.A1.H26"},
      {"00.02.H29", true, "00.02.H29"},   // dạng cũ 9 ký tự
      {"01.02.h29", true, "01.02.H29"},
      {"", false, "Mã định danh cơ quan là bắt buộc"},
      {"G01.00.00.000", false, "Nhóm cấp 1 (nhóm cuối)"},
      {"000.00.00.049", false, "một chữ cái và 2 chữ số"},
      {"000.00.00.HH9", false, "Nhóm cấp 1"},
      {"000.01.00.H33", false, "sai phân cấp: cấp 3 là '01' nhưng cấp 2 đang là '00'"},
      {"001.00.04.H33", false, "cấp 4 là '001' nhưng cấp 3"},
      {"01.00.H29", false, "sai phân cấp"},
      {"000.00.00.H4", false, "phải có dạng DDD.DD.DD.LDD"},
      {"000.00.00.H49.1", false, "(15 ký tự)"},
      {"0000.00.00.H49", false, "phải có dạng"},
      {"00.00.00.H49", false, "phải có dạng"},
      {"000-00-00-H49", false, "gặp '-' ở vị trí 4"},
      {"000 00 00 H49", false, "gặp ' '"},
      {"000.00.0Đ.H49", false, "gặp 'Đ'"},
  };
  RunCases(kCases, [](std::string_view s) { return AgencyCode::Parse(s); });
}

TEST(Validate, AgencyCodeLevelsAndParents) {
  const auto code = AgencyCode::Parse("001.01.04.H33");
  ASSERT_TRUE(code);
  EXPECT_EQ(code->level1(), "H33");
  EXPECT_EQ(code->level2(), "04");
  EXPECT_EQ(code->level3(), "01");
  EXPECT_EQ(code->level4(), "001");
  EXPECT_FALSE(code->is_legacy());
  const char* chain[] = {"001.01.04.H33", "000.01.04.H33", "000.00.04.H33", "000.00.00.H33"};
  std::optional<AgencyCode> cur = *code;
  for (int depth = 4; depth >= 1; --depth) {
    ASSERT_TRUE(cur);
    EXPECT_EQ(cur->value(), chain[4 - depth]);
    EXPECT_EQ(cur->depth(), depth);
    cur = cur->Parent();
  }
  EXPECT_FALSE(cur);
}

TEST(Validate, AgencyCodeLegacy) {
  const auto code = AgencyCode::Parse("01.02.H29");
  ASSERT_TRUE(code);
  EXPECT_TRUE(code->is_legacy());
  EXPECT_EQ(code->level1(), "H29");
  EXPECT_EQ(code->level2(), "02");
  EXPECT_EQ(code->level3(), "01");
  EXPECT_EQ(code->level4(), "");
  EXPECT_EQ(code->depth(), 3);
  const auto parent = code->Parent();
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->value(), "00.02.H29");
  EXPECT_TRUE(parent->is_legacy());
  EXPECT_EQ(parent->Parent()->value(), "00.00.H29");
  EXPECT_FALSE(parent->Parent()->Parent());
}

// ---- LoginName ----

TEST(Validate, LoginNameCases) {
  static constexpr Case kCases[] = {
      {"nguyenvana.stttt", true, "nguyenvana.stttt"},
      {"nguyenvanb@hanoi.gov.vn", true, "nguyenvanb@hanoi.gov.vn"},
      {"052082123456", true, "052082123456"},
      {"  Nguyen_Van-A  ", true, "Nguyen_Van-A"},
      {"abcd1234", true, "abcd1234"},   // đúng 8 ký tự
      {"", false, "Tài khoản đăng nhập là bắt buộc"},
      {"nguyen van a", false, "không được chứa dấu cách"},
      {"nguyen\tvana", false, "dấu cách"},
      {"nguyễnvăna", false, "chỉ dùng chữ cái không dấu; gặp 'ễ' ở vị trí 5"},
      {"trần.thị.b", false, "gặp 'ầ'"},
      {"nguyenvana#1", false, "gặp '#'"},
      {"nguyen/vana", false, "các dấu . _ - @"},
      {"abc1234", false, "từ 8 đến 60 ký tự (đang có 7)"},
  };
  RunCases(kCases, [](std::string_view s) { return LoginName::Parse(s); });
}

TEST(Validate, LoginNameLengthLimitsAndKey) {
  EXPECT_TRUE(LoginName::Parse(std::string(60, 'a')));
  const auto too_long = LoginName::Parse(std::string(61, 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("(đang có 61)"), std::string::npos);
  const auto login = LoginName::Parse("NguyenVanA.STTTT");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->value(), "NguyenVanA.STTTT");
  EXPECT_EQ(login->key(), "nguyenvana.stttt");
  EXPECT_EQ(*login, *LoginName::Parse("nguyenvana.stttt"));
}

// ---- Email ----

TEST(Validate, EmailCases) {
  static constexpr Case kCases[] = {
      {"nguyenvana@hanoi.gov.vn", true, "nguyenvana@hanoi.gov.vn"},
      {"Nguyen.A@HaNoi.Gov.VN", true, "Nguyen.A@hanoi.gov.vn"},
      {"  vana+test@mail.example.com ", true, "vana+test@mail.example.com"},
      {"a_b-c@sub-domain.vn", true, "a_b-c@sub-domain.vn"},
      {"x@a.co", true, "x@a.co"},
      {"", false, "Email là bắt buộc"},
      {"nguyenvana", false, "đúng một ký tự @ (đang có 0)"},
      {"a@b@hanoi.vn", false, "(đang có 2)"},
      {"@hanoi.gov.vn", false, "thiếu phần tên trước dấu @"},
      {"nguyenvana@", false, "thiếu tên miền"},
      {"nguyenvana@localhost", false, "phải có dấu chấm"},
      {"nguyen vana@hanoi.gov.vn", false, "không được chứa dấu cách"},
      {"nguyen..a@hanoi.gov.vn", false, "Phần trước dấu @ của email không được bắt đầu"},
      {".a@hanoi.vn", false, "dấu chấm"},
      {"a@hanoi..vn", false, "Tên miền của email không được bắt đầu"},
      {"a@.hanoi.vn", false, "hai dấu chấm liền nhau"},
      {"a@hanoi_gov.vn", false, "gặp '_'"},
      {"a@-hanoi.vn", false, "dấu gạch nối"},
      {"a@hanoi-.vn", false, "kết thúc bằng dấu gạch nối"},
      {"nguyễn@hanoi.vn", false, "gặp 'ễ'"},
      {"a@hà.vn", false, "gặp 'à'"},
      {"a(b)@hanoi.vn", false, "gặp '('"},
  };
  RunCases(kCases, [](std::string_view s) { return Email::Parse(s); });
}

TEST(Validate, EmailLengthAndParts) {
  const std::string max = std::string(64, 'a') + "@" + std::string(185, 'b') + ".com";
  ASSERT_EQ(max.size(), 254u);
  EXPECT_TRUE(Email::Parse(max));
  const auto too_long = Email::Parse("a" + max);
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("tối đa 254 ký tự"), std::string::npos);
  const auto email = Email::Parse("Nguyen.A@HaNoi.Gov.VN");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->local_part(), "Nguyen.A");
  EXPECT_EQ(email->domain(), "hanoi.gov.vn");
}

// ---- PersonName ----

TEST(Validate, PersonNameCases) {
  static constexpr Case kCases[] = {
      {"Nguyễn Văn An", true, "Nguyễn Văn An"},
      {"  Nguyễn   Văn\tAn  ", true, "Nguyễn Văn An"},
      {"Nguyễn\u00a0Văn An", true, "Nguyễn Văn An"},
      {"Đặng Thị Ngọc Hân", true, "Đặng Thị Ngọc Hân"},
      {"H'Hen Niê", true, "H'Hen Niê"},
      {"H\u2019Hen Niê", true, "H'Hen Niê"},
      {"Nguyễn Thị Lan-Anh", true, "Nguyễn Thị Lan-Anh"},
      {"Ksor Y Phun", true, "Ksor Y Phun"},
      {"Mạc Thị Bưởi", true, "Mạc Thị Bưởi"},
      {"Nguye\u0302\u0303n Văn Ơn", true, "Nguye\u0302\u0303n Văn Ơn"},  // dạng tổ hợp (NFD)
      {"JOHN SMITH", true, "JOHN SMITH"},
      {"An", true, "An"},
      {"", false, "Họ tên là bắt buộc"},
      {" \t\u00a0 ", false, "Họ tên là bắt buộc"},
      {"Nguyễn Văn 2", false, "Họ tên không được chứa chữ số"},
      {"Nguyễn Văn A.", false, "gặp '.' ở vị trí 13"},
      {"Nguyễn@Văn", false, "chỉ được gồm chữ cái, dấu cách"},
      {"Nguyễn × Văn", false, "gặp '×'"},
      {"Trần 王", false, "gặp '王'"},
      {"Nguyễn\nVăn", false, "ký tự U+000A"},
      {"A", false, "từ 2 đến 100 ký tự (đang có 1)"},
      {"-An", false, "phải bắt đầu bằng chữ cái"},
      {"'An", false, "bắt đầu bằng chữ cái"},
      {"\u0301An", false, "bắt đầu bằng chữ cái"},
      {"\xff\xfe", false, "UTF-8"},
      {"Nguy\xc3", false, "byte không hợp lệ theo UTF-8 ở vị trí 5"},
      {"\xc0\xaf", false, "UTF-8"},           // mã hóa thừa byte (overlong)
      {"\xed\xa0\x80", false, "UTF-8"},       // surrogate
      {"\xf8\x88\x80\x80\x80", false, "UTF-8"},
  };
  RunCases(kCases, [](std::string_view s) { return PersonName::Parse(s); });
}

TEST(Validate, PersonNameLengthAndParts) {
  EXPECT_TRUE(PersonName::Parse(std::string(100, 'a')));
  const auto too_long = PersonName::Parse(std::string(101, 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("(đang có 101)"), std::string::npos);
  const auto name = PersonName::Parse(" Nguyễn  Văn   An ");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->family_name(), "Nguyễn");
  EXPECT_EQ(name->given_name(), "An");
  const auto single = PersonName::Parse("Ksor");
  ASSERT_TRUE(single);
  EXPECT_EQ(single->family_name(), "Ksor");
  EXPECT_EQ(single->given_name(), "Ksor");
}

// ---- ValidateByKind ----

TEST(Validate, ValidateByKindCases) {
  struct KindCase {
    std::string_view kind;
    Case c;
  };
  static constexpr KindCase kCases[] = {
      {"cccd", {" 001 099 012 345 ", true, "001099012345"}},
      {"cccd", {"abc", false, "chỉ được gồm chữ số"}},
      {"cmnd", {"012345678", true, "012345678"}},
      {"phone", {"0919.674.667", true, "0919674667"}},
      {"phone", {"919674667", true, "0919674667 (đã thêm số 0 ở đầu bị Excel bỏ)"}},
      {"agency-code", {"000.00.04.h33", true, "000.00.04.H33"}},
      {"agency-code", {"00.02.H29", true, "00.02.H29 (mã định danh dạng cũ 9 ký tự)"}},
      {"login", {"nguyenvana.stttt", true, "nguyenvana.stttt"}},
      {"email", {"A@Hanoi.VN", true, "A@hanoi.vn"}},
      {"name", {" Nguyễn  Văn An ", true, "Nguyễn Văn An"}},
      {"name", {"Nguyễn 2", false, "chữ số"}},
      {"passport", {"B1234567", false, "cccd, cmnd, phone, agency-code, login, email, name"}},
      {"CCCD", {"001099012345", false, "Loại dữ liệu 'CCCD' không được hỗ trợ"}},
  };
  for (const KindCase& k : kCases) {
    SCOPED_TRACE(testing::Message() << "kind: " << k.kind);
    const auto r = ValidateByKind(k.kind, k.c.input);
    if (k.c.ok) {
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(*r, k.c.want);
    } else {
      ASSERT_FALSE(r) << *r;
      EXPECT_EQ(r.error().code, Code::kInvalidArgument);
      EXPECT_NE(r.error().message.find(k.c.want), std::string::npos) << r.error().message;
    }
  }
  EXPECT_EQ(ValidationKinds().size(), 7u);
}

}  // namespace
}  // namespace dancu::core
