// libFuzzer target: JSON request bodies of the gateway and of the web API, sent through the
// web front door (web::App::Handle) of the demo (fuzz/web_fixture.h).
//
// The first byte chooses the route, the rest is the body (placeholders of web_fixture.h
// replaced): 0 → POST /api/v1/lookups with the system's API key (the JSON gateway); otherwise
// one of the API's state-changing routes that read a body, called by a signed-in user of a role
// the route admits, with the CSRF token. Routes that hash passwords (argon2id, ~70 ms: login,
// password changes, new users) or that would end the fixture's sessions (logout, user
// administration) are left to the http target.
// Properties beyond "no crash, no leak, no UB": exactly one reply per request; JSON replies
// parse. Distinct 500 answers are printed (at most 50), not treated as crashes.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "fuzz/web_fixture.h"

namespace {

using namespace dancu;

struct Target {
  std::string method, path, role;
};

// {unit} and {id}-like parameters filled with values of the demo.
std::string Concrete(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '{') { out += pattern[i++]; continue; }
    size_t end = pattern.find('}', i);
    std::string name = pattern.substr(i + 1, end - i - 1);
    out += name == "unit" ? fuzz::kFuzzUnit : name == "kind" ? "cccd" : name == "*" ? "x" : "1";
    i = end + 1;
  }
  return out;
}

bool Excluded(const std::string& p) {
  for (const char* word : {"login", "logout", "password", "/users", "/session", "totp"}) {
    if (p.find(word) != std::string::npos) return true;
  }
  return false;
}

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = [] {
    std::vector<Target> out = {{"POST", "/api/v1/lookups", ""}};
    for (const auto& r : web::AllRoutes()) {
      if (r.method == "GET" || !r.page_script.empty() || Excluded(r.pattern)) continue;
      if (r.pattern == "/api/v1/lookups" || r.pattern == "/soap") continue;
      std::string role = r.roles & web::kAdmin ? "a" : r.roles & web::kFocal ? "f"
                         : r.roles & web::kOfficial ? "o" : r.roles & web::kAuditor ? "u" : "";
      out.push_back({r.method, Concrete(r.pattern), role});
    }
    return out;
  }();
  return targets;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Web();
  Targets();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto& web = fuzz::WebForInput();
  const auto& targets = Targets();
  const Target& t = targets[data[0] % targets.size()];
  web::Request req;
  req.method = t.method;
  req.path = t.path;
  req.peer = "127.0.0.1";
  req.body = web.Fill(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  req.headers["content-type"] = "application/json";
  if (t.role.empty()) {
    req.headers["x-api-key"] = web.Fill("@KEY@");
  } else {
    req.headers["cookie"] = web.Cookie(t.role);
    req.headers["x-csrf-token"] = web.Csrf(t.role);
  }
  web::Response r = web.Call(std::move(req));
  // A 500 is a handler's exception caught by the App's barrier: worth reading, not a crash.
  if (r.status == 500) {
    static std::set<std::string> seen;
    std::string what = t.method + " " + t.path + ": " + r.body.substr(0, 300);
    if (seen.insert(what).second && seen.size() <= 50) std::fprintf(stderr, "json_api 500: %s\n", what.c_str());
  }
  if (r.content_type.starts_with("application/json")) {
    fuzz::Check(!nlohmann::json::parse(r.body, nullptr, false).is_discarded(),
                "json_api: the JSON reply does not parse");
  }
  return 0;
}
