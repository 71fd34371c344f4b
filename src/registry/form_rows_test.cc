// Tests for saving the web form's rows: the row rules of a file import, all or nothing, the
// form's states, and errors that point at the row as the user sees it in the table.
#include "registry/form_rows.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/history.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using test_support::kActor;

const std::string kHonDat = "000.00.34.H33";   // UBND huyện Hòn Đất
const std::string kNoiVu = "000.02.34.H33";    // Phòng Nội vụ huyện Hòn Đất
const std::string kJustice = "000.00.08.H33";  // Sở Tư pháp (another unit)

RawAccountRow Row(int n, std::string login, std::string agency = kNoiVu) {
  return {.row_no = n, .full_name = "Nguyễn Văn An", .login = std::move(login),
          .phone = "0919674667", .agency_code = std::move(agency), .agency_name = "",
          .role = "Cán bộ một cửa", .queries = "", .dossiers_per_day = "50",
          .queries_per_dossier = "3", .purposes = "XMCD-03;XMCD-04"};
}

bool HasError(const std::vector<core::FieldError>& errors, int row, const std::string& column) {
  for (const auto& e : errors) if (e.row == row && e.column == column) return true;
  return false;
}

TEST(PlanFormRows, ValidRowsAreNormalisedLikeAFileRow) {
  auto ctx = test_support::FakeRowContext::HonDat();
  FormRowsInput in{.info = {}, .rows = {Row(1, "an.noivu.honda")}};
  in.rows[0].phone = "0919.674.667";
  in.rows[0].role = "can bo mot cua";
  ImportPlan plan = PlanFormRows(in, ctx);
  ASSERT_TRUE(plan.errors.empty()) << plan.errors.front().message;
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].phone, "0919674667");
  EXPECT_EQ(plan.rows[0].role, "Cán bộ một cửa");
  EXPECT_EQ(plan.rows[0].daily_quota, 150);
  EXPECT_EQ(plan.rows[0].agency_name, "Phòng Nội vụ huyện Hòn Đất");
  EXPECT_EQ(plan.rows[0].purposes.size(), 2u);
}

TEST(PlanFormRows, ErrorsKeepThePositionOfTheRowInTheTable) {
  auto ctx = test_support::FakeRowContext::HonDat();
  FormRowsInput in;
  in.rows.push_back({.row_no = 1});  // a blank row the user added and left empty
  in.rows.push_back(Row(2, "an.noivu.honda"));
  in.rows.push_back(Row(3, "có dấu"));
  in.rows.back().phone = "12345";
  in.rows.push_back(Row(4, "AN.NOIVU.HONDA"));
  in.rows.push_back(Row(5, "ok.login.honda", kJustice));
  in.rows.back().dossiers_per_day = "0";
  ImportPlan plan = PlanFormRows(in, ctx);
  EXPECT_TRUE(HasError(plan.errors, 3, column::kLogin));
  EXPECT_TRUE(HasError(plan.errors, 3, column::kPhone));
  EXPECT_TRUE(HasError(plan.errors, 4, column::kLogin)) << "duplicate login, case-insensitive";
  EXPECT_TRUE(HasError(plan.errors, 5, column::kAgencyCode)) << "agency outside the unit";
  EXPECT_TRUE(HasError(plan.errors, 5, "Số hồ sơ/ngày"));
  EXPECT_FALSE(HasError(plan.errors, 1, column::kFullName)) << "blank rows are skipped";
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].row_no, 2);
}

TEST(PlanFormRows, ATableWithoutRowsIsAnError) {
  auto ctx = test_support::FakeRowContext::HonDat();
  FormRowsInput in{.info = {}, .rows = {{.row_no = 1}}};
  ImportPlan plan = PlanFormRows(in, ctx);
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_EQ(plan.errors[0].column, column::kFullName);
}

TEST(PlanFormRows, ContactIsOptionalButWhatIsTypedMustBeRight) {
  auto ctx = test_support::FakeRowContext::HonDat();
  FormRowsInput in{.info = {.contact_phone = "0919 674 667", .contact_email = "a@b.vn"},
                   .rows = {Row(1, "an.noivu.honda")}};
  in.info.systems = {" Một cửa điện tử ", "", "Cổng dịch vụ công"};
  ImportPlan ok = PlanFormRows(in, ctx);
  EXPECT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.info.contact_phone, "0919674667");
  EXPECT_EQ(ok.info.systems, (std::vector<std::string>{"Một cửa điện tử", "Cổng dịch vụ công"}));
  in.info.contact_phone = "091967";
  in.info.contact_email = "khong-phai-email";
  ImportPlan bad = PlanFormRows(in, ctx);
  EXPECT_TRUE(HasError(bad.errors, 0, column::kContactPhone));
  EXPECT_TRUE(HasError(bad.errors, 0, column::kContactEmail));
}

struct World {
  test_support::TempDb t;
  int64_t campaign = 0;
  World() {
    if (t && test_support::LoadDemoCatalogue(t.db())) campaign = test_support::CreateDemoCampaign(t.db());
  }
  store::Database& db() { return t.db(); }
  Result<ImportOutcome> Save(const std::vector<RawAccountRow>& rows, bool dry = false,
                             const std::string& unit = kHonDat) {
    FormRowsInput in{.info = {.contact_name = "Lê Thị Hồng Nhung"}, .rows = rows};
    return SaveFormRows(db(), campaign, unit, in, kActor, dry);
  }
  std::vector<std::string> Logins(const std::string& unit = kHonDat) {
    auto reg = db().Read([&](store::Tx& tx) { return GetRegistration(tx, campaign, unit); });
    std::vector<std::string> out;
    if (reg) for (const auto& a : reg->accounts) out.push_back(a.row.login);
    return out;
  }
};

TEST(SaveFormRows, WritesTheRowsNumberedInTableOrderAndRecordsTheEdit) {
  World w;
  ASSERT_NE(w.campaign, 0);
  auto out = w.Save({{.row_no = 1}, Row(2, "an.noivu.honda"), Row(3, "binh.noivu.honda", kHonDat)});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_TRUE(out->written);
  auto reg = w.db().Read([&](store::Tx& tx) { return GetRegistration(tx, w.campaign, kHonDat); });
  ASSERT_TRUE(reg);
  EXPECT_EQ(reg->status, FormStatus::kDraft);
  EXPECT_EQ(reg->info.contact_name, "Lê Thị Hồng Nhung");
  ASSERT_EQ(reg->accounts.size(), 2u);
  EXPECT_EQ(reg->accounts[0].row.row_no, 1);
  EXPECT_EQ(reg->accounts[1].row.row_no, 2);
  EXPECT_EQ(reg->accounts[1].row.login, "binh.noivu.honda");
  auto changes = w.db().Read([&](store::Tx& tx) { return ChangesOf(tx, "registration", std::to_string(reg->id)); });
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ(changes->back().action, "edit");
  EXPECT_EQ(changes->back().to_status, "draft");
}

TEST(SaveFormRows, AnyErrorWritesNothingAndDryRunNeverWrites) {
  World w;
  ASSERT_TRUE(w.Save({Row(1, "an.noivu.honda")}));
  auto bad = w.Save({Row(1, "moi.noivu.honda"), Row(2, "x")});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::Code::kInvalidArgument);
  EXPECT_TRUE(HasError(bad.error().details, 2, column::kLogin));
  EXPECT_EQ(w.Logins(), std::vector<std::string>{"an.noivu.honda"});
  auto dry = w.Save({Row(1, "moi.noivu.honda")}, true);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_FALSE(dry->written);
  EXPECT_EQ(w.Logins(), std::vector<std::string>{"an.noivu.honda"});
}

TEST(SaveFormRows, ALoginOfAnotherUnitInTheCampaignIsRefused) {
  World w;
  ASSERT_TRUE(w.Save({Row(1, "chung.login.01", kJustice)}, false, kJustice));
  auto taken = w.Save({Row(1, "an.noivu.honda"), Row(2, "Chung.Login.01")});
  ASSERT_FALSE(taken);
  ASSERT_TRUE(HasError(taken.error().details, 2, column::kLogin));
  EXPECT_TRUE(w.Logins().empty());
}

TEST(SaveFormRows, FollowsTheWorkflowOfImports) {
  World w;
  ASSERT_TRUE(w.Save({Row(1, "an.noivu.honda")}));
  ASSERT_TRUE(ApplyFormAction(w.db(), w.campaign, kHonDat, FormAction::kSubmit, "", kActor));
  auto locked = w.Save({Row(1, "moi.noivu.honda")});
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, core::Code::kConflict);
  ASSERT_TRUE(ApplyFormAction(w.db(), w.campaign, kHonDat, FormAction::kReturn, "Thiếu Phòng Tư pháp", kActor));
  ASSERT_TRUE(w.Save({Row(1, "moi.noivu.honda")}));
  auto reg = w.db().Read([&](store::Tx& tx) { return GetRegistration(tx, w.campaign, kHonDat); });
  ASSERT_TRUE(reg);
  EXPECT_EQ(reg->status, FormStatus::kDraft);
  EXPECT_EQ(reg->return_reason, "");
  auto missing = SaveFormRows(w.db(), w.campaign + 100, kHonDat, {}, kActor);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::Code::kNotFound);
}


TEST(PlanFormRows, OfficialCccdIsCheckedAndUniqueAcrossLogins) {
  // issue 11 item 2: the web form's CCCD cell follows the file import's rules.
  auto ctx = test_support::FakeRowContext::HonDat();
  FormRowsInput in{.info = {}, .rows = {Row(1, "an.noivu.honda"), Row(2, "binh.noivu.honda"),
                                        Row(3, "hieu.noivu.honda")}};
  in.rows[0].official_id = "091085001111";
  in.rows[1].official_id = "091085001111";
  in.rows[2].official_id = "0910850";
  ImportPlan plan = PlanFormRows(in, ctx);
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].official_id, "091085001111");
  EXPECT_TRUE(HasError(plan.errors, 2, column::kOfficialId));
  EXPECT_TRUE(HasError(plan.errors, 3, column::kOfficialId));
  EXPECT_EQ(plan.errors.size(), 2u);

  // A row with only a CCCD typed is not blank: it is checked (and misses its other cells).
  FormRowsInput lone{.info = {}, .rows = {{.row_no = 1, .official_id = "091085001111"}}};
  ImportPlan p2 = PlanFormRows(lone, ctx);
  EXPECT_TRUE(HasError(p2.errors, 1, column::kLogin));
}

}  // namespace
}  // namespace dancu::registry
