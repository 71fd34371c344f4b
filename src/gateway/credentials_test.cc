// Credentials as deployed clients send them (issue 11 item 1) and the official's identity sent
// upstream (item 2), through the whole pipeline.

#include "gateway/gateway_test_fixture.h"

namespace dancu::gateway {
namespace {

constexpr std::string_view kSignedUrl = "https://dancu.kiengiang.gov.vn/soap";

class CredentialsTest : public GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    auto secret = IssueSigningSecret(*registry_, system_.system.id, std::string(kSignedUrl), key_, kActor);
    ASSERT_TRUE(secret.has_value()) << secret.error().message;
    secret_ = *secret;
    GatewayOptions o;
    o.secret_key = key_;
    o.credentials.now_ms = [this] { return now_ms_.load(); };
    StartGateway(o);
  }

  // A lookup signed the way a deployed client signs it, at `at_ms`.
  LookupInput Signed(std::string_view secret, int64_t at_ms) {
    LookupInput in = Input(kMain);
    in.credentials.api_key.clear();
    auto claim = population::ReadBasicHash(
        population::SignBasicHash(kSignedUrl, system_.system.key_id, secret, at_ms));
    EXPECT_TRUE(claim.has_value());
    if (claim) in.credentials.basic_hash = *claim;
    return in;
  }

  core::Result<AccessToken> Token(Credentials c) {
    std::promise<core::Result<AccessToken>> p;
    auto f = p.get_future();
    gateway_->IssueToken(std::move(c), "127.0.0.1", [&p](core::Result<AccessToken> t) { p.set_value(std::move(t)); });
    EXPECT_EQ(f.wait_for(kTimeout), std::future_status::ready);
    return f.get();
  }

  LookupInput WithBearer(const std::string& token) {
    LookupInput in = Input(kMain);
    in.credentials.api_key.clear();
    in.credentials.bearer = token;
    return in;
  }

  core::SecretKey key_ = core::SecretKey::Random();
  std::string secret_;
  std::atomic<int64_t> now_ms_{1'700'000'000'000};
};

TEST_F(CredentialsTest, TimestampedHashWithTheRightSecretIsAccepted) {
  // issue 11 item 1
  auto out = Call(Signed(secret_, now_ms_ - 2000));
  EXPECT_TRUE(out.allowed) << out.reason_code << ": " << out.error.message;
}

TEST_F(CredentialsTest, WrongSecretStaleTimestampAndReplayAreRefused) {
  // issue 11 item 1
  ExpectRefused(Call(Signed(std::string(64, 'a'), now_ms_)), kMain, "system_credential", core::Code::kUnauthenticated);
  ExpectRefused(Call(Signed(secret_, now_ms_ - 301'000)), kMain, "system_credential", core::Code::kUnauthenticated);
  ExpectRefused(Call(Signed(secret_, now_ms_ + 301'000)), kMain, "system_credential", core::Code::kUnauthenticated);
  LookupInput once = Signed(secret_, now_ms_ - 1);
  ASSERT_TRUE(Call(once).allowed);
  auto replay = Call(once);
  ExpectRefused(replay, kMain, "system_credential", core::Code::kUnauthenticated);
  EXPECT_NE(replay.error.message.find("gửi lại"), std::string::npos) << replay.error.message;
  EXPECT_EQ(source_.calls, 1);
}

TEST_F(CredentialsTest, ANewSigningSecretReplacesTheOldOne) {
  // issue 11 item 1: a re-issued secret (dancu system sign) ends the old one.
  auto fresh = IssueSigningSecret(*registry_, system_.system.id, std::string(kSignedUrl), key_, kActor);
  ASSERT_TRUE(fresh.has_value());
  gateway_->Invalidate();
  ExpectRefused(Call(Signed(secret_, now_ms_)), kMain, "system_credential", core::Code::kUnauthenticated);
  EXPECT_TRUE(Call(Signed(*fresh, now_ms_ + 1)).allowed);
}

TEST_F(CredentialsTest, ApiKeyBesideTheHashMustBeTheSameSystems) {
  // issue 11 item 1: deployed clients send ApiKey and the hash together.
  LookupInput both = Signed(secret_, now_ms_);
  both.credentials.api_key = system_.api_key;
  EXPECT_TRUE(Call(both).allowed);
  auto other = AddSystem(*registry_, "Cổng DVC tỉnh", {"000.00.00.H33"}, "", kActor);
  ASSERT_TRUE(other.has_value());
  gateway_->Invalidate();
  LookupInput mixed = Signed(secret_, now_ms_ + 1);
  mixed.credentials.api_key = other->api_key;
  ExpectRefused(Call(mixed), kMain, "system_credential", core::Code::kUnauthenticated);
}

TEST_F(CredentialsTest, BearerTokenFromTheApiKeyIsAcceptedUntilItExpires) {
  // issue 11 item 1: POST /token (client credentials), short-lived, audited.
  auto token = Token({.api_key = system_.api_key});
  ASSERT_TRUE(token.has_value()) << token.error().message;
  EXPECT_EQ(token->expires_in, 300);
  EXPECT_TRUE(Call(WithBearer(token->token)).allowed);
  now_ms_ += 299'000;
  EXPECT_TRUE(Call(WithBearer(token->token)).allowed);
  now_ms_ += 2'000;
  auto expired = Call(WithBearer(token->token));
  ExpectRefused(expired, kMain, "system_credential", core::Code::kUnauthenticated);
  EXPECT_NE(expired.error.message.find("hết hạn"), std::string::npos) << expired.error.message;
  auto issued = audit::Search(*audit_db_, keys_, {.kind = "admin", .limit = 100});
  ASSERT_TRUE(issued.has_value());
  bool found = false;
  for (const auto& r : *issued) found |= r.record.action == "token.issue" && r.record.outcome == "allowed";
  EXPECT_TRUE(found) << "token issuance is audited";
}

TEST_F(CredentialsTest, ForgedWrongOrRevokedTokensAreRefused) {
  // issue 11 item 1
  auto token = Token({.api_key = system_.api_key});
  ASSERT_TRUE(token.has_value());
  std::string forged = token->token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  ExpectRefused(Call(WithBearer(forged)), kMain, "system_credential", core::Code::kUnauthenticated);
  // Made with another installation's key.
  std::string body = system_.system.key_id + "." + std::to_string(now_ms_ / 1000 + 300);
  std::string foreign = "dct." + body + "." + core::SecretKey::Random().Mac("dancu-token-v1", body);
  ExpectRefused(Call(WithBearer(foreign)), kMain, "system_credential", core::Code::kUnauthenticated);
  ExpectRefused(Call(WithBearer("dct.garbage")), kMain, "system_credential", core::Code::kUnauthenticated);
  ASSERT_TRUE(RevokeSystem(*registry_, system_.system.id, kActor).has_value());
  gateway_->Invalidate();
  ExpectRefused(Call(WithBearer(token->token)), kMain, "system_credential", core::Code::kUnauthenticated);
  auto refused = Token({.api_key = system_.api_key});
  EXPECT_FALSE(refused.has_value());
}

TEST_F(CredentialsTest, TheOfficialAsRegisteredIsSentUpstream) {
  // issue 11 item 2: MaCanBo is the official's CCCD, TaiKhoan/MaDonVi/SoDienThoai as registered,
  // MaYeuCau the client's request id (else the dossier), MaDVC the purpose.
  Sql("UPDATE account SET official_id = ? WHERE login_key = ?", {"091085001111", kMain});
  LookupInput in = Input(kMain);
  in.request_id = "YC-2026-0001";
  in.integration_code = "037";
  ASSERT_TRUE(Call(in).allowed);
  auto heard = source_.LastCaller();
  EXPECT_EQ(heard.official, "091085001111");
  EXPECT_EQ(heard.account, "NguyenVanA.STTTT");
  EXPECT_EQ(heard.unit_code, kUnit);
  EXPECT_EQ(heard.request_id, "YC-2026-0001");
  EXPECT_EQ(heard.integration_code, "037");
  EXPECT_EQ(heard.service_code, "XMCD-03");
  EXPECT_FALSE(heard.phone.empty());
  in.request_id.clear();
  ASSERT_TRUE(Call(in).allowed);
  EXPECT_EQ(source_.LastCaller().request_id, in.dossier);
}

TEST_F(CredentialsTest, MaCanBoFindsTheOfficialAndMustMatchTheRegisteredCccd) {
  // issue 11 item 2 and attack finding 9: deployed clients send MaCanBo = the official's CCCD.
  Sql("UPDATE account SET official_id = ? WHERE login_key = ?", {"091085001111", kMain});
  LookupInput by_cccd = Input("");
  by_cccd.official = "091085001111";
  auto out = Call(by_cccd);
  ASSERT_TRUE(out.allowed) << out.reason_code << ": " << out.error.message;
  EXPECT_EQ(source_.LastCaller().account, "NguyenVanA.STTTT");
  LookupInput wrong = Input(kMain);
  wrong.official = "091185002222";
  ExpectRefused(Call(wrong), kMain, "official_mismatch", core::Code::kPermissionDenied);
  LookupInput unknown = Input("");
  unknown.official = "091185002222";
  auto refused = Call(unknown);
  ExpectRefused(refused, "(không rõ)", "account_unknown", core::Code::kPermissionDenied);
  EXPECT_EQ(refused.error.message.find("091185002222"), std::string::npos) << "masked: " << refused.error.message;
  LookupInput legacy = Input("");  // older clients put the login in MaCanBo
  legacy.official = kMain;
  EXPECT_TRUE(Call(legacy).allowed);
}

class RequireCccdTest : public GatewayTest {};

TEST_F(RequireCccdTest, WithoutItsCccdAnAccountIsRefusedWhenTheUpstreamNeedsIt) {
  // issue 11 item 2: "required before an account may query when the installation says so".
  StartGateway({.require_official_id = true});
  auto out = Call(Input(kMain));
  ExpectRefused(out, kMain, "official_id_missing", core::Code::kPermissionDenied);
  EXPECT_EQ(source_.calls, 0);
  Sql("UPDATE account SET official_id = ? WHERE login_key = ?", {"091085001111", kMain});
  EXPECT_TRUE(Call(Input(kMain)).allowed);
}

}  // namespace
}  // namespace dancu::gateway
