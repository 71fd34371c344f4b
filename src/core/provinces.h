// The official table of the 63 province codes used by the personal ID number (TT 59/2021/TT-BCA).
#pragma once

#include <span>
#include <string_view>

namespace dancu::core {

// One province or centrally-run city. `code` is the 3-digit code that opens a
// số định danh cá nhân: "0" followed by the 2-digit GSO province code ("001" Hà Nội).
// `name` is the short Vietnamese name in UTF-8 ("Hồ Chí Minh", without "Thành phố").
struct Province {
  std::string_view code;
  std::string_view name;
};

// All 63 provinces, sorted by code (ascending), each code exactly 3 ASCII digits.
// The storage is static; the span stays valid for the life of the program.
std::span<const Province> Provinces();

// The province whose code equals `code3` exactly (3 digits, e.g. "079"), or
// nullptr when there is none (unused codes such as "003", wrong length, non-digits).
const Province* FindProvince(std::string_view code3);

}  // namespace dancu::core
