// The "new campaign" form of the web application: every field as typed, checked field by
// field, and the target units chosen by kind (sở, UBND huyện, phòng ban, UBND xã) and/or by
// code, resolved against the catalogue into a CampaignSpec for CreateCampaign.
#pragma once

#include <string>
#include <vector>

#include "registry/campaign.h"
#include "store/store.h"

namespace dancu::registry {

using core::Result;

struct CampaignForm {
  std::string name;
  std::string basis;
  std::string open_date;  // ISO or dd/mm/yyyy; empty = today
  std::string deadline;   // required
  std::vector<std::string> target_kinds;  // kind codes: "so", "huyen", "phong", "xa"
  std::string target_codes;  // further units: one agency code per line (or CSV, codes first)
  CompletenessRules rules;
};

// Checks every field and resolves the targets: every unit of the chosen kinds valid on the
// deadline, then the listed codes, each unit once, in catalogue order. Pure reads.
// Errors: invalid_argument with one FieldError per bad field, its column the field's name
// ("name", "basis", "open_date", "deadline", "target_kinds", "target_codes") and a message
// saying what to fix (row 0: these are form fields, not file rows).
Result<CampaignSpec> CampaignSpecFromForm(store::Tx& tx, const CampaignForm& form);

}  // namespace dancu::registry
