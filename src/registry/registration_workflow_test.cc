// Tests for the registration workflow (submit, approve, send, activate, return) and account
// statuses (suspend, resume, revoke) with their history, on a temp database with the demo
// catalogue.
#include "registry/registration.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/hash.h"
#include "registry/commitment.h"
#include "registry/history.h"
#include "registry/registration_test_support.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using registration_test::GoodCommitment;
using registration_test::Get;
using registration_test::History;
using registration_test::Import;
using registration_test::ImportAndSend;
using registration_test::JusticeForm;
using registration_test::Logins;
using registration_test::Step;
using registration_test::World;
using registration_test::kIct;
using registration_test::kJustice;
using registration_test::kPdf;
using test_support::kActor;

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

TEST(Registration, AReasonLongerThanTheAuditRecordHoldsIsRefusedAndNothingChanges) {
  // issue 10 item 6: a 5,000-character reason reached the history, and the audit log refused it.
  World w;
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp"})));
  ASSERT_TRUE(Step(w, kJustice, FormAction::kSubmit));
  size_t rows = History(w, "registration", Get(w, kJustice).id).size();
  auto r = Step(w, kJustice, FormAction::kReturn, std::string(5000, 'x'));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("Lý do"), std::string::npos) << r.error().message;
  EXPECT_EQ(Get(w, kJustice).status, FormStatus::kSubmitted);
  EXPECT_EQ(History(w, "registration", Get(w, kJustice).id).size(), rows);
  EXPECT_TRUE(Step(w, kJustice, FormAction::kReturn, std::string(4096, 'x')));
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

}  // namespace
}  // namespace dancu::registry
