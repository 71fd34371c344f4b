// Every route dancu answers, with who may call it: the one place authorisation is declared.
// Deny by default — a path that matches no route is refused, and a protected route is
// checked (session, role, unit scope, CSRF) by web::App before its handler runs.
//
// Each role's file contributes its own list (AdminRoutes() in api_admin.cc, …); AllRoutes()
// concatenates them. Pages are routes too: a GET route with a page title and a script is
// answered with the HTML shell, which loads /assets/<script>.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gateway/policy.h"
#include "web/api.h"
#include "web/server.h"

namespace dancu::auth { class Users; class Sessions; }
namespace dancu::gateway { class Gateway; }
namespace dancu::audit { class AuditLog; }

namespace dancu::web {

// Role bits of Route::roles. 0 = public (no session needed).
enum RoleBit : unsigned {
  kPublic = 0,
  kAdmin = 1,
  kFocal = 2,
  kOfficial = 4,
  kAuditor = 8,
  kEveryUser = 15,
};
unsigned RoleBitOf(std::string_view role);  // "admin" → kAdmin; unknown → 0

// How a focal point (or an official) is confined to its own unit on a route.
enum class Scope {
  kNone,
  kPathUnit,        // the {unit} path parameter must be the caller's unit (admins: any)
  kBodyUnit,        // the JSON body's "unit_code" must be the caller's unit (admins: any)
  kCommitmentUnit,  // the {commitment} path parameter must be a commitment of the caller's unit
};

// What the server shares with handlers. Pointers may be null in tests that do not need them.
struct Services {
  store::Database& db;
  auth::Users* users = nullptr;
  auth::Sessions* sessions = nullptr;
  gateway::Gateway* gateway = nullptr;  // the query pipeline (official lookups, today's use)
  audit::AuditLog* audit = nullptr;
  store::Database* audit_db = nullptr;  // the audit log's own database
  bool secure_cookies = false;          // behind TLS: cookies get the Secure attribute
  // Behind TLS only: addresses of the TLS proxies whose X-Client-Cert-SHA256 header is
  // believed (the fingerprint of the client certificate the proxy verified). From any other
  // peer, or without TLS in front, the header is ignored.
  std::vector<std::string> trusted_proxies;
  gateway::AccessRules access;  // the installation's additions to MayQuery (config file)
  std::string listen;  // the listen address: the WSDL's endpoint when the Host header is unusable
};

// Body limits, checked from the header before a body byte is read (web/server.h).
constexpr size_t kGatewayBodyLimit = 64 * 1024;       // a lookup: the SOAP contract's size
constexpr size_t kSmallBodyLimit = 16 * 1024;         // sign-in, TOTP, short commands
constexpr size_t kDefaultBodyLimit = 1024 * 1024;     // JSON of the web application
constexpr size_t kUploadBodyLimit = 25 * 1024 * 1024;  // office files and signed scans (20 MB)

using Params = std::map<std::string, std::string>;  // "{id}" → "12"
// A handler that may block (database, files, documents): runs on a worker thread.
using SyncHandler = std::function<Response(Services&, const Request&, const Params&)>;
// A handler that answers later through `reply` (gateway lookups): must not block.
using AsyncRouteHandler = std::function<void(Services&, Request, Params, Reply)>;

struct Route {
  std::string method;   // "GET", "POST", "PUT", "DELETE"
  std::string pattern;  // "/api/v1/campaigns/{id}/registrations/{unit}"; a last segment "{*}"
                        // matches the rest of the path
  unsigned roles = kPublic;
  Scope scope = Scope::kNone;
  std::string page_title;   // pages only: the title and menu label ("Bảng điều khiển")
  std::string page_script;  // pages only: "page-admin-dashboard.js"
  bool in_menu = true;      // pages only: listed in the role's menu
  SyncHandler handler;      // API routes: one of handler / async_handler, or neither for the
  AsyncRouteHandler async_handler;  // registry API in web/api.h (HandleApi)
  std::string doc;          // one line for the route list in src/README.md / tests
  size_t max_body = kDefaultBodyLimit;  // bytes; larger bodies are refused 413 unread
  bool binary_body = false;  // uploads: the body is a file; otherwise it must be UTF-8 text
};

// A page: GET `path` for `roles`, drawn by /assets/<script>; listed in their menus (in list
// order) unless `in_menu` is false.
Route PageRoute(std::string path, unsigned roles, std::string title, std::string script,
                std::string doc, bool in_menu = true);
// An API route. `handler` empty = the registry API of web/api.h (HandleApi).
Route ApiRoute(std::string method, std::string pattern, unsigned roles, SyncHandler handler,
               std::string doc, Scope scope = Scope::kNone);
// An API route answered later by `handler` (it must not block).
Route AsyncApiRoute(std::string method, std::string pattern, unsigned roles,
                    AsyncRouteHandler handler, std::string doc);

// The lists, one per file that answers them.
std::vector<Route> PublicRoutes();    // app.cc: assets, health, OpenAPI, login page
std::vector<Route> SessionRoutes();   // api_session.cc: login, TOTP, logout, own password
std::vector<Route> RegistryRoutes();  // routes.cc: the registry JSON API of web/api.h
std::vector<Route> AdminRoutes();     // api_admin.cc
std::vector<Route> UnitRoutes();      // api_unit.cc (focal points)
std::vector<Route> OfficialRoutes();  // api_official.cc
std::vector<Route> AuditRoutes();     // api_audit.cc (auditors)

const std::vector<Route>& AllRoutes();

struct RouteMatch {
  const Route* route = nullptr;
  Params params;
  bool path_known = false;  // some route has this path (for 405 vs 404)
};
RouteMatch MatchRoute(std::string_view method, std::string_view path);

// The body limit of a request to `target` (path and query) with `method`: the matched
// route's, kGatewayBodyLimit for unknown paths (they are answered 404 anyway).
size_t BodyLimitFor(std::string_view method, std::string_view target);

// Marks a route as taking a file upload of up to kUploadBodyLimit bytes.
Route Upload(Route r);

// Pages a role may open, in menu order: (path, title).
std::vector<std::pair<std::string, std::string>> MenuOf(std::string_view role);
// Where a role lands after login.
std::string HomeOf(std::string_view role);

// Small helpers for handlers.
Response JsonResponse(int status, const nlohmann::json& body);
Response ErrorJson(const core::Error& e);  // status from HttpStatus
std::string QueryParam(const Request& r, const std::string& key, const std::string& fallback = "");
// Whether the request's X-CSRF-Token header is `expected` (non-empty), compared in constant time.
bool CsrfMatches(const Request& r, const std::string& expected);

}  // namespace dancu::web
