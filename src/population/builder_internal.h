// Inside the generator: the Builder that makes the people of a population household by
// household, shared by population_builder.cc (tables, names, identifiers) and
// population_households.cc (the members of each household).
//
// Not an interface of the module: only those two files include it.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "population/communes.h"
#include "population/generator.h"
#include "population/generator_internal.h"
#include "population/names.h"
#include "population/random.h"
#include "population/store.h"

namespace dancu::population::internal {

inline constexpr int kLastBirthYear = kAsOfYear - 1;
inline constexpr int kKg = kKienGiangProvince;
// Share of heads and spouses (outside three-generation homes) linked to parents with records.
inline constexpr double kLinkShare = 0.4;

// Values with integer weights; Pick is a binary search over the cumulative weights.
template <class T>
class Weighted {
 public:
  void Add(T v, uint64_t w) {
    if (w == 0) return;
    total_ += w;
    cum_.push_back(total_);
    values_.push_back(v);
  }
  const T& Pick(Xoshiro256& rng) const {
    uint64_t r = rng.Below(total_);
    return values_[size_t(std::upper_bound(cum_.begin(), cum_.end(), r) - cum_.begin())];
  }

 private:
  uint64_t total_ = 0;
  std::vector<uint64_t> cum_;
  std::vector<T> values_;
};

// The composition of a household before its people are made.
struct Plan {
  enum Kind { kSingle, kCouple, kFamily, kSingleParent, kThreeGenerations } kind = kSingle;
  uint8_t ethnic = kKinh;
  int head_sex = 1, head_age = 30;
  int spouse_age = -1;  // -1: no spouse
  int kids = 0, kid_age[5] = {};
  int father_age = -1, mother_age = -1;  // the head's parents living with them; -1: absent
  int size() const { return 1 + (spouse_age >= 0) + kids + (father_age >= 0) + (mother_age >= 0); }
};

// Makes the people of one population, household by household. Not thread-safe.
class Builder {
 public:
  Builder(uint64_t count, uint64_t seed, Population& out)
      : count_(count),
        seed_(seed),
        rng_(seed),
        people_(out.people),
        households_(out.households),
        names_(out.names) {
    people_.reserve(count);
    households_.reserve(count / 3 + 16);
    InitTables();
  }

  void Build() {
    while (people_.size() < count_) MakeHousehold(count_ - people_.size());
  }

 private:
  void InitTables();
  Plan MakePlan(uint64_t remaining);
  void MakeHousehold(uint64_t remaining);
  uint32_t MakeHead(const Plan& plan, uint8_t religion);
  uint32_t MakeSpouse(const Plan& plan, uint32_t head, uint8_t religion);
  void MakeChildren(const Plan& plan, uint32_t father, uint32_t mother, uint8_t religion);
  void MakeHeadsParents(const Plan& plan, uint32_t head, uint8_t religion);
  uint32_t NewPerson(int sex, int age, uint8_t ethnic, Relation relation);
  void AssignIds(Person& p, bool child);
  void NameParentsWithoutRecord(Person& p);
  void GiveName(Person& p, uint16_t family);
  bool LinkToParents(uint32_t who, uint32_t avoid_father);
  int32_t DrawHometown();
  uint32_t DrawDetail(int32_t commune);
  int32_t DrawCommune() { return communes_.Pick(rng_); }
  uint32_t NewBook(int32_t& commune);

  uint16_t PickName(NamePool pool) { return pools_[int(pool)].Pick(rng_); }
  uint16_t PickFamily(uint8_t ethnic) {
    return PickName(ethnic == kKhmer ? NamePool::kFamilyKhmer
                    : ethnic == kHoa ? NamePool::kFamilyHoa
                                     : NamePool::kFamilyKinh);
  }
  uint16_t PickMiddle(int sex, int year, uint8_t ethnic);
  uint16_t PickGiven(int sex, int year, uint8_t ethnic);

  uint64_t count_, seed_;
  Xoshiro256 rng_;
  std::vector<Person>& people_;
  std::vector<Household>& households_;
  NameTable& names_;
  std::array<Weighted<uint16_t>, kNamePoolCount> pools_;
  Weighted<int32_t> communes_;
  Weighted<int> other_provinces_;
  Weighted<uint8_t> ethnic_;
  std::array<Weighted<uint8_t>, kEthnicCount> religion_;
  Weighted<uint8_t> blood_;
  Weighted<int> kind_, kid_count_;
  std::vector<uint32_t> cccd_counter_ = std::vector<uint32_t>(100 * 4 * 100);
  std::vector<uint32_t> cmnd_counter_ = std::vector<uint32_t>(100);
  std::unordered_map<int32_t, uint32_t> book_counter_;
  // Recent couples per ethnic group, as possible parents of later heads and spouses.
  static constexpr size_t kRing = 4096;
  struct Couple {
    uint32_t father, mother;
  };
  std::array<std::vector<Couple>, kEthnicCount> ring_;
  std::array<size_t, kEthnicCount> ring_next_{};
};

}  // namespace dancu::population::internal
