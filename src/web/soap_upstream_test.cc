// The reference national service's authentication: the timestamped hash of deployed clients
// beside dancu's X-Dancu-* HMAC, the configured signed URL, the replay guard, the record hook.
#include "web/soap_upstream.h"

#include <gtest/gtest.h>

#include <cctype>
#include <future>
#include <thread>

#include "population/soap_client.h"
#include "web/server.h"

namespace dancu::web {
namespace {

constexpr std::int64_t kNowMs = 1'767'225'600'000;  // fixed clock
constexpr const char* kUrl = "https://lgsp.kiengiang.gov.vn/dancu/1.0";

class OneCitizen : public population::CitizenSource {
 public:
  core::Result<std::vector<population::Citizen>> Lookup(const population::Caller&,
                                                        const population::Query& q) override {
    population::Citizen c;
    c.id_number = q.id_number;
    c.family_name = "Nguyễn";
    c.given_name = "An";
    c.birth = {1990, 5, 17};
    return std::vector<population::Citizen>{c};
  }
  core::Result<bool> Verify(const population::Caller&, const std::string&, const std::string&,
                            const population::BirthDate&) override {
    return true;
  }
};

population::AuthConfig Clients() {
  population::AuthConfig a;
  a.secrets["motcua-kg"] = "khoa-bi-mat-cua-mot-cua";
  a.max_skew_seconds = 300;
  return a;
}

population::ClientOptions Signer(population::Signing signing,
                                 std::string secret = "khoa-bi-mat-cua-mot-cua") {
  population::ClientOptions o;
  o.signing = signing;
  o.client_id = "motcua-kg";
  o.secret = std::move(secret);
  o.signed_url = kUrl;
  o.path = "/dancu/1.0";
  return o;
}

std::string Body() {
  population::SoapRequest r;
  r.operation = std::string(population::kOpTraCuu);
  r.request_id = "HS-1";
  r.official = "091085000001";
  r.query.id_number = "091090001234";
  return population::BuildRequest(r);
}

// A request as the server hands it to the handler: header names lower-cased.
Request Signed(const population::ClientOptions& signer, std::int64_t at = kNowMs) {
  Request r{.method = "POST",
            .path = "/dancu/1.0",
            .query = {},
            .headers = {},
            .body = Body(),
            .peer = "127.0.0.1",
            .principal = {}};
  for (const auto& [name, v] : population::AuthHeaders(signer, r.body, at)) {
    std::string k = name;
    for (char& c : k) c = char(std::tolower(static_cast<unsigned char>(c)));
    r.headers[k] = v;
  }
  r.headers["host"] = "10.0.0.9:8090";  // behind a proxy: not the URL the client signed
  return r;
}

struct Service {
  population::AuthConfig auth = Clients();
  UpstreamOptions options;
  OneCitizen source;
  std::vector<Authenticated> seen;
  explicit Service(UpstreamAuth scheme) {
    options.auth = &auth;
    options.scheme = scheme;
    options.signed_url = kUrl;
    options.now_ms = [] { return kNowMs; };
    options.on_request = [this](const population::SoapRequest&, const Authenticated& a) {
      seen.push_back(a);
    };
  }
  Response Call(const Request& r) { return HandleUpstream(source, options, r); }
};

TEST(UpstreamAuth, TimestampedHashRightSecretAcceptedWrongSecretStaleAndReplayRefused) {
  // issue 11 item 1: `population serve` accepts the timestamped hash of deployed clients.
  Service svc(UpstreamAuth::kBoth);
  auto good = Signed(Signer(population::Signing::kBasicHash));
  Response ok = svc.Call(good);
  EXPECT_EQ(ok.status, 200) << ok.body;
  ASSERT_EQ(svc.seen.size(), 1u);
  EXPECT_EQ(svc.seen[0].scheme, "basic-hash");
  EXPECT_EQ(svc.seen[0].client, "motcua-kg");
  Response replay = svc.Call(good);
  EXPECT_EQ(replay.status, 401);
  EXPECT_NE(replay.body.find("gửi lại"), std::string::npos) << replay.body;
  Response wrong = svc.Call(
      Signed(Signer(population::Signing::kBasicHash, "khoa-sai-khoa-sai-khoa"), kNowMs + 1));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("không đúng"), std::string::npos) << wrong.body;
  Response stale = svc.Call(Signed(Signer(population::Signing::kBasicHash), kNowMs - 301'000));
  EXPECT_EQ(stale.status, 401);
  EXPECT_NE(stale.body.find("quá hạn"), std::string::npos) << stale.body;
  EXPECT_EQ(svc.seen.size(), 1u);  // refused requests are not recorded
}

TEST(UpstreamAuth, TheSignedUrlIsConfiguredElseTheHostHeaderAndPath) {
  // issue 11 item 1: behind a proxy the service cannot see the URL the client signed.
  Service svc(UpstreamAuth::kBasicHash);
  svc.options.signed_url = "https://another.example/dancu/1.0";
  EXPECT_EQ(svc.Call(Signed(Signer(population::Signing::kBasicHash))).status, 401);
  svc.options.signed_url.clear();
  auto signer = Signer(population::Signing::kBasicHash);
  signer.signed_url = "http://10.0.0.9:8090/dancu/1.0";
  EXPECT_EQ(svc.Call(Signed(signer)).status, 200);
}

TEST(UpstreamAuth, EachSchemeOptionAcceptsOnlyItsSignatures) {
  // issue 11 item 1: keep X-Dancu-* as an option.
  auto hash = Signed(Signer(population::Signing::kBasicHash));
  auto dancu = Signed(Signer(population::Signing::kDancu));
  Service only_dancu(UpstreamAuth::kDancu);
  EXPECT_EQ(only_dancu.Call(dancu).status, 200);
  EXPECT_EQ(only_dancu.Call(hash).status, 401);
  Service only_hash(UpstreamAuth::kBasicHash);
  EXPECT_EQ(only_hash.Call(hash).status, 200);
  Response refused = only_hash.Call(dancu);
  EXPECT_EQ(refused.status, 401);
  EXPECT_NE(refused.body.find("Authorization: Basic"), std::string::npos) << refused.body;
  Service both(UpstreamAuth::kBoth);
  EXPECT_EQ(both.Call(dancu).status, 200);
  EXPECT_EQ(both.Call(hash).status, 200);
  ASSERT_EQ(both.seen.size(), 2u);
  EXPECT_EQ(both.seen[0].scheme, "dancu");
  EXPECT_EQ(both.seen[1].scheme, "basic-hash");
  auto unsigned_request = dancu;
  unsigned_request.headers.clear();
  EXPECT_EQ(both.Call(unsigned_request).status, 401);
}

TEST(UpstreamAuth, SoapClientSigningWithTheHashIsAcceptedOverLoopback) {
  // issue 11 item 1: SoapClient and `population serve` agree on the timestamped hash.
  population::AuthConfig auth = Clients();
  OneCitizen source;
  UpstreamOptions options;
  options.auth = &auth;
  options.scheme = UpstreamAuth::kBasicHash;
  std::atomic<int64_t> pinned{0};  // when set, the service's clock stands still there
  options.now_ms = [&pinned] {
    int64_t p = pinned.load();
    return p ? p : int64_t(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count());
  };
  std::function<void()> stop;
  std::promise<std::string> ready;
  std::thread server([&] {
    ServeOptions so{.listen = "127.0.0.1:0", .threads = 1};
    so.on_stop_handle = [&](std::function<void()> s) { stop = std::move(s); };
    (void)ServeWith(
        so, [&](const Request& r) { return HandleUpstream(source, options, r); },
        [&](const std::string& b) { ready.set_value(b); });
  });
  std::string bound = ready.get_future().get();
  auto url = population::ParseUpstreamUrl("http://" + bound + "/dancu/1.0");
  ASSERT_TRUE(url.has_value());
  auto o = Signer(population::Signing::kBasicHash);
  population::SetUpstream(o, *url);  // signs the URL it calls, as the service rebuilds it
  population::SoapClient client(o);
  auto found = client.Lookup({.request_id = "HS-1"}, {.id_number = "091090001234"});
  EXPECT_TRUE(found.has_value()) << found.error().message;
  {
    // Attack finding 3: with a clock that never moves, every request in one millisecond was
    // signed alike and refused as a replay. The client's timestamps never repeat.
    auto frozen = o;
    frozen.now_ms = [] { return int64_t(4'000'000'000'000); };
    pinned = 4'000'000'000'000;
    population::SoapClient burst(frozen);
    std::vector<std::thread> callers;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i) {
      callers.emplace_back([&] {
        if (burst.Lookup({.request_id = "HS-B"}, {.id_number = "091090001234"})) ++ok;
      });
    }
    for (auto& t : callers) t.join();
    EXPECT_EQ(ok.load(), 8);
    pinned = 0;
  }
  o.secret = "khoa-sai-khoa-sai-khoa";
  population::SoapClient wrong(o);
  auto refused = wrong.Lookup({.request_id = "HS-2"}, {.id_number = "091090001234"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::Code::kPermissionDenied);
  while (!stop) std::this_thread::yield();
  stop();
  server.join();
}

}  // namespace
}  // namespace dancu::web
