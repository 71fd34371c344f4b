// One account as the gateway sees it, for the official's own lookup screen:
// status, form, commitment, registered purposes with their texts, daily quota,
// whom to contact — and whether a query would pass the registration checks
// today.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "gateway/policy.h"
#include "store/store.h"

namespace dancu::gateway {

struct AccountView {
  std::string login;
  std::string full_name;
  std::string agency_code;  // the unit the official works for
  std::string agency_name;
  std::string form_unit;  // the unit whose form registered the account
  std::string form_unit_name;
  std::string status;  // pending | active | suspended | revoked | ended
  std::string status_reason;
  std::string form_status;        // draft | submitted | returned | approved | sent_c06
                                  // | active
  bool commitment_valid = false;  // the form unit has a valid commitment with its scan on `day`
  int daily_quota = 0;
  std::vector<std::pair<std::string, std::string>> purposes;  // (code, text), by code
  // The contact person written on the form (the unit's focal point for the
  // registration).
  std::string contact_name, contact_position, contact_phone, contact_email;
  // Whether the gateway's registration checks pass today: MayQuery (gateway/policy.h), the
  // same function the gateway calls, with its reason_code ("account_inactive",
  // "form_not_approved", "no_commitment") and its Vietnamese reason followed by whom to
  // contact. Purpose and quota are checked per query by the gateway.
  bool can_query = false;
  std::string reason_code;
  std::string reason;
};

// The account `login` (case-insensitive): the row LoadPolicyFor decides the login by (a
// revocation or suspension in any campaign wins), with its commitment checked for `day`.
// Thread-safe. Errors: not_found when no form registers the login; the store's errors.
core::Result<AccountView> ViewAccount(store::Database& registry, const std::string& login,
                                      const core::Date& day, const AccessRules& rules = {});

}  // namespace dancu::gateway
