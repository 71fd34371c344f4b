// The situation of the seed letter (Văn phòng UBND tỉnh Kiên Giang, số 6359/VP-HCC,
// 23/8/2021) as data, on the demo catalogue: 18 of 23 sở registered with 182 officials;
// 8 of 15 districts registered with 351 officials of UBND huyện and offices; Hòn Đất, An Minh,
// Giồng Riềng and Gò Quao registered partly exactly as footnotes 5–8 say. All people are
// synthetic. Used by `dancu demo`, the compliance and letter tests and the benchmarks.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace dancu::registry {

using core::Result;

struct SeedScenario {
  int64_t campaign_id = 0;
  int forms = 0;
  int accounts = 0;
};

// The seed's facts, for tests that compare a generated letter with the seed.
struct SeedFacts {
  std::vector<std::string> registered_departments;    // footnote 1, in the seed's order
  std::vector<std::string> registered_districts;      // footnote 2
  std::vector<std::string> unregistered_departments;  // footnote 3
  std::vector<std::string> unregistered_districts;    // footnote 4
  int department_officials = 182;
  int district_officials = 351;
};
const SeedFacts& TheSeedFacts();

// Creates the campaign of the seed (Kế hoạch số 129/KH-UBND ngày 06/7/2021; deadline
// 30/7/2021; no commitment rule, as the 2021 letter counted lists only) and submits the forms
// on the dates of 2021 that produce the seed's situation on 23/8/2021. REQUIRES: the demo
// catalogue and purposes are loaded. Errors: those of the import and workflow steps.
Result<SeedScenario> LoadSeedScenario(store::Database& db, const std::string& actor);

}  // namespace dancu::registry
