// Inside the generator: the in-memory population that Generate writes to SQLite.
//
// Not an interface of the module: only generator.cc and the population_builder.cc and
// population_households.cc files include it.
// Everything is a small fixed-size struct (names as ids into one interned table, relatives as
// indexes into the people vector) so that building ten million people allocates nothing per
// person.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "population/citizen.h"

namespace dancu::population::internal {

inline constexpr uint32_t kNone = UINT32_MAX;

// Ethnic groups generated, with their GSO codes (store.h) and shares in per mille.
enum Ethnic : uint8_t { kKinh, kKhmer, kHoa, kMuong, kEthnicCount };
inline constexpr int kEthnicCode[kEthnicCount] = {1, 5, 6, 4};
inline constexpr uint32_t kEthnicShare[kEthnicCount] = {850, 125, 23, 2};

struct Person {
  uint64_t cccd = 0;
  uint32_t father = kNone, mother = kNone, spouse = kNone;  // indexes into people
  uint32_t household = 0;                                   // index into households
  uint32_t cmnd = 0;                                        // 0: none
  uint32_t birth = 0;                          // yyyymmdd, yyyy0000 when only the year is known
  int32_t birth_place = 0, hometown = 0;       // commune code or province code (store.h)
  int32_t current_commune = 0;                 // 0: lives at the permanent address
  uint32_t current_detail = 0;                 // packed, see RenderDetail
  uint16_t family = 0, middle = 0, given = 0;  // NameTable ids
  // Names of parents without a record (the father's family name is the person's own).
  uint16_t father_middle = 0, father_given = 0, mother_family = 0, mother_middle = 0,
           mother_given = 0;
  uint8_t sex = 1, ethnic = kKinh, religion = 0, marital = 1, blood = 0, relation = 0;
  int year() const { return int(birth / 10000); }
};

struct Household {
  uint32_t book = 0;    // SoSoHoKhau: 3-digit district + 6 digits
  uint32_t head = 0;    // index into people
  int32_t commune = 0;  // permanent address
  uint32_t detail = 0;  // packed, see RenderDetail
};

// Every name text once, with its NameKey, addressed by a 16-bit id. Not thread-safe.
class NameTable {
 public:
  // REQUIRES: `text` outlives the table (the static tables of names.h do).
  uint16_t Intern(std::string_view text) {
    auto it = ids_.find(text);
    if (it != ids_.end()) return it->second;
    auto id = uint16_t(texts_.size());
    texts_.push_back(text);
    keys_.push_back(NameKey(text));
    ids_.emplace(text, id);
    return id;
  }
  std::string_view text(uint16_t id) const { return texts_[id]; }
  const std::string& key(uint16_t id) const { return keys_[id]; }

 private:
  std::vector<std::string_view> texts_;
  std::vector<std::string> keys_;
  std::unordered_map<std::string_view, uint16_t> ids_;
};

struct Population {
  std::vector<Person> people;
  std::vector<Household> households;
  NameTable names;
};

// Makes exactly `count` people in households, deterministically from `seed` (generator.h
// describes the population). REQUIRES: 0 < count <= kMaxGenerateCount.
void BuildPopulation(uint64_t count, uint64_t seed, Population& out);

// Packed address details: urban (phường, thị trấn) kUrbanBit | house number | street << 9 |
// khu phố << 15; rural (xã) tổ | hamlet << 9 (hamlet = prefix * 10 + suffix, names.h).
inline constexpr uint32_t kUrbanBit = 1u << 30;

// Renders a packed address detail ("Số 12, đường Lê Lợi, khu phố 3" or "Tổ 5, ấp Tân Lợi")
// into `buf`; returns its length in bytes.
int RenderDetail(uint32_t detail, char* buf, size_t size);

}  // namespace dancu::population::internal
