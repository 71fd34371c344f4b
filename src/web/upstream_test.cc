// The reference national service and the SOAP client against each other, over loopback.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "population/soap.h"
#include "population/soap_client.h"
#include "web/server.h"
#include "web/soap_upstream.h"

namespace dancu::web {
namespace {

using population::BirthDate;
using population::Citizen;
using population::Query;

// The caller a gateway would send for an official of the demo.
const population::Caller kCaller{.request_id = "HS-0001", .service_code = "1.001", .integration_code = "037",
                                 .official = "091085000001", .unit_code = "G05.01", .account = "tnmt.ct",
                                 .phone = "0912345678"};

// A tiny in-memory source; counts calls and can be slowed down.
class FakeSource : public population::CitizenSource {
 public:
  FakeSource() {
    Citizen c;
    c.id_number = "091090001234";
    c.cmnd = "371234567";
    c.family_name = "Nguyễn";
    c.middle_name = "Văn";
    c.given_name = "An";
    c.birth = {1990, 5, 17};
    c.permanent = {"91", "903", "30820", "Ấp Vàm Răng & \"số 5\"", "VN"};
    c.household_head = {"Chủ hộ", "091090001234", "371234567", "Nguyễn Văn An"};
    citizens_.push_back(c);
  }
  core::Result<std::vector<Citizen>> Lookup(const population::Caller& caller, const Query& q) override {
    ++calls;
    last_caller = caller;
    if (delay.count()) std::this_thread::sleep_for(delay);
    std::vector<Citizen> out;
    for (const auto& c : citizens_) {
      if ((!q.id_number.empty() && c.id_number == q.id_number) || (!q.cmnd.empty() && c.cmnd == q.cmnd)) out.push_back(c);
    }
    return out;
  }
  core::Result<bool> Verify(const population::Caller& caller, const std::string& id, const std::string& name,
                            const BirthDate& b) override {
    ++calls;
    last_caller = caller;
    return id == citizens_[0].id_number && population::NameKey(name) == "NGUYEN VAN AN" && b == citizens_[0].birth;
  }
  const Citizen& first() const { return citizens_[0]; }
  std::atomic<int> calls = 0;
  population::Caller last_caller;  // read only after the call returned
  std::chrono::milliseconds delay{0};

 private:
  std::vector<Citizen> citizens_;
};

// Runs the upstream server on a free loopback port for the test's lifetime.
class Upstream {
 public:
  Upstream(FakeSource& source, const population::AuthConfig* auth) {
    options_.auth = auth;
    std::promise<std::string> ready;
    auto bound = ready.get_future();
    thread_ = std::thread([&, this] {
      // Enough I/O threads for the slow-handler test: each stalled attempt holds one.
      ServeOptions so{.listen = "127.0.0.1:0", .threads = 4};
      so.on_stop_handle = [this](std::function<void()> stop) { stop_ = std::move(stop); };
      (void)ServeWith(so, [&](const Request& r) { return HandleUpstream(source, options_, r); },
                      [&](const std::string& b) { ready.set_value(b); });
    });
    std::string b = bound.get();
    port = static_cast<unsigned short>(std::stoi(b.substr(b.rfind(':') + 1)));
  }
  ~Upstream() { Stop(); }
  void Stop() {
    if (thread_.joinable()) {
      while (!stop_) std::this_thread::yield();
      stop_();
      thread_.join();
    }
  }
  unsigned short port = 0;

 private:
  UpstreamOptions options_;
  std::function<void()> stop_;
  std::thread thread_;
};

population::ClientOptions Options(unsigned short port) {
  population::ClientOptions o;
  o.port = port;
  o.timeout = std::chrono::milliseconds(1000);
  o.retry_backoff = std::chrono::milliseconds(1);
  return o;
}

TEST(Upstream, LookupByCccdAndCmndRoundTripsTheWholeRecord) {
  FakeSource source;
  Upstream server(source, nullptr);
  population::SoapClient client(Options(server.port));
  auto by_cccd = client.Lookup(kCaller, {.id_number = "091090001234"});
  ASSERT_TRUE(by_cccd.has_value()) << by_cccd.error().message;
  ASSERT_EQ(by_cccd->size(), 1u);
  EXPECT_EQ((*by_cccd)[0], source.first());
  auto by_cmnd = client.Lookup(kCaller, {.cmnd = "371234567"});
  ASSERT_TRUE(by_cmnd.has_value());
  EXPECT_EQ(by_cmnd->size(), 1u);
  auto none = client.Lookup(kCaller, {.id_number = "091090009999"});
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());  // the contract's "not found": an empty collection
}

TEST(Upstream, TheCallerFieldsReachTheNationalServiceWithEveryCall) {
  // issue 11 item 2: MaYeuCau, MaDVC, MaTichHop, MaCanBo, MaDonVi, TaiKhoan, SoDienThoai.
  FakeSource source;
  Upstream server(source, nullptr);
  population::SoapClient client(Options(server.port));
  ASSERT_TRUE(client.Lookup(kCaller, {.id_number = "091090001234"}).has_value());
  EXPECT_EQ(source.last_caller, kCaller);
  population::Caller other = kCaller;
  other.request_id = "HS-0002";
  other.official = "091085000002";
  ASSERT_TRUE(client.Verify(other, "091090001234", "Nguyễn Văn An", {1990, 5, 17}).has_value());
  EXPECT_EQ(source.last_caller, other);
}

TEST(Upstream, VerifyAnswersMatchOrNot) {
  FakeSource source;
  Upstream server(source, nullptr);
  population::SoapClient client(Options(server.port));
  auto yes = client.Verify(kCaller, "091090001234", "Nguyễn Văn An", {1990, 5, 17});
  ASSERT_TRUE(yes.has_value()) << yes.error().message;
  EXPECT_TRUE(*yes);
  auto no = client.Verify(kCaller, "091090001234", "Nguyễn Văn Anh", {1990, 5, 17});
  ASSERT_TRUE(no.has_value());
  EXPECT_FALSE(*no);
}

TEST(Upstream, SignedRequestsPassAndWrongSecretsAreRefused) {
  FakeSource source;
  population::AuthConfig auth;
  auth.secrets["motcua-kg"] = "secret-of-the-one-stop-system";
  Upstream server(source, &auth);
  auto opts = Options(server.port);
  opts.client_id = "motcua-kg";
  opts.secret = "secret-of-the-one-stop-system";
  population::SoapClient good(opts);
  EXPECT_TRUE(good.Lookup(kCaller, {.id_number = "091090001234"}).has_value());
  opts.secret = "wrong-secret-wrong-secret";
  population::SoapClient bad(opts);
  auto refused = bad.Lookup(kCaller, {.id_number = "091090001234"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::Code::kPermissionDenied);
  opts.client_id.clear();
  population::SoapClient anonymous(opts);
  auto anon = anonymous.Lookup(kCaller, {.id_number = "091090001234"});
  ASSERT_FALSE(anon.has_value());
  EXPECT_EQ(anon.error().code, core::Code::kPermissionDenied);
}

TEST(Upstream, SlowServiceTimesOutAndLookupsAreRetriedABoundedNumberOfTimes) {
  FakeSource source;
  source.delay = std::chrono::milliseconds(400);
  Upstream server(source, nullptr);
  auto opts = Options(server.port);
  opts.timeout = std::chrono::milliseconds(100);
  opts.retries = 2;
  opts.breaker_failures = 100;
  population::SoapClient client(opts);
  auto r = client.Lookup(kCaller, {.id_number = "091090001234"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Code::kUnavailable);
  EXPECT_NE(r.error().message.find("không trả lời"), std::string::npos) << r.error().message;
  // Each attempt reached the handler (it counts before it stalls): 1 attempt + 2 retries.
  EXPECT_EQ(source.calls.load(), 3);
}

TEST(Upstream, BreakerOpensAfterConsecutiveFailuresAndFailsFast) {
  FakeSource source;
  unsigned short port = 0;
  {
    Upstream server(source, nullptr);
    port = server.port;
  }  // the service is gone: connections are refused
  auto opts = Options(port);
  opts.retries = 0;
  opts.breaker_failures = 3;
  opts.breaker_open = std::chrono::seconds(60);
  population::SoapClient client(opts);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(client.Lookup(kCaller, {.id_number = "091090001234"}).has_value());
  EXPECT_TRUE(client.breaker_open());
  auto fast = client.Lookup(kCaller, {.id_number = "091090001234"});
  ASSERT_FALSE(fast.has_value());
  EXPECT_NE(fast.error().message.find("tạm ngừng"), std::string::npos) << fast.error().message;
}

TEST(Upstream, MalformedAndHostileRequestsGetSoapFaults) {
  FakeSource source;
  UpstreamOptions opts;
  Request bad{.method = "POST", .path = "/", .query = {}, .headers = {}, .body = "<not-xml", .peer = "127.0.0.1"};
  Response r = HandleUpstream(source, opts, bad);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("Client"), std::string::npos);
  bad.body = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
             "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>&lol2;</soapenv:Body></soapenv:Envelope>";
  r = HandleUpstream(source, opts, bad);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(source.calls.load(), 0);
  Request get{.method = "GET", .path = "/", .query = {}, .headers = {}, .body = "", .peer = "127.0.0.1"};
  EXPECT_EQ(HandleUpstream(source, opts, get).status, 405);
}

}  // namespace
}  // namespace dancu::web
