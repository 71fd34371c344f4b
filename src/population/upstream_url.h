// The address of the national population service (`dancu serve --upstream URL`): parsed and
// checked before any connection is made.
//
// Accepted forms (issue 11 item 4):
//   https://HOST[:PORT][/PATH][?QUERY]  any host; the certificate is verified (TLS)
//   http://HOST[:PORT][/PATH][?QUERY]   loopback only (127.0.0.0/8, ::1, localhost): citizen
//                                       records never cross a network in clear
//   HOST:PORT                           the old form, read as http://HOST:PORT/ — loopback only
// HOST is a DNS name, an IPv4 address or an IPv6 address in brackets ([::1]). No user name,
// no fragment, no spaces. The default port is 443 for https and 80 for http.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace dancu::population {

// Value type.
struct UpstreamUrl {
  bool tls = false;
  std::string host;         // without brackets for IPv6 ("::1")
  unsigned short port = 0;  // never 0 after a successful parse
  std::string path = "/";   // request target: path and query, always starts with '/'
  std::string text;         // the URL as given (trimmed, '/' added when it has no path);
                            // the old form as http://HOST:PORT/

  bool host_is_ip() const;  // an IPv4/IPv6 literal (no SNI is sent for those)
  // "host" or "host:port" (IPv6 in brackets), the port omitted when it is the scheme's default:
  // the HTTP Host header.
  std::string HostHeader() const;
};

// Parses and checks `text`. Errors: invalid_argument with a Vietnamese message naming the
// part that is wrong (scheme, host, port, path) or saying that http:// is allowed only to
// loopback.
core::Result<UpstreamUrl> ParseUpstreamUrl(std::string_view text);

// True for 127.0.0.0/8, ::1 and "localhost" (any case, with or without a trailing dot).
bool IsLoopbackHost(std::string_view host);

}  // namespace dancu::population
