// Tests of the audit log's append deadline: a log whose database is locked answers quickly
// and keeps its chain whole (issue 10 item 8).
#include <future>
#include <thread>

#include "audit/test_support.h"

namespace dancu::audit {
namespace {

using testing::Fixture;
using testing::Query;

// Holds the write lock of `path` from a second connection until `release` is set.
class Locker {
 public:
  explicit Locker(const std::string& path) {
    auto db = store::OpenSqlite(path, {.read_connections = 1, .durable = false});
    EXPECT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    thread_ = std::thread([this] {
      (void)db_->Write([this](store::Tx&) -> core::Result<int> {
        locked_.set_value();
        release_.get_future().wait();
        return 0;
      });
    });
    locked_.get_future().wait();
  }
  void Release() {
    if (!thread_.joinable()) return;
    release_.set_value();
    thread_.join();
  }
  ~Locker() { Release(); }

 private:
  std::unique_ptr<store::Database> db_;
  std::promise<void> locked_, release_;
  std::thread thread_;
};

TEST(AuditDeadline, RecordsQueuedPastTheDeadlineAreAnsweredUnavailableAndNeverWritten) {
  // issue 10 item 8: an append waited as long as another process held audit.db.
  Fixture f("deadline.db", {.append_deadline = std::chrono::milliseconds(300)});
  ASSERT_EQ(f.Fill(2), 2);
  Locker lock(f.path);
  std::vector<std::future<Result<int64_t>>> answers;
  for (int i = 0; i < 3; ++i) {
    auto p = std::make_shared<std::promise<Result<int64_t>>>();
    answers.push_back(p->get_future());
    f.log->Append(Query("an", "001099000001"), [p](Result<int64_t> seq) { p->set_value(seq); });
  }
  for (auto& a : answers) {
    ASSERT_EQ(a.wait_for(std::chrono::seconds(5)), std::future_status::ready)
        << "a generous bound, far below the store's own wait for the lock";
    Result<int64_t> seq = a.get();
    ASSERT_FALSE(seq.has_value());
    EXPECT_EQ(seq.error().code, core::Code::kUnavailable);
  }
  EXPECT_EQ(f.log->Stats().expired, 3);
  lock.Release();
  EXPECT_EQ(f.log->AppendSync(Query("binh", "001099000002")).value_or(-1), 3);
  EXPECT_EQ(f.log->AppendSync(Query("chi", "001099000003")).value_or(-1), 4);
  f.Close();
  VerifyReport report = f.Verified();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.records, 4);
}

}  // namespace
}  // namespace dancu::audit
