// Responses of the national population service contract: CongdanCollection and XacThuc.
#include <algorithm>
#include <string>
#include <string_view>

#include "population/soap.h"
#include "population/soap_internal.h"

namespace dancu::population {

using core::Error;
using core::Fail;
using namespace soap_internal;

namespace {

constexpr std::string_view kP = "ns1";  // the prefix the national service uses

template <class T>
struct TextField {
  std::string_view name;
  std::string T::*member;
};

// Contract order of each group (FACTS.md).
constexpr TextField<Address> kAddressFields[] = {
    {"MaTinhThanh", &Address::province}, {"MaQuanHuyen", &Address::district},
    {"MaPhuongXa", &Address::commune},   {"ChiTiet", &Address::detail},
    {"QuocGia", &Address::country}};
constexpr TextField<Relative> kRelativeFields[] = {
    {"HoVaTen", &Relative::full_name}, {"QuocTich", &Relative::nationality},
    {"SoDinhDanh", &Relative::id_number}, {"SoCMND", &Relative::cmnd}};
constexpr TextField<HouseholdHead> kHeadFields[] = {
    {"QuanHe", &HouseholdHead::relation}, {"SoDinhDanh", &HouseholdHead::id_number},
    {"SoCMND", &HouseholdHead::cmnd}, {"HoVaTen", &HouseholdHead::full_name}};
constexpr TextField<Citizen> kNameFields[] = {{"Ho", &Citizen::family_name},
                                              {"ChuDem", &Citizen::middle_name},
                                              {"Ten", &Citizen::given_name}};
// The plain text children of CongDan: the identifiers, and the codes written after GioiTinh.
constexpr TextField<Citizen> kIdFields[] = {{"SoDinhDanh", &Citizen::id_number},
                                            {"SoCMND", &Citizen::cmnd},
                                            {"SoSoHoKhau", &Citizen::household_book}};
constexpr TextField<Citizen> kCodeFields[] = {
    {"DanToc", &Citizen::ethnicity},  {"TonGiao", &Citizen::religion},
    {"TinhTrangHonNhan", &Citizen::marital_status}, {"NhomMau", &Citizen::blood_group},
    {"QuocTich", &Citizen::nationality}};

template <class T>
struct GroupField {
  std::string_view name;
  T Citizen::*member;
};
constexpr GroupField<Address> kAddresses[] = {{"NoiDangKyKhaiSinh", &Citizen::birth_registration},
                                              {"QueQuan", &Citizen::hometown},
                                              {"ThuongTru", &Citizen::permanent},
                                              {"NoiOHienTai", &Citizen::current}};
constexpr GroupField<Relative> kRelatives[] = {{"Cha", &Citizen::father},
                                               {"Me", &Citizen::mother},
                                               {"VoChong", &Citizen::spouse},
                                               {"NguoiDaiDien", &Citizen::representative}};

void Open(std::string& out, std::string_view name) {
  out += '<';
  out += kP;
  out += ':';
  out += name;
  out += '>';
}

void Close(std::string& out, std::string_view name) {
  out += "</";
  out += kP;
  out += ':';
  out += name;
  out += '>';
}

template <class T, std::size_t N>
void WriteGroup(std::string& out, std::string_view name, const T& value,
                const TextField<T> (&fields)[N]) {
  Open(out, name);
  for (const auto& f : fields) AppendLeaf(out, kP, f.name, value.*f.member);
  Close(out, name);
}

void WriteCitizen(std::string& out, const Citizen& c) {
  Open(out, "CongDan");
  AppendLeaf(out, kP, "SoDinhDanh", c.id_number);
  AppendLeaf(out, kP, "SoCMND", c.cmnd);
  WriteGroup(out, "HoVaTen", c, kNameFields);
  AppendLeaf(out, kP, "GioiTinh", std::to_string(c.sex));
  for (const auto& f : kCodeFields) AppendLeaf(out, kP, f.name, c.*f.member);
  if (c.birth.year == 0) {
    AppendLeaf(out, kP, "NgayThangNamSinh", "");
  } else {
    Open(out, "NgayThangNamSinh");
    AppendLeaf(out, kP, c.birth.year_only() ? "Nam" : "NgayThangNam", c.birth.ToContract());
    Close(out, "NgayThangNamSinh");
  }
  for (const auto& a : kAddresses) WriteGroup(out, a.name, c.*a.member, kAddressFields);
  for (const auto& r : kRelatives) WriteGroup(out, r.name, c.*r.member, kRelativeFields);
  WriteGroup(out, "ChuHo", c.household_head, kHeadFields);
  AppendLeaf(out, kP, "SoSoHoKhau", c.household_book);
  Close(out, "CongDan");
}

// Reads the text children of a group into `value`; unknown children are ignored.
template <class T, std::size_t N>
void ReadGroup(pugi::xml_node element, T& value, const TextField<T> (&fields)[N]) {
  for (const pugi::xml_node c : element.children()) {
    if (c.type() != pugi::node_element || !InNsOrNone(c, kResponseNs)) continue;
    for (const auto& f : fields) {
      if (LocalName(c) == f.name) value.*f.member = TextOf(c);
    }
  }
}

// GioiTinh: 1 Nam, 2 Nữ (codes as digits; the words are accepted too); empty → 0 (unknown).
Result<int> ReadSex(pugi::xml_node element) {
  const std::string text = TextOf(element);
  const std::string_view v = TrimAscii(text);
  if (v.empty()) return 0;
  if (v == "Nam") return 1;
  if (v == "Nữ") return 2;
  if (v.size() <= 2 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::stoi(std::string(v));
  }
  return Fail(Error::Invalid("GioiTinh phải là 1 (Nam) hoặc 2 (Nữ)."));
}

Result<BirthDate> ReadBirth(pugi::xml_node element) {
  BirthDate out;
  for (const pugi::xml_node c : element.children()) {
    if (c.type() != pugi::node_element || !InNsOrNone(c, kResponseNs)) continue;
    const std::string_view local = LocalName(c);
    if (local != "Nam" && local != "NgayThangNam") continue;
    const std::string text = TextOf(c);
    if (TrimAscii(text).empty()) continue;
    auto b = ParseBirthValue(text, local == "Nam", local, /*strict=*/false);
    if (!b) return Fail(std::move(b.error()));
    out = *b;
  }
  return out;
}

// Reads `e` into `value` when its name is one of `fields`; tells whether it was.
template <class T, std::size_t N>
bool ReadField(pugi::xml_node e, std::string_view local, T& value,
               const TextField<T> (&fields)[N]) {
  for (const auto& f : fields) {
    if (local != f.name) continue;
    value.*f.member = TextOf(e);
    return true;
  }
  return false;
}

// Reads `e` into the group of `c` it names, if any; tells whether it did.
template <class T, std::size_t N, std::size_t M>
bool ReadGroupField(pugi::xml_node e, std::string_view local, Citizen& c,
                    const GroupField<T> (&groups)[N], const TextField<T> (&fields)[M]) {
  for (const auto& g : groups) {
    if (local != g.name) continue;
    c.*g.member = T{};
    ReadGroup(e, c.*g.member, fields);
    return true;
  }
  return false;
}

Result<Citizen> ReadCitizen(pugi::xml_node element) {
  Citizen c;
  for (const pugi::xml_node e : element.children()) {
    if (e.type() != pugi::node_element || !InNsOrNone(e, kResponseNs)) continue;
    const std::string_view local = LocalName(e);
    if (ReadField(e, local, c, kIdFields) || ReadField(e, local, c, kCodeFields) ||
        ReadGroupField(e, local, c, kAddresses, kAddressFields) ||
        ReadGroupField(e, local, c, kRelatives, kRelativeFields)) {
      continue;
    }
    if (local == "HoVaTen") {
      ReadGroup(e, c, kNameFields);
    } else if (local == "ChuHo") {
      ReadGroup(e, c.household_head = HouseholdHead{}, kHeadFields);
    } else if (local == "GioiTinh") {
      auto sex = ReadSex(e);
      if (!sex) return Fail(std::move(sex.error()));
      c.sex = *sex;
    } else if (local == "NgayThangNamSinh") {
      auto birth = ReadBirth(e);
      if (!birth) return Fail(std::move(birth.error()));
      c.birth = *birth;
    }
  }
  return c;
}

Error BadResponse(const Error& e) {
  return Error::Unavailable("Phản hồi của dịch vụ dân cư không hợp lệ: " + e.message);
}

// The payload of a response body, the Fault turned into its error; other problems of the
// document are the service's fault: unavailable.
Result<pugi::xml_node> ResponsePayload(pugi::xml_document& doc, std::string_view xml,
                                       const ParseLimits& limits, std::string_view expected) {
  auto root = LoadHardened(doc, xml, limits);
  if (!root) return Fail(BadResponse(root.error()));
  auto payload = BodyPayload(*root);
  if (!payload) return Fail(BadResponse(payload.error()));
  if (IsFault(*payload)) return Fail(FaultError(*payload));
  if (!Is(*payload, kResponseNs, expected)) {
    return Fail(BadResponse(Error::Invalid("soapenv:Body phải chứa " + std::string(expected) +
                                           " (namespace " + std::string(kResponseNs) + ").")));
  }
  return payload;
}

std::string Prologue(const std::string& request_id) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">";
  if (request_id.empty()) {
    out += "<soapenv:Header/>";
  } else {
    out += "<soapenv:Header><dan:MaYeuCau xmlns:dan=\"http://dancuquocgia.bca\">";
    AppendEscaped(out, request_id);
    out += "</dan:MaYeuCau></soapenv:Header>";
  }
  out += "<soapenv:Body>";
  return out;
}

constexpr std::string_view kEpilogue = "</soapenv:Body></soapenv:Envelope>";

}  // namespace

std::string TraCuuResponse(const std::vector<Citizen>& citizens, const std::string& request_id) {
  std::string out = Prologue(request_id);
  out.reserve(out.size() + 256 + citizens.size() * 3072);
  out += "<ns1:CongdanCollection xmlns:ns1=\"http://www.mic.gov.vn/dancu/1.0\">";
  for (const Citizen& c : citizens) WriteCitizen(out, c);
  out += "</ns1:CongdanCollection>";
  out += kEpilogue;
  return out;
}

Result<std::vector<Citizen>> ParseTraCuuResponse(std::string_view xml, const ParseLimits& limits) {
  pugi::xml_document doc;
  auto collection = ResponsePayload(doc, xml, limits, "CongdanCollection");
  if (!collection) return Fail(std::move(collection.error()));
  std::vector<Citizen> out;
  for (const pugi::xml_node e : collection->children()) {
    if (e.type() != pugi::node_element || !InNsOrNone(e, kResponseNs) ||
        LocalName(e) != "CongDan") {
      continue;
    }
    auto citizen = ReadCitizen(e);
    if (!citizen) return Fail(BadResponse(citizen.error()));
    out.push_back(std::move(*citizen));
  }
  return out;
}

std::string XacThucResponse(bool match, const std::string& request_id) {
  std::string out = Prologue("");
  out += "<ns1:XacThucThongTinCongDanResponse xmlns:ns1=\"http://www.mic.gov.vn/dancu/1.0\">";
  AppendLeaf(out, kP, "KetQua", match ? "true" : "false");
  AppendLeaf(out, kP, "MaYeuCau", request_id);
  out += "</ns1:XacThucThongTinCongDanResponse>";
  out += kEpilogue;
  return out;
}

Result<bool> ParseXacThucResponse(std::string_view xml, const ParseLimits& limits) {
  pugi::xml_document doc;
  auto payload = ResponsePayload(doc, xml, limits, "XacThucThongTinCongDanResponse");
  if (!payload) return Fail(std::move(payload.error()));
  for (const pugi::xml_node e : payload->children()) {
    if (e.type() != pugi::node_element || !InNsOrNone(e, kResponseNs) ||
        LocalName(e) != "KetQua") {
      continue;
    }
    const std::string text = TextOf(e);
    const std::string_view v = TrimAscii(text);
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    break;
  }
  return Fail(BadResponse(Error::Invalid("KetQua phải là true hoặc false.")));
}

}  // namespace dancu::population
