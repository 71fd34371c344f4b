// Async SOAP client on its own I/O thread: pooled keep-alive connections, per-attempt time
// limit, bounded retries, circuit breaker, signed requests.
#include "population/soap_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <future>
#include <mutex>
#include <thread>

#include "core/log.h"
#include "population/auth.h"
#include "population/soap.h"

namespace dancu::population {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using core::Error;
using core::Fail;
using Clock = std::chrono::steady_clock;

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

class SoapClient::Impl {
 public:
  explicit Impl(ClientOptions o)
      : opt_(std::move(o)), work_(asio::make_work_guard(io_)), thread_([this] {
          // A completion handler that throws is logged; the client's loop goes on.
          while (!core::Guarded("máy khách SOAP", [this] { io_.run(); })) {
          }
        }) {}

  ~Impl() {
    work_.reset();
    io_.stop();
    thread_.join();
  }

  // One call with the breaker and, when `idempotent`, bounded retries.
  Result<std::string> Post(const std::string& body, bool idempotent) {
    if (auto st = Admit(); !st) return Fail(st.error());
    int attempts = 1 + (idempotent ? std::max(0, opt_.retries) : 0);
    Result<std::string> last = Fail(Error::Unavailable("Chưa gọi dịch vụ."));
    for (int i = 0; i < attempts; ++i) {
      if (i > 0) std::this_thread::sleep_for(opt_.retry_backoff * i);
      last = Attempt(body);
      if (last || last.error().code != core::Code::kUnavailable) break;
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

  std::unique_ptr<beast::tcp_stream> Borrow() {
    std::lock_guard lock(pool_mu_);
    if (idle_.empty()) return nullptr;
    auto s = std::move(idle_.back());
    idle_.pop_back();
    return s;
  }

  void GiveBack(std::unique_ptr<beast::tcp_stream> s) {
    std::lock_guard lock(pool_mu_);
    if (int(idle_.size()) < opt_.max_idle_connections) idle_.push_back(std::move(s));
  }

  http::request<http::string_body> BuildHttp(const std::string& body) const {
    http::request<http::string_body> req{http::verb::post, opt_.path, 11};
    req.set(http::field::host, opt_.host);
    req.set(http::field::content_type, "text/xml; charset=utf-8");
    req.set("SOAPAction", "\"\"");
    req.keep_alive(true);
    if (!opt_.client_id.empty()) {
      for (const auto& [k, v] : SignRequest(opt_.client_id, opt_.secret, "POST", opt_.path, body, UnixNow()))
        req.set(k, v);
    }
    req.body() = body;
    req.prepare_payload();
    return req;
  }

  // One request/response on a connection, as a chain of completion handlers on the client's
  // I/O thread; the calling thread waits on a future.
  struct Exchange : std::enable_shared_from_this<Exchange> {
    Impl* client;
    std::unique_ptr<beast::tcp_stream> stream;
    bool fresh = false;
    http::request<http::string_body> req;
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    tcp::resolver resolver;
    std::function<void(beast::error_code, std::unique_ptr<beast::tcp_stream>, http::response<http::string_body>)> done;

    Exchange(Impl* c, std::unique_ptr<beast::tcp_stream> s, bool f, http::request<http::string_body> r)
        : client(c), stream(std::move(s)), fresh(f), req(std::move(r)), resolver(c->io_) {
      parser.body_limit(16 * 1024 * 1024);
    }
    void Start() {
      auto self = shared_from_this();
      if (!fresh) return Write();
      resolver.async_resolve(client->opt_.host, std::to_string(client->opt_.port),
                             [self](beast::error_code ec, tcp::resolver::results_type results) {
                               if (ec) return self->Finish(ec);
                               self->stream->expires_after(self->client->opt_.timeout);
                               self->stream->async_connect(results, [self](beast::error_code ec2, const tcp::endpoint&) {
                                 if (ec2) return self->Finish(ec2);
                                 self->Write();
                               });
                             });
    }
    void Write() {
      auto self = shared_from_this();
      stream->expires_after(client->opt_.timeout);
      http::async_write(*stream, req, [self](beast::error_code ec, size_t) {
        if (ec) return self->Finish(ec);
        http::async_read(*self->stream, self->buffer, self->parser,
                         [self](beast::error_code ec2, size_t) { self->Finish(ec2); });
      });
    }
    void Finish(beast::error_code ec) {
      http::response<http::string_body> res;
      if (!ec) res = parser.release();
      done(ec, std::move(stream), std::move(res));
    }
  };

  struct Outcome {
    beast::error_code ec;
    std::unique_ptr<beast::tcp_stream> stream;
    http::response<http::string_body> res;
  };

  // Runs one exchange on the I/O thread and waits for it (the caller is never the I/O thread).
  Outcome Run(std::unique_ptr<beast::tcp_stream> stream, bool fresh, const http::request<http::string_body>& req) {
    std::promise<Outcome> promise;
    auto future = promise.get_future();
    asio::post(io_, [&, stream = std::move(stream)]() mutable {
      auto x = std::make_shared<Exchange>(this, std::move(stream), fresh, req);
      x->done = [&promise](beast::error_code ec, std::unique_ptr<beast::tcp_stream> s, http::response<http::string_body> r) {
        promise.set_value(Outcome{ec, std::move(s), std::move(r)});
      };
      x->Start();
    });
    return future.get();
  }

  // One attempt: a pooled connection (or a fresh one). A pooled connection that the server
  // closed meanwhile is replaced once without counting as a retry.
  Result<std::string> Attempt(const std::string& body) {
    auto req = BuildHttp(body);
    auto stream = Borrow();
    bool fresh = !stream;
    if (fresh) stream = std::make_unique<beast::tcp_stream>(io_);
    Outcome out = Run(std::move(stream), fresh, req);
    if (out.ec && !fresh && !Timeout(out.ec)) out = Run(std::make_unique<beast::tcp_stream>(io_), true, req);
    if (out.ec) return Fail(ErrorFor(out.ec));
    if (out.res.keep_alive()) GiveBack(std::move(out.stream));
    return Interpret(out.res.result_int(), std::move(out.res.body()));
  }

  Error ErrorFor(const beast::error_code& ec) const {
    if (Timeout(ec)) return TimeoutError();
    return Error::Unavailable("Lỗi kết nối dịch vụ dân cư: " + ec.message() + ".");
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
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<beast::tcp_stream>> idle_;
  mutable std::mutex mu_;
  int failures_ = 0;
  bool trial_ = false;
  Clock::time_point open_until_{};
};

SoapClient::SoapClient(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
SoapClient::~SoapClient() = default;

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
