// Read-only views of a campaign for the provincial admin's pages: every account row in one
// list, the forms with their account counts and submission times (the review queue), and the
// number of forms per status of every campaign. Each view costs a fixed number of queries,
// whatever the number of rows (no query per account or per form).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "registry/account_row.h"
#include "registry/registration.h"
#include "store/store.h"

namespace dancu::registry {

using core::Result;

// One account row of a campaign with the form it belongs to.
struct AccountListing {
  int64_t id = 0;
  std::string login;
  std::string full_name;
  std::string phone;
  std::string official_id;  // the official's CCCD; "" when the unit has not given it
  std::string agency_code;  // the official's own unit (column "Mã cơ quan")
  std::string agency_name;
  std::string role;
  int dossiers_per_day = 0;
  int queries_per_dossier = 0;
  int daily_quota = 0;
  std::vector<std::string> purposes;  // purpose codes, sorted
  AccountStatus status = AccountStatus::kPending;
  std::string status_reason;
  std::string unit_code;  // the unit whose form holds the row
  std::string unit_name;
  FormStatus form_status = FormStatus::kDraft;
};

struct CampaignAccounts {
  std::vector<AccountListing> accounts;        // in catalogue order of the form's unit, then row
  std::map<std::string, std::string> purposes;  // code → catalogue text ("" if no longer listed)
};

// Every account row of the campaign (four queries, whatever the number of rows).
// Errors: not_found for the campaign.
Result<CampaignAccounts> ListCampaignAccounts(store::Tx& tx, int64_t campaign_id);

// A form without its rows, with what the review queue shows.
struct FormSummary {
  Registration form;          // accounts left empty
  int accounts = 0;           // number of account rows
  std::string submitted_at;   // ISO time of the latest submission; "" if never submitted
};

// Every form of the campaign in catalogue order (three queries). Errors: not_found.
Result<std::vector<FormSummary>> ListFormSummaries(store::Tx& tx, int64_t campaign_id);

// Forms of one campaign counted by status code ("draft", "submitted", …), and its accounts.
struct CampaignCounts {
  std::map<std::string, int> forms_by_status;
  int forms = 0;
  int accounts = 0;
};

// Counts of every campaign, by campaign id; campaigns without forms are absent (two queries).
Result<std::map<int64_t, CampaignCounts>> CountFormsByCampaign(store::Tx& tx);

}  // namespace dancu::registry
