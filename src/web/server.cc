// Boost.Beast HTTP/1.1 server with C++20 coroutines; one coroutine per connection.
#include "web/server.h"

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/beast.hpp>
#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/log.h"
#include "core/text.h"
#include "web/api.h"
#include "web/json.h"

namespace dancu::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using core::Error;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// A refusal the server makes itself, before any handler runs.
Response Refusal(int status, std::string_view message) {
  nlohmann::json body = {{"error", {{"code", status == 503 ? "unavailable" : "invalid_argument"},
                                    {"message", message}, {"details", nlohmann::json::array()}}}};
  return {status, "application/json; charset=utf-8", DumpJson(body), {}};
}

// Request targets are printable ASCII (RFC 9112 §3.2; non-ASCII travels percent-encoded).
bool ValidTarget(std::string_view target) {
  if (target.empty()) return false;
  return std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// Header values: valid UTF-8 without control characters other than tab.
bool ValidHeaderValue(std::string_view v) {
  if (!core::IsValidUtf8(v)) return false;
  return std::none_of(v.begin(), v.end(), [](char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f; });
}

// "" when the head may be served; else why not (Vietnamese, for the 400 answer).
std::string CheckHead(const http::request_parser<http::string_body>& parser) {
  const auto& h = parser.get();
  if (!ValidTarget(h.target())) {
    return "Đường dẫn yêu cầu chứa ký tự không hợp lệ (chỉ ký tự ASCII in được; ký tự khác phải mã hóa %XX).";
  }
  for (const auto& f : h) {
    if (!ValidHeaderValue(f.value())) {
      return "Tiêu đề " + std::string(f.name_string()) + " chứa byte không phải UTF-8 hợp lệ hoặc ký tự điều khiển.";
    }
  }
  return "";
}

bool IsSingleValued(std::string_view lower_name) {
  for (std::string_view n : {"host", "authorization", "apikey", "x-api-key", "timestamp",
                             "x-csrf-token", "x-client-cert-sha256"}) {
    if (lower_name == n) return true;
  }
  return false;
}

template <class Message>
core::Result<Request> ToRequest(const Message& req, const std::string& peer) {
  Request r;
  r.method = std::string(req.method_string());
  std::string target(req.target());
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = ParseQuery(std::string_view(target).substr(q + 1));
  for (const auto& [k, v] : r.query) {
    if (!core::IsValidUtf8(k) || !core::IsValidUtf8(v)) {
      return core::Fail(Error::Invalid("Tham số truy vấn sau khi giải mã %XX không phải UTF-8 hợp lệ."));
    }
  }
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    // A credential or Host header sent twice is ambiguous (a proxy in front may have read the
    // first, we would read the last): refused (issue 11 attack finding 11).
    if (r.headers.contains(name) && IsSingleValued(name)) {
      return core::Fail(Error::Invalid("Tiêu đề " + name + " chỉ được gửi một lần."));
    }
    r.headers[name] = std::string(f.value());
  }
  if constexpr (requires { req.body(); }) r.body = req.body();
  r.peer = peer;
  return r;
}

http::response<http::string_body> ToResponse(const Response& resp, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{http::status(resp.status), version};
  res.set(http::field::server, "dancu");
  res.set(http::field::content_type, resp.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  res.set(http::field::cache_control, "no-store");
  for (const auto& [k, v] : resp.headers) {
    if (k != "set-cookie") { res.set(k, v); continue; }
    // Several cookies travel as one map entry, separated by newlines (see web/app.h).
    size_t start = 0;
    while (start <= v.size()) {
      size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      if (end > start) res.insert(http::field::set_cookie, v.substr(start, end - start));
      start = end + 1;
    }
  }
  res.keep_alive(keep_alive);
  res.body() = resp.body;
  res.prepare_payload();
  return res;
}

// Carries the reply of an async handler from whatever thread makes it back to the session.
using ReplyChannel = asio::experimental::concurrent_channel<void(boost::system::error_code, Response)>;

asio::awaitable<Response> Call(const AsyncHandler& handler, Request request) {
  auto channel = std::make_shared<ReplyChannel>(co_await asio::this_coro::executor, 1);
  handler(std::move(request), [channel](Response r) { channel->try_send(boost::system::error_code{}, std::move(r)); });
  auto received = co_await channel->async_receive(kTuple);
  if (std::get<0>(received)) co_return Refusal(500, "Lỗi nội bộ.");
  co_return std::move(std::get<1>(received));
}

// What all connections share: the handler, the limits and the counters behind them.
struct ServerState {
  AsyncHandler handler;
  ServeOptions options;
  size_t max_connections = 0;
  std::atomic<size_t> open{0};
  std::atomic<size_t> body_bytes{0};
};

// Holds `bytes` of the in-flight body budget for as long as it lives.
class BodyBudget {
 public:
  BodyBudget(ServerState& st, size_t bytes) : st_(st) {
    size_t before = st_.body_bytes.fetch_add(bytes);
    if (before + bytes > st_.options.max_body_bytes_in_flight && bytes > 0) {
      st_.body_bytes.fetch_sub(bytes);
      return;
    }
    held_ = bytes;
    ok_ = true;
  }
  ~BodyBudget() { Release(); }
  BodyBudget(const BodyBudget&) = delete;
  BodyBudget& operator=(const BodyBudget&) = delete;
  bool ok() const { return ok_; }
  void Release() {
    st_.body_bytes.fetch_sub(held_);
    held_ = 0;
  }

 private:
  ServerState& st_;
  size_t held_ = 0;
  bool ok_ = false;
};

bool IsProtocolError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

asio::awaitable<void> Answer(beast::tcp_stream& stream, const Response& r, unsigned version, bool keep_alive) {
  auto res = ToResponse(r, version, keep_alive);
  stream.expires_after(std::chrono::seconds(30));
  co_await http::async_write(stream, res, kTuple);
}

// One request: header → checks → body (bounded) → handler → answer. False: close.
asio::awaitable<bool> ServeOne(beast::tcp_stream& stream, beast::flat_buffer& buffer, ServerState& st,
                               const std::string& peer) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(st.options.max_body_bytes);
  stream.expires_after(st.options.header_timeout);
  auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
  if (ec == http::error::header_limit) {
    co_await Answer(stream, Refusal(431, "Phần tiêu đề của yêu cầu quá lớn (tối đa 16 KB)."), 11, false);
    co_return false;
  }
  if (ec == http::error::body_limit) {  // Content-Length above the hard cap, seen with the header
    co_await Answer(stream, Refusal(413, "Nội dung yêu cầu quá lớn (tối đa " +
                                             std::to_string(st.options.max_body_bytes / 1024) + " KB)."),
                    11, false);
    co_return false;
  }
  if (ec) {
    if (IsProtocolError(ec)) co_await Answer(stream, Refusal(400, "Yêu cầu HTTP sai cú pháp."), 11, false);
    co_return false;
  }
  unsigned version = parser.get().version();
  if (std::string why = CheckHead(parser); !why.empty()) {
    co_await Answer(stream, Refusal(400, why), version, false);
    co_return false;
  }
  auto head = ToRequest(parser.get().base(), peer);
  if (!head) {
    co_await Answer(stream, Refusal(400, head.error().message), version, false);
    co_return false;
  }
  size_t limit = st.options.max_body_bytes;
  if (st.options.body_limit) {
    limit = std::min(limit, st.options.body_limit(parser.get().method_string(), parser.get().target()));
  }
  auto declared = parser.content_length();
  auto too_big = [&] {
    return Refusal(413, "Nội dung yêu cầu quá lớn (tối đa " + std::to_string(limit / 1024) +
                            " KB cho đường dẫn này).");
  };
  if (declared && *declared > limit) {
    co_await Answer(stream, too_big(), version, false);
    co_return false;
  }
  if (st.options.admit) {
    std::optional<Response> refused;
    if (!core::Guarded("máy chủ web: kiểm tra trước thân", [&] { refused = st.options.admit(*head); })) {
      refused = Refusal(500, "Lỗi nội bộ.");
    }
    if (refused) {
      co_await Answer(stream, *refused, version, false);
      co_return false;
    }
  }
  BodyBudget budget(st, declared ? size_t(*declared) : (parser.chunked() ? limit : 0));
  if (!budget.ok()) {
    co_await Answer(stream, Refusal(503, "Máy chủ đang nhận quá nhiều dữ liệu; hãy thử lại sau ít phút."), version, false);
    co_return false;
  }
  parser.body_limit(limit);
  if (!parser.is_done()) {
    if (parser.get()[http::field::expect] == "100-continue") {
      http::response<http::empty_body> cont{http::status::continue_, version};
      co_await http::async_write(stream, cont, kTuple);
    }
    stream.expires_after(st.options.body_timeout);
    auto [ec2, n2] = co_await http::async_read(stream, buffer, parser, kTuple);
    if (ec2 == http::error::body_limit) {
      co_await Answer(stream, too_big(), version, false);
      co_return false;
    }
    if (ec2) co_return false;
  }
  stream.expires_never();
  auto req = parser.release();
  bool keep_alive = req.keep_alive();
  Response resp;
  if (auto request = ToRequest(req, peer); !request) {
    resp = Refusal(400, request.error().message);
    keep_alive = false;
  } else {
    try {
      resp = co_await Call(st.handler, std::move(*request));
    } catch (...) {
      core::LogLine("ERROR", "máy chủ web: ngoại lệ trong xử lý " + std::string(req.method_string()) + " " +
                                 std::string(req.target()) + ": " + core::CurrentExceptionText());
      resp = Refusal(500, "Lỗi nội bộ.");
    }
  }
  budget.Release();
  auto res = ToResponse(resp, version, keep_alive);
  stream.expires_after(std::chrono::seconds(60));
  auto written = co_await http::async_write(stream, res, kTuple);
  co_return !std::get<0>(written) && res.keep_alive();
}

asio::awaitable<void> Session(tcp::socket socket, std::shared_ptr<ServerState> st) {
  struct Slot {
    ServerState& st;
    ~Slot() { st.open.fetch_sub(1); }
  } slot{*st};
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code peer_ec;
  auto endpoint = stream.socket().remote_endpoint(peer_ec);
  std::string peer = peer_ec ? "" : endpoint.address().to_string();
  while (co_await ServeOne(stream, buffer, *st, peer)) {
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

// Beyond the connection cap a client gets a short 503 at once instead of a silent queue.
void TurnAway(tcp::socket& socket) {
  static const std::string kBusy = [] {
    std::string body = Refusal(503, "Máy chủ đang có quá nhiều kết nối; hãy thử lại sau ít giây.").body;
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
           "Connection: close\r\nRetry-After: 1\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
  }();
  beast::error_code ec;
  socket.non_blocking(true, ec);
  if (!ec) socket.write_some(asio::buffer(kBusy), ec);
  socket.close(ec);
}

asio::awaitable<void> Listen(tcp::acceptor& acceptor, std::shared_ptr<ServerState> st) {
  auto backoff = std::chrono::milliseconds(10);
  asio::steady_timer timer(acceptor.get_executor());
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors (EMFILE/ENFILE) or the like: wait and try again, never give up
      // the port; connections closing meanwhile free descriptors.
      core::LogLine("WARN", "máy chủ web: không nhận được kết nối mới (" + ec.message() + "); thử lại sau " +
                                std::to_string(backoff.count()) + " ms");
      timer.expires_after(backoff);
      co_await timer.async_wait(kTuple);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
      continue;
    }
    backoff = std::chrono::milliseconds(10);
    if (st->open.fetch_add(1) >= st->max_connections) {
      st->open.fetch_sub(1);
      TurnAway(socket);
      continue;
    }
    asio::co_spawn(acceptor.get_executor(), Session(std::move(socket), st), [](std::exception_ptr e) {
      if (e) core::Guarded("máy chủ web: phiên kết nối", [&] { std::rethrow_exception(e); });
    });
  }
}

// The open-file limit less a reserve for databases, logs and upstream connections.
size_t DefaultMaxConnections() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return 4096;
  size_t cur = lim.rlim_cur;
  size_t reserve = std::min<size_t>(128, cur / 4);
  return std::clamp<size_t>(cur - reserve, 8, 16384);
}

}  // namespace

core::Result<std::pair<std::string, unsigned short>> CheckListenAddress(const std::string& listen,
                                                                       bool behind_tls) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return core::Fail(Error::Invalid("Địa chỉ \"" + listen + "\" phải có dạng HOST:PORT, ví dụ 127.0.0.1:8080."));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned long port = 0;
  try {
    size_t used = 0;
    port = std::stoul(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return core::Fail(Error::Invalid("Cổng \"" + listen.substr(colon + 1) + "\" không hợp lệ (0–65535)."));
  }
  if (host == "localhost") host = "127.0.0.1";
  beast::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (ec) return core::Fail(Error::Invalid("Địa chỉ \"" + host + "\" không phải địa chỉ IP hợp lệ."));
  if (!addr.is_loopback() && !behind_tls) {
    return core::Fail(Error::Invalid(
        "dancu chỉ nghe trên " + host + " khi có máy chủ TLS (ví dụ nginx) đứng trước và được "
        "chạy với --behind-tls: mật khẩu và phiên đăng nhập không được đi qua mạng ở dạng rõ. "
        "Khi thử trên máy này, dùng 127.0.0.1."));
  }
  return std::pair<std::string, unsigned short>{host, static_cast<unsigned short>(port)};
}

core::Result<void> ServeWith(const ServeOptions& options, Handler handler,
                             const std::function<void(const std::string&)>& on_ready) {
  return ServeAsync(options, [handler = std::move(handler)](Request req, Reply reply) {
    reply(handler(req));
  }, on_ready);
}

core::Result<void> ServeAsync(const ServeOptions& options, AsyncHandler handler,
                              const std::function<void(const std::string&)>& on_ready) {
  auto addr = CheckListenAddress(options.listen, options.behind_tls);
  if (!addr) return core::Fail(addr.error());
  int threads = options.threads;
  if (threads <= 0) {
    cpu_set_t set;
    threads = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 2;
    threads = std::max(1, threads);
  }
  asio::io_context io(threads);
  tcp::acceptor acceptor(io);
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(addr->first), addr->second);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Fail(Error::Unavailable("Không nghe được trên " + options.listen + ": " + ec.message()));
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, auto) { io.stop(); });
  auto state = std::make_shared<ServerState>();
  state->handler = std::move(handler);
  state->options = options;
  state->max_connections = options.max_connections ? options.max_connections : DefaultMaxConnections();
  asio::co_spawn(io, Listen(acceptor, state), [](std::exception_ptr e) {
    if (e) core::Guarded("máy chủ web: vòng nhận kết nối", [&] { std::rethrow_exception(e); });
  });
  auto bound = acceptor.local_endpoint();
  std::string shown = (bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                               : bound.address().to_string()) +
                      ":" + std::to_string(bound.port());
  on_ready(shown);
  if (options.on_stop_handle) options.on_stop_handle([&io] { asio::post(io, [&io] { io.stop(); }); });
  // An exception escaping a completion handler leaves run(); log it and run on.
  auto run = [&io] {
    while (!core::Guarded("máy chủ web: luồng vào/ra", [&] { io.run(); })) {
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
  return {};
}

}  // namespace dancu::web
