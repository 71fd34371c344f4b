// Error code → HTTP status: the one place this mapping lives.
#include "core/error.h"
#include "web/api.h"

namespace dancu::web {

int HttpStatus(core::Code code) {
  switch (code) {
    case core::Code::kInvalidArgument: return 400;
    case core::Code::kNotFound: return 404;
    case core::Code::kUnauthenticated: return 401;
    case core::Code::kPermissionDenied: return 403;
    case core::Code::kQuotaExhausted: return 429;
    case core::Code::kConflict: return 409;
    case core::Code::kUnavailable: return 503;
    case core::Code::kInternal: return 500;
  }
  return 500;
}

std::map<std::string, std::string> ParseQuery(std::string_view q) {
  std::map<std::string, std::string> out;
  auto decode = [](std::string_view s) {
    std::string r;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') r += ' ';
      else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        r += char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else r += s[i];
    }
    return r;
  };
  size_t start = 0;
  while (start < q.size()) {
    size_t end = q.find('&', start);
    if (end == std::string_view::npos) end = q.size();
    std::string_view part = q.substr(start, end - start);
    size_t eq = part.find('=');
    if (!part.empty()) {
      out[decode(part.substr(0, eq))] = eq == std::string_view::npos ? "" : decode(part.substr(eq + 1));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace dancu::web
