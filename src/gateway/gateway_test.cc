// Unit tests of the query pipeline (issue 5): one policy test per refusal in pipeline order,
// quota exact under concurrency and across a restart, upstream failures not charged, answers
// minimised, and an audit record with the outcome's reason for every query.
#include "gateway/gateway.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <latch>
#include <mutex>
#include <thread>

#include "core/date.h"
#include "registry/registry.h"

namespace dancu::gateway {
namespace {

using population::Citizen;

constexpr const char* kActor = "test:gateway";
constexpr const char* kUnit = "000.00.16.H33";       // Sở TT&TT: form active, commitment on file
constexpr const char* kOtherUnit = "000.00.08.H33";  // Sở Tư pháp: form approved, not activated
constexpr const char* kMain = "nguyenvana.stttt";    // quota 10, XMCD-03 and XMCD-04
constexpr const char* kSmall = "tranthibinh.stttt";  // quota 4, XMCD-03
constexpr const char* kPending = "phamthidung.stp";  // of kOtherUnit
constexpr int kSmallQuota = 4;
constexpr const char* kCitizenId = "091085000111";
constexpr const char* kScan = "%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n";  // a signed scan
const auto kTimeout = std::chrono::seconds(30);  // a guard against hangs, never a timing

std::string TempPath(const char* suffix) {
  static std::atomic<int> n{0};
  return (std::filesystem::temp_directory_path() /
          ("dancu_gateway_test_" + std::to_string(getpid()) + "_" + std::to_string(n++) + suffix))
      .string();
}

struct TempFile {
  std::string path = TempPath(".sqlite");
  ~TempFile() {
    for (const char* s : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + s);
  }
};

std::string Line(const std::vector<std::string>& cells) {
  std::string out;
  for (const auto& c : cells) out += (out.empty() ? "\"" : ",\"") + c + "\"";
  return out + "\n";
}

// A form laid out like the paper form's account table: login, agency, queries, purposes.
std::string FormCsv(const std::vector<std::array<std::string, 5>>& rows) {
  std::string csv = Line(registry::FormColumnTitles());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    csv += Line(
        {std::to_string(i + 1), r[0], r[1], "0919674667", r[2], "", "Cán bộ một cửa", r[3], r[4]});
  }
  return csv;
}

// An in-memory national service: counts calls, fails on demand, and can hold callers.
class FakeSource final : public population::CitizenSource {
 public:
  std::vector<Citizen> people;
  std::atomic<int> calls{0};
  std::atomic<bool> fail{false};

  core::Result<std::vector<Citizen>> Lookup(const population::Query& q) override {
    if (!Enter()) return core::Fail(Down());
    std::vector<Citizen> out;
    for (const auto& c : people)
      if (c.id_number == q.id_number) out.push_back(c);
    return out;
  }
  core::Result<bool> Verify(const std::string& id, const std::string& name,
                            const population::BirthDate& birth) override {
    if (!Enter()) return core::Fail(Down());
    auto same = [&](const Citizen& c) {
      return population::NameKey(c.FullName()) == population::NameKey(name) && c.birth == birth;
    };
    for (const auto& c : people)
      if (c.id_number == id) return same(c);
    return false;
  }
  // Hold(true): callers entering from now on wait until Hold(false).
  void Hold(bool held) {
    std::lock_guard l(mu_);
    held_ = held;
    cv_.notify_all();
  }
  bool WaitEntered(int n) {
    std::unique_lock l(mu_);
    return cv_.wait_for(l, kTimeout, [&] { return calls >= n; });
  }

 private:
  static core::Error Down() { return core::Error::Unavailable("Dịch vụ dân cư không trả lời."); }
  bool Enter() {  // false when told to fail
    std::unique_lock l(mu_);
    calls++;
    cv_.notify_all();
    cv_.wait(l, [&] { return !held_; });
    return !fail;
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool held_ = false;
};

Citizen SampleCitizen() {
  Citizen c;
  c.id_number = kCitizenId;
  c.cmnd = "371234567";
  c.family_name = "Nguyễn";
  c.middle_name = "Thị";
  c.given_name = "Lan";
  c.sex = 2;
  c.ethnicity = "01";
  c.birth = {1985, 3, 14};
  c.permanent = {"91", "899", "30769", "12 Trần Phú", "VN"};
  c.hometown = {"91", "904", "30844", "Ấp Vàm Răng", "VN"};
  c.father = {"Nguyễn Văn Bình", "VN", "091055000222", ""};
  return c;
}

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = store::OpenSqlite(registry_file_.path, {.read_connections = 4, .durable = false});
    ASSERT_TRUE(r.has_value()) << r.error().message;
    registry_ = std::move(*r);
    auto a = store::OpenSqlite(audit_file_.path, {.read_connections = 2, .durable = false});
    ASSERT_TRUE(a.has_value()) << a.error().message;
    audit_db_ = std::move(*a);
    ASSERT_TRUE(
        registry::ImportOrgsCsv(*registry_, registry::DemoFile("kiengiang_2021_orgs.csv"), kActor));
    ASSERT_TRUE(
        registry::ImportPurposesCsv(*registry_, registry::DemoFile("purposes.csv"), kActor));
    auto campaign = registry::CreateCampaign(
        *registry_,
        {"Đợt thử", "Kế hoạch số 129/KH-UBND ngày 06/7/2021", "2021-07-27", "2021-07-30", {}, {}},
        kActor);
    ASSERT_TRUE(campaign.has_value()) << campaign.error().message;
    campaign_ = *campaign;
    Form(kUnit,
         {{"Nguyễn Văn A", "NguyenVanA.STTTT", kUnit, "5 x 2", "XMCD-03; XMCD-04"},
          {"Trần Thị Bình", kSmall, kUnit, std::to_string(kSmallQuota), "XMCD-03"},
          {"Lê Văn Cường", "levancuong.stttt", kUnit, "10", "XMCD-03"}},
         {registry::FormAction::kSubmit, registry::FormAction::kApprove,
          registry::FormAction::kSendC06});
    registry::CommitmentInput ci{kUnit, "Trần Minh Khoa", "Việt Nam", "091080001234",
                                 "0297 3862 123", "2021-05-10", "Cục Cảnh sát QLHC về TTXH",
                                 "Giám đốc", "Kiên Giang", "2021-07-20", "", kScan, "cam-ket.pdf"};
    auto c = registry::AddCommitment(*registry_, ci, kActor);
    ASSERT_TRUE(c.has_value()) << c.error().message;
    Step(kUnit, registry::FormAction::kActivate);
    Form(kOtherUnit, {{"Phạm Thị Dung", kPending, kOtherUnit, "10", "XMCD-03"}},
         {registry::FormAction::kSubmit, registry::FormAction::kApprove});
    auto sys = AddSystem(*registry_, "Một cửa Sở TT&TT", {kUnit}, "", kActor);
    ASSERT_TRUE(sys.has_value()) << sys.error().message;
    system_ = *sys;
    source_.people = {SampleCitizen()};
    OpenLog();
    StartGateway();
  }

  void TearDown() override {
    gateway_.reset();
    log_.reset();  // commits everything queued: no `done` can arrive after this
    EXPECT_EQ(dones_.load(), handles_.load()) << "`done` must be called exactly once per Handle";
  }

  void Form(const std::string& unit, const std::vector<std::array<std::string, 5>>& rows,
            const std::vector<registry::FormAction>& steps) {
    auto imported =
        registry::ImportForm(*registry_, campaign_, unit, FormCsv(rows), "phieu.csv", kActor);
    ASSERT_TRUE(imported.has_value())
        << imported.error().message
        << (imported.error().details.empty() ? "" : ": " + imported.error().details[0].message);
    for (auto s : steps) Step(unit, s);
  }
  void Step(const std::string& unit, registry::FormAction action) {
    auto r = registry::ApplyFormAction(*registry_, campaign_, unit, action, "", kActor);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  void OpenLog() {
    auto log = audit::AuditLog::Open(*audit_db_, keys_);
    ASSERT_TRUE(log.has_value()) << log.error().message;
    log_ = std::move(*log);
  }
  void StartGateway(GatewayOptions options = {}) {
    gateway_.reset();
    gateway_ = std::make_unique<Gateway>(*registry_, source_, *log_, *audit_db_, options);
    auto st = gateway_->Start();
    ASSERT_TRUE(st.has_value()) << st.error().message;
  }
  void Sql(const std::string& sql, const store::Params& params) {
    auto r = registry_->Write([&](store::Tx& tx) { return tx.Exec(sql, params); });
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_GT(*r, 0) << sql;
    gateway_->Invalidate();
  }
  int64_t AccountId(const std::string& login) {
    auto row = registry_->Read([&](store::Tx& tx) {
      return tx.QueryOne("SELECT id FROM account WHERE login_key = ?", {login}, login);
    });
    EXPECT_TRUE(row.has_value());
    return row ? row->Int(0) : 0;
  }

  LookupInput Input(const std::string& account, const std::string& purpose = "XMCD-03") const {
    LookupInput in;
    in.api_key = system_.api_key;
    in.account = account;
    in.purpose = purpose;
    in.dossier = "000.00.16.H33-211126-0001";
    in.query.id_number = kCitizenId;
    return in;
  }

  // Handle, waiting for the answer; counts every call of `done`.
  LookupOutcome Call(LookupInput in) {
    handles_++;
    auto promise = std::make_shared<std::promise<LookupOutcome>>();
    auto calls = std::make_shared<std::atomic<int>>(0);
    auto answer = promise->get_future();
    gateway_->Handle(std::move(in), [this, promise, calls](LookupOutcome out) {
      dones_++;
      if ((*calls)++ == 0) promise->set_value(std::move(out));
    });
    if (answer.wait_for(kTimeout) != std::future_status::ready) {
      ADD_FAILURE() << "`done` was not called";
      return {};
    }
    return answer.get();
  }

  // The audit record of `out` (found by its seq among `actor`'s records).
  audit::StoredRecord Audited(const LookupOutcome& out, const std::string& actor) {
    auto found =
        audit::Search(*audit_db_, keys_, {.account = actor, .kind = "query", .limit = 1000});
    EXPECT_TRUE(found.has_value()) << found.error().message;
    if (found)
      for (auto& r : *found)
        if (r.record.seq == out.audit_seq) return r;
    ADD_FAILURE() << "no audit record " << out.audit_seq << " of " << actor;
    return {};
  }
  void ExpectRefused(const LookupOutcome& out, const std::string& actor, const std::string& reason,
                     core::Code code, const std::string& outcome = "refused") {
    EXPECT_FALSE(out.allowed);
    EXPECT_EQ(out.reason_code, reason);
    EXPECT_EQ(core::CodeName(out.error.code), core::CodeName(code)) << out.error.message;
    EXPECT_FALSE(out.error.message.empty());
    EXPECT_TRUE(out.citizens.empty());
    EXPECT_FALSE(out.match.has_value());
    ASSERT_GT(out.audit_seq, 0);
    auto rec = Audited(out, actor);
    EXPECT_EQ(rec.record.outcome, outcome);
    EXPECT_EQ(rec.record.reason_code, reason);
    EXPECT_EQ(rec.record.reason, out.error.message);
  }
  int64_t AllowedToday(const std::string& actor) {
    auto counts = audit::CountAllowedQueries(*audit_db_, core::TodayLocal().Iso());
    EXPECT_TRUE(counts.has_value());
    return counts && counts->contains(actor) ? counts->at(actor) : 0;
  }

  TempFile registry_file_, audit_file_;
  std::unique_ptr<store::Database> registry_, audit_db_;
  audit::Keys keys_ = audit::Keys::Generate();
  std::unique_ptr<audit::AuditLog> log_;
  FakeSource source_;
  std::unique_ptr<Gateway> gateway_;
  int64_t campaign_ = 0;
  NewSystem system_;
  std::atomic<int> handles_{0}, dones_{0};
};

// --- Refusals, in the order of the pipeline --------------------------------------------------

TEST_F(GatewayTest, MissingMalformedUnknownOrWrongApiKeyIsUnauthenticated) {
  std::string wrong_secret = system_.api_key.substr(0, 21) + std::string(64, '0');
  std::string unknown_id = "dck_" + std::string(16, 'f') + system_.api_key.substr(20);
  for (const std::string& key :
       {std::string(), std::string("dck_short"), system_.api_key + "x", wrong_secret, unknown_id}) {
    SCOPED_TRACE(key);
    LookupInput in = Input(kMain);
    in.api_key = key;
    ExpectRefused(Call(in), kMain, "system_credential", core::Code::kUnauthenticated);
  }
  EXPECT_EQ(source_.calls, 0);
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 0);
}

TEST_F(GatewayTest, RevokedApiKeyIsUnauthenticatedRightAfterInvalidate) {
  ASSERT_TRUE(Call(Input(kMain)).allowed);  // the key is now remembered as verified
  ASSERT_TRUE(RevokeSystem(*registry_, system_.system.id, kActor).has_value());
  gateway_->Invalidate();
  ExpectRefused(Call(Input(kMain)), kMain, "system_credential", core::Code::kUnauthenticated);
  EXPECT_EQ(source_.calls, 1);
}

// Issue 5: `dancu system add|revoke` run by another process reaches a running gateway only
// through the policy refresh; with a zero refresh period the very next query must see it.
TEST_F(GatewayTest, SystemChangedByAnotherProcessIsSeenAtTheNextPolicyRefresh) {
  StartGateway({.policy_refresh = std::chrono::milliseconds(0)});
  ASSERT_TRUE(Call(Input(kMain)).allowed);
  auto added = AddSystem(*registry_, "Cổng DVC tỉnh", {"000.00.00.H33"}, "", kActor);
  ASSERT_TRUE(added.has_value());
  LookupInput in = Input(kMain);
  in.api_key = added->api_key;
  auto out = Call(in);
  EXPECT_TRUE(out.allowed) << out.reason_code << ": " << out.error.message;
  ASSERT_TRUE(RevokeSystem(*registry_, system_.system.id, kActor).has_value());
  ExpectRefused(Call(Input(kMain)), kMain, "system_credential", core::Code::kUnauthenticated);
}

TEST_F(GatewayTest, MissingOrUnknownAccountIsRefused) {
  ExpectRefused(Call(Input("")), "(không rõ)", "account_missing", core::Code::kInvalidArgument);
  auto out = Call(Input("khongco.stttt"));
  ExpectRefused(out, "khongco.stttt", "account_unknown", core::Code::kPermissionDenied);
  EXPECT_NE(out.error.message.find("khongco.stttt"), std::string::npos);
}

TEST_F(GatewayTest, SuspendedAccountIsInactiveUntilResumed) {
  int64_t id = AccountId("levancuong.stttt");
  ASSERT_TRUE(registry::ChangeAccountStatus(*registry_, id, registry::AccountStatus::kSuspended,
                                            "Nghỉ việc", kActor));
  gateway_->Invalidate();
  auto out = Call(Input("levancuong.stttt"));
  ExpectRefused(out, "levancuong.stttt", "account_inactive", core::Code::kPermissionDenied);
  EXPECT_NE(out.error.message.find("tạm dừng"), std::string::npos) << out.error.message;
  ASSERT_TRUE(
      registry::ChangeAccountStatus(*registry_, id, registry::AccountStatus::kActive, "", kActor));
  gateway_->Invalidate();
  EXPECT_TRUE(Call(Input("levancuong.stttt")).allowed);
}

TEST_F(GatewayTest, PendingAccountOfAFormNotActivatedIsInactive) {
  auto out = Call(Input(kPending));
  ExpectRefused(out, kPending, "account_inactive", core::Code::kPermissionDenied);
  EXPECT_NE(out.error.message.find("chờ kích hoạt"), std::string::npos) << out.error.message;
}

// An active account whose form is no longer approved cannot be reached through the workflow
// (activation is final for the form), so the form's status is changed with raw SQL.
TEST_F(GatewayTest, ActiveAccountOfAFormNotApprovedIsRefused) {
  for (const char* status : {"returned", "submitted", "draft"}) {
    SCOPED_TRACE(status);
    Sql("UPDATE registration SET status = ? WHERE org_code = ?",
        {std::string(status), std::string(kUnit)});
    ExpectRefused(Call(Input(kMain)), kMain, "form_not_approved", core::Code::kPermissionDenied);
  }
  EXPECT_EQ(source_.calls, 0);
}

// Revocation or expiry of the commitment after activation, made with raw SQL.
TEST_F(GatewayTest, UnitWithoutAValidCommitmentIsRefused) {
  struct Case {
    const char* why;
    const char* sql;
  };
  for (const Case& c :
       {Case{"revoked", "UPDATE commitment SET status = 'revoked' WHERE org_code = ?"},
        Case{"expired", "UPDATE commitment SET valid_to = '2022-12-31' WHERE org_code = ?"},
        Case{"no scan", "UPDATE commitment SET scan_sha256 = NULL WHERE org_code = ?"}}) {
    SCOPED_TRACE(c.why);
    Sql("UPDATE commitment SET status = 'valid', valid_to = NULL, scan_sha256 = "
        "(SELECT sha256 FROM document LIMIT 1) WHERE org_code = ?",
        {std::string(kUnit)});
    ASSERT_TRUE(Call(Input(kMain)).allowed);
    Sql(c.sql, {std::string(kUnit)});
    auto out = Call(Input(kMain));
    ExpectRefused(out, kMain, "no_commitment", core::Code::kPermissionDenied);
    EXPECT_NE(out.error.message.find("Sở Thông tin và Truyền thông"), std::string::npos)
        << out.error.message;
  }
}

TEST_F(GatewayTest, PurposeNotRegisteredForTheAccountIsRefused) {
  for (const char* purpose : {"XMCD-01", ""}) {
    SCOPED_TRACE(purpose);
    auto out = Call(Input(kMain, purpose));
    ExpectRefused(out, kMain, "purpose_not_registered", core::Code::kPermissionDenied);
    EXPECT_NE(out.error.message.find("XMCD-03, XMCD-04"), std::string::npos) << out.error.message;
  }
  EXPECT_EQ(source_.calls, 0);
}

TEST_F(GatewayTest, UnitCodeOtherThanTheAccountsUnitIsRefused) {
  LookupInput in = Input(kMain);
  in.unit_code = kOtherUnit;
  ExpectRefused(Call(in), kMain, "unit_mismatch", core::Code::kPermissionDenied);
  in.unit_code = kUnit;
  EXPECT_TRUE(Call(in).allowed);
}

TEST_F(GatewayTest, SystemNotServingTheAccountsUnitIsRefused) {
  auto other = AddSystem(*registry_, "Một cửa Sở Tư pháp", {kOtherUnit}, "", kActor);
  ASSERT_TRUE(other.has_value());
  gateway_->Invalidate();  // a system added in this process is known at once
  LookupInput in = Input(kMain);
  in.api_key = other->api_key;
  auto out = Call(in);
  ExpectRefused(out, kMain, "unit_not_served", core::Code::kPermissionDenied);
  EXPECT_EQ(Audited(out, kMain).record.system, "Một cửa Sở Tư pháp");
  // A system registered for the province serves every unit under it.
  auto province = AddSystem(*registry_, "Cổng DVC tỉnh", {"000.00.00.H33"}, "", kActor);
  ASSERT_TRUE(province.has_value());
  gateway_->Invalidate();
  in.api_key = province->api_key;
  EXPECT_TRUE(Call(in).allowed);
}

TEST_F(GatewayTest, QueryWithoutASearchKeyIsRefusedAndNotCharged) {
  LookupInput nothing = Input(kMain), name_only = Input(kMain), verify_no_name = Input(kMain);
  nothing.query = {};
  name_only.query = {.name_key = "NGUYEN THI LAN"};  // a name needs a birth date
  verify_no_name.verify = true;                      // verification needs the name too
  verify_no_name.query.birth = population::BirthDate{1985, 3, 14};
  for (const auto& in : {nothing, name_only, verify_no_name}) {
    ExpectRefused(Call(in), kMain, "invalid_query", core::Code::kInvalidArgument);
  }
  EXPECT_EQ(source_.calls, 0);
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 0);
}

TEST_F(GatewayTest, SpentQuotaIsRefusedWithTheCount) {
  for (int i = 1; i <= kSmallQuota; ++i) {
    auto out = Call(Input(kSmall));
    ASSERT_TRUE(out.allowed) << i << ": " << out.error.message;
    EXPECT_EQ(out.quota_used, i);
    EXPECT_EQ(out.quota_limit, kSmallQuota);
  }
  auto out = Call(Input(kSmall));
  ExpectRefused(out, kSmall, "quota_exhausted", core::Code::kQuotaExhausted);
  EXPECT_NE(out.error.message.find("Đã hết số lần truy vấn trong ngày (4/4)"), std::string::npos)
      << out.error.message;
  EXPECT_EQ(out.quota_used, kSmallQuota);
  EXPECT_EQ(source_.calls, kSmallQuota);
  EXPECT_EQ(AllowedToday(kSmall), kSmallQuota);
}

TEST_F(GatewayTest, UpstreamUnavailableFailsAndIsNotCharged) {
  ASSERT_TRUE(Call(Input(kMain)).allowed);
  ASSERT_EQ(gateway_->QuotaUsed(kMain), 1);
  source_.fail = true;
  for (bool verify : {false, true}) {
    LookupInput in = Input(kMain);
    in.verify = verify;
    in.full_name = "Nguyễn Thị Lan";
    in.query.birth = population::BirthDate{1985, 3, 14};
    auto out = Call(in);
    ExpectRefused(out, kMain, "upstream_unavailable", core::Code::kUnavailable, "failed");
    EXPECT_EQ(out.quota_used, 1);
  }
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 1);
  EXPECT_EQ(AllowedToday(kMain), 1);
  source_.fail = false;
  auto next = Call(Input(kMain));
  ASSERT_TRUE(next.allowed);
  EXPECT_EQ(next.quota_used, 2) << "the failed calls were given back";
}

// --- Allowed queries -------------------------------------------------------------------------

TEST_F(GatewayTest, PurposeWithoutConfigurationGetsIdentityFieldsOnly) {
  LookupInput in = Input("NGUYENVANA.stttt");  // logins match case-insensitively
  auto out = Call(in);
  ASSERT_TRUE(out.allowed) << out.error.message;
  EXPECT_EQ(out.reason_code, "");
  ASSERT_EQ(out.citizens.size(), 1u);
  const Citizen& c = out.citizens[0];
  EXPECT_EQ(c.id_number, kCitizenId);
  EXPECT_EQ(c.FullName(), "Nguyễn Thị Lan");
  EXPECT_EQ(c.birth, (population::BirthDate{1985, 3, 14}));
  EXPECT_TRUE(c.permanent.empty());
  EXPECT_TRUE(c.father.empty());
  EXPECT_TRUE(c.ethnicity.empty());
  EXPECT_EQ(out.quota_used, 1);
  EXPECT_EQ(out.quota_limit, 10);
  const audit::Record rec = Audited(out, kMain).record;
  using Strings = std::vector<std::string>;
  EXPECT_EQ((Strings{rec.outcome, rec.reason_code, rec.unit, rec.purpose, rec.system, rec.dossier}),
            (Strings{"allowed", "", kUnit, "XMCD-03", "Một cửa Sở TT&TT", in.dossier}));
  EXPECT_EQ(rec.detail.find(kCitizenId), std::string::npos);
  auto about = audit::LookupsOfSubject(*audit_db_, keys_, kCitizenId);
  ASSERT_TRUE(about.has_value());
  ASSERT_EQ(about->size(), 1u);
  EXPECT_EQ(about->at(0).record.seq, out.audit_seq);
}

TEST_F(GatewayTest, ConfiguredServiceFieldsAreAllThatLeave) {
  Sql("INSERT INTO service_fields (code, fields) VALUES (?, ?)",
      {std::string("XMCD-04"), std::string(R"(["SoDinhDanh","HoVaTen","ThuongTru"])")});
  auto out = Call(Input(kMain, "XMCD-04"));
  ASSERT_TRUE(out.allowed) << out.error.message;
  ASSERT_EQ(out.citizens.size(), 1u);
  const Citizen& c = out.citizens[0];
  EXPECT_EQ(c.id_number, kCitizenId);
  EXPECT_EQ(c.FullName(), "Nguyễn Thị Lan");
  EXPECT_EQ(c.permanent, SampleCitizen().permanent);
  EXPECT_TRUE(c.cmnd.empty());
  EXPECT_EQ(c.birth, population::BirthDate{});
  EXPECT_TRUE(c.hometown.empty());
  EXPECT_TRUE(c.father.empty());
  // The other purpose of the same account keeps the identity-only default.
  auto other = Call(Input(kMain, "XMCD-03"));
  ASSERT_EQ(other.citizens.size(), 1u);
  EXPECT_TRUE(other.citizens[0].permanent.empty());
  EXPECT_EQ(other.citizens[0].cmnd, "371234567");
}

TEST_F(GatewayTest, VerifyAnswersMatchOrNotWithoutCitizenData) {
  struct Case {
    const char* name;
    population::BirthDate birth;
    bool match;
  };
  for (const Case& c :
       {Case{"Nguyễn Thị Lan", {1985, 3, 14}, true}, Case{"NGUYEN THI LAN", {1985, 3, 14}, true},
        Case{"Nguyễn Thị Lanh", {1985, 3, 14}, false},
        Case{"Nguyễn Thị Lan", {1985, 3, 15}, false}}) {
    SCOPED_TRACE(c.name);
    LookupInput in = Input(kMain);
    in.verify = true;
    in.full_name = c.name;
    in.query.birth = c.birth;
    auto out = Call(in);
    ASSERT_TRUE(out.allowed) << out.error.message;
    ASSERT_TRUE(out.match.has_value());
    EXPECT_EQ(*out.match, c.match);
    EXPECT_TRUE(out.citizens.empty());
    auto rec = Audited(out, kMain);
    EXPECT_EQ(rec.record.action, "verify");
    EXPECT_EQ(rec.record.outcome, "allowed");
  }
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 4);
}

// --- Quota under concurrency and across a restart ----------------------------------------------

TEST_F(GatewayTest, RacingClientsGetExactlyTheQuota) {
  // Warm the key up: until it is verified, queries run one by one on the authenticator's thread.
  ASSERT_EQ(Call(Input("")).reason_code, "account_missing");
  source_.Hold(true);
  constexpr int kClients = 2 * kSmallQuota;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<LookupOutcome> finished;
  std::latch start(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&] {
      start.arrive_and_wait();
      auto out = Call(Input(kSmall));
      std::lock_guard l(mu);
      finished.push_back(std::move(out));
      cv.notify_all();
    });
  }
  // While the allowed ones wait upstream, the others must already have been refused.
  EXPECT_TRUE(source_.WaitEntered(kSmallQuota));
  {
    std::unique_lock l(mu);
    EXPECT_TRUE(
        cv.wait_for(l, kTimeout, [&] { return int(finished.size()) >= kClients - kSmallQuota; }));
    EXPECT_EQ(int(finished.size()), kClients - kSmallQuota);
    for (const auto& out : finished) EXPECT_EQ(out.reason_code, "quota_exhausted");
  }
  EXPECT_EQ(source_.calls, kSmallQuota);
  source_.Hold(false);
  for (auto& t : clients) t.join();
  int allowed = 0;
  for (const auto& out : finished) allowed += out.allowed;
  EXPECT_EQ(allowed, kSmallQuota);
  EXPECT_EQ(gateway_->QuotaUsed(kSmall), kSmallQuota);
  EXPECT_EQ(AllowedToday(kSmall), kSmallQuota);
}

TEST_F(GatewayTest, QuotaUsageSurvivesARestart) {
  ASSERT_TRUE(Call(Input(kSmall)).allowed);
  ASSERT_TRUE(Call(Input(kSmall)).allowed);
  source_.fail = true;
  ASSERT_EQ(Call(Input(kSmall)).reason_code, "upstream_unavailable");
  source_.fail = false;
  gateway_.reset();
  log_.reset();
  OpenLog();
  StartGateway();
  EXPECT_EQ(gateway_->QuotaUsed(kSmall), 2) << "only the allowed queries count";
  auto third = Call(Input(kSmall));
  ASSERT_TRUE(third.allowed);
  EXPECT_EQ(third.quota_used, 3);
  ASSERT_TRUE(Call(Input(kSmall)).allowed);
  auto out = Call(Input(kSmall));
  ExpectRefused(out, kSmall, "quota_exhausted", core::Code::kQuotaExhausted);
  EXPECT_NE(out.error.message.find("(4/4)"), std::string::npos) << out.error.message;
}

TEST_F(GatewayTest, DoneIsCalledOnceForEachOfManyAsyncQueries) {
  ASSERT_EQ(Call(Input("")).reason_code, "account_missing");  // verifies the key once
  constexpr int kQueries = 30;
  std::atomic<int> answered{0};
  std::promise<void> all;
  for (int i = 0; i < kQueries; ++i) {
    LookupInput in = Input(i % 3 == 0 ? kSmall : i % 3 == 1 ? kMain : "khongco.stttt");
    handles_++;
    gateway_->Handle(std::move(in), [&](LookupOutcome) {
      dones_++;
      if (++answered == kQueries) all.set_value();
    });
  }
  ASSERT_EQ(all.get_future().wait_for(kTimeout), std::future_status::ready);
  gateway_.reset();
  log_.reset();
  EXPECT_EQ(dones_.load(), kQueries + 1);
  EXPECT_EQ(AllowedToday(kSmall), kSmallQuota);
  EXPECT_EQ(AllowedToday(kMain), 10);
}

}  // namespace
}  // namespace dancu::gateway
