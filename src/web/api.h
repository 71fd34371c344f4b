// The JSON API of dancu as a plain function from request to response (no sockets here), so
// handlers stay thin and testable: parse, call one registry function, render.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "store/store.h"

namespace dancu::web {

// Who is calling, once the web application resolved a session (web/app.h). Absent for
// machine callers (API keys) and in unit tests that call HandleApi directly.
struct Principal {
  int64_t user_id = 0;
  std::string login;
  std::string display_name;
  std::string role;       // auth::RoleName: "admin" | "focal" | "official" | "auditor"
  std::string unit_code;  // focal / official
  std::string account;    // official: the registry account it queries as
};

struct Request {
  std::string method;  // "GET", "POST"
  std::string path;    // "/api/v1/orgs" (no query string)
  std::map<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string peer;  // client address, for the actor name
  std::optional<Principal> principal;  // the signed-in user (set by web::App)
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names; "set-cookie": one per line
};

// Routes and handles one request. Thread-safe (the database is).
Response HandleApi(store::Database& db, const Request& request);

// Who a change is recorded as: "web:<login>" for a signed-in user, "api@<address>" otherwise.
std::string ActorOf(const Request& request);

// Maps an error code to its HTTP status: the one place this mapping lives.
int HttpStatus(core::Code code);

// Splits "a=1&b=x%20y" into decoded pairs.
std::map<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace dancu::web
