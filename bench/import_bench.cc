// Import + validation of a 10,000-row registration form (issue 2 target: under 1 s).
#include <benchmark/benchmark.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>

#include "registry/registry.h"

namespace {

using namespace dancu;

struct Fixture {
  std::unique_ptr<store::Database> db;
  std::string xlsx;
  std::string csv;
};

// A 10,000-row form of the whole province: accounts spread over every unit of the demo
// catalogue, laid out like the paper form (title rows, header, numbered rows).
Fixture& Get() {
  static Fixture f = [] {
    Fixture f;
    auto dir = std::filesystem::temp_directory_path() / "dancu-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    f.db = std::move(*store::OpenSqlite((dir / "bench.db").string(), {.durable = true}));
    (void)registry::ImportOrgsCsv(*f.db, registry::DemoFile("kiengiang_2021_orgs.csv"), "bench");
    (void)registry::ImportPurposesCsv(*f.db, registry::DemoFile("purposes.csv"), "bench");
    (void)registry::CreateCampaign(*f.db, {.name = "Bench", .basis = "Bench", .open_date = "2021-07-01",
                                           .deadline = "2021-07-30", .targets = {}, .rules = {}}, "bench");
    auto orgs = *f.db->Read([](store::Tx& tx) { return registry::ListOrgs(tx, {}); });
    std::vector<std::pair<std::string, std::string>> agencies;
    for (const auto& o : orgs) agencies.push_back({o.code, o.name});
    f.csv = registry::SyntheticFormCsv("UBND tỉnh Kiên Giang", agencies, 10000, 7, ".kg");
    // The same rows as XLSX, through the CSV reader.
    auto table = *registry::ReadCsv(f.csv);
    auto path = (dir / "form.xlsx").string();
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    for (size_t r = 0; r < table.rows.size(); ++r)
      for (size_t c = 0; c < table.rows[r].size(); ++c)
        if (!table.rows[r][c].empty()) worksheet_write_string(ws, lxw_row_t(r), lxw_col_t(c), table.rows[r][c].c_str(), nullptr);
    workbook_close(wb);
    std::ifstream in(path, std::ios::binary);
    f.xlsx.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return f;
  }();
  return f;
}

void Run(benchmark::State& state, const std::string& bytes, const char* name, bool dry_run) {
  auto& f = Get();
  for (auto _ : state) {
    auto r = registry::ImportForm(*f.db, 1, "000.00.00.H33", bytes, name, "bench", dry_run);
    if (!r || r->plan.rows.size() != 10000) {
      state.SkipWithError(r ? "wrong row count" : r.error().message.c_str());
      break;
    }
  }
  state.counters["rows/s"] = benchmark::Counter(10000.0 * double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_ImportXlsx10kWrite(benchmark::State& s) { Run(s, Get().xlsx, "phieu.xlsx", false); }
void BM_ImportXlsx10kDryRun(benchmark::State& s) { Run(s, Get().xlsx, "phieu.xlsx", true); }
void BM_ImportCsv10kWrite(benchmark::State& s) { Run(s, Get().csv, "phieu.csv", false); }

BENCHMARK(BM_ImportXlsx10kWrite)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ImportXlsx10kDryRun)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ImportCsv10kWrite)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
