// What the gateway checks a query against, read from the registry into one immutable
// snapshot: accounts with their status, form status, unit, purposes and quota; units with a
// valid commitment; the unit tree; the fields each purpose may receive — and the one function
// that decides from it whether an account may query now (the gateway and the pages call it).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "store/store.h"

namespace dancu::gateway {

// The row of a login that decides its access (see LoadPolicy for which row that is).
struct AccountPolicy {
  int64_t id = 0;
  std::string login;
  std::string full_name;
  std::string agency_code;   // the unit the official works for
  std::string form_unit;     // the unit whose form registered the account
  std::string status;        // pending | active | suspended | revoked | ended
  std::string form_status;   // draft | submitted | returned | approved | sent_c06 | active
  int daily_quota = 0;
  std::set<std::string> purposes;  // service codes (MaDVC)
  std::string status_reason;       // why suspended, revoked or ended
  bool reinstated = false;         // revoked, but the login was reinstated since
  std::string phone;               // SoDienThoai as registered
  std::string official_id;         // the official's CCCD (MaCanBo upstream); may be empty
};

// Immutable once built; share it between threads freely.
struct PolicySnapshot {
  std::map<std::string, AccountPolicy> accounts;  // by lower-case login
  std::set<std::string> units_with_commitment;    // valid on `day`
  std::map<std::string, std::string> parent;      // agency code → parent code
  std::map<std::string, std::vector<std::string>> service_fields;  // purpose → allowed fields
  std::map<std::string, std::string> unit_names;
  std::map<std::string, std::string> national_code;  // purpose → national code ("" = same)
  std::map<std::string, std::string> by_national;    // national code → purpose (first by code)
  std::map<std::pair<int64_t, std::string>, std::string> aliases;  // (system id, sent) → purpose
  std::string day;         // the local day the commitments were checked for
  int64_t version = 0;     // registry change counter (history) when read

  const AccountPolicy* Find(const std::string& login) const;
  // The account of the official with this CCCD, when exactly one login carries it.
  const AccountPolicy* FindByOfficial(const std::string& cccd) const;
  // Whether `unit` is `ancestor` or lies under it.
  bool Within(const std::string& unit, const std::string& ancestor) const;
  // The unit's name, else its code.
  std::string UnitName(const std::string& code) const;
};

// Reads a snapshot. Access is decided per login across campaigns: of a login's rows, one that
// is revoked (and not reinstated) wins, then a suspended one, then an active one, then a
// pending one, then the rest (ended, reinstated revocations); among equals the latest
// campaign's. So a revocation or suspension anywhere stops the login everywhere. Thread-safe.
core::Result<std::shared_ptr<const PolicySnapshot>> LoadPolicy(store::Database& db, const core::Date& day);
// The same snapshot restricted to the rows of one login (case-insensitive): for pages that
// show one account. Thread-safe.
core::Result<std::shared_ptr<const PolicySnapshot>> LoadPolicyFor(store::Database& db,
                                                                  const core::Date& day,
                                                                  const std::string& login);
// The registry's change counter: changes when anything in the registry changes.
core::Result<int64_t> PolicyVersion(store::Database& db);

// Whether the account may query now as far as its registration goes, in the gateway's order:
// the login's deciding row is active → its form is approved (approved, sent_c06, active) →
// the form unit has a valid commitment on snap.day. Purpose, unit and quota are per query.
struct QueryDecision {
  bool allowed = false;
  std::string reason_code;  // "" when allowed; account_inactive | form_not_approved | no_commitment
                            // | official_id_missing
  core::Error error;        // permission_denied with a Vietnamese reason when refused
};
// The purpose a code sent by system `system_id` stands for, and the code to send upstream.
struct PurposeResolution {
  std::string purpose;   // dancu's code
  std::string national;  // MaDVC upstream: the national code, else dancu's code
};
// In order: the system's own mapping of `sent`, dancu's code, the one purpose whose national
// code it is. Errors: invalid_argument "purpose_unknown"-worthy message naming the code and
// how to map it (an empty code: asks for MaDVC). Pure; thread-safe.
core::Result<PurposeResolution> ResolvePurpose(const PolicySnapshot& snap, int64_t system_id,
                                               const std::string& sent);

// What the installation adds to the decision (configuration file, [upstream]).
struct AccessRules {
  // The national service checks the official per query: an account without the official's
  // CCCD is refused ("official_id_missing").
  bool require_official_id = false;
};
// The one decision "may this account query now?" (STYLE.md: one decision, one function).
// Pure; thread-safe.
QueryDecision MayQuery(const PolicySnapshot& snap, const AccountPolicy& account,
                       const AccessRules& rules = {});

}  // namespace dancu::gateway
