// Tests of calendar dates in Vietnam's local time.
#include "core/date.h"

#include <gtest/gtest.h>

namespace dancu::core {
namespace {

TEST(Date, ParsesIsoAndVietnameseForms) {
  struct Case { const char* in; const char* iso; };
  for (const Case& c : {Case{"2021-08-23", "2021-08-23"}, Case{"23/8/2021", "2021-08-23"},
                        Case{"23/08/2021", "2021-08-23"}, Case{"05-11-2021", "2021-11-05"},
                        Case{" 29/02/2024 ", "2024-02-29"}}) {
    auto d = Date::Parse(c.in);
    ASSERT_TRUE(d.has_value()) << c.in;
    EXPECT_EQ(d->Iso(), c.iso) << c.in;
  }
}

TEST(Date, RefusesImpossibleDaysNamingTheField) {
  for (const char* bad : {"2021-02-29", "31/04/2021", "2021/08/23", "23.08.2021", "", "ngày 5",
                          "0/1/2021", "1/13/2021", "2021-8"}) {
    auto d = Date::Parse(bad, "Hạn chót");
    ASSERT_FALSE(d.has_value()) << bad;
    EXPECT_NE(d.error().message.find("Hạn chót"), std::string::npos);
    EXPECT_EQ(d.error().code, Code::kInvalidArgument);
  }
}

TEST(Date, PrintsZeroPaddedVietnameseForm) {
  EXPECT_EQ(Date(2021, 8, 5).Vietnamese(), "05/08/2021");
}

TEST(Date, CountsDaysAcrossMonthsAndYears) {
  EXPECT_EQ(Date(2021, 7, 30).DaysUntil(Date(2021, 8, 26)), 27);
  EXPECT_EQ(Date(2021, 8, 26).DaysUntil(Date(2021, 7, 30)), -27);
  EXPECT_EQ(Date(2021, 12, 31).AddDays(1), Date(2022, 1, 1));
  EXPECT_LT(Date(2021, 7, 30), Date(2021, 8, 1));
}

TEST(Date, LocalNowCarriesTheVietnamOffset) {
  std::string now = NowLocalIso();
  EXPECT_EQ(now.size(), 25u);
  EXPECT_EQ(now.substr(19), "+07:00");
  EXPECT_EQ(now.substr(0, 10), TodayLocal().Iso());
}

}  // namespace
}  // namespace dancu::core
