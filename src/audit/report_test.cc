// Tests of the auditors' reports: paged search with a bounded count, usage per unit/account.
#include "audit/report.h"

#include <gtest/gtest.h>

#include "audit/test_support.h"

namespace dancu::audit {
namespace {

using testing::Fixture;

Record At(std::string actor, std::string unit, std::string outcome, std::string time,
          std::string subject = "079203001234") {
  Record r = testing::Query(std::move(actor), std::move(subject), outcome, std::move(time));
  r.unit = std::move(unit);
  if (outcome != "allowed") {
    r.reason_code = outcome == "refused" ? "quota_exhausted" : "upstream_unavailable";
    r.reason = outcome == "refused" ? "Đã hết số lượt tra cứu trong ngày." : "Dịch vụ dân cư không trả lời.";
  }
  return r;
}

void Append(Fixture& fx, Record r) {
  auto seq = fx.log->AppendSync(std::move(r));
  ASSERT_TRUE(seq.has_value()) << seq.error().message;
}

RecordPage Page(Fixture& fx, RecordQuery q) {
  auto page = SearchPage(*fx.db, fx.keys, q);
  EXPECT_TRUE(page.has_value()) << page.error().message;
  return page ? *page : RecordPage{};
}

TEST(SearchPage, FiltersByOutcomeAndCountsEveryMatchAcrossPages) {
  Fixture fx("page_outcome.db");
  for (int i = 0; i < 7; ++i) Append(fx, At("a", "U1", i % 2 ? "refused" : "allowed", ""));
  RecordQuery q;
  q.outcome = "allowed";
  q.filter.limit = 3;
  RecordPage first = Page(fx, q);
  EXPECT_EQ(first.total, 4);
  EXPECT_TRUE(first.total_exact);
  ASSERT_EQ(first.records.size(), 3u);
  EXPECT_TRUE(first.has_more);
  EXPECT_EQ(first.records[0].record.seq, 7);  // newest first
  for (const auto& r : first.records) EXPECT_EQ(r.record.outcome, "allowed");
  q.filter.offset = 3;
  RecordPage second = Page(fx, q);
  ASSERT_EQ(second.records.size(), 1u);
  EXPECT_FALSE(second.has_more);
  EXPECT_EQ(second.records[0].record.seq, 1);
  EXPECT_EQ(second.total, 4);
  q.filter.offset = 10;  // past the end: still the true count
  RecordPage beyond = Page(fx, q);
  EXPECT_TRUE(beyond.records.empty());
  EXPECT_EQ(beyond.total, 4);
}

TEST(SearchPage, StopsCountingAtTheLimitAndSaysSo) {
  Fixture fx("page_cap.db");
  fx.Fill(12);
  RecordQuery q;
  q.filter.limit = 5;
  q.count_limit = 10;
  RecordPage page = Page(fx, q);
  EXPECT_EQ(page.total, 10);
  EXPECT_FALSE(page.total_exact);
  EXPECT_TRUE(page.has_more);
  q.count_limit = 12;
  page = Page(fx, q);
  EXPECT_EQ(page.total, 12);
  EXPECT_TRUE(page.total_exact);
}

TEST(SearchPage, FindsTheQueriesAboutOneCitizenAndWalksBackBySeq) {
  Fixture fx("page_subject.db");
  Append(fx, At("a", "U1", "allowed", "", "079203001234"));
  Append(fx, At("b", "U2", "allowed", "", "079203009999"));
  Append(fx, At("c", "U1", "refused", "", "079.203.001.234"));
  Append(fx, At("d", "U3", "allowed", "", "079203001234"));
  RecordQuery q;
  q.filter.subject = "079 203 001 234";
  RecordPage page = Page(fx, q);
  ASSERT_EQ(page.records.size(), 3u);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.records[0].record.actor, "d");
  EXPECT_EQ(page.records[2].record.actor, "a");
  for (const auto& r : page.records) EXPECT_TRUE(r.record.subject.empty());

  q.before_seq = 4;  // the export's next chunk starts below the last seq it wrote
  q.filter.limit = 1;
  page = Page(fx, q);
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0].record.actor, "c");
  EXPECT_TRUE(page.has_more);
}

TEST(SearchPage, CombinesUnitKindAndDays) {
  Fixture fx("page_combined.db");
  Append(fx, At("a", "U1", "allowed", "2021-08-22T23:59:00+07:00"));
  Append(fx, At("a", "U1", "allowed", "2021-08-23T08:00:00+07:00"));
  Append(fx, At("b", "U2", "allowed", "2021-08-23T09:00:00+07:00"));
  Record admin = testing::Admin("web:quantri", "registration.approve");
  admin.unit = "U1";
  admin.time = "2021-08-23T10:00:00+07:00";
  Append(fx, admin);
  RecordQuery q;
  q.filter.unit = "U1";
  q.filter.from = "23/08/2021";
  q.filter.to = "2021-08-23";
  EXPECT_EQ(Page(fx, q).total, 2);
  q.filter.kind = "query";
  RecordPage page = Page(fx, q);
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0].record.time, "2021-08-23T08:00:00+07:00");
}

TEST(SearchPage, WithOnlyDaysOrdersByDayThenSeqAndWalksOnInThatOrder) {
  Fixture fx("page_days.db");
  Append(fx, At("a", "U1", "allowed", "2021-08-23T08:00:00+07:00"));
  Append(fx, At("b", "U1", "allowed", "2021-08-24T08:00:00+07:00"));
  Append(fx, At("c", "U1", "allowed", "2021-08-23T17:00:00+07:00"));  // written late
  Append(fx, At("d", "U1", "allowed", "2021-08-24T09:00:00+07:00"));
  RecordQuery q;
  q.filter.from = "2021-08-23";
  q.filter.to = "2021-08-24";
  std::vector<std::string> order;
  for (const auto& r : Page(fx, q).records) order.push_back(r.record.actor);
  EXPECT_EQ(order, (std::vector<std::string>{"d", "b", "c", "a"}));

  std::vector<std::string> walked;  // one record at a time, as the CSV export walks
  q.filter.limit = 1;
  q.count_limit = 0;
  for (int i = 0; i < 10; ++i) {
    RecordPage page = Page(fx, q);
    if (page.records.empty()) break;
    walked.push_back(page.records[0].record.actor);
    q.before_seq = page.records[0].record.seq;
    q.before_day = page.records[0].local_day;
  }
  EXPECT_EQ(walked, order);
}

TEST(SearchPage, RefusesBadFiltersWithAMessageToFix) {
  Fixture fx("page_bad.db");
  fx.Fill(1);
  struct Case {
    RecordQuery q;
    std::string says;
  };
  std::vector<Case> cases(5);
  cases[0].q.outcome = "maybe";
  cases[0].says = "Kết quả";
  cases[1].q.filter.kind = "login";
  cases[1].says = "Loại bản ghi";
  cases[2].q.filter.from = "2021-08-24";
  cases[2].q.filter.to = "2021-08-23";
  cases[2].says = "Từ ngày";
  cases[3].q.filter.limit = 0;
  cases[3].says = "mỗi trang";
  cases[4].q.filter.subject = " .- ";
  cases[4].says = "CCCD";
  for (const auto& c : cases) {
    auto r = SearchPage(*fx.db, fx.keys, c.q);
    ASSERT_FALSE(r.has_value()) << c.says;
    EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
}

TEST(ComputeUsage, CountsQueriesPerUnitAndAccountWithinTheDays) {
  Fixture fx("usage.db");
  Append(fx, At("a", "U1", "allowed", "2021-08-22T10:00:00+07:00"));  // before the range
  Append(fx, At("a", "U1", "allowed", "2021-08-23T08:00:00+07:00"));
  Append(fx, At("a", "U1", "refused", "2021-08-23T08:05:00+07:00"));
  Append(fx, At("b", "U1", "allowed", "2021-08-24T09:00:00+07:00"));
  Append(fx, At("c", "U2", "failed", "2021-08-24T11:30:00+07:00"));
  Append(fx, At("c", "U2", "refused", "2021-08-24T11:31:00+07:00"));
  Append(fx, At("c", "U2", "allowed", "2021-08-25T00:00:00+07:00"));  // after the range
  Record admin = testing::Admin("web:quantri", "registration.approve");
  admin.time = "2021-08-23T12:00:00+07:00";
  Append(fx, admin);  // administrative records are not usage

  auto r = ComputeUsage(*fx.db, "23/08/2021", "2021-08-24");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->from, "2021-08-23");
  EXPECT_EQ(r->to, "2021-08-24");
  EXPECT_EQ(r->allowed, 2);
  EXPECT_EQ(r->refused, 2);
  EXPECT_EQ(r->failed, 1);
  ASSERT_EQ(r->units.size(), 2u);
  EXPECT_EQ(r->units[0].unit, "U1");
  EXPECT_EQ(r->units[0].allowed, 2);
  EXPECT_EQ(r->units[0].refused, 1);
  EXPECT_EQ(r->units[0].failed, 0);
  EXPECT_EQ(r->units[0].accounts, 2);
  EXPECT_EQ(r->units[0].last_time, "2021-08-24T09:00:00+07:00");
  EXPECT_EQ(r->units[1].unit, "U2");
  EXPECT_EQ(r->units[1].failed, 1);
  ASSERT_EQ(r->accounts.size(), 3u);
  EXPECT_EQ(r->accounts[0].account, "a");
  EXPECT_EQ(r->accounts[0].allowed, 1);
  EXPECT_EQ(r->accounts[0].refused, 1);
  EXPECT_EQ(r->accounts[0].last_time, "2021-08-23T08:05:00+07:00");
  EXPECT_EQ(r->accounts[2].account, "c");
  EXPECT_EQ(r->accounts[2].unit, "U2");
  ASSERT_EQ(r->reasons.size(), 2u);
  EXPECT_EQ(r->reasons[0].reason_code, "quota_exhausted");
  EXPECT_EQ(r->reasons[0].count, 2);
  EXPECT_EQ(r->reasons[0].example, "Đã hết số lượt tra cứu trong ngày.");
  EXPECT_EQ(r->reasons[1].outcome, "failed");
}

TEST(ComputeUsage, AnEmptyRangeIsAnEmptyReport) {
  Fixture fx("usage_empty.db");
  fx.Fill(3);
  auto r = ComputeUsage(*fx.db, "2000-01-01", "2000-01-31");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->units.empty());
  EXPECT_TRUE(r->accounts.empty());
  EXPECT_EQ(r->allowed + r->refused + r->failed, 0);
}

TEST(ComputeUsage, RefusesAMissingOrReversedRange) {
  Fixture fx("usage_bad.db");
  for (auto [from, to] : {std::pair{"", "2021-08-23"}, {"2021-08-24", "2021-08-23"}, {"2021-13-01", "2021-12-31"}}) {
    auto r = ComputeUsage(*fx.db, from, to);
    ASSERT_FALSE(r.has_value()) << from << " " << to;
    EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  }
}

}  // namespace
}  // namespace dancu::audit
