// Tests of the upstream URL (upstream_url.h) and of the client's signing modes (soap_client.h).
#include "population/upstream_url.h"

#include <gtest/gtest.h>

#include "population/auth.h"
#include "population/soap_client.h"

namespace dancu::population {
namespace {

struct Good {
  const char* text;
  bool tls;
  const char* host;
  unsigned short port;
  const char* path;
};

TEST(UpstreamUrl, HttpsAnywhereHttpToLoopbackAndTheOldFormAreRead) {
  // issue 11 item 4: `--upstream http://127.0.0.1:8090/` was misread as host "http://127.0.0.1".
  const Good cases[] = {
      {"http://127.0.0.1:8090/", false, "127.0.0.1", 8090, "/"},
      {"https://dancu.bca.gov.vn/api/TraCuu", true, "dancu.bca.gov.vn", 443, "/api/TraCuu"},
      {"HTTPS://lgsp.kiengiang.gov.vn:8243/dancu/1.0?wsdl", true, "lgsp.kiengiang.gov.vn", 8243,
       "/dancu/1.0?wsdl"},
      {"https://[2001:db8::1]:8443/soap", true, "2001:db8::1", 8443, "/soap"},
      {"http://[::1]:9000", false, "::1", 9000, "/"},
      {"http://localhost/x", false, "localhost", 80, "/x"},
      {"http://127.8.9.10:1/", false, "127.8.9.10", 1, "/"},
      {"  https://10.0.0.5?a=1 ", true, "10.0.0.5", 443, "/?a=1"},
      {"127.0.0.1:8090", false, "127.0.0.1", 8090, "/"},  // the old HOST:PORT form
      {"localhost:8090", false, "localhost", 8090, "/"},
  };
  for (const auto& c : cases) {
    auto url = ParseUpstreamUrl(c.text);
    ASSERT_TRUE(url.has_value()) << c.text << ": " << url.error().message;
    EXPECT_EQ(url->tls, c.tls) << c.text;
    EXPECT_EQ(url->host, c.host) << c.text;
    EXPECT_EQ(url->port, c.port) << c.text;
    EXPECT_EQ(url->path, c.path) << c.text;
  }
  EXPECT_EQ(ParseUpstreamUrl("127.0.0.1:8090")->text, "http://127.0.0.1:8090/");
  EXPECT_EQ(ParseUpstreamUrl(" https://a.vn/x ")->text, "https://a.vn/x");
  EXPECT_EQ(ParseUpstreamUrl("http://[::1]:9000")->text, "http://[::1]:9000/");
  EXPECT_EQ(ParseUpstreamUrl("HTTPS://a.vn?wsdl")->text, "HTTPS://a.vn/?wsdl");
}

TEST(UpstreamUrl, MalformedOrClearTextToTheNetworkIsRefusedWithTheReason) {
  // issue 11 item 4: a malformed URL refused with a clear message; http:// only to loopback.
  const std::pair<const char*, const char*> cases[] = {
      {"", "trống"},
      {"ftp://127.0.0.1/", "giao thức \"ftp\""},
      {"http://10.0.0.5:8090/", "chỉ được dùng tới chính máy này"},
      {"10.0.0.5:8090", "chỉ được dùng tới chính máy này"},
      {"http://dancu.bca.gov.vn/", "hãy dùng https://"},
      {"http://[::ffff:10.0.0.1]/", "chỉ được dùng tới chính máy này"},
      {"https://:443/", "thiếu tên máy chủ"},
      {"https://a.vn:0/", "từ 1 đến 65535"},
      {"https://a.vn:65536/", "từ 1 đến 65535"},
      {"https://a.vn:84x3/", "từ 1 đến 65535"},
      {"https://a.vn:/", "thiếu số cổng"},
      {"https://2001:db8::1/", "ngoặc vuông"},
      {"https://[2001:db8::1/", "thiếu dấu ']'"},
      {"https://[2001:db8::zz]/", "không phải địa chỉ IPv6"},
      {"https://[::1]x/", "sau ']'"},
      {"https://user:pw@a.vn/", "không ghi tên đăng nhập"},
      {"https://a.vn/x#y", "'#"},
      {"https://a b.vn/", "không có khoảng trắng"},
      {"https://dân-cư.vn/", "ASCII"},
      {"https://-a.vn/", "không phải tên máy chủ"},
      {"https://a..vn/", "không phải tên máy chủ"},
      {"https://999.1.1.1/", "không phải tên máy chủ hay địa chỉ IPv4"},
      {"127.0.0.1", "cổng (HOST:PORT)"},
      {"127.0.0.1:8090/soap", "thiếu giao thức"},
  };
  for (const auto& [text, fragment] : cases) {
    auto url = ParseUpstreamUrl(text);
    ASSERT_FALSE(url.has_value()) << text;
    EXPECT_EQ(url.error().code, core::Code::kInvalidArgument) << text;
    EXPECT_NE(url.error().message.find(fragment), std::string::npos)
        << text << " → " << url.error().message;
  }
}

TEST(UpstreamUrl, LoopbackIsOnly127And1AndLocalhost) {
  // issue 11 item 4
  for (const char* h :
       {"127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "localhost", "LocalHost."}) {
    EXPECT_TRUE(IsLoopbackHost(h)) << h;
  }
  for (const char* h : {"128.0.0.1", "10.0.0.1", "::2", "localhost.example", "127.0.0.1.nip.io"}) {
    EXPECT_FALSE(IsLoopbackHost(h)) << h;
  }
}

TEST(UpstreamUrl, HostHeaderBracketsIpv6AndOmitsTheDefaultPort) {
  // issue 11 item 4
  EXPECT_EQ(ParseUpstreamUrl("https://a.vn/x")->HostHeader(), "a.vn");
  EXPECT_EQ(ParseUpstreamUrl("https://a.vn:8443/x")->HostHeader(), "a.vn:8443");
  EXPECT_EQ(ParseUpstreamUrl("http://[::1]:8090/")->HostHeader(), "[::1]:8090");
  EXPECT_TRUE(ParseUpstreamUrl("http://[::1]:8090/")->host_is_ip());
  EXPECT_FALSE(ParseUpstreamUrl("https://a.vn/")->host_is_ip());
}

constexpr std::int64_t kNowMs = 1'767'225'600'123;  // fixed clock

ClientOptions Signed(Signing signing) {
  ClientOptions o;
  SetUpstream(o, *ParseUpstreamUrl("https://lgsp.kiengiang.gov.vn:8243/dancu/1.0"));
  o.signing = signing;
  o.client_id = "motcua-kg";
  o.secret = "khoa-bi-mat-cua-he-thong";
  return o;
}

TEST(SoapClientSigning, BasicHashSignsTheConfiguredUrlAndTheServiceAcceptsIt) {
  // issue 11 item 1: SoapClient can sign with the timestamped hash of deployed clients.
  ClientOptions o = Signed(Signing::kBasicHash);
  auto headers = AuthHeaders(o, "<body/>", kNowMs);
  ASSERT_EQ(headers.count("Timestamp"), 1u);
  EXPECT_EQ(headers["Timestamp"], "1767225600123");
  EXPECT_EQ(headers.count("X-Dancu-Signature"), 0u);
  auto claim = ReadBasicHash(headers);
  ASSERT_TRUE(claim.has_value()) << claim.error().message;
  EXPECT_EQ(claim->user, "motcua-kg");
  EXPECT_TRUE(CheckBasicHash(*claim, "https://lgsp.kiengiang.gov.vn:8243/dancu/1.0", o.secret,
                             kNowMs, 300));
  EXPECT_FALSE(CheckBasicHash(*claim, "https://other.vn/dancu/1.0", o.secret, kNowMs, 300));
  o.signed_url = "https://lgsp.kiengiang.gov.vn/dancu/1.0";  // what the platform says clients sign
  auto claim2 = ReadBasicHash(AuthHeaders(o, "<body/>", kNowMs));
  ASSERT_TRUE(claim2.has_value());
  EXPECT_TRUE(
      CheckBasicHash(*claim2, "https://lgsp.kiengiang.gov.vn/dancu/1.0", o.secret, kNowMs, 300));
  o.signed_url.clear();  // empty: the URL called
  auto claim3 = ReadBasicHash(AuthHeaders(o, "<body/>", kNowMs));
  ASSERT_TRUE(claim3.has_value());
  EXPECT_TRUE(CheckBasicHash(*claim3, "https://lgsp.kiengiang.gov.vn:8243/dancu/1.0", o.secret,
                             kNowMs, 300));
}

TEST(SoapClientSigning, DancuSignsXDancuHeadersAndNoneSignsNothing) {
  // issue 11 item 1: either scheme, or none.
  ClientOptions o = Signed(Signing::kDancu);
  auto headers = AuthHeaders(o, "<body/>", kNowMs);
  EXPECT_EQ(headers.count("Authorization"), 0u);
  AuthConfig cfg;
  cfg.secrets["motcua-kg"] = o.secret;
  auto who = CheckRequest(cfg, headers, "POST", "/dancu/1.0", "<body/>", kNowMs / 1000);
  ASSERT_TRUE(who.has_value()) << who.error().message;
  EXPECT_EQ(*who, "motcua-kg");
  EXPECT_TRUE(AuthHeaders(Signed(Signing::kNone), "<body/>", kNowMs).empty());
  o.client_id.clear();
  EXPECT_TRUE(AuthHeaders(o, "<body/>", kNowMs).empty());
}

TEST(SoapClientSigning, SigningNamesAreNoneDancuAndBasicHash) {
  // issue 11 item 1
  EXPECT_EQ(*ParseSigning("none"), Signing::kNone);
  EXPECT_EQ(*ParseSigning("dancu"), Signing::kDancu);
  EXPECT_EQ(*ParseSigning("basic-hash"), Signing::kBasicHash);
  auto bad = ParseSigning("hmac");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("basic-hash"), std::string::npos);
}

TEST(SoapClientTls, MissingOrMismatchedFilesAreRefusedWhenTheClientOpens) {
  // issue 11 item 4: a TLS file that cannot be used is said at start, naming the option.
  ClientOptions o;
  SetUpstream(o, *ParseUpstreamUrl("https://127.0.0.1:1/"));
  o.ca_file = "/nonexistent/ca.pem";
  auto c = SoapClient::Open(o);
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("--upstream-ca /nonexistent/ca.pem"), std::string::npos)
      << c.error().message;
  o.ca_file.clear();
  o.cert_file = "/etc/hostname";
  auto only_cert = SoapClient::Open(o);
  ASSERT_FALSE(only_cert.has_value());
  EXPECT_NE(only_cert.error().message.find("cả --upstream-cert"), std::string::npos);
  o.key_file = "/etc/hostname";
  auto not_pem = SoapClient::Open(o);
  ASSERT_FALSE(not_pem.has_value());
  EXPECT_NE(not_pem.error().message.find("PEM"), std::string::npos) << not_pem.error().message;
  // The constructor keeps the error and answers every call with it.
  SoapClient direct(o);
  auto r = direct.Lookup({}, {.id_number = "091090001234"});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("PEM"), std::string::npos);
}

}  // namespace
}  // namespace dancu::population
