// `dancu config check FILE`: reads the installation's configuration file as `--config` would
// and says what it sets, or every problem with its line.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/context.h"

namespace dancu::cli {

void AddConfigCommands(CLI::App& app, Context& ctx) {
  auto* config = app.add_subcommand("config", "Tệp cấu hình TOML của hệ thống")->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* check = config->add_subcommand("check", "Kiểm tra tệp cấu hình (cú pháp, tên thiết lập, kiểu, tệp được chỉ tới)");
  check->add_option("FILE", *file, "Tệp cấu hình TOML")->required();
  check->callback([&ctx, file] {
    ctx.action = [&ctx, file]() -> int {
      auto c = LoadConfig(*file);
      if (!c) {
        if (!ctx.out().json) {
          std::cerr << "Lỗi: tệp cấu hình " << *file << " chưa dùng được:\n";
          for (const auto& d : c.error().details) {
            std::cerr << "  - " << d.column << (d.row > 0 ? " (dòng " + std::to_string(d.row) + ")" : "") << ": "
                      << d.message << "\n";
          }
          if (c.error().details.empty()) std::cerr << "  " << c.error().message << "\n";
          return 1;
        }
        return PrintError(ctx.out(), c.error());
      }
      nlohmann::json set = nlohmann::json::object();
      auto put = [&](const char* k, const auto& v) { if (v) set[k] = *v; };
      put("installation.province", c->province);
      put("installation.db", c->db);
      put("installation.audit_db", c->audit_db);
      put("installation.secret_key_file", c->secret_key_file);
      put("server.listen", c->listen);
      put("server.behind_tls", c->behind_tls);
      put("server.trusted_proxies", c->trusted_proxies);
      put("server.max_connections", c->max_connections);
      put("upstream.url", c->upstream_url);
      put("upstream.ca_file", c->upstream_ca);
      put("upstream.cert_file", c->upstream_cert);
      put("upstream.key_file", c->upstream_key);
      put("upstream.auth", c->upstream_auth);
      put("upstream.client", c->upstream_client);
      put("upstream.secret_file", c->upstream_secret_file);
      put("upstream.signed_url", c->upstream_signed_url);
      put("upstream.integration_code", c->upstream_integration_code);
      put("upstream.timeout_ms", c->upstream_timeout_ms);
      put("upstream.requires_official_id", c->requires_official_id);
      put("gateway.signature_window_seconds", c->signature_window_seconds);
      put("gateway.token_seconds", c->token_seconds);
      return Print(ctx.out(), nlohmann::json{{"file", *file}, {"valid", true}, {"settings", set}}, [&] {
        std::cout << "Tệp cấu hình " << *file << " hợp lệ; " << set.size() << " thiết lập:\n";
        for (const auto& [k, v] : set.items()) std::cout << "  " << k << " = " << v.dump() << "\n";
      });
    };
  });
}

}  // namespace dancu::cli
