// Client of the national population service's SOAP contract (or of `dancu population serve`),
// the remote CitizenSource of the gateway: plain HTTP to loopback or HTTPS with mutual TLS,
// connection reuse, a time limit per call, bounded retries for lookups, a circuit breaker, and
// either signing scheme of auth.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "population/citizen.h"
#include "population/upstream_url.h"

namespace dancu::population {

// How requests are signed (auth.h): no headers, dancu's X-Dancu-* HMAC, or the timestamped
// hash deployed clients send (Timestamp + Authorization: Basic).
enum class Signing { kNone, kDancu, kBasicHash };

// "none", "dancu", "basic-hash" → Signing. Errors: invalid_argument naming the three.
Result<Signing> ParseSigning(std::string_view name);

struct ClientOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string path = "/";                      // the service's endpoint path (and query)
  // TLS (https://): the server's certificate is verified against ca_file (PEM), else the
  // system's store, and must name `host` (SNI is sent for DNS names). cert_file + key_file
  // (PEM) are the client certificate a mutual-TLS service asks for.
  bool tls = false;
  std::string ca_file, cert_file, key_file;
  Signing signing = Signing::kDancu;
  std::string client_id;                       // empty = send no authentication headers
  std::string secret;
  // kBasicHash: the URL the client signs; empty = the URL called (see UrlOf).
  std::string signed_url;
  std::function<std::int64_t()> now_ms;        // clock for signatures; empty = system clock
  std::chrono::milliseconds timeout{2000};     // per attempt: connect + write + read
  int retries = 2;                             // extra attempts for lookups (idempotent)
  std::chrono::milliseconds retry_backoff{50};
  int breaker_failures = 5;                    // consecutive failures that open the breaker
  std::chrono::milliseconds breaker_open{5000};  // how long it stays open before a trial call
  int max_idle_connections = 16;
  // MaTichHop sent when the caller gives none (the installation's integration code).
  std::string integration_code;
};

// Sets host, port, path and tls from `url`, and signed_url to the URL as given.
void SetUpstream(ClientOptions& options, const UpstreamUrl& url);

// The URL called: scheme://host[:port]/path (IPv6 in brackets, default port omitted).
std::string UrlOf(const ClientOptions& options);

// The authentication headers of one request with `body` signed at `now_ms` (Unix ms): empty
// for kNone or an empty client_id; X-Dancu-* (seconds) for kDancu; Timestamp + Authorization
// for kBasicHash over signed_url (else UrlOf).
std::map<std::string, std::string> AuthHeaders(const ClientOptions& options, std::string_view body,
                                               std::int64_t now_ms);

// Thread-safe: calls from many threads share the connection pool and the breaker. Each call
// runs asynchronously on the client's own I/O thread; the blocking methods wait for it.
class SoapClient final : public CitizenSource {
 public:
  // A client whose TLS files (CA, certificate, key) could not be loaded answers every call
  // with that error; Open reports it at once instead.
  explicit SoapClient(ClientOptions options);
  ~SoapClient() override;

  // Errors: invalid_argument when a TLS file is missing, unreadable, not PEM, the key does not
  // match the certificate, or only one of cert_file/key_file is given.
  static Result<std::unique_ptr<SoapClient>> Open(ClientOptions options);

  // Errors: unavailable (down, timeout, breaker open, soap:Server fault, TLS refused: unknown
  // CA, wrong host name, expired certificate, client certificate required — not retried) —
  // the message says which, in Vietnamese; invalid_argument for a soap:Client fault; permission_denied when refused (401).
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
