// Parsing and checking of the upstream service's URL (see upstream_url.h).
#include "population/upstream_url.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>

namespace dancu::population {
namespace {

using core::Error;
using core::Fail;

Error Bad(std::string why) {
  return Error::Invalid("--upstream không hợp lệ: " + std::move(why) +
                        " Dạng đúng: https://máy-chủ[:cổng]/đường-dẫn (http:// chỉ tới máy này, "
                        "127.0.0.1 hoặc [::1]).");
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsIpv4(std::string_view s) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address_v4(std::string(s), ec);
  return !ec && a.to_string() == s;
}

bool IsIpv6(std::string_view s) {
  boost::system::error_code ec;
  boost::asio::ip::make_address_v6(std::string(s), ec);
  return !ec && s.find('%') == std::string_view::npos;  // no zone ids
}

// RFC 1123 host name: labels of 1–63 letters, digits and '-', not starting or ending in '-'.
bool IsDnsName(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = std::min(s.find('.', start), s.size());
    std::string_view label = s.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    start = end + 1;
  }
  return true;
}

core::Result<unsigned short> ParsePort(std::string_view s) {
  if (!AllDigits(s) || s.size() > 5 || std::stoi(std::string(s)) < 1 ||
      std::stoi(std::string(s)) > 65535) {
    return Fail(Bad("cổng \"" + std::string(s) + "\" phải là số từ 1 đến 65535."));
  }
  return static_cast<unsigned short>(std::stoi(std::string(s)));
}

// "host", "host:port", "[v6]" or "[v6]:port" into url.host and url.port (default kept).
core::Result<void> ParseAuthority(std::string_view a, UpstreamUrl& url) {
  if (a.find('@') != std::string_view::npos) {
    return Fail(
        Bad("không ghi tên đăng nhập hay mật khẩu trong địa chỉ (dùng --upstream-client "
            "và --upstream-secret-file)."));
  }
  std::string_view port;
  if (!a.empty() && a.front() == '[') {
    auto close = a.find(']');
    if (close == std::string_view::npos) return Fail(Bad("thiếu dấu ']' sau địa chỉ IPv6."));
    url.host = std::string(a.substr(1, close - 1));
    if (!IsIpv6(url.host)) return Fail(Bad("\"" + url.host + "\" không phải địa chỉ IPv6."));
    std::string_view rest = a.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return Fail(Bad("sau ']' chỉ có thể là :cổng."));
    if (!rest.empty()) port = rest.substr(1);
    if (!rest.empty() && port.empty()) return Fail(Bad("thiếu số cổng sau dấu ':'."));
  } else {
    auto colon = a.find(':');
    if (colon != std::string_view::npos && a.find(':', colon + 1) != std::string_view::npos) {
      return Fail(
          Bad("địa chỉ IPv6 phải đặt trong ngoặc vuông, ví dụ https://[2001:db8::1]:8443/."));
    }
    url.host = std::string(a.substr(0, colon));
    if (colon != std::string_view::npos) port = a.substr(colon + 1);
    if (colon != std::string_view::npos && port.empty())
      return Fail(Bad("thiếu số cổng sau dấu ':'."));
    if (url.host.empty()) return Fail(Bad("thiếu tên máy chủ."));
    bool dotted_digits = std::all_of(url.host.begin(), url.host.end(),
                                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    if (dotted_digits ? !IsIpv4(url.host) : !IsDnsName(url.host)) {
      return Fail(Bad("\"" + url.host + "\" không phải tên máy chủ hay địa chỉ IPv4 hợp lệ."));
    }
  }
  if (!port.empty()) {
    auto p = ParsePort(port);
    if (!p) return Fail(p.error());
    url.port = *p;
  }
  return {};
}

// The old HOST:PORT form.
core::Result<UpstreamUrl> ParseHostPort(std::string_view text) {
  if (text.find('/') != std::string_view::npos) {
    return Fail(Bad("thiếu giao thức (https:// hoặc http://) ở đầu địa chỉ."));
  }
  UpstreamUrl url;
  if (auto st = ParseAuthority(text, url); !st) return Fail(st.error());
  if (url.port == 0) return Fail(Bad("thiếu giao thức (https://) hoặc cổng (HOST:PORT)."));
  url.text = "http://" + std::string(text) + "/";
  return url;
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  std::string h = Lower(host);
  if (h == "localhost" || h == "localhost.") return true;
  if (IsIpv4(h)) return h.starts_with("127.");
  return IsIpv6(h) && boost::asio::ip::make_address_v6(h).is_loopback();
}

bool UpstreamUrl::host_is_ip() const { return IsIpv4(host) || IsIpv6(host); }

std::string UpstreamUrl::HostHeader() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
  return out;
}

core::Result<UpstreamUrl> ParseUpstreamUrl(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (text.empty()) return Fail(Bad("địa chỉ trống."));
  if (text.size() > 2048) return Fail(Bad("địa chỉ dài quá 2048 ký tự."));
  for (unsigned char c : text) {
    if (c <= 0x20 || c >= 0x7f)
      return Fail(Bad("địa chỉ chỉ gồm ký tự ASCII in được, không có khoảng trắng."));
  }
  if (text.find('#') != std::string_view::npos) return Fail(Bad("địa chỉ không có phần '#…'."));
  auto sep = text.find("://");
  auto parsed =
      sep == std::string_view::npos ? ParseHostPort(text) : [&]() -> core::Result<UpstreamUrl> {
    std::string scheme = Lower(text.substr(0, sep));
    if (scheme != "https" && scheme != "http") {
      return Fail(Bad("giao thức \"" + scheme + "\" không được hỗ trợ; dùng https://."));
    }
    UpstreamUrl url;
    url.tls = scheme == "https";
    url.text = std::string(text);
    std::string_view rest = text.substr(sep + 3);
    auto slash = rest.find_first_of("/?");
    if (auto st = ParseAuthority(rest.substr(0, slash), url); !st) return Fail(st.error());
    if (slash != std::string_view::npos) url.path = std::string(rest.substr(slash));
    if (url.path.front() == '?') url.path = "/" + url.path;
    // "https://a.vn" and "https://a.vn/" name the same resource (RFC 3986 §6.2.3); the text,
    // which clients sign by default, always has the path the request line sends.
    if (slash == std::string_view::npos || rest[slash] == '?') {
      url.text =
          std::string(text.substr(0, sep + 3)) + std::string(rest.substr(0, slash)) + url.path;
    }
    if (url.port == 0) url.port = url.tls ? 443 : 80;
    return url;
  }();
  if (!parsed) return parsed;
  if (!parsed->tls && !IsLoopbackHost(parsed->host)) {
    return Fail(Error::Invalid(
        "--upstream: http:// (không mã hóa) chỉ được dùng tới chính máy này "
        "(127.0.0.1, [::1], localhost); tới \"" +
        parsed->host + "\" hãy dùng https:// cùng --upstream-ca và chứng chỉ máy khách."));
  }
  return parsed;
}

}  // namespace dancu::population
