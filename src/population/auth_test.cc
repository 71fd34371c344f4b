// Tests of the signed-request authentication in auth.h.
#include "population/auth.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <string>

namespace dancu::population {
namespace {

constexpr std::int64_t kNow = 1'767'225'600;  // 2026-01-01 00:00:00 UTC, fixed: no clock
constexpr std::string_view kClient = "gw-kiengiang";
constexpr std::string_view kSecret = "khoá-bí-mật";
constexpr std::string_view kPath = "/dancu/soap";
constexpr std::string_view kBody = "<soapenv:Envelope>…</soapenv:Envelope>";

AuthConfig Config() {
  AuthConfig c;
  c.secrets[std::string(kClient)] = std::string(kSecret);
  c.secrets["other-client"] = "another secret";
  return c;
}

std::map<std::string, std::string> Signed(std::int64_t at = kNow) {
  return SignRequest(kClient, kSecret, "POST", kPath, kBody, at);
}

std::map<std::string, std::string> LowerCased(const std::map<std::string, std::string>& h) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : h) {
    std::string name = k;
    for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    out[name] = v;
  }
  return out;
}

// Expects a permission_denied error whose message contains `fragment`.
void ExpectDenied(const core::Result<std::string>& r, std::string_view fragment) {
  ASSERT_FALSE(r.has_value()) << "accepted as " << *r;
  EXPECT_EQ(r.error().code, core::Code::kPermissionDenied);
  EXPECT_NE(r.error().message.find(fragment), std::string::npos)
      << "message: " << r.error().message << "\nwanted: " << fragment;
}

TEST(Auth, SignatureMatchesAnIndependentHmacSha256) {
  // Computed with Python's hmac and hashlib over the documented string to sign, so that a
  // client written in another language can interoperate.
  const auto h = SignRequest(kClient, kSecret, "POST", kPath, "<x/>", kNow);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h.at("X-Dancu-Client"), "gw-kiengiang");
  EXPECT_EQ(h.at("X-Dancu-Timestamp"), "1767225600");
  EXPECT_EQ(h.at("X-Dancu-Signature"),
            "24ba9b47d5b3c1c3c6de66766f934f755fed8e64c77203672898ecd167262601");
  EXPECT_EQ(StringToSign(kClient, "1767225600", "POST", kPath, "<x/>"),
            "gw-kiengiang\n1767225600\nPOST\n/dancu/soap\n"
            "2a31f44da4bd7decbbd3ddfd1a37ae04d02ec665e2c2688816ccc65631586ed1");
}

TEST(Auth, ValidSignatureIsAcceptedWithHeaderNamesInAnyCase) {
  auto r = CheckRequest(Config(), Signed(), "POST", kPath, kBody, kNow);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, kClient);
  auto lower = CheckRequest(Config(), LowerCased(Signed()), "POST", kPath, kBody, kNow);
  ASSERT_TRUE(lower.has_value()) << lower.error().message;
  EXPECT_EQ(*lower, kClient);
}

TEST(Auth, UpperCaseHexSignatureIsAccepted) {
  auto h = Signed();
  for (char& c : h["X-Dancu-Signature"]) c = char(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(CheckRequest(Config(), h, "POST", kPath, kBody, kNow).has_value());
}

TEST(Auth, EachMissingHeaderIsRefusedByName) {
  for (const std::string name : {"X-Dancu-Client", "X-Dancu-Timestamp", "X-Dancu-Signature"}) {
    SCOPED_TRACE(name);
    auto h = Signed();
    h.erase(name);
    ExpectDenied(CheckRequest(Config(), h, "POST", kPath, kBody, kNow), "Thiếu tiêu đề " + name);
    h[name] = "";
    ExpectDenied(CheckRequest(Config(), h, "POST", kPath, kBody, kNow), "Thiếu tiêu đề " + name);
  }
  ExpectDenied(CheckRequest(Config(), {}, "POST", kPath, kBody, kNow), "Thiếu tiêu đề");
}

TEST(Auth, UnknownClientIsRefused) {
  auto h = SignRequest("stranger", kSecret, "POST", kPath, kBody, kNow);
  ExpectDenied(CheckRequest(Config(), h, "POST", kPath, kBody, kNow),
               "\"stranger\" chưa được đăng ký");
}

TEST(Auth, ClientWithEmptySecretIsRefused) {
  // An empty key would let anyone compute the HMAC.
  AuthConfig c = Config();
  c.secrets["open-door"] = "";
  auto h = SignRequest("open-door", "", "POST", kPath, kBody, kNow);
  ExpectDenied(CheckRequest(c, h, "POST", kPath, kBody, kNow), "chưa được đăng ký");
}

TEST(Auth, MalformedClientIdIsRefusedWithoutEchoingIt) {
  auto h = Signed();
  h["X-Dancu-Client"] = "gw\nkiengiang";
  auto r = CheckRequest(Config(), h, "POST", kPath, kBody, kNow);
  ExpectDenied(r, "X-Dancu-Client không hợp lệ");
  EXPECT_EQ(r.error().message.find("gw\n"), std::string::npos);
}

TEST(Auth, TamperedRequestIsRefused) {
  struct Case {
    std::string_view what, method, path, body;
  };
  const Case cases[] = {
      {"body", "POST", kPath, "<soapenv:Envelope>…</soapenv:Envelope> "},
      {"path", "POST", "/dancu/soap?x=1", kBody},
      {"method", "PUT", kPath, kBody},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ExpectDenied(CheckRequest(Config(), Signed(), c.method, c.path, c.body, kNow),
                 "Chữ ký X-Dancu-Signature không đúng");
  }
}

TEST(Auth, ChangedTimestampOrForeignSecretBreaksTheSignature) {
  auto h = Signed();
  h["X-Dancu-Timestamp"] = std::to_string(kNow + 1);
  ExpectDenied(CheckRequest(Config(), h, "POST", kPath, kBody, kNow), "không đúng");
  auto forged = SignRequest(kClient, "another secret", "POST", kPath, kBody, kNow);
  ExpectDenied(CheckRequest(Config(), forged, "POST", kPath, kBody, kNow), "không đúng");
}

TEST(Auth, MalformedSignatureOrTimestampIsRefused) {
  auto h = Signed();
  h["X-Dancu-Signature"] = std::string(64, 'z');
  ExpectDenied(CheckRequest(Config(), h, "POST", kPath, kBody, kNow), "64 chữ số hex");
  h = Signed();
  h["X-Dancu-Signature"].pop_back();
  ExpectDenied(CheckRequest(Config(), h, "POST", kPath, kBody, kNow), "64 chữ số hex");
  for (const char* ts : {"-1767225600", "1767225600.5", "1767225600000000", "abc"}) {
    SCOPED_TRACE(ts);
    h = Signed();
    h["X-Dancu-Timestamp"] = ts;
    ExpectDenied(CheckRequest(Config(), h, "POST", kPath, kBody, kNow), "chỉ gồm chữ số");
  }
}

TEST(Auth, StaleTimestampIsRefused) {
  ExpectDenied(CheckRequest(Config(), Signed(kNow - 301), "POST", kPath, kBody, kNow),
               "quá hạn");
  // At the limit it is still accepted.
  EXPECT_TRUE(CheckRequest(Config(), Signed(kNow - 300), "POST", kPath, kBody, kNow).has_value());
}

TEST(Auth, FutureTimestampIsRefused) {
  ExpectDenied(CheckRequest(Config(), Signed(kNow + 301), "POST", kPath, kBody, kNow),
               "ở tương lai 301 giây");
  EXPECT_TRUE(CheckRequest(Config(), Signed(kNow + 300), "POST", kPath, kBody, kNow).has_value());
}

TEST(Auth, SkewIsConfigurable) {
  AuthConfig c = Config();
  c.max_skew_seconds = 5;
  ExpectDenied(CheckRequest(c, Signed(kNow - 6), "POST", kPath, kBody, kNow), "tối đa 5 giây");
  EXPECT_TRUE(CheckRequest(c, Signed(kNow - 5), "POST", kPath, kBody, kNow).has_value());
  c.max_skew_seconds = 3600;
  EXPECT_TRUE(CheckRequest(c, Signed(kNow - 3000), "POST", kPath, kBody, kNow).has_value());
}

// --- The timestamped hash of deployed clients (issue 11 item 1) ---

constexpr std::string_view kUrl = "https://dancu.example/soap";
constexpr std::int64_t kNowMs = 1700000000000;

std::map<std::string, std::string> HashHeaders(std::string_view secret, std::int64_t at_ms) {
  return SignBasicHash(kUrl, "motcua", secret, at_ms);
}

TEST(BasicHashAuth, MatchesTheClientsFormulaComputedIndependently) {
  // issue 11 item 1: values computed with Python's hashlib and base64, as a client computes them.
  auto h = HashHeaders("s3cr3t", kNowMs);
  EXPECT_EQ(h["Timestamp"], "1700000000000");
  EXPECT_EQ(h["Authorization"],
            "Basic bW90Y3VhOjAxNGVjYjkxYjc4YmNmZWEyYzMwZGJhN2I5YTJmMDMxYTU0MzkzMGRmNGQ1NmVhZDE3Y2VjZTBkNDFhNDg1OGY=");
  auto claim = ReadBasicHash(h);
  ASSERT_TRUE(claim.has_value()) << claim.error().message;
  EXPECT_EQ(claim->user, "motcua");
  EXPECT_EQ(claim->hash, "014ecb91b78bcfea2c30dba7b9a2f031a543930df4d56ead17cece0d41a4858f");
  EXPECT_TRUE(CheckBasicHash(*claim, kUrl, "s3cr3t", kNowMs + 1000, 300).has_value());
}

TEST(BasicHashAuth, WrongSecretWrongUrlStaleAndFutureAreRefused) {
  // issue 11 item 1
  auto claim = ReadBasicHash(HashHeaders("s3cr3t", kNowMs));
  ASSERT_TRUE(claim.has_value());
  auto wrong = CheckBasicHash(*claim, kUrl, "other", kNowMs, 300);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, core::Code::kUnauthenticated);
  EXPECT_NE(wrong.error().message.find("không đúng"), std::string::npos);
  EXPECT_FALSE(CheckBasicHash(*claim, "https://khac.example/soap", "s3cr3t", kNowMs, 300).has_value());
  auto stale = CheckBasicHash(*claim, kUrl, "s3cr3t", kNowMs + 301'000, 300);
  ASSERT_FALSE(stale.has_value());
  EXPECT_NE(stale.error().message.find("quá hạn"), std::string::npos);
  auto future = CheckBasicHash(*claim, kUrl, "s3cr3t", kNowMs - 301'000, 300);
  ASSERT_FALSE(future.has_value());
  EXPECT_NE(future.error().message.find("tương lai"), std::string::npos);
  EXPECT_TRUE(CheckBasicHash(*claim, kUrl, "s3cr3t", kNowMs + 300'000, 300).has_value());
}

TEST(BasicHashAuth, MalformedHeadersAreRefusedAndOtherSchemesAreNotFound) {
  // issue 11 item 1
  auto none = ReadBasicHash({{"ApiKey", "x"}});
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, core::Code::kNotFound);
  EXPECT_EQ(ReadBasicHash({{"authorization", "Bearer abc"}}).error().code, core::Code::kNotFound);
  for (const auto& bad : {std::map<std::string, std::string>{{"Authorization", "Basic !!!"}, {"Timestamp", "1"}},
                          {{"Authorization", "Basic bW90Y3Vh"}, {"Timestamp", "1"}},  // "motcua", no ':'
                          {{"Authorization", "Basic bW90Y3VhOjEyMw=="}, {"Timestamp", "1"}}}) {  // short hash
    auto r = ReadBasicHash(bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, core::Code::kUnauthenticated);
  }
  auto h = HashHeaders("s3cr3t", kNowMs);
  h["Timestamp"] = "17e11";
  EXPECT_EQ(ReadBasicHash(h).error().code, core::Code::kUnauthenticated);
  h.erase("Timestamp");
  EXPECT_EQ(ReadBasicHash(h).error().code, core::Code::kUnauthenticated);
}

TEST(BasicHashAuth, AnExactRepeatInsideTheWindowIsAReplay) {
  // issue 11 item 1
  ReplayGuard guard(3);
  auto first = ReadBasicHash(HashHeaders("s3cr3t", kNowMs));
  ASSERT_TRUE(guard.FirstUse(*first, kNowMs, 300).has_value());
  auto again = guard.FirstUse(*first, kNowMs + 10, 300);
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("gửi lại"), std::string::npos);
  auto next = ReadBasicHash(HashHeaders("s3cr3t", kNowMs + 1));
  EXPECT_TRUE(guard.FirstUse(*next, kNowMs + 10, 300).has_value());
  // Full of fresh entries: refused as busy rather than forgetting one (a replay could pass).
  EXPECT_TRUE(guard.FirstUse(*ReadBasicHash(HashHeaders("s3cr3t", kNowMs + 2)), kNowMs + 10, 300).has_value());
  auto full = guard.FirstUse(*ReadBasicHash(HashHeaders("s3cr3t", kNowMs + 3)), kNowMs + 10, 300);
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().code, core::Code::kUnavailable);
  // Another user is not locked out by this one's flood (attack finding 4).
  auto other = ReadBasicHash(SignBasicHash(kUrl, "khac", "s3cr3t", kNowMs + 3));
  ASSERT_TRUE(other.has_value());
  EXPECT_TRUE(guard.FirstUse(*other, kNowMs + 10, 300).has_value());
  // Once the old entries are out of the window they make room.
  EXPECT_TRUE(guard.FirstUse(*ReadBasicHash(HashHeaders("s3cr3t", kNowMs + 400'000)), kNowMs + 400'000, 300).has_value());
}

}  // namespace
}  // namespace dancu::population
