// Unit tests of the query pipeline (issue 5): allowed answers minimised, quota exact under
// concurrency and across a restart, `done` called once per query.

#include "gateway/gateway_test_fixture.h"

namespace dancu::gateway {
namespace {

// Its own suite name: the fixture lives in an anonymous namespace in each test file.
class GatewayFlowTest : public GatewayTest {};

// --- Allowed queries -------------------------------------------------------------------------

TEST_F(GatewayFlowTest, PurposeWithoutConfigurationGetsIdentityFieldsOnly) {
  LookupInput in = Input("NGUYENVANA.stttt");  // logins match case-insensitively
  auto out = Call(in);
  ASSERT_TRUE(out.allowed) << out.error.message;
  EXPECT_EQ(out.reason_code, "");
  ASSERT_EQ(out.citizens.size(), 1u);
  const Citizen& c = out.citizens[0];
  EXPECT_EQ(c.id_number, kCitizenId);
  EXPECT_EQ(c.FullName(), "Nguyễn Thị Lan");
  EXPECT_EQ(c.birth, (population::BirthDate{1985, 3, 14}));
  EXPECT_TRUE(c.permanent.empty());
  EXPECT_TRUE(c.father.empty());
  EXPECT_TRUE(c.ethnicity.empty());
  EXPECT_EQ(out.quota_used, 1);
  EXPECT_EQ(out.quota_limit, 10);
  const audit::Record rec = Audited(out, kMain).record;
  using Strings = std::vector<std::string>;
  EXPECT_EQ((Strings{rec.outcome, rec.reason_code, rec.unit, rec.purpose, rec.system, rec.dossier}),
            (Strings{"allowed", "", kUnit, "XMCD-03", "Một cửa Sở TT&TT", in.dossier}));
  EXPECT_EQ(rec.detail.find(kCitizenId), std::string::npos);
  auto about = audit::LookupsOfSubject(*audit_db_, keys_, kCitizenId);
  ASSERT_TRUE(about.has_value());
  ASSERT_EQ(about->size(), 1u);
  EXPECT_EQ(about->at(0).record.seq, out.audit_seq);
}

TEST_F(GatewayFlowTest, ConfiguredServiceFieldsAreAllThatLeave) {
  Sql("INSERT INTO service_fields (code, fields) VALUES (?, ?)",
      {std::string("XMCD-04"), std::string(R"(["SoDinhDanh","HoVaTen","ThuongTru"])")});
  auto out = Call(Input(kMain, "XMCD-04"));
  ASSERT_TRUE(out.allowed) << out.error.message;
  ASSERT_EQ(out.citizens.size(), 1u);
  const Citizen& c = out.citizens[0];
  EXPECT_EQ(c.id_number, kCitizenId);
  EXPECT_EQ(c.FullName(), "Nguyễn Thị Lan");
  EXPECT_EQ(c.permanent, SampleCitizen().permanent);
  EXPECT_TRUE(c.cmnd.empty());
  EXPECT_EQ(c.birth, population::BirthDate{});
  EXPECT_TRUE(c.hometown.empty());
  EXPECT_TRUE(c.father.empty());
  // The other purpose of the same account keeps the identity-only default.
  auto other = Call(Input(kMain, "XMCD-03"));
  ASSERT_EQ(other.citizens.size(), 1u);
  EXPECT_TRUE(other.citizens[0].permanent.empty());
  EXPECT_EQ(other.citizens[0].cmnd, "371234567");
}

TEST_F(GatewayFlowTest, VerifyAnswersMatchOrNotWithoutCitizenData) {
  struct Case {
    const char* name;
    population::BirthDate birth;
    bool match;
  };
  for (const Case& c :
       {Case{"Nguyễn Thị Lan", {1985, 3, 14}, true}, Case{"NGUYEN THI LAN", {1985, 3, 14}, true},
        Case{"Nguyễn Thị Lanh", {1985, 3, 14}, false},
        Case{"Nguyễn Thị Lan", {1985, 3, 15}, false}}) {
    SCOPED_TRACE(c.name);
    LookupInput in = Input(kMain);
    in.verify = true;
    in.full_name = c.name;
    in.query.birth = c.birth;
    auto out = Call(in);
    ASSERT_TRUE(out.allowed) << out.error.message;
    ASSERT_TRUE(out.match.has_value());
    EXPECT_EQ(*out.match, c.match);
    EXPECT_TRUE(out.citizens.empty());
    auto rec = Audited(out, kMain);
    EXPECT_EQ(rec.record.action, "verify");
    EXPECT_EQ(rec.record.outcome, "allowed");
  }
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 4);
}

// --- Quota under concurrency and across a restart ----------------------------------------------

TEST_F(GatewayFlowTest, RacingClientsGetExactlyTheQuota) {
  // Warm the key up: until it is verified, queries run one by one on the authenticator's thread.
  ASSERT_EQ(Call(Input("")).reason_code, "account_missing");
  source_.Hold(true);
  constexpr int kClients = 2 * kSmallQuota;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<LookupOutcome> finished;
  std::latch start(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&] {
      start.arrive_and_wait();
      auto out = Call(Input(kSmall));
      std::lock_guard l(mu);
      finished.push_back(std::move(out));
      cv.notify_all();
    });
  }
  // While the allowed ones wait upstream, the others must already have been refused.
  EXPECT_TRUE(source_.WaitEntered(kSmallQuota));
  {
    std::unique_lock l(mu);
    EXPECT_TRUE(
        cv.wait_for(l, kTimeout, [&] { return int(finished.size()) >= kClients - kSmallQuota; }));
    EXPECT_EQ(int(finished.size()), kClients - kSmallQuota);
    for (const auto& out : finished) EXPECT_EQ(out.reason_code, "quota_exhausted");
  }
  EXPECT_EQ(source_.calls, kSmallQuota);
  source_.Hold(false);
  for (auto& t : clients) t.join();
  int allowed = 0;
  for (const auto& out : finished) allowed += out.allowed;
  EXPECT_EQ(allowed, kSmallQuota);
  EXPECT_EQ(gateway_->QuotaUsed(kSmall), kSmallQuota);
  EXPECT_EQ(AllowedToday(kSmall), kSmallQuota);
}

TEST_F(GatewayFlowTest, QuotaUsageSurvivesARestart) {
  ASSERT_TRUE(Call(Input(kSmall)).allowed);
  ASSERT_TRUE(Call(Input(kSmall)).allowed);
  source_.fail = true;
  ASSERT_EQ(Call(Input(kSmall)).reason_code, "upstream_unavailable");
  source_.fail = false;
  gateway_.reset();
  log_.reset();
  OpenLog();
  StartGateway();
  EXPECT_EQ(gateway_->QuotaUsed(kSmall), 2) << "only the allowed queries count";
  auto third = Call(Input(kSmall));
  ASSERT_TRUE(third.allowed);
  EXPECT_EQ(third.quota_used, 3);
  ASSERT_TRUE(Call(Input(kSmall)).allowed);
  auto out = Call(Input(kSmall));
  ExpectRefused(out, kSmall, "quota_exhausted", core::Code::kQuotaExhausted);
  EXPECT_NE(out.error.message.find("(4/4)"), std::string::npos) << out.error.message;
}

TEST_F(GatewayFlowTest, DoneIsCalledOnceForEachOfManyAsyncQueries) {
  ASSERT_EQ(Call(Input("")).reason_code, "account_missing");  // verifies the key once
  constexpr int kQueries = 30;
  std::atomic<int> answered{0};
  std::promise<void> all;
  for (int i = 0; i < kQueries; ++i) {
    LookupInput in = Input(i % 3 == 0 ? kSmall : i % 3 == 1 ? kMain : "khongco.stttt");
    handles_++;
    gateway_->Handle(std::move(in), [&](LookupOutcome) {
      dones_++;
      if (++answered == kQueries) all.set_value();
    });
  }
  ASSERT_EQ(all.get_future().wait_for(kTimeout), std::future_status::ready);
  gateway_.reset();
  log_.reset();
  EXPECT_EQ(dones_.load(), kQueries + 1);
  EXPECT_EQ(AllowedToday(kSmall), kSmallQuota);
  EXPECT_EQ(AllowedToday(kMain), 10);
}

}  // namespace
}  // namespace dancu::gateway
