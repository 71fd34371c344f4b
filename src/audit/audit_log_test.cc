// Tests of appending to the audit log: ordering, durability contract, privacy of subjects,
// keys, checkpoints, search and the quota rebuild.
#include <sys/stat.h>

#include <atomic>
#include <future>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "audit/test_support.h"

namespace dancu::audit {
namespace {

using testing::Admin;
using testing::Fixture;
using testing::Query;

TEST(AuditLog, ManyThreadsAppendAGaplessChainThatVerifies) {
  Fixture f("threads.db");
  constexpr int kThreads = 8, kSync = 100, kAsync = 300;
  std::mutex mu;
  std::vector<int64_t> seqs;
  std::atomic<int> failures = 0;
  std::latch async_done(kThreads * kAsync);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAsync; ++i) {  // fire and forget: many records in flight
        f.log->Append(Query("async" + std::to_string(t), "001099000" + std::to_string(100 + i)),
                      [&](core::Result<int64_t> seq) {
                        if (seq) {
                          std::lock_guard lock(mu);
                          seqs.push_back(*seq);
                        } else
                          ++failures;
                        async_done.count_down();
                      });
      }
      for (int i = 0; i < kSync; ++i) {
        auto seq = f.log->AppendSync(Query("sync" + std::to_string(t), "001099000123"));
        if (!seq) {
          ++failures;
          continue;
        }
        std::lock_guard lock(mu);
        seqs.push_back(*seq);
      }
    });
  }
  for (auto& th : threads) th.join();
  async_done.wait();
  EXPECT_EQ(failures.load(), 0);
  std::sort(seqs.begin(), seqs.end());
  ASSERT_EQ(seqs.size(), size_t(kThreads * (kSync + kAsync)));
  for (size_t i = 0; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], int64_t(i + 1)) << "gap or repeat";
  LogStats stats = f.log->Stats();
  EXPECT_EQ(stats.last_seq, int64_t(seqs.size()));
  EXPECT_LT(stats.batches, stats.appended) << "group commit should batch concurrent appends";
  VerifyReport report = f.Verified();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.records, int64_t(seqs.size()));
}

TEST(AuditLog, ACallbackThatThrowsDoesNotStopTheLog) {
  // Issue 10 (exception barriers): a caller's callback that throws ran on an audit thread,
  // where nothing caught it (std::terminate).
  Fixture f("throwing-callback.db");
  std::promise<void> called;
  f.log->Append(Query("an", "001099000001"), [&](Result<int64_t>) {
    called.set_value();
    throw std::runtime_error("lỗi của bên gọi");
  });
  called.get_future().wait();
  auto seq = f.log->AppendSync(Query("binh", "001099000002"));
  ASSERT_TRUE(seq.has_value()) << seq.error().message;
  EXPECT_EQ(*seq, 2);
}

TEST(AuditLog, OneThreadsRecordsAreChainedInTheOrderAppended) {
  Fixture f("order.db");
  std::vector<int64_t> seqs;
  std::mutex mu;
  std::latch done(50);
  for (int i = 0; i < 50; ++i) {
    f.log->Append(Admin("admin", "step" + std::to_string(i)), [&](core::Result<int64_t> s) {
      std::lock_guard lock(mu);
      seqs.push_back(s.value_or(-1));
      done.count_down();
    });
  }
  done.wait();
  auto rows = Search(*f.db, f.keys, {.limit = 100});
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 50u);
  for (const StoredRecord& r : *rows) {  // newest first
    EXPECT_EQ(r.record.action, "step" + std::to_string(r.record.seq - 1));
  }
}

TEST(AuditLog, ThePlainSubjectNeverReachesTheDatabaseFile) {
  const std::string kSubject = "079203004567";
  std::string path;
  {
    Fixture f("privacy.db");
    path = f.path;
    Record r = Query("cb.kiengiang", kSubject, "refused");
    r.dossier = "HS-SENTINEL-0001";
    r.reason = "Không tìm thấy công dân " + kSubject + " trong CSDL";
    r.detail = R"({"asked":"079 203 004 567"})";
    auto seq = f.log->AppendSync(r);
    ASSERT_TRUE(seq.has_value()) << seq.error().message;
    ASSERT_TRUE(f.log->AppendSync(Query("cb2", "079.203.004.567")).has_value());
    StoredRecord stored = f.Row(*seq);
    EXPECT_EQ(stored.record.reason, "Không tìm thấy công dân [đã ẩn] trong CSDL");
    EXPECT_EQ(stored.record.detail, R"({"asked":"[đã ẩn]"})");
    EXPECT_TRUE(stored.record.subject.empty());
    EXPECT_EQ(stored.subject_hash.size(), 64u);
    EXPECT_EQ(f.Row(*seq + 1).subject_hash, stored.subject_hash) << "normalised before hashing";
  }  // closing the database folds the WAL into the file
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) bytes += testing::ReadFileBytes(path + suffix);
  ASSERT_NE(bytes.find("HS-SENTINEL-0001"), std::string::npos) << "read the wrong file";
  EXPECT_EQ(bytes.find(kSubject), std::string::npos);
  EXPECT_EQ(bytes.find("079 203 004 567"), std::string::npos);
  EXPECT_EQ(bytes.find("079.203.004.567"), std::string::npos);
}

TEST(AuditLog, SearchFindsRecordsByAccountUnitSubjectDayAndKind) {
  Fixture f("search.db");
  auto add = [&](std::string actor, std::string unit, std::string subject, std::string time) {
    Record r = Query(std::move(actor), std::move(subject), "allowed", std::move(time));
    r.unit = std::move(unit);
    ASSERT_TRUE(f.log->AppendSync(r).has_value());
  };
  add("an", "000.00.01.H32", "001099000001", "2021-08-23T09:00:00+07:00");
  add("binh", "000.00.02.H32", "001099000002", "2021-08-23T10:00:00+07:00");
  add("an", "000.00.01.H32", "001099000002", "2021-08-24T08:00:00+07:00");
  ASSERT_TRUE(f.log->AppendSync(Admin("an", "login")).has_value());

  auto count = [&](SearchFilter filter) {
    auto r = Search(*f.db, f.keys, filter);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r ? r->size() : size_t(999);
  };
  EXPECT_EQ(count({.account = "an"}), 3u);
  EXPECT_EQ(count({.account = "an", .kind = "query"}), 2u);
  EXPECT_EQ(count({.unit = "000.00.02.H32"}), 1u);
  EXPECT_EQ(count({.subject = "001099000002"}), 2u);
  EXPECT_EQ(count({.subject = "001 099 000 002"}), 2u);
  EXPECT_EQ(count({.from = "2021-08-23", .to = "2021-08-23"}), 2u);
  EXPECT_EQ(count({.from = "24/08/2021"}), 2u);  // the admin record is today, after that day
  EXPECT_EQ(count({.account = "an", .subject = "001099000002", .to = "2021-08-24"}), 1u);
  EXPECT_EQ(count({.account = "nobody"}), 0u);
  EXPECT_EQ(count({.limit = 2}), 2u);
  auto page = Search(*f.db, f.keys, {.limit = 1, .offset = 1});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().record.seq, 3);  // newest first

  auto bad = Search(*f.db, f.keys, {.from = "2021-13-45"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::Code::kInvalidArgument);
  EXPECT_FALSE(Search(*f.db, f.keys, {.limit = 0}).has_value());
}

TEST(AuditLog, SearchReachesEveryBlockOfRecords) {
  // Search keys start with the block of seq; rows are placed at the edges of blocks 0, 1
  // and 2 directly, without appending tens of thousands of records.
  const int64_t b = int64_t(1) << internal::kBlockBits;
  Fixture f("blocks.db");
  f.Close();
  std::vector<std::pair<std::string, store::Params>> inserts;
  for (int64_t seq : {int64_t(1), b, b + 1, 2 * b + 1, 2 * b + b / 2}) {
    Record r = Query(seq == b ? "other" : "an", "001099000001");
    auto s = internal::Prepare(r, f.keys);
    ASSERT_TRUE(s.has_value());
    s->record.seq = seq;
    inserts.emplace_back(internal::kInsertRecord, internal::RecordParams(std::move(*s)));
  }
  f.Tamper(inserts);
  auto by_subject = LookupsOfSubject(*f.db, f.keys, "001099000001");
  ASSERT_TRUE(by_subject.has_value()) << by_subject.error().message;
  ASSERT_EQ(by_subject->size(), 5u);
  EXPECT_EQ(by_subject->front().record.seq, 2 * b + b / 2);
  EXPECT_EQ(by_subject->back().record.seq, 1);
  auto by_account = Search(*f.db, f.keys, {.account = "an"});
  ASSERT_TRUE(by_account.has_value());
  std::vector<int64_t> seqs;
  for (auto& r : *by_account) seqs.push_back(r.record.seq);
  EXPECT_EQ(seqs, (std::vector<int64_t>{2 * b + b / 2, 2 * b + 1, b + 1, 1}));
  auto by_unit = Search(*f.db, f.keys, {.unit = "000.00.01.H32", .limit = 2, .offset = 1});
  ASSERT_TRUE(by_unit.has_value());
  ASSERT_EQ(by_unit->size(), 2u);
  EXPECT_EQ((*by_unit)[0].record.seq, 2 * b + 1);
}

TEST(AuditLog, LookupsOfSubjectListsOnlyQueriesAboutThatCitizen) {
  Fixture f("lookups.db");
  ASSERT_TRUE(f.log->AppendSync(Query("an", "001099000001")).has_value());
  ASSERT_TRUE(f.log->AppendSync(Query("binh", "001099000009", "refused")).has_value());
  ASSERT_TRUE(f.log->AppendSync(Query("chi", "001099000001", "refused")).has_value());
  Record admin = Admin("quantri", "export");
  admin.subject = "001099000001";  // an admin action naming the citizen is not a lookup
  ASSERT_TRUE(f.log->AppendSync(admin).has_value());
  auto who = LookupsOfSubject(*f.db, f.keys, "001099000001");
  ASSERT_TRUE(who.has_value()) << who.error().message;
  ASSERT_EQ(who->size(), 2u);
  EXPECT_EQ((*who)[0].record.actor, "chi");
  EXPECT_EQ((*who)[0].record.outcome, "refused");
  EXPECT_EQ((*who)[1].record.actor, "an");
  EXPECT_FALSE(LookupsOfSubject(*f.db, f.keys, "  ").has_value());
}

TEST(AuditLog, AnAuditorDecryptsTheSubjectAndOtherKeysCannot) {
  Fixture f("decrypt.db");
  auto seq = f.log->AppendSync(Query("an", "001 099 000 777"));
  ASSERT_TRUE(seq.has_value());
  auto admin = f.log->AppendSync(Admin("an", "login"));
  ASSERT_TRUE(admin.has_value());
  StoredRecord r = f.Row(*seq);
  EXPECT_EQ(DecryptSubject(f.keys, r), std::optional<std::string>("001099000777"));
  EXPECT_EQ(DecryptSubject(Keys::Generate(), r), std::nullopt);
  r.subject_enc[30] ^= 1;
  EXPECT_EQ(DecryptSubject(f.keys, r), std::nullopt) << "tampered ciphertext must not open";
  EXPECT_EQ(DecryptSubject(f.keys, f.Row(*admin)), std::nullopt);
}

TEST(AuditLog, ReopeningContinuesTheChain) {
  Fixture f("restart.db", {.checkpoint_on_close = false});
  ASSERT_EQ(f.Fill(5), 5);
  std::string tail_hash = f.Row(5).hash;
  f.Close();
  f.Reopen();
  auto seq = f.log->AppendSync(Admin("an", "login"));
  ASSERT_TRUE(seq.has_value());
  EXPECT_EQ(*seq, 6);
  EXPECT_EQ(f.Row(6).prev_hash, tail_hash);
  VerifyReport report = f.Verified();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.records, 6);
}

TEST(AuditLog, ARejectedRecordUsesNoSeq) {
  Fixture f("reject.db");
  Record bad = Query("an", "001099000001");
  bad.kind = "lookup";
  auto r = f.log->AppendSync(bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(r.error().message.find("001099000001"), std::string::npos);
  Record no_action = Query("an", "001099000001");
  no_action.action.clear();
  EXPECT_FALSE(f.log->AppendSync(no_action).has_value());
  EXPECT_EQ(f.log->AppendSync(Query("an", "001099000001")).value_or(-1), 1);
}

TEST(AuditLog, TheStoreRefusesToChangeOrDeleteARecord) {
  Fixture f("appendonly.db");
  ASSERT_EQ(f.Fill(2), 2);
  ASSERT_TRUE(f.log->CheckpointNow().has_value());
  for (const char* sql :
       {"UPDATE audit_record SET actor = 'x' WHERE seq = 1",
        "DELETE FROM audit_record WHERE seq = 2", "DELETE FROM audit_checkpoint"}) {
    auto r = f.db->Write([&](store::Tx& tx) { return tx.Exec(sql); });
    EXPECT_FALSE(r.has_value()) << sql;
  }
  EXPECT_EQ(f.Row(1).record.actor, "user0");
}

TEST(AuditLog, ACheckpointIsSignedEveryNRecords) {
  Fixture f("checkpoints.db", {.checkpoint_every_records = 10});
  ASSERT_EQ(f.Fill(25), 25);
  auto rows = f.db->Read([](store::Tx& tx) {
    return tx.Query(std::string(internal::kSelectCheckpoint) + " ORDER BY seq");
  });
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    Checkpoint c = internal::CheckpointFromRow((*rows)[i]);
    EXPECT_EQ(c.seq, int64_t(10 * (i + 1)));
    EXPECT_EQ(c.hash, f.Row(c.seq).hash);
    EXPECT_EQ(c.public_key, f.keys.PublicKeyHex());
    EXPECT_TRUE(CheckpointSignatureValid(c));
    c.time += " ";
    EXPECT_FALSE(CheckpointSignatureValid(c)) << "the signature covers the time";
  }
  auto latest = f.log->LatestCheckpoint();
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->seq, 20);
  f.Close();  // signs the tail
  auto last = LatestCheckpoint(*f.db);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->seq, 25);
  VerifyReport report = f.Verified();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.checkpoints_ok, 3);
  EXPECT_EQ(report.signed_through, 25);
}

TEST(AuditLog, ATailLeftUnsignedIsSignedAfterTheInterval) {
  Fixture f("interval.db", {.checkpoint_every_records = 1000, .checkpoint_every_seconds = 1});
  ASSERT_EQ(f.Fill(3), 3);
  // Waits for the event, not for a duration: the deadline only bounds a failure.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  core::Result<Checkpoint> latest = f.log->LatestCheckpoint();
  while (!(latest && latest->seq == 3) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    latest = f.log->LatestCheckpoint();
  }
  ASSERT_TRUE(latest.has_value()) << "no checkpoint within 20 s";
  EXPECT_EQ(latest->seq, 3);
  EXPECT_TRUE(CheckpointSignatureValid(*latest));
  EXPECT_EQ(latest->hash, f.Row(3).hash);
}

TEST(AuditLog, AnExportedCheckpointRoundTripsThroughJson) {
  Fixture f("export.db", {.checkpoint_every_records = 1000});
  EXPECT_EQ(f.log->ExportCheckpoint().error().code, core::Code::kNotFound);
  ASSERT_EQ(f.Fill(3), 3);
  auto json = f.log->ExportCheckpoint();
  ASSERT_TRUE(json.has_value()) << json.error().message;
  auto c = CheckpointFromJson(*json);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->seq, 3);
  EXPECT_EQ(c->hash, f.Row(3).hash);
  EXPECT_TRUE(CheckpointSignatureValid(*c));
  auto again = f.log->CheckpointNow();  // nothing new: the same checkpoint
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->signature, c->signature);
  EXPECT_FALSE(CheckpointFromJson(R"({"format":"x"})").has_value());
  EXPECT_FALSE(
      CheckpointFromJson(R"({"format":"dancu-audit-checkpoint-v1","seq":"3"})").has_value());
}

TEST(AuditLog, OpenRefusesAKeyThatDidNotSignTheLog) {
  Fixture f("wrongkey.db");
  ASSERT_EQ(f.Fill(2), 2);
  f.Close();  // signs the tail with f.keys
  auto other = AuditLog::Open(*f.db, Keys::Generate());
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, core::Code::kPermissionDenied);
}

TEST(AuditLog, TheKeyFileIsCreatedPrivateAndReadBack) {
  std::string path = testing::TempPath("keys/audit.keys");
  EXPECT_EQ(DefaultKeyPath("/srv/dancu/var/audit.db"), "/srv/dancu/var/audit.keys");
  auto created = Keys::LoadOrCreate(path);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = Keys::LoadOrCreate(path);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(loaded->sign_secret, created->sign_secret);
  EXPECT_EQ(loaded->subject_hash_key, created->subject_hash_key);
  EXPECT_EQ(loaded->subject_enc_key, created->subject_enc_key);
  std::string text = testing::ReadFileBytes(path);
  EXPECT_NE(text.find(created->PublicKeyHex()), std::string::npos);
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto open = Keys::Load(path);
  ASSERT_FALSE(open.has_value());
  EXPECT_EQ(open.error().code, core::Code::kPermissionDenied);
}

TEST(AuditLog, CountAllowedQueriesCountsOnlyAllowedQueriesOfTheLocalDay) {
  Fixture f("quota.db");
  auto add = [&](std::string actor, std::string outcome, std::string time, bool admin = false) {
    Record r = Query(std::move(actor), "001099000001", std::move(outcome), std::move(time));
    if (admin) r.kind = "admin";
    auto seq = f.log->AppendSync(r);
    ASSERT_TRUE(seq.has_value()) << seq.error().message;
  };
  add("an", "allowed", "2021-08-23T00:00:00+07:00");
  add("an", "allowed", "2021-08-23T23:59:00+07:00");
  add("an", "allowed", "2021-08-24T00:01:00+07:00");  // the next local day
  add("an", "allowed", "2021-08-23T16:59:59Z");       // 23:59:59 in Vietnam
  add("an", "allowed", "2021-08-23T17:00:00Z");       // 00:00 on the 24th in Vietnam
  add("an", "refused", "2021-08-23T10:00:00+07:00");
  add("an", "failed", "2021-08-23T10:00:00+07:00");
  add("an", "allowed", "2021-08-23T10:00:00+07:00", true);
  add("binh", "allowed", "2021-08-23T12:00:00.250+07:00");
  auto counts = CountAllowedQueries(*f.db, "2021-08-23");
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(*counts, (std::map<std::string, int64_t>{{"an", 3}, {"binh", 1}}));
  auto next = CountAllowedQueries(*f.db, "24/08/2021");
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, (std::map<std::string, int64_t>{{"an", 2}}));
  EXPECT_FALSE(CountAllowedQueries(*f.db, "2021-02-30").has_value());
}

TEST(AuditLog, ClosingCommitsEverythingQueued) {
  Fixture f("closing.db");
  ASSERT_EQ(f.Fill(1), 1);
  std::atomic<int> committed = 0;
  for (int i = 0; i < 100; ++i) {
    f.log->Append(Admin("an", "x"), [&](core::Result<int64_t> seq) { committed += seq ? 1 : 0; });
  }
  f.Close();  // returns only after the queue is drained
  EXPECT_EQ(committed.load(), 100);
  VerifyReport report = f.Verified();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.records, 101);
}

}  // namespace
}  // namespace dancu::audit
