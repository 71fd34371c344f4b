// Calendar dates and the clock of dancu, in Vietnam's local time (Asia/Ho_Chi_Minh).
//
// Vietnam has kept UTC+7 without daylight saving since 1975, so local time is UTC+7
// exactly; g++ 12 has no time-zone database in <chrono>, and none is needed.
#pragma once

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include "core/error.h"

namespace dancu::core {

// A calendar day. Value type; thread-compatible.
class Date {
 public:
  Date() = default;
  // REQUIRES: a valid calendar day (use Parse for untrusted input).
  Date(int year, unsigned month, unsigned day) : ymd_{std::chrono::year{year},
                                                      std::chrono::month{month},
                                                      std::chrono::day{day}} {}

  // Accepts ISO "2021-08-23" and the Vietnamese "23/8/2021", "23/08/2021", "23-08-2021".
  // Errors: invalid_argument naming `field` when the text is not a real calendar day.
  static Result<Date> Parse(std::string_view text, std::string_view field = "Ngày");

  int year() const { return int(ymd_.year()); }
  unsigned month() const { return unsigned(ymd_.month()); }
  unsigned day() const { return unsigned(ymd_.day()); }

  std::string Iso() const;         // "2021-08-23"
  std::string Vietnamese() const;  // "23/08/2021"
  // Days from `this` to `other` (positive when other is later).
  int DaysUntil(const Date& other) const;
  Date AddDays(int days) const;

  auto operator<=>(const Date& o) const { return ymd_ <=> o.ymd_; }
  bool operator==(const Date& o) const = default;

 private:
  std::chrono::year_month_day ymd_{std::chrono::year{1970}, std::chrono::month{1},
                                   std::chrono::day{1}};
};

// Offset of Vietnam's local time from UTC.
inline constexpr std::chrono::hours kVietnamUtcOffset{7};

// Today's date in Asia/Ho_Chi_Minh. Thread-safe.
Date TodayLocal();
// Now as ISO-8601 with the +07:00 offset, e.g. "2021-08-23T09:15:00+07:00". Thread-safe.
std::string NowLocalIso();

}  // namespace dancu::core
