// Calendar dates in Vietnam's local time.
#include "core/date.h"

#include <charconv>
#include <cstdio>
#include <vector>

namespace dancu::core {
namespace {

std::vector<std::string_view> SplitDate(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool ToInt(std::string_view s, int& out) {
  if (s.empty() || s.size() > 4) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

Result<Date> Date::Parse(std::string_view text, std::string_view field) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  auto bad = [&] {
    return Fail(Error::Invalid(std::string(field) + " \"" + std::string(text) +
                               "\" không phải ngày hợp lệ; hãy ghi dạng 23/08/2021 hoặc "
                               "2021-08-23."));
  };
  int y = 0, m = 0, d = 0;
  auto iso = SplitDate(text, '-');
  if (iso.size() == 3 && iso[0].size() == 4) {
    if (!ToInt(iso[0], y) || !ToInt(iso[1], m) || !ToInt(iso[2], d)) return bad();
  } else {
    auto vn = SplitDate(text, text.find('/') != std::string_view::npos ? '/' : '-');
    if (vn.size() != 3 || vn[2].size() != 4) return bad();
    if (!ToInt(vn[0], d) || !ToInt(vn[1], m) || !ToInt(vn[2], y)) return bad();
  }
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return bad();
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return bad();
  return Date(y, unsigned(m), unsigned(d));
}

std::string Date::Iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

std::string Date::Vietnamese() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", day(), month(), year());
  return buf;
}

int Date::DaysUntil(const Date& other) const {
  return int((std::chrono::sys_days{other.ymd_} - std::chrono::sys_days{ymd_}).count());
}

Date Date::AddDays(int days) const {
  std::chrono::year_month_day ymd{std::chrono::sys_days{ymd_} + std::chrono::days{days}};
  return Date(int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

Date TodayLocal() {
  auto local = std::chrono::system_clock::now() + kVietnamUtcOffset;
  std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
  return Date(int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

std::string NowLocalIso() {
  auto local = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now() +
                                                         kVietnamUtcOffset);
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{local - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+07:00", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

}  // namespace dancu::core
