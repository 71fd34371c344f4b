// What the gateway checks a query against, read from the registry into one immutable
// snapshot: accounts with their status, form status, unit, purposes and quota; units with a
// valid commitment; the unit tree; the fields each purpose may receive.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace dancu::gateway {

struct AccountPolicy {
  int64_t id = 0;
  std::string login;
  std::string full_name;
  std::string agency_code;   // the unit the official works for
  std::string form_unit;     // the unit whose form registered the account
  std::string status;        // pending | active | suspended | revoked
  std::string form_status;   // draft | submitted | returned | approved | sent_c06 | active
  int daily_quota = 0;
  std::set<std::string> purposes;  // service codes (MaDVC)
};

// Immutable once built; share it between threads freely.
struct PolicySnapshot {
  std::map<std::string, AccountPolicy> accounts;  // by lower-case login
  std::set<std::string> units_with_commitment;    // valid on `day`
  std::map<std::string, std::string> parent;      // agency code → parent code
  std::map<std::string, std::vector<std::string>> service_fields;  // purpose → allowed fields
  std::map<std::string, std::string> unit_names;
  std::string day;         // the local day the commitments were checked for
  int64_t version = 0;     // registry change counter (history) when read

  const AccountPolicy* Find(const std::string& login) const;
  // Whether `unit` is `ancestor` or lies under it.
  bool Within(const std::string& unit, const std::string& ancestor) const;
};

// Reads a snapshot. When one login exists in several campaigns, the account that is active
// (else the latest) wins. Thread-safe.
core::Result<std::shared_ptr<const PolicySnapshot>> LoadPolicy(store::Database& db, const core::Date& day);
// The registry's change counter: changes when anything in the registry changes.
core::Result<int64_t> PolicyVersion(store::Database& db);

}  // namespace dancu::gateway
