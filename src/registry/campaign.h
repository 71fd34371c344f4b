// Campaigns (đợt đăng ký): name, legal basis, dates, target units and what "complete" means.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace dancu::registry {

using core::Result;

// What "complete" means for a target unit (the seed letter's footnotes 5–8): a district
// (UBND huyện) is complete only when its required offices and all its communes have
// registered accounts; a sở when it has registered accounts itself.
struct CompletenessRules {
  bool district_needs_self = false;     // UBND huyện's own accounts (beside its offices)
  bool district_needs_offices = true;   // every phòng ban valid on the deadline
  bool district_needs_communes = true;  // every UBND xã valid on the deadline
  bool needs_commitment = true;         // a valid Bản cam kết of the unit
};

struct Campaign {
  int64_t id = 0;
  std::string name;
  std::string basis;      // e.g. "Kế hoạch số 129/KH-UBND ngày 06/7/2021"
  core::Date open_date;
  core::Date deadline;
  CompletenessRules rules;
  int target_count = 0;
  std::string created_at;
  std::string created_by;
};

struct CampaignSpec {
  std::string name;
  std::string basis;
  std::string open_date;             // ISO or dd/mm/yyyy; empty = today
  std::string deadline;              // required
  std::vector<std::string> targets;  // agency codes; empty = every unit valid on the deadline
  CompletenessRules rules;
};

// Creates a campaign and its targets; returns its id. Errors: invalid_argument naming the
// bad field (empty name or basis, bad dates, deadline before opening, unknown target code,
// target not valid on the deadline, no target at all).
Result<int64_t> CreateCampaign(store::Database& db, const CampaignSpec& spec,
                               const std::string& actor);

Result<std::vector<Campaign>> ListCampaigns(store::Tx& tx);
// Errors: not_found.
Result<Campaign> GetCampaign(store::Tx& tx, int64_t id);
// Agency codes of the campaign's targets, in catalogue order.
Result<std::vector<std::string>> CampaignTargets(store::Tx& tx, int64_t id);

// Reads a target list: one agency code per line, or a CSV whose first column holds codes
// (a header line "ma_dinh_danh" is skipped). Errors: invalid_argument per bad line.
Result<std::vector<std::string>> ParseTargetList(std::string_view text);

}  // namespace dancu::registry
