// TLS for the SOAP client (internal to population): the client context (CA, client
// certificate), per-connection SNI and host-name checks, and TLS failures told in Vietnamese.
#pragma once

#include <boost/asio/ssl.hpp>
#include <memory>
#include <string>

#include "population/soap_client.h"

namespace dancu::population::internal {

// The context every TLS connection of one client shares (thread-safe once built): peer
// verification on, TLS ≥ 1.2, trusted CAs from options.ca_file else the system store, the
// client certificate chain and key when given. Errors: invalid_argument saying which file
// and what to fix.
Result<std::shared_ptr<boost::asio::ssl::context>> MakeTlsContext(const ClientOptions& options);

// Before the handshake of a new connection: SNI (DNS names only, RFC 6066) and the name or
// address the server's certificate must carry. Returns false when OpenSSL refused them.
bool PrepareTls(SSL* ssl, const std::string& host, bool host_is_ip);

// A TLS failure as a Vietnamese sentence saying what to fix: the certificate verification
// result `verify_result` (X509_V_*) when the check failed, else the alert in `ec` (the server
// wants a client certificate, refuses it, the port does not speak TLS…).
std::string TlsFailure(const boost::system::error_code& ec, long verify_result,
                       const ClientOptions& options);

// Whether `ec` comes from TLS (OpenSSL or a stream cut inside TLS): such failures are not
// retried, the next attempt would fail the same way.
bool IsTlsError(const boost::system::error_code& ec);

}  // namespace dancu::population::internal
