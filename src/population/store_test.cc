// Tests of CitizenStore: the lookups of the contract, Verify, Sample, the file format and size.
#include "population/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "core/text.h"
#include "population/test_population.h"

namespace dancu::population {
namespace {

using testing::kTestCount;

const Caller kNobody{};  // the local file needs no caller
using testing::SharedPopulation;
using testing::TempDir;

CitizenStore& Store() {
  static std::unique_ptr<CitizenStore> store = [] {
    auto s = CitizenStore::Open(SharedPopulation());
    if (!s) std::abort();
    return std::move(*s);
  }();
  return *store;
}

// A fixed handful of citizens to look up.
const std::vector<Citizen>& Some() {
  static const std::vector<Citizen> some = *Store().Sample(300, 42);
  return some;
}

const Citizen& FindWhere(const std::function<bool(const Citizen&)>& pred) {
  static const std::vector<Citizen> all = *Store().Sample(Store().Count(), 7);
  for (const auto& c : all) {
    if (pred(c)) return c;
  }
  std::abort();
}

Query ByName(const Citizen& c, std::optional<BirthDate> birth) {
  Query q;
  q.name_key = NameKey(c.FullName());
  q.birth = birth;
  return q;
}

bool Contains(const std::vector<Citizen>& v, const Citizen& c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

TEST(CitizenStore, LooksUpByCccd) {
  for (const auto& c : Some()) {
    auto r = Store().Lookup(kNobody, {.id_number = c.id_number});
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ(r->front(), c);
  }
}

// A well-formed CCCD that no citizen of the shared population has.
std::string UnusedCccd() {
  auto all = Store().Sample(Store().Count(), 1);
  std::set<std::string> used;
  for (const auto& c : *all) used.insert(c.id_number);
  for (int64_t n = 91'200'000'000;; ++n) {
    std::string id = "0" + std::to_string(n);
    if (!used.contains(id)) return id;
  }
}

TEST(CitizenStore, UnknownCccdReturnsNothing) {
  std::string id = UnusedCccd();
  auto r = Store().Lookup(kNobody, {.id_number = id});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->empty());
  auto v = Store().Verify(kNobody, id, "Nguyễn Văn An", BirthDate{2000, 1, 1});
  ASSERT_TRUE(v);
  EXPECT_FALSE(*v);
}

TEST(CitizenStore, MalformedKeysAreInvalidArgument) {
  const Query bad[] = {
      {.id_number = "12345"},
      {.id_number = "09109012345X"},
      {.cmnd = "12"},
      {.name_key = "NGUYEN VAN AN"},                                   // no birth date
      {.name_key = "NGUYEN VAN AN", .birth = BirthDate{1980, 13, 1}},  // no such month
      {},
  };
  for (const auto& q : bad) {
    auto r = Store().Lookup(kNobody, q);
    ASSERT_FALSE(r) << q.id_number << q.cmnd << q.name_key;
    EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(CitizenStore, LooksUpByCmnd) {
  int checked = 0;
  for (const auto& c : Some()) {
    if (c.cmnd.empty()) continue;
    auto r = Store().Lookup(kNobody, {.cmnd = c.cmnd});
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->size(), 1u) << c.cmnd;
    EXPECT_EQ(r->front(), c);
    ++checked;
  }
  EXPECT_GT(checked, 100);
  auto none = Store().Lookup(kNobody, {.cmnd = "999999999"});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(CitizenStore, LooksUpByNameKeyAndFullBirthDate) {
  int checked = 0;
  for (const auto& c : Some()) {
    if (c.birth.year_only()) continue;
    auto r = Store().Lookup(kNobody, ByName(c, c.birth));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(Contains(*r, c)) << c.FullName();
    for (const auto& other : *r) {
      EXPECT_EQ(NameKey(other.FullName()), NameKey(c.FullName()));
      EXPECT_EQ(other.birth.year, c.birth.year);
      EXPECT_TRUE(other.birth == c.birth || other.birth.year_only());
    }
    ++checked;
  }
  EXPECT_GT(checked, 200);
}

TEST(CitizenStore, NameKeyMayBeGivenWithAccentsAndAnyCase) {
  const Citizen& c = Some().front();
  Query q = ByName(c, c.birth);
  q.name_key = "  " + core::ToLowerVi(c.FullName()) + " ";
  auto r = Store().Lookup(kNobody, q);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(Contains(*r, c));
}

TEST(CitizenStore, LooksUpByNameKeyAndYearOnly) {
  for (size_t i = 0; i < 50; ++i) {
    const Citizen& c = Some()[i];
    auto r = Store().Lookup(kNobody, ByName(c, BirthDate{c.birth.year, 0, 0}));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(Contains(*r, c)) << c.FullName();
    for (const auto& other : *r) EXPECT_EQ(other.birth.year, c.birth.year);
  }
}

TEST(CitizenStore, YearOnlyRecordMatchesAFullDateOfThatYearOnly) {
  const Citizen& c = FindWhere([](const Citizen& x) { return x.birth.year_only(); });
  auto same_year = Store().Lookup(kNobody, ByName(c, BirthDate{c.birth.year, 6, 15}));
  ASSERT_TRUE(same_year);
  EXPECT_TRUE(Contains(*same_year, c));
  auto other_year = Store().Lookup(kNobody, ByName(c, BirthDate{c.birth.year + 1, 6, 15}));
  ASSERT_TRUE(other_year);
  EXPECT_FALSE(Contains(*other_year, c));
}

TEST(CitizenStore, WrongBirthDateFindsNoOne) {
  const Citizen& c = FindWhere([](const Citizen& x) { return !x.birth.year_only(); });
  BirthDate wrong = c.birth;
  wrong.day = wrong.day == 1 ? 2 : 1;
  auto r = Store().Lookup(kNobody, ByName(c, wrong));
  ASSERT_TRUE(r);
  EXPECT_FALSE(Contains(*r, c));
}

TEST(CitizenStore, VerifyIgnoresAccentsAndCaseButNotTheNameOrDate) {
  const Citizen& c = FindWhere([](const Citizen& x) { return !x.birth.year_only(); });
  EXPECT_TRUE(*Store().Verify(kNobody, c.id_number, c.FullName(), c.birth));
  EXPECT_TRUE(*Store().Verify(kNobody, c.id_number, NameKey(c.FullName()), c.birth));
  EXPECT_TRUE(*Store().Verify(kNobody, c.id_number, core::ToLowerVi(c.FullName()), c.birth));
  EXPECT_FALSE(*Store().Verify(kNobody, c.id_number, c.FullName() + " Anh", c.birth));
  EXPECT_FALSE(*Store().Verify(kNobody, c.id_number, "Zzz " + c.given_name, c.birth));
  BirthDate next_day = c.birth;
  next_day.day = next_day.day == 1 ? 2 : 1;
  EXPECT_FALSE(*Store().Verify(kNobody, c.id_number, c.FullName(), next_day));
  EXPECT_FALSE(*Store().Verify(kNobody, c.id_number, c.FullName(), BirthDate{c.birth.year, 0, 0}));
  EXPECT_FALSE(*Store().Verify(kNobody, UnusedCccd(), c.FullName(), c.birth));
  auto bad = Store().Verify(kNobody, "123", c.FullName(), c.birth);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::Code::kInvalidArgument);
}

TEST(CitizenStore, VerifyOfAYearOnlyRecordNeedsTheYearAlone) {
  const Citizen& c = FindWhere([](const Citizen& x) { return x.birth.year_only(); });
  EXPECT_TRUE(*Store().Verify(kNobody, c.id_number, c.FullName(), BirthDate{c.birth.year, 0, 0}));
  EXPECT_FALSE(*Store().Verify(kNobody, c.id_number, c.FullName(), BirthDate{c.birth.year, 1, 1}));
}

TEST(CitizenStore, RecordsHaveEveryFieldOfTheContract) {
  const Citizen& c = FindWhere([](const Citizen& x) {
    return !x.spouse.empty() && !x.cmnd.empty() && !x.father.id_number.empty() &&
           x.household_head.relation != "Chủ hộ";
  });
  EXPECT_EQ(c.id_number.size(), 12u);
  EXPECT_EQ(c.cmnd.size(), 9u);
  EXPECT_FALSE(c.family_name.empty());
  EXPECT_FALSE(c.given_name.empty());
  EXPECT_EQ(c.ethnicity.size(), 2u);
  EXPECT_EQ(c.religion.size(), 2u);
  EXPECT_EQ(c.nationality, "VN");
  EXPECT_FALSE(c.marital_status.empty());
  EXPECT_EQ(c.blood_group.size(), 2u);
  for (const Address* a : {&c.birth_registration, &c.hometown, &c.permanent, &c.current}) {
    EXPECT_FALSE(a->province.empty());
    EXPECT_EQ(a->country, "VN");
  }
  EXPECT_EQ(c.permanent.district.size(), 3u);
  EXPECT_EQ(c.permanent.commune.size(), 5u);
  for (const Relative* r : {&c.father, &c.mother, &c.spouse}) {
    EXPECT_FALSE(r->full_name.empty());
    EXPECT_EQ(r->nationality, "VN");
  }
  EXPECT_EQ(c.spouse.id_number.size(), 12u);
  EXPECT_FALSE(c.household_head.relation.empty());
  EXPECT_EQ(c.household_head.id_number.size(), 12u);
  EXPECT_FALSE(c.household_head.full_name.empty());
  EXPECT_EQ(c.household_book.size(), 9u);
  // The head's own record agrees with what the member's record says about them.
  auto head = Store().Lookup(kNobody, {.id_number = c.household_head.id_number});
  ASSERT_TRUE(head && head->size() == 1);
  EXPECT_EQ(head->front().FullName(), c.household_head.full_name);
  EXPECT_EQ(head->front().cmnd, c.household_head.cmnd);
  EXPECT_EQ(head->front().household_book, c.household_book);
}

TEST(CitizenStore, SampleIsDeterministicDistinctAndBounded) {
  auto a = Store().Sample(500, 11), b = Store().Sample(500, 11), other = Store().Sample(500, 12);
  ASSERT_TRUE(a && b && other);
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *other);
  std::set<std::string> ids;
  for (const auto& c : *a) ids.insert(c.id_number);
  EXPECT_EQ(ids.size(), 500u);
  auto all = Store().Sample(kTestCount + 10, 3);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), kTestCount);
  auto none = Store().Sample(0, 3);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(CitizenStore, SampleIsSpreadOverTheWholeFile) {
  // Ordinals are uniform, so about half of a sample lies below the median CCCD.
  auto all = Store().Sample(Store().Count(), 1);
  ASSERT_TRUE(all);
  std::vector<std::string> ids;
  for (const auto& c : *all) ids.push_back(c.id_number);
  std::sort(ids.begin(), ids.end());
  const std::string& median = ids[ids.size() / 2];
  auto s = Store().Sample(2000, 77);
  ASSERT_TRUE(s);
  int below = 0;
  for (const auto& c : *s) below += c.id_number < median;
  EXPECT_NEAR(below, 1000, 100);
}

TEST(CitizenStore, FileTakesUnder350BytesPerCitizen) {
  double bytes = double(std::filesystem::file_size(SharedPopulation()));
  EXPECT_LT(bytes / double(kTestCount), 350.0);
}

TEST(CitizenStore, ConcurrentLookupsAgree) {
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < Some().size(); i += 2) {
        const Citizen& c = Some()[i];
        auto r = Store().Lookup(kNobody, {.id_number = c.id_number});
        if (!r || r->size() != 1 || r->front() != c) ++mismatches;
        auto v = Store().Verify(kNobody, c.id_number, c.FullName(), c.birth);
        if (!v || !*v) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(CitizenStore, OpenRefusesMissingAndForeignFiles) {
  auto missing = CitizenStore::Open((TempDir() / "no_such.db").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::Code::kNotFound);

  std::string text = (TempDir() / "text.db").string();
  std::ofstream(text) << "not a database";
  auto not_db = CitizenStore::Open(text);
  ASSERT_FALSE(not_db);

  std::string other = (TempDir() / "other.db").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto foreign = CitizenStore::Open(other);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, core::Code::kInvalidArgument);
}

TEST(CitizenStore, NameKeyHashIsStable) {
  // Part of the file format: a change here silently breaks every existing file.
  EXPECT_EQ(NameKeyHash("NGUYEN VAN AN"), NameKeyHash("NGUYEN VAN AN"));
  EXPECT_NE(NameKeyHash("NGUYEN VAN AN"), NameKeyHash("NGUYEN VAN ANH"));
  EXPECT_EQ(NameKeyHash(""), 0xf52a15e9a9b5e89bULL);
  EXPECT_EQ(NameKeyHash("NGUYEN VAN AN"), 0xf8af36a8d4e2ea4cULL);
}

}  // namespace
}  // namespace dancu::population
