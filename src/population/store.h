// The embedded citizen store: a read-only SQLite file of synthetic citizens behind CitizenSource.
//
// The file is written once by Generate (generator.h) and never modified afterwards; replacing
// it (generate to a temporary name, rename) is safe, and a CitizenStore keeps reading the file
// it opened. Its format, version kPopulationFormat:
//
//   meta(key TEXT PRIMARY KEY, value TEXT)          format, count, households, seed, as_of
//   household(id INTEGER PRIMARY KEY,               the household book number (SoSoHoKhau)
//             head INTEGER, commune INTEGER, detail TEXT)   head's CCCD; permanent address
//   citizen(id INTEGER PRIMARY KEY,                 the CCCD itself (no separate index)
//           cmnd INTEGER,                           9-digit CMND, NULL when none
//           family TEXT, middle TEXT, given TEXT,
//           sex, ethnicity, religion, marital, blood INTEGER   (codes below)
//           birth INTEGER,                          yyyymmdd; yyyy0000 when only the year
//           birth_place INTEGER, hometown INTEGER,  a Kiên Giang commune code (5 digits) or,
//                                                   outside Kiên Giang, a province code (< 100)
//           household INTEGER, relation INTEGER,    book number; relation to the head
//           current_commune INTEGER, current_detail TEXT,   NULL when = permanent address
//           father, mother, spouse, representative INTEGER, CCCDs of other rows, or NULL
//           father_name TEXT, mother_name TEXT)     parents without a record, or NULL
//   ordinal(n INTEGER PRIMARY KEY, id INTEGER)      every kOrdinalStride-th CCCD, for Sample
//   cmnd_index(cmnd, id) WITHOUT ROWID              the secondary indexes, kept as index-shaped
//   name_index(name_hash, birth, id) WITHOUT ROWID  tables: name_hash = NameKeyHash(NameKey(name))
//
// The two secondary indexes are tables rather than CREATE INDEX because the generator holds
// every key in memory, sorts it and appends it in key order: measured on 1M citizens,
// SQLite's CREATE INDEX spends 1.3 s on the random 64-bit hashes (5.5 s per million at 10M,
// its sorter is a pointer-chasing merge), the sorted append a fraction of that.
//
// Code lists (DanToc, TonGiao follow the GSO lists; the others are this store's [M] choice):
//   ethnicity  2 digits, GSO list of ethnic groups: 01 Kinh, 04 Mường, 05 Khmer, 06 Hoa
//              (the 1979 list QĐ 121-TCTK numbered Hoa 04 and Khmer 05 — configurable)
//   religion   2 digits, GSO QĐ 1019/QĐ-TCTK 2008: 00 none, 01 Phật giáo, 02 Công giáo,
//              03 Phật giáo Hòa Hảo, 05 Cao Đài, 08 Tin Lành
//   marital    1 chưa kết hôn, 2 đã kết hôn, 3 đã ly hôn, 4 góa
//   blood      00 chưa xác định, 01 A, 02 B, 03 AB, 04 O
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "population/citizen.h"

namespace dancu::population {

// Value of meta "format"; a file with another value is refused.
inline constexpr std::string_view kPopulationFormat = "dancu-population-1";
// One row of `ordinal` per this many citizens in CCCD order.
inline constexpr int64_t kOrdinalStride = 128;

// The citizen's relation to the household head (column citizen.relation).
enum class Relation : uint8_t { kHead = 0, kWife, kHusband, kChild, kFather, kMother };
// "Chủ hộ", "Vợ", "Chồng", "Con", "Cha", "Mẹ"; "" for an unknown code.
std::string_view RelationName(int code);

// The stored 64-bit hash of a name key (FNV-1a then a 64-bit finaliser). Part of the file
// format: never change it without bumping kPopulationFormat. REQUIRES: `name_key` is already
// a NameKey (upper case, no diacritics, single spaces).
uint64_t NameKeyHash(std::string_view name_key);

// yyyymmdd, or yyyy0000 for a year-only date.
inline int64_t EncodeBirth(const BirthDate& b) { return b.year * 10000LL + b.month * 100 + b.day; }
inline BirthDate DecodeBirth(int64_t v) {
  return {int(v / 10000), int(v / 100 % 100), int(v % 100)};
}

// The SQL that creates the tables of the format above.
std::string_view CitizenStoreSchemaSql();

// A CitizenSource over a population file. Thread-safe: every call borrows one of a small pool
// of read-only connections (opened on demand, at most kMaxIdle kept) and returns it.
//
// Matching rules of Lookup (first usable key wins, like the national service):
//  - id_number: the one citizen with this CCCD (12 digits; spaces allowed).
//  - else cmnd: citizens with this 9-digit CMND.
//  - else name_key + birth (both required): citizens whose NameKey equals NameKey(name_key)
//    and whose birth date matches: a year-only query matches every date of that year; a full
//    date matches that date and also records that hold only the same year (the record does
//    not contradict the caller's date, and a clerk holding the citizen's papers will decide).
//    At most kMaxMatches records, in CCCD order.
// Verify is strict: the name must match without diacritics and case, and the birth date must
// be exactly what the record holds (a year-only record verifies only with that year alone).
class CitizenStore final : public CitizenSource {
 public:
  static constexpr size_t kMaxIdle = 8;
  static constexpr size_t kMaxMatches = 1000;

  // Opens the population file at `path` read-only. Errors: not_found when the file does not
  // exist; invalid_argument when it is not a population file of this format; unavailable
  // when SQLite cannot open it.
  static Result<std::unique_ptr<CitizenStore>> Open(const std::string& path);
  ~CitizenStore() override;

  // Errors: invalid_argument when `q` has no usable key or a key is malformed (the message
  // says which); unavailable on a read failure.
  // The caller is not needed by a local file and is ignored.
  Result<std::vector<Citizen>> Lookup(const Caller& caller, const Query& q) override;
  // False when no citizen has this CCCD. Errors: invalid_argument for a malformed CCCD.
  Result<bool> Verify(const Caller& caller, const std::string& id_number,
                      const std::string& full_name, const BirthDate& birth) override;

  // Number of citizens in the file.
  uint64_t Count() const { return count_; }
  // min(k, Count()) distinct citizens chosen uniformly at random; the same file, k and seed
  // always give the same citizens in the same order. Errors: unavailable on a read failure.
  Result<std::vector<Citizen>> Sample(uint64_t k, uint64_t seed);

  const std::string& path() const { return path_; }

  class Connection;  // one read-only sqlite3 connection with its prepared statements

 private:
  CitizenStore(std::string path, uint64_t count, std::vector<int64_t> ordinals);
  class Lease;
  Result<Lease> Borrow();
  void Return(std::unique_ptr<Connection> c);

  std::string path_;
  uint64_t count_ = 0;
  std::vector<int64_t> ordinals_;  // the `ordinal` table: CCCD of citizen n * kOrdinalStride
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

}  // namespace dancu::population
