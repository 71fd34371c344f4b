// Shared fixture of the gateway tests: a registry with an activated form, an audit log, a fake
// national service and an integrated system (test-only header, included by *_test.cc).
#pragma once

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

  core::Result<std::vector<Citizen>> Lookup(const population::Caller& caller,
                                            const population::Query& q) override {
    Heard(caller);
    if (!Enter()) return core::Fail(Down());
    std::vector<Citizen> out;
    for (const auto& c : people)
      if (c.id_number == q.id_number) out.push_back(c);
    return out;
  }
  core::Result<bool> Verify(const population::Caller& caller, const std::string& id,
                            const std::string& name, const population::BirthDate& birth) override {
    Heard(caller);
    if (!Enter()) return core::Fail(Down());
    auto same = [&](const Citizen& c) {
      return population::NameKey(c.FullName()) == population::NameKey(name) && c.birth == birth;
    };
    for (const auto& c : people)
      if (c.id_number == id) return same(c);
    return false;
  }
  // The caller of the latest call (what the national service would have received).
  population::Caller LastCaller() {
    std::lock_guard l(mu_);
    return last_caller_;
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
  void Heard(const population::Caller& caller) {
    std::lock_guard l(mu_);
    last_caller_ = caller;
  }
  population::Caller last_caller_;
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
    in.credentials.api_key = system_.api_key;
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

}  // namespace
}  // namespace dancu::gateway
