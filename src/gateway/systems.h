// Integrated systems (one-stop systems, the public-service portal…) that call the gateway:
// a name, the units they may act for, and credentials as real clients already send them:
//   - an API key (X-API-Key or ApiKey header), shown once and stored as an argon2id hash;
//   - the timestamped hash (population/auth.h: Timestamp + Authorization: Basic
//     base64(key_id ":" sha256(url + key_id + timestamp + secret))) with a signing secret shown
//     once and kept sealed under the installation's SecretKey (checking needs it) and the URL
//     the client signs, configured per system;
//   - a short-lived Bearer token from dancu's own POST /token (OAuth 2.0 client credentials),
//     a MAC under the installation's SecretKey, so every node can check it;
// each optionally bound to a client-certificate fingerprint (passed by the TLS proxy).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/secret_key.h"
#include "population/auth.h"
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
  std::string sign_url;            // the URL it signs with the timestamped hash; "" = not enabled
};

// What a request presents, read from its headers by the web layer. Value type.
struct Credentials {
  std::string api_key;           // X-API-Key, else ApiKey
  std::string cert_fingerprint;  // only when a trusted TLS proxy passed it
  std::string bearer;            // Authorization: Bearer <token>
  std::optional<population::BasicHashClaim> basic_hash;  // Timestamp + Authorization: Basic
  std::string problem;           // a credential header that was malformed: refused with this
};

// An access token for POST /token. Value type.
struct AccessToken {
  std::string token;  // "dct.<key_id>.<expiry unix seconds>.<MAC>"
  int expires_in = 0; // seconds
  System system;
};

// Limits of the credential checks, per installation.
struct CredentialOptions {
  int signature_window_seconds = 300;  // ± for the timestamped hash; replays refused within
  int token_seconds = 300;             // lifetime of a token from POST /token
  std::function<int64_t()> now_ms;     // clock (tests); default: system clock
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
// Enables (or re-issues) the timestamped-hash credential of system `id`: a new signing secret,
// returned once and stored sealed under `key`, and the URL the client signs (http(s)://…, as
// configured in the client). Errors: not_found; conflict when revoked; invalid_argument (URL).
Result<std::string> IssueSigningSecret(store::Database& db, int64_t id, const std::string& sign_url,
                                       const core::SecretKey& key, const std::string& actor);
Result<std::vector<System>> ListSystems(store::Tx& tx);
// Errors: not_found; conflict when already revoked.
Result<System> RevokeSystem(store::Database& db, int64_t id, const std::string& actor);

// Checks API keys. Thread-safe. The argon2id check runs on the authenticator's own single
// worker thread, never on the caller's (request) thread; a key that passed is remembered (by
// its SHA-256) so later calls answer at once. Revocation takes effect after Refresh().
class SystemAuth {
 public:
  // Without `key`, the timestamped hash and tokens are refused (no way to check them).
  SystemAuth(store::Database& db, std::optional<core::SecretKey> key = std::nullopt,
             CredentialOptions options = {});
  ~SystemAuth();
  // Calls `done` with the system, or unauthenticated when the credential is missing,
  // malformed, unknown, wrong, stale, replayed, expired or revoked, or when
  // `cert_fingerprint` does not match a bound certificate. Order: a malformed header, then a
  // Bearer token, then the timestamped hash, then the API key.
  // `done` may run on the caller's thread (cached) or on the worker thread.
  void Authenticate(Credentials credentials, std::function<void(Result<System>)> done);
  // POST /token: the client's credentials (an API key, or the timestamped hash) → a token.
  // Errors as Authenticate; unavailable without a SecretKey.
  void IssueToken(Credentials credentials, std::function<void(Result<AccessToken>)> done);
  // Reloads systems (units, revocations) from the database; drops remembered keys of
  // revoked systems.
  Result<void> Refresh();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Result<System> CheckToken(const Credentials& c);
  Result<System> CheckSigned(const Credentials& c);
};

}  // namespace dancu::gateway
