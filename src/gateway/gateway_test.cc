// Unit tests of the query pipeline (issue 5): one policy test per refusal, in pipeline order,
// each with its audit record.

#include "gateway/gateway_test_fixture.h"
#include "registry/history.h"

namespace dancu::gateway {
namespace {

// --- Refusals, in the order of the pipeline --------------------------------------------------

TEST_F(GatewayTest, MissingMalformedUnknownOrWrongApiKeyIsUnauthenticated) {
  std::string wrong_secret = system_.api_key.substr(0, 21) + std::string(64, '0');
  std::string unknown_id = "dck_" + std::string(16, 'f') + system_.api_key.substr(20);
  for (const std::string& key :
       {std::string(), std::string("dck_short"), system_.api_key + "x", wrong_secret, unknown_id}) {
    SCOPED_TRACE(key);
    LookupInput in = Input(kMain);
    in.credentials.api_key = key;
    ExpectRefused(Call(in), kMain, "system_credential", core::Code::kUnauthenticated);
  }
  EXPECT_EQ(source_.calls, 0);
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 0);
}

TEST_F(GatewayTest, RevokedApiKeyIsUnauthenticatedRightAfterInvalidate) {
  ASSERT_TRUE(Call(Input(kMain)).allowed);  // the key is now remembered as verified
  ASSERT_TRUE(RevokeSystem(*registry_, system_.system.id, kActor).has_value());
  gateway_->Invalidate();
  ExpectRefused(Call(Input(kMain)), kMain, "system_credential", core::Code::kUnauthenticated);
  EXPECT_EQ(source_.calls, 1);
}

// Issue 5: `dancu system add|revoke` run by another process reaches a running gateway only
// through the policy refresh; with a zero refresh period the very next query must see it.
TEST_F(GatewayTest, SystemChangedByAnotherProcessIsSeenAtTheNextPolicyRefresh) {
  StartGateway({.policy_refresh = std::chrono::milliseconds(0)});
  ASSERT_TRUE(Call(Input(kMain)).allowed);
  auto added = AddSystem(*registry_, "Cổng DVC tỉnh", {"000.00.00.H33"}, "", kActor);
  ASSERT_TRUE(added.has_value());
  LookupInput in = Input(kMain);
  in.credentials.api_key = added->api_key;
  auto out = Call(in);
  EXPECT_TRUE(out.allowed) << out.reason_code << ": " << out.error.message;
  ASSERT_TRUE(RevokeSystem(*registry_, system_.system.id, kActor).has_value());
  ExpectRefused(Call(Input(kMain)), kMain, "system_credential", core::Code::kUnauthenticated);
}

TEST_F(GatewayTest, MissingOrUnknownAccountIsRefused) {
  ExpectRefused(Call(Input("")), "(không rõ)", "account_missing", core::Code::kInvalidArgument);
  auto out = Call(Input("khongco.stttt"));
  ExpectRefused(out, "khongco.stttt", "account_unknown", core::Code::kPermissionDenied);
  EXPECT_NE(out.error.message.find("khongco.stttt"), std::string::npos);
}

TEST_F(GatewayTest, SuspendedAccountIsInactiveUntilResumed) {
  int64_t id = AccountId("levancuong.stttt");
  ASSERT_TRUE(registry::ChangeAccountStatus(*registry_, id, registry::AccountStatus::kSuspended,
                                            "Nghỉ việc", kActor));
  gateway_->Invalidate();
  auto out = Call(Input("levancuong.stttt"));
  ExpectRefused(out, "levancuong.stttt", "account_inactive", core::Code::kPermissionDenied);
  EXPECT_NE(out.error.message.find("tạm dừng"), std::string::npos) << out.error.message;
  ASSERT_TRUE(
      registry::ChangeAccountStatus(*registry_, id, registry::AccountStatus::kActive, "", kActor));
  gateway_->Invalidate();
  EXPECT_TRUE(Call(Input("levancuong.stttt")).allowed);
}

TEST_F(GatewayTest, PendingAccountOfAFormNotActivatedIsInactive) {
  auto out = Call(Input(kPending));
  ExpectRefused(out, kPending, "account_inactive", core::Code::kPermissionDenied);
  EXPECT_NE(out.error.message.find("chờ kích hoạt"), std::string::npos) << out.error.message;
}

// An active account whose form is no longer approved cannot be reached through the workflow
// (activation is final for the form), so the form's status is changed with raw SQL.
TEST_F(GatewayTest, ActiveAccountOfAFormNotApprovedIsRefused) {
  for (const char* status : {"returned", "submitted", "draft"}) {
    SCOPED_TRACE(status);
    Sql("UPDATE registration SET status = ? WHERE org_code = ?",
        {std::string(status), std::string(kUnit)});
    ExpectRefused(Call(Input(kMain)), kMain, "form_not_approved", core::Code::kPermissionDenied);
  }
  EXPECT_EQ(source_.calls, 0);
}

// Revocation or expiry of the commitment after activation, made with raw SQL.
TEST_F(GatewayTest, UnitWithoutAValidCommitmentIsRefused) {
  struct Case {
    const char* why;
    const char* sql;
  };
  for (const Case& c :
       {Case{"revoked", "UPDATE commitment SET status = 'revoked' WHERE org_code = ?"},
        Case{"expired", "UPDATE commitment SET valid_to = '2022-12-31' WHERE org_code = ?"},
        Case{"no scan", "UPDATE commitment SET scan_sha256 = NULL WHERE org_code = ?"}}) {
    SCOPED_TRACE(c.why);
    Sql("UPDATE commitment SET status = 'valid', valid_to = NULL, scan_sha256 = "
        "(SELECT sha256 FROM document LIMIT 1) WHERE org_code = ?",
        {std::string(kUnit)});
    ASSERT_TRUE(Call(Input(kMain)).allowed);
    Sql(c.sql, {std::string(kUnit)});
    auto out = Call(Input(kMain));
    ExpectRefused(out, kMain, "no_commitment", core::Code::kPermissionDenied);
    EXPECT_NE(out.error.message.find("Sở Thông tin và Truyền thông"), std::string::npos)
        << out.error.message;
  }
}

TEST_F(GatewayTest, PurposeNotRegisteredForTheAccountIsRefused) {
  auto out = Call(Input(kMain, "XMCD-01"));
  ExpectRefused(out, kMain, "purpose_not_registered", core::Code::kPermissionDenied);
  EXPECT_NE(out.error.message.find("XMCD-03, XMCD-04"), std::string::npos) << out.error.message;
  // issue 11 item 3: a missing purpose code is its own refusal (before, "" fell in here).
  auto missing = Call(Input(kMain, ""));
  ExpectRefused(missing, kMain, "purpose_unknown", core::Code::kInvalidArgument);
  EXPECT_NE(missing.error.message.find("Thiếu mã mục đích"), std::string::npos) << missing.error.message;
  EXPECT_EQ(source_.calls, 0);
}

TEST_F(GatewayTest, UnitCodeOtherThanTheAccountsUnitIsRefused) {
  LookupInput in = Input(kMain);
  in.unit_code = kOtherUnit;
  ExpectRefused(Call(in), kMain, "unit_mismatch", core::Code::kPermissionDenied);
  in.unit_code = kUnit;
  EXPECT_TRUE(Call(in).allowed);
}

TEST_F(GatewayTest, SystemNotServingTheAccountsUnitIsRefused) {
  auto other = AddSystem(*registry_, "Một cửa Sở Tư pháp", {kOtherUnit}, "", kActor);
  ASSERT_TRUE(other.has_value());
  gateway_->Invalidate();  // a system added in this process is known at once
  LookupInput in = Input(kMain);
  in.credentials.api_key = other->api_key;
  auto out = Call(in);
  ExpectRefused(out, kMain, "unit_not_served", core::Code::kPermissionDenied);
  EXPECT_EQ(Audited(out, kMain).record.system, "Một cửa Sở Tư pháp");
  // A system registered for the province serves every unit under it.
  auto province = AddSystem(*registry_, "Cổng DVC tỉnh", {"000.00.00.H33"}, "", kActor);
  ASSERT_TRUE(province.has_value());
  gateway_->Invalidate();
  in.credentials.api_key = province->api_key;
  EXPECT_TRUE(Call(in).allowed);
}

TEST_F(GatewayTest, QueryWithoutASearchKeyIsRefusedAndNotCharged) {
  LookupInput nothing = Input(kMain), name_only = Input(kMain), verify_no_name = Input(kMain);
  nothing.query = {};
  name_only.query = {.name_key = "NGUYEN THI LAN"};  // a name needs a birth date
  verify_no_name.verify = true;                      // verification needs the name too
  verify_no_name.query.birth = population::BirthDate{1985, 3, 14};
  for (const auto& in : {nothing, name_only, verify_no_name}) {
    ExpectRefused(Call(in), kMain, "invalid_query", core::Code::kInvalidArgument);
  }
  EXPECT_EQ(source_.calls, 0);
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 0);
}

TEST_F(GatewayTest, SpentQuotaIsRefusedWithTheCount) {
  for (int i = 1; i <= kSmallQuota; ++i) {
    auto out = Call(Input(kSmall));
    ASSERT_TRUE(out.allowed) << i << ": " << out.error.message;
    EXPECT_EQ(out.quota_used, i);
    EXPECT_EQ(out.quota_limit, kSmallQuota);
  }
  auto out = Call(Input(kSmall));
  ExpectRefused(out, kSmall, "quota_exhausted", core::Code::kQuotaExhausted);
  EXPECT_NE(out.error.message.find("Đã hết số lần truy vấn trong ngày (4/4)"), std::string::npos)
      << out.error.message;
  EXPECT_EQ(out.quota_used, kSmallQuota);
  EXPECT_EQ(source_.calls, kSmallQuota);
  EXPECT_EQ(AllowedToday(kSmall), kSmallQuota);
}

TEST_F(GatewayTest, UpstreamUnavailableFailsAndIsNotCharged) {
  ASSERT_TRUE(Call(Input(kMain)).allowed);
  ASSERT_EQ(gateway_->QuotaUsed(kMain), 1);
  source_.fail = true;
  for (bool verify : {false, true}) {
    LookupInput in = Input(kMain);
    in.verify = verify;
    in.full_name = "Nguyễn Thị Lan";
    in.query.birth = population::BirthDate{1985, 3, 14};
    auto out = Call(in);
    ExpectRefused(out, kMain, "upstream_unavailable", core::Code::kUnavailable, "failed");
    EXPECT_EQ(out.quota_used, 1);
  }
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 1);
  EXPECT_EQ(AllowedToday(kMain), 1);
  source_.fail = false;
  auto next = Call(Input(kMain));
  ASSERT_TRUE(next.allowed);
  EXPECT_EQ(next.quota_used, 2) << "the failed calls were given back";
}

TEST_F(GatewayTest, SignInsDoNotMoveThePolicyVersionButRegistryChangesDo) {
  auto before = PolicyVersion(*registry_);
  ASSERT_TRUE(before.has_value());
  auto user_row = registry_->Write([](store::Tx& tx) {
    return registry::RecordChange(tx, {.actor = "quantri", .entity = "user", .entity_id = "quantri",
                                       .action = "login", .from_status = {}, .to_status = {},
                                       .reason = {}, .detail = "ip=127.0.0.1", .at = {}});
  });
  ASSERT_TRUE(user_row.has_value());
  EXPECT_EQ(*PolicyVersion(*registry_), *before);
  auto account_row = registry_->Write([](store::Tx& tx) {
    return registry::RecordChange(tx, {.actor = "t", .entity = "account", .entity_id = "1",
                                       .action = "suspend", .from_status = "active",
                                       .to_status = "suspended", .reason = "thử", .detail = {},
                                       .at = {}});
  });
  ASSERT_TRUE(account_row.has_value());
  EXPECT_GT(*PolicyVersion(*registry_), *before);
}

}  // namespace
}  // namespace dancu::gateway
