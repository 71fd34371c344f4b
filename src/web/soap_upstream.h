// The reference national service: the TraCuuThongTinCongDan / XacThucThongTinCongDan SOAP
// contract served from a CitizenSource (the synthetic population store), for the demo, the
// tests and the benchmarks (`dancu population serve`).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "population/auth.h"
#include "population/citizen.h"
#include "population/soap.h"
#include "web/api.h"

namespace dancu::web {

// Which signatures the reference service accepts (population/auth.h): dancu's X-Dancu-* HMAC,
// the timestamped hash deployed clients send (Timestamp + Authorization: Basic), or either.
enum class UpstreamAuth { kDancu, kBasicHash, kBoth };

// Who an accepted request came from: scheme "none", "dancu" or "basic-hash" and the client id.
struct Authenticated {
  std::string scheme;
  std::string client;
};

struct UpstreamOptions {
  const population::AuthConfig* auth = nullptr;  // null = no authentication (tests only)
  UpstreamAuth scheme = UpstreamAuth::kBoth;
  // The URL clients sign under the timestamped hash (behind a proxy the service cannot see
  // it); empty = "http://" + the request's Host header + its path.
  std::string signed_url;
  std::function<int64_t()> now_ms = [] {  // unix milliseconds, for the timestamp checks
    return int64_t(std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count());
  };
  // Refuses an exact repeat of a timestamped hash inside the window (shared by all threads).
  std::shared_ptr<population::ReplayGuard> replay = std::make_shared<population::ReplayGuard>();
  // Called with every request that passed authentication and parsing, before the lookup:
  // the reference service records the caller fields it received (`population serve --record`).
  std::function<void(const population::SoapRequest&, const Authenticated&)> on_request;
  // The listen address, for the WSDL's endpoint when a request has no valid Host header.
  std::string listen = "127.0.0.1:8090";
};

// Checks the request's signature under `options.scheme`. Errors: unauthenticated or
// permission_denied (→ 401) with the reason; unavailable when the replay guard is full.
core::Result<Authenticated> AuthenticateUpstream(const UpstreamOptions& options,
                                                 const Request& request);

// The caller fields of a parsed request.
population::Caller CallerOf(const population::SoapRequest& request);

// Handles one HTTP request as the national service would: POST with a SOAP 1.1 envelope →
// 200 with the answer; GET …?wsdl → the WSDL (web/wsdl_route.h), without authentication;
// a malformed or refused request → HTTP 500 with a SOAP Fault (soap:Client); authentication
// failure (missing, wrong or stale signature, a replayed timestamped hash, a scheme not
// accepted) → 401 with a Fault saying why; source down → 500 soap:Server.
// Thread-safe when `source` is.
Response HandleUpstream(population::CitizenSource& source, const UpstreamOptions& options,
                        const Request& request);

}  // namespace dancu::web
