// Vietnamese personal names with relative frequencies, for the synthetic population.
//
// Family-name shares follow the commonly cited national figures (Nguyễn ≈ 38 %, Trần 11 %,
// Lê 9.5 %, Phạm 7 %, Hoàng/Huỳnh 5 %, Phan 4.5 %, Vũ/Võ 3.9 %, Đặng 2.1 %, Bùi 2 %, Đỗ 1.4 %,
// Hồ 1.3 %, Ngô 1.3 %, Dương 1 %, Lý 0.5 %) with the southern spellings Huỳnh and Võ
// preferred, as in Kiên Giang. Middle and given names change with the generation: before 1985
// "Văn" and "Thị" dominate and the southern birth-order names (Hai, Ba, Tư, Út…) appear;
// later cohorts prefer Minh, Gia, Bảo, Khánh… Khmer names follow the Kiên Giang usage
// (family names Danh, Thạch, Sơn…, "Thị" for women). Hoa citizens carry Sino-Vietnamese
// family names and the Kinh middle/given names. Weights are relative, not percentages.
// Every name here is a common word: no list is taken from real people.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace dancu::population {

struct WeightedName {
  std::string_view text;  // NFC UTF-8; may be empty (no middle name) or hold a space ("Sa Ri")
  uint32_t weight;
};

enum class NamePool : uint8_t {
  kFamilyKinh,
  kFamilyHoa,
  kFamilyKhmer,
  kMiddleMaleOld,    // born before 1985
  kMiddleMaleYoung,  // born 1985 or later
  kMiddleFemaleOld,
  kMiddleFemaleYoung,
  kMiddleKhmerMale,
  kMiddleKhmerFemale,
  kGivenMaleOld,
  kGivenMaleYoung,
  kGivenFemaleOld,
  kGivenFemaleYoung,
  kGivenKhmerMale,
  kGivenKhmerFemale,
};
inline constexpr int kNamePoolCount = 15;

// The names of `pool` with their weights. Static storage. Thread-safe.
std::span<const WeightedName> Names(NamePool pool);

// Streets of urban addresses and the two halves of hamlet (ấp) names of rural ones.
std::span<const std::string_view> StreetNames();
std::span<const std::string_view> HamletPrefixes();
std::span<const std::string_view> HamletSuffixes();

}  // namespace dancu::population
