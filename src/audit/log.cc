// AuditLog: the queue of records and the write jobs that chain and group-commit them.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "audit/audit_internal.h"
#include "core/log.h"

namespace dancu::audit {

using core::Error;
using core::Fail;
using namespace internal;
using Clock = std::chrono::steady_clock;

namespace {

// One queued record, or (when on_checkpoint is set) a request to sign the tail.
struct Item {
  StoredRecord record;
  BodyHash body;  // hashed and tagged by the thread that appended it
  Tags tags;
  std::function<void(Result<int64_t>)> done;
  std::function<void(Result<Checkpoint>)> on_checkpoint;
  Clock::time_point deadline = Clock::time_point::max();

  // Callbacks run behind the exception barrier: a caller's bug must not end an audit thread.
  void Answer(const Error& e) {
    core::Guarded("audit: trả lời", [&] {
      if (on_checkpoint)
        on_checkpoint(Fail(e));
      else
        done(Fail(e));
    });
  }
};

// What one batch wrote, decided inside the write job from the database's own tail.
struct BatchOutcome {
  std::vector<int64_t> seqs;
  std::vector<Checkpoint> checkpoints;
  std::optional<Checkpoint> latest;  // newest checkpoint after the batch
  int64_t last_seq = 0;
};

struct Tail {
  int64_t seq = 0;
  std::string hash{kGenesisHash};
};

Result<Tail> ReadTail(store::Tx& tx) {
  auto rows = tx.Query("SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Tail{};
  return Tail{(*rows)[0].Int(0), (*rows)[0].Text(1)};
}

Result<std::optional<Checkpoint>> ReadLatestCheckpoint(store::Tx& tx) {
  auto rows = tx.Query(std::string(kSelectCheckpoint) + " ORDER BY seq DESC LIMIT 1");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return std::optional<Checkpoint>();
  return std::optional<Checkpoint>(CheckpointFromRow((*rows)[0]));
}

}  // namespace

struct AuditLog::Impl {
  Impl(store::Database& d, Keys k, LogOptions o) : db(d), keys(std::move(k)), options(o) {}

  store::Database& db;
  const Keys keys;
  const LogOptions options;

  mutable std::mutex mu;
  std::condition_variable cv;
  std::deque<Item> queue;  // guarded by mu
  bool stopping = false;   // guarded by mu
  int waiting_jobs = 0;    // handed to the store, not started yet; guarded by mu
  int64_t last_seq = 0;    // mirrors of the database, to know when a checkpoint is due;
  int64_t signed_seq = 0;  //   guarded by mu
  Clock::time_point signed_at = Clock::now();  // guarded by mu
  Clock::time_point retry_at{};                // no job before this; guarded by mu
  LogStats stats;                              // guarded by mu
  std::vector<std::thread> pumps;
  std::condition_variable reaper_cv;  // the queue became non-empty, or the reaper must stop
  bool reaper_stopping = false;       // guarded by mu
  std::thread reaper;
  // Operational log lines, at most one a second per kind (a flood must not flood stderr).
  bool failing = false;                // the last write job failed; guarded by mu
  Clock::time_point reap_logged_at{};  // guarded by mu
  int64_t reaped_unlogged = 0;         // guarded by mu

  void Pump();
  void Reap();
  void RunBatch(bool sign_tail);
  bool CheckpointDue() const;  // REQUIRES: mu held
  void Enqueue(Item item);
};

// Two pumps keep one write job waiting in the store while another commits, so the store's
// writer goes straight from one batch to the next and callbacks run meanwhile.
constexpr int kPumps = 2;

bool AuditLog::Impl::CheckpointDue() const {
  return last_seq > signed_seq && options.checkpoint_every_seconds > 0 &&
         Clock::now() - signed_at >= std::chrono::seconds(options.checkpoint_every_seconds);
}

void AuditLog::Impl::Pump() {
  std::unique_lock lock(mu);
  for (;;) {
    auto ready = [&] {
      return waiting_jobs == 0 && (stopping || !queue.empty() || CheckpointDue());
    };
    if (Clock::now() < retry_at) {  // the last job failed: give the database a moment
      cv.wait_until(lock, retry_at);
      continue;
    }
    if (last_seq > signed_seq && options.checkpoint_every_seconds > 0) {
      cv.wait_until(lock, signed_at + std::chrono::seconds(options.checkpoint_every_seconds),
                    ready);
    } else {
      cv.wait(lock, ready);
    }
    if (!ready()) continue;
    if (queue.empty() && !CheckpointDue()) return;  // stopping, and nothing left
    ++waiting_jobs;
    lock.unlock();
    RunBatch(false);
    lock.lock();
  }
}

// One write job. It takes what is queued when it STARTS on the store's writer thread, so
// records are chained in queue order whichever pump handed it over; and it continues the
// chain from the tail read in the same transaction, so a failed batch, a restart or another
// writer of the file can never fork it. REQUIRES: the caller counted it in waiting_jobs.
void AuditLog::Impl::RunBatch(bool sign_tail) {
  std::vector<Item> batch;
  bool started = false;
  auto result = db.Write([&](store::Tx& tx) -> Result<BatchOutcome> {
    {
      std::lock_guard lock(mu);
      started = true;
      --waiting_jobs;
      size_t records = 0;
      while (!queue.empty() && records < options.max_batch) {
        bool request = bool(queue.front().on_checkpoint);
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
        if (request) break;  // everything queued before it is in this batch
        ++records;
      }
      sign_tail = sign_tail || CheckpointDue() || (!batch.empty() && batch.back().on_checkpoint);
    }
    cv.notify_all();  // the other pump may hand over the next job now
    auto tail = ReadTail(tx);
    if (!tail) return Fail(tail.error());
    auto latest = ReadLatestCheckpoint(tx);
    if (!latest) return Fail(latest.error());
    BatchOutcome out;
    out.latest = std::move(*latest);
    int64_t seq = tail->seq;
    std::string prev = std::move(tail->hash);
    std::string now = NowIso();
    for (Item& item : batch) {
      if (item.on_checkpoint) continue;
      ++seq;
      StoredRecord& r = item.record;  // moved into the row: a failed batch is not retried
      r.record.seq = seq;
      r.hash = ChainHash(item.body, seq, prev);
      r.prev_hash = std::move(prev);
      prev = r.hash;
      auto st = tx.Exec(kInsertRecord, RecordParams(std::move(r), item.tags));
      if (!st) return Fail(st.error());
      out.seqs.push_back(seq);
      if (options.checkpoint_every_records > 0 && seq % options.checkpoint_every_records == 0) {
        out.checkpoints.push_back(SignCheckpoint(keys, seq, prev, now));
      }
    }
    if (!out.checkpoints.empty()) out.latest = out.checkpoints.back();
    if (sign_tail && seq > 0 && (!out.latest || out.latest->seq < seq)) {
      out.checkpoints.push_back(SignCheckpoint(keys, seq, prev, now));
      out.latest = out.checkpoints.back();
    }
    for (const Checkpoint& c : out.checkpoints) {
      if (auto st = tx.Exec(kInsertCheckpoint, CheckpointParams(c)); !st) return Fail(st.error());
    }
    out.last_seq = seq;
    return out;
  });
  {
    std::lock_guard lock(mu);
    if (!started) --waiting_jobs;
    if (!result) {
      signed_at = Clock::now();  // retry a due checkpoint later, not in a busy loop
      retry_at = Clock::now() + options.retry_after;
      ++stats.failed_jobs;
      stats.failed += int64_t(batch.size());
      if (!failing)
        core::LogLine("WARN", "audit: không ghi được nhật ký: " + result.error().message);
      failing = true;
    } else {
      if (failing) core::LogLine("INFO", "audit: ghi nhật ký trở lại bình thường");
      failing = false;
      // Two jobs may finish in either order here: keep the newest state.
      last_seq = std::max(last_seq, result->last_seq);
      if (result->latest) signed_seq = std::max(signed_seq, result->latest->seq);
      if (!result->checkpoints.empty()) signed_at = Clock::now();
      stats.last_seq = last_seq;
      stats.appended += int64_t(result->seqs.size());
      stats.batches += result->seqs.empty() ? 0 : 1;
      stats.checkpoints += int64_t(result->checkpoints.size());
      stats.largest_batch = std::max(stats.largest_batch, result->seqs.size());
    }
  }
  cv.notify_all();
  size_t next = 0;
  for (Item& item : batch) {
    if (item.on_checkpoint) {
      core::Guarded("audit: trả lời điểm kiểm", [&] {
        if (!result)
          item.on_checkpoint(Fail(result.error()));
        else if (!result->latest)
          item.on_checkpoint(Fail(Error::NotFound("Nhật ký kiểm tra còn trống.")));
        else
          item.on_checkpoint(*result->latest);
      });
    } else {
      Result<int64_t> answer = result ? Result<int64_t>(result->seqs[next++]) : Fail(result.error());
      core::Guarded("audit: trả lời", [&] { item.done(std::move(answer)); });
    }
  }
}

void AuditLog::Impl::Enqueue(Item item) {
  {
    std::lock_guard lock(mu);
    if (!stopping && queue.size() < options.max_queue) {
      if (options.append_deadline > std::chrono::milliseconds(0))
        item.deadline = Clock::now() + options.append_deadline;
      bool was_empty = queue.empty();
      queue.push_back(std::move(item));
      cv.notify_one();
      if (was_empty) reaper_cv.notify_one();
      return;
    }
  }
  item.Answer(Error::Unavailable("Nhật ký kiểm tra đang đóng hoặc quá tải; hãy thử lại sau."));
}

// Answers the records whose deadline passed while they waited in the queue. Every item gets
// the same delay, so they expire from the front, in the order they were queued; the ones
// behind keep their place, and a write job never sees an expired one.
void AuditLog::Impl::Reap() {
  std::unique_lock lock(mu);
  while (!reaper_stopping) {
    if (queue.empty() || queue.front().deadline == Clock::time_point::max()) {
      reaper_cv.wait(lock);
      continue;
    }
    Clock::time_point due = queue.front().deadline;  // a copy: the item may go while we wait
    if (reaper_cv.wait_until(lock, due) != std::cv_status::timeout) continue;
    std::vector<Item> expired;
    while (!queue.empty() && queue.front().deadline <= Clock::now()) {
      expired.push_back(std::move(queue.front()));
      queue.pop_front();
    }
    stats.expired += int64_t(expired.size());
    reaped_unlogged += int64_t(expired.size());
    if (reaped_unlogged > 0 && Clock::now() - reap_logged_at >= std::chrono::seconds(1)) {
      core::LogLine("WARN", "audit: " + std::to_string(reaped_unlogged) +
                                " bản ghi quá hạn chờ ghi (" +
                                std::to_string(options.append_deadline.count()) +
                                " ms), truy vấn được trả lời unavailable");
      reap_logged_at = Clock::now();
      reaped_unlogged = 0;
    }
    lock.unlock();
    Error e = Error::Unavailable(
        "Nhật ký kiểm tra không ghi kịp (cơ sở dữ liệu nhật ký đang bị khoá hoặc quá chậm); "
        "thao tác không được thực hiện, hãy thử lại sau.");
    for (Item& item : expired) item.Answer(e);
    lock.lock();
  }
}

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

AuditLog::~AuditLog() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  for (auto& t : impl_->pumps) t.join();  // the reaper still answers what the pumps cannot
  {
    std::lock_guard lock(impl_->mu);
    impl_->reaper_stopping = true;
  }
  impl_->reaper_cv.notify_all();
  impl_->reaper.join();
  if (impl_->options.checkpoint_on_close) {
    {
      std::lock_guard lock(impl_->mu);
      if (impl_->last_seq <= impl_->signed_seq) return;
      ++impl_->waiting_jobs;
    }
    impl_->RunBatch(true);  // signs the tail
  }
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(store::Database& db, Keys keys,
                                                 LogOptions options) {
  EnsureSodium();
  if (options.max_batch == 0) options.max_batch = 1;
  auto impl = std::make_unique<Impl>(db, std::move(keys), options);
  std::string own_key = impl->keys.PublicKeyHex();
  auto state = db.Read([&](store::Tx& tx) -> Result<std::pair<Tail, std::optional<Checkpoint>>> {
    auto tail = ReadTail(tx);
    if (!tail) return Fail(tail.error());
    auto latest = ReadLatestCheckpoint(tx);
    if (!latest) return Fail(latest.error());
    return std::pair{std::move(*tail), std::move(*latest)};
  });
  if (!state) return Fail(state.error());
  auto& [tail, latest] = *state;
  // A different key would make old subjects unsearchable and the log unverifiable.
  if (latest && latest->public_key != own_key) {
    return Fail(Error::Denied("Khoá của nhật ký kiểm tra khác với khoá đã ký nhật ký này (" +
                              latest->public_key.substr(0, 16) +
                              "…); hãy dùng đúng tệp khoá audit.keys."));
  }
  impl->last_seq = tail.seq;
  impl->signed_seq = latest ? latest->seq : 0;
  impl->stats.last_seq = tail.seq;
  Impl* raw = impl.get();
  // Thread entries behind the barrier: after an exception (a bug) the loop starts again.
  for (int i = 0; i < kPumps; ++i) {
    impl->pumps.emplace_back([raw] {
      while (!core::Guarded("audit: luồng ghi", [raw] { raw->Pump(); })) {
      }
    });
  }
  impl->reaper = std::thread([raw] {
    while (!core::Guarded("audit: luồng hết hạn", [raw] { raw->Reap(); })) {
    }
  });
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(impl)));
}

void AuditLog::Append(Record r, std::function<void(Result<int64_t>)> done) {
  auto prepared = Prepare(r, impl_->keys);
  if (!prepared) {
    done(Fail(prepared.error()));
    return;
  }
  BodyHash body = HashBody(*prepared);
  Tags tags = TagsOf(*prepared);
  impl_->Enqueue(Item{std::move(*prepared), body, tags, std::move(done), {}, {}});
}

Result<int64_t> AuditLog::AppendSync(Record r) {
  std::promise<Result<int64_t>> promise;
  auto future = promise.get_future();
  Append(std::move(r), [&promise](Result<int64_t> seq) { promise.set_value(std::move(seq)); });
  return future.get();
}

Result<Checkpoint> AuditLog::CheckpointNow() {
  std::promise<Result<Checkpoint>> promise;
  auto future = promise.get_future();
  impl_->Enqueue(Item{
      {}, {}, {}, {}, [&promise](Result<Checkpoint> c) { promise.set_value(std::move(c)); }, {}});
  return future.get();
}

Result<std::string> AuditLog::ExportCheckpoint() {
  auto c = CheckpointNow();
  if (!c) return Fail(c.error());
  return CheckpointToJson(*c);
}

Result<Checkpoint> AuditLog::LatestCheckpoint() { return audit::LatestCheckpoint(impl_->db); }

LogStats AuditLog::Stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stats;
}

const Keys& AuditLog::keys() const { return impl_->keys; }

Result<Checkpoint> LatestCheckpoint(store::Database& db) {
  auto latest = db.Read([](store::Tx& tx) { return ReadLatestCheckpoint(tx); });
  if (!latest) return Fail(latest.error());
  if (!*latest) return Fail(Error::NotFound("Nhật ký kiểm tra chưa có điểm kiểm tra nào."));
  return std::move(**latest);
}

}  // namespace dancu::audit
