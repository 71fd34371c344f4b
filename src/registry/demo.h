// Demo data: the Kiên Giang 2021 catalogue (fictitious agency codes, marked so), the purpose
// catalogue, a campaign with synthetic forms in every workflow state, and the seed letter's
// campaign as it stood on 23/8/2021 (registry/seed_scenario.h).
// Every person in it is synthetic.
#pragma once

#include <string>

#include "store/store.h"

namespace dancu::registry {

using core::Result;

struct DemoSummary {
  int orgs = 0;
  int purposes = 0;
  int64_t campaign_id = 0;       // forms in every workflow state
  int64_t seed_campaign_id = 0;  // the seed letter's situation on 23/8/2021
  int forms = 0;
  int accounts = 0;
};

// Loads the demo into an empty database through the same paths users take (import, submit,
// approve...). Errors: conflict when the database already holds a catalogue.
Result<DemoSummary> LoadDemo(store::Database& db, const std::string& actor);

// Loads the purpose catalogue CSV (columns ma, noi_dung); upserts by code; returns the count.
Result<int> ImportPurposesCsv(store::Database& db, std::string_view csv, const std::string& actor);

// Embedded demo files by name (generated at build time from data/demo/); empty if unknown.
std::string_view DemoFile(std::string_view name);

// A synthetic registration form for `unit_code` as CSV text laid out like the paper form
// (title rows, contact, the account table) with `count` accounts whose agency codes cycle
// through `agency_codes`, each with a synthetic Kiên Giang CCCD of the official (province
// 091) in a last column. Deterministic for a given seed.
std::string SyntheticFormCsv(const std::string& unit_name,
                             const std::vector<std::pair<std::string, std::string>>& agencies,
                             int count, unsigned seed, const std::string& login_suffix);

}  // namespace dancu::registry
