// Tests for registration forms (import, workflow, account statuses, history) and the
// security commitments that gate activation, on a temp database with the demo catalogue.
#include "registry/registration.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/hash.h"
#include "registry/commitment.h"
#include "registry/history.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using test_support::AccountCells;
using test_support::FormCsv;
using test_support::kActor;

const std::string kJustice = "000.00.08.H33";  // Sở Tư pháp
const std::string kIct = "000.00.16.H33";      // Sở Thông tin và Truyền thông
const std::string kPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

struct World {
  test_support::TempDb t;
  int64_t campaign = 0;
  World() {
    if (t && test_support::LoadDemoCatalogue(t.db()))
      campaign = test_support::CreateDemoCampaign(t.db());
  }
  store::Database& db() { return t.db(); }
};

// A form of `unit` with one account per login (agency = the unit itself).
std::string Form(const std::string& unit, const std::string& unit_name,
                 const std::vector<std::string>& logins) {
  const char* names[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Hiếu", "Phạm Thu Hà"};
  std::vector<AccountCells> rows;
  for (size_t i = 0; i < logins.size(); ++i) {
    rows.push_back({.tt = std::to_string(i + 1),
                    .full_name = names[i % 4],
                    .login = logins[i],
                    .agency_code = unit,
                    .agency_name = unit_name});
  }
  return FormCsv(rows);
}

std::string JusticeForm(const std::vector<std::string>& logins) {
  return Form(kJustice, "Sở Tư pháp", logins);
}

Result<ImportOutcome> Import(World& w, const std::string& unit, const std::string& csv,
                             bool dry_run = false) {
  return ImportForm(w.db(), w.campaign, unit, csv, "phieu.csv", kActor, dry_run);
}

Registration Get(World& w, const std::string& unit) {
  auto r = w.db().Read([&](store::Tx& tx) { return GetRegistration(tx, w.campaign, unit); });
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : Registration{};
}

std::vector<std::string> Logins(const Registration& r) {
  std::vector<std::string> out;
  for (const auto& a : r.accounts) out.push_back(a.row.login);
  return out;
}

std::vector<Change> History(World& w, const std::string& entity, int64_t id) {
  auto c = w.db().Read([&](store::Tx& tx) { return ChangesOf(tx, entity, std::to_string(id)); });
  EXPECT_TRUE(c) << c.error().message;
  return c ? *c : std::vector<Change>{};
}

Result<Registration> Step(World& w, const std::string& unit, FormAction a,
                          const std::string& reason = "") {
  return ApplyFormAction(w.db(), w.campaign, unit, a, reason, kActor);
}

CommitmentInput GoodCommitment(const std::string& unit, std::string scan = kPdf) {
  return {.org_code = unit,
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
          .scan = std::move(scan),
          .scan_filename = "cam-ket.pdf"};
}

// Imports two accounts for Sở Tư pháp and takes the form to sent_c06.
void ImportAndSend(World& w) {
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp", "tranthibinh.stp"})));
  for (FormAction a : {FormAction::kSubmit, FormAction::kApprove, FormAction::kSendC06}) {
    auto r = Step(w, kJustice, a);
    ASSERT_TRUE(r) << r.error().message;
  }
}

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

TEST(Registration, WorkflowGoesFromSubmitThroughApprovalToActivation) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp", "tranthibinh.stp"})));
  const std::pair<FormAction, FormStatus> steps[] = {{FormAction::kSubmit, FormStatus::kSubmitted},
                                                     {FormAction::kApprove, FormStatus::kApproved},
                                                     {FormAction::kSendC06, FormStatus::kSentC06}};
  for (const auto& [action, status] : steps) {
    auto r = Step(w, kJustice, action);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, status);
    for (const auto& a : r->accounts) EXPECT_EQ(a.status, AccountStatus::kPending);
  }
  ASSERT_TRUE(AddCommitment(w.db(), GoodCommitment(kJustice), kActor));
  auto active = Step(w, kJustice, FormAction::kActivate);
  ASSERT_TRUE(active) << active.error().message;
  EXPECT_EQ(active->status, FormStatus::kActive);
  ASSERT_EQ(active->accounts.size(), 2u);
  for (const auto& a : active->accounts) EXPECT_EQ(a.status, AccountStatus::kActive);

  struct Want {
    const char* action;
    const char* from;
    const char* to;
  };
  const Want want[] = {{"import", "", "draft"},
                       {"submit", "draft", "submitted"},
                       {"approve", "submitted", "approved"},
                       {"send", "approved", "sent_c06"},
                       {"activate", "sent_c06", "active"}};
  auto h = History(w, "registration", active->id);
  ASSERT_EQ(h.size(), std::size(want));
  for (size_t i = 0; i < h.size(); ++i) {
    EXPECT_EQ(h[i].action, want[i].action) << i;
    EXPECT_EQ(h[i].from_status, want[i].from) << i;
    EXPECT_EQ(h[i].to_status, want[i].to) << i;
    EXPECT_EQ(h[i].actor, kActor) << i;
  }
}

TEST(Registration, ActivateWithoutValidCommitmentIsAConflictAndAccountsStayPending) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ImportAndSend(w);
  auto expect_refused = [&](const char* why) {
    auto r = Step(w, kJustice, FormAction::kActivate);
    ASSERT_FALSE(r) << why;
    EXPECT_EQ(r.error().code, core::Code::kConflict) << why;
    EXPECT_NE(r.error().message.find("Bản cam kết"), std::string::npos) << r.error().message;
    Registration reg = Get(w, kJustice);
    EXPECT_EQ(reg.status, FormStatus::kSentC06) << why;
    for (const auto& a : reg.accounts) EXPECT_EQ(a.status, AccountStatus::kPending) << why;
  };
  expect_refused("no commitment at all");
  ASSERT_TRUE(AddCommitment(w.db(), GoodCommitment(kIct), kActor));
  expect_refused("only another unit has a commitment");
  auto unscanned = AddCommitment(w.db(), GoodCommitment(kJustice, ""), kActor);
  ASSERT_TRUE(unscanned) << unscanned.error().message;
  EXPECT_TRUE(unscanned->scan_sha256.empty());
  expect_refused("the commitment has no signed scan");

  auto scanned = AttachScan(w.db(), unscanned->id, kPdf, "cam-ket.pdf", kActor);
  ASSERT_TRUE(scanned) << scanned.error().message;
  EXPECT_EQ(scanned->scan_sha256, core::Sha256Hex(kPdf));
  auto r = Step(w, kJustice, FormAction::kActivate);
  ASSERT_TRUE(r) << r.error().message;
  for (const auto& a : r->accounts) EXPECT_EQ(a.status, AccountStatus::kActive);
}

TEST(Registration, ReturnNeedsAReasonAndRecordsIt) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp"})));
  ASSERT_TRUE(Step(w, kJustice, FormAction::kSubmit));
  for (const char* empty : {"", "   "}) {
    auto r = Step(w, kJustice, FormAction::kReturn, empty);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
    EXPECT_NE(r.error().message.find("lý do"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(Get(w, kJustice).status, FormStatus::kSubmitted);
  auto r = Step(w, kJustice, FormAction::kReturn, " Thiếu  số điện thoại đầu mối ");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, FormStatus::kReturned);
  EXPECT_EQ(r->return_reason, "Thiếu số điện thoại đầu mối");
  auto h = History(w, "registration", r->id);
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h.back().action, "return");
  EXPECT_EQ(h.back().from_status, "submitted");
  EXPECT_EQ(h.back().to_status, "returned");
  EXPECT_EQ(h.back().reason, "Thiếu số điện thoại đầu mối");
}

TEST(Registration, ImportWhileSubmittedOrApprovedIsAConflict) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp"})));
  for (FormAction a : {FormAction::kSubmit, FormAction::kApprove}) {
    ASSERT_TRUE(Step(w, kJustice, a));
    auto r = Import(w, kJustice, JusticeForm({"khac.nguoi.stp"}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Code::kConflict);
    EXPECT_NE(r.error().message.find("trả lại"), std::string::npos) << r.error().message;
    EXPECT_EQ(Logins(Get(w, kJustice)), std::vector<std::string>{"nguyenvanan.stp"});
  }
}

TEST(Registration, ReturnedFormIsReimportedAsDraftAndSubmittedAgain) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp"})));
  ASSERT_TRUE(Step(w, kJustice, FormAction::kSubmit));
  ASSERT_TRUE(Step(w, kJustice, FormAction::kReturn, "Bổ sung cán bộ"));
  auto r = Import(w, kJustice, JusticeForm({"nguyenvanan.stp", "tranthibinh.stp"}));
  ASSERT_TRUE(r) << r.error().message;
  Registration reg = Get(w, kJustice);
  EXPECT_EQ(reg.status, FormStatus::kDraft);
  EXPECT_EQ(reg.accounts.size(), 2u);
  EXPECT_EQ(History(w, "registration", reg.id).back().from_status, "returned");
  auto again = Step(w, kJustice, FormAction::kSubmit);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->status, FormStatus::kSubmitted);
}

TEST(Registration, StepsOutOfOrderAreConflictsNamingTheStatus) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp"})));
  for (FormAction a : {FormAction::kApprove, FormAction::kSendC06, FormAction::kActivate}) {
    auto r = Step(w, kJustice, a, "lý do");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::Code::kConflict);
    EXPECT_NE(r.error().message.find("\"Nháp\""), std::string::npos) << r.error().message;
  }
  ASSERT_TRUE(Step(w, kJustice, FormAction::kSubmit));
  auto twice = Step(w, kJustice, FormAction::kSubmit);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::Code::kConflict);
  EXPECT_EQ(Get(w, kJustice).status, FormStatus::kSubmitted);

  auto no_form = Step(w, kIct, FormAction::kSubmit);
  ASSERT_FALSE(no_form);
  EXPECT_EQ(no_form.error().code, core::Code::kNotFound);
  auto no_unit = Import(w, "000.00.99.H33", JusticeForm({"x12345678"}));
  ASSERT_FALSE(no_unit);
  EXPECT_EQ(no_unit.error().code, core::Code::kNotFound);
  auto no_campaign = ImportForm(w.db(), 999, kJustice, JusticeForm({"x12345678"}), "p.csv", kActor);
  ASSERT_FALSE(no_campaign);
  EXPECT_EQ(no_campaign.error().code, core::Code::kNotFound);
}

TEST(Registration, AccountsAreSuspendedResumedAndRevokedWithReasons) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ImportAndSend(w);
  ASSERT_TRUE(AddCommitment(w.db(), GoodCommitment(kJustice), kActor));
  auto active = Step(w, kJustice, FormAction::kActivate);
  ASSERT_TRUE(active) << active.error().message;
  const int64_t id = active->accounts.at(0).id;
  auto change = [&](AccountStatus to, const std::string& reason) {
    return ChangeAccountStatus(w.db(), id, to, reason, "admin.vp");
  };

  auto r = change(AccountStatus::kSuspended, " ");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  r = change(AccountStatus::kSuspended, "Nghỉ phép dài ngày");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, AccountStatus::kSuspended);
  EXPECT_EQ(r->status_reason, "Nghỉ phép dài ngày");
  r = change(AccountStatus::kSuspended, "lần nữa");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kConflict);
  r = change(AccountStatus::kActive, "");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, AccountStatus::kActive);
  r = change(AccountStatus::kRevoked, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  r = change(AccountStatus::kRevoked, "Chuyển công tác");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, AccountStatus::kRevoked);

  // Revocation is final.
  for (AccountStatus to :
       {AccountStatus::kActive, AccountStatus::kSuspended, AccountStatus::kRevoked}) {
    auto again = change(to, "thử lại");
    ASSERT_FALSE(again) << AccountStatusCode(to);
    EXPECT_EQ(again.error().code, core::Code::kConflict);
  }
  EXPECT_EQ(Get(w, kJustice).accounts.at(0).status, AccountStatus::kRevoked);
  EXPECT_EQ(Get(w, kJustice).accounts.at(1).status, AccountStatus::kActive);  // untouched

  struct Want {
    const char* action;
    const char* from;
    const char* to;
    const char* reason;
  };
  const Want want[] = {{"suspend", "active", "suspended", "Nghỉ phép dài ngày"},
                       {"resume", "suspended", "active", ""},
                       {"revoke", "active", "revoked", "Chuyển công tác"}};
  auto h = History(w, "account", id);
  ASSERT_EQ(h.size(), std::size(want));
  for (size_t i = 0; i < h.size(); ++i) {
    EXPECT_EQ(h[i].action, want[i].action) << i;
    EXPECT_EQ(h[i].from_status, want[i].from) << i;
    EXPECT_EQ(h[i].to_status, want[i].to) << i;
    EXPECT_EQ(h[i].reason, want[i].reason) << i;
    EXPECT_EQ(h[i].actor, "admin.vp") << i;
  }
}

TEST(Registration, PendingAccountCannotBeSuspendedAndUnknownAccountIsNotFound) {
  World w;
  ASSERT_NE(w.campaign, 0);
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp"})));
  const int64_t id = Get(w, kJustice).accounts.at(0).id;
  auto r = ChangeAccountStatus(w.db(), id, AccountStatus::kSuspended, "lý do", kActor);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kConflict);
  auto missing = ChangeAccountStatus(w.db(), 987654, AccountStatus::kRevoked, "lý do", kActor);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::Code::kNotFound);
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
