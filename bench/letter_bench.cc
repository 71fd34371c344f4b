// The reminder letter for the full Kiên Giang roster (issue 3 target: under 0.5 s without PDF).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "compliance/compliance.h"
#include "docs/documents.h"
#include "registry/registry.h"

namespace {

using namespace dancu;

struct Roster {
  std::unique_ptr<store::Database> db;
  int64_t campaign = 0;
  int accounts = 0;
};

// Every sở and district registers; odd districts leave out two offices and a commune, so the
// letter has partial districts with long footnotes and appendix rows.
Roster& Get() {
  static Roster r = [] {
    Roster r;
    auto path = std::filesystem::temp_directory_path() / "dancu-letter-bench.db";
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
  }();
  return r;
}

void BM_ReminderLetterFullRoster(benchmark::State& state) {
  auto& r = Get();
  size_t bytes = 0;
  for (auto _ : state) {
    auto report = compliance::ComputeReport(*r.db, r.campaign, core::TodayLocal());
    auto docx = docs::RenderReminderLetter(*report, docs::LetterInputs{});
    if (!docx) { state.SkipWithError(docx.error().message.c_str()); break; }
    bytes = docx->size();
  }
  state.counters["accounts"] = r.accounts;
  state.counters["docx_kB"] = double(bytes) / 1024;
}

void BM_ComplianceReportFullRoster(benchmark::State& state) {
  auto& r = Get();
  for (auto _ : state) benchmark::DoNotOptimize(compliance::ComputeReport(*r.db, r.campaign, core::TodayLocal()));
}

BENCHMARK(BM_ReminderLetterFullRoster)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ComplianceReportFullRoster)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
