// Tamper tests of the audit log: each kind of change an attacker with the database file can
// make, done with raw SQL, and the first bad record Verify reports for it (issue 5).
#include "audit/test_support.h"

namespace dancu::audit {
namespace {

using testing::Fixture;
using testing::Query;

// 25 records, checkpoints at 10 and 20, the log closed without signing its tail.
Fixture Filled(const std::string& name) {
  Fixture f(name, {.checkpoint_every_records = 10, .checkpoint_on_close = false});
  EXPECT_EQ(f.Fill(25), 25);
  f.Close();
  return f;
}

void ExpectBad(const VerifyReport& r, int64_t first_bad, const std::string& kind) {
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, first_bad) << r.problem;
  EXPECT_EQ(r.problem_kind, kind) << r.problem;
  EXPECT_FALSE(r.problem.empty());
}

// Recomputes the chain from `from` on, as an attacker who knows the format would.
void Rechain(Fixture& f, int64_t from, int64_t to) {
  std::string prev = f.Row(from - 1).hash;
  std::vector<std::pair<std::string, store::Params>> updates;
  for (int64_t s = from; s <= to; ++s) {
    StoredRecord r = f.Row(s);
    r.prev_hash = prev;
    r.hash = internal::ChainHash(r, s, prev);
    prev = r.hash;
    updates.push_back(f.Overwrite(s, std::move(r)));
  }
  f.Tamper(updates);
}

TEST(AuditVerify, AnIntactLogVerifiesWithItsExportedCheckpoint) {
  Fixture f("intact.db", {.checkpoint_every_records = 10});
  ASSERT_EQ(f.Fill(25), 25);
  auto exported = CheckpointFromJson(f.log->ExportCheckpoint().value_or(""));
  ASSERT_TRUE(exported.has_value());
  VerifyReport r = f.Verified(*exported);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.records, 25);
  EXPECT_EQ(r.first_bad_seq, 0);
  EXPECT_EQ(r.checkpoints_ok, 3);
  EXPECT_EQ(r.signed_through, 25);
  auto by_public_key = Verify(*f.db, f.keys.sign_public, *exported);
  ASSERT_TRUE(by_public_key.has_value());
  EXPECT_TRUE(by_public_key->ok);
}

TEST(AuditVerify, AnEmptyLogVerifies) {
  Fixture f("empty.db");
  VerifyReport r = f.Verified();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.records, 0);
}

TEST(AuditVerify, DetectsAChangedField) {
  Fixture f = Filled("changed.db");
  f.Tamper({{"UPDATE audit_record SET outcome = 'refused' WHERE seq = 7", {}}});
  ExpectBad(f.Verified(), 7, "changed");
}

TEST(AuditVerify, DetectsAChangedSubjectReference) {
  Fixture f = Filled("changed-subject.db");
  StoredRecord other = f.Row(9);
  f.Tamper({{"UPDATE audit_record SET subject_hash = ?, subject_enc = ? WHERE seq = 4",
             {other.subject_hash, store::Blob{other.subject_enc}}}});
  ExpectBad(f.Verified(), 4, "changed");
}

TEST(AuditVerify, DetectsASearchKeyChangedToHideARecord) {
  Fixture f = Filled("searchkey.db");
  f.Tamper({{"UPDATE audit_record SET subject_key = subject_key + 1 WHERE seq = 9", {}}});
  ASSERT_TRUE(LookupsOfSubject(*f.db, f.keys, "079203001218").has_value());
  ExpectBad(f.Verified(), 9, "changed");
}

TEST(AuditVerify, DetectsADeletedMiddleRecord) {
  Fixture f = Filled("deleted.db");
  f.Tamper({{"DELETE FROM audit_record WHERE seq = 7", {}}});
  VerifyReport r = f.Verified();
  ExpectBad(r, 7, "deleted");
  EXPECT_EQ(r.records, 24);
}

TEST(AuditVerify, DetectsADeletedRecordWhenTheRestIsRenumbered) {
  Fixture f = Filled("deleted-renumbered.db");
  f.Tamper({{"DELETE FROM audit_record WHERE seq = 7", {}},
            {"UPDATE audit_record SET seq = -seq WHERE seq > 7", {}},
            {"UPDATE audit_record SET seq = -seq - 1 WHERE seq < 0", {}}});
  ExpectBad(f.Verified(), 7, "deleted");
}

TEST(AuditVerify, DetectsATruncatedTailOnlyWithAnExportedCheckpoint) {
  Fixture f("truncated.db", {.checkpoint_every_records = 10});
  ASSERT_EQ(f.Fill(25), 25);
  auto exported = CheckpointFromJson(f.log->ExportCheckpoint().value_or(""));
  ASSERT_TRUE(exported.has_value());
  f.Close();
  f.Tamper({{"DELETE FROM audit_record WHERE seq > 21", {}},
            {"DELETE FROM audit_checkpoint WHERE seq > 21", {}}});
  VerifyReport without = f.Verified();
  EXPECT_TRUE(without.ok) << "a cut at the tail leaves a valid chain: " << without.problem;
  EXPECT_EQ(without.records, 21);
  ExpectBad(f.Verified(*exported), 22, "truncated");
}

TEST(AuditVerify, DetectsATailCutAndWrittenAgainWithAnExportedCheckpoint) {
  Fixture f("truncated-rewritten.db", {.checkpoint_every_records = 10});
  ASSERT_EQ(f.Fill(25), 25);
  auto exported = CheckpointFromJson(f.log->ExportCheckpoint().value_or(""));
  ASSERT_TRUE(exported.has_value());
  f.Close();
  f.Tamper({{"DELETE FROM audit_record WHERE seq > 21", {}},
            {"DELETE FROM audit_checkpoint WHERE seq > 21", {}}});
  f.Reopen();
  ASSERT_EQ(f.Fill(6), 27);  // the log grows past the exported seq again
  f.Close();
  VerifyReport r = f.Verified(*exported);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem_kind, "truncated") << r.problem;
  EXPECT_EQ(r.first_bad_seq, 21) << r.problem;  // after the last checkpoint that still holds
}

TEST(AuditVerify, DetectsAForgedRecordInsertedInTheMiddle) {
  Fixture f = Filled("inserted.db");
  // The forger renumbers records 7.. and writes a well-formed, correctly chained record 7.
  StoredRecord forged = f.Row(6);
  forged.record.seq = 7;
  forged.record.actor = "ke-mao-danh";
  forged.prev_hash = f.Row(6).hash;
  forged.hash = internal::ChainHash(forged, 7, forged.prev_hash);
  store::Params insert = internal::RecordParams(std::move(forged));
  f.Tamper({{"UPDATE audit_record SET seq = -seq WHERE seq >= 7", {}},
            {"UPDATE audit_record SET seq = -seq + 1 WHERE seq < 0", {}},
            {internal::kInsertRecord, insert}});
  VerifyReport r = f.Verified();
  ExpectBad(r, 7, "inserted");
  EXPECT_EQ(r.records, 26);
}

TEST(AuditVerify, DetectsTwoRecordsSwapped) {
  Fixture f = Filled("reordered.db");
  StoredRecord a = f.Row(12), b = f.Row(13);
  f.Tamper({f.Overwrite(12, b), f.Overwrite(13, a)});
  ExpectBad(f.Verified(), 12, "reordered");
}

TEST(AuditVerify, DetectsAnAlteredCheckpointSignature) {
  Fixture f = Filled("signature.db");
  auto c = LatestCheckpoint(*f.db);
  ASSERT_TRUE(c.has_value());
  std::string sig = c->signature;
  sig[10] = sig[10] == '0' ? '1' : '0';
  f.Tamper({{"UPDATE audit_checkpoint SET signature = ? WHERE seq = 20", {sig}}});
  VerifyReport r = f.Verified();
  ExpectBad(r, 20, "checkpoint");
  EXPECT_EQ(r.checkpoints_ok, 1);
}

TEST(AuditVerify, DetectsACheckpointSignedWithAnotherKey) {
  Fixture f = Filled("otherkey.db");
  Checkpoint forged = internal::SignCheckpoint(Keys::Generate(), 20, f.Row(20).hash, "x");
  f.Tamper({{"DELETE FROM audit_checkpoint WHERE seq = 20", {}},
            {internal::kInsertCheckpoint, internal::CheckpointParams(forged)}});
  ExpectBad(f.Verified(), 20, "checkpoint");
}

TEST(AuditVerify, DetectsARewrittenChainThroughItsSignedCheckpoint) {
  Fixture f = Filled("rewritten.db");
  f.Tamper({{"UPDATE audit_record SET actor = 'nguoi-khac' WHERE seq = 15", {}}});
  Rechain(f, 15, 25);  // every hash recomputed: only the signature can tell
  VerifyReport r = f.Verified();
  ExpectBad(r, 11, "changed");  // somewhere after the checkpoint at 10 that still holds
  EXPECT_EQ(r.checkpoints_ok, 1);
  EXPECT_EQ(r.signed_through, 10);
}

TEST(AuditVerify, RejectsAnExportedCheckpointOfAnotherLog) {
  Fixture f = Filled("foreign.db");
  Checkpoint foreign = internal::SignCheckpoint(Keys::Generate(), 25, f.Row(25).hash, "x");
  ASSERT_TRUE(CheckpointSignatureValid(foreign));
  ExpectBad(f.Verified(foreign), 25, "checkpoint");
  Checkpoint own = internal::SignCheckpoint(f.keys, 25, f.Row(25).hash, "x");
  own.seq = 24;  // edited after signing
  ExpectBad(f.Verified(own), 24, "checkpoint");
}

}  // namespace
}  // namespace dancu::audit
