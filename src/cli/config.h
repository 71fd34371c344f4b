// The installation's configuration file (TOML): what is per installation — the database files,
// the secret key file, the listen address, the upstream national service with its certificates
// and signing, the signature window, time limits, the province's name. Flags override it;
// secrets are given only as file paths, never inline. `dancu --config FILE …` (or
// DANCU_CONFIG) reads it; `dancu config check FILE` checks it.
//
//   [installation]  province, db, audit_db, secret_key_file
//   [server]        listen, behind_tls, trusted_proxies, max_connections
//   [upstream]      url, ca_file, cert_file, key_file, auth, client, secret_file, signed_url,
//                   integration_code, timeout_ms, requires_official_id
//   [gateway]       signature_window_seconds, token_seconds
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace dancu::cli {

// Every setting is optional: absent = the flag's default. Value type.
struct InstallConfig {
  std::string path;  // the file it was read from
  std::optional<std::string> province, db, audit_db, secret_key_file;
  std::optional<std::string> listen;
  std::optional<bool> behind_tls;
  std::optional<std::vector<std::string>> trusted_proxies;
  std::optional<int64_t> max_connections;
  std::optional<std::string> upstream_url, upstream_ca, upstream_cert, upstream_key, upstream_auth,
      upstream_client, upstream_secret_file, upstream_signed_url, upstream_integration_code;
  std::optional<int64_t> upstream_timeout_ms;
  std::optional<bool> requires_official_id;
  std::optional<int64_t> signature_window_seconds, token_seconds;
};

// Parses TOML text. Checks: TOML syntax (with line and column), only the tables and keys above
// (an unknown one is refused, naming it and its line — a typo must not pass silently), types
// and ranges, secrets never inline (a key such as `secret`, `password` or `api_key` is refused
// with the advice to use a *_file path), the upstream URL (population/upstream_url.h) and auth
// scheme. Relative file paths are taken relative to the file's directory (`base_dir`).
// Errors: invalid_argument listing every problem in details (field = "table.key",
// message in Vietnamese).
core::Result<InstallConfig> ParseConfig(std::string_view toml_text, const std::string& base_dir);

// Reads and parses `path`, then checks that every file it names exists and is readable, and
// that secret and key files are not readable by group or others. Errors as ParseConfig, plus
// not_found when `path` does not exist.
core::Result<InstallConfig> LoadConfig(const std::string& path);

}  // namespace dancu::cli
