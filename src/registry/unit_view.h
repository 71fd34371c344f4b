// What a unit's focal point sees of its own unit: the campaigns it registers for and the
// state of its form in each, the agencies its form may hold accounts of, and its security
// commitments with their signed scans. Read-only look-ups over one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "registry/campaign.h"
#include "registry/catalogue.h"
#include "registry/commitment.h"
#include "registry/registration.h"
#include "store/store.h"

namespace dancu::registry {

// One campaign as seen by a unit: whether it is open and where the unit's form stands.
struct UnitCampaign {
  Campaign campaign;
  bool open = false;                      // open_date ≤ today ≤ deadline
  std::optional<FormStatus> form_status;  // nullopt: the unit has no form in it yet
  int accounts = 0;                       // account rows of the unit's form
  std::string form_updated_at;            // local ISO time of the form's last change
};

// Campaigns that target `unit_code` or hold a form of it, newest first (opening date, then
// id). Errors: not_found for an unknown unit.
Result<std::vector<UnitCampaign>> CampaignsOfUnit(store::Tx& tx, const std::string& unit_code,
                                                  const core::Date& today);

// The unit itself, then every unit below it in catalogue order: the agencies whose officials
// the unit's form may register (the scope ImportForm checks). Units no longer valid are
// included (a form of 2021 names them); Org::valid_to tells. Errors: not_found.
Result<std::vector<Org>> AgenciesOfUnit(store::Tx& tx, const std::string& unit_code);

// The signed scan of a commitment as stored.
struct ScanInfo {
  std::string sha256;
  std::string filename;     // as uploaded
  int64_t size = 0;         // bytes
  std::string uploaded_at;  // local ISO time this scan was attached to the commitment
};

struct UnitCommitment {
  Commitment commitment;
  std::optional<ScanInfo> scan;  // nullopt until the signed scan is uploaded
};

// The unit's commitments, newest first, each with its scan's details. Errors: internal.
Result<std::vector<UnitCommitment>> CommitmentsWithScans(store::Tx& tx, const std::string& unit_code);

}  // namespace dancu::registry
