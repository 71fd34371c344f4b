// Unit tests of the daily quota counters (issue 5, "Quota"): exact per account and local day,
// never exceeded under concurrency, refused or failed calls given back.
#include "gateway/quota.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

namespace dancu::gateway {
namespace {

constexpr const char* kDay = "2021-08-23";
constexpr const char* kNextDay = "2021-08-24";

TEST(QuotaCounter, ReservesUpToTheLimitThenRefusesWithTheCount) {
  QuotaCounter q;
  for (int i = 1; i <= 3; ++i) {
    auto used = q.Reserve("nguyenvana.stttt", kDay, 3);
    ASSERT_TRUE(used.has_value()) << i;
    EXPECT_EQ(*used, i);
  }
  auto refused = q.Reserve("nguyenvana.stttt", kDay, 3);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::Code::kQuotaExhausted);
  EXPECT_NE(refused.error().message.find("Đã hết số lần truy vấn trong ngày (3/3)"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(q.Used("nguyenvana.stttt", kDay), 3) << "a refusal is not counted";
}

TEST(QuotaCounter, ZeroLimitRefusesTheFirstQuery) {
  QuotaCounter q;
  auto refused = q.Reserve("a.account", kDay, 0);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("(0/0)"), std::string::npos);
}

TEST(QuotaCounter, AccountsAreCountedSeparately) {
  QuotaCounter q;
  ASSERT_TRUE(q.Reserve("first.account", kDay, 1).has_value());
  EXPECT_FALSE(q.Reserve("first.account", kDay, 1).has_value());
  auto other = q.Reserve("second.account", kDay, 1);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(*other, 1);
  EXPECT_EQ(q.Used("nobody.account", kDay), 0);
}

TEST(QuotaCounter, ANewLocalDayStartsFromZero) {
  QuotaCounter q;
  ASSERT_TRUE(q.Reserve("a.account", kDay, 2).has_value());
  ASSERT_TRUE(q.Reserve("a.account", kDay, 2).has_value());
  ASSERT_FALSE(q.Reserve("a.account", kDay, 2).has_value());
  auto tomorrow = q.Reserve("a.account", kNextDay, 2);
  ASSERT_TRUE(tomorrow.has_value());
  EXPECT_EQ(*tomorrow, 1);
  EXPECT_EQ(q.Used("a.account", kNextDay), 1);
  EXPECT_EQ(q.Used("a.account", kDay), 0) << "yesterday's count is not today's";
}

TEST(QuotaCounter, ReleaseGivesBackOneQuery) {
  QuotaCounter q;
  ASSERT_TRUE(q.Reserve("a.account", kDay, 2).has_value());
  ASSERT_TRUE(q.Reserve("a.account", kDay, 2).has_value());
  q.Release("a.account", kDay);
  EXPECT_EQ(q.Used("a.account", kDay), 1);
  auto again = q.Reserve("a.account", kDay, 2);
  ASSERT_TRUE(again.has_value()) << "the released query can be used again";
  EXPECT_EQ(*again, 2);
}

TEST(QuotaCounter, ReleaseNeverGoesBelowZeroNorTouchesAnotherDay) {
  QuotaCounter q;
  q.Release("a.account", kDay);  // nothing reserved
  EXPECT_EQ(q.Used("a.account", kDay), 0);
  ASSERT_TRUE(q.Reserve("a.account", kDay, 5).has_value());
  q.Release("a.account", kNextDay);  // a release for another day gives nothing back today
  EXPECT_EQ(q.Used("a.account", kDay), 1);
  q.Release("a.account", kDay);
  q.Release("a.account", kDay);
  EXPECT_EQ(q.Used("a.account", kDay), 0);
}

TEST(QuotaCounter, LoadSetsTodaysCountsFromTheAuditLog) {
  QuotaCounter q;
  q.Load(kDay, {{"a.account", 2}, {"b.account", 5}});
  EXPECT_EQ(q.Used("a.account", kDay), 2);
  auto third = q.Reserve("a.account", kDay, 3);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(*third, 3);
  EXPECT_FALSE(q.Reserve("a.account", kDay, 3).has_value());
  EXPECT_FALSE(q.Reserve("b.account", kDay, 5).has_value());
}

TEST(QuotaCounter, ConcurrentReservationsNeverExceedTheLimit) {
  constexpr int kThreads = 16, kAttempts = 500, kLimit = 1000;
  QuotaCounter q;
  std::atomic<int> granted{0}, highest{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kAttempts; ++i) {
        auto used = q.Reserve("shared.account", kDay, kLimit);
        if (!used) continue;
        granted++;
        for (int h = highest.load(); *used > h && !highest.compare_exchange_weak(h, *used);) {
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), kLimit);
  EXPECT_EQ(highest.load(), kLimit);
  EXPECT_EQ(q.Used("shared.account", kDay), kLimit);
}

TEST(QuotaCounter, ConcurrentReserveAndReleaseKeepTheCountExact) {
  constexpr int kThreads = 8, kRounds = 2000, kLimit = 3;
  QuotaCounter q;
  std::atomic<int> over{0}, held{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kRounds; ++i) {
        auto used = q.Reserve("busy.account", kDay, kLimit);
        if (!used) continue;
        if (*used > kLimit || ++held > kLimit) over++;
        held--;
        q.Release("busy.account", kDay);  // every reservation is given back
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(over.load(), 0) << "more queries held at once than the limit";
  EXPECT_EQ(q.Used("busy.account", kDay), 0);
}

}  // namespace
}  // namespace dancu::gateway
