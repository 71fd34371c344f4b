// JSON shapes of dancu's domain values, shared by the HTTP API and `--format json`.
#pragma once

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "registry/registry.h"

namespace dancu::web {

nlohmann::json ToJson(const core::Error& e);
nlohmann::json ToJson(const registry::Org& o);
nlohmann::json ToJson(const registry::Campaign& c);
nlohmann::json ToJson(const registry::Registration& r);  // with accounts when loaded
nlohmann::json ToJson(const registry::Account& a);
nlohmann::json ToJson(const registry::Commitment& c);
nlohmann::json ToJson(const registry::ImportOutcome& o);
nlohmann::json ToJson(const registry::Change& c);

}  // namespace dancu::web
