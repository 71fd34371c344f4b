// Async SOAP client on its own I/O thread: pooled keep-alive connections (plain TCP to
// loopback, or TLS), per-attempt time limit, bounded retries, circuit breaker, signed requests.
#include "population/soap_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <atomic>
#include <future>
#include <optional>
#include <mutex>
#include <thread>

#include "core/log.h"
#include "population/auth.h"
#include "population/soap.h"
#include "population/tls_internal.h"

namespace dancu::population {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using core::Error;
using core::Fail;
using Clock = std::chrono::steady_clock;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

std::int64_t UnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// One connection to the service: plain TCP or TLS over TCP.
struct Conn {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<TlsStream> tls;
  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

}  // namespace

Result<Signing> ParseSigning(std::string_view name) {
  if (name == "none") return Signing::kNone;
  if (name == "dancu") return Signing::kDancu;
  if (name == "basic-hash") return Signing::kBasicHash;
  return Fail(Error::Invalid("Cách ký \"" + std::string(name) +
                             "\" không có: chọn none, dancu (X-Dancu-*) hoặc basic-hash "
                             "(Timestamp + Authorization: Basic)."));
}

void SetUpstream(ClientOptions& o, const UpstreamUrl& url) {
  o.tls = url.tls;
  o.host = url.host;
  o.port = url.port;
  o.path = url.path;
  o.signed_url = url.text;
}

std::string UrlOf(const ClientOptions& o) {
  UpstreamUrl u{.tls = o.tls, .host = o.host, .port = o.port, .path = o.path, .text = {}};
  return (o.tls ? "https://" : "http://") + u.HostHeader() + o.path;
}

std::map<std::string, std::string> AuthHeaders(const ClientOptions& o, std::string_view body,
                                               std::int64_t now_ms) {
  if (o.client_id.empty() || o.signing == Signing::kNone) return {};
  if (o.signing == Signing::kDancu) {
    return SignRequest(o.client_id, o.secret, "POST", o.path, body, now_ms / 1000);
  }
  return SignBasicHash(o.signed_url.empty() ? UrlOf(o) : o.signed_url, o.client_id, o.secret, now_ms);
}

class SoapClient::Impl {
 public:
  explicit Impl(ClientOptions o)
      : opt_(std::move(o)), work_(asio::make_work_guard(io_)), thread_([this] {
          // A completion handler that throws is logged; the client's loop goes on.
          while (!core::Guarded("máy khách SOAP", [this] { io_.run(); })) {
          }
        }) {
    if (!opt_.tls) return;
    auto ctx = internal::MakeTlsContext(opt_);
    if (ctx) tls_ = std::move(*ctx);
    else setup_error_ = ctx.error();
  }

  ~Impl() {
    work_.reset();
    io_.stop();
    thread_.join();
  }

  const std::optional<Error>& setup_error() const { return setup_error_; }

  // One call with the breaker and, when `idempotent`, bounded retries.
  Result<std::string> Post(const std::string& body, bool idempotent) {
    if (setup_error_) return Fail(*setup_error_);
    if (auto st = Admit(); !st) return Fail(st.error());
    int attempts = 1 + (idempotent ? std::max(0, opt_.retries) : 0);
    Result<std::string> last = Fail(Error::Unavailable("Chưa gọi dịch vụ."));
    for (int i = 0; i < attempts; ++i) {
      if (i > 0) std::this_thread::sleep_for(opt_.retry_backoff * i);
      bool final = false;
      last = Attempt(body, final);
      if (final || last || last.error().code != core::Code::kUnavailable) break;
    }
    Record(last.has_value() || last.error().code != core::Code::kUnavailable);
    return last;
  }

  bool open() const {
    std::lock_guard lock(mu_);
    return failures_ >= opt_.breaker_failures && Clock::now() < open_until_;
  }

  const ClientOptions& options() const { return opt_; }

 private:
  // Circuit breaker: closed → (N consecutive failures) open → (after a pause) one trial.
  Result<void> Admit() {
    std::lock_guard lock(mu_);
    if (failures_ < opt_.breaker_failures) return {};
    if (Clock::now() < open_until_ || trial_) {
      return Fail(Error::Unavailable("Dịch vụ dân cư đang tạm ngừng trả lời (" +
                                     std::to_string(failures_) +
                                     " lần lỗi liên tiếp); sẽ thử lại sau ít giây."));
    }
    trial_ = true;
    return {};
  }

  void Record(bool ok) {
    std::lock_guard lock(mu_);
    trial_ = false;
    if (ok) { failures_ = 0; return; }
    if (++failures_ >= opt_.breaker_failures) open_until_ = Clock::now() + opt_.breaker_open;
  }

  std::unique_ptr<Conn> Borrow() {
    std::lock_guard lock(pool_mu_);
    if (idle_.empty()) return nullptr;
    auto s = std::move(idle_.back());
    idle_.pop_back();
    return s;
  }

  void GiveBack(std::unique_ptr<Conn> s) {
    std::lock_guard lock(pool_mu_);
    if (int(idle_.size()) < opt_.max_idle_connections) idle_.push_back(std::move(s));
  }

  std::unique_ptr<Conn> NewConn() {
    auto c = std::make_unique<Conn>();
    if (tls_) c->tls = std::make_unique<TlsStream>(io_, *tls_);
    else c->plain = std::make_unique<beast::tcp_stream>(io_);
    return c;
  }

  // A signing time never used before by this client: the service refuses an exact repeat of
  // (client, Timestamp, hash) as a replay, and two requests in one millisecond would make one
  // (issue 11 attack finding 3). Strictly increasing, at most a few ms ahead under bursts.
  int64_t Stamp() {
    int64_t now = opt_.now_ms ? opt_.now_ms() : UnixMillis();
    int64_t last = last_stamp_.load();
    for (;;) {
      int64_t next = std::max(now, last + 1);
      if (last_stamp_.compare_exchange_weak(last, next)) return next;
    }
  }

  http::request<http::string_body> BuildHttp(const std::string& body) {
    http::request<http::string_body> req{http::verb::post, opt_.path, 11};
    req.set(http::field::host, UpstreamUrl{.tls = opt_.tls, .host = opt_.host, .port = opt_.port,
                                           .path = {}, .text = {}}.HostHeader());
    req.set(http::field::content_type, "text/xml; charset=utf-8");
    req.set("SOAPAction", "\"\"");
    req.keep_alive(true);
    for (const auto& [k, v] : AuthHeaders(opt_, body, Stamp())) {
      req.set(k, v);
    }
    req.body() = body;
    req.prepare_payload();
    return req;
  }

  struct Outcome {
    beast::error_code ec;
    long verify_result = 0;  // X509_V_OK unless the server's certificate failed our check
    std::unique_ptr<Conn> conn;
    http::response<http::string_body> res;
  };

  // One request/response on a connection (a new one is connected, and for TLS handshaken,
  // first), as a chain of completion handlers on the client's I/O thread.
  struct Exchange : std::enable_shared_from_this<Exchange> {
    Impl* client;
    std::unique_ptr<Conn> conn;
    bool fresh = false;
    http::request<http::string_body> req;
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    tcp::resolver resolver;
    std::function<void(Outcome)> done;

    Exchange(Impl* c, std::unique_ptr<Conn> s, bool f, http::request<http::string_body> r)
        : client(c), conn(std::move(s)), fresh(f), req(std::move(r)), resolver(c->io_) {
      parser.body_limit(16 * 1024 * 1024);
    }
    const ClientOptions& opt() const { return client->opt_; }
    void Start() {
      auto self = shared_from_this();
      if (!fresh) return Write();
      resolver.async_resolve(opt().host, std::to_string(opt().port),
                             [self](beast::error_code ec, tcp::resolver::results_type results) {
                               if (ec) return self->Finish(ec);
                               self->conn->tcp().expires_after(self->opt().timeout);
                               self->conn->tcp().async_connect(results, [self](beast::error_code ec2, const tcp::endpoint&) {
                                 if (ec2) return self->Finish(ec2);
                                 self->Handshake();
                               });
                             });
    }
    void Handshake() {
      if (!conn->tls) return Write();
      UpstreamUrl u{.tls = true, .host = opt().host, .port = opt().port, .path = {}, .text = {}};
      if (!internal::PrepareTls(conn->tls->native_handle(), opt().host, u.host_is_ip())) {
        return Finish(asio::error::invalid_argument);
      }
      auto self = shared_from_this();
      conn->tls->async_handshake(asio::ssl::stream_base::client, [self](beast::error_code ec) {
        if (ec) return self->Finish(ec);
        self->Write();
      });
    }
    void Write() {
      conn->tcp().expires_after(opt().timeout);
      if (conn->tls) return WriteOn(*conn->tls);
      WriteOn(*conn->plain);
    }
    template <class Stream>
    void WriteOn(Stream& stream) {
      auto self = shared_from_this();
      http::async_write(stream, req, [self, &stream](beast::error_code ec, size_t) {
        if (ec) return self->Finish(ec);
        http::async_read(stream, self->buffer, self->parser,
                         [self](beast::error_code ec2, size_t) { self->Finish(ec2); });
      });
    }
    void Finish(beast::error_code ec) {
      Outcome out{.ec = ec, .verify_result = X509_V_OK, .conn = nullptr, .res = {}};
      if (ec && conn->tls) out.verify_result = SSL_get_verify_result(conn->tls->native_handle());
      if (!ec) out.res = parser.release();
      out.conn = std::move(conn);
      done(std::move(out));
    }
  };

  // Runs one exchange on the I/O thread and waits for it (the caller is never the I/O thread).
  Outcome Run(std::unique_ptr<Conn> conn, bool fresh, const http::request<http::string_body>& req) {
    std::promise<Outcome> promise;
    auto future = promise.get_future();
    asio::post(io_, [&, conn = std::move(conn)]() mutable {
      auto x = std::make_shared<Exchange>(this, std::move(conn), fresh, req);
      x->done = [&promise](Outcome out) { promise.set_value(std::move(out)); };
      x->Start();
    });
    return future.get();
  }

  // One attempt: a pooled connection (or a fresh one). A pooled connection that the server
  // closed meanwhile is replaced once without counting as a retry. `final` is set when
  // another attempt would fail the same way (TLS refused).
  Result<std::string> Attempt(const std::string& body, bool& final) {
    auto req = BuildHttp(body);
    auto conn = Borrow();
    bool fresh = !conn;
    if (fresh) conn = NewConn();
    Outcome out = Run(std::move(conn), fresh, req);
    if (out.ec && !fresh && !Timeout(out.ec)) {
      fresh = true;
      out = Run(NewConn(), true, req);
    }
    if (out.ec) {
      final = fresh && tls_ && (out.verify_result != X509_V_OK || internal::IsTlsError(out.ec));
      return Fail(ErrorFor(out));
    }
    if (out.res.keep_alive()) GiveBack(std::move(out.conn));
    return Interpret(out.res.result_int(), std::move(out.res.body()));
  }

  Error ErrorFor(const Outcome& out) const {
    if (Timeout(out.ec)) return TimeoutError();
    if (tls_ && (out.verify_result != X509_V_OK || internal::IsTlsError(out.ec))) {
      return Error::Unavailable(internal::TlsFailure(out.ec, out.verify_result, opt_));
    }
    return Error::Unavailable("Lỗi kết nối dịch vụ dân cư (" + UrlOf(opt_) + "): " +
                              out.ec.message() + ".");
  }

  static bool Timeout(const beast::error_code& ec) { return ec == beast::error::timeout; }
  Error TimeoutError() const {
    return Error::Unavailable("Dịch vụ dân cư không trả lời trong " +
                              std::to_string(opt_.timeout.count()) + " ms.");
  }

  static Result<std::string> Interpret(unsigned status, std::string body) {
    if (status == 200) return body;
    auto fault = ParseTraCuuResponse(body);  // a fault body becomes its error
    std::string why = fault ? "HTTP " + std::to_string(status) : fault.error().message;
    if (status == 401 || status == 403) return Fail(Error::Denied("Dịch vụ dân cư từ chối xác thực: " + why));
    if (!fault && fault.error().code == core::Code::kInvalidArgument) return Fail(fault.error());
    return Fail(Error::Unavailable("Dịch vụ dân cư báo lỗi: " + why));
  }

  ClientOptions opt_;
  std::atomic<int64_t> last_stamp_{0};
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
  std::shared_ptr<asio::ssl::context> tls_;  // set when opt_.tls and its files loaded
  std::optional<Error> setup_error_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Conn>> idle_;
  mutable std::mutex mu_;
  int failures_ = 0;
  bool trial_ = false;
  Clock::time_point open_until_{};
};

SoapClient::SoapClient(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
SoapClient::~SoapClient() = default;

Result<std::unique_ptr<SoapClient>> SoapClient::Open(ClientOptions options) {
  auto client = std::make_unique<SoapClient>(std::move(options));
  if (client->impl_->setup_error()) return Fail(*client->impl_->setup_error());
  return client;
}

bool SoapClient::breaker_open() const { return impl_->open(); }

namespace {

// The request's caller fields; MaTichHop falls back to the installation's code.
SoapRequest RequestFor(std::string_view operation, const Caller& caller,
                       const std::string& integration_code) {
  SoapRequest req;
  req.operation = std::string(operation);
  req.request_id = caller.request_id;
  req.service_code = caller.service_code;
  req.integration_code = caller.integration_code.empty() ? integration_code : caller.integration_code;
  req.official = caller.official;
  req.unit_code = caller.unit_code;
  req.account = caller.account;
  req.phone = caller.phone;
  return req;
}

}  // namespace

Result<std::vector<Citizen>> SoapClient::Lookup(const Caller& caller, const Query& q) {
  SoapRequest req = RequestFor(kOpTraCuu, caller, impl_->options().integration_code);
  req.query = q;
  req.full_name = q.name_key;
  auto body = impl_->Post(BuildRequest(req), true);
  if (!body) return Fail(body.error());
  return ParseTraCuuResponse(*body);
}

Result<bool> SoapClient::Verify(const Caller& caller, const std::string& id_number,
                                const std::string& full_name, const BirthDate& birth) {
  SoapRequest req = RequestFor(kOpXacThuc, caller, impl_->options().integration_code);
  req.query.id_number = id_number;
  req.query.birth = birth;
  req.full_name = NameKey(full_name);
  auto body = impl_->Post(BuildRequest(req), true);
  if (!body) return Fail(body.error());
  return ParseXacThucResponse(*body);
}

}  // namespace dancu::population
