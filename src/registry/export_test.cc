// Tests for the export of approved accounts to XLSX and CSV: content, order, neutralised
// formulas, refusals that leave no file, and a round trip through ParseForm.
#include "registry/export.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/text.h"
#include "registry/catalogue.h"
#include "registry/commitment.h"
#include "registry/form_import.h"
#include "registry/history.h"
#include "registry/registration.h"
#include "registry/table_file.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using test_support::AccountCells;
using test_support::FormCsv;
using test_support::kActor;
using Cells = std::vector<std::string>;

const std::string kFinance = "000.00.02.H33";  // Sở Tài chính: draft only
const std::string kJustice = "000.00.08.H33";  // Sở Tư pháp: approved
const std::string kIct = "000.00.16.H33";      // Sở Thông tin và Truyền thông: active
const std::string kHome = "000.00.20.H33";     // Sở Nội vụ: submitted only
const std::string kFormula = "=HYPERLINK(\"http://example.invalid/x\",\"Bấm vào đây\")";

// A campaign with forms in several states, built through the public functions.
struct ExportWorld {
  test_support::TempDb t;
  int64_t id = 0;
  int64_t revoked_account = 0;
  bool ok = false;

  ExportWorld() {
    if (!t || !test_support::LoadDemoCatalogue(t.db())) return;
    id = test_support::CreateDemoCampaign(t.db());
    ok = id != 0 && Build();
  }
  store::Database& db() { return t.db(); }

  bool Import(const std::string& unit, const std::vector<AccountCells>& rows) {
    auto r = ImportForm(db(), id, unit, FormCsv(rows), "phieu.csv", kActor);
    if (!r) ADD_FAILURE() << unit << ": " << r.error().message;
    return r.has_value();
  }
  bool Steps(const std::string& unit, std::initializer_list<FormAction> actions) {
    for (FormAction a : actions) {
      auto r = ApplyFormAction(db(), id, unit, a, "", kActor);
      if (!r) {
        ADD_FAILURE() << unit << ": " << r.error().message;
        return false;
      }
    }
    return true;
  }

  bool Build() {
    bool ok =
        Import(kFinance,
               {{.full_name = "Đỗ Văn Hải", .login = "dovanhai.stc", .agency_code = kFinance}}) &&
        Import(kHome,
               {{.full_name = "Bùi Thị Lan", .login = "buithilan.snv", .agency_code = kHome}}) &&
        Steps(kHome, {FormAction::kSubmit}) &&
        Import(kJustice, {{.tt = "1",
                           .full_name = "Nguyễn Văn An",
                           .login = "nguyenvanan.stp",
                           .agency_code = kJustice,
                           .queries = "50 x 3",
                           .purposes = "XMCD-03; XMCD-04",
                           .official_id = "091085001111"},
                          {.tt = "2",
                           .full_name = "Trần Thị Bình",
                           .login = "tranthibinh.stp",
                           .phone = "912345678",
                           .agency_code = kJustice,
                           .role = kFormula,
                           .queries = "150",
                           .purposes = "1.001612 - Đăng ký khai sinh"}}) &&
        Steps(kJustice, {FormAction::kSubmit, FormAction::kApprove}) &&
        Import(kIct, {{.tt = "1",
                       .full_name = "Lê Minh Hiếu",
                       .login = "leminhhieu.stttt",
                       .agency_code = kIct,
                       .role = "Trưởng phòng"},
                      {.tt = "2",
                       .full_name = "Phạm Thu Hà",
                       .login = "phamthuha.stttt",
                       .agency_code = kIct},
                      {.tt = "3",
                       .full_name = "Võ Thị Sáu",
                       .login = "vothisau.stttt",
                       .agency_code = kIct,
                       .queries = "20 x 2"}}) &&
        Steps(kIct, {FormAction::kSubmit, FormAction::kApprove, FormAction::kSendC06});
    if (!ok) return false;
    CommitmentInput c{.org_code = kIct,
                      .rep_name = "Trần Minh Khoa",
                      .nationality = "Việt Nam",
                      .id_number = "091080001234",
                      .phone = "0297 3862 123",
                      .issue_date = "2021-05-10",
                      .issue_place = "Cục Cảnh sát QLHC về TTXH",
                      .position = "Giám đốc",
                      .sign_place = "Kiên Giang",
                      .sign_date = "2021-07-20",
                      .valid_to = "",
                      .scan = "%PDF-1.4\n%%EOF\n",
                      .scan_filename = "ck.pdf"};
    if (auto r = AddCommitment(db(), c, kActor); !r) {
      ADD_FAILURE() << r.error().message;
      return false;
    }
    auto active = ApplyFormAction(db(), id, kIct, FormAction::kActivate, "", kActor);
    if (!active) {
      ADD_FAILURE() << active.error().message;
      return false;
    }
    revoked_account = active->accounts.at(1).id;  // phamthuha.stttt
    auto revoked =
        ChangeAccountStatus(db(), revoked_account, AccountStatus::kRevoked, "Nghỉ việc", kActor);
    if (!revoked) {
      ADD_FAILURE() << revoked.error().message;
      return false;
    }
    return true;
  }
};

// The export's header: the paper form's columns, then the official's CCCD (issue 11 item 2).
Cells ExportHeader() {
  Cells titles = FormColumnTitles();
  titles.push_back(column::kOfficialId);
  return titles;
}

// Rows of the exported table below its header row, each padded to the header's width (a
// reader may drop a trailing empty cell).
std::vector<Cells> BodyRows(const Table& table) {
  const Cells header = ExportHeader();
  for (size_t i = 0; i < table.rows.size(); ++i) {
    if (table.rows[i] == header) {
      std::vector<Cells> body(table.rows.begin() + long(i) + 1, table.rows.end());
      for (auto& row : body) row.resize(std::max(row.size(), header.size()));
      return body;
    }
  }
  ADD_FAILURE() << "no header row equal to ExportHeader()";
  return {};
}

const std::vector<Cells> kExpectedBody = {
    {"1", "Nguyễn Văn An", "nguyenvanan.stp", "0919674667", kJustice, "Sở Tư pháp",
     "Cán bộ một cửa", "50 x 3 = 150",
     "XMCD-03 - Xác minh thông tin công dân tại bộ phận một cửa để đơn giản hóa giấy tờ; "
     "XMCD-04 - Xác minh thông tin công dân khi cán bộ thụ lý hồ sơ",
     "091085001111"},
    {"2", "Trần Thị Bình", "tranthibinh.stp", "0912345678", kJustice, "Sở Tư pháp", kFormula, "150",
     "1.001612 - Đăng ký khai sinh", ""},
    {"3", "Lê Minh Hiếu", "leminhhieu.stttt", "0919674667", kIct, "Sở Thông tin và Truyền thông",
     "Trưởng phòng", "50 x 3 = 150",
     "XMCD-03 - Xác minh thông tin công dân tại bộ phận một cửa để đơn giản hóa giấy tờ", ""},
    {"4", "Võ Thị Sáu", "vothisau.stttt", "0919674667", kIct, "Sở Thông tin và Truyền thông",
     "Cán bộ một cửa", "20 x 2 = 40",
     "XMCD-03 - Xác minh thông tin công dân tại bộ phận một cửa để đơn giản hóa giấy tờ", ""},
};

TEST(Export, XlsxHoldsOnlyApprovedFormsNonRevokedAccountsInFormColumns) {
  ExportWorld c;
  ASSERT_TRUE(c.ok);
  test_support::TempFile out(".xlsx");
  auto sum = ExportAccounts(c.db(), c.id, out.path(), "vp.ubnd");
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_EQ(sum->accounts, 4);
  EXPECT_EQ(sum->units, 2);

  auto table = ReadXlsx(test_support::ReadFileBytes(out.path()));
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_GE(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0][0], "DANH SÁCH TÀI KHOẢN ĐĂNG KÝ KHAI THÁC CSDL QUỐC GIA VỀ DÂN CƯ");
  EXPECT_EQ(BodyRows(*table), kExpectedBody);  // XLSX cells are text: the formula stays as typed

  auto h =
      c.db().Read([&](store::Tx& tx) { return ChangesOf(tx, "export", std::to_string(c.id)); });
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].actor, "vp.ubnd");
  EXPECT_NE((*h)[0].detail.find("4 tài khoản"), std::string::npos) << (*h)[0].detail;
}

TEST(Export, CsvHasABomAndNeutralisesFormulaCells) {
  ExportWorld c;
  ASSERT_TRUE(c.ok);
  test_support::TempFile out(".csv");
  auto sum = ExportAccounts(c.db(), c.id, out.path(), kActor);
  ASSERT_TRUE(sum) << sum.error().message;
  const std::string bytes = test_support::ReadFileBytes(out.path());
  ASSERT_GE(bytes.size(), 3u);
  EXPECT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_TRUE(core::IsValidUtf8(bytes));

  auto table = ReadCsv(bytes);
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_FALSE(table->rows.empty());
  EXPECT_EQ(table->rows[0], ExportHeader());
  std::vector<Cells> want = kExpectedBody;
  want[1][6] = "'" + kFormula;
  EXPECT_EQ(BodyRows(*table), want);
}

TEST(Export, NeutraliseCsvCellPrefixesEveryFormulaStart) {
  for (const char* cell : {"=1+1", "+84919674667", "-2", "@SUM(A1)", "\tx", "\rx"}) {
    EXPECT_EQ(NeutraliseCsvCell(cell), "'" + std::string(cell)) << cell;
  }
  for (const char* cell : {"", "Cán bộ một cửa", "0919674667", "a=b", " =x"}) {
    EXPECT_EQ(NeutraliseCsvCell(cell), cell) << cell;
  }
}

TEST(Export, BadExtensionIsRefusedAndNoFileAppears) {
  ExportWorld c;
  ASSERT_TRUE(c.ok);
  for (const char* suffix : {".pdf", ".xls", ""}) {
    test_support::TempFile out(suffix);
    auto sum = ExportAccounts(c.db(), c.id, out.path(), kActor);
    ASSERT_FALSE(sum) << suffix;
    EXPECT_EQ(sum.error().code, core::Code::kInvalidArgument) << suffix;
    EXPECT_FALSE(std::filesystem::exists(out.path())) << suffix;
    const auto dir = std::filesystem::path(out.path()).parent_path();
    const auto stem = std::filesystem::path(out.path()).filename().string();
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      EXPECT_NE(entry.path().filename().string().rfind(stem, 0), 0u)
          << "left behind: " << entry.path();
    }
  }
}

TEST(Export, UnwritableDirectoryIsUnavailableAndLeavesNoFile) {
  ExportWorld c;
  ASSERT_TRUE(c.ok);
  const std::string dir = test_support::TempPath("_missing_dir");
  for (const char* name : {"/out.xlsx", "/out.csv"}) {
    auto sum = ExportAccounts(c.db(), c.id, dir + name, kActor);
    ASSERT_FALSE(sum) << name;
    EXPECT_EQ(sum.error().code, core::Code::kUnavailable) << name << ": " << sum.error().message;
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(Export, UnknownCampaignIsNotFound) {
  ExportWorld c;
  ASSERT_TRUE(c.ok);
  test_support::TempFile out(".xlsx");
  auto sum = ExportAccounts(c.db(), 4242, out.path(), kActor);
  ASSERT_FALSE(sum);
  EXPECT_EQ(sum.error().code, core::Code::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(out.path()));
}

TEST(Export, ExportedXlsxReimportsToTheSameRows) {
  ExportWorld c;
  ASSERT_TRUE(c.ok);
  test_support::TempFile out(".xlsx");
  ASSERT_TRUE(ExportAccounts(c.db(), c.id, out.path(), kActor));

  // The province sees every unit and purpose of the catalogue.
  test_support::FakeRowContext ctx;
  auto orgs = c.db().Read([](store::Tx& tx) { return ListOrgs(tx, {}); });
  ASSERT_TRUE(orgs) << orgs.error().message;
  for (const auto& o : *orgs) ctx.AddAgency(o.code, o.name, o.short_name, true);
  auto purposes =
      c.db().Read([](store::Tx& tx) { return tx.Query("SELECT code, text FROM purpose"); });
  ASSERT_TRUE(purposes) << purposes.error().message;
  for (const auto& p : *purposes) ctx.AddPurpose(p.Text(0), p.Text(1));

  auto plan = ParseForm(test_support::ReadFileBytes(out.path()), "tong-hop.xlsx", ctx);
  ASSERT_TRUE(plan) << plan.error().message;
  for (const auto& e : plan->errors) ADD_FAILURE() << e.row << " " << e.column << ": " << e.message;
  ASSERT_EQ(plan->rows.size(), 4u);

  std::vector<AccountRow> stored;
  for (const std::string& unit : {kJustice, kIct}) {
    auto reg = c.db().Read([&](store::Tx& tx) { return GetRegistration(tx, c.id, unit); });
    ASSERT_TRUE(reg) << reg.error().message;
    for (const auto& a : reg->accounts) {
      if (a.status != AccountStatus::kRevoked) stored.push_back(a.row);
    }
  }
  ASSERT_EQ(stored.size(), plan->rows.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    const AccountRow& a = stored[i];
    const AccountRow& b = plan->rows[i];
    SCOPED_TRACE(a.login);
    EXPECT_EQ(b.full_name, a.full_name);
    EXPECT_EQ(b.login, a.login);
    EXPECT_EQ(b.phone, a.phone);
    EXPECT_EQ(b.agency_code, a.agency_code);
    EXPECT_EQ(b.agency_name, a.agency_name);
    EXPECT_EQ(b.role, a.role);
    EXPECT_EQ(b.dossiers_per_day, a.dossiers_per_day);
    EXPECT_EQ(b.queries_per_dossier, a.queries_per_dossier);
    EXPECT_EQ(b.daily_quota, a.daily_quota);
    EXPECT_EQ(b.official_id, a.official_id);  // issue 11 item 2: the CCCD survives the trip
    ASSERT_EQ(b.purposes.size(), a.purposes.size());
    for (size_t k = 0; k < a.purposes.size(); ++k) {
      EXPECT_EQ(b.purposes[k].code, a.purposes[k].code);
      EXPECT_EQ(b.purposes[k].text, a.purposes[k].text);
    }
  }
}

}  // namespace
}  // namespace dancu::registry
