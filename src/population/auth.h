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

}  // namespace dancu::population
