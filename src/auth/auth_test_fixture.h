// Shared fixture of the auth tests: a migrated temp database with the demo catalogue, one
// form whose account an official can use, and a fake clock (test-only header).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "auth/auth.h"
#include "core/hash.h"
#include "registry/registry.h"
#include "registry/test_support.h"

namespace dancu::auth {
namespace {

using namespace std::chrono_literals;
using Time = std::chrono::system_clock::time_point;

constexpr const char* kActor = "test:auth";
constexpr const char* kIct = "000.00.16.H33";           // Sở Thông tin và Truyền thông
constexpr const char* kAccount = "nguyenvana.stttt";    // an account row of kIct's form
constexpr const char* kPassword = "Mat-khau-2021";      // satisfies the rules
constexpr const char* kGeneric = "Tên đăng nhập hoặc mật khẩu không đúng.";
// 23/8/2021 09:00 in Vietnam (02:00 UTC): the seed letter's day.
const Time kStart = std::chrono::sys_days{std::chrono::year{2021} / 8 / 23} + 2h;

int64_t Unix(Time t) { return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count(); }

struct World {
  registry::test_support::TempDb t;
  int64_t campaign = 0;
  Time now = kStart;
  std::unique_ptr<Users> users;
  std::unique_ptr<Sessions> sessions;

  explicit World(SessionOptions opt = {}) {
    if (t && registry::test_support::LoadDemoCatalogue(t.db())) {
      campaign = registry::test_support::CreateDemoCampaign(t.db());
      registry::test_support::AccountCells row{.full_name = "Nguyễn Văn An", .login = kAccount,
                                               .agency_code = kIct,
                                               .agency_name = "Sở Thông tin và Truyền thông"};
      auto imported = registry::ImportForm(t.db(), campaign, kIct, registry::test_support::FormCsv({row}),
                                           "phieu.csv", kActor);
      EXPECT_TRUE(imported) << imported.error().message;
    }
    auto clock = [this] { return now; };
    users = std::make_unique<Users>(t.db(), 2, clock);
    opt.now = clock;
    sessions = std::make_unique<Sessions>(t.db(), *users, opt);
  }
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  store::Database& db() { return t.db(); }

  // Adds a user with kPassword; a failed add is a test failure (returns an empty User).
  User Add(const std::string& login, Role role, const std::string& unit = "",
           const std::string& password = kPassword) {
    auto r = users->Add({.login = login, .display_name = "Nguyễn Thị Hoa", .role = role,
                         .unit_code = unit, .account = "", .password = password},
                        kActor);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->user : User{};
  }

  // Enrols TOTP for `id` at the current fake time; returns the secret ("" on failure).
  std::string Enrol(int64_t id) {
    auto e = users->BeginTotp(id);
    EXPECT_TRUE(e) << e.error().message;
    if (!e) return "";
    auto code = TotpCode(e->secret_base32, Unix(now));
    EXPECT_TRUE(code);
    auto ok = users->ConfirmTotp(id, code.value_or(""));
    EXPECT_TRUE(ok) << ok.error().message;
    return e->secret_base32;
  }

  // One integer of one row (a trusted literal query).
  int64_t Int(const std::string& sql, const store::Params& params = {}) {
    auto r = db().Read([&](store::Tx& tx) { return tx.QueryOne(sql, params, "row"); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->Int(0) : -1;
  }

  // Actions of the user's history rows, oldest first, joined by spaces.
  std::string Actions(const std::string& login) {
    auto c = db().Read([&](store::Tx& tx) { return registry::ChangesOf(tx, "user", login); });
    EXPECT_TRUE(c);
    std::string out;
    for (const auto& x : c.value_or(std::vector<registry::Change>{})) out += (out.empty() ? "" : " ") + x.action;
    return out;
  }
};

}  // namespace
}  // namespace dancu::auth
