// The web application: one handler for every HTTP request dancu answers.
//
//   gateway (API key)  → web/api_gateway.h, on the I/O thread, no session
//   /healthz, /assets  → answered at once
//   everything else    → on a worker thread: match a route (web/routes.h; none → 404),
//                        resolve the session cookie, check role, unit scope and CSRF token,
//                        then the page shell or the route's handler
//
// Every response carries the security headers (CSP without inline scripts, frame-ancestors
// none, nosniff, referrer policy). Refusals: API → JSON 401/403/404; pages → redirect to
// /dang-nhap when signed out, an HTML page saying why otherwise.
#pragma once

#include <memory>

#include "web/routes.h"
#include "web/server.h"

namespace dancu::web {

constexpr const char* kSessionCookie = "dancu_session";
constexpr const char* kPreLoginCookie = "dancu_pre";  // double-submit CSRF token of the login form

class App {
 public:
  // `workers`: threads for handlers that may block (database, documents, password hashing).
  App(Services services, int workers = 4);
  ~App();
  // Thread-safe; never blocks the calling (I/O) thread.
  void Handle(Request request, Reply reply);
  // The check before a body is read (ServeOptions::admit): a request with a body to a route
  // that needs a session, without any session cookie, is refused 401 at once. Never blocks.
  std::optional<Response> Admit(const Request& head) const;

 private:
  void HandleOnIoThread(Request request, Reply finish);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The embedded static files (src/web/assets/*), by file name; empty when unknown.
std::string_view EmbeddedAsset(std::string_view name);

// Value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const Request& request, std::string_view name);
// A Set-Cookie value: HttpOnly (unless `script_readable`), SameSite=Strict, Path=/,
// Secure when `secure`; max_age_seconds < 0 = session cookie, 0 = delete.
std::string SetCookie(std::string_view name, std::string_view value, bool secure,
                      int max_age_seconds = -1, bool script_readable = false);

}  // namespace dancu::web
