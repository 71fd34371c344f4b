// Tests of the front door (issue 10): hostile bytes never stop the server or reach a handler
// unchecked — request text is UTF-8, JSON depth is bounded, bodies are bounded per route and
// refused before they are read, connections are capped, exceptions become 500s.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <filesystem>
#include <future>
#include <random>
#include <thread>

#include "registry/registry.h"
#include "web/api_gateway.h"
#include "web/app.h"
#include "web/json.h"
#include "web/routes.h"
#include "web/server.h"

namespace dancu::web {
namespace {

using nlohmann::json;
namespace asio = boost::asio;
using asio::ip::tcp;

TEST(FrontDoorJson, DepthIsCountedOutsideStringsOnly) {
  EXPECT_EQ(JsonDepth(R"({"a":[1,{"b":2}]})"), 3);
  EXPECT_EQ(JsonDepth(R"({"a":"[[[[[[[[\"[[["})"), 1);
  EXPECT_EQ(JsonDepth("[[[]]]"), 3);
  EXPECT_EQ(JsonDepth("]]]]"), 0);
}

TEST(FrontDoorJson, DeepBodiesAreRefusedBeforeParsing) {
  // Issue 10 item 2: a login body nested 100,000 deep overflowed the stack.
  std::string deep = R"({"login":"x","password":"x","a":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  auto r = ParseJson(deep);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("quá sâu"), std::string::npos);
  EXPECT_TRUE(ParseJson(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']')).has_value());
}

TEST(FrontDoorJson, InvalidUtf8IsRefusedOnInputAndReplacedOnOutput) {
  // Issue 10 item 1: a raw byte 0xff in a message made nlohmann throw type_error.316.
  EXPECT_FALSE(ParseJson("{\"a\":\"\xff\"}").has_value());
  json j = {{"message", std::string("Không có trang /api/\xff.")}};
  std::string out = DumpJson(j);
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos) << out;  // U+FFFD
  EXPECT_TRUE(json::parse(out, nullptr, false).is_object());
}

TEST(FrontDoorRoutes, BodyLimitsFollowTheRoute) {
  EXPECT_EQ(BodyLimitFor("POST", "/api/v1/lookups"), kGatewayBodyLimit);
  EXPECT_EQ(BodyLimitFor("POST", "/soap?x=1"), kGatewayBodyLimit);
  EXPECT_EQ(BodyLimitFor("POST", "/api/v1/campaigns/1/registrations/000.00.16.H33/import"),
            kUploadBodyLimit);
  EXPECT_EQ(BodyLimitFor("POST", "/api/v1/commitments/3/scan"), kUploadBodyLimit);
  EXPECT_EQ(BodyLimitFor("POST", "/api/v1/session"), kDefaultBodyLimit);
  EXPECT_EQ(BodyLimitFor("POST", "/no/such/path"), kGatewayBodyLimit);
  EXPECT_LT(kGatewayBodyLimit, kDefaultBodyLimit);
}

TEST(FrontDoorGateway, CertificateHeaderIsBelievedOnlyFromAConfiguredTlsProxy) {
  // Issue 10 item 10: X-Client-Cert-SHA256 over plain HTTP satisfied a certificate-bound system.
  auto db = store::OpenSqlite(":memory:", {.durable = false});
  ASSERT_TRUE(db.has_value());
  Request req;
  req.peer = "127.0.0.1";
  Services plain{.db = **db};
  EXPECT_FALSE(GatewayContextOf(plain, req).trust_cert_header);
  Services tls{.db = **db, .secure_cookies = true, .trusted_proxies = {"127.0.0.1"}};
  EXPECT_TRUE(GatewayContextOf(tls, req).trust_cert_header);
  req.peer = "127.0.0.2";
  EXPECT_FALSE(GatewayContextOf(tls, req).trust_cert_header);
  Services tls_no_proxy{.db = **db, .secure_cookies = true};
  req.peer = "127.0.0.1";
  EXPECT_FALSE(GatewayContextOf(tls_no_proxy, req).trust_cert_header);
}

// The App over the demo data in a temporary file, without sessions or a gateway.
class FrontDoorApp : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("dancu-front-door-" + std::to_string(std::random_device{}()) + ".sqlite");
    auto db = store::OpenSqlite(path_.string(), {.durable = false});
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(registry::LoadDemo(*db_, "test").has_value());
    app_ = std::make_unique<App>(Services{.db = *db_}, 1);
  }
  void TearDown() override {
    app_.reset();
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  Response Call(std::string method, std::string path, std::string body = "") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    r.peer = "127.0.0.1";
    auto done = std::make_shared<std::promise<Response>>();
    auto future = done->get_future();
    app_->Handle(std::move(r), [done](Response resp) { done->set_value(std::move(resp)); });
    EXPECT_EQ(future.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    return future.get();
  }
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<App> app_;
};

TEST_F(FrontDoorApp, RawByteInThePathIsAnsweredNotFatal) {
  // Issue 10 item 1: GET /api/\xff killed the process (the 404 message embeds the path).
  Response r = Call("GET", "/api/\xff");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(json::parse(r.body, nullptr, false).is_object()) << r.body;
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
}

TEST_F(FrontDoorApp, TextBodiesMustBeUtf8AndShallow) {
  std::string deep = R"({"login":"x","password":"x","a":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  Response r = Call("POST", "/api/v1/session", deep);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("quá sâu"), std::string::npos) << r.body;
  Response bad = Call("POST", "/api/v1/session", "{\"login\":\"\xc3\x28\"}");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("UTF-8"), std::string::npos) << bad.body;
}

TEST_F(FrontDoorApp, UploadsWithoutASessionAreRefusedBeforeTheirBody) {
  // Issue 10 item 5: anyone could make the server receive 25 MB bodies.
  Request head;
  head.method = "POST";
  head.path = "/api/v1/campaigns/1/registrations/000.00.16.H33/import";
  head.headers["content-length"] = "26214399";
  auto refused = app_->Admit(head);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 401);
  head.headers["cookie"] = std::string(kSessionCookie) + "=abc";
  EXPECT_FALSE(app_->Admit(head).has_value());  // the session itself is checked with the body
  Request login;
  login.method = "POST";
  login.path = "/api/v1/session";
  login.headers["content-length"] = "40";
  EXPECT_FALSE(app_->Admit(login).has_value());  // public routes take bodies without a session
}

TEST_F(FrontDoorApp, GatewayWithoutAGatewayIsUnavailableNotACrash) {
  Response r = Call("POST", "/api/v1/lookups", std::string(1000, '['));
  EXPECT_EQ(r.status, 503);
}

// A running server on a free loopback port, stopped at the end of the test.
class FrontDoorServer : public ::testing::Test {
 protected:
  void Start(AsyncHandler handler, ServeOptions options = {}) {
    options.listen = "127.0.0.1:0";
    options.threads = 1;
    options.on_stop_handle = [this](std::function<void()> stop) { stop_ = std::move(stop); };
    std::promise<std::string> ready;
    auto bound = ready.get_future();
    thread_ = std::thread([&, handler = std::move(handler), options] {
      (void)ServeAsync(options, handler, [&](const std::string& b) { ready.set_value(b); });
    });
    std::string addr = bound.get();
    port_ = static_cast<unsigned short>(std::stoi(addr.substr(addr.rfind(':') + 1)));
  }
  void TearDown() override {
    if (stop_) stop_();
    if (thread_.joinable()) thread_.join();
  }
  // Sends `bytes`, returns what comes back until the server closes or 5 s pass.
  std::string Raw(const std::string& bytes, bool half_close = false) {
    asio::io_context io;
    tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"), port_});
    asio::write(s, asio::buffer(bytes));
    if (half_close) s.shutdown(tcp::socket::shutdown_send);
    return ReadAll(s);
  }
  static std::string ReadAll(tcp::socket& s) {
    timeval tv{5, 0};
    setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string out;
    char buf[4096];
    for (;;) {
      boost::system::error_code ec;
      size_t n = s.read_some(asio::buffer(buf), ec);
      if (ec || n == 0) break;
      out.append(buf, n);
    }
    return out;
  }
  unsigned short port_ = 0;
  std::function<void()> stop_;
  std::thread thread_;
};

AsyncHandler Echo() {
  return [](Request r, Reply reply) { reply({200, "text/plain", "ok:" + std::to_string(r.body.size()), {}}); };
}

TEST_F(FrontDoorServer, ThrowingHandlerIsA500AndTheServerGoesOn) {
  Start([](Request r, Reply reply) {
    if (r.path == "/throw") throw std::runtime_error("lỗi thử");
    reply({200, "text/plain", "ok", {}});
  });
  EXPECT_NE(Raw("GET /throw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").find(" 500 "), std::string::npos);
  EXPECT_NE(Raw("GET /fine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").find(" 200 "), std::string::npos);
}

TEST_F(FrontDoorServer, NonAsciiTargetsAndBadHeadersAreRefused) {
  Start(Echo());
  EXPECT_NE(Raw("GET /api/\xff HTTP/1.1\r\nHost: x\r\n\r\n").find(" 400 "), std::string::npos);
  EXPECT_NE(Raw("GET /a?q=%ff HTTP/1.1\r\nHost: x\r\n\r\n").find(" 400 "), std::string::npos);
  EXPECT_NE(Raw("GET /a HTTP/1.1\r\nHost: x\r\nX-A: \xc3\x28\r\n\r\n").find(" 400 "), std::string::npos);
  EXPECT_NE(Raw("GET /a?q=%C3%A2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").find(" 200 "),
            std::string::npos);
}

TEST_F(FrontDoorServer, CredentialHeadersSentTwiceAreRefused) {
  // Issue 11 attack finding 11: "ApiKey: junk" then "ApiKey: <good>" was read as the last one,
  // while a proxy in front may have checked the first.
  Start(Echo());
  EXPECT_NE(Raw("GET /a HTTP/1.1\r\nHost: x\r\nApiKey: a\r\nApiKey: b\r\n\r\n").find(" 400 "), std::string::npos);
  EXPECT_NE(Raw("GET /a HTTP/1.1\r\nHost: x\r\nAuthorization: Basic a\r\nauthorization: Basic b\r\n\r\n").find(" 400 "),
            std::string::npos);
  EXPECT_NE(Raw("GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n").find(" 400 "), std::string::npos);
  // Other headers may repeat (the last is kept, as before).
  EXPECT_NE(Raw("GET /a HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nX-A: 2\r\nConnection: close\r\n\r\n").find(" 200 "),
            std::string::npos);
}

TEST_F(FrontDoorServer, BodyOverTheRouteLimitIsRefusedBeforeItIsSent) {
  // Issue 10 item 5: a 12 MB gateway body was read and parsed; now the header alone decides.
  ServeOptions o;
  o.body_limit = [](std::string_view, std::string_view target) -> size_t {
    return target.starts_with("/small") ? 100 : 1 << 20;
  };
  Start(Echo(), o);
  // Only the header is sent: the answer must come without waiting for 12 MB.
  std::string reply = Raw("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 12582912\r\n\r\n", true);
  EXPECT_NE(reply.find(" 413 "), std::string::npos) << reply;
  std::string chunked = Raw("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "1000\r\n" + std::string(4096, 'a') + "\r\n0\r\n\r\n");
  EXPECT_NE(chunked.find(" 413 "), std::string::npos) << chunked;
  // Above the server's hard cap too (the parser sees it with the header): still a 413.
  std::string huge = Raw("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 27262976\r\n\r\n", true);
  EXPECT_NE(huge.find(" 413 "), std::string::npos) << huge;
  std::string ok = Raw("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
  EXPECT_NE(ok.find("ok:5"), std::string::npos) << ok;
}

TEST_F(FrontDoorServer, BodiesInFlightShareOneBudget) {
  // Issue 10 item 5: 40 connections × 25 MB held 1 GB.
  ServeOptions o;
  o.max_body_bytes_in_flight = 1000;
  Start(Echo(), o);
  asio::io_context io;
  tcp::socket holder(io);
  holder.connect({asio::ip::make_address("127.0.0.1"), port_});
  asio::write(holder, asio::buffer(std::string("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 800\r\n\r\nxx")));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // ordering only, not timing
  std::string second = Raw("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 800\r\n\r\n", true);
  EXPECT_NE(second.find(" 503 "), std::string::npos) << second;
  holder.close();
}

TEST_F(FrontDoorServer, AdmitRefusesFromTheHeaderAlone) {
  ServeOptions o;
  o.admit = [](const Request& head) -> std::optional<Response> {
    if (head.path == "/closed") return Response{401, "text/plain", "no", {}};
    return std::nullopt;
  };
  Start(Echo(), o);
  std::string reply = Raw("POST /closed HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n", true);
  EXPECT_NE(reply.find(" 401 "), std::string::npos) << reply;
}

TEST_F(FrontDoorServer, ConnectionsBeyondTheCapAreTurnedAwayAndServedAgainLater) {
  // Issue 10 item 4: past the file limit the acceptor stopped for good.
  ServeOptions o;
  o.max_connections = 2;
  Start(Echo(), o);
  asio::io_context io;
  std::vector<tcp::socket> idle;
  for (int i = 0; i < 2; ++i) {
    idle.emplace_back(io);
    idle.back().connect({asio::ip::make_address("127.0.0.1"), port_});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // ordering only: let both be accepted
  std::string turned = Raw("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(turned.find(" 503 "), std::string::npos) << turned;
  for (auto& s : idle) s.close();
  std::string served;
  for (int attempt = 0; attempt < 50 && served.find(" 200 ") == std::string::npos; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    served = Raw("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }
  EXPECT_NE(served.find(" 200 "), std::string::npos) << served;
}

}  // namespace
}  // namespace dancu::web
