// SQLite engine of store::Database: WAL, one writer thread with group commit, pooled readers.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "store/migrations.h"
#include "store/store.h"

namespace dancu::store {
namespace {

using core::Error;
using core::Fail;

// One SQLite connection with a cache of prepared statements. Used by one thread at a time.
class Connection final : public Tx {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    std::vector<Row> rows;
    auto st = Step(sql, params, &rows);
    if (!st) return Fail(st.error());
    return rows;
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    auto st = Step(sql, params, nullptr);
    if (!st) return Fail(st.error());
    return int64_t(sqlite3_changes64(db_));
  }

  // Runs SQL text that may hold several statements and no parameters (pragmas, migrations).
  Result<void> Script(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string text = msg ? msg : "?";
      sqlite3_free(msg);
      return Fail(Error::Internal("Lỗi cơ sở dữ liệu: " + text));
    }
    return {};
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, key.data(), int(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK) {
      return Fail(Error::Internal(std::string("Lỗi câu lệnh SQL: ") + sqlite3_errmsg(db_)));
    }
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

  static int Bind(sqlite3_stmt* stmt, int i, const Value& v) {
    if (auto* n = std::get_if<int64_t>(&v)) return sqlite3_bind_int64(stmt, i, *n);
    if (auto* d = std::get_if<double>(&v)) return sqlite3_bind_double(stmt, i, *d);
    if (auto* s = std::get_if<std::string>(&v))
      return sqlite3_bind_text64(stmt, i, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (auto* b = std::get_if<Blob>(&v))
      return sqlite3_bind_blob64(stmt, i, b->bytes.data(), b->bytes.size(), SQLITE_TRANSIENT);
    return sqlite3_bind_null(stmt, i);
  }

  static Value Column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER: return int64_t(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
      case SQLITE_TEXT:
        return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                           size_t(sqlite3_column_bytes(stmt, i)));
      case SQLITE_BLOB: {
        auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
        return Blob{std::string(p ? p : "", size_t(sqlite3_column_bytes(stmt, i)))};
      }
      default: return std::monostate{};
    }
  }

  Result<void> Step(std::string_view sql, const Params& params, std::vector<Row>* rows) {
    auto stmt = Prepare(sql);
    if (!stmt) return Fail(stmt.error());
    sqlite3_stmt* s = *stmt;
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() { sqlite3_reset(s); sqlite3_clear_bindings(s); }
    } reset{s};
    for (size_t i = 0; i < params.size(); ++i) {
      if (Bind(s, int(i + 1), params[i]) != SQLITE_OK) {
        return Fail(Error::Internal(std::string("Lỗi gắn tham số SQL: ") + sqlite3_errmsg(db_)));
      }
    }
    for (;;) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) return {};
      if (rc != SQLITE_ROW) return Fail(StepError(rc));
      if (rows) {
        std::vector<Value> cols;
        int n = sqlite3_column_count(s);
        cols.reserve(size_t(n));
        for (int i = 0; i < n; ++i) cols.push_back(Column(s, i));
        rows->emplace_back(std::move(cols));
      }
    }
  }

  Error StepError(int rc) const {
    std::string msg = sqlite3_errmsg(db_);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return Error::Conflict("Dữ liệu vi phạm ràng buộc (trùng lặp hoặc tham chiếu sai): " + msg);
    }
    if ((rc & 0xff) == SQLITE_BUSY) return Error::Unavailable("Cơ sở dữ liệu đang bận: " + msg);
    return Error::Internal("Lỗi cơ sở dữ liệu: " + msg);
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

Result<std::unique_ptr<Connection>> OpenConnection(const std::string& path, bool durable) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "không đủ bộ nhớ";
    sqlite3_close_v2(db);
    return Fail(Error::Unavailable("Không mở được cơ sở dữ liệu " + path + ": " + msg));
  }
  auto conn = std::make_unique<Connection>(db);
  sqlite3_busy_timeout(db, 10000);
  std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=";
  pragmas += durable ? "FULL;" : "OFF;";
  if (auto st = conn->Script(pragmas); !st) return Fail(st.error());
  return conn;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, Options options, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), options_(options), writer_(std::move(writer)) {
    thread_ = std::thread([this] { WriterLoop(); });
  }

  ~SqliteDatabase() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  std::string_view Engine() const override { return "sqlite"; }

 protected:
  Result<void> RunRead(const Job& job) override {
    auto conn = Borrow();
    if (!conn) return Fail(conn.error());
    Result<void> result = RunGuarded(**conn, job, "BEGIN", "COMMIT");
    Return(std::move(*conn));
    return result;
  }

  Result<void> RunWrite(const Job& job) override {
    Pending pending{&job, {}};
    auto done = pending.promise.get_future();
    {
      std::lock_guard lock(mu_);
      queue_.push_back(&pending);
    }
    cv_.notify_one();
    return done.get();
  }

 private:
  struct Pending {
    const Job* job;
    std::promise<Result<void>> promise;
  };

  // Runs `job` between `begin` and `end`; rolls back on error or exception (a bug).
  static Result<void> RunGuarded(Connection& c, const Job& job, const std::string& begin,
                                 const std::string& end) {
    if (auto st = c.Script(begin); !st) return st;
    Result<void> result;
    try {
      result = job(c);
    } catch (const std::exception& e) {
      result = Fail(Error::Internal(std::string("Lỗi nội bộ: ") + e.what()));
    }
    if (!result) {
      (void)c.Script(end == "COMMIT" ? "ROLLBACK" : "ROLLBACK TO j; RELEASE j");
      return result;
    }
    if (auto st = c.Script(end); !st) return st;
    return result;
  }

  void WriterLoop() {
    for (;;) {
      std::deque<Pending*> batch;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        batch.swap(queue_);
      }
      CommitBatch(batch);
    }
  }

  // Group commit: one transaction for the batch, a savepoint per job.
  void CommitBatch(std::deque<Pending*>& batch) {
    std::vector<Result<void>> results;
    results.reserve(batch.size());
    Result<void> begin = writer_->Script("BEGIN IMMEDIATE");
    for (Pending* p : batch) {
      if (!begin) { results.push_back(begin); continue; }
      results.push_back(RunGuarded(*writer_, *p->job, "SAVEPOINT j", "RELEASE j"));
    }
    Result<void> commit = begin ? writer_->Script("COMMIT") : begin;
    if (!commit && begin) (void)writer_->Script("ROLLBACK");
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->promise.set_value(commit ? std::move(results[i]) : commit);
    }
  }

  Result<std::unique_ptr<Connection>> Borrow() {
    {
      std::lock_guard lock(pool_mu_);
      if (!pool_.empty()) {
        auto c = std::move(pool_.back());
        pool_.pop_back();
        return c;
      }
    }
    return OpenConnection(path_, options_.durable);
  }

  void Return(std::unique_ptr<Connection> c) {
    std::lock_guard lock(pool_mu_);
    if (int(pool_.size()) < options_.read_connections) pool_.push_back(std::move(c));
  }

  std::string path_;
  Options options_;
  std::unique_ptr<Connection> writer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> pool_;
};

Result<void> Migrate(Connection& c) {
  if (auto st = c.Script("CREATE TABLE IF NOT EXISTS schema_migrations "
                         "(version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      !st) {
    return st;
  }
  auto applied = c.Query("SELECT version FROM schema_migrations", {});
  if (!applied) return Fail(applied.error());
  std::vector<int64_t> done;
  for (auto& r : *applied) done.push_back(r.Int(0));
  for (const Migration& m : SqliteMigrations()) {
    if (std::find(done.begin(), done.end(), m.version) != done.end()) continue;
    std::string sql = "BEGIN IMMEDIATE;\n" + std::string(m.sql) +
                      "\nINSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                      ", '" + std::string(m.name) + "');\nCOMMIT;";
    if (auto st = c.Script(sql); !st) {
      (void)c.Script("ROLLBACK");
      return Fail(Error::Internal("Nâng cấp lược đồ " + std::string(m.name) +
                                  " thất bại: " + st.error().message));
    }
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, Options options) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  // Issue 10: a new database is 0600 before SQLite writes a byte (its -wal and -shm files
  // take the database file's mode); SQLite alone would make it 0644.
  if (!path.empty() && path != ":memory:" && !path.starts_with("file:")) {
    if (int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
  }
  auto writer = OpenConnection(path, options.durable);
  if (!writer) return Fail(writer.error());
  if (auto st = Migrate(**writer); !st) return Fail(st.error());
  return std::unique_ptr<Database>(
      new SqliteDatabase(path, options, std::move(*writer)));
}

}  // namespace dancu::store
