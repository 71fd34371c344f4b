// The web application's front door: routing, sessions, authorisation, pages, assets.
#include "web/app.h"

#include <sodium.h>

#include <atomic>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "auth/auth.h"
#include "core/log.h"
#include "core/text.h"
#include "web/api_gateway.h"
#include "web/json.h"
#include "web/wsdl_route.h"

namespace dancu::web {
namespace {

using core::Error;

const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

void SecurityHeaders(Response& r, bool secure) {
  r.headers["content-security-policy"] = kCsp;
  r.headers["x-frame-options"] = "DENY";
  r.headers["x-content-type-options"] = "nosniff";
  r.headers["referrer-policy"] = "same-origin";
  r.headers["permissions-policy"] = "camera=(), microphone=(), geolocation=()";
  r.headers["cross-origin-opener-policy"] = "same-origin";
  if (secure) r.headers["strict-transport-security"] = "max-age=31536000";
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += char(c);
    else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
  }
  return out;
}

void Replace(std::string& s, std::string_view what, std::string_view with) {
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + with.size())) {
    s.replace(p, what.size(), with);
  }
}

// The HTML shell of every page: the page's script draws the content.
Response Shell(int status, std::string_view title, std::string_view script, std::string_view error = "") {
  std::string html(EmbeddedAsset("shell.html"));
  Replace(html, "{{TITLE}}", HtmlEscape(title));
  Replace(html, "{{SCRIPT}}", HtmlEscape(script));
  Replace(html, "{{ERROR}}", HtmlEscape(error));
  return {status, "text/html; charset=utf-8", std::move(html), {}};
}

Response Redirect(const std::string& to) {
  Response r{302, "text/plain; charset=utf-8", "", {}};
  r.headers["location"] = to;
  return r;
}

bool IsApi(const Request& r) { return r.path.starts_with("/api/"); }

Response Refuse(const Request& req, const Error& e) {
  if (IsApi(req)) return ErrorJson(e);
  return Shell(HttpStatus(e.code), "Không mở được trang", "page-error.js", e.message);
}

std::string RandomToken() {
  unsigned char b[24];
  randombytes_buf(b, sizeof b);
  char hex[sizeof b * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, b, sizeof b);
  return hex;
}


// The checks every request body passes before any handler reads it: text bodies (all but
// file uploads) are valid UTF-8, and JSON nests at most kMaxJsonDepth deep.
core::Result<void> CheckBody(const Request& req, bool binary) {
  if (req.body.empty() || binary) return {};
  if (!core::IsValidUtf8(req.body)) {
    return core::Fail(Error::Invalid("Nội dung yêu cầu chứa byte không phải UTF-8 hợp lệ."));
  }
  if (JsonDepth(req.body) > kMaxJsonDepth) {
    return core::Fail(Error::Invalid("Nội dung yêu cầu lồng nhau quá sâu (tối đa " +
                                     std::to_string(kMaxJsonDepth) + " cấp)."));
  }
  return {};
}

std::string ContentType(std::string_view name) {
  auto ends = [&](std::string_view e) { return name.ends_with(e); };
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".json")) return "application/json; charset=utf-8";
  return "application/octet-stream";
}

Principal PrincipalOf(const auth::User& u) {
  return {u.id, u.login, u.display_name, std::string(auth::RoleName(u.role)), u.unit_code, u.account};
}

// Whether a focal point / official may act on this route's unit. Admins and auditors see
// every unit; the route's role bits already said whether the role may call it at all.
core::Result<void> CheckScope(Services& s, const Route& r, const Params& params, const Request& req) {
  const auto& p = *req.principal;
  if (p.role == "admin" || p.role == "auditor" || r.scope == Scope::kNone) return {};
  auto deny = [&] {
    return core::Fail(Error::Denied("Bạn chỉ được xem và sửa dữ liệu của đơn vị mình (" + p.unit_code + ")."));
  };
  if (r.scope == Scope::kPathUnit) {
    auto it = params.find("unit");
    if (it == params.end() || it->second != p.unit_code) return deny();
    return {};
  }
  if (r.scope == Scope::kBodyUnit) {
    auto j = nlohmann::json::parse(req.body, nullptr, false);
    if (!j.is_object() || !j.contains("unit_code") || !j["unit_code"].is_string() ||
        j["unit_code"].get<std::string>() != p.unit_code) {
      return deny();
    }
    return {};
  }
  if (r.scope == Scope::kCommitmentUnit) {
    auto it = params.find("commitment");
    if (it == params.end()) return deny();
    int64_t id = 0;
    try { id = std::stoll(it->second); } catch (const std::exception&) { return deny(); }
    auto row = s.db.Read([&](store::Tx& tx) {
      return tx.QueryOne("SELECT org_code FROM commitment WHERE id = ?", {id}, "Bản cam kết");
    });
    if (!row || row->Text(0) != p.unit_code) return deny();
    return {};
  }
  return deny();
}

}  // namespace

std::string CookieValue(const Request& req, std::string_view name) {
  auto it = req.headers.find("cookie");
  if (it == req.headers.end()) return "";
  std::string_view all = it->second;
  while (!all.empty()) {
    size_t semi = all.find(';');
    std::string_view part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return "";
}

std::string SetCookie(std::string_view name, std::string_view value, bool secure, int max_age,
                      bool script_readable) {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Strict";
  if (!script_readable) c += "; HttpOnly";
  if (secure) c += "; Secure";
  if (max_age >= 0) c += "; Max-Age=" + std::to_string(max_age);
  return c;
}

namespace {

// GET /soap?wsdl (the query is conventional; any GET of the endpoint gets the WSDL): public
// metadata, no API key (issue 11 item 5).
Response WsdlHandler(Services& s, const Request& req, const Params&) {
  return WsdlResponse(req, s.secure_cookies, s.listen);
}

}  // namespace

std::vector<Route> PublicRoutes() {
  auto GatewayRoute = [](Route r) {
    r.max_body = kGatewayBodyLimit;
    return r;
  };
  auto pub = [](std::string method, std::string path, std::string doc) {
    return ApiRoute(std::move(method), std::move(path), kPublic, nullptr, std::move(doc));
  };
  return {
      pub("GET", "/", "chuyển tới trang chính của vai trò, hoặc trang đăng nhập"),
      PageRoute("/dang-nhap", kPublic, "Đăng nhập", "page-login.js", "trang công khai", false),
      pub("GET", "/healthz", "kiểm tra máy chủ"),
      pub("GET", "/openapi.json", "tài liệu API"),
      pub("GET", "/assets/{name}", "tệp tĩnh (JS, CSS)"),
      GatewayRoute(pub("POST", "/api/v1/lookups", "cổng truy vấn JSON (khóa API của hệ thống tích hợp)")),
      GatewayRoute(pub("POST", "/soap", "cổng truy vấn SOAP (khóa API của hệ thống tích hợp)")),
      ApiRoute("GET", "/soap", kPublic, WsdlHandler, "WSDL của cổng SOAP (GET /soap?wsdl; công khai, không cần khóa API)"),
      GatewayRoute(pub("POST", "/token", "cấp mã truy cập Bearer cho hệ thống tích hợp (OAuth 2.0 client credentials)")),
  };
}

// Requests waiting for or running on the workers at most; beyond, 503 at once.
constexpr int kMaxPendingWork = 512;

struct App::Impl {
  Services s;
  boost::asio::thread_pool pool;
  std::atomic<int> pending{0};
  Impl(Services services, int workers) : s(services), pool(std::max(1, workers)) {}

  // Any exception from routing, sessions or a handler is a 500 and a log line, never the end
  // of the process; `reply` is called exactly once either way.
  void DispatchGuarded(Request req, Reply reply) {
    auto replied = std::make_shared<std::atomic<bool>>(false);
    Reply once = [reply = std::move(reply), replied](Response r) {
      if (!replied->exchange(true)) reply(std::move(r));
    };
    std::string what = req.method + " " + req.path;
    bool ok = core::Guarded("ứng dụng web: " + what, [&] { Dispatch(std::move(req), once); });
    if (!ok && !replied->load()) once(ErrorJson(Error::Internal("Lỗi nội bộ; sự cố đã được ghi lại.")));
  }

  void Dispatch(Request req, Reply reply) {
    auto m = MatchRoute(req.method, req.path);
    if (!m.route) {
      if (m.path_known) return reply(Refuse(req, Error::NotFound("Đường dẫn " + req.path + " không nhận phương thức " + req.method + ".")));
      return reply(Refuse(req, Error::NotFound("Không có trang " + req.path + ".")));
    }
    const Route& r = *m.route;
    if (auto body = CheckBody(req, r.binary_body); !body) return reply(Refuse(req, body.error()));
    std::optional<auth::Session> session;
    if (std::string token = CookieValue(req, kSessionCookie); !token.empty() && s.sessions) {
      if (auto found = s.sessions->Resolve(token)) session = std::move(*found);
    }
    bool complete = session && session->stage == auth::Stage::kComplete;
    if (complete) req.principal = PrincipalOf(session->user);

    if (r.roles != kPublic) {
      if (!complete) {
        if (IsApi(req)) return reply(ErrorJson(Error::Unauthenticated("Bạn cần đăng nhập (phiên làm việc đã hết hạn hoặc chưa đăng nhập).")));
        return reply(Redirect("/dang-nhap?next=" + UrlEncode(req.path)));
      }
      // Issue 10 item 5: until the password is changed, only the account page and its change.
      if (auth::MayOnlyChangePassword(*session) && r.pattern != "/api/v1/me/password" && r.pattern != "/tai-khoan") {
        if (IsApi(req)) return reply(ErrorJson(Error::Denied("Bạn cần đổi mật khẩu trước khi dùng chức năng khác (trang Tài khoản của tôi).")));
        return reply(Redirect("/tai-khoan"));
      }
      if (!(r.roles & RoleBitOf(req.principal->role))) {
        return reply(Refuse(req, Error::Denied("Vai trò " + std::string(auth::RoleLabel(session->user.role)) +
                                               " không được dùng chức năng này.")));
      }
      if (req.method != "GET" && req.method != "HEAD") {
        if (!CsrfMatches(req, session->csrf)) {
          return reply(Refuse(req, Error::Denied("Yêu cầu thiếu mã chống giả mạo (CSRF) hợp lệ; hãy tải lại trang rồi thử lại.")));
        }
      }
      if (auto scoped = CheckScope(s, r, m.params, req); !scoped) return reply(Refuse(req, scoped.error()));
    }

    if (req.path == "/") return reply(Redirect(complete ? HomeOf(req.principal->role) : "/dang-nhap"));
    if (!r.page_script.empty()) {
      if (r.pattern == "/dang-nhap") {
        if (complete) return reply(Redirect(HomeOf(req.principal->role)));
        Response page = Shell(200, r.page_title, r.page_script);
        if (CookieValue(req, kPreLoginCookie).empty()) {
          page.headers["set-cookie"] = SetCookie(kPreLoginCookie, RandomToken(), s.secure_cookies, -1, true);
        }
        return reply(std::move(page));
      }
      return reply(Shell(200, r.page_title, r.page_script));
    }
    if (r.async_handler) return r.async_handler(s, std::move(req), std::move(m.params), std::move(reply));
    if (r.handler) return reply(r.handler(s, req, m.params));
    reply(HandleApi(s.db, req));
  }
};

App::App(Services services, int workers) : impl_(std::make_unique<Impl>(services, workers)) {}
App::~App() { impl_->pool.join(); }

void App::Handle(Request req, Reply reply) {
  bool secure = impl_->s.secure_cookies;
  auto replied = std::make_shared<std::atomic<bool>>(false);
  Reply finish = [reply = std::move(reply), secure, replied](Response r) {
    if (replied->exchange(true)) return;  // exactly once, even after an exception
    SecurityHeaders(r, secure);
    reply(std::move(r));
  };
  std::string what = req.method + " " + req.path;
  // The I/O thread's part: an exception here must not reach the server's loop either.
  bool ok = core::Guarded("ứng dụng web: " + what, [&] { HandleOnIoThread(std::move(req), finish); });
  if (!ok) finish(ErrorJson(Error::Internal("Lỗi nội bộ; sự cố đã được ghi lại.")));
}

void App::HandleOnIoThread(Request req, Reply finish) {
  if (IsGatewayRequest(req)) {
    if (!impl_->s.gateway) return finish(ErrorJson(Error::Unavailable("Cổng truy vấn chưa được bật trên máy chủ này.")));
    if (auto body = CheckBody(req, false); !body) return finish(GatewayRefusal(req, body.error()));
    return HandleGateway(*impl_->s.gateway, GatewayContextOf(impl_->s, req), std::move(req), std::move(finish));
  }
  if (req.path == "/healthz") return finish(HandleApi(impl_->s.db, req));
  if (req.path.starts_with("/assets/") && (req.method == "GET" || req.method == "HEAD")) {
    std::string name = req.path.substr(8);
    auto bytes = name.find('/') == std::string::npos ? EmbeddedAsset(name) : std::string_view();
    if (bytes.empty() || name == "shell.html") {
      return finish({404, "text/plain; charset=utf-8", "Không có tệp " + name, {}});
    }
    Response r{200, ContentType(name), std::string(bytes), {}};
    r.headers["cache-control"] = "no-cache";
    return finish(std::move(r));
  }
  if (impl_->pending.fetch_add(1) >= kMaxPendingWork) {
    impl_->pending.fetch_sub(1);
    Response busy = ErrorJson(Error::Unavailable("Máy chủ đang quá tải; hãy thử lại sau ít giây."));
    busy.headers["retry-after"] = "2";
    return finish(std::move(busy));
  }
  boost::asio::post(impl_->pool, [impl = impl_.get(), req = std::move(req), finish = std::move(finish)]() mutable {
    impl->DispatchGuarded(std::move(req), std::move(finish));
    impl->pending.fetch_sub(1);
  });
}

std::optional<Response> App::Admit(const Request& head) const {
  auto has_body = [&] {
    auto len = head.headers.find("content-length");
    return head.headers.contains("transfer-encoding") || (len != head.headers.end() && len->second != "0");
  };
  if (IsGatewayRequest(head) || !has_body()) return std::nullopt;
  auto m = MatchRoute(head.method, head.path);
  if (!m.route || m.route->roles == kPublic) return std::nullopt;
  if (!CookieValue(head, kSessionCookie).empty()) return std::nullopt;
  Response r = Refuse(head, Error::Unauthenticated("Bạn cần đăng nhập (phiên làm việc đã hết hạn hoặc chưa đăng nhập)."));
  SecurityHeaders(r, impl_->s.secure_cookies);
  return r;
}

}  // namespace dancu::web
