// A row of the registry's change history written by the gateway's own administration
// (integrated systems, purpose mapping and fields); the admin mirror copies it to the audit log.
#pragma once

#include <string>

#include "core/date.h"
#include "store/store.h"

namespace dancu::gateway {

// Appends (now, actor, entity, entity_id, action, detail) inside the caller's transaction.
inline core::Result<void> RecordHistory(store::Tx& tx, const std::string& actor, const std::string& entity,
                                        const std::string& entity_id, const std::string& action,
                                        const std::string& detail) {
  auto st = tx.Exec("INSERT INTO history (at, actor, entity, entity_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
                    {core::NowLocalIso(), actor, entity, entity_id, action, detail});
  if (!st) return core::Fail(st.error());
  return {};
}

}  // namespace dancu::gateway
