// Tests for the admin views of a campaign: all accounts in one list, the review queue's form
// summaries, and form counts per campaign, on a temp database with the demo catalogue.
#include "registry/admin_views.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/history.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using test_support::AccountCells;
using test_support::FormCsv;
using test_support::kActor;

const std::string kJustice = "000.00.08.H33";  // Sở Tư pháp
const std::string kFinance = "000.00.02.H33";  // Sở Tài chính (before Tư pháp in the catalogue)

struct World {
  test_support::TempDb t;
  int64_t campaign = 0;
  World() {
    if (t && test_support::LoadDemoCatalogue(t.db()))
      campaign = test_support::CreateDemoCampaign(t.db());
  }
  store::Database& db() { return t.db(); }

  // Imports a form of `unit` with one account per login, purposes as given.
  void Import(const std::string& unit, const std::string& name,
              const std::vector<std::string>& logins, const std::string& purposes = "XMCD-03") {
    std::vector<AccountCells> rows;
    for (size_t i = 0; i < logins.size(); ++i) {
      rows.push_back({.tt = std::to_string(i + 1), .full_name = "Nguyễn Văn An",
                      .login = logins[i], .agency_code = unit, .agency_name = name,
                      .purposes = purposes});
    }
    auto r = ImportForm(db(), campaign, unit, FormCsv(rows), "phieu.csv", kActor);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  void Step(const std::string& unit, FormAction a, const std::string& reason = "") {
    auto r = ApplyFormAction(db(), campaign, unit, a, reason, kActor);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
};

TEST(AdminViews, AccountsListEveryRowWithItsFormAndPurposes) {
  World w;
  ASSERT_GT(w.campaign, 0);
  w.Import(kJustice, "Sở Tư pháp", {"an.tuphap", "binh.tuphap"}, "XMCD-03; XMCD-01");
  w.Import(kFinance, "Sở Tài chính", {"an.taichinh"});
  w.Step(kFinance, FormAction::kSubmit);

  auto list = w.db().Read([&](store::Tx& tx) { return ListCampaignAccounts(tx, w.campaign); });
  ASSERT_TRUE(list.has_value()) << list.error().message;
  ASSERT_EQ(list->accounts.size(), 3u);
  // Catalogue order of the forms' units: Tài chính (position 4) before Tư pháp (10).
  EXPECT_EQ(list->accounts[0].login, "an.taichinh");
  EXPECT_EQ(list->accounts[0].unit_code, kFinance);
  EXPECT_EQ(list->accounts[0].unit_name, "Sở Tài chính");
  EXPECT_EQ(list->accounts[0].form_status, FormStatus::kSubmitted);
  EXPECT_EQ(list->accounts[1].login, "an.tuphap");
  EXPECT_EQ(list->accounts[1].form_status, FormStatus::kDraft);
  EXPECT_EQ(list->accounts[1].status, AccountStatus::kPending);
  EXPECT_EQ(list->accounts[1].daily_quota, 150);
  EXPECT_EQ(list->accounts[1].purposes, (std::vector<std::string>{"XMCD-01", "XMCD-03"}));
  EXPECT_EQ(list->accounts[0].purposes, (std::vector<std::string>{"XMCD-03"}));
  ASSERT_EQ(list->purposes.size(), 2u);
  EXPECT_TRUE(list->purposes.at("XMCD-01").starts_with("Xác minh thông tin công dân khi tạo mới"));
}

TEST(AdminViews, AccountsOfAnUnknownCampaignAreNotFound) {
  World w;
  auto list = w.db().Read([&](store::Tx& tx) { return ListCampaignAccounts(tx, 999); });
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().code, core::Code::kNotFound);
  auto forms = w.db().Read([&](store::Tx& tx) { return ListFormSummaries(tx, 999); });
  ASSERT_FALSE(forms.has_value());
  EXPECT_EQ(forms.error().code, core::Code::kNotFound);
}

TEST(AdminViews, FormSummariesCountRowsAndKeepTheLatestSubmission) {
  World w;
  ASSERT_GT(w.campaign, 0);
  w.Import(kJustice, "Sở Tư pháp", {"an.tuphap", "binh.tuphap"});
  w.Import(kFinance, "Sở Tài chính", {"an.taichinh"});
  w.Step(kJustice, FormAction::kSubmit);
  w.Step(kJustice, FormAction::kReturn, "Thiếu số điện thoại");
  w.Step(kJustice, FormAction::kSubmit);

  auto forms = w.db().Read([&](store::Tx& tx) { return ListFormSummaries(tx, w.campaign); });
  ASSERT_TRUE(forms.has_value()) << forms.error().message;
  ASSERT_EQ(forms->size(), 2u);
  const FormSummary& finance = (*forms)[0];
  const FormSummary& justice = (*forms)[1];
  EXPECT_EQ(finance.form.org_code, kFinance);
  EXPECT_EQ(finance.accounts, 1);
  EXPECT_EQ(finance.submitted_at, "");
  EXPECT_TRUE(finance.form.accounts.empty());
  EXPECT_EQ(justice.form.org_code, kJustice);
  EXPECT_EQ(justice.accounts, 2);
  EXPECT_EQ(justice.form.status, FormStatus::kSubmitted);
  ASSERT_GE(justice.submitted_at.size(), 10u);

  // The latest of the two submissions: no other submit row is later.
  auto history = w.db().Read([&](store::Tx& tx) {
    return ChangesOf(tx, "registration", std::to_string(justice.form.id));
  });
  ASSERT_TRUE(history.has_value());
  std::string latest;
  for (const auto& c : *history) if (c.action == "submit" && c.at > latest) latest = c.at;
  EXPECT_EQ(justice.submitted_at, latest);
}

TEST(AdminViews, CountsFormsPerCampaignAndStatus) {
  World w;
  ASSERT_GT(w.campaign, 0);
  int64_t other = test_support::CreateDemoCampaign(w.db(), "Đợt khác");
  ASSERT_GT(other, 0);
  w.Import(kJustice, "Sở Tư pháp", {"an.tuphap", "binh.tuphap"});
  w.Import(kFinance, "Sở Tài chính", {"an.taichinh"});
  w.Step(kFinance, FormAction::kSubmit);

  auto counts = w.db().Read([](store::Tx& tx) { return CountFormsByCampaign(tx); });
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  ASSERT_TRUE(counts->contains(w.campaign));
  EXPECT_FALSE(counts->contains(other));
  const CampaignCounts& c = counts->at(w.campaign);
  EXPECT_EQ(c.forms, 2);
  EXPECT_EQ(c.accounts, 3);
  EXPECT_EQ(c.forms_by_status.at("draft"), 1);
  EXPECT_EQ(c.forms_by_status.at("submitted"), 1);
  EXPECT_FALSE(c.forms_by_status.contains("approved"));
}

}  // namespace
}  // namespace dancu::registry
