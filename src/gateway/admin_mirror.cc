// Mirroring the registry's change history into the audit log.
#include "gateway/admin_mirror.h"

#include <nlohmann/json.hpp>

namespace dancu::gateway {

AdminMirror::AdminMirror(store::Database& registry, store::Database& audit_db, audit::AuditLog& log,
                         std::chrono::milliseconds period)
    : registry_(registry), audit_db_(audit_db), log_(log), period_(period) {
  thread_ = std::thread([this] {
    while (!stop_) {
      (void)SyncOnce();
      for (auto waited = std::chrono::milliseconds(0); waited < period_ && !stop_; waited += std::chrono::milliseconds(50))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

AdminMirror::~AdminMirror() {
  stop_ = true;
  thread_.join();
  (void)SyncOnce();  // what changed in the last moments
}

// The newest admin record names the history row it mirrors.
core::Result<int64_t> AdminMirror::LastMirrored() {
  auto rows = audit_db_.Read([](store::Tx& tx) {
    return tx.Query("SELECT detail FROM audit_record WHERE kind = 'admin' ORDER BY seq DESC LIMIT 1", {});
  });
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return int64_t(0);
  auto j = nlohmann::json::parse(rows->front().Text(0), nullptr, false);
  return j.is_object() ? j.value("history_id", int64_t(0)) : int64_t(0);
}

core::Result<int> AdminMirror::SyncOnce() {
  if (last_ < 0) {
    auto last = LastMirrored();
    if (!last) return core::Fail(last.error());
    last_ = *last;
  }
  auto rows = registry_.Read([&](store::Tx& tx) {
    return tx.Query("SELECT id, at, actor, entity, entity_id, action, from_status, to_status, reason "
                    "FROM history WHERE id > ? ORDER BY id LIMIT 1000", {last_});
  });
  if (!rows) return core::Fail(rows.error());
  int n = 0;
  for (const auto& r : *rows) {
    audit::Record rec;
    rec.kind = "admin";
    rec.time = r.Text(1);
    rec.actor = r.Text(2);
    rec.action = r.Text(3) + "." + r.Text(5);
    rec.outcome = "allowed";
    rec.reason = r.Text(8);
    rec.detail = nlohmann::json{{"history_id", r.Int(0)}, {"entity", r.Text(3)}, {"entity_id", r.Text(4)},
                                {"from", r.Text(6)}, {"to", r.Text(7)}}.dump();
    auto seq = log_.AppendSync(std::move(rec));
    if (!seq) return core::Fail(seq.error());
    last_ = r.Int(0);
    ++n;
  }
  return n;
}

}  // namespace dancu::gateway
