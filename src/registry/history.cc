// Change history rows of the registry.
#include "registry/history.h"

#include "core/date.h"

namespace dancu::registry {

Result<void> RecordChange(store::Tx& tx, Change c) {
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
