// `dancu population serve`: the reference national service over the synthetic population.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/context.h"
#include "population/store.h"
#include "web/server.h"
#include "web/soap_upstream.h"

namespace dancu::cli {
namespace {

// "client-id secret" per line; '#' starts a comment. Kept outside the repository.
core::Result<population::AuthConfig> ReadClients(const std::string& path, int skew) {
  auto text = ReadFile(path, 1 << 20);
  if (!text) return core::Fail(text.error());
  population::AuthConfig cfg;
  cfg.max_skew_seconds = skew;
  std::istringstream in(*text);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream fields(line);
    std::string id, secret;
    if (!(fields >> id)) continue;
    if (!(fields >> secret) || secret.size() < 16) {
      return core::Fail(core::Error::Invalid("Tệp " + path + ", dòng " + std::to_string(n) +
                                             ": cần \"mã-hệ-thống khóa-bí-mật\" (khóa ≥ 16 ký tự)."));
    }
    cfg.secrets[id] = secret;
  }
  if (cfg.secrets.empty()) return core::Fail(core::Error::Invalid("Tệp " + path + " không có hệ thống nào."));
  return cfg;
}

}  // namespace

void AddUpstreamCommands(CLI::App& app, Context& ctx) {
  auto* pop = app.get_subcommand("population");
  struct Opts { std::string listen = "127.0.0.1:8090", file = "./var/population.db", clients; int skew = 300; bool no_auth = false; };
  auto o = std::make_shared<Opts>();
  auto* serve = pop->add_subcommand("serve", "Dịch vụ tham chiếu theo hợp đồng SOAP TraCuuThongTinCongDan của CSDL quốc gia về dân cư");
  serve->add_option("--listen", o->listen, "Địa chỉ HOST:PORT (chỉ địa chỉ nội bộ)")->capture_default_str();
  serve->add_option("--population", o->file, "Tệp dân cư (tạo bằng dancu population generate)")->capture_default_str();
  serve->add_option("--clients", o->clients, "Tệp \"mã-hệ-thống khóa-bí-mật\" cho xác thực có dấu thời gian");
  serve->add_option("--max-skew", o->skew, "Độ lệch thời gian chấp nhận (giây)")->capture_default_str();
  serve->add_flag("--no-auth", o->no_auth, "Không xác thực (chỉ để thử trên máy)");
  serve->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      if (o->clients.empty() && !o->no_auth) {
        return PrintError(ctx.out(), core::Error::Invalid(
            "Cần --clients TỆP (mỗi dòng \"mã-hệ-thống khóa-bí-mật\") hoặc --no-auth khi chỉ thử trên máy."));
      }
      std::optional<population::AuthConfig> auth;
      if (!o->clients.empty()) {
        auto cfg = ReadClients(o->clients, o->skew);
        if (!cfg) return PrintError(ctx.out(), cfg.error());
        auth = std::move(*cfg);
      }
      auto store = population::CitizenStore::Open(o->file);
      if (!store) return PrintError(ctx.out(), store.error());
      web::UpstreamOptions opts;
      opts.auth = auth ? &*auth : nullptr;
      opts.listen = o->listen;
      auto handler = [&](const web::Request& r) { return web::HandleUpstream(**store, opts, r); };
      auto st = web::ServeWith({.listen = o->listen}, handler, [&](const std::string& bound) {
        std::cout << "Dịch vụ dân cư tham chiếu (SOAP TraCuuThongTinCongDan, XacThucThongTinCongDan) tại http://"
                  << bound << "/ — " << (*store)->Count() << " công dân giả lập"
                  << (auth ? ", có xác thực." : ", KHÔNG xác thực.") << std::endl;
      });
      return st ? 0 : PrintError(ctx.out(), st.error());
    };
  });
}

}  // namespace dancu::cli
