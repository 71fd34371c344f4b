// Tests of the SQLite engine: migrations, parameters, group commit, rollback of one job.
#include "store/store.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <thread>

namespace dancu::store {
namespace {

std::string TempDb(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("dancu-store-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::filesystem::remove(path);
  return path.string();
}

TEST(Store, CreatesAndMigratesANewFileOnce) {
  std::string path = TempDb("migrate.db");
  {
    auto db = OpenSqlite(path);
    ASSERT_TRUE(db.has_value()) << db.error().message;
    auto n = (*db)->Read([](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM schema_migrations", {}, "x"); });
    ASSERT_TRUE(n.has_value());
    EXPECT_GE(n->Int(0), 1);
  }
  auto again = OpenSqlite(path);  // reopening must not re-apply migrations
  ASSERT_TRUE(again.has_value()) << again.error().message;
  auto tables = (*again)->Read([](Tx& tx) {
    return tx.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'org'", {});
  });
  ASSERT_TRUE(tables.has_value());
  EXPECT_EQ(tables->size(), 1u);
}

TEST(Store, ANewDatabaseAndItsWalFilesAreReadableByTheOwnerOnly) {
  // issue 10 item 1: dancu.db, audit.db were created 0644 (whatever the umask allows).
  std::string path = TempDb("private.db");
  const mode_t old = ::umask(022);
  auto db = OpenSqlite(path);
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE((*db)->Write([](Tx& tx) { return tx.Exec("CREATE TABLE t (x INTEGER)", {}); }));
  ::umask(old);
  for (const std::string& f : {path, path + "-wal", path + "-shm"}) {
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0) << f;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << f;
  }
}

TEST(Store, BindsEveryValueTypeAndReadsItBack) {
  auto db = OpenSqlite(TempDb("types.db"));
  ASSERT_TRUE(db.has_value());
  auto row = (*db)->Write([](Tx& tx) {
    return tx.QueryOne("SELECT ?, ?, ?, ?, ?", {int64_t(42), 2.5, std::string("Kiên Giang"),
                                                Blob{std::string("\0\1", 2)}, std::monostate{}},
                       "row");
  });
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Int(0), 42);
  EXPECT_DOUBLE_EQ(row->Real(1), 2.5);
  EXPECT_EQ(row->Text(2), "Kiên Giang");
  EXPECT_EQ(row->Text(3), std::string("\0\1", 2));
  EXPECT_TRUE(row->IsNull(4));
}

TEST(Store, AFailedWriteLeavesNothingAndDoesNotUndoOthers) {
  auto db = OpenSqlite(TempDb("rollback.db"));
  ASSERT_TRUE(db.has_value());
  auto& d = **db;
  auto insert = [&](const std::string& code) {
    return d.Write([&](Tx& tx) -> core::Result<int64_t> {
      return tx.Exec("INSERT INTO purpose (code, text, text_key) VALUES (?, 't', 't')", {code});
    });
  };
  ASSERT_TRUE(insert("A").has_value());
  auto failed = d.Write([&](Tx& tx) -> core::Result<int64_t> {
    auto ok = tx.Exec("INSERT INTO purpose (code, text, text_key) VALUES ('B', 't', 't')", {});
    if (!ok) return ok;
    return tx.Exec("INSERT INTO purpose (code, text, text_key) VALUES ('A', 't', 't')", {});  // duplicate
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, core::Code::kConflict);
  auto codes = d.Read([](Tx& tx) { return tx.Query("SELECT code FROM purpose ORDER BY code", {}); });
  ASSERT_TRUE(codes.has_value());
  ASSERT_EQ(codes->size(), 1u);  // B was rolled back with its job
  EXPECT_EQ((*codes)[0].Text(0), "A");
}

TEST(Store, ConcurrentWritersAreAllCommitted) {
  auto db = OpenSqlite(TempDb("concurrent.db"));
  ASSERT_TRUE(db.has_value());
  auto& d = **db;
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = d.Write([&](Tx& tx) {
          return tx.Exec("INSERT INTO purpose (code, text, text_key) VALUES (?, 't', 't')",
                         {std::to_string(t) + "-" + std::to_string(i)});
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto n = d.Read([](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM purpose", {}, "n"); });
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->Int(0), kThreads * kEach);
}

TEST(Store, QueryOneReportsWhatWasNotFound) {
  auto db = OpenSqlite(TempDb("notfound.db"));
  ASSERT_TRUE(db.has_value());
  auto r = (*db)->Read([](Tx& tx) { return tx.QueryOne("SELECT 1 FROM org WHERE code = ?", {std::string("x")}, "đơn vị x"); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::Code::kNotFound);
  EXPECT_NE(r.error().message.find("đơn vị x"), std::string::npos);
}

}  // namespace
}  // namespace dancu::store
