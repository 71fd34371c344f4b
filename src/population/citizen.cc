// Small helpers of the citizen record.
#include "population/citizen.h"

#include <cstdio>

#include "core/text.h"

namespace dancu::population {

std::string BirthDate::ToContract() const {
  char buf[16];
  if (year_only()) std::snprintf(buf, sizeof buf, "%04d", year);
  else std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

std::string Citizen::FullName() const {
  std::string out = family_name;
  if (!middle_name.empty()) out += " " + middle_name;
  if (!given_name.empty()) out += " " + given_name;
  return out;
}

std::string NameKey(std::string_view full_name) {
  return core::CollapseSpaces(core::ToUpperVi(core::RemoveDiacritics(full_name)));
}

}  // namespace dancu::population
