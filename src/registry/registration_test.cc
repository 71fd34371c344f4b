// Tests for registration form import and the security commitments that gate activation, on
// a temp database with the demo catalogue. The workflow and account statuses are tested in
// registration_workflow_test.cc; the helpers are in registration_test_support.h.
#include "registry/registration.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/hash.h"
#include "core/validate.h"
#include "registry/admin_views.h"
#include "registry/commitment.h"
#include "registry/demo.h"
#include "registry/form_rows.h"
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

  // The unit's own login is no conflict, in this campaign or the next.
  EXPECT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.kg"})));
  const int64_t other = test_support::CreateDemoCampaign(w.db(), "Đợt bổ sung 2021");
  ASSERT_NE(other, 0);
  EXPECT_TRUE(ImportForm(w.db(), other, kJustice, JusticeForm({"nguyenvanan.kg"}), "p.csv",
                         kActor));
}

TEST(Registration, ALoginHeldByAnotherUnitInAnyCampaignIsRefusedNamingThatUnit) {
  // issue 10 item 9: a login could be registered by another unit in a later campaign.
  World w;
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.kg"})));
  const int64_t later = test_support::CreateDemoCampaign(w.db(), "Đợt bổ sung 2021");
  ASSERT_NE(later, 0);
  auto r = ImportForm(w.db(), later, kIct, Form(kIct, "", {"hoangvanem.kg", "NguyenVanAn.KG"}),
                      "p.csv", kActor);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].column, column::kLogin);
  const std::string& why = r.error().details[0].message;
  EXPECT_NE(why.find("Sở Tư pháp (" + kJustice + ")"), std::string::npos) << why;
  EXPECT_NE(why.find("chuyển đơn vị"), std::string::npos) << why;

  // The web form is refused the same way.
  RawAccountRow row{.row_no = 1, .full_name = "Nguyễn Văn An", .login = "nguyenvanan.kg",
                    .phone = "0919674667", .agency_code = kIct, .agency_name = "",
                    .role = "Cán bộ một cửa", .queries = "50 x 3", .dossiers_per_day = "",
                    .queries_per_dossier = "", .purposes = "XMCD-03"};
  auto web = SaveFormRows(w.db(), later, kIct, {.info = {}, .rows = {row}}, kActor);
  ASSERT_FALSE(web);
  ASSERT_EQ(web.error().details.size(), 1u);
  EXPECT_NE(web.error().details[0].message.find("Sở Tư pháp"), std::string::npos);

  // A revoked row owns nothing: another unit may register the login in a later campaign.
  int64_t id = Get(w, kJustice).accounts.at(0).id;
  ASSERT_TRUE(ChangeAccountStatus(w.db(), id, AccountStatus::kRevoked, "Nghỉ việc", kActor));
  auto after = ImportForm(w.db(), later, kIct, Form(kIct, "", {"NguyenVanAn.KG"}), "p.csv",
                          kActor);
  EXPECT_TRUE(after) << after.error().message;
}

TEST(Registration, TransferEndsTheOldRowsAndKeepsTheLoginForTheNewUnit) {
  // issue 10 item 9: moving an official is an audited transfer, not a second registration.
  World w;
  const std::string kHonDat = "000.00.34.H33";
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.kg"})));
  EXPECT_EQ(TransferLogin(w.db(), "nguyenvanan.kg", kIct, " ", kActor).error().code,
            core::Code::kInvalidArgument);
  EXPECT_EQ(TransferLogin(w.db(), "nguyenvanan.kg", kJustice, "Điều động", kActor).error().code,
            core::Code::kInvalidArgument);
  auto moved = TransferLogin(w.db(), "NguyenVanAn.KG", kIct, "Quyết định điều động số 12", kActor);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->from_unit, kJustice);
  EXPECT_EQ(moved->to_unit, kIct);
  EXPECT_EQ(moved->ended, 1);

  const Account old = Get(w, kJustice).accounts.at(0);  // kept, as history
  EXPECT_EQ(old.status, AccountStatus::kEnded);
  auto h = History(w, "account", old.id);
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h.back().action, "transfer");
  EXPECT_EQ(h.back().to_status, "ended");
  EXPECT_EQ(h.back().reason, "Quyết định điều động số 12");

  const int64_t later = test_support::CreateDemoCampaign(w.db(), "Đợt bổ sung 2021");
  auto third = ImportForm(w.db(), later, kHonDat, Form(kHonDat, "", {"nguyenvanan.kg"}),
                          "p.csv", kActor);
  ASSERT_FALSE(third);
  EXPECT_NE(third.error().details.at(0).message.find(kIct), std::string::npos)
      << third.error().details.at(0).message;
  // In the campaign of the old row the login keeps its one row; the new unit registers it
  // in the next campaign.
  auto same = Import(w, kIct, Form(kIct, "", {"nguyenvanan.kg"}));
  ASSERT_FALSE(same);
  EXPECT_NE(same.error().details.at(0).message.find("đợt sau"), std::string::npos);
  auto next = ImportForm(w.db(), later, kIct, Form(kIct, "", {"nguyenvanan.kg"}), "p.csv",
                         kActor);
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(test_support::CountRows(w.db(), "login_transfer"), 0);
}

TEST(Registration, ASuspendedLoginIsNotTransferredAndARevokedOneIsReinstatedExplicitly) {
  // issue 10 item 9: revocation and suspension win until an explicit reinstatement.
  World w;
  registration_test::ImportAndSend(w);
  ASSERT_TRUE(AddCommitment(w.db(), GoodCommitment(kJustice), kActor));
  ASSERT_TRUE(registration_test::Step(w, kJustice, FormAction::kActivate));
  const auto accounts = Get(w, kJustice).accounts;
  ASSERT_TRUE(ChangeAccountStatus(w.db(), accounts[0].id, AccountStatus::kSuspended, "Kiểm tra",
                                  kActor));
  auto t = TransferLogin(w.db(), accounts[0].row.login, kIct, "Điều động", kActor);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, core::Code::kConflict);

  ASSERT_TRUE(ChangeAccountStatus(w.db(), accounts[1].id, AccountStatus::kRevoked, "Nghỉ việc",
                                  kActor));
  EXPECT_FALSE(ChangeAccountStatus(w.db(), accounts[1].id, AccountStatus::kRevoked, "x", kActor));
  EXPECT_EQ(ReinstateLogin(w.db(), accounts[1].row.login, "", kActor).error().code,
            core::Code::kInvalidArgument);
  auto n = ReinstateLogin(w.db(), accounts[1].row.login, "Tuyển dụng lại", kActor);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(History(w, "account", accounts[1].id).back().action, "reinstate");
  EXPECT_EQ(ReinstateLogin(w.db(), accounts[1].row.login, "again", kActor).error().code,
            core::Code::kNotFound);
}

// A database that counts the jobs given to its single writer.
class CountingDb final : public store::Database {
 public:
  explicit CountingDb(store::Database& inner) : inner_(inner) {}
  std::string_view Engine() const override { return inner_.Engine(); }
  int writes = 0;

 protected:
  Result<void> RunRead(const Job& job) override {
    return inner_.Read([&](store::Tx& tx) { return job(tx); });
  }
  Result<void> RunWrite(const Job& job) override {
    ++writes;
    return inner_.Write([&](store::Tx& tx) { return job(tx); });
  }

 private:
  store::Database& inner_;
};

TEST(Registration, AFileIsParsedAndCheckedBeforeTheWriterIsAskedForAnything) {
  // issue 10 item 5: three imports in parallel blocked every login (parsed inside the writer).
  World w;
  CountingDb db(w.db());
  std::vector<AccountCells> bad = {{.tt = "1", .full_name = "Nguyễn Văn An",
                                    .login = "nguyenvanan.stp", .phone = "12345",
                                    .agency_code = kJustice}};
  auto refused = ImportForm(db, w.campaign, kJustice, FormCsv(bad), "p.csv", kActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().details.size(), 1u);
  auto unreadable = ImportForm(db, w.campaign, kJustice, "PK\x03\x04garbage", "p.xlsx", kActor);
  ASSERT_FALSE(unreadable);
  EXPECT_EQ(db.writes, 0);
  auto ok = ImportForm(db, w.campaign, kJustice, JusticeForm({"nguyenvanan.stp"}), "p.csv", kActor);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(db.writes, 1);
  EXPECT_EQ(Logins(Get(w, kJustice)), std::vector<std::string>{"nguyenvanan.stp"});
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


TEST(Registration, OfficialCccdIsStoredAndReadBackEverywhere) {
  // issue 11 item 2: the CCCD of the form reaches account.official_id and every reader.
  World w;
  std::vector<AccountCells> rows = {
      {.tt = "1", .full_name = "Nguyễn Văn An", .login = "nguyenvanan.stp", .agency_code = kJustice,
       .official_id = "091085001111"},
      {.tt = "2", .full_name = "Trần Thị Bình", .login = "tranthibinh.stp", .agency_code = kJustice}};
  auto r = Import(w, kJustice, FormCsv(rows));
  ASSERT_TRUE(r) << r.error().message;
  Registration reg = Get(w, kJustice);
  ASSERT_EQ(reg.accounts.size(), 2u);
  EXPECT_EQ(reg.accounts[0].row.official_id, "091085001111");
  EXPECT_EQ(reg.accounts[1].row.official_id, "");
  auto listed = w.db().Read([&](store::Tx& tx) { return ListCampaignAccounts(tx, w.campaign); });
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->accounts.size(), 2u);
  EXPECT_EQ(listed->accounts[0].official_id, "091085001111");
  auto stored = w.db().Read([](store::Tx& tx) {
    return tx.QueryOne("SELECT official_id FROM account WHERE login_key = 'nguyenvanan.stp'", {}, "x");
  });
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->Text(0), "091085001111");
}

TEST(Registration, AFileWithoutTheCccdColumnKeepsTheSavedCccds) {
  // issue 11 clerk finding 2: downloading the list and uploading it again erased every CCCD.
  World w;
  ASSERT_TRUE(Import(w, kJustice, FormCsv({{.tt = "1", .full_name = "Nguyễn Văn An", .login = "nguyenvanan.stp",
                                             .agency_code = kJustice, .official_id = "091085001111"}})));
  auto again = Import(w, kJustice, FormCsv({{.tt = "1", .full_name = "Nguyễn Văn An", .login = "nguyenvanan.stp",
                                             .agency_code = kJustice},
                                            {.tt = "2", .full_name = "Trần Thị Bình", .login = "tranthibinh.stp",
                                             .agency_code = kJustice}}));
  ASSERT_TRUE(again) << again.error().message;
  Registration reg = Get(w, kJustice);
  ASSERT_EQ(reg.accounts.size(), 2u);
  EXPECT_EQ(reg.accounts[0].row.official_id, "091085001111");
  EXPECT_EQ(reg.accounts[1].row.official_id, "");
}

TEST(Registration, ACccdRegisteredByAnotherUnitUnderAnotherLoginIsRefused) {
  // issue 11 clerk finding 3: one official, one account — the form refused it only within itself.
  World w;
  ASSERT_TRUE(Import(w, kJustice, FormCsv({{.tt = "1", .full_name = "Nguyễn Văn An", .login = "nguyenvanan.stp",
                                             .agency_code = kJustice, .official_id = "091085001111"}})));
  auto r = Import(w, kIct, FormCsv({{.tt = "1", .full_name = "Nguyễn Văn An", .login = "nguyenvanan.stttt",
                                     .agency_code = kIct, .official_id = "091085001111"}}));
  ASSERT_FALSE(r);
  ASSERT_FALSE(r.error().details.empty()) << r.error().message;
  EXPECT_EQ(r.error().details[0].column, column::kOfficialId);
  EXPECT_NE(r.error().details[0].message.find("nguyenvanan.stp"), std::string::npos) << r.error().details[0].message;
}

TEST(Registration, SetOfficialIdChangesLiveRowsWithHistory) {
  // issue 11 item 2: the CCCD of an existing account, set without re-importing, with history.
  World w;
  registration_test::ImportAndSend(w);
  const auto accounts = Get(w, kJustice).accounts;
  auto set = SetOfficialId(w.db(), "NguyenVanAn.STP", " 091 085 001 111", "cli:clerk");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->official_id, "091085001111");
  EXPECT_EQ(set->accounts, 1);
  EXPECT_EQ(Get(w, kJustice).accounts[0].row.official_id, "091085001111");
  auto h = History(w, "account", accounts[0].id);
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h.back().action, "set_official_id");
  EXPECT_EQ(h.back().actor, "cli:clerk");
  EXPECT_EQ(h.back().detail, std::string(column::kOfficialId) + ": (chưa có) → 091******111");

  // The same number again changes nothing and writes no history.
  auto again = SetOfficialId(w.db(), "nguyenvanan.stp", "091085001111", kActor);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->accounts, 0);
  EXPECT_EQ(History(w, "account", accounts[0].id).size(), h.size());

  auto bad = SetOfficialId(w.db(), "nguyenvanan.stp", "003085001111", kActor);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(bad.error().message.find(column::kOfficialId), std::string::npos) << bad.error().message;
  auto taken = SetOfficialId(w.db(), "tranthibinh.stp", "091085001111", kActor);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, core::Code::kConflict);
  EXPECT_NE(taken.error().message.find("nguyenvanan.stp"), std::string::npos) << taken.error().message;
  EXPECT_EQ(SetOfficialId(w.db(), "khongco.stp", "091085001112", kActor).error().code,
            core::Code::kNotFound);

  auto cleared = SetOfficialId(w.db(), "nguyenvanan.stp", "", kActor);
  ASSERT_TRUE(cleared) << cleared.error().message;
  EXPECT_EQ(Get(w, kJustice).accounts[0].row.official_id, "");
  EXPECT_EQ(History(w, "account", accounts[0].id).back().detail,
            std::string(column::kOfficialId) + ": 091******111 → (chưa có)");
}


TEST(Demo, AccountsCarrySyntheticKienGiangCccdsOnePerLogin) {
  // issue 11 item 2: the demo's officials have CCCDs of their province (091), valid, unique.
  test_support::TempDb t;
  ASSERT_TRUE(t);
  auto demo = LoadDemo(t.db(), kActor);
  ASSERT_TRUE(demo) << demo.error().message;
  auto rows = t.db().Read([](store::Tx& tx) {
    return tx.Query("SELECT login_key, official_id, full_name FROM account", {});
  });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_FALSE(rows->empty());
  std::map<std::string, std::string> login_of;
  for (const auto& r : *rows) {
    SCOPED_TRACE(r.Text(0));
    auto cccd = core::Cccd::Parse(r.Text(1), 2021);
    ASSERT_TRUE(cccd) << r.Text(1) << ": " << cccd.error().message;
    EXPECT_EQ(cccd->province_code(), "091");
    EXPECT_GE(2021 - cccd->birth_year(), 25);
    EXPECT_LE(2021 - cccd->birth_year(), 55);
    auto [it, fresh] = login_of.emplace(r.Text(1), r.Text(0));
    EXPECT_TRUE(fresh || it->second == r.Text(0)) << r.Text(1) << " also " << it->second;
  }
}

}  // namespace
}  // namespace dancu::registry
