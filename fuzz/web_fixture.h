// The expensive fixture of the web fuzz targets (json_api, http), built once per process: the
// demo registry in a temporary SQLite file, an audit log, the gateway over an in-memory
// national service holding one citizen, an integrated system with its API key, one signed-in
// user per role, and web::App over all of it — what `dancu demo && dancu serve` wires.
//
// Inputs may name the fixture's secrets with placeholders, replaced before a request is sent,
// so that the fuzzer reaches past authentication without guessing random tokens:
//   @KEY@ the API key, @ACC@ an active account of Sở TT&TT, @UNIT@ its unit (000.00.16.H33),
//   @CCCD@ the citizen's number, @S:a@ / @C:a@ the session cookie value / CSRF token of the
//   admin (a), focal point (f), official (o) or auditor (u).
// Every request is audited and some routes read the whole audit log (export, verify, search),
// so the cost of an input grows with the number of inputs before it (json_api: 540 exec/s at
// the start, 244 after 150,000); the targets therefore take the fixture through
// WebForInput(), which builds a fresh one every kRenewEvery inputs (~3 s each time).
// Thread-safety: Web() and WebForInput() are called from the fuzzing thread only; Call() may be
// called from one thread at a time.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "auth/auth.h"
#include "fuzz/fuzz_support.h"
#include "gateway/gateway.h"
#include "gateway/systems.h"
#include "registry/registry.h"
#include "web/app.h"
#include "web/routes.h"

namespace dancu::fuzz {

constexpr const char* kFuzzUnit = "000.00.16.H33";  // Sở TT&TT: form active in the demo
constexpr const char* kFuzzCccd = "091085000111";
constexpr const char* kFuzzPassword = "Fuzz-Pass-2024!x";

// The national service: one citizen, answers at once.
class OneCitizenSource final : public population::CitizenSource {
 public:
  core::Result<std::vector<population::Citizen>> Lookup(const population::Caller&,
                                                        const population::Query& q) override {
    if (q.id_number == kFuzzCccd || q.name_key == "NGUYEN THI LAN") return std::vector{citizen_};
    return std::vector<population::Citizen>{};
  }
  core::Result<bool> Verify(const population::Caller&, const std::string& id, const std::string& name,
                            const population::BirthDate& birth) override {
    return id == kFuzzCccd && population::NameKey(name) == "NGUYEN THI LAN" &&
           birth == citizen_.birth;
  }

 private:
  population::Citizen citizen_ = [] {
    population::Citizen c;
    c.id_number = kFuzzCccd;
    c.cmnd = "371234567";
    c.family_name = "Nguyễn";
    c.middle_name = "Thị";
    c.given_name = "Lan";
    c.sex = 2;
    c.birth = {1985, 3, 14};
    c.permanent = {"91", "899", "30769", "12 Trần Phú", "VN"};
    c.father = {"Nguyễn Văn Bình", "VN", "091055000222", ""};
    return c;
  }();
};

// Fails the whole run when the fixture cannot be built: a broken fixture is no finding.
template <class T>
T Need(core::Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "fuzz fixture: %s: %s\n", what, r.error().message.c_str());
    std::exit(2);
  }
  return std::move(*r);
}

inline void Need(core::Result<void> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "fuzz fixture: %s: %s\n", what, r.error().message.c_str());
    std::exit(2);
  }
}

class WebFixture {
 public:
  WebFixture() {
    char dir_template[] = "/tmp/dancu-fuzz-XXXXXX";
    Check(mkdtemp(dir_template) != nullptr, "mkdtemp");
    dir_ = dir_template;
    static std::vector<std::string> dirs_to_remove;
    if (dirs_to_remove.empty()) {
      std::atexit([] {
        for (const auto& d : dirs_to_remove) std::filesystem::remove_all(d);
      });
    }
    dirs_to_remove.push_back(dir_);
    db_ = Need(store::OpenSqlite(dir_ + "/dancu.db", {.durable = false}), "dancu.db");
    audit_db_ = Need(store::OpenSqlite(dir_ + "/audit.db", {.durable = false}), "audit.db");
    Need(registry::LoadDemo(*db_, "fuzz"), "demo");
    Need(db_->Write([](store::Tx& tx) {
      return tx.Exec("INSERT INTO service_fields (code, fields) VALUES (?, ?), (?, ?) "
                     "ON CONFLICT (code) DO NOTHING",
                     {std::string("XMCD-03"), std::string(R"(["SoDinhDanh","HoVaTen"])"),
                      std::string("XMCD-04"), std::string(R"(["SoDinhDanh","HoVaTen","Cha"])")});
    }), "service fields");
    api_key_ = Need(gateway::AddSystem(*db_, "Một cửa (fuzz)", {kFuzzUnit}, "", "fuzz"), "system")
                   .api_key;
    auto row = Need(db_->Read([](store::Tx& tx) {
      return tx.QueryOne(
          "SELECT a.login_key FROM account a JOIN registration r ON r.id = a.registration_id "
          "WHERE r.org_code = ? AND a.status = 'active' ORDER BY r.campaign_id, a.row_no",
          {std::string(kFuzzUnit)}, "account");
    }), "active account");
    account_ = row.Text(0);
    log_ = Need(audit::AuditLog::Open(*audit_db_, audit::Keys::Generate()), "audit log");
    gateway_ = std::make_unique<gateway::Gateway>(*db_, source_, *log_, *audit_db_);
    Need(gateway_->Start(), "gateway");
    users_ = std::make_unique<auth::Users>(*db_, 2);
    sessions_ = std::make_unique<auth::Sessions>(*db_, *users_);
    SignIn("a", {.login = "fuzz.admin", .display_name = "Quản trị", .role = auth::Role::kAdmin});
    SignIn("u", {.login = "fuzz.auditor", .display_name = "Giám sát", .role = auth::Role::kAuditor});
    SignIn("f", {.login = "fuzz.focal", .display_name = "Đầu mối", .role = auth::Role::kFocal,
                 .unit_code = kFuzzUnit});
    SignIn("o", {.login = "fuzz.official", .display_name = "", .role = auth::Role::kOfficial,
                 .account = account_});
    app_ = std::make_unique<web::App>(
        web::Services{.db = *db_, .users = users_.get(), .sessions = sessions_.get(),
                      .gateway = gateway_.get(), .audit = log_.get(), .audit_db = audit_db_.get()},
        2);
    secrets_["@KEY@"] = api_key_;
    secrets_["@ACC@"] = account_;
    secrets_["@UNIT@"] = kFuzzUnit;
    secrets_["@CCCD@"] = kFuzzCccd;
  }

  // `text` with every placeholder replaced by the fixture's value.
  std::string Fill(std::string text) const {
    if (text.find('@') == std::string::npos) return text;
    for (const auto& [name, value] : secrets_) {
      for (size_t p = text.find(name); p != std::string::npos; p = text.find(name, p + value.size()))
        text.replace(p, name.size(), value);
    }
    return text;
  }

  // Sends `request` through web::App and waits for the reply, which must come exactly once.
  web::Response Call(web::Request request) {
    auto state = std::make_shared<std::pair<std::promise<web::Response>, std::atomic<int>>>();
    auto answer = state->first.get_future();
    app_->Handle(std::move(request), [state](web::Response r) {
      Check(state->second++ == 0, "web::App replied twice to one request");
      state->first.set_value(std::move(r));
    });
    web::Response r = answer.get();
    Check(r.status >= 100 && r.status <= 599, "web::App: HTTP status out of range");
    return r;
  }

  // The session headers of role `r` ("a", "f", "o", "u").
  std::string Cookie(const std::string& r) const {
    return std::string(web::kSessionCookie) + "=" + secrets_.at("@S:" + r + "@");
  }
  std::string Csrf(const std::string& r) const { return secrets_.at("@C:" + r + "@"); }

 private:
  void SignIn(const std::string& tag, auth::NewUser u) {
    u.password = kFuzzPassword;
    auto added = Need(users_->Add(u, "fuzz"), "user");
    auto s = Need(sessions_->Login(u.login, kFuzzPassword, "127.0.0.1"), "login");
    if (s.stage == auth::Stage::kNeedEnrolment) {
      auto e = Need(users_->BeginTotp(added.user.id), "totp");
      auto code = Need(auth::TotpCode(e.secret_base32, std::time(nullptr)), "totp code");
      Need(users_->ConfirmTotp(added.user.id, code), "totp confirm");
      std::string token = s.token;
      s = Need(sessions_->EnrolmentDone(token), "enrolment");
      s.token = token;
    }
    Check(s.stage == auth::Stage::kComplete, "fixture session is not complete");
    secrets_["@S:" + tag + "@"] = s.token;
    secrets_["@C:" + tag + "@"] = s.csrf;
  }

  std::string dir_;
  std::unique_ptr<store::Database> db_, audit_db_;
  OneCitizenSource source_;
  std::unique_ptr<audit::AuditLog> log_;
  std::unique_ptr<gateway::Gateway> gateway_;
  std::unique_ptr<auth::Users> users_;
  std::unique_ptr<auth::Sessions> sessions_;
  std::unique_ptr<web::App> app_;
  std::string api_key_, account_;
  std::map<std::string, std::string> secrets_;
};

constexpr long kRenewEvery = 25000;

inline WebFixture*& WebSlot() {
  static WebFixture* fixture = nullptr;
  return fixture;
}

// The process's fixture, built on first use; not destroyed at exit (its threads outlive main).
inline WebFixture& Web() {
  WebFixture*& fixture = WebSlot();
  if (fixture == nullptr) fixture = new WebFixture();
  return *fixture;
}

// The fixture for the next input: every kRenewEvery inputs the old one is destroyed (web::App
// joins its idle workers, the gateway and the audit log stop) and a fresh one takes its place,
// so the audit log and the database stay small. The fresh one is built on another thread
// during the last kPrepareAhead inputs: built inline, its seconds (more than 10 on a loaded
// machine) were charged to one input as a libFuzzer timeout.
constexpr long kPrepareAhead = 2000;

inline WebFixture& WebForInput() {
  static long inputs = 0;
  static std::future<WebFixture*> next;
  ++inputs;
  if (inputs % kRenewEvery == kRenewEvery - kPrepareAhead && !next.valid()) {
    next = std::async(std::launch::async, [] { return new WebFixture(); });
  }
  if (inputs % kRenewEvery == 0) {
    delete WebSlot();
    WebSlot() = next.valid() ? next.get() : nullptr;
  }
  return Web();
}

}  // namespace dancu::fuzz
