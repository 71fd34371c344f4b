// The JSON API of dancu as a plain function from request to response (no sockets here), so
// handlers stay thin and testable: parse, call one registry function, render.
#pragma once

#include <map>
#include <string>

#include "store/store.h"

namespace dancu::web {

struct Request {
  std::string method;  // "GET", "POST"
  std::string path;    // "/api/v1/orgs" (no query string)
  std::map<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string peer;  // client address, for the actor name
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;
};

// Routes and handles one request. Thread-safe (the database is).
Response HandleApi(store::Database& db, const Request& request);

// Maps an error code to its HTTP status: the one place this mapping lives.
int HttpStatus(core::Code code);

// Splits "a=1&b=x%20y" into decoded pairs.
std::map<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace dancu::web
