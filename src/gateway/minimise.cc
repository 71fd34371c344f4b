// Field minimisation of citizen records.
#include "gateway/minimise.h"

#include <algorithm>
#include <sstream>

namespace dancu::gateway {

const std::vector<std::string>& AllFields() {
  static const std::vector<std::string> f = {
      "SoDinhDanh", "SoCMND", "HoVaTen", "GioiTinh", "DanToc", "TonGiao", "TinhTrangHonNhan",
      "NhomMau", "QuocTich", "NgayThangNamSinh", "NoiDangKyKhaiSinh", "QueQuan", "ThuongTru",
      "NoiOHienTai", "Cha", "Me", "VoChong", "NguoiDaiDien", "ChuHo", "SoSoHoKhau"};
  return f;
}

const std::vector<std::string>& IdentityFields() {
  static const std::vector<std::string> f = {"SoDinhDanh", "SoCMND", "HoVaTen", "GioiTinh", "NgayThangNamSinh"};
  return f;
}

population::Citizen Minimise(const population::Citizen& c, const std::vector<std::string>& allowed) {
  auto keep = [&](const char* f) { return std::find(allowed.begin(), allowed.end(), f) != allowed.end(); };
  population::Citizen out;
  out.nationality.clear();
  if (keep("SoDinhDanh")) out.id_number = c.id_number;
  if (keep("SoCMND")) out.cmnd = c.cmnd;
  if (keep("HoVaTen")) { out.family_name = c.family_name; out.middle_name = c.middle_name; out.given_name = c.given_name; }
  out.sex = keep("GioiTinh") ? c.sex : 0;
  if (keep("DanToc")) out.ethnicity = c.ethnicity;
  if (keep("TonGiao")) out.religion = c.religion;
  if (keep("TinhTrangHonNhan")) out.marital_status = c.marital_status;
  if (keep("NhomMau")) out.blood_group = c.blood_group;
  if (keep("QuocTich")) out.nationality = c.nationality;
  if (keep("NgayThangNamSinh")) out.birth = c.birth;
  population::Address none;
  none.country.clear();
  out.birth_registration = keep("NoiDangKyKhaiSinh") ? c.birth_registration : none;
  out.hometown = keep("QueQuan") ? c.hometown : none;
  out.permanent = keep("ThuongTru") ? c.permanent : none;
  out.current = keep("NoiOHienTai") ? c.current : none;
  population::Relative nobody;
  nobody.nationality.clear();
  out.father = keep("Cha") ? c.father : nobody;
  out.mother = keep("Me") ? c.mother : nobody;
  out.spouse = keep("VoChong") ? c.spouse : nobody;
  out.representative = keep("NguoiDaiDien") ? c.representative : nobody;
  if (keep("ChuHo")) out.household_head = c.household_head;
  if (keep("SoSoHoKhau")) out.household_book = c.household_book;
  return out;
}

core::Result<std::vector<std::string>> ParseFieldList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string f; std::getline(ss, f, ',');) {
    f.erase(0, f.find_first_not_of(' '));
    f.erase(f.find_last_not_of(' ') + 1);
    if (f.empty()) continue;
    if (std::find(AllFields().begin(), AllFields().end(), f) == AllFields().end()) {
      std::string all;
      for (const auto& a : AllFields()) all += (all.empty() ? "" : ", ") + a;
      return core::Fail(core::Error::Invalid("Trường \"" + f + "\" không có trong hợp đồng; chọn trong: " + all + "."));
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace dancu::gateway
