// What every CLI command shares: global options, the database (opened on first use), output.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "auth/auth.h"
#include "cli/config.h"
#include "cli/output.h"
#include "store/store.h"

namespace dancu::cli {

struct Context {
  std::string db_path = "./var/dancu.db";
  std::string format = "text";
  std::string actor;                 // --actor, default "cli:<OS user>"
  std::string secret_key_file;       // --secret-key-file / DANCU_SECRET_KEY_FILE; "" = beside --db
  std::string config_file;           // --config / DANCU_CONFIG: the installation's TOML file
  std::optional<InstallConfig> config;  // read before the command runs (config.h)
  CLI::App* app = nullptr;           // to tell whether a flag was given (flags override config)
  std::function<int()> action;       // set by the chosen subcommand
  std::unique_ptr<store::Database> db;

  Output out() const { return {format == "json"}; }
  // Whether `flag` was given on the command line of `command` (else the config may set it).
  static bool Given(const CLI::App* command, const std::string& flag) {
    auto* opt = command ? command->get_option_no_throw(flag) : nullptr;
    return opt && opt->count() > 0;
  }
  // Opens (creating and migrating) the database on first use.
  core::Result<store::Database*> Db();
};

// Reads a whole file. Errors: invalid_argument naming the file when it cannot be read or
// is larger than `max_bytes`.
core::Result<std::string> ReadFile(const std::string& path, size_t max_bytes);

// Replaces `path` with a new file holding `text`, created with O_EXCL and mode 0600 from the
// start (never readable by others, not even briefly; a planted symlink is not followed).
// Errors: unavailable naming the file.
core::Result<void> WritePrivateFile(const std::string& path, std::string_view text);

void AddRegistryCommands(CLI::App& app, Context& ctx);
void AddServeCommands(CLI::App& app, Context& ctx);
void AddDocsCommands(CLI::App& app, Context& ctx);
void AddPopulationCommands(CLI::App& app, Context& ctx);  // creates the "population" command
void AddUpstreamCommands(CLI::App& app, Context& ctx);    // REQUIRES: AddPopulationCommands ran
void AddGatewayCommands(CLI::App& app, Context& ctx);     // REQUIRES: AddRegistryCommands ran
// The gateway part of `dancu demo`: fields per demo purpose, a demo integrated system whose key
// is written to var/demo-api-key.txt (mode 0600), and a synthetic population when missing.
core::Result<void> DemoGateway(Context& ctx, store::Database& db);
void AddUserCommands(CLI::App& app, Context& ctx);
void AddConfigCommands(CLI::App& app, Context& ctx);  // dancu config check FILE  // the "user" command (web application users)
// The installation's key for TOTP secrets (auth::PrepareSecretKey): --secret-key-file, else
// dancu.secret beside --db, created 0600 when absent. Errors: those of PrepareSecretKey.
core::Result<auth::SecretKey> SecretKeyOf(Context& ctx, store::Database& db);
// The users part of `dancu demo`: an admin, an auditor, three focal points (forms active, draft,
// returned) and one official, with random passwords written to var/demo-users.txt (mode 0600).
core::Result<void> DemoUsers(Context& ctx, store::Database& db);

}  // namespace dancu::cli
