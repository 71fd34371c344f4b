// Names for the codes of a citizen record, for screens.
#include "population/display.h"

#include <charconv>

#include "core/provinces.h"
#include "population/communes.h"

namespace dancu::population {
namespace {

int32_t ToInt(std::string_view s) {
  int32_t v = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : -1;
}

// GSO code of the province (2 digits, "91") → "tỉnh Kiên Giang" / "thành phố Hà
// Nội".
std::string ProvinceText(std::string_view gso) {
  std::string code3 = gso.size() == 2 ? "0" + std::string(gso) : std::string(gso);
  const core::Province* p = core::FindProvince(code3);
  if (!p) return "tỉnh mã " + std::string(gso);
  // The five centrally-run cities (Hiến pháp 2013, Điều 110): Hà Nội, Hải
  // Phòng, Đà Nẵng, Hồ Chí Minh, Cần Thơ.
  bool city =
      code3 == "001" || code3 == "031" || code3 == "048" || code3 == "079" || code3 == "092";
  return (city ? "thành phố " : "tỉnh ") + std::string(p->name);
}

std::string DistrictName(int32_t district) {
  for (const Commune& c : KienGiangCommunes()) {
    if (c.district == district) return std::string(c.district_name);
  }
  return "";
}

void Add(std::string& out, const std::string& part) {
  if (part.empty()) return;
  if (!out.empty()) out += ", ";
  out += part;
}

}  // namespace

std::string AddressText(const Address& a) {
  std::string out = a.detail;
  bool kien_giang = a.province == std::to_string(kKienGiangProvince);
  const Commune* commune =
      kien_giang && !a.commune.empty() ? FindCommune(ToInt(a.commune)) : nullptr;
  if (commune) {
    Add(out, std::string(commune->name));
  } else if (!a.commune.empty()) {
    Add(out, "xã/phường mã " + a.commune);
  }
  if (!a.district.empty()) {
    std::string name = kien_giang ? DistrictName(ToInt(a.district)) : "";
    Add(out, name.empty() ? "quận/huyện mã " + a.district : name);
  }
  if (!a.province.empty()) Add(out, ProvinceText(a.province));
  if (!a.country.empty() && a.country != "VN") Add(out, NationalityName(a.country));
  return out;
}

std::string EthnicityName(std::string_view code) {
  if (code.empty()) return "";
  if (code == "01") return "Kinh";
  if (code == "04") return "Mường";
  if (code == "05") return "Khmer";
  if (code == "06") return "Hoa";
  return "mã " + std::string(code);
}

std::string ReligionName(std::string_view code) {
  if (code.empty()) return "";
  if (code == "00") return "Không";
  if (code == "01") return "Phật giáo";
  if (code == "02") return "Công giáo";
  if (code == "03") return "Phật giáo Hòa Hảo";
  if (code == "05") return "Cao Đài";
  if (code == "08") return "Tin Lành";
  return "mã " + std::string(code);
}

std::string NationalityName(std::string_view code) {
  if (code == "VN") return "Việt Nam";
  return std::string(code);
}

}  // namespace dancu::population
