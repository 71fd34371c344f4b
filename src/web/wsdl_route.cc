// `GET …?wsdl`: the WSDL with an endpoint address built from a validated Host header.
#include "web/wsdl_route.h"

#include <algorithm>

#include "population/wsdl.h"

namespace dancu::web {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

bool IsIpv6Char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

bool IsPort(std::string_view port) {
  return !port.empty() && port.size() <= 5 &&
         std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool IsWsdlRequest(const Request& r) {
  return (r.method == "GET" || r.method == "HEAD") && r.query.contains("wsdl");
}

bool IsHostPort(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  std::string_view name = host;
  std::string_view rest;
  if (host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    const auto inner = host.substr(1, close - 1);
    if (!std::all_of(inner.begin(), inner.end(), IsIpv6Char)) return false;
    rest = host.substr(close + 1);
    name = {};
  } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    name = host.substr(0, colon);
    rest = host.substr(colon);
  }
  if (host.front() != '[' && (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar))) {
    return false;
  }
  return rest.empty() || (rest.front() == ':' && IsPort(rest.substr(1)));
}

std::string EndpointUrl(const Request& r, bool https, std::string_view fallback_host) {
  const auto it = r.headers.find("host");
  const bool valid = it != r.headers.end() && IsHostPort(it->second);
  std::string url = https ? "https://" : "http://";
  url += valid ? std::string_view(it->second) : fallback_host;
  url += r.path.empty() ? "/" : r.path;
  return url;
}

Response WsdlResponse(const Request& r, bool https, std::string_view fallback_host) {
  return {
      200, "text/xml; charset=utf-8", population::Wsdl(EndpointUrl(r, https, fallback_host)), {}};
}

}  // namespace dancu::web
