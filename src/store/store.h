// The database interface of dancu: one API, engines behind it (SQLite now, PostgreSQL later).
//
// Callers write portable SQL: `?` placeholders, `RETURNING`, `ON CONFLICT`, no engine
// functions (times and dates are passed in as parameters, as ISO text). Engine-specific SQL
// lives only in this module (schema migrations, pragmas).
//
// Concurrency model: every write runs on ONE writer thread; writes that arrive together are
// committed together (group commit: one transaction, one fsync, each job inside its own
// savepoint so one job's failure does not undo another's). Reads run on the caller's thread
// on a pooled read connection, inside a read transaction (a consistent snapshot).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/error.h"

namespace dancu::store {

using core::Result;

// Bytes that must be stored as a BLOB (not text).
struct Blob {
  std::string bytes;
};

using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

// One result row. Accessors convert NULL to the empty value of the asked type.
class Row {
 public:
  explicit Row(std::vector<Value> cols) : cols_(std::move(cols)) {}
  size_t size() const { return cols_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cols_.at(i)); }
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  std::string Text(size_t i) const;  // also returns BLOB bytes
  const Value& at(size_t i) const { return cols_.at(i); }

 private:
  std::vector<Value> cols_;
};

// A connection inside a transaction, lent to a callback by Database::Read/Write.
// Not thread-safe; valid only during the callback.
class Tx {
 public:
  virtual ~Tx() = default;
  // Runs one statement with `?` parameters bound in order; returns its rows.
  // Errors: conflict for a UNIQUE/constraint violation, internal otherwise.
  virtual Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement; returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Convenience: first row, or not_found with `what` in the message.
  Result<Row> QueryOne(std::string_view sql, const Params& params, std::string_view what);
};

struct Options {
  int read_connections = 4;  // upper bound of pooled read connections
  bool durable = true;       // fsync every commit (synchronous=FULL); false only in benches
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs `fn` (returning Result<T>) in a read transaction; thread-safe.
  template <class F>
  auto Read(F&& fn) { return Run<F>(std::forward<F>(fn), false); }
  // Runs `fn` on the writer thread inside a savepoint of a group-committed transaction;
  // returns after the transaction is durable. If `fn` returns an error its changes are
  // rolled back. Thread-safe; `fn` must not call Read/Write itself.
  template <class F>
  auto Write(F&& fn) { return Run<F>(std::forward<F>(fn), true); }

  virtual std::string_view Engine() const = 0;  // "sqlite" or "postgresql"

 protected:
  using Job = std::function<Result<void>(Tx&)>;
  virtual Result<void> RunRead(const Job& job) = 0;
  virtual Result<void> RunWrite(const Job& job) = 0;

 private:
  template <class F>
  auto Run(F&& fn, bool write) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    std::optional<R> out;
    Job job = [&](Tx& tx) -> Result<void> {
      out.emplace(fn(tx));
      if (!out->has_value()) return std::unexpected(out->error());
      return {};
    };
    Result<void> status = write ? RunWrite(job) : RunRead(job);
    if (out) return std::move(*out);
    return R(std::unexpected(status.error()));
  }
};

// Opens (creating if needed) a SQLite database file in WAL mode and applies pending schema
// migrations. Parent directories are created. Errors: unavailable when the file cannot be
// opened, internal when a migration fails.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, Options options = {});

}  // namespace dancu::store
