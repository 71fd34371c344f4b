// `dancu population generate|sample`: the synthetic citizen file of the reference service.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/context.h"
#include "population/generator.h"
#include "population/store.h"

namespace dancu::cli {
namespace {

using nlohmann::json;

constexpr const char* kDefaultPopulation = "./var/population.db";

// 1234567 → "1.234.567" (Vietnamese digit grouping).
std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

std::string BirthText(const population::BirthDate& b) {
  char buf[16];
  if (b.year_only())
    std::snprintf(buf, sizeof buf, "%04d", b.year);
  else
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", b.day, b.month, b.year);
  return buf;
}

void AddGenerate(CLI::App& pop, Context& ctx) {
  struct Opts {
    uint64_t count = 0, seed = 0;
    std::string out = kDefaultPopulation;
    bool force = false;
  };
  auto o = std::make_shared<Opts>();
  auto* gen =
      pop.add_subcommand("generate", "Tạo tệp dân cư giả lập (không phải dữ liệu người thật)");
  gen->add_option("--count", o->count, "Số công dân cần tạo")->required();
  gen->add_option("--seed", o->seed, "Hạt giống: cùng --count và --seed cho cùng một tệp")
      ->required();
  gen->add_option("--out", o->out, "Tệp dân cư sẽ tạo")->capture_default_str();
  gen->add_flag("--force", o->force, "Ghi đè tệp đã có");
  gen->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      std::error_code ec;
      if (!o->force && std::filesystem::exists(o->out, ec)) {
        return PrintError(ctx.out(), core::Error::Conflict(
                                         "Tệp " + o->out +
                                         " đã có; thêm --force để ghi đè hoặc chọn --out khác."));
      }
      const bool live = !ctx.out().json && isatty(STDERR_FILENO);
      auto progress = [live](uint64_t done, uint64_t total) {
        if (!live) return;
        std::cerr << "\rĐã tạo " << Grouped(done) << "/" << Grouped(total) << " công dân ("
                  << done * 100 / total << "%)…" << std::flush;
      };
      auto stats = population::Generate(o->out, o->count, o->seed, progress);
      if (live) std::cerr << "\n";
      if (!stats) return PrintError(ctx.out(), stats.error());
      json j{{"file", o->out},
             {"citizens", stats->citizens},
             {"households", stats->households},
             {"bytes", stats->file_bytes},
             {"bytes_per_citizen", stats->bytes_per_citizen()},
             {"seconds", stats->seconds},
             {"seed", o->seed}};
      return Print(ctx.out(), j, [&] {
        char line[160];
        std::snprintf(line, sizeof line, " trong %.1f giây; %.1f MB, %.0f byte/công dân.",
                      stats->seconds, double(stats->file_bytes) / 1e6, stats->bytes_per_citizen());
        std::string tail = line;
        std::replace(tail.begin(), tail.end(), '.', ',');  // Vietnamese decimal comma
        tail.back() = '.';
        std::cout << "Đã tạo " << Grouped(stats->citizens) << " công dân giả lập ("
                  << Grouped(stats->households) << " hộ) vào " << o->out << tail << "\n";
      });
    };
  });
}

void AddSample(CLI::App& pop, Context& ctx) {
  struct Opts {
    uint64_t n = 10, seed = 1;
    std::string file = kDefaultPopulation;
  };
  auto o = std::make_shared<Opts>();
  auto* sample = pop.add_subcommand("sample", "In ngẫu nhiên một số công dân của tệp dân cư");
  sample->add_option("--n", o->n, "Số công dân")->capture_default_str();
  sample->add_option("--seed", o->seed, "Hạt giống của phép chọn")->capture_default_str();
  sample->add_option("--population,--db-population", o->file, "Tệp dân cư")->capture_default_str();
  sample->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto store = population::CitizenStore::Open(o->file);
      if (!store) return PrintError(ctx.out(), store.error());
      auto people = (*store)->Sample(o->n, o->seed);
      if (!people) return PrintError(ctx.out(), people.error());
      json a = json::array();
      for (const auto& c : *people) {
        a.push_back({{"cccd", c.id_number},
                     {"cmnd", c.cmnd},
                     {"full_name", c.FullName()},
                     {"birth", BirthText(c.birth)}});
      }
      return Print(ctx.out(), a, [&] {
        for (const auto& c : *people) {
          std::cout << c.id_number << "  " << Pad(c.cmnd.empty() ? "—" : c.cmnd, 10)
                    << Pad(BirthText(c.birth), 12) << c.FullName() << "\n";
        }
        std::cout << people->size() << " / " << Grouped((*store)->Count()) << " công dân.\n";
      });
    };
  });
}

}  // namespace

void AddPopulationCommands(CLI::App& app, Context& ctx) {
  auto* pop =
      app.add_subcommand("population", "Dân cư giả lập: tạo tệp, lấy mẫu, dịch vụ tham chiếu")
          ->require_subcommand(1);
  AddGenerate(*pop, ctx);
  AddSample(*pop, ctx);
}

}  // namespace dancu::cli
