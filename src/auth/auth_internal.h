// What the auth module's .cc files share: the hashing gate, user rows, times, tokens, TOTP.
//
// Not part of the module's interface: only src/auth/*.cc include it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "auth/auth.h"
#include "registry/registry.h"

namespace dancu::auth::internal {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// At most `limit` argon2id computations at once (each takes ~64 MiB). Thread-safe.
class HashGate {
 public:
  explicit HashGate(int limit) : free_(limit < 1 ? 1 : limit) {}
  // argon2id string of `password`. Errors: unavailable (out of memory).
  Result<std::string> Hash(const std::string& password);
  // Whether `password` matches `hash`; a malformed hash does not match.
  bool Verify(const std::string& hash, const std::string& password);

 private:
  void Acquire();
  void Release();
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

// The state Users and Sessions share (Users::Impl derives from it). Thread-safe.
struct UsersCore {
  UsersCore(store::Database& db, int max_parallel_hashes, Clock now)
      : db(db), gate(max_parallel_hashes), now(std::move(now)) {}
  // Verifies `password` against a fixed hash, so that an unknown login costs as much time
  // as a known one. The hash is made once, on first use.
  void VerifyDummy(const std::string& password);

  store::Database& db;
  HashGate gate;
  Clock now;
  std::once_flag dummy_once;
  std::string dummy_hash;
};

// A user row with the secrets the checks need.
struct UserRecord {
  User user;
  std::string password_hash;
  std::string totp_secret;
  std::string totp_pending;
  int64_t totp_last_step = 0;
  int64_t failed_logins = 0;
  int64_t locked_until = 0;  // Unix seconds
};

// The SELECT list UserFromRow reads, for `FROM app_user`.
extern const std::string_view kUserColumns;
UserRecord UserFromRow(const store::Row& r);
// Errors: not_found naming the login / id.
Result<UserRecord> LoadUser(store::Tx& tx, const std::string& login);
Result<UserRecord> LoadUserById(store::Tx& tx, int64_t id);

// Deletes every session of the user; returns how many ended.
Result<int64_t> EndSessions(store::Tx& tx, int64_t user_id);

// One history row of entity "user" (registry::RecordChange) at `at`.
Result<void> Record(store::Tx& tx, const std::string& actor, const std::string& login,
                    const std::string& action, const std::string& detail,
                    const std::string& at);

int64_t UnixSeconds(std::chrono::system_clock::time_point t);
// "2021-08-23T09:15:00+07:00" of `t` in Vietnam's local time.
std::string LocalIso(std::chrono::system_clock::time_point t);
// "09:15" of Unix seconds in Vietnam's local time.
std::string LocalHourMinute(int64_t unix_seconds);

// `bytes` random bytes as base64url without padding (tokens, CSRF).
std::string RandomToken(size_t bytes);

// TOTP (RFC 6238, SHA-1, 6 digits, 30-s steps).
constexpr int64_t kTotpStep = 30;
// A fresh 20-byte secret in base32 (32 characters).
Result<std::string> NewTotpSecret();
// The step (unix_time / 30) whose code is `code`, searching ±1 step around `unix_time`;
// -1 when the code matches none (or is not 6 digits).
Result<int64_t> MatchTotp(const std::string& secret_base32, const std::string& code,
                          int64_t unix_time);
// An SVG of the QR code of `text` (error correction M, 8-bit mode, 4-module quiet zone).
Result<std::string> QrSvg(const std::string& text);

}  // namespace dancu::auth::internal

namespace dancu::auth {
// Defined here so that Sessions (a friend of Users) can reach the shared core.
struct Users::Impl : internal::UsersCore {
  using UsersCore::UsersCore;
};
}  // namespace dancu::auth
