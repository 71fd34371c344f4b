// People who use dancu's web application: users with a role, passwords (argon2id), TOTP
// second factor, lockout after repeated failures, and server-side sessions with CSRF tokens.
//
// Tables live in the registry database (migration 005_auth.sql). Nothing secret is stored
// in plain: passwords as argon2id strings, session tokens as SHA-256, TOTP secrets sealed
// (XSalsa20-Poly1305) under the installation's SecretKey, a file kept outside the database.
//
// Roles (DESIGN.md "Who uses it"):
//   admin    — Quản trị (Trung tâm PVHCC): catalogue, campaigns, review, letters, accounts
//   focal    — Đầu mối đơn vị: its own unit's form and commitment (unit_code)
//   official — Cán bộ khai thác: lookups as its registry account (account = login of an
//              account row of a form), its own history
//   auditor  — Giám sát: audit search, verification, usage reports
// TOTP is required for admin and auditor (a session is not complete until enrolled and
// checked), optional for the others (checked when enrolled).
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/secret_key.h"
#include "store/store.h"

namespace dancu::auth {

using core::Result;
class Users;
namespace internal {
struct UserRecord;
struct UsersCore;
UsersCore& Core(Users& users);
}  // namespace internal

enum class Role { kAdmin, kFocal, kOfficial, kAuditor };
std::string_view RoleName(Role r);          // "admin", "focal", "official", "auditor"
std::string_view RoleLabel(Role r);         // "Quản trị", "Đầu mối đơn vị", "Cán bộ khai thác", "Giám sát"
Result<Role> ParseRole(std::string_view s); // invalid_argument listing the four names
bool TotpRequired(Role r);                  // admin, auditor

struct User {
  int64_t id = 0;
  std::string login;         // lower-case, core::ValidateLoginName rules
  std::string display_name;  // "Nguyễn Văn A"
  Role role = Role::kOfficial;
  std::string unit_code;     // focal: the unit it answers for; official: its account's unit
  std::string account;       // official: the registry account login it queries as
  bool disabled = false;
  bool totp_enrolled = false;
  // After `user add` / `user reset` with a generated password. Until changed, a session may
  // only change the password, read itself and log out (MayOnlyChangePassword).
  bool must_change_password = false;
  std::string created_at;
  std::string last_login_at;
};

struct NewUser {
  std::string login;
  std::string display_name;
  Role role = Role::kOfficial;
  std::string unit_code;  // required for focal (must exist in the catalogue)
  std::string account;    // official: defaults to login; must be a registry account login
  std::string password;   // empty: generate one (returned in UserWithPassword)
};

struct UserWithPassword {
  User user;
  std::string password;  // the generated password, shown once; empty when one was given
};

// A user login: trimmed and lower-cased; 4–60 characters from a-z, 0-9 and . _ - @ (the
// characters of core::LoginName; shorter than an account login so that "quantri" fits).
// Errors: invalid_argument saying what to fix.
Result<std::string> ParseUserLogin(std::string_view input);

// A random password that satisfies CheckPasswordRules for any login: 4 groups of 4 from an
// alphabet without look-alikes ("k7mq-2xpr-9wdn-h4ta", ~79 bits). Thread-safe.
std::string GeneratePassword();

// Password rules: at least 10 characters (code points; at most 256 bytes), not containing the
// login (any case), not all one character class (lower, upper, digit, other). Passwords are
// hashed in NFC, so composed and decomposed Vietnamese letters are the same password.
// Errors: invalid_argument with the rule in Vietnamese.
Result<void> CheckPasswordRules(const std::string& login, const std::string& password);

// The installation's key for secrets kept in the database (core/secret_key.h).
using SecretKey = core::SecretKey;
using core::DefaultSecretKeyPath;

// The key for `db` at start-up: loads `path`, or creates it (0600) when absent and the
// database holds no sealed secret yet; checks that it opens every sealed secret and seals the
// plaintext secrets older versions stored. Errors: not_found (file missing but secrets are
// sealed), unavailable (wrong key), those of SecretKey::Load.
Result<SecretKey> PrepareSecretKey(store::Database& db, const std::string& path);

// The user directory. Thread-safe. Hashing (argon2id, ~70 ms and 64 MiB) runs at most
// `max_parallel_hashes` at once with at most 4 × that many waiting; beyond that a call is
// refused at once (unavailable, "máy chủ bận") instead of queueing seconds of work. Callers
// are worker threads, never the I/O loop.
class Users {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  // TOTP secrets sealed with `key` (from PrepareSecretKey); `now` is the clock that TOTP
  // checks and timestamps read (tests pass a fake one).
  Users(store::Database& db, SecretKey key, int max_parallel_hashes = 2, Clock now = {});
  // With SecretKey::Random(): TOTP secrets it seals are unreadable to any later Users
  // object. Only for tests and tools that never enrol TOTP.
  explicit Users(store::Database& db, int max_parallel_hashes = 2);
  Users(store::Database& db, int max_parallel_hashes, Clock now);
  ~Users();

  // Errors: invalid_argument (login, name, role fields, password rules, unknown unit or
  // account), conflict (login taken, or the official's account already has a user).
  // Records history (entity "user", entity_id = login) with `actor`. An official's empty
  // display_name is taken from its account row; admin/auditor may carry an optional unit.
  Result<UserWithPassword> Add(const NewUser& u, const std::string& actor);
  // New password (generated when empty), must_change_password set when generated, lockout
  // cleared, every session ended. Errors: not_found, invalid_argument.
  Result<UserWithPassword> ResetPassword(const std::string& login, const std::string& password,
                                         const std::string& actor);
  // Also ends every session of the user. Errors: not_found.
  Result<User> SetDisabled(const std::string& login, bool disabled, const std::string& actor);
  // Drops the TOTP secret (the user enrols again at next login). Errors: not_found.
  Result<User> ResetTotp(const std::string& login, const std::string& actor);
  Result<User> Get(const std::string& login);
  Result<User> GetById(int64_t id);
  Result<std::vector<User>> List();

  // The user changes its own password. Errors: unauthenticated (old password wrong),
  // invalid_argument (rules).
  Result<void> ChangePassword(int64_t user_id, const std::string& old_password,
                              const std::string& new_password);

  // TOTP enrolment: Begin stores a pending secret and returns it with the otpauth:// URI and
  // an SVG QR code of the URI; Confirm checks a code against the pending secret and makes it
  // the user's. Errors: invalid_argument (wrong code, no pending enrolment).
  // A user who already has TOTP re-enrols only with `current_code`, a valid unused code of
  // the current secret (else invalid_argument; wrong codes count towards the code lockout);
  // an administrator's ResetTotp is the way for a lost phone. Errors also: unauthenticated
  // while the code lockout lasts.
  struct Enrolment {
    std::string secret_base32;
    std::string uri;  // otpauth://totp/dancu:<login>?secret=...&issuer=dancu
    std::string qr_svg;
  };
  Result<Enrolment> BeginTotp(int64_t user_id, const std::string& current_code = "");
  Result<void> ConfirmTotp(int64_t user_id, const std::string& code);

 private:
  friend class Sessions;
  friend internal::UsersCore& internal::Core(Users&);
  // The step of `code` for a user with TOTP, after checking it (0 for a user without).
  Result<int64_t> CurrentCodeStep(const internal::UserRecord& u, const std::string& code);
  static core::Error WrongCurrentCode();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The state of a login attempt or a session.
enum class Stage {
  kComplete,       // fully signed in
  kNeedTotp,       // password right; a TOTP code must follow (enrolled user)
  kNeedEnrolment,  // password right; role requires TOTP and none is enrolled: enrol first
};

struct Session {
  std::string token;  // only returned at creation (the cookie value); empty otherwise
  std::string csrf;   // sent by the page in X-CSRF-Token on every state-changing request
  User user;
  Stage stage = Stage::kComplete;
  std::string created_at;
  // Last use + idle timeout (the step timeout while a step is pending), at most the absolute
  // end. Last use is stored at most once a minute, so this may be up to 60 s early.
  std::chrono::system_clock::time_point expires_idle;
};

// Login throttling (issue 10): counted in memory per node, only failures count, and
// throttled attempts are refused before any password hash, so they cost nothing.
//  - per (login, address): `free_failures`, then a pause of `first_lockout` doubling per
//    further failure up to `max_lockout`; the address's next right password clears it;
//  - per address (IPv6: its /64): a bucket of `address_failures` failures refilled one per
//    `address_refill`; empty = every login from there paused until the next refill;
//  - per login across addresses: a bucket of `account_failures` refilled one per
//    `account_refill`; empty = only addresses that already failed on that login are
//    paused, so a flood from elsewhere never locks its owner out of a clean address.
// Unknown logins are throttled exactly like existing ones (same message, same cost).
// Wrong TOTP codes (the password was right) count per account in the database with the
// same free failures and doubling: `locked_until` of the user.
struct SessionOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 3600};
  int free_failures = 5;                       // failures before a pause starts
  std::chrono::seconds first_lockout{60};      // doubles with each further failure
  std::chrono::seconds max_lockout{3600};
  int address_failures = 30;
  std::chrono::seconds address_refill{20};
  int account_failures = 20;
  std::chrono::seconds account_refill{60};
  // A kNeedTotp / kNeedEnrolment session must be completed within this (and within
  // absolute_timeout); the full absolute timeout starts at login.
  std::chrono::seconds step_timeout{10 * 60};
  // The clock of timeouts, lockouts and TOTP steps; tests inject a fake one.
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
};

// Login, second factor, session lookup and logout. Thread-safe. Every outcome (success,
// failure, start of a pause, logout) is recorded in the history (entity "user") with ip as
// detail — but not attempts refused while paused, so that a flood writes nothing; no password
// or code is ever recorded.
class Sessions {
 public:
  Sessions(store::Database& db, Users& users, SessionOptions options = {});
  ~Sessions();

  // Checks login + password (argon2id, bounded). A disabled account, an unknown login and a
  // wrong password all give the same unauthenticated message; a throttled attempt (see
  // SessionOptions) is refused before hashing with one message saying when to retry, the
  // same for every login. Errors also: unavailable when the hashing queue is full. On
  // success returns a new session whose stage tells what must follow; kNeedTotp /
  // kNeedEnrolment sessions grant nothing but the next step.
  Result<Session> Login(const std::string& login, const std::string& password,
                        const std::string& ip);
  // Completes a kNeedTotp session with a code (window ±1 step, each code used once).
  // Wrong codes count as failures towards the lockout; a right password alone does not reset
  // the count (only a completed login does). The token stays the same. Errors:
  // unauthenticated (expired session, not waiting for a code, wrong or replayed code, locked).
  Result<Session> SecondFactor(const std::string& token, const std::string& code,
                               const std::string& ip);
  // Completes a kNeedEnrolment session after Users::ConfirmTotp succeeded for its user.
  // Errors: unauthenticated (expired, not waiting for enrolment), conflict (not enrolled yet).
  Result<Session> EnrolmentDone(const std::string& token);
  // The session behind a cookie value, refreshed (idle timer) — unauthenticated when
  // unknown, expired (idle or absolute), or its user was disabled. The refresh is written
  // only when the stored last use is 60 s old or more; a session with a pending step is not
  // refreshed (its step timeout runs from the login). Expired sessions are deleted.
  Result<Session> Resolve(const std::string& token);
  void Logout(const std::string& token);
  // Ends every session of the user (logout everywhere; password reset; disable).
  void LogoutAll(int64_t user_id);
  // Ends every other session of the user, keeping the one behind `keep_token` (after the user
  // changed its own password: someone who knew the old one is signed out).
  void LogoutOthers(int64_t user_id, const std::string& keep_token);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether `s` is a complete session whose user must change its password first: it may then
// only change the password (POST /api/v1/me/password, the account page), read the session and
// log out.
bool MayOnlyChangePassword(const Session& s);

// One-time code for `secret_base32` at `unix_time` (RFC 6238, SHA-1, 6 digits, 30 s):
// used by tests and by the demo; the server checks codes with Sessions::SecondFactor.
Result<std::string> TotpCode(const std::string& secret_base32, int64_t unix_time);

}  // namespace dancu::auth
