// Tests for the rules of one account row of the Phiếu đăng ký (chú thích 10–15), as data.
#include "registry/account_row.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/validate.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using test_support::FakeRowContext;

// A row that satisfies every rule; each case below breaks or varies one cell of it.
RawAccountRow ValidRow() {
  return {.row_no = 7,
          .full_name = "  Nguyễn   Văn An ",
          .login = "nguyenvanan.binhson",
          .phone = "0919.674.667",
          .agency_code = "000.23.34.h33",
          .agency_name = "UBND xã Bình Sơn",
          .role = "Cán bộ một cửa",
          .queries = "50 x 3",
          .dossiers_per_day = "",
          .queries_per_dossier = "",
          .purposes = "XMCD-03"};
}

struct Checked {
  std::optional<AccountRow> row;
  std::vector<core::FieldError> errors;
};

Checked Check(const RawAccountRow& raw) {
  Checked out;
  const FakeRowContext ctx = FakeRowContext::HonDat();
  out.row = CheckAccountRow(raw, ctx, out.errors);
  return out;
}

TEST(AccountRow, FullyValidRowIsAcceptedAndNormalised) {
  Checked c = Check(ValidRow());
  ASSERT_TRUE(c.row.has_value());
  EXPECT_TRUE(c.errors.empty());
  const AccountRow& r = *c.row;
  EXPECT_EQ(r.row_no, 7);
  EXPECT_EQ(r.full_name, "Nguyễn Văn An");
  EXPECT_EQ(r.login, "nguyenvanan.binhson");
  EXPECT_EQ(r.login_key, "nguyenvanan.binhson");
  EXPECT_EQ(r.phone, "0919674667");
  EXPECT_EQ(r.agency_code, "000.23.34.H33");
  EXPECT_EQ(r.agency_name, "UBND xã Bình Sơn");
  EXPECT_EQ(r.role, "Cán bộ một cửa");
  EXPECT_EQ(r.dossiers_per_day, 50);
  EXPECT_EQ(r.queries_per_dossier, 3);
  EXPECT_EQ(r.daily_quota, 150);
  ASSERT_EQ(r.purposes.size(), 1u);
  EXPECT_EQ(r.purposes[0].code, "XMCD-03");
}

TEST(AccountRow, RolesStayRightPastTheFoldingMemosLimit) {
  // Issue 10 (fuzz/crashes/table_file/role-memo-use-after-free.csv): the typed role was held
  // by reference into a per-thread memo that the next look-ups cleared past 4,096 entries —
  // a heap use after free (ASan) on a long form with many distinct roles.
  for (int i = 0; i < 4200; ++i) {
    RawAccountRow raw = ValidRow();
    raw.role = "vai trò riêng số " + std::to_string(i);
    Checked c = Check(raw);
    ASSERT_TRUE(c.row.has_value());
    EXPECT_EQ(c.row->role, raw.role);
    raw.role = "cán bộ  MỘT cửa";
    Checked known = Check(raw);
    ASSERT_TRUE(known.row.has_value());
    ASSERT_EQ(known.row->role, "Cán bộ một cửa") << i;
  }
}

TEST(AccountRow, ErrorsAreAppendedAfterTheCallersOwn) {
  RawAccountRow raw = ValidRow();
  raw.login = "abc";
  std::vector<core::FieldError> errors = {{1, "x", "already there"}};
  const FakeRowContext ctx = FakeRowContext::HonDat();
  EXPECT_FALSE(CheckAccountRow(raw, ctx, errors).has_value());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message, "already there");
  EXPECT_EQ(errors[1].row, 7);
}

struct BrokenCase {
  const char* what;
  std::function<void(RawAccountRow&)> edit;
  const char* column;
  const char* fragment;  // part of the Vietnamese message
};

TEST(AccountRow, EachBrokenRuleGivesOneErrorNamingItsColumn) {
  const BrokenCase cases[] = {
      {"name with digits", [](auto& r) { r.full_name = "Nguyễn Văn 2"; }, column::kFullName,
       "không được chứa chữ số"},
      {"empty name", [](auto& r) { r.full_name = "   "; }, column::kFullName, "Thiếu họ tên"},
      {"login of 7 characters", [](auto& r) { r.login = "nguyenv"; }, column::kLogin,
       "từ 8 đến 60 ký tự (đang có 7)"},
      {"login of 61 characters", [](auto& r) { r.login = std::string(61, 'a'); }, column::kLogin,
       "từ 8 đến 60 ký tự (đang có 61)"},
      {"login with a space", [](auto& r) { r.login = "nguyen vanan"; }, column::kLogin,
       "không được chứa dấu cách"},
      {"login with ễ", [](auto& r) { r.login = "nguyễnvanan"; }, column::kLogin,
       "chữ cái không dấu"},
      {"phone with letters", [](auto& r) { r.phone = "0919abc667"; }, column::kPhone,
       "Số điện thoại"},
      {"phone too short", [](auto& r) { r.phone = "091967466"; }, column::kPhone, "Số điện thoại"},
      {"empty phone", [](auto& r) { r.phone = ""; }, column::kPhone, "bắt buộc"},
      {"malformed agency code", [](auto& r) { r.agency_code = "000.23.34"; }, column::kAgencyCode,
       "Mã định danh cơ quan"},
      {"unknown agency", [](auto& r) { r.agency_code = "000.99.34.H33"; }, column::kAgencyCode,
       "không có trong danh mục đơn vị"},
      {"agency out of scope",
       [](auto& r) {
         r.agency_code = "000.00.08.H33";
         r.agency_name = "Sở Tư pháp";
       },
       column::kAgencyCode, "không thuộc đơn vị đăng ký phiếu này"},
      {"agency name not matching", [](auto& r) { r.agency_name = "UBND xã Bình Giang"; },
       column::kAgencyName, "không khớp mã 000.23.34.H33"},
      {"empty role", [](auto& r) { r.role = " "; }, column::kRole, "Thiếu vai trò"},
      {"wrong product", [](auto& r) { r.queries = "50 x 3 = 160"; }, column::kQueries,
       "sai: 50 × 3 = 150"},
      {"count in letters", [](auto& r) { r.queries = "abc"; }, column::kQueries, "không hợp lệ"},
      {"zero count", [](auto& r) { r.queries = "0"; }, column::kQueries, "lớn hơn 0"},
      {"zero factor", [](auto& r) { r.queries = "0 x 3"; }, column::kQueries, "lớn hơn 0"},
      {"empty count", [](auto& r) { r.queries = ""; }, column::kQueries, "Thiếu số lần truy vấn"},
      {"too many dossiers", [](auto& r) { r.queries = "2001"; }, column::kQueries, "vượt giới hạn"},
      {"too many queries per dossier", [](auto& r) { r.queries = "10 x 51"; }, column::kQueries,
       "vượt giới hạn"},
      {"daily total over the limit", [](auto& r) { r.queries = "201 x 50"; }, column::kQueries,
       "vượt giới hạn"},
      {"unknown purpose text", [](auto& r) { r.purposes = "Tra cứu cho biết"; }, column::kPurposes,
       "chưa có trong danh mục mục đích"},
      {"empty purpose", [](auto& r) { r.purposes = " ; "; }, column::kPurposes,
       "Thiếu mục đích sử dụng"},
  };
  for (const auto& tc : cases) {
    RawAccountRow raw = ValidRow();
    tc.edit(raw);
    Checked c = Check(raw);
    EXPECT_FALSE(c.row.has_value()) << tc.what;
    ASSERT_EQ(c.errors.size(), 1u) << tc.what;
    EXPECT_EQ(c.errors[0].row, 7) << tc.what;
    EXPECT_EQ(c.errors[0].column, tc.column) << tc.what;
    EXPECT_NE(c.errors[0].message.find(tc.fragment), std::string::npos)
        << tc.what << ": " << c.errors[0].message;
  }
}

TEST(AccountRow, RowBreakingSeveralRulesReportsEachColumn) {
  RawAccountRow raw = ValidRow();
  raw.full_name = "";
  raw.login = "x";
  raw.phone = "12";
  raw.queries = "abc";
  Checked c = Check(raw);
  EXPECT_FALSE(c.row.has_value());
  std::vector<std::string> columns;
  for (const auto& e : c.errors) columns.push_back(e.column);
  EXPECT_EQ(columns, (std::vector<std::string>{column::kFullName, column::kLogin, column::kPhone,
                                               column::kQueries}));
}

TEST(AccountRow, CellsAreRepairedWhereTheIntentIsClear) {
  struct Case {
    const char* what;
    std::function<void(RawAccountRow&)> edit;
    std::function<void(const AccountRow&)> expect;
  };
  const Case cases[] = {
      {"phone without its leading zero", [](auto& r) { r.phone = "919674667"; },
       [](const AccountRow& a) { EXPECT_EQ(a.phone, "0919674667"); }},
      {"agency written in full", [](auto& r) { r.agency_name = "Ủy ban nhân dân xã Bình Sơn"; },
       [](const AccountRow& a) { EXPECT_EQ(a.agency_name, "UBND xã Bình Sơn"); }},
      {"agency by its short name", [](auto& r) { r.agency_name = "xã Bình Sơn"; },
       [](const AccountRow& a) { EXPECT_EQ(a.agency_name, "UBND xã Bình Sơn"); }},
      {"agency name left empty", [](auto& r) { r.agency_name = ""; },
       [](const AccountRow& a) { EXPECT_EQ(a.agency_name, "UBND xã Bình Sơn"); }},
      {"role typed without accents", [](auto& r) { r.role = "can bo mot cua"; },
       [](const AccountRow& a) { EXPECT_EQ(a.role, "Cán bộ một cửa"); }},
      {"role of free text", [](auto& r) { r.role = "Chuyên viên  hộ tịch"; },
       [](const AccountRow& a) { EXPECT_EQ(a.role, "Chuyên viên hộ tịch"); }},
      {"login keeps its case, key is lower", [](auto& r) { r.login = " NguyenVanAn.BS "; },
       [](const AccountRow& a) {
         EXPECT_EQ(a.login, "NguyenVanAn.BS");
         EXPECT_EQ(a.login_key, "nguyenvanan.bs");
       }},
  };
  for (const auto& tc : cases) {
    RawAccountRow raw = ValidRow();
    tc.edit(raw);
    Checked c = Check(raw);
    ASSERT_TRUE(c.row.has_value())
        << tc.what << ": " << (c.errors.empty() ? "" : c.errors[0].message);
    SCOPED_TRACE(tc.what);
    tc.expect(*c.row);
  }
}

TEST(AccountRow, QueryCountIsReadAsDossiersTimesQueries) {
  struct Case {
    const char* text;
    int dossiers, per_dossier, quota;
  };
  const Case cases[] = {
      {"50 x 3", 50, 3, 150},       {"50x3=150", 50, 3, 150},
      {"150", 150, 1, 150},         {"50 × 3", 50, 3, 150},
      {"50 * 3 = 150", 50, 3, 150}, {"50 X 3", 50, 3, 150},
      {"1.000", 1000, 1, 1000},     {"200 x 50", 200, 50, 10000},
      {"2000", 2000, 1, 2000},      {" 20 hồ sơ x 3 truy vấn ", 20, 3, 60},
      // Footnote 14 of the form, written out in full.
      {"50 (hồ sơ/ngày) x 3 (truy vấn/01 hồ sơ) = 150 truy vấn/ngày", 50, 3, 150},
  };
  for (const auto& tc : cases) {
    RawAccountRow raw = ValidRow();
    raw.queries = tc.text;
    Checked c = Check(raw);
    ASSERT_TRUE(c.row.has_value())
        << tc.text << ": " << (c.errors.empty() ? "" : c.errors[0].message);
    EXPECT_EQ(c.row->dossiers_per_day, tc.dossiers) << tc.text;
    EXPECT_EQ(c.row->queries_per_dossier, tc.per_dossier) << tc.text;
    EXPECT_EQ(c.row->daily_quota, tc.quota) << tc.text;
  }
}

TEST(AccountRow, SeparateDossierAndQueryColumnsMultiply) {
  RawAccountRow raw = ValidRow();
  raw.queries = "";
  raw.dossiers_per_day = "20";
  raw.queries_per_dossier = "3";
  Checked c = Check(raw);
  ASSERT_TRUE(c.row.has_value());
  EXPECT_EQ(c.row->daily_quota, 60);

  raw.queries_per_dossier = "3 x 2";
  c = Check(raw);
  EXPECT_FALSE(c.row.has_value());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].column, "Số truy vấn/hồ sơ");
}

TEST(AccountRow, PurposesAreCodesCatalogueTextsOrCodeWithText) {
  struct Case {
    const char* text;
    std::vector<std::pair<std::string, std::string>> want;  // code, text
  };
  const std::string x3 = "Xác minh thông tin công dân tại bộ phận một cửa để đơn giản hóa giấy tờ";
  const std::string x4 = "Xác minh thông tin công dân khi cán bộ thụ lý hồ sơ";
  const Case cases[] = {
      {"XMCD-03; XMCD-04", {{"XMCD-03", x3}, {"XMCD-04", x4}}},
      {"xmcd-03\nXMCD-04", {{"XMCD-03", x3}, {"XMCD-04", x4}}},
      {"XMCD-03; XMCD-03", {{"XMCD-03", x3}}},
      {"1.001612 - Đăng ký khai sinh", {{"1.001612", "Đăng ký khai sinh"}}},
      {"- xac minh thong tin cong dan khi can bo thu ly ho so", {{"XMCD-04", x4}}},
      {"XMCD-04: nội dung tự ghi", {{"XMCD-04", x4}}},
  };
  for (const auto& tc : cases) {
    RawAccountRow raw = ValidRow();
    raw.purposes = tc.text;
    Checked c = Check(raw);
    ASSERT_TRUE(c.row.has_value())
        << tc.text << ": " << (c.errors.empty() ? "" : c.errors[0].message);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& p : c.row->purposes) got.emplace_back(p.code, p.text);
    EXPECT_EQ(got, tc.want) << tc.text;
  }
}

TEST(AccountRow, OneUnknownPurposeAmongKnownOnesRefusesTheRow) {
  RawAccountRow raw = ValidRow();
  raw.purposes = "XMCD-03; Tra cứu cho biết";
  Checked c = Check(raw);
  EXPECT_FALSE(c.row.has_value());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].column, column::kPurposes);
  EXPECT_NE(c.errors[0].message.find("Tra cứu cho biết"), std::string::npos);
}

TEST(AccountRow, ParseQueryCountRefusesWhatIsNotACount) {
  for (const char* text :
       {"", "abc", "0", "-5", "50 x", "x 3", "50 x 3 x 2", "50 + 3", "50 x 3 = 149"}) {
    auto r = ParseQueryCount(text);
    EXPECT_FALSE(r) << text << " gave "
                    << (r ? std::to_string(r->first) + "x" + std::to_string(r->second) : "");
    if (!r) {
      EXPECT_EQ(r.error().code, core::Code::kInvalidArgument) << text;
    }
  }
}

TEST(AccountRow, MultiplicationWithOneFactorIsRefusedInsteadOfReadingPastIt) {
  // Regression: ParseQueryCount read the missing second factor of "50 x" out of bounds.
  for (const char* text : {"50 x", "50x", "x 3", "50 × ", "= 150 x"}) {
    RawAccountRow raw = ValidRow();
    raw.queries = text;
    Checked c = Check(raw);
    EXPECT_FALSE(c.row.has_value()) << text;
    ASSERT_EQ(c.errors.size(), 1u) << text;
    EXPECT_EQ(c.errors[0].column, column::kQueries) << text;
    EXPECT_NE(c.errors[0].message.find("không hợp lệ"), std::string::npos) << c.errors[0].message;
  }
}

TEST(AccountRow, ParseQueryCountRefusesAProductThatWouldOverflow) {
  // issue 10 item "65536 x 65537 wraps in ParseQueryCount": the product wrapped to 65536.
  for (const char* text : {"65536 x 65537", "100000000 x 100000000", "99999 x 99999"}) {
    auto r = ParseQueryCount(text);
    EXPECT_FALSE(r) << text << " gave "
                    << (r ? std::to_string(r->first) + "x" + std::to_string(r->second) : "");
    if (!r) {
      EXPECT_NE(r.error().message.find("quá lớn"), std::string::npos) << r.error().message;
    }
  }
  RawAccountRow raw = ValidRow();
  raw.queries = "";
  raw.dossiers_per_day = "65536";
  raw.queries_per_dossier = "65537";
  Checked c = Check(raw);
  EXPECT_FALSE(c.row.has_value());
  ASSERT_FALSE(c.errors.empty());
  EXPECT_NE(c.errors.back().message.find("4295032832"), std::string::npos)
      << c.errors.back().message;
}


TEST(AccountRow, OfficialCccdIsOptionalAndCheckedWhenGiven) {
  // issue 11 item 2: the official's CCCD (MaCanBo upstream) is an optional, validated column.
  RawAccountRow raw = ValidRow();
  Checked none = Check(raw);
  ASSERT_TRUE(none.row.has_value());
  EXPECT_EQ(none.row->official_id, "");

  raw.official_id = " 091 085 001 111 ";
  Checked good = Check(raw);
  ASSERT_TRUE(good.row.has_value()) << good.errors.front().message;
  EXPECT_EQ(good.row->official_id, "091085001111");

  for (const char* bad : {"09108500111", "003085001111", "091985001111", "091085-001111"}) {
    raw.official_id = bad;
    Checked c = Check(raw);
    EXPECT_FALSE(c.row.has_value()) << bad;
    ASSERT_EQ(c.errors.size(), 1u) << bad;
    EXPECT_EQ(c.errors[0].row, 7);
    EXPECT_EQ(c.errors[0].column, column::kOfficialId);
    // The very message the web's validator (/api/v1/validate/cccd) shows in the browser.
    EXPECT_EQ(c.errors[0].message, core::Cccd::Parse(bad).error().message) << bad;
  }
}

}  // namespace
}  // namespace dancu::registry
