// Change history rows of the registry.
#include "registry/history.h"

#include "core/date.h"
#include "core/text.h"

namespace dancu::registry {
namespace {

// The audit record's bound on a reason (audit::kMaxReasonBytes): every history row is
// mirrored into the audit log, so a reason is held to it where it is written (issue 10
// item 6). The mirror still survives a longer one written before this check existed.
constexpr size_t kMaxReasonBytes = 4096;

Result<void> CheckReason(const std::string& reason) {
  if (reason.size() > kMaxReasonBytes) {
    return core::Fail(core::Error::Invalid(
        "Lý do dài " + std::to_string(reason.size()) + " byte, quá giới hạn " +
        std::to_string(kMaxReasonBytes) + " byte (khoảng 1.000 chữ có dấu); hãy viết ngắn lại."));
  }
  if (!core::IsValidUtf8(reason)) {
    return core::Fail(core::Error::Invalid(
        "Lý do chứa ký tự không hợp lệ (không phải văn bản UTF-8); hãy gõ lại lý do."));
  }
  return {};
}

}  // namespace

Result<void> RecordChange(store::Tx& tx, Change c) {
  if (auto st = CheckReason(c.reason); !st) return st;
  if (c.at.empty()) c.at = core::NowLocalIso();
  auto r = tx.Exec(
      "INSERT INTO history (at, actor, entity, entity_id, action, from_status, to_status, "
      "reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {c.at, c.actor, c.entity, c.entity_id, c.action, c.from_status, c.to_status, c.reason,
       c.detail});
  if (!r) return core::Fail(r.error());
  return {};
}

Result<std::vector<Change>> ChangesOf(store::Tx& tx, std::string_view entity,
                                      std::string_view entity_id) {
  auto rows = tx.Query(
      "SELECT at, actor, entity, entity_id, action, from_status, to_status, reason, detail "
      "FROM history WHERE entity = ? AND entity_id = ? ORDER BY id",
      {std::string(entity), std::string(entity_id)});
  if (!rows) return core::Fail(rows.error());
  std::vector<Change> out;
  for (const auto& r : *rows) {
    out.push_back({.actor = r.Text(1), .entity = r.Text(2), .entity_id = r.Text(3),
                   .action = r.Text(4), .from_status = r.Text(5), .to_status = r.Text(6),
                   .reason = r.Text(7), .detail = r.Text(8), .at = r.Text(0)});
  }
  return out;
}

}  // namespace dancu::registry
