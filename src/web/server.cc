// Boost.Beast HTTP/1.1 server with C++20 coroutines; one coroutine per connection.
#include "web/server.h"

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/beast.hpp>
#include <sched.h>

#include <thread>

#include "web/api.h"

namespace dancu::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using core::Error;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

Request ToRequest(const http::request<http::string_body>& req, const std::string& peer) {
  Request r;
  r.method = std::string(req.method_string());
  std::string target(req.target());
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = ParseQuery(std::string_view(target).substr(q + 1));
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(f.value());
  }
  r.body = req.body();
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
  if (std::get<0>(received)) co_return Response{500, "application/json; charset=utf-8",
                             R"({"error":{"code":"internal","message":"Lỗi nội bộ.","details":[]}})", {}};
  co_return std::move(std::get<1>(received));
}

asio::awaitable<void> Session(tcp::socket socket, const AsyncHandler& handler, size_t max_body) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  std::string peer = stream.socket().remote_endpoint().address().to_string();
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(max_body);
    stream.expires_after(std::chrono::seconds(60));
    auto read = co_await http::async_read(stream, buffer, parser, kTuple);
    beast::error_code ec = std::get<0>(read);
    if (ec == http::error::body_limit) {
      Response too_big{413, "application/json; charset=utf-8",
                       R"({"error":{"code":"invalid_argument","message":"Tệp tải lên quá lớn.","details":[]}})", {}};
      auto res = ToResponse(too_big, 11, false);
      co_await http::async_write(stream, res, kTuple);
      break;
    }
    if (ec) break;
    auto req = parser.release();
    Response resp = co_await Call(handler, ToRequest(req, peer));
    auto res = ToResponse(resp, req.version(), req.keep_alive());
    auto written = co_await http::async_write(stream, res, kTuple);
    if (std::get<0>(written) || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Listen(tcp::acceptor& acceptor, const AsyncHandler& handler, size_t max_body) {
  for (;;) {
    auto accepted = co_await acceptor.async_accept(kTuple);
    if (std::get<0>(accepted)) co_return;
    asio::co_spawn(acceptor.get_executor(), Session(std::move(std::get<1>(accepted)), handler, max_body), asio::detached);
  }
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
  asio::co_spawn(io, Listen(acceptor, handler, options.max_body_bytes), asio::detached);
  auto bound = acceptor.local_endpoint();
  std::string shown = (bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                               : bound.address().to_string()) +
                      ":" + std::to_string(bound.port());
  on_ready(shown);
  if (options.on_stop_handle) options.on_stop_handle([&io] { asio::post(io, [&io] { io.stop(); }); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  return {};
}

}  // namespace dancu::web
