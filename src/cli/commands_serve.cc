// `dancu serve`: the web server with the API, the gateway (JSON and SOAP) and its audit log.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <iostream>

#include "audit/audit.h"
#include "auth/auth.h"
#include "cli/context.h"
#include "cli/upstream_flags.h"
#include "gateway/admin_mirror.h"
#include "gateway/gateway.h"
#include "population/soap_client.h"
#include "population/store.h"
#include "web/app.h"
#include "web/routes.h"
#include "web/server.h"

namespace dancu::cli {
namespace {

// Stands in when no population source is configured: every lookup says so.
class NoSource final : public population::CitizenSource {
 public:
  core::Result<std::vector<population::Citizen>> Lookup(const population::Caller&, const population::Query&) override {
    return Down();
  }
  core::Result<bool> Verify(const population::Caller&, const std::string&, const std::string&,
                            const population::BirthDate&) override {
    return Down();
  }

 private:
  static std::unexpected<core::Error> Down() {
    return core::Fail(core::Error::Unavailable(
        "Chưa cấu hình nguồn dữ liệu dân cư (--population TỆP hoặc --upstream https://…)."));
  }
};

struct ServeOpts {
  std::string listen = "127.0.0.1:8080";
  std::string population = "./var/population.db";
  UpstreamFlags upstream;  // --upstream… (cli/upstream_flags.h)
  std::string audit_db;  // default: audit.db beside --db
  bool behind_tls = false;
  std::vector<std::string> trusted_proxies = {"127.0.0.1", "::1"};  // believed only with behind_tls
  size_t max_connections = 0;  // 0 = from the open-file limit
  // From the configuration file only ([gateway], [upstream] requires_official_id).
  gateway::CredentialOptions credentials;
  bool require_official_id = false;
};

// The configuration file fills what the command line left alone (flags override it).
void ApplyConfig(const Context& ctx, const CLI::App* cmd, ServeOpts& o) {
  if (!ctx.config) return;
  const InstallConfig& c = *ctx.config;
  auto set = [cmd](const char* flag, auto& target, const auto& value) {
    if (value && !Context::Given(cmd, flag)) target = *value;
  };
  set("--listen", o.listen, c.listen);
  set("--audit-db", o.audit_db, c.audit_db);
  set("--behind-tls", o.behind_tls, c.behind_tls);
  set("--trusted-proxy", o.trusted_proxies, c.trusted_proxies);
  if (c.max_connections && !Context::Given(cmd, "--max-connections")) o.max_connections = size_t(*c.max_connections);
  set("--upstream", o.upstream.url, c.upstream_url);
  set("--upstream-ca", o.upstream.ca, c.upstream_ca);
  set("--upstream-cert", o.upstream.cert, c.upstream_cert);
  set("--upstream-key", o.upstream.key, c.upstream_key);
  set("--upstream-auth", o.upstream.auth, c.upstream_auth);
  set("--upstream-client", o.upstream.client, c.upstream_client);
  set("--upstream-secret-file", o.upstream.secret_file, c.upstream_secret_file);
  set("--upstream-signed-url", o.upstream.signed_url, c.upstream_signed_url);
  set("--upstream-integration-code", o.upstream.integration_code, c.upstream_integration_code);
  if (c.upstream_timeout_ms && !Context::Given(cmd, "--upstream-timeout-ms")) o.upstream.timeout_ms = int(*c.upstream_timeout_ms);
  if (c.signature_window_seconds) o.credentials.signature_window_seconds = int(*c.signature_window_seconds);
  if (c.token_seconds) o.credentials.token_seconds = int(*c.token_seconds);
  if (c.requires_official_id) o.require_official_id = *c.requires_official_id;
}

// The sources and logs a running server owns.
struct Wiring {
  std::unique_ptr<population::CitizenSource> source;
  std::unique_ptr<store::Database> audit_db;
  std::unique_ptr<audit::AuditLog> log;
  std::unique_ptr<gateway::Gateway> gateway;
  std::unique_ptr<gateway::AdminMirror> admin;  // registry history → audit log
  std::string source_text;
};

core::Result<std::unique_ptr<population::CitizenSource>> OpenSource(const ServeOpts& o, std::string& text) {
  if (!o.upstream.url.empty()) {
    auto client = OpenUpstream(o.upstream);
    if (!client) return core::Fail(client.error());
    text = "dịch vụ dân cư tại " + o.upstream.url;
    return std::unique_ptr<population::CitizenSource>(std::move(*client));
  }
  if (std::filesystem::exists(o.population)) {
    auto store = population::CitizenStore::Open(o.population);
    if (!store) return core::Fail(store.error());
    text = std::to_string((*store)->Count()) + " công dân giả lập trong " + o.population;
    return std::unique_ptr<population::CitizenSource>(std::move(*store));
  }
  text = "chưa có (tạo bằng: dancu population generate)";
  return std::unique_ptr<population::CitizenSource>(new NoSource());
}

core::Result<Wiring> Wire(Context& ctx, store::Database& db, const ServeOpts& o, const core::SecretKey& key) {
  Wiring w;
  auto source = OpenSource(o, w.source_text);
  if (!source) return core::Fail(source.error());
  w.source = std::move(*source);
  std::string audit_path = o.audit_db.empty()
      ? (std::filesystem::path(ctx.db_path).parent_path() / "audit.db").string() : o.audit_db;
  auto adb = store::OpenSqlite(audit_path);
  if (!adb) return core::Fail(adb.error());
  w.audit_db = std::move(*adb);
  auto keys = audit::Keys::LoadOrCreate(audit::DefaultKeyPath(audit_path));
  if (!keys) return core::Fail(keys.error());
  auto log = audit::AuditLog::Open(*w.audit_db, *keys);
  if (!log) return core::Fail(log.error());
  w.log = std::move(*log);
  gateway::GatewayOptions go;
  go.secret_key = key;  // checks the timestamped hash and Bearer tokens of integrated systems
  go.credentials = o.credentials;
  go.require_official_id = o.require_official_id;
  w.gateway = std::make_unique<gateway::Gateway>(db, *w.source, *w.log, *w.audit_db, go);
  if (auto st = w.gateway->Start(); !st) return core::Fail(st.error());
  w.admin = std::make_unique<gateway::AdminMirror>(db, *w.audit_db, *w.log);
  return w;
}

}  // namespace

void AddServeCommands(CLI::App& app, Context& ctx) {
  auto* routes = app.add_subcommand("routes", "Liệt kê mọi đường dẫn của máy chủ và vai trò được dùng (JSON)");
  routes->callback([&ctx] {
    ctx.action = [] {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : web::AllRoutes()) {
        nlohmann::json roles = nlohmann::json::array();
        for (auto [bit, name] : {std::pair{web::kAdmin, "admin"}, {web::kFocal, "focal"}, {web::kOfficial, "official"}, {web::kAuditor, "auditor"}}) {
          if (r.roles & bit) roles.push_back(name);
        }
        const char* scope = r.scope == web::Scope::kPathUnit ? "path_unit" : r.scope == web::Scope::kBodyUnit ? "body_unit"
                          : r.scope == web::Scope::kCommitmentUnit ? "commitment_unit" : "none";
        out.push_back({{"method", r.method}, {"pattern", r.pattern}, {"roles", roles}, {"public", r.roles == web::kPublic},
                       {"scope", scope}, {"page", !r.page_script.empty()}, {"title", r.page_title}, {"doc", r.doc}});
      }
      std::cout << out.dump(1) << "\n";
      return 0;
    };
  });

  auto* serve = app.add_subcommand("serve", "Chạy máy chủ: API JSON, cổng truy vấn (JSON và SOAP), /openapi.json, /healthz");
  auto o = std::make_shared<ServeOpts>();
  serve->add_option("--listen", o->listen, "Địa chỉ HOST:PORT (chỉ địa chỉ nội bộ 127.0.0.1 / ::1)")->capture_default_str();
  serve->add_option("--population", o->population, "Tệp dân cư nhúng (dancu population generate)")->capture_default_str();
  AddUpstreamFlags(*serve, o->upstream);
  serve->add_option("--audit-db", o->audit_db, "Tệp nhật ký truy vấn (mặc định audit.db cạnh --db)");
  serve->add_flag("--behind-tls", o->behind_tls,
                  "Có máy chủ TLS (nginx…) đứng trước: cho phép nghe trên địa chỉ mạng, cookie Secure");
  serve->add_option("--max-connections", o->max_connections,
                    "Số kết nối mở tối đa (0 = theo giới hạn tệp mở của tiến trình)")
      ->capture_default_str();
  serve->add_option("--trusted-proxy", o->trusted_proxies,
                    "Địa chỉ IP của máy chủ TLS đứng trước, nơi tiêu đề X-Client-Cert-SHA256 được tin "
                    "(chỉ khi có --behind-tls)")
      ->delimiter(',')
      ->capture_default_str();
  serve->callback([&ctx, o, serve] {
    ctx.action = [&ctx, o, serve]() -> int {
      ApplyConfig(ctx, serve, *o);
      if (auto addr = web::CheckListenAddress(o->listen, o->behind_tls); !addr) return PrintError(ctx.out(), addr.error());
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto key = SecretKeyOf(ctx, **db);
      if (!key) return PrintError(ctx.out(), key.error());
      auto wiring = Wire(ctx, **db, *o, *key);
      if (!wiring) return PrintError(ctx.out(), wiring.error());
      auth::Users users(**db, *key);
      auth::Sessions sessions(**db, users);
      // Gateway queries, health checks and static files are answered on the I/O threads
      // (they never block: the audit wait is asynchronous); everything else — sessions,
      // password hashing, files, documents, LibreOffice — on the application's workers.
      web::App app({.db = **db, .users = &users, .sessions = &sessions, .gateway = wiring->gateway.get(),
                    .audit = wiring->log.get(), .audit_db = wiring->audit_db.get(),
                    .secure_cookies = o->behind_tls, .trusted_proxies = o->trusted_proxies,
                    .access = {.require_official_id = o->require_official_id}, .listen = o->listen},
                   4);
      auto handler = [&](web::Request req, web::Reply reply) { app.Handle(std::move(req), std::move(reply)); };
      auto st = web::ServeAsync({.listen = o->listen, .body_limit = web::BodyLimitFor,
                                 .max_connections = o->max_connections,
                                 .admit = [&app](const web::Request& head) { return app.Admit(head); },
                                 .behind_tls = o->behind_tls}, handler, [&](const std::string& bound) {
        std::cout << "dancu đang phục vụ tại http://" << bound << "/\n"
                  << "  Ứng dụng web:  http://" << bound << "/ (đăng nhập; người dùng mẫu: var/demo-users.txt)\n"
                  << "  Kiểm tra:      http://" << bound << "/healthz\n"
                  << "  Tài liệu API:  http://" << bound << "/openapi.json\n"
                  << "  Cổng truy vấn: POST http://" << bound << "/api/v1/lookups (JSON), POST http://"
                  << bound << "/soap (SOAP TraCuuThongTinCongDan)\n"
                  << "Cơ sở dữ liệu: " << ctx.db_path << "; dân cư: " << wiring->source_text
                  << " — nhấn Ctrl+C để dừng." << std::endl;
      });
      return st ? 0 : PrintError(ctx.out(), st.error());
    };
  });
}

}  // namespace dancu::cli
