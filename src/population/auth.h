// Signed-request authentication between a client and the population service: dancu's stand-in
// for the national platform's scheme (a shared secret per client and a timestamp header;
// stale timestamps are refused). The real platforms differ in detail — the national exchange
// platform (NDXP) is X-Road based, provincial LGSPs send a token or an Authorization hash of
// user name, timestamp and secret — and their exact scheme is not public, so dancu signs its
// own three headers:
//
//   X-Dancu-Client:    the client id (1–64 of A–Z a–z 0–9 . _ -)
//   X-Dancu-Timestamp: Unix time in seconds, decimal
//   X-Dancu-Signature: hex(HMAC-SHA256(secret, StringToSign(...))), 64 hex digits
//
// StringToSign = client "\n" timestamp "\n" method "\n" path "\n" hex(SHA-256(body)),
// with lower-case hex. The path is the request target as sent on the request line (path and
// query). Within max_skew_seconds a captured request can be replayed; the transport (TLS on
// the platform) is what keeps it from being captured.
//
// All functions are pure and thread-safe (libsodium is initialised once, thread-safely).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "core/error.h"

namespace dancu::population {

inline constexpr std::string_view kClientHeader = "X-Dancu-Client";
inline constexpr std::string_view kTimestampHeader = "X-Dancu-Timestamp";
inline constexpr std::string_view kSignatureHeader = "X-Dancu-Signature";

// Who may call the service. Value type.
struct AuthConfig {
  std::map<std::string, std::string> secrets;  // client id → shared secret (empty = refused)
  int max_skew_seconds = 300;  // largest accepted |now − timestamp|, both directions
};

// The text that is signed (see above).
std::string StringToSign(std::string_view client, std::string_view timestamp,
                         std::string_view method, std::string_view path, std::string_view body);

// The three headers (names as above, mixed case) for a request signed at `now_unix` (seconds).
// REQUIRES: client is a valid client id; method and path contain no line break.
std::map<std::string, std::string> SignRequest(std::string_view client, std::string_view secret,
                                               std::string_view method, std::string_view path,
                                               std::string_view body, std::int64_t now_unix);

// Checks a received request; returns the client id. Header names are matched without regard
// to case (the web layer may pass them lower-cased). Order of checks: the three headers are
// present and well-formed, the client is known (with a non-empty secret), the timestamp is
// within max_skew_seconds of `now_unix`, the signature matches (constant-time comparison).
// Errors: permission_denied with a Vietnamese reason — missing header, malformed header,
// unknown client, stale timestamp, timestamp in the future, bad signature.
core::Result<std::string> CheckRequest(const AuthConfig& config,
                                       const std::map<std::string, std::string>& headers,
                                       std::string_view method, std::string_view path,
                                       std::string_view body, std::int64_t now_unix);

// ---------------------------------------------------------------------------------------------
// The timestamped hash that deployed one-stop clients and provincial platforms (LGSP) send:
//
//   Timestamp:     Unix time in milliseconds, decimal
//   Authorization: Basic base64(user ":" hex(SHA-256(url + user + timestamp + secret)))
//
// `url` is the endpoint URL the client is configured with (behind a proxy the server cannot
// see it, so the server is told which URL each client signs), lower-case hex. Within the window
// an exact repeat of (user, timestamp, hash) is a replay (ReplayGuard).

inline constexpr std::string_view kHashTimestampHeader = "Timestamp";

// hex(SHA-256(url + user + timestamp + secret)), lower case.
std::string BasicHash(std::string_view url, std::string_view user, std::string_view timestamp,
                      std::string_view secret);

// The two headers ("Timestamp", "Authorization") of a request signed at `now_ms`.
// REQUIRES: user holds no ':' and no line break.
std::map<std::string, std::string> SignBasicHash(std::string_view url, std::string_view user,
                                                 std::string_view secret, std::int64_t now_ms);

// What a request claims under the scheme, read from its headers (names matched without regard
// to case). Value type.
struct BasicHashClaim {
  std::string user;
  std::string timestamp;  // as sent
  std::string hash;       // lower-cased hex
  std::int64_t timestamp_ms = 0;
};

// Reads the claim. Errors: not_found when there is no "Authorization: Basic" header (the
// request may use another scheme); unauthenticated with a Vietnamese reason when the header
// or the Timestamp is malformed (bad base64, no ':', hash not 64 hex digits, Timestamp not
// 1–16 digits).
core::Result<BasicHashClaim> ReadBasicHash(const std::map<std::string, std::string>& headers);

// Checks a claim against the secret: the timestamp within ±max_skew_seconds of now_ms, then
// the hash (constant-time). Errors: unauthenticated saying which (stale, future, wrong hash).
core::Result<void> CheckBasicHash(const BasicHashClaim& claim, std::string_view url,
                                  std::string_view secret, std::int64_t now_ms,
                                  int max_skew_seconds);

// Remembers the (timestamp, hash) each user sent inside the window and refuses an exact
// repeat. Bounded per user: at most `capacity_per_user` entries, kept in timestamp order so
// those older than the window are dropped cheaply; a user whose entries are all fresh is
// refused as "busy" (a flood cannot make replays pass, and one user's flood cannot lock the
// others out). Call it after CheckBasicHash, so that only genuine claims — of users that
// exist — take room. Thread-safe.
class ReplayGuard {
 public:
  explicit ReplayGuard(std::size_t capacity_per_user = 100'000) : capacity_(capacity_per_user) {}
  // Errors: unauthenticated (a replay), unavailable (the user's entries are all fresh).
  core::Result<void> FirstUse(const BasicHashClaim& claim, std::int64_t now_ms, int window_seconds);

 private:
  std::mutex mu_;
  std::size_t capacity_;
  std::map<std::string, std::set<std::pair<std::int64_t, std::string>>> seen_;  // user → (ms, hash)
};

}  // namespace dancu::population
