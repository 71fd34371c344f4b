// Unit tests of the gateway's audit path (issue 10): every query leaves a record, whatever
// its fields hold, and a stuck audit database fails the query fast instead of holding it.

#include "gateway/gateway_test_fixture.h"

namespace dancu::gateway {
namespace {

class GatewayAuditTest : public GatewayTest {
 protected:
  // The record `seq`, whoever it names as actor.
  audit::StoredRecord RecordAt(int64_t seq) {
    auto found = audit::Search(*audit_db_, keys_, {.kind = "query", .limit = 1000});
    EXPECT_TRUE(found.has_value()) << found.error().message;
    if (found)
      for (auto& r : *found)
        if (r.record.seq == seq) return r;
    ADD_FAILURE() << "no audit record " << seq;
    return {};
  }
};

TEST_F(GatewayAuditTest, ARefusalWithAnOverlongIdentifierIsAudited) {
  // issue 10 item 7: a refused query with a 65-character cccd left no audit record.
  LookupInput in = Input(kMain, "XMCD-01");  // in the catalogue, not registered for the account
  in.query.id_number = std::string(65, '9');
  auto out = Call(in);
  ExpectRefused(out, kMain, "purpose_not_registered", core::Code::kPermissionDenied);
  auto who = audit::LookupsOfSubject(*audit_db_, keys_, in.query.id_number);
  ASSERT_TRUE(who.has_value()) << who.error().message;
  ASSERT_EQ(who->size(), 1u);
  EXPECT_EQ((*who)[0].record.seq, out.audit_seq);
}

TEST_F(GatewayAuditTest, ARefusalWithLongOrInvalidTextFieldsIsAudited) {
  // issue 10 item 7: a long name, a long account or invalid UTF-8 left no audit record.
  LookupInput in = Input(std::string(3000, 'a') + "\xff");
  in.query.id_number.clear();
  in.query.name_key = std::string(2000, 'N');
  in.query.birth = population::BirthDate{1985, 3, 14};
  in.dossier = std::string(5000, 'd');
  in.request_id = "req-\xc3\x28";
  in.unit_code = "\xe2\x82";
  auto out = Call(in);
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.reason_code, "account_unknown");
  ASSERT_GT(out.audit_seq, 0) << "the refusal must be audited";
  auto rec = RecordAt(out.audit_seq);
  EXPECT_EQ(rec.record.outcome, "refused");
  EXPECT_EQ(rec.record.reason_code, "account_unknown");
  EXPECT_LE(rec.record.actor.size(), audit::kMaxFieldBytes);
  EXPECT_LE(rec.record.dossier.size(), audit::kMaxFieldBytes);
  EXPECT_LE(rec.record.reason.size(), audit::kMaxReasonBytes);
  EXPECT_EQ(rec.subject_hash.size(), 64u);
  EXPECT_NE(rec.record.detail.find("req-"), std::string::npos) << rec.record.detail;
  auto report = audit::Verify(*audit_db_, keys_);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok) << report->problem;
}

TEST_F(GatewayAuditTest, ALockedAuditDatabaseAnswersUnavailableWithinTheDeadline) {
  // issue 10 item 8: a lookup waited 40 s, unanswered, while audit.db was locked.
  gateway_.reset();
  log_.reset();
  auto log = audit::AuditLog::Open(*audit_db_, keys_,
                                   {.append_deadline = std::chrono::milliseconds(1000)});
  ASSERT_TRUE(log.has_value()) << log.error().message;
  log_ = std::move(*log);
  StartGateway();
  // A second connection to the file (as another process would) holds its write lock.
  auto other = store::OpenSqlite(audit_file_.path, {.read_connections = 1, .durable = false});
  ASSERT_TRUE(other.has_value()) << other.error().message;
  std::promise<void> locked, release;
  std::thread holder([&] {
    (void)(*other)->Write([&](store::Tx&) -> core::Result<int> {
      locked.set_value();
      release.get_future().wait();
      return 0;
    });
  });
  locked.get_future().wait();
  auto start = std::chrono::steady_clock::now();
  LookupOutcome out = Call(Input(kMain));
  auto waited = std::chrono::steady_clock::now() - start;
  release.set_value();
  holder.join();
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.reason_code, "audit_unavailable");
  EXPECT_EQ(out.error.code, core::Code::kUnavailable);
  EXPECT_TRUE(out.citizens.empty());
  EXPECT_LT(waited, std::chrono::seconds(5)) << "a generous bound, far below the store's wait";
  EXPECT_EQ(gateway_->QuotaUsed(kMain), 0);
  EXPECT_EQ(log_->Stats().expired, 1);

  LookupOutcome next = Call(Input(kMain));
  EXPECT_TRUE(next.allowed) << next.reason_code << ": " << next.error.message;
  EXPECT_GT(next.audit_seq, 0);
  auto report = audit::Verify(*audit_db_, keys_);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->records, 1) << "the query answered unavailable was never written";
}

}  // namespace
}  // namespace dancu::gateway
