// Tests of CountRecords: it counts exactly what Search finds, with the same
// filters.
#include "audit/count.h"

#include "audit/test_support.h"

namespace dancu::audit {
namespace {

using testing::Admin;
using testing::Fixture;
using testing::Query;

TEST(AuditCount, CountsWhatSearchFindsForEveryFilter) {
  Fixture f("count.db");
  auto add = [&](std::string actor, std::string unit, std::string subject,
                 std::string time, std::string outcome = "allowed") {
    Record r = Query(std::move(actor), std::move(subject), std::move(outcome),
                     std::move(time));
    r.unit = std::move(unit);
    ASSERT_TRUE(f.log->AppendSync(r).has_value());
  };
  add("an", "000.00.01.H32", "001099000001", "2021-08-23T09:00:00+07:00");
  add("binh", "000.00.02.H32", "001099000002", "2021-08-23T10:00:00+07:00");
  add("an", "000.00.01.H32", "001099000002", "2021-08-24T08:00:00+07:00",
      "refused");
  add("an", "000.00.01.H32", "001099000003", "2021-08-25T08:00:00+07:00");
  ASSERT_TRUE(f.log->AppendSync(Admin("an", "login")).has_value());

  struct Case {
    SearchFilter filter;
    int64_t expected;
  };
  const Case cases[] = {
      {{}, 5},
      {{.account = "an"}, 4},
      {{.account = "an", .kind = "query"}, 3},
      {{.account = "an",
        .from = "2021-08-24",
        .to = "2021-08-24",
        .kind = "query"},
       1},
      {{.account = "an", .from = "24/08/2021", .kind = "query"}, 2},
      {{.account = "An"}, 0}, // actors are exact, as in Search
      {{.unit = "000.00.02.H32"}, 1},
      {{.subject = "001 099 000 002"}, 2},
      {{.account = "an", .subject = "001099000002"}, 1},
      {{.from = "2021-08-23", .to = "2021-08-23"}, 2},
      {{.kind = "admin"}, 1},
      {{.account = "nobody"}, 0},
      {{.account = "an", .limit = 1, .offset = 3},
       4}, // paging does not change the total
  };
  for (const auto &c : cases) {
    auto n = CountRecords(*f.db, f.keys, c.filter);
    ASSERT_TRUE(n.has_value()) << n.error().message;
    EXPECT_EQ(*n, c.expected)
        << "account=" << c.filter.account << " unit=" << c.filter.unit
        << " from=" << c.filter.from << " kind=" << c.filter.kind;
    SearchFilter all = c.filter;
    all.limit = 10000;
    all.offset = 0;
    auto found = Search(*f.db, f.keys, all);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(int64_t(found->size()), *n) << "CountRecords and Search disagree";
  }
}

TEST(AuditCount, CountsAcrossEveryBlockOfRecords) {
  // Keys start with the block of seq: rows are placed at the edges of blocks 0,
  // 1 and 2.
  const int64_t b = int64_t(1) << internal::kBlockBits;
  Fixture f("count-blocks.db");
  f.Close();
  std::vector<std::pair<std::string, store::Params>> inserts;
  for (int64_t seq : {int64_t(1), b, b + 1, 2 * b + 1, 2 * b + b / 2}) {
    Record r = Query(seq == b ? "other" : "an", "001099000001");
    auto s = internal::Prepare(r, f.keys);
    ASSERT_TRUE(s.has_value());
    s->record.seq = seq;
    inserts.emplace_back(internal::kInsertRecord,
                         internal::RecordParams(std::move(*s)));
  }
  f.Tamper(inserts);
  auto by_account = CountRecords(*f.db, f.keys, {.account = "an"});
  ASSERT_TRUE(by_account.has_value()) << by_account.error().message;
  EXPECT_EQ(*by_account, 4);
  auto by_subject = CountRecords(*f.db, f.keys, {.subject = "001099000001"});
  ASSERT_TRUE(by_subject.has_value());
  EXPECT_EQ(*by_subject, 5);
  auto by_unit =
      CountRecords(*f.db, f.keys, {.unit = "000.00.01.H32", .kind = "query"});
  ASSERT_TRUE(by_unit.has_value());
  EXPECT_EQ(*by_unit, 5);
}

TEST(AuditCount, RefusesWhatSearchRefuses) {
  Fixture f("count-bad.db");
  for (SearchFilter bad :
       {SearchFilter{.from = "2021-13-45"}, SearchFilter{.to = "hôm qua"},
        SearchFilter{.kind = "login"}, SearchFilter{.subject = " - . "}}) {
    auto n = CountRecords(*f.db, f.keys, bad);
    ASSERT_FALSE(n.has_value());
    EXPECT_EQ(n.error().code, core::Code::kInvalidArgument);
    EXPECT_FALSE(Search(*f.db, f.keys, bad).has_value())
        << "Search accepts what Count refuses";
  }
}

} // namespace
} // namespace dancu::audit
