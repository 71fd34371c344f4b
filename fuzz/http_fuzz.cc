// libFuzzer target: the HTTP front door — raw request bytes (one or more pipelined requests)
// parsed as the server parses them (Boost.Beast's request_parser, the server's body limit),
// turned into a web::Request as web/server.cc does, and answered by web::App::Handle over the
// demo (fuzz/web_fixture.h; placeholders such as @S:a@ are replaced before parsing).
//
// The server's own refusals are mirrored, so that inputs the server answers 400 itself do not
// reach the App: a target that is not printable ASCII, header values that are not UTF-8 or hold
// control characters, decoded query parameters that are not UTF-8.
// TODO(issue 10): call the server's conversion instead of this copy once web/server.h exposes it.
// Properties beyond "no crash, no leak, no UB": exactly one reply per request, status 100–599.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/web_fixture.h"

namespace {

using namespace dancu;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr size_t kMaxBody = 25 * 1024 * 1024;  // web::ServeOptions::max_body_bytes
constexpr int kMaxRequests = 4;                 // per input (keep-alive pipelining)

bool PrintableAscii(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool CleanValue(std::string_view v) {
  return core::IsValidUtf8(v) && std::none_of(v.begin(), v.end(), [](char c) {
           return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
         });
}

// The web::Request the server would hand to the App, or nullopt when it answers 400 itself.
std::optional<web::Request> ToRequest(const http::request<http::string_body>& req) {
  if (!PrintableAscii(req.target())) return std::nullopt;
  web::Request r;
  r.method = std::string(req.method_string());
  std::string target(req.target());
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = web::ParseQuery(std::string_view(target).substr(q + 1));
  for (const auto& [k, v] : r.query) {
    if (!core::IsValidUtf8(k) || !core::IsValidUtf8(v)) return std::nullopt;
  }
  for (const auto& f : req) {
    if (!CleanValue(f.value())) return std::nullopt;
    std::string name(f.name_string());
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(f.value());
  }
  r.body = req.body();
  r.peer = "127.0.0.1";
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Web();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto& web = fuzz::WebForInput();
  std::string bytes = web.Fill(std::string(reinterpret_cast<const char*>(data), size));
  std::string_view rest = bytes;
  for (int n = 0; n < kMaxRequests && !rest.empty(); ++n) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBody);
    parser.eager(true);
    beast::error_code ec;
    size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
    rest.remove_prefix(used);
    if (ec == http::error::need_more && parser.is_header_done()) {
      parser.put_eof(ec);  // the connection closes: a body without length ends here
    }
    if (ec || !parser.is_done()) return 0;  // the server answers 400 or waits: no App call
    auto request = ToRequest(parser.get());
    if (!request) continue;
    bool keep_alive = parser.get().keep_alive();
    web.Call(std::move(*request));
    if (!keep_alive) break;
  }
  return 0;
}
