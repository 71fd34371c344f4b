// The reminder letter for the full Kiên Giang roster (issue 3 target: under 0.5 s without PDF).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "compliance/compliance.h"
#include "docs/documents.h"
#include "registry/registry.h"
#include "full_roster.h"

namespace {

using namespace dancu;

using bench::Roster;

Roster& Get() {
  static Roster r = bench::BuildRoster("dancu-letter-bench.db");
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
