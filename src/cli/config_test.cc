// The installation's configuration file (issue 11 item 6).
#include "cli/config.h"

#include <gtest/gtest.h>

namespace dancu::cli {
namespace {

constexpr std::string_view kGood = R"(
[installation]
province = "Kiên Giang"
db = "var/dancu.db"
secret_key_file = "/etc/dancu/dancu.secret"

[server]
listen = "127.0.0.1:8080"
behind_tls = true
trusted_proxies = ["127.0.0.1", "10.0.0.5"]

[upstream]
url = "https://csdl.dancu.example/ws/TraCuu"
ca_file = "ca.pem"
cert_file = "client.pem"
key_file = "client.key"
auth = "basic-hash"
client = "dancu-kg"
secret_file = "upstream.secret"
timeout_ms = 3000
requires_official_id = true

[gateway]
signature_window_seconds = 120
token_seconds = 600
)";

TEST(Config, AGoodFileSetsEverySettingWithPathsRelativeToItsDirectory) {
  // issue 11 item 6
  auto c = ParseConfig(kGood, "/etc/dancu");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->province, "Kiên Giang");
  EXPECT_EQ(c->db, "/etc/dancu/var/dancu.db");
  EXPECT_EQ(c->secret_key_file, "/etc/dancu/dancu.secret");
  EXPECT_EQ(c->behind_tls, true);
  EXPECT_EQ(c->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.5"}));
  EXPECT_EQ(c->upstream_url, "https://csdl.dancu.example/ws/TraCuu");
  EXPECT_EQ(c->upstream_ca, "/etc/dancu/ca.pem");
  EXPECT_EQ(c->upstream_key, "/etc/dancu/client.key");
  EXPECT_EQ(c->upstream_timeout_ms, 3000);
  EXPECT_EQ(c->requires_official_id, true);
  EXPECT_EQ(c->signature_window_seconds, 120);
  EXPECT_EQ(c->token_seconds, 600);
  EXPECT_FALSE(c->listen->empty());
}

// The first problem reported for `text` (field and message), or "" when it parses.
std::pair<std::string, std::string> Problem(std::string_view text) {
  auto c = ParseConfig(text, "/etc/dancu");
  if (c) return {"", ""};
  EXPECT_EQ(c.error().code, core::Code::kInvalidArgument);
  if (c.error().details.empty()) return {"", c.error().message};
  return {c.error().details[0].column, c.error().details[0].message};
}

TEST(Config, BadFilesAreRefusedNamingTheSettingAndItsLine) {
  // issue 11 item 6
  auto [f1, m1] = Problem("[upstream]\nurl = \"https://a.example/\"\ntimeout = 5\n");
  EXPECT_EQ(f1, "upstream.timeout");  // a typo (timeout_ms) must not pass silently
  EXPECT_NE(m1.find("dòng 3"), std::string::npos) << m1;
  auto [f2, m2] = Problem("[upstrem]\nurl = \"https://a.example/\"\n");
  EXPECT_EQ(f2, "upstrem");
  auto [f3, m3] = Problem("[server]\nbehind_tls = \"yes\"\n");
  EXPECT_EQ(f3, "server.behind_tls");
  EXPECT_NE(m3.find("true hoặc false"), std::string::npos) << m3;
  auto [f4, m4] = Problem("[gateway]\ntoken_seconds = 5\n");
  EXPECT_EQ(f4, "gateway.token_seconds");
  auto [f5, m5] = Problem("[upstream]\nurl = \"http://csdl.example/ws\"\n");  // plain http off-host
  EXPECT_EQ(f5, "upstream.url");
  auto [f6, m6] = Problem("[upstream]\nurl = \"https://a.example/\"\ncert_file = \"c.pem\"\n");
  EXPECT_EQ(f6, "upstream.cert_file");  // without key_file
  auto [f7, m7] = Problem("[server\nlisten = 1\n");
  EXPECT_NE(m7.find("dòng 1"), std::string::npos) << m7;  // TOML syntax, with its line
}

TEST(Config, SecretsInlineAreRefused) {
  // issue 11 item 6: "secrets only by file path, never inline".
  for (std::string_view text : {"[upstream]\nurl = \"https://a.example/\"\nsecret = \"abc\"\n",
                                "[installation]\npassword = \"x\"\n",
                                "[upstream]\nurl = \"https://a.example/\"\napi_key = \"dck_x\"\n"}) {
    auto [field, message] = Problem(text);
    EXPECT_FALSE(field.empty()) << text;
    EXPECT_NE(message.find("Không ghi bí mật trực tiếp"), std::string::npos) << message;
  }
}

TEST(Config, LoadChecksTheFilesItNames) {
  // issue 11 item 6
  auto missing = LoadConfig("/nonexistent/dancu.toml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::Code::kNotFound);
  // Not a regular file: refused at once, never read (attack finding 5: /dev/zero, a directory).
  for (const char* odd : {"/dev/zero", "/tmp"}) {
    auto r = LoadConfig(odd);
    ASSERT_FALSE(r.has_value()) << odd;
    EXPECT_NE(r.error().message.find("tệp thường"), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace dancu::cli
