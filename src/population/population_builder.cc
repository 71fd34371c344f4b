// Builds the synthetic population in memory: tables, household plans, people, names,
// identifiers. The members of each household are made in population_households.cc.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/provinces.h"
#include "population/communes.h"
#include "population/generator.h"
#include "population/builder_internal.h"
#include "population/generator_internal.h"
#include "population/names.h"
#include "population/random.h"
#include "population/store.h"

namespace dancu::population::internal {
namespace {

// CMND prefixes of the old cards by GSO province (Kiên Giang 37; the Mekong delta and the two
// big cities as commonly cited [M]); other provinces get an illustrative 2x prefix.
int CmndPrefix(int province) {
  static constexpr std::pair<int, int> kPrefix[] = {
      {91, 37}, {89, 35}, {92, 36}, {93, 36}, {94, 36}, {95, 38}, {96, 38}, {86, 33},
      {84, 33}, {87, 34}, {80, 30}, {82, 31}, {83, 32}, {79, 2},  {1, 1}};
  for (auto [gso, prefix] : kPrefix) {
    if (gso == province) return prefix;
  }
  return 20 + province % 10;
}

}  // namespace

void Builder::InitTables() {
  for (int p = 0; p < kNamePoolCount; ++p) {
    for (const auto& n : Names(NamePool(p))) pools_[p].Add(names_.Intern(n.text), n.weight);
  }
  // Phường and thị trấn are denser than xã.
  for (const auto& c : KienGiangCommunes()) communes_.Add(c.code, c.urban ? 2 : 1);
  // Born elsewhere: mostly the neighbouring Mekong provinces and Hồ Chí Minh.
  const std::unordered_map<int, int> kNear = {{89, 50}, {92, 30}, {96, 20}, {95, 15}, {94, 15},
                                              {93, 15}, {87, 10}, {86, 10}, {84, 10}, {83, 7},
                                              {82, 7},  {80, 5},  {79, 20}};
  for (const auto& pr : core::Provinces()) {
    int code = 0;
    std::from_chars(pr.code.data(), pr.code.data() + pr.code.size(), code);
    if (code == kKg) continue;
    auto it = kNear.find(code);
    other_provinces_.Add(code, it != kNear.end() ? it->second : 1);
  }
  for (int e = 0; e < kEthnicCount; ++e) ethnic_.Add(uint8_t(e), kEthnicShare[e]);
  // Religion codes (store.h) per ethnic group, per mille.
  const std::pair<uint8_t, int> kKinhReligion[] = {{0, 680}, {1, 170}, {5, 50},
                                                   {2, 50},  {3, 40},  {8, 10}};
  for (auto [code, w] : kKinhReligion) {
    religion_[kKinh].Add(code, w);
    religion_[kMuong].Add(code, w);
  }
  religion_[kKhmer].Add(1, 950);
  religion_[kKhmer].Add(0, 50);
  const std::pair<uint8_t, int> kHoaReligion[] = {{1, 450}, {0, 500}, {2, 30}, {8, 20}};
  for (auto [code, w] : kHoaReligion) religion_[kHoa].Add(code, w);
  // Blood groups: unknown 20 %; of the rest O 42, B 30, A 21, AB 7.
  const std::pair<uint8_t, int> kBlood[] = {{0, 200}, {4, 336}, {2, 240}, {1, 168}, {3, 56}};
  for (auto [code, w] : kBlood) blood_.Add(code, w);
  const int kKinds[] = {10, 10, 55, 9, 16};
  for (int k = 0; k < 5; ++k) kind_.Add(k, kKinds[k]);
  const int kKids[] = {30, 40, 20, 8, 2};
  for (int k = 0; k < 5; ++k) kid_count_.Add(k + 1, kKids[k]);
  for (auto& r : ring_) r.reserve(kRing);
}

uint16_t Builder::PickMiddle(int sex, int year, uint8_t ethnic) {
  bool old = year < 1985;
  if (ethnic == kKhmer) {
    return PickName(sex == 1 ? NamePool::kMiddleKhmerMale : NamePool::kMiddleKhmerFemale);
  }
  if (sex == 1) return PickName(old ? NamePool::kMiddleMaleOld : NamePool::kMiddleMaleYoung);
  return PickName(old ? NamePool::kMiddleFemaleOld : NamePool::kMiddleFemaleYoung);
}

uint16_t Builder::PickGiven(int sex, int year, uint8_t ethnic) {
  bool old = year < 1985;
  if (ethnic == kKhmer) {
    return PickName(sex == 1 ? NamePool::kGivenKhmerMale : NamePool::kGivenKhmerFemale);
  }
  if (sex == 1) return PickName(old ? NamePool::kGivenMaleOld : NamePool::kGivenMaleYoung);
  return PickName(old ? NamePool::kGivenFemaleOld : NamePool::kGivenFemaleYoung);
}

Plan Builder::MakePlan(uint64_t remaining) {
  Plan p;
  p.kind = Plan::Kind(kind_.Pick(rng_));
  p.ethnic = ethnic_.Pick(rng_);
  switch (p.kind) {
    case Plan::kSingle:
      p.head_sex = rng_.Chance(0.5) ? 1 : 2;
      p.head_age = rng_.Chance(0.4) ? rng_.Between(20, 35) : rng_.Between(35, 85);
      break;
    case Plan::kCouple:
      p.head_age = rng_.Chance(0.5) ? rng_.Between(22, 32) : rng_.Between(55, 85);
      break;
    case Plan::kFamily:
      p.head_age = rng_.Between(25, 65);
      break;
    case Plan::kSingleParent:
      p.head_sex = rng_.Chance(0.75) ? 2 : 1;
      p.head_age = rng_.Between(28, 65);
      break;
    case Plan::kThreeGenerations:
      p.head_age = rng_.Between(28, 55);
      break;
  }
  bool couple =
      p.kind == Plan::kCouple || p.kind == Plan::kFamily || p.kind == Plan::kThreeGenerations;
  int mother_age = p.head_age;
  if (couple) {
    p.head_sex = rng_.Chance(0.85) ? 1 : 2;
    int gap = rng_.Between(0, 7);
    p.spouse_age = p.head_sex == 1 ? std::max(18, p.head_age - gap) : p.head_age + gap;
    mother_age = p.head_sex == 1 ? p.spouse_age : p.head_age;
  } else if (p.head_sex == 1) {
    mother_age = p.head_age - rng_.Between(0, 7);
  }
  if (p.kind >= Plan::kFamily) {
    int want = kid_count_.Pick(rng_);
    for (int i = 0; i < want && mother_age >= 19; ++i) {
      p.kid_age[p.kids++] = mother_age - rng_.Between(19, std::min(42, mother_age));
    }
  }
  if (p.kind == Plan::kThreeGenerations) {
    int f = p.head_age + rng_.Between(22, 38);
    int m = std::max(p.head_age + 18, f - rng_.Between(0, 6));
    double r = double(rng_.Below(100));
    if (r < 85 && m <= 99) p.mother_age = m;               // both 55 %, mother only 30 %
    if ((r < 55 || r >= 85) && f <= 99) p.father_age = f;  // father only 15 %
  }
  while (p.size() > 7) --p.kids;  // at most 7 people: keep the three generations
  // Fit the last household into the count.
  while (uint64_t(p.size()) > remaining) {
    if (p.father_age >= 0)
      p.father_age = -1;
    else if (p.mother_age >= 0)
      p.mother_age = -1;
    else if (p.kids > 0)
      --p.kids;
    else
      p.spouse_age = -1;
  }
  return p;
}

uint32_t Builder::NewPerson(int sex, int age, uint8_t ethnic, Relation relation) {
  Person p;
  p.sex = uint8_t(sex);
  p.ethnic = ethnic;
  p.relation = uint8_t(relation);
  p.household = uint32_t(households_.size() - 1);
  int year = kLastBirthYear - age;
  p.birth = uint32_t(year) * 10000;
  if (!(age >= 18 && year < 1975 && rng_.Chance(0.15))) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = rng_.Between(1, 12);
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int day = rng_.Between(1, kDays[month - 1] + (month == 2 && leap));
    p.birth += uint32_t(month * 100 + day);
  }
  p.blood = blood_.Pick(rng_);
  p.marital = 1;
  AssignIds(p, age < 18);
  people_.push_back(p);
  return uint32_t(people_.size() - 1);
}

// CCCD, CMND and place of birth registration, all from the province of birth.
void Builder::AssignIds(Person& p, bool child) {
  const Household& hh = households_.back();
  int year = p.year(), digit = (year >= 2000 ? 2 : 0) + (p.sex == 2 ? 1 : 0);
  int province = kKg;
  for (bool first = true;; first = false) {
    if (!first || !rng_.Chance(child ? 0.94 : 0.76)) province = other_provinces_.Pick(rng_);
    uint32_t& counter = cccd_counter_[size_t((province * 4 + digit) * 100 + year % 100)];
    if (counter >= 1'000'000) continue;  // this (province, digit, year) is full: elsewhere
    uint64_t key = Mix64(seed_ ^ (uint64_t(province * 4 + digit) << 40) ^ uint64_t(year));
    uint64_t serial = Permute(counter++, 1000, 1000, key);
    p.cccd = uint64_t(province) * 1'000'000'000ULL + uint64_t(digit) * 100'000'000ULL +
             uint64_t(year % 100) * 1'000'000ULL + serial;
    break;
  }
  if (province == kKg) {
    p.birth_place = rng_.Chance(child ? 0.85 : 0.35) ? hh.commune : DrawCommune();
  } else {
    p.birth_place = province;
  }
  if (year <= 2002 && rng_.Chance(0.88)) {
    int prefix = CmndPrefix(province);
    uint32_t& counter = cmnd_counter_[size_t(prefix)];
    if (counter < 10'000'000) {
      uint64_t serial = Permute(counter++, 1000, 10000, Mix64(seed_ ^ 0xC3D ^ uint64_t(prefix)));
      p.cmnd = uint32_t(uint64_t(prefix) * 10'000'000ULL + serial);
    }
  }
}

void Builder::GiveName(Person& p, uint16_t family) {
  p.family = family;
  p.middle = PickMiddle(p.sex, p.year(), p.ethnic);
  p.given = PickGiven(p.sex, p.year(), p.ethnic);
}

void Builder::NameParentsWithoutRecord(Person& p) {
  int year = std::max(1900, p.year() - 28);
  if (p.father == kNone) {
    p.father_middle = PickMiddle(1, year, p.ethnic);
    p.father_given = PickGiven(1, year, p.ethnic);
  }
  if (p.mother == kNone) {
    p.mother_family = PickFamily(p.ethnic);
    p.mother_middle = PickMiddle(2, year + 3, p.ethnic);
    p.mother_given = PickGiven(2, year + 3, p.ethnic);
  }
}

// Points `who` at a recent couple old enough to be their parents; false when none fits.
bool Builder::LinkToParents(uint32_t who, uint32_t avoid_father) {
  auto& ring = ring_[people_[who].ethnic];
  if (ring.empty()) return false;
  int year = people_[who].year();
  for (int attempt = 0; attempt < 8; ++attempt) {
    const Couple& c = ring[rng_.Below(ring.size())];
    int fy = people_[c.father].year(), my = people_[c.mother].year();
    if (c.father == avoid_father || year < fy + 20 || year > fy + 45 || year < my + 18 ||
        year > my + 44) {
      continue;
    }
    Person& p = people_[who];
    p.father = c.father;
    p.mother = c.mother;
    p.family = people_[c.father].family;
    p.hometown = people_[c.father].hometown;
    return true;
  }
  return false;
}

int32_t Builder::DrawHometown() {
  return rng_.Chance(0.75) ? DrawCommune() : other_provinces_.Pick(rng_);
}

uint32_t Builder::DrawDetail(int32_t commune) {
  const Commune* c = FindCommune(commune);
  if (c && c->urban) {
    return kUrbanBit | uint32_t(rng_.Between(1, 400)) |
           uint32_t(rng_.Below(StreetNames().size())) << 9 | uint32_t(rng_.Between(1, 9)) << 15;
  }
  return uint32_t(rng_.Between(1, 20)) | uint32_t(rng_.Below(100)) << 9;
}

// A new household book number in the district of `commune` (moved elsewhere if it is full).
uint32_t Builder::NewBook(int32_t& commune) {
  for (;;) {
    int32_t district = FindCommune(commune)->district;
    uint32_t& counter = book_counter_[district];
    if (counter < 1'000'000) {
      return uint32_t(district) * 1'000'000u +
             uint32_t(Permute(counter++, 1000, 1000, Mix64(seed_ ^ 0xB00C ^ uint64_t(district))));
    }
    commune = DrawCommune();
  }
}

void BuildPopulation(uint64_t count, uint64_t seed, Population& out) {
  Builder(count, seed, out).Build();
}

int RenderDetail(uint32_t d, char* buf, size_t size) {
  if (d & kUrbanBit) {
    std::string_view street = StreetNames()[(d >> 9) & 63];
    return std::snprintf(buf, size, "Số %u, đường %.*s, khu phố %u", d & 511, int(street.size()),
                         street.data(), (d >> 15) & 15);
  }
  uint32_t hamlet = (d >> 9) & 127;
  std::string_view a = HamletPrefixes()[hamlet / 10], b = HamletSuffixes()[hamlet % 10];
  return std::snprintf(buf, size, "Tổ %u, ấp %.*s %.*s", d & 511, int(a.size()), a.data(),
                       int(b.size()), b.data());
}

}  // namespace dancu::population::internal
