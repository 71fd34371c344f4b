// Tests of ViewAccount: the official's screen says what the gateway will
// decide.
#include "gateway/account_view.h"

#include "gateway/gateway_test_fixture.h"

namespace dancu::gateway {
namespace {

class AccountViewTest : public GatewayTest {
 protected:
  AccountView View(const std::string& login, const core::Date& day = core::TodayLocal()) {
    auto v = ViewAccount(*registry_, login, day);
    EXPECT_TRUE(v.has_value()) << v.error().message;
    return v ? *v : AccountView{};
  }
  // The view's verdict and the gateway's refusal of a real query agree.
  void ExpectGatewayAgrees(const std::string& login) {
    AccountView v = View(login);
    auto out = Call(Input(login, v.purposes.empty() ? "XMCD-03" : v.purposes.front().first));
    EXPECT_EQ(out.allowed, v.can_query) << out.error.message;
    if (!v.can_query) {
      EXPECT_EQ(out.reason_code, v.reason_code);
    }
  }
};

TEST_F(AccountViewTest, ActiveAccountShowsPurposesQuotaAndMayQuery) {
  AccountView v = View("NguyenVanA.STTTT");  // logins are case-insensitive
  EXPECT_EQ(v.login, "NguyenVanA.STTTT");
  EXPECT_EQ(v.full_name, "Nguyễn Văn A");
  EXPECT_EQ(v.agency_code, kUnit);
  EXPECT_EQ(v.form_unit, kUnit);
  EXPECT_EQ(v.form_unit_name, "Sở Thông tin và Truyền thông");
  EXPECT_EQ(v.status, "active");
  EXPECT_EQ(v.form_status, "active");
  EXPECT_TRUE(v.commitment_valid);
  EXPECT_EQ(v.daily_quota, 10);
  ASSERT_EQ(v.purposes.size(), 2u);
  EXPECT_EQ(v.purposes[0].first, "XMCD-03");
  EXPECT_EQ(v.purposes[1].first, "XMCD-04");
  EXPECT_NE(v.purposes[1].second.find("thụ lý hồ sơ"), std::string::npos) << v.purposes[1].second;
  EXPECT_TRUE(v.can_query);
  EXPECT_TRUE(v.reason.empty());
  ExpectGatewayAgrees(kMain);
}

TEST_F(AccountViewTest, UnknownLoginIsNotFound) {
  auto v = ViewAccount(*registry_, "khongco.stttt", core::TodayLocal());
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, core::Code::kNotFound);
}

TEST_F(AccountViewTest, SuspendedAccountSaysWhyAndWhomToContact) {
  ASSERT_TRUE(registry::ChangeAccountStatus(*registry_, AccountId("levancuong.stttt"),
                                            registry::AccountStatus::kSuspended, "Nghỉ việc",
                                            kActor));
  gateway_->Invalidate();
  AccountView v = View("levancuong.stttt");
  EXPECT_FALSE(v.can_query);
  EXPECT_EQ(v.reason_code, "account_inactive");
  EXPECT_NE(v.reason.find("tạm dừng"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("Nghỉ việc"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("đầu mối"), std::string::npos) << v.reason;
  ExpectGatewayAgrees("levancuong.stttt");
}

TEST_F(AccountViewTest, PendingAccountOfAFormNotActivatedCannotQuery) {
  AccountView v = View(kPending);
  EXPECT_EQ(v.status, "pending");
  EXPECT_EQ(v.form_status, "approved");
  EXPECT_EQ(v.reason_code, "account_inactive");
  EXPECT_NE(v.reason.find("chờ kích hoạt"), std::string::npos) << v.reason;
  ExpectGatewayAgrees(kPending);
}

TEST_F(AccountViewTest, FormNotApprovedAndMissingCommitmentAreReportedInTheGatewaysOrder) {
  Sql("UPDATE registration SET status = 'returned' WHERE org_code = ?", {std::string(kUnit)});
  Sql("UPDATE commitment SET status = 'revoked' WHERE org_code = ?", {std::string(kUnit)});
  EXPECT_EQ(View(kMain).reason_code, "form_not_approved");
  ExpectGatewayAgrees(kMain);
  Sql("UPDATE registration SET status = 'active' WHERE org_code = ?", {std::string(kUnit)});
  AccountView v = View(kMain);
  EXPECT_FALSE(v.commitment_valid);
  EXPECT_EQ(v.reason_code, "no_commitment");
  EXPECT_NE(v.reason.find("Bản cam kết"), std::string::npos) << v.reason;
  ExpectGatewayAgrees(kMain);
}

TEST_F(AccountViewTest, ACommitmentCountsFromItsSigningDay) {
  // The fixture's commitment is signed on 20/7/2021.
  EXPECT_FALSE(View(kMain, core::Date(2021, 7, 19)).commitment_valid);
  EXPECT_TRUE(View(kMain, core::Date(2021, 7, 20)).commitment_valid);
}

TEST_F(AccountViewTest, AnActiveRowWinsOverTheSameLoginInALaterCampaign) {
  auto later = registry::CreateCampaign(
      *registry_, {"Đợt sau", "Kế hoạch thử", "2022-01-03", "2022-01-31", {}, {}}, kActor);
  ASSERT_TRUE(later.has_value()) << later.error().message;
  auto imported = registry::ImportForm(*registry_, *later, kUnit,
                                       FormCsv({{"Nguyễn Văn A", kMain, kUnit, "3", "XMCD-04"}}),
                                       "phieu.csv", kActor);
  ASSERT_TRUE(imported.has_value()) << imported.error().message;
  AccountView v = View(kMain);
  EXPECT_EQ(v.status, "active");
  EXPECT_EQ(v.daily_quota, 10);
  EXPECT_EQ(v.purposes.size(), 2u);
}

// The same login registered again by its unit in a later campaign, and activated there.
class LaterCampaignTest : public AccountViewTest {
 protected:
  void SetUp() override {
    AccountViewTest::SetUp();
    auto later = registry::CreateCampaign(
        *registry_, {"Đợt sau", "Kế hoạch thử", "2022-01-03", "2022-01-31", {}, {}}, kActor);
    ASSERT_TRUE(later.has_value()) << later.error().message;
    later_ = *later;
    auto imported = registry::ImportForm(*registry_, later_, kUnit,
                                         FormCsv({{"Nguyễn Văn A", kMain, kUnit, "3", "XMCD-03"}}),
                                         "phieu.csv", kActor);
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    using A = registry::FormAction;
    for (A a : {A::kSubmit, A::kApprove, A::kSendC06, A::kActivate}) {
      auto r = registry::ApplyFormAction(*registry_, later_, kUnit, a, "", kActor);
      ASSERT_TRUE(r.has_value()) << r.error().message;
    }
    gateway_->Invalidate();
  }
  int64_t FirstCampaignRow() {
    auto row = registry_->Read([&](store::Tx& tx) {
      return tx.QueryOne("SELECT id FROM account WHERE login_key = ? AND campaign_id = ?",
                         {std::string(kMain), campaign_}, kMain);
    });
    EXPECT_TRUE(row.has_value());
    return row ? row->Int(0) : 0;
  }
  int64_t later_ = 0;
};

TEST_F(LaterCampaignTest, ARevocationInOneCampaignStopsTheLoginEverywhereUntilReinstated) {
  // issue 10 item 9: a revoked account's purposes stayed usable through another campaign.
  ASSERT_TRUE(Call(Input(kMain, "XMCD-03")).allowed);  // both rows active: the later decides
  ASSERT_TRUE(registry::ChangeAccountStatus(
      *registry_, FirstCampaignRow(), registry::AccountStatus::kRevoked, "Nghỉ việc", kActor));
  gateway_->Invalidate();
  for (const char* purpose : {"XMCD-03", "XMCD-04"}) {
    auto out = Call(Input(kMain, purpose));
    EXPECT_FALSE(out.allowed) << purpose;
    EXPECT_EQ(out.reason_code, "account_inactive") << purpose;
    EXPECT_NE(out.error.message.find("thu hồi"), std::string::npos) << out.error.message;
  }
  AccountView v = View(kMain);
  EXPECT_EQ(v.status, "revoked");
  EXPECT_FALSE(v.can_query);
  EXPECT_NE(v.reason.find("Nghỉ việc"), std::string::npos) << v.reason;
  ExpectGatewayAgrees(kMain);

  ASSERT_TRUE(registry::ReinstateLogin(*registry_, kMain, "Tuyển dụng lại", kActor));
  gateway_->Invalidate();
  EXPECT_TRUE(Call(Input(kMain, "XMCD-03")).allowed);
  EXPECT_EQ(Call(Input(kMain, "XMCD-04")).reason_code, "purpose_not_registered");
  v = View(kMain);
  EXPECT_TRUE(v.can_query);
  EXPECT_EQ(v.daily_quota, 3);
  ExpectGatewayAgrees(kMain);
}

TEST_F(LaterCampaignTest, ASuspensionInOneCampaignStopsTheLoginEverywhereUntilResumed) {
  // issue 10 item 9: suspension wins over an active row of another campaign.
  const int64_t first = FirstCampaignRow();
  ASSERT_TRUE(registry::ChangeAccountStatus(*registry_, first, registry::AccountStatus::kSuspended,
                                            "Kiểm tra", kActor));
  gateway_->Invalidate();
  EXPECT_EQ(Call(Input(kMain)).reason_code, "account_inactive");
  EXPECT_EQ(View(kMain).status, "suspended");
  ExpectGatewayAgrees(kMain);
  ASSERT_TRUE(registry::ChangeAccountStatus(*registry_, first, registry::AccountStatus::kActive, "",
                                            kActor));
  gateway_->Invalidate();
  EXPECT_TRUE(Call(Input(kMain)).allowed);
  ExpectGatewayAgrees(kMain);
}

TEST_F(AccountViewTest, ATransferredLoginIsRefusedAlikeByTheGatewayAndThePage) {
  // issue 10 item 9: after a transfer the old unit's rows give no access.
  auto moved = registry::TransferLogin(*registry_, kSmall, kOtherUnit, "Điều động", kActor);
  ASSERT_TRUE(moved.has_value()) << moved.error().message;
  gateway_->Invalidate();
  AccountView v = View(kSmall);
  EXPECT_EQ(v.status, "ended");
  EXPECT_FALSE(v.can_query);
  EXPECT_NE(v.reason.find("chuyển đơn vị"), std::string::npos) << v.reason;
  ExpectGatewayAgrees(kSmall);
}

}  // namespace
}  // namespace dancu::gateway
