// The reference national service: the TraCuuThongTinCongDan / XacThucThongTinCongDan SOAP
// contract served from a CitizenSource (the synthetic population store), for the demo, the
// tests and the benchmarks (`dancu population serve`).
#pragma once

#include <chrono>
#include <functional>

#include "population/auth.h"
#include "population/citizen.h"
#include "population/soap.h"
#include "web/api.h"

namespace dancu::web {

struct UpstreamOptions {
  const population::AuthConfig* auth = nullptr;  // null = no authentication (tests only)
  std::function<int64_t()> now = [] {            // unix seconds, for the timestamp check
    return int64_t(std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count());
  };
  // Called with every request that passed authentication and parsing, before the lookup:
  // the reference service records the caller fields it received (`population serve --record`).
  std::function<void(const population::SoapRequest&)> on_request;
  // The listen address, for the WSDL's endpoint when a request has no valid Host header.
  std::string listen = "127.0.0.1:8090";
};

// The caller fields of a parsed request.
population::Caller CallerOf(const population::SoapRequest& request);

// Handles one HTTP request as the national service would: POST with a SOAP 1.1 envelope →
// 200 with the answer; GET …?wsdl → the WSDL (web/wsdl_route.h), without authentication;
// a malformed or refused request → HTTP 500 with a SOAP Fault (soap:Client); authentication failure → 401 with a Fault; source down → 500 soap:Server.
// Thread-safe when `source` is.
Response HandleUpstream(population::CitizenSource& source, const UpstreamOptions& options,
                        const Request& request);

}  // namespace dancu::web
