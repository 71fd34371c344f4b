// Administrative actions in the audit log: every change of the registry already writes a
// history row (who, when, what, why — approve, return, suspend, revoke, export, system keys…),
// from the CLI or the API; the mirror appends each new history row, in order, to the
// tamper-evident audit log as an "admin" record. Rows written while no server runs are
// mirrored when the next one starts.
//
// No row stops the mirror (issue 10 item 6: one over-long reason once held back every later
// revocation, lockout and failed login). A row is recorded faithfully but bounded — the log
// cuts an over-long field and notes its size and SHA-256 in detail.audit_notes. A row that
// still cannot be appended, or that names no action, is recorded as a placeholder admin
// record (reason_code "mirror_placeholder", detail {"history_id", "placeholder": true}) that
// says why, and the mirror moves on. Only a log that cannot write at all (unavailable, store
// errors) makes it stop, and retry that same row at the next pass.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit.h"
#include "store/store.h"

namespace dancu::gateway {

// The reason_code of a placeholder record.
inline constexpr const char* kMirrorPlaceholder = "mirror_placeholder";

class AdminMirror {
 public:
  // Starts a thread that mirrors every `period`. Thread-safe to destroy (stops and joins).
  AdminMirror(store::Database& registry, store::Database& audit_db, audit::AuditLog& log,
              std::chrono::milliseconds period = std::chrono::milliseconds(1000));
  ~AdminMirror();
  // Mirrors what is new now; returns how many rows were appended (placeholders included).
  // Thread-safe. Errors: the store's or the log's (nothing after the failed row is appended).
  core::Result<int> SyncOnce();

 private:
  core::Result<int64_t> LastMirrored();
  core::Result<int64_t> MirrorRow(const store::Row& row);
  store::Database& registry_;
  store::Database& audit_db_;
  audit::AuditLog& log_;
  std::chrono::milliseconds period_;
  std::mutex sync_mu_;
  int64_t last_ = -1;  // last history id mirrored; -1 until read from the audit log
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// How far the audit log's admin records are behind the registry's history, for
// `dancu audit verify`.
struct MirrorStatus {
  int64_t history_newest = 0;    // newest history id in the registry
  int64_t mirrored_through = 0;  // newest history id the audit log records
  int64_t behind = 0;            // history rows after mirrored_through
  std::string oldest_behind_at;  // when the oldest of them was written; empty when none
  std::string log_newest_at;     // time of the newest audit record; empty when none
  // The log was written to more than `grace` after the oldest row behind: a server ran
  // long enough for a working mirror to catch up, so the mirror is stuck.
  bool stuck = false;
  int64_t placeholder_count = 0;      // rows recorded only as placeholders
  std::vector<int64_t> placeholders;  // their history ids (the first 20)
};

// Reads both databases (one snapshot each). Errors: the store's.
core::Result<MirrorStatus> CheckMirror(store::Database& registry, store::Database& audit_db,
                                       std::chrono::seconds grace = std::chrono::seconds(60));

}  // namespace dancu::gateway
