// Client of the national population service's SOAP contract (or of `dancu population serve`),
// the remote CitizenSource of the gateway: connection reuse, a time limit per call, bounded
// retries for lookups, a circuit breaker, and the platform's signed-request authentication.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "population/citizen.h"

namespace dancu::population {

struct ClientOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string path = "/";                      // the service's endpoint path
  std::string client_id;                       // empty = send no authentication headers
  std::string secret;
  std::chrono::milliseconds timeout{2000};     // per attempt: connect + write + read
  int retries = 2;                             // extra attempts for lookups (idempotent)
  std::chrono::milliseconds retry_backoff{50};
  int breaker_failures = 5;                    // consecutive failures that open the breaker
  std::chrono::milliseconds breaker_open{5000};  // how long it stays open before a trial call
  int max_idle_connections = 16;
  // MaTichHop sent when the caller gives none (the installation's integration code).
  std::string integration_code;
};

// Thread-safe: calls from many threads share the connection pool and the breaker. Each call
// runs asynchronously on the client's own I/O thread; the blocking methods wait for it.
class SoapClient final : public CitizenSource {
 public:
  explicit SoapClient(ClientOptions options);
  ~SoapClient() override;

  // Errors: unavailable (down, timeout, breaker open, soap:Server fault) — the message says
  // which; invalid_argument for a soap:Client fault; permission_denied when refused (401).
  // The caller's fields travel in the request (MaYeuCau, MaDVC, MaTichHop, MaCanBo, MaDonVi,
  // TaiKhoan, SoDienThoai; see soap.h BuildRequest).
  Result<std::vector<Citizen>> Lookup(const Caller& caller, const Query& q) override;
  Result<bool> Verify(const Caller& caller, const std::string& id_number,
                      const std::string& full_name, const BirthDate& birth) override;

  bool breaker_open() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dancu::population
