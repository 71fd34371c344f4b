// The Kiên Giang commune catalogue (GSO list of 2021-02-03) that synthetic addresses use.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace dancu::population {

// One commune-level unit of Kiên Giang (GSO province code 91).
struct Commune {
  int32_t code = 0;                // 5-digit GSO commune code, e.g. 30820
  int32_t district = 0;            // 3-digit GSO district code, e.g. 903
  std::string_view name;           // "Xã Bình Sơn"
  std::string_view district_name;  // "Huyện Hòn Đất"
  bool urban = false;  // Phường or Thị trấn (addresses with streets), else Xã (hamlets)
};

// GSO code of Kiên Giang.
inline constexpr int kKienGiangProvince = 91;

// The 144 communes parsed from the embedded kiengiang_communes_2021.csv, sorted by code.
// Parsed once on first use; the storage is static. Thread-safe.
std::span<const Commune> KienGiangCommunes();

// The commune with this code, or nullptr. Thread-safe.
const Commune* FindCommune(int32_t code);

}  // namespace dancu::population
