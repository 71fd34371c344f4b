// The options that point dancu at a remote population service (`dancu serve --upstream …`):
// the URL, TLS files, signing scheme and credentials, turned into a SoapClient.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "population/soap_client.h"

namespace dancu::cli {

// Value type: the flags as given.
struct UpstreamFlags {
  std::string url;            // --upstream: https://HOST[:PORT]/PATH, http:// only to loopback
  std::string ca, cert, key;  // --upstream-ca, --upstream-cert, --upstream-key (PEM files)
  std::string auth;         // --upstream-auth none|dancu|basic-hash; "" = basic-hash with a client
  std::string client;       // --upstream-client: the system id the service knows dancu by
  std::string secret_file;  // --upstream-secret-file: the shared secret (outside the repository)
  std::string signed_url;   // --upstream-signed-url: the URL signed (basic-hash); "" = --upstream
  int timeout_ms = 0;       // --upstream-timeout-ms: per attempt; 0 = the client's default
  std::string integration_code;  // --upstream-integration-code: MaTichHop when the caller has none
};

// Adds the --upstream… options to `command`, bound to `flags` (which must outlive it).
void AddUpstreamFlags(CLI::App& command, UpstreamFlags& flags);

// The client the flags describe. REQUIRES: !flags.url.empty(). Errors: invalid_argument for a
// malformed URL (upstream_url.h), an unknown scheme, a scheme without --upstream-client or
// --upstream-secret-file, TLS files given for http://, unusable TLS files (SoapClient::Open),
// an unreadable secret file.
core::Result<std::unique_ptr<population::SoapClient>> OpenUpstream(const UpstreamFlags& flags);

}  // namespace dancu::cli
