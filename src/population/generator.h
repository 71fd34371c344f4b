// The synthetic population generator: a deterministic, realistic-looking Kiên Giang population
// written as a CitizenStore file (format in store.h). Synthetic only: no real person's data.
//
// What it makes, as of 1/1/2025 (kAsOfYear; births up to 2024):
//  - Households of 1–7 people sharing a permanent address in a commune of the Kiên Giang
//    catalogue (communes.h) and a 9-digit household book number (3-digit district code +
//    6 digits): single people, couples, couples with children, single parents, and three
//    generations (a parent or both parents of the head live with the family).
//  - Spouses point at each other; children point at the head and the spouse; a parent of the
//    head living in the household is the head's Cha/Mẹ. About 40 % of other heads and spouses
//    point at an older couple of another household of the same ethnicity (their parents);
//    everyone else gets parents who are named but have no record (no CCCD).
//  - CCCD (TT 59/2021): province of birth registration ("091" Kiên Giang for ~80 %, others
//    weighted towards the Mekong delta and Hồ Chí Minh) + century/sex digit + 2-digit year +
//    6 digits; unique because each (province, digit, year) has a counter passed through a
//    keyed bijection of [0, 10^6) (random-looking, never repeating).
//  - CMND: 9 digits for ~88 % of those born before 2003, a 2-digit prefix by province (37 for
//    Kiên Giang as on the old cards; other prefixes illustrative) + 7 digits from a bijection.
//  - ~15 % of adults born before 1975 have a year-only birth date.
//  - Ethnicity Kinh 85 %, Khmer 12.5 %, Hoa 2.3 %, Mường 0.2 %; religion by ethnicity (Kinh:
//    none 68 %, Phật giáo 17 %, Cao Đài 5 %, Công giáo 5 %, Hòa Hảo 4 %, Tin Lành 1 %; Khmer:
//    Phật giáo 95 %); blood groups O 42 %, B 30 %, A 21 %, AB 7 % of the 80 % whose group is
//    known. Marital status agrees with the spouse link (widowed/divorced heads have none).
//  - Names from names.h by ethnicity, sex and generation; children take the father's family name.
//
// Determinism: the same (count, seed) always gives a byte-identical file with this build.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/error.h"

namespace dancu::population {

using core::Result;

inline constexpr int kAsOfYear = 2025;  // the population is as of 1 January of this year
inline constexpr uint64_t kMaxGenerateCount = 20'000'000;

struct GenerateStats {
  uint64_t citizens = 0;
  uint64_t households = 0;
  uint64_t file_bytes = 0;
  double seconds = 0;  // wall time of the whole generation
  double bytes_per_citizen() const { return citizens ? double(file_bytes) / double(citizens) : 0; }
};

// Generates `count` citizens from `seed` into a new SQLite file at `out_path`, replacing an
// existing file atomically (written to "<out_path>.tmp" first, renamed when complete; the
// caller decides whether overwriting is allowed). `progress`, if set, is called on this thread
// with (citizens written so far, count): (0, count) at the start, about 200 times while rows
// are written, then (count, count) once the file is complete. Memory while generating: about
// 150 bytes per citizen (1.5 GB for 10M).
// Errors: invalid_argument when count is 0 or above kMaxGenerateCount; unavailable when the
// file cannot be written (the message names it).
Result<GenerateStats> Generate(const std::string& out_path, uint64_t count, uint64_t seed,
                               std::function<void(uint64_t done, uint64_t total)> progress);

}  // namespace dancu::population
