// Readable Vietnamese for the codes of a citizen record — addresses, ethnic
// group, religion, nationality — so that a screen shows "Phường Vĩnh Quang,
// Thành phố Rạch Giá, tỉnh Kiên Giang" rather than {"91", "899", "30736"}. Pure
// functions over static tables; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "population/citizen.h"

namespace dancu::population {

// "Số 349, đường Hùng Vương, khu phố 2, Phường Vĩnh Quang, Thành phố Rạch Giá,
// tỉnh Kiên Giang": the detail, then the commune and district (named from the
// Kiên Giang catalogue, communes.h; elsewhere "xã/phường mã 12345"), then the
// province ("tỉnh …" or, for the five centrally-run cities, "thành phố …";
// unknown codes as "tỉnh mã 99"), then the country when it is not VN. Empty
// parts are skipped; "" for an empty address.
std::string AddressText(const Address& a);

// DanToc code → name, by the list the population store documents (store.h: 01
// Kinh, 04 Mường, 05 Khmer, 06 Hoa); another code → "mã 07"; "" for "".
std::string EthnicityName(std::string_view code);
// TonGiao code → name (store.h: 00 Không, 01 Phật giáo, 02 Công giáo, 03 Phật
// giáo Hòa Hảo, 05 Cao Đài, 08 Tin Lành); another code → "mã 04"; "" for "".
std::string ReligionName(std::string_view code);
// QuocTich: "VN" → "Việt Nam"; another code is returned as it is.
std::string NationalityName(std::string_view code);

}  // namespace dancu::population
