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
#include <unordered_map>
#include <utility>

#include "auth/auth.h"
#include "registry/registry.h"

namespace dancu::auth::internal {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// At most `limit` argon2id computations at once (each takes ~64 MiB) and at most
// `max_waiting` callers waiting for one; any further caller is refused at once. Thread-safe.
class HashGate {
 public:
  // max_waiting < 0: 4 × limit.
  explicit HashGate(int limit, int max_waiting = -1)
      : free_(limit < 1 ? 1 : limit), max_waiting_(max_waiting < 0 ? 4 * free_ : max_waiting) {}

  // A held hashing slot, given back on destruction. Movable.
  class Slot {
   public:
    explicit Slot(HashGate* gate) : gate_(gate) {}
    Slot(Slot&& o) noexcept : gate_(std::exchange(o.gate_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot() { if (gate_) gate_->Release(); }

   private:
    HashGate* gate_;
  };
  // Waits for a slot, unless `max_waiting` callers wait already. Errors: unavailable
  // ("máy chủ bận").
  Result<Slot> Enter();
  // Tests: how many may wait (the constructor's bound otherwise).
  void SetMaxWaiting(int n) {
    std::lock_guard lock(mu_);
    max_waiting_ = n;
  }
  // argon2id string of `password`. Errors: unavailable (busy, out of memory).
  Result<std::string> Hash(const std::string& password);
  // Whether `password` matches `hash`; a malformed hash does not match. Errors: unavailable
  // (busy).
  Result<bool> Verify(const std::string& hash, const std::string& password);

 private:
  void Release();
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
  int max_waiting_;
  int waiting_ = 0;
};

// The doubling pause after repeated failures: 0 below `free_failures`, then `first` seconds
// doubled per further failure, at most `max`.
struct LockPolicy {
  int free_failures = 5;
  int64_t first = 60;
  int64_t max = 3600;
  int64_t Seconds(int64_t failures) const;
};

// Login throttling in memory (see SessionOptions in auth.h). Thread-safe. Each table holds at
// most kMaxEntries keys; past that, forgotten state is swept first, then half of the rest.
class LoginThrottle {
 public:
  explicit LoginThrottle(const SessionOptions& o);
  // Unix seconds until which `login` may not be tried from `address`; 0 when it may now.
  int64_t PausedUntil(const std::string& login, const std::string& address, int64_t now);
  // Counts one failure; returns PausedUntil afterwards (non-zero: this failure paused it).
  int64_t Failure(const std::string& login, const std::string& address, int64_t now);
  // A right password of `login` from `address`: that pair's failures are forgotten.
  void Success(const std::string& login, const std::string& address);

  static constexpr size_t kMaxEntries = 50000;
  // The key of a client address: IPv4 as is, IPv6 by its /64 (one subscriber's network).
  static std::string AddressKey(const std::string& ip);

 private:
  struct Pair {
    int64_t failures = 0, until = 0, last = 0;
  };
  // A leaky bucket as its theoretical arrival time (GCRA), one `refill` per failure.
  struct Bucket {
    int64_t tat = 0;
  };
  int64_t PausedLocked(const std::string& pair_key, const std::string& login,
                       const std::string& address, int64_t now);
  template <class Map, class Idle>
  void MakeRoom(Map& m, Idle idle);

  LockPolicy pair_policy_;
  int64_t address_cap_, address_refill_, account_cap_, account_refill_;
  std::mutex mu_;
  std::unordered_map<std::string, Pair> pairs_;
  std::unordered_map<std::string, Bucket> addresses_, accounts_;
};

// The state Users and Sessions share (Users::Impl derives from it). Thread-safe.
struct UsersCore {
  UsersCore(store::Database& db, SecretKey key, int max_parallel_hashes, Clock now)
      : db(db), key(std::move(key)), gate(max_parallel_hashes), now(std::move(now)) {}
  // Verifies `password` against a fixed hash, so that an unknown login costs as much time
  // as a known one. The hash is made once, on first use. Errors: unavailable (busy).
  Result<void> VerifyDummy(const std::string& password);

  store::Database& db;
  SecretKey key;  // seals TOTP secrets
  HashGate gate;
  Clock now;
  std::once_flag dummy_once;
  std::string dummy_hash;
};

// The shared core of `users` (tests reach the hashing gate and the key through it).
UsersCore& Core(Users& users);

// A user row with the secrets the checks need.
struct UserRecord {
  User user;
  std::string password_hash;
  std::string totp_secret;   // sealed (SecretKey::Seal); "" = none
  std::string totp_pending;  // sealed; "" = none
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

// Counts one wrong TOTP code of `u` (the password was right) in the database and pauses the
// account per `policy`; history rows "login_failed" and, when a pause starts, "locked".
// Returns the pause's end (Unix seconds), 0 when none started.
Result<int64_t> CountCodeFailure(store::Database& db, const UserRecord& u, const std::string& ip,
                                 int64_t now, const std::string& what, const LockPolicy& policy,
                                 const std::string& at);
// The refusal of a paused login or code: unauthenticated, saying when to retry.
core::Error Paused(int64_t until);

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
