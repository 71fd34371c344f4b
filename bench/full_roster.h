// The full Kiên Giang roster for benchmarks: the demo catalogue (363 units); every sở
// registers 40 officials, every district its offices (8 each) and communes (5 each), every
// other district leaving out three units — 2,888 accounts in submitted forms.
#pragma once

#include <filesystem>

#include "registry/registry.h"

namespace dancu::bench {

struct Roster {
  std::unique_ptr<store::Database> db;
  int64_t campaign = 0;
  int accounts = 0;
};

// Builds the roster in a fresh database file `name` in the temp folder (not durable: only
// reads are measured).
inline Roster BuildRoster(const std::string& name) {
  Roster r;
  auto path = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove(path);
  r.db = std::move(*store::OpenSqlite(path.string(), {.durable = false}));
  (void)registry::ImportOrgsCsv(*r.db, registry::DemoFile("kiengiang_2021_orgs.csv"), "bench");
  (void)registry::ImportPurposesCsv(*r.db, registry::DemoFile("purposes.csv"), "bench");
  r.campaign = *registry::CreateCampaign(*r.db, {.name = "Bench", .basis = "Kế hoạch số 1/KH-UBND",
                                                 .open_date = "2021-07-01", .deadline = "2021-07-30",
                                                 .targets = {}, .rules = {}}, "bench");
  auto orgs = *r.db->Read([](store::Tx& tx) { return registry::ListOrgs(tx, {}); });
  int seq = 0;
  for (const auto& unit : orgs) {
    if (unit.kind != registry::OrgKind::kDepartment && unit.kind != registry::OrgKind::kDistrict) continue;
    std::vector<std::pair<std::string, std::string>> agencies(40, {unit.code, unit.name});
    if (unit.kind == registry::OrgKind::kDistrict) {
      agencies.clear();
      int skipped = 0;
      bool partial = seq % 2 == 1;
      for (const auto& o : orgs) {
        if (o.parent_code != unit.code) continue;
        if (partial && skipped < 3) { ++skipped; continue; }
        agencies.insert(agencies.end(), o.kind == registry::OrgKind::kOffice ? 8 : 5, {o.code, o.name});
      }
    }
    std::string csv = registry::SyntheticFormCsv(unit.name, agencies, int(agencies.size()), unsigned(seq),
                                                 ".b" + std::to_string(seq));
    ++seq;
    auto imported = registry::ImportForm(*r.db, r.campaign, unit.code, csv, "f.csv", "bench");
    if (!imported) continue;
    r.accounts += int(imported->plan.rows.size());
    (void)registry::ApplyFormAction(*r.db, r.campaign, unit.code, registry::FormAction::kSubmit, "", "bench");
  }
  return r;
}

}  // namespace dancu::bench
