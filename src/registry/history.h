// The change history of the registry: every change keeps who, when, what and why.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace dancu::registry {

using core::Result;

struct Change {
  std::string actor;      // who: a user name, "cli:<os user>" or "api@<address>"
  std::string entity;     // org, campaign, registration, account, commitment, export
  std::string entity_id;  // the entity's id or code
  std::string action;     // import, submit, approve, return, suspend, ...
  std::string from_status;
  std::string to_status;
  std::string reason;     // why (required for return, suspend, revoke)
  std::string detail;     // free text, e.g. file name and row count
  std::string at;         // local ISO time; RecordChange fills in now when empty
};

// Appends one change inside the caller's write transaction. Errors: invalid_argument when
// the reason is longer than 4,096 bytes (what the audit log's record holds) or not valid
// UTF-8; internal.
// REQUIRES: a non-empty `at` was validated by the caller (steps recorded after the fact).
Result<void> RecordChange(store::Tx& tx, Change change);

// Changes of one entity, oldest first.
Result<std::vector<Change>> ChangesOf(store::Tx& tx, std::string_view entity,
                                      std::string_view entity_id);

}  // namespace dancu::registry
