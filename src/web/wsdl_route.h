// `GET …?wsdl`: the WSDL of the SOAP contract (population/wsdl.h) served by `dancu serve` at
// /soap and by `dancu population serve`, with the endpoint address taken from the request.
#pragma once

#include <string>
#include <string_view>

#include "web/api.h"

namespace dancu::web {

// Whether `request` asks for the WSDL: GET or HEAD with a `wsdl` query parameter (`?wsdl`).
bool IsWsdlRequest(const Request& request);

// Whether `host` is a Host header value made only of host[:port] characters: a DNS name or
// IPv4 address ([A-Za-z0-9.-]), or an IPv6 literal in brackets, then optionally ':' and 1–5
// digits; at most 255 bytes.
bool IsHostPort(std::string_view host);

// The endpoint the WSDL names: "https://" when `https` (behind the TLS proxy) else "http://",
// then the request's Host header when IsHostPort accepts it, else `fallback_host` (the listen
// address), then the request's path.
std::string EndpointUrl(const Request& request, bool https, std::string_view fallback_host);

// 200, text/xml; charset=utf-8, the WSDL whose address is EndpointUrl(…). Pure; thread-safe.
Response WsdlResponse(const Request& request, bool https, std::string_view fallback_host);

}  // namespace dancu::web
