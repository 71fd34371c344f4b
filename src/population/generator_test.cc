// Tests of the synthetic population generator: determinism, identifiers, families, shares.
#include "population/generator.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "core/validate.h"
#include "population/communes.h"
#include "population/store.h"
#include "population/test_population.h"

namespace dancu::population {
namespace {

using testing::kTestCount;
using testing::kTestSeed;
using testing::SharedPopulation;
using testing::TempDir;

// Everyone of the shared population, loaded once (Sample of the whole file).
const std::vector<Citizen>& Everyone() {
  static const std::vector<Citizen> all = [] {
    auto store = CitizenStore::Open(SharedPopulation());
    if (!store) std::abort();
    auto people = (*store)->Sample((*store)->Count(), 1);
    if (!people) std::abort();
    return *people;
  }();
  return all;
}

const std::map<std::string, const Citizen*>& ById() {
  static const auto index = [] {
    std::map<std::string, const Citizen*> m;
    for (const auto& c : Everyone()) m[c.id_number] = &c;
    return m;
  }();
  return index;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Age on the as-of date in whole years, by birth year (enough for ordering checks).
int BirthOrder(const BirthDate& b) { return b.year * 10000 + b.month * 100 + b.day; }

TEST(Generator, WritesExactlyTheRequestedCount) {
  auto store = CitizenStore::Open(SharedPopulation());
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->Count(), kTestCount);
  EXPECT_EQ(Everyone().size(), kTestCount);
}

TEST(Generator, ThePopulationFileIsReadableByTheOwnerOnly) {
  // issue 10 item 1: population.db was created 0644.
  struct stat st {};
  ASSERT_EQ(::stat(SharedPopulation().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(Generator, SameSeedGivesTheSameFileAndSample) {
  std::string again = (TempDir() / "again.db").string();
  auto stats = Generate(again, kTestCount, kTestSeed, nullptr);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(Slurp(again), Slurp(SharedPopulation()));
  auto a = CitizenStore::Open(SharedPopulation());
  auto b = CitizenStore::Open(again);
  ASSERT_TRUE(a && b);
  auto sa = (*a)->Sample(200, 99), sb = (*b)->Sample(200, 99);
  ASSERT_TRUE(sa && sb);
  EXPECT_EQ(*sa, *sb);
}

TEST(Generator, DifferentSeedGivesADifferentPopulation) {
  std::string other = (TempDir() / "other_seed.db").string();
  ASSERT_TRUE(Generate(other, kTestCount, kTestSeed + 1, nullptr));
  auto a = CitizenStore::Open(SharedPopulation());
  auto b = CitizenStore::Open(other);
  ASSERT_TRUE(a && b);
  auto sa = (*a)->Sample(50, 5), sb = (*b)->Sample(50, 5);
  ASSERT_TRUE(sa && sb);
  EXPECT_NE(*sa, *sb);
}

TEST(Generator, ReportsProgressUpToTheTotal) {
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  auto stats = Generate((TempDir() / "progress.db").string(), 5000, 3,
                        [&](uint64_t done, uint64_t total) { calls.emplace_back(done, total); });
  ASSERT_TRUE(stats) << stats.error().message;
  ASSERT_GE(calls.size(), 2u);
  for (size_t i = 1; i < calls.size(); ++i) EXPECT_LT(calls[i - 1].first, calls[i].first);
  EXPECT_EQ(calls.back(), std::make_pair(uint64_t(5000), uint64_t(5000)));
  EXPECT_EQ(stats->citizens, 5000u);
  EXPECT_GT(stats->households, 5000u / 7);
}

TEST(Generator, RefusesAnImpossibleCount) {
  auto zero = Generate((TempDir() / "zero.db").string(), 0, 1, nullptr);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, core::Code::kInvalidArgument);
  auto huge = Generate((TempDir() / "huge.db").string(), kMaxGenerateCount + 1, 1, nullptr);
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, core::Code::kInvalidArgument);
}

TEST(Generator, EveryCccdIsValidAndAgreesWithSexAndBirthYear) {
  std::set<std::string> seen;
  int kien_giang = 0;
  for (const auto& c : Everyone()) {
    auto cccd = core::Cccd::Parse(c.id_number);
    ASSERT_TRUE(cccd) << c.id_number << ": " << cccd.error().message;
    EXPECT_EQ(cccd->is_female(), c.sex == 2) << c.id_number;
    EXPECT_EQ(cccd->birth_year(), c.birth.year) << c.id_number;
    EXPECT_TRUE(seen.insert(c.id_number).second) << "duplicate " << c.id_number;
    kien_giang += cccd->province_code() == "091";
  }
  double share = double(kien_giang) / double(Everyone().size());
  EXPECT_GT(share, 0.74);
  EXPECT_LT(share, 0.86);
}

TEST(Generator, MostAdultsBornBefore2003HaveAUniqueCmnd) {
  std::set<std::string> seen;
  int eligible = 0, with_cmnd = 0;
  for (const auto& c : Everyone()) {
    if (!c.cmnd.empty()) {
      ASSERT_TRUE(core::Cmnd::Parse(c.cmnd)) << c.cmnd;
      EXPECT_TRUE(seen.insert(c.cmnd).second) << "duplicate CMND " << c.cmnd;
      EXPECT_LE(c.birth.year, 2002);
    }
    if (c.birth.year <= 2002) {
      ++eligible;
      with_cmnd += !c.cmnd.empty();
    }
  }
  EXPECT_NEAR(double(with_cmnd) / eligible, 0.88, 0.03);
}

TEST(Generator, YearOnlyBirthDatesBelongToOlderAdults) {
  int older = 0, year_only = 0;
  for (const auto& c : Everyone()) {
    if (c.birth.year_only()) {
      EXPECT_LT(c.birth.year, 1975) << c.id_number;
      EXPECT_EQ(c.birth.day, 0);
      ++year_only;
    } else {
      EXPECT_GE(c.birth.month, 1);
      EXPECT_LE(c.birth.month, 12);
      EXPECT_GE(c.birth.day, 1);
      EXPECT_LE(c.birth.day, 31);
      EXPECT_LT(c.birth.year, kAsOfYear);
    }
    older += c.birth.year < 1975;
  }
  ASSERT_GT(older, 500);
  EXPECT_NEAR(double(year_only) / older, 0.15, 0.04);
}

TEST(Generator, EthnicAndFamilyNameSharesAreRealistic) {
  std::map<std::string, int> ethnic;
  int kinh_nguyen = 0;
  for (const auto& c : Everyone()) {
    ++ethnic[c.ethnicity];
    if (c.ethnicity == "01") kinh_nguyen += c.family_name == "Nguyễn";
  }
  double n = double(Everyone().size());
  EXPECT_NEAR(ethnic["01"] / n, 0.85, 0.03);
  EXPECT_NEAR(ethnic["05"] / n, 0.125, 0.03);
  EXPECT_NEAR(ethnic["06"] / n, 0.023, 0.01);
  EXPECT_NEAR(double(kinh_nguyen) / ethnic["01"], 0.38, 0.04);
}

TEST(Generator, SpousesPointAtEachOtherAndAreMarried) {
  int couples = 0;
  for (const auto& c : Everyone()) {
    if (c.spouse.id_number.empty()) {
      EXPECT_NE(c.marital_status, "2") << c.id_number;
      continue;
    }
    ++couples;
    auto it = ById().find(c.spouse.id_number);
    ASSERT_NE(it, ById().end()) << c.id_number;
    const Citizen& s = *it->second;
    EXPECT_EQ(s.spouse.id_number, c.id_number);
    EXPECT_EQ(s.spouse.full_name, c.FullName());
    EXPECT_EQ(c.spouse.full_name, s.FullName());
    EXPECT_NE(s.sex, c.sex);
    EXPECT_EQ(c.marital_status, "2");
  }
  EXPECT_GT(couples, int(kTestCount / 4));
}

TEST(Generator, ParentsWithRecordsExistAndAreOlder) {
  int linked = 0;
  for (const auto& c : Everyone()) {
    for (const Relative* parent : {&c.father, &c.mother}) {
      if (parent->id_number.empty()) {
        EXPECT_FALSE(parent->full_name.empty()) << c.id_number << " has a nameless parent";
        continue;
      }
      ++linked;
      auto it = ById().find(parent->id_number);
      ASSERT_NE(it, ById().end()) << c.id_number;
      const Citizen& p = *it->second;
      EXPECT_LE(p.birth.year + 18, c.birth.year) << c.id_number << " / " << p.id_number;
      EXPECT_EQ(p.FullName(), parent->full_name);
      EXPECT_EQ(p.sex, parent == &c.father ? 1 : 2);
    }
    if (!c.father.id_number.empty()) {
      EXPECT_EQ(c.family_name, ById().at(c.father.id_number)->family_name);
    }
  }
  EXPECT_GT(linked, int(kTestCount / 2));
}

TEST(Generator, HouseholdsShareBookAddressAndOneHead) {
  std::map<std::string, std::vector<const Citizen*>> books;
  for (const auto& c : Everyone()) books[c.household_book].push_back(&c);
  int three_generations = 0;
  for (const auto& [book, members] : books) {
    ASSERT_EQ(book.size(), 9u);
    ASSERT_GE(members.size(), 1u);
    ASSERT_LE(members.size(), 7u);
    int heads = 0;
    for (const Citizen* m : members) {
      EXPECT_EQ(m->permanent, members[0]->permanent) << book;
      EXPECT_EQ(m->household_head.id_number, members[0]->household_head.id_number);
      heads += m->household_head.relation == "Chủ hộ";
      if (m->household_head.relation == "Chủ hộ") {
        EXPECT_EQ(m->household_head.id_number, m->id_number);
      }
      three_generations +=
          m->household_head.relation == "Cha" || m->household_head.relation == "Mẹ";
      if (m->household_head.relation == "Con") {
        const std::string& head = m->household_head.id_number;
        EXPECT_TRUE(m->father.id_number == head || m->mother.id_number == head) << m->id_number;
      }
    }
    EXPECT_EQ(heads, 1) << book;
  }
  double mean = double(kTestCount) / double(books.size());
  EXPECT_GT(mean, 3.0);
  EXPECT_LT(mean, 4.5);
  EXPECT_GT(three_generations, 100);
}

TEST(Generator, AddressesComeFromTheKienGiangCatalogue) {
  for (const auto& c : Everyone()) {
    for (const Address* a : {&c.permanent, &c.current}) {
      EXPECT_EQ(a->province, "91");
      EXPECT_EQ(a->country, "VN");
      const Commune* commune = FindCommune(std::stoi(a->commune));
      ASSERT_NE(commune, nullptr) << a->commune;
      EXPECT_EQ(a->district, std::to_string(commune->district));
      EXPECT_FALSE(a->detail.empty());
    }
    EXPECT_EQ(c.birth_registration.province, c.id_number.substr(1, 2)) << c.id_number;
    EXPECT_FALSE(c.hometown.province.empty());
  }
}

TEST(Generator, MinorsAreRepresentedByAParent) {
  int minors = 0;
  for (const auto& c : Everyone()) {
    bool minor = BirthOrder(c.birth) > (kAsOfYear - 18) * 10000 + 101;
    if (!minor) {
      EXPECT_TRUE(c.representative.empty()) << c.id_number;
      continue;
    }
    ++minors;
    ASSERT_FALSE(c.representative.id_number.empty()) << c.id_number;
    EXPECT_TRUE(c.representative == c.father || c.representative == c.mother) << c.id_number;
    EXPECT_EQ(c.marital_status, "1");
  }
  EXPECT_GT(minors, int(kTestCount / 10));
}

TEST(Generator, CodesAreFromTheDocumentedLists) {
  const std::set<std::string> religions = {"00", "01", "02", "03", "05", "08"};
  const std::set<std::string> blood = {"00", "01", "02", "03", "04"};
  const std::set<std::string> marital = {"1", "2", "3", "4"};
  int buddhist = 0;
  for (const auto& c : Everyone()) {
    EXPECT_TRUE(c.sex == 1 || c.sex == 2);
    EXPECT_TRUE(religions.contains(c.religion)) << c.religion;
    EXPECT_TRUE(blood.contains(c.blood_group)) << c.blood_group;
    EXPECT_TRUE(marital.contains(c.marital_status)) << c.marital_status;
    EXPECT_EQ(c.nationality, "VN");
    buddhist += c.religion == "01";
  }
  EXPECT_GT(buddhist, int(kTestCount / 10));
}

}  // namespace
}  // namespace dancu::population
