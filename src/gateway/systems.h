// Integrated systems (one-stop systems, the public-service portal…) that call the gateway:
// a name, the units they may act for, and a credential — an API key shown once and stored as
// an argon2id hash — optionally bound to a client-certificate fingerprint.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace dancu::gateway {

using core::Result;

struct System {
  int64_t id = 0;
  std::string name;
  std::string key_id;  // the public part of the key, shown in lists
  std::string cert_fingerprint;
  std::vector<std::string> units;  // agency codes; a system serves these units and those under them
  std::string status;              // "active" | "revoked"
  std::string created_at;
};

struct NewSystem {
  System system;
  std::string api_key;  // "dck_<key_id>_<secret>": shown once, never stored
};

// Registers a system. Errors: invalid_argument (empty name, no unit, unknown unit code, bad
// fingerprint). The key's secret part is hashed with argon2id (≈ 70 ms, 64 MiB).
Result<NewSystem> AddSystem(store::Database& db, const std::string& name,
                            const std::vector<std::string>& units,
                            const std::string& cert_fingerprint, const std::string& actor);
Result<std::vector<System>> ListSystems(store::Tx& tx);
// Errors: not_found; conflict when already revoked.
Result<System> RevokeSystem(store::Database& db, int64_t id, const std::string& actor);

// Checks API keys. Thread-safe. The argon2id check runs on the authenticator's own single
// worker thread, never on the caller's (request) thread; a key that passed is remembered (by
// its SHA-256) so later calls answer at once. Revocation takes effect after Refresh().
class SystemAuth {
 public:
  explicit SystemAuth(store::Database& db);
  ~SystemAuth();
  // Calls `done` with the system, or unauthenticated when the key is malformed, unknown,
  // wrong or revoked, or when `cert_fingerprint` does not match a bound certificate.
  // `done` may run on the caller's thread (cached) or on the worker thread.
  void Authenticate(std::string key, std::string cert_fingerprint,
                    std::function<void(Result<System>)> done);
  // Reloads systems (units, revocations) from the database; drops remembered keys of
  // revoked systems.
  Result<void> Refresh();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dancu::gateway
