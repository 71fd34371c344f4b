// Tests for registration form import and the security commitments that gate activation, on
// a temp database with the demo catalogue. The workflow and account statuses are tested in
// registration_workflow_test.cc; the helpers are in registration_test_support.h.
#include "registry/registration.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/hash.h"
#include "registry/commitment.h"
#include "registry/history.h"
#include "registry/registration_test_support.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using registration_test::Form;
using registration_test::GoodCommitment;
using registration_test::Get;
using registration_test::History;
using registration_test::Import;
using registration_test::JusticeForm;
using registration_test::Logins;
using registration_test::World;
using registration_test::kIct;
using registration_test::kJustice;
using registration_test::kPdf;
using test_support::AccountCells;
using test_support::FormCsv;
using test_support::kActor;

TEST(Registration, ImportWritesNothingWhenAnyRowIsBad) {
  World w;
  ASSERT_NE(w.campaign, 0);
  std::vector<AccountCells> rows = {
      {.tt = "1",
       .full_name = "Nguyễn Văn An",
       .login = "nguyenvanan.stp",
       .agency_code = kJustice},
      {.tt = "2",
       .full_name = "Trần Thị Bình",
       .login = "tranthibinh.stp",
       .phone = "12345",
       .agency_code = kJustice},
  };
  auto r = Import(w, kJustice, FormCsv(rows));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("chưa ghi dòng nào"), std::string::npos) << r.error().message;
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].row, 3);
  EXPECT_EQ(r.error().details[0].column, column::kPhone);
  EXPECT_EQ(test_support::CountRows(w.db(), "account"), 0);
  EXPECT_EQ(test_support::CountRows(w.db(), "registration"), 0);

  // A bad file after a good one leaves the good rows alone.
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp", "tranthibinh.stp"})));
  ASSERT_FALSE(Import(w, kJustice, FormCsv(rows)));
  EXPECT_EQ(test_support::CountRows(w.db(), "account"), 2);
  EXPECT_EQ(Logins(Get(w, kJustice)),
            (std::vector<std::string>{"nguyenvanan.stp", "tranthibinh.stp"}));
}

TEST(Registration, DryRunChecksButWritesNothing) {
  World w;
  ASSERT_NE(w.campaign, 0);
  const int64_t history_before = test_support::CountRows(w.db(), "history");
  auto r = Import(w, kJustice, JusticeForm({"nguyenvanan.stp", "tranthibinh.stp"}), true);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->written);
  EXPECT_EQ(r->plan.rows.size(), 2u);
  EXPECT_EQ(test_support::CountRows(w.db(), "account"), 0);
  EXPECT_EQ(test_support::CountRows(w.db(), "registration"), 0);
  EXPECT_EQ(test_support::CountRows(w.db(), "history"), history_before);
}

TEST(Registration, ReimportReplacesTheRowsOfTheForm) {
  World w;
  ASSERT_NE(w.campaign, 0);
  auto first = Import(w, kJustice, JusticeForm({"nguyenvanan.stp", "tranthibinh.stp"}));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->written);
  auto second = ImportForm(w.db(), w.campaign, kJustice,
                           JusticeForm({"leminhhieu.stp", "phamthuha.stp", "nguyenvanan2.stp"}),
                           "phieu-sua.csv", "canbo.stp");
  ASSERT_TRUE(second) << second.error().message;
  Registration reg = Get(w, kJustice);
  EXPECT_EQ(reg.status, FormStatus::kDraft);
  EXPECT_EQ(reg.source_file, "phieu-sua.csv");
  EXPECT_EQ(Logins(reg),
            (std::vector<std::string>{"leminhhieu.stp", "phamthuha.stp", "nguyenvanan2.stp"}));
  EXPECT_EQ(test_support::CountRows(w.db(), "account"), 3);
  EXPECT_EQ(test_support::CountRows(w.db(), "registration"), 1);
  for (const auto& a : reg.accounts) EXPECT_EQ(a.status, AccountStatus::kPending);

  auto h = History(w, "registration", reg.id);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].action, "import");
  EXPECT_EQ(h[0].actor, kActor);
  EXPECT_EQ(h[0].from_status, "");
  EXPECT_EQ(h[0].to_status, "draft");
  EXPECT_EQ(h[1].actor, "canbo.stp");
  EXPECT_EQ(h[1].from_status, "draft");
  EXPECT_NE(h[1].detail.find("phieu-sua.csv"), std::string::npos) << h[1].detail;
  EXPECT_FALSE(h[1].at.empty());
}

TEST(Registration, LoginRegisteredByAnotherUnitInTheCampaignIsRefused) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.kg"})));
  auto r = Import(w, kIct,
                  Form(kIct, "Sở Thông tin và Truyền thông", {"hoangvanem.kg", "NguyenVanAn.KG"}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].row, 3);
  EXPECT_EQ(r.error().details[0].column, column::kLogin);
  EXPECT_NE(r.error().details[0].message.find(kJustice), std::string::npos)
      << r.error().details[0].message;
  EXPECT_EQ(test_support::CountRows(w.db(), "account"), 1);

  // The unit's own login is no conflict, and another campaign is another namespace.
  EXPECT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.kg"})));
  const int64_t other = test_support::CreateDemoCampaign(w.db(), "Đợt bổ sung 2021");
  ASSERT_NE(other, 0);
  auto elsewhere =
      ImportForm(w.db(), other, kIct, Form(kIct, "", {"NguyenVanAn.KG"}), "p.csv", kActor);
  EXPECT_TRUE(elsewhere) << elsewhere.error().message;
}

TEST(Commitment, EachInvalidFieldIsRefusedAndNothingIsStored) {
  World w;
  ASSERT_NE(w.campaign, 0);
  struct Case {
    const char* what;
    std::function<void(CommitmentInput&)> edit;
    const char* column;
    const char* fragment;
  };
  const std::string tomorrow = core::TodayLocal().AddDays(1).Iso();
  const Case cases[] = {
      {"CCCD of an unknown province", [](auto& c) { c.id_number = "003085001234"; }, "Số CMND/CCCD",
       "Mã tỉnh 003"},
      {"sign date in the future", [&](auto& c) { c.sign_date = tomorrow; }, "Ngày ký",
       "ở tương lai"},
      {"scan that is no PDF", [](auto& c) { c.scan = "GIF89a\x01\x02"; }, "Bản scan", "%PDF-"},
      {"bad phone", [](auto& c) { c.phone = "12345"; }, "Số điện thoại", "Số điện thoại"},
      {"missing position", [](auto& c) { c.position = " "; }, "Chức vụ", "Thiếu"},
  };
  for (const auto& tc : cases) {
    CommitmentInput in = GoodCommitment(kJustice);
    tc.edit(in);
    auto r = AddCommitment(w.db(), in, kActor);
    ASSERT_FALSE(r) << tc.what;
    EXPECT_EQ(r.error().code, core::Code::kInvalidArgument) << tc.what;
    ASSERT_EQ(r.error().details.size(), 1u) << tc.what << ": " << r.error().message;
    EXPECT_EQ(r.error().details[0].column, tc.column) << tc.what;
    EXPECT_NE(r.error().details[0].message.find(tc.fragment), std::string::npos)
        << tc.what << ": " << r.error().details[0].message;
  }
  EXPECT_EQ(test_support::CountRows(w.db(), "commitment"), 0);
  EXPECT_EQ(test_support::CountRows(w.db(), "document"), 0);
  auto unknown = AddCommitment(w.db(), GoodCommitment("000.00.99.H33"), kActor);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::Code::kNotFound);
}

TEST(Commitment, SignedScanIsKeptWithItsSha256) {
  World w;
  ASSERT_NE(w.campaign, 0);
  auto c = AddCommitment(w.db(), GoodCommitment(kJustice), kActor);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->scan_sha256, core::Sha256Hex(kPdf));
  EXPECT_EQ(c->scan_sha256.size(), 64u);
  EXPECT_EQ(c->id_kind, "cccd");
  EXPECT_EQ(c->phone, "02973862123");
  EXPECT_EQ(c->status, "valid");
  auto bytes = w.db().Read([&](store::Tx& tx) { return ScanBytes(tx, c->scan_sha256); });
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(*bytes, kPdf);
  auto valid =
      w.db().Read([&](store::Tx& tx) { return ValidCommitment(tx, kJustice, core::TodayLocal()); });
  ASSERT_TRUE(valid) << valid.error().message;
  ASSERT_TRUE(valid->has_value());
  EXPECT_EQ((*valid)->id, c->id);
  // Not valid on a day before it was signed.
  auto before = w.db().Read(
      [&](store::Tx& tx) { return ValidCommitment(tx, kJustice, core::Date(2021, 7, 19)); });
  ASSERT_TRUE(before);
  EXPECT_FALSE(before->has_value());

  auto bad_scan = AttachScan(w.db(), c->id, "not a pdf", "x.pdf", kActor);
  ASSERT_FALSE(bad_scan);
  EXPECT_EQ(bad_scan.error().code, core::Code::kInvalidArgument);
  auto cmnd = GoodCommitment(kIct);
  cmnd.id_number = "371234567";
  auto old_id = AddCommitment(w.db(), cmnd, kActor);
  ASSERT_TRUE(old_id) << old_id.error().message;
  EXPECT_EQ(old_id->id_kind, "cmnd");
}

}  // namespace
}  // namespace dancu::registry
