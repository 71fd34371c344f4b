// Administrative actions in the audit log: every change of the registry already writes a
// history row (who, when, what, why — approve, return, suspend, revoke, export, system keys…),
// from the CLI or the API; the mirror appends each new history row, in order, to the
// tamper-evident audit log as an "admin" record. Rows written while no server runs are
// mirrored when the next one starts.
#pragma once

#include <atomic>
#include <thread>

#include "audit/audit.h"
#include "store/store.h"

namespace dancu::gateway {

class AdminMirror {
 public:
  // Starts a thread that mirrors every `period`. Thread-safe to destroy (stops and joins).
  AdminMirror(store::Database& registry, store::Database& audit_db, audit::AuditLog& log,
              std::chrono::milliseconds period = std::chrono::milliseconds(1000));
  ~AdminMirror();
  // Mirrors what is new now; returns how many rows were appended. Errors: the store's.
  core::Result<int> SyncOnce();

 private:
  core::Result<int64_t> LastMirrored();
  store::Database& registry_;
  store::Database& audit_db_;
  audit::AuditLog& log_;
  std::chrono::milliseconds period_;
  int64_t last_ = -1;  // last history id mirrored; -1 until read from the audit log
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace dancu::gateway
