// Async SOAP client on its own I/O thread: pooled keep-alive connections, per-attempt time
// limit, bounded retries, circuit breaker, signed requests.
#include "population/soap_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <future>
#include <mutex>
#include <thread>

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
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

class SoapClient::Impl {
 public:
  explicit Impl(ClientOptions o)
      : opt_(std::move(o)), work_(asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}

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
      auto fut = asio::co_spawn(io_, Attempt(body), asio::use_future);
      last = fut.get();
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

  // One attempt: a pooled connection (or a fresh one), write, read. A pooled connection that
  // the server closed meanwhile is replaced once without counting as a retry.
  asio::awaitable<Result<std::string>> Attempt(std::string body) {
    auto req = BuildHttp(body);
    for (int round = 0; round < 2; ++round) {
      auto stream = round == 0 ? Borrow() : nullptr;
      bool reused = stream != nullptr;
      if (!stream) {
        stream = std::make_unique<beast::tcp_stream>(io_);
        stream->expires_after(opt_.timeout);
        tcp::resolver resolver(io_);
        auto [rec, endpoints] = co_await resolver.async_resolve(opt_.host, std::to_string(opt_.port), kTuple);
        if (rec) co_return Fail(Error::Unavailable("Không tìm thấy máy chủ dịch vụ dân cư " + opt_.host + "."));
        auto [cec, ep] = co_await stream->async_connect(endpoints, kTuple);
        if (cec) co_return Fail(Timeout(cec) ? TimeoutError() : Error::Unavailable("Không kết nối được dịch vụ dân cư: " + cec.message() + "."));
      }
      stream->expires_after(opt_.timeout);
      auto [wec, wn] = co_await http::async_write(*stream, req, kTuple);
      beast::flat_buffer buffer;
      http::response_parser<http::string_body> parser;
      parser.body_limit(16 * 1024 * 1024);
      beast::error_code rec;
      if (!wec) std::tie(rec, std::ignore) = co_await http::async_read(*stream, buffer, parser, kTuple);
      beast::error_code ec = wec ? wec : rec;
      if (ec && reused && !Timeout(ec)) continue;  // stale keep-alive connection
      if (ec) co_return Fail(Timeout(ec) ? TimeoutError() : Error::Unavailable("Lỗi khi gọi dịch vụ dân cư: " + ec.message() + "."));
      auto res = parser.release();
      if (res.keep_alive()) GiveBack(std::move(stream));
      co_return Interpret(res.result_int(), std::move(res.body()));
    }
    co_return Fail(Error::Unavailable("Lỗi kết nối dịch vụ dân cư."));
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

Result<std::vector<Citizen>> SoapClient::Lookup(const Query& q) {
  return LookupAs(q, {.request_id = "", .service_code = impl_->options().service_code,
                      .official = "", .unit_code = "", .account = "", .phone = ""});
}

Result<std::vector<Citizen>> SoapClient::LookupAs(const Query& q, const Caller& caller) {
  SoapRequest req;
  req.operation = "TraCuuThongTinCongDan";
  req.request_id = caller.request_id;
  req.service_code = caller.service_code;
  req.integration_code = impl_->options().integration_code;
  req.official = caller.official;
  req.unit_code = caller.unit_code;
  req.account = caller.account;
  req.phone = caller.phone;
  req.query = q;
  req.full_name = q.name_key;
  auto body = impl_->Post(BuildRequest(req), true);
  if (!body) return Fail(body.error());
  return ParseTraCuuResponse(*body);
}

Result<bool> SoapClient::Verify(const std::string& id_number, const std::string& full_name,
                                const BirthDate& birth) {
  SoapRequest req;
  req.operation = "XacThucThongTinCongDan";
  req.service_code = impl_->options().service_code;
  req.integration_code = impl_->options().integration_code;
  req.query.id_number = id_number;
  req.query.birth = birth;
  req.full_name = NameKey(full_name);
  auto body = impl_->Post(BuildRequest(req), true);
  if (!body) return Fail(body.error());
  return ParseXacThucResponse(*body);
}

}  // namespace dancu::population
