// Tests of `GET …?wsdl` (web/wsdl_route.h): the Host header check, the endpoint address, and the
// reference service answering the WSDL without authentication.
#include "web/wsdl_route.h"

#include <gtest/gtest.h>

#include <string>

#include "population/auth.h"
#include "web/soap_upstream.h"

namespace dancu::web {
namespace {

TEST(WsdlRoute, HostHeaderMustBeHostAndPortOnly) {
  // issue 11 item 5: the WSDL's address comes from the Host header, never echoed unchecked.
  for (const char* good : {"localhost", "127.0.0.1:8090", "dancu.kiengiang.gov.vn",
                           "dancu.example.vn:443", "[::1]:8080", "[2001:db8::1]"}) {
    EXPECT_TRUE(IsHostPort(good)) << good;
  }
  for (const char* bad : {"", ":8080", "host:", "host:123456", "host:80x", "a b", "host/path",
                          "evil\"><x", "user@host", "[::1", "[]", "[::g]", "host:80:90"}) {
    EXPECT_FALSE(IsHostPort(bad)) << bad;
  }
  EXPECT_FALSE(IsHostPort(std::string(256, 'a')));
}

TEST(WsdlRoute, EndpointFromHostWithHttpsBehindTlsElseTheListenAddress) {
  // issue 11 item 5
  Request r{.method = "GET",
            .path = "/soap",
            .query = {{"wsdl", ""}},
            .headers = {{"host", "dancu.example.vn"}}};
  EXPECT_TRUE(IsWsdlRequest(r));
  EXPECT_EQ(EndpointUrl(r, true, "127.0.0.1:8080"), "https://dancu.example.vn/soap");
  EXPECT_EQ(EndpointUrl(r, false, "127.0.0.1:8080"), "http://dancu.example.vn/soap");
  r.headers["host"] = "evil.example/<x>";
  EXPECT_EQ(EndpointUrl(r, false, "127.0.0.1:8080"), "http://127.0.0.1:8080/soap");
  r.headers.clear();
  EXPECT_EQ(EndpointUrl(r, false, "127.0.0.1:8080"), "http://127.0.0.1:8080/soap");
  r.query.clear();
  EXPECT_FALSE(IsWsdlRequest(r));
}

class NoCitizens : public population::CitizenSource {
 public:
  core::Result<std::vector<population::Citizen>> Lookup(const population::Caller&,
                                                        const population::Query&) override {
    return std::vector<population::Citizen>{};
  }
  core::Result<bool> Verify(const population::Caller&, const std::string&, const std::string&,
                            const population::BirthDate&) override {
    return false;
  }
};

TEST(WsdlRoute, ReferenceServiceAnswersTheWsdlWithoutCredentials) {
  // issue 11 item 5: GET ?wsdl on `population serve` is public metadata, even with --clients.
  NoCitizens source;
  population::AuthConfig auth;
  UpstreamOptions options;
  options.auth = &auth;
  options.listen = "127.0.0.1:8090";
  Request r{.method = "GET",
            .path = "/",
            .query = {{"wsdl", ""}},
            .headers = {{"host", "127.0.0.1:18090"}}};
  const Response wsdl = HandleUpstream(source, options, r);
  EXPECT_EQ(wsdl.status, 200);
  EXPECT_EQ(wsdl.content_type, "text/xml; charset=utf-8");
  EXPECT_NE(wsdl.body.find("<soap:address location=\"http://127.0.0.1:18090/\"/>"),
            std::string::npos);
  r.query.clear();
  EXPECT_EQ(HandleUpstream(source, options, r).status, 405);  // a plain GET is still refused
}

}  // namespace
}  // namespace dancu::web
