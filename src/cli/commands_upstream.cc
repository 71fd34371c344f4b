// `dancu population serve`: the reference national service over the synthetic population;
// and the --upstream… options of `dancu serve` (cli/upstream_flags.h).
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/context.h"
#include "cli/upstream_flags.h"
#include "core/date.h"
#include "population/store.h"
#include "web/server.h"
#include "web/soap_upstream.h"

namespace dancu::cli {

void AddUpstreamFlags(CLI::App& cmd, UpstreamFlags& f) {
  cmd.add_option("--upstream", f.url,
                 "Dịch vụ dân cư từ xa: https://MÁY[:CỔNG]/ĐƯỜNG-DẪN (http:// chỉ tới máy này; "
                 "thay cho --population)");
  cmd.add_option("--upstream-ca", f.ca, "Tệp PEM các CA tin cậy cho chứng chỉ của dịch vụ (mặc định: kho CA của hệ thống)");
  cmd.add_option("--upstream-cert", f.cert, "Tệp PEM chứng chỉ máy khách (TLS hai chiều)");
  cmd.add_option("--upstream-key", f.key, "Tệp PEM khóa riêng của chứng chỉ máy khách");
  cmd.add_option("--upstream-auth", f.auth,
                 "Cách ký yêu cầu: none, dancu (X-Dancu-*), basic-hash (Timestamp + Authorization: "
                 "Basic; mặc định khi có --upstream-client)");
  cmd.add_option("--upstream-client", f.client, "Mã hệ thống khi gọi dịch vụ từ xa");
  cmd.add_option("--upstream-secret-file", f.secret_file, "Tệp chứa khóa bí mật (ngoài kho mã)");
  cmd.add_option("--upstream-timeout-ms", f.timeout_ms, "Thời gian chờ mỗi lần gọi dịch vụ dân cư (mili giây)")
      ->check(CLI::Range(100, 120000));
  cmd.add_option("--upstream-integration-code", f.integration_code,
                 "Mã tích hợp (MaTichHop) gửi kèm mỗi truy vấn khi hệ thống gọi không gửi");
  cmd.add_option("--upstream-signed-url", f.signed_url,
                 "Địa chỉ URL được ký (basic-hash) nếu khác --upstream, ví dụ khi đi qua LGSP");
}

namespace {

core::Result<population::ClientOptions> ClientOptionsOf(const UpstreamFlags& f) {
  auto url = population::ParseUpstreamUrl(f.url);
  if (!url) return core::Fail(url.error());
  population::ClientOptions co;
  population::SetUpstream(co, *url);
  if (!url->tls && !(f.ca.empty() && f.cert.empty() && f.key.empty())) {
    return core::Fail(core::Error::Invalid(
        "--upstream-ca, --upstream-cert, --upstream-key chỉ dùng với địa chỉ https://."));
  }
  if (f.timeout_ms > 0) co.timeout = std::chrono::milliseconds(f.timeout_ms);
  co.integration_code = f.integration_code;
  co.ca_file = f.ca;
  co.cert_file = f.cert;
  co.key_file = f.key;
  const std::string scheme = f.auth.empty() ? (f.client.empty() ? "none" : "basic-hash") : f.auth;
  auto signing = population::ParseSigning(scheme);
  if (!signing) return core::Fail(signing.error());
  co.signing = *signing;
  if (co.signing == population::Signing::kNone) return co;
  if (f.client.empty() || f.secret_file.empty()) {
    return core::Fail(core::Error::Invalid("--upstream-auth " + scheme +
                                           " cần --upstream-client MÃ và --upstream-secret-file TỆP."));
  }
  co.client_id = f.client;
  auto secret = ReadFile(f.secret_file, 4096);
  if (!secret) return core::Fail(secret.error());
  co.secret = *secret;
  while (!co.secret.empty() && std::isspace(static_cast<unsigned char>(co.secret.back()))) co.secret.pop_back();
  if (co.secret.empty()) return core::Fail(core::Error::Invalid("Tệp " + f.secret_file + " không chứa khóa bí mật."));
  if (!f.signed_url.empty()) co.signed_url = f.signed_url;
  return co;
}

}  // namespace

core::Result<std::unique_ptr<population::SoapClient>> OpenUpstream(const UpstreamFlags& flags) {
  auto co = ClientOptionsOf(flags);
  if (!co) return core::Fail(co.error());
  return population::SoapClient::Open(std::move(*co));
}

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

// `population serve --record FILE`: one JSON line per accepted request with the caller
// fields received and how it was signed — no citizen keys. Thread-safe.
class Recorder {
 public:
  static core::Result<std::unique_ptr<Recorder>> Open(const std::string& path) {
    auto r = std::make_unique<Recorder>();
    r->out_.open(path, std::ios::app);
    if (!r->out_) return core::Fail(core::Error::Invalid("Không mở được tệp --record " + path + " để ghi."));
    return r;
  }
  void Write(const population::SoapRequest& q, const web::Authenticated& who) {
    nlohmann::json line = {{"at", core::NowLocalIso()}, {"operation", q.operation},
                           {"MaYeuCau", q.request_id}, {"MaDVC", q.service_code},
                           {"MaTichHop", q.integration_code}, {"MaCanBo", q.official},
                           {"MaDonVi", q.unit_code}, {"TaiKhoan", q.account},
                           {"SoDienThoai", q.phone}, {"auth", who.scheme}, {"client", who.client}};
    std::lock_guard lock(mu_);
    out_ << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
  }

 private:
  std::mutex mu_;
  std::ofstream out_;
};

core::Result<web::UpstreamAuth> SchemeOf(const std::string& name) {
  if (name == "dancu") return web::UpstreamAuth::kDancu;
  if (name == "basic-hash") return web::UpstreamAuth::kBasicHash;
  if (name == "both") return web::UpstreamAuth::kBoth;
  return core::Fail(core::Error::Invalid("--auth " + name + " không có: chọn dancu (X-Dancu-*), "
                                         "basic-hash (Timestamp + Authorization: Basic) hoặc both."));
}

struct ServeOpts {
  std::string listen = "127.0.0.1:8090", file = "./var/population.db", clients, auth = "both";
  std::string signed_url, record;
  int skew = 300;
  bool no_auth = false;
};

// The handler's options from the flags; `auth` and `recorder` must outlive them.
core::Result<web::UpstreamOptions> HandlerOptions(const ServeOpts& o, std::optional<population::AuthConfig>& auth,
                                                  std::unique_ptr<Recorder>& recorder) {
  if (o.clients.empty() && !o.no_auth) {
    return core::Fail(core::Error::Invalid(
        "Cần --clients TỆP (mỗi dòng \"mã-hệ-thống khóa-bí-mật\") hoặc --no-auth khi chỉ thử trên máy."));
  }
  web::UpstreamOptions opts;
  auto scheme = SchemeOf(o.auth);
  if (!scheme) return core::Fail(scheme.error());
  opts.scheme = *scheme;
  // Not checked as an --upstream URL: behind a proxy clients may sign any URL the platform gave.
  opts.signed_url = o.signed_url;
  opts.listen = o.listen;
  if (!o.clients.empty()) {
    auto cfg = ReadClients(o.clients, o.skew);
    if (!cfg) return core::Fail(cfg.error());
    auth = std::move(*cfg);
    opts.auth = &*auth;
  }
  if (!o.record.empty()) {
    auto r = Recorder::Open(o.record);
    if (!r) return core::Fail(r.error());
    recorder = std::move(*r);
    opts.on_request = [rec = recorder.get()](const population::SoapRequest& q, const web::Authenticated& who) {
      rec->Write(q, who);
    };
  }
  return opts;
}

}  // namespace

void AddUpstreamCommands(CLI::App& app, Context& ctx) {
  auto* pop = app.get_subcommand("population");
  auto o = std::make_shared<ServeOpts>();
  auto* serve = pop->add_subcommand("serve", "Dịch vụ tham chiếu theo hợp đồng SOAP TraCuuThongTinCongDan của CSDL quốc gia về dân cư");
  serve->add_option("--listen", o->listen, "Địa chỉ HOST:PORT (chỉ địa chỉ nội bộ)")->capture_default_str();
  serve->add_option("--population", o->file, "Tệp dân cư (tạo bằng dancu population generate)")->capture_default_str();
  serve->add_option("--clients", o->clients, "Tệp \"mã-hệ-thống khóa-bí-mật\" cho xác thực có dấu thời gian");
  serve->add_option("--auth", o->auth,
                    "Chữ ký được nhận: dancu (X-Dancu-*), basic-hash (Timestamp + Authorization: Basic), both")
      ->capture_default_str();
  serve->add_option("--signed-url", o->signed_url,
                    "URL mà máy khách ký (basic-hash); mặc định http:// + tiêu đề Host + đường dẫn");
  serve->add_option("--record", o->record,
                    "Ghi thêm vào TỆP một dòng JSON cho mỗi yêu cầu được nhận (các trường người gọi, "
                    "cách xác thực; không ghi số định danh công dân)");
  serve->add_option("--max-skew", o->skew, "Độ lệch thời gian chấp nhận (giây)")->capture_default_str();
  serve->add_flag("--no-auth", o->no_auth, "Không xác thực (chỉ để thử trên máy)");
  serve->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      std::optional<population::AuthConfig> auth;
      std::unique_ptr<Recorder> recorder;
      auto opts = HandlerOptions(*o, auth, recorder);
      if (!opts) return PrintError(ctx.out(), opts.error());
      auto store = population::CitizenStore::Open(o->file);
      if (!store) return PrintError(ctx.out(), store.error());
      auto handler = [&](const web::Request& r) { return web::HandleUpstream(**store, *opts, r); };
      auto st = web::ServeWith({.listen = o->listen}, handler, [&](const std::string& bound) {
        std::cout << "Dịch vụ dân cư tham chiếu (SOAP TraCuuThongTinCongDan, XacThucThongTinCongDan) tại http://"
                  << bound << "/ — " << (*store)->Count() << " công dân giả lập"
                  << (auth ? ", xác thực " + o->auth + "." : ", KHÔNG xác thực.") << std::endl;
      });
      return st ? 0 : PrintError(ctx.out(), st.error());
    };
  });
}

}  // namespace dancu::cli
