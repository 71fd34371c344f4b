// JSON shapes of dancu's domain values, shared by the HTTP API and `--format json`.
#pragma once

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "registry/registry.h"

namespace dancu::web {

// The deepest nesting of arrays and objects a request body may have.
constexpr int kMaxJsonDepth = 32;

// Parses JSON text from the network. Errors: invalid_argument (Vietnamese) when the text is
// not JSON, not valid UTF-8, or nests deeper than `max_depth` — checked by a linear scan
// before the parser runs, so no input can exhaust the stack. Never throws.
core::Result<nlohmann::json> ParseJson(std::string_view text, int max_depth = kMaxJsonDepth);

// Deepest nesting of [ and { outside strings (a linear scan; malformed text is fine).
int JsonDepth(std::string_view text);

// Serialises JSON for the network: ill-formed UTF-8 in a string becomes U+FFFD instead of
// throwing. Every response body goes through here. Never throws.
std::string DumpJson(const nlohmann::json& j, int indent = -1);

nlohmann::json ToJson(const core::Error& e);
nlohmann::json ToJson(const registry::Org& o);
nlohmann::json ToJson(const registry::Campaign& c);
nlohmann::json ToJson(const registry::Registration& r);  // with accounts when loaded
nlohmann::json ToJson(const registry::Account& a);
nlohmann::json ToJson(const registry::Commitment& c);
nlohmann::json ToJson(const registry::ImportOutcome& o);
nlohmann::json ToJson(const registry::Change& c);

}  // namespace dancu::web
