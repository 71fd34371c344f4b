// Requests of the national population service contract: ParseRequest and BuildRequest.
#include "population/soap.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.h"
#include "population/soap_internal.h"

namespace dancu::population {

using core::Error;
using core::Fail;
using namespace soap_internal;

namespace {

// The children of the operation element, in contract order (FACTS.md).
enum Slot {
  kRequestId, kServiceCode, kIntegrationCode, kOfficial, kUnitCode, kAccount, kPhone,
  kIdNumber, kCmnd, kFullName, kBirth, kSlotCount
};
constexpr std::array<std::string_view, kSlotCount> kSlotNames = {
    "MaYeuCau", "MaDVC", "MaTichHop", "MaCanBo", "MaDonVi", "TaiKhoan", "SoDienThoai",
    "SoDinhDanh", "SoCMND", "HoVaTen", "NgayThangNamSinh"};

// dancu's own bound on one value: the contract names none, and identifiers, codes and a name
// are far shorter; it keeps audit records and messages small.
constexpr std::size_t kMaxValueBytes = 256;

// The string member behind a text slot (const or not, as `r`); nullptr for kBirth.
template <class Request>
auto TextSlot(Request& r, int slot) -> decltype(&r.request_id) {
  switch (slot) {
    case kRequestId: return &r.request_id;
    case kServiceCode: return &r.service_code;
    case kIntegrationCode: return &r.integration_code;
    case kOfficial: return &r.official;
    case kUnitCode: return &r.unit_code;
    case kAccount: return &r.account;
    case kPhone: return &r.phone;
    case kIdNumber: return &r.query.id_number;
    case kCmnd: return &r.query.cmnd;
    case kFullName: return &r.full_name;
    default: return nullptr;
  }
}

int FindSlot(std::string_view local) {
  const auto it = std::find(kSlotNames.begin(), kSlotNames.end(), local);
  return it == kSlotNames.end() ? -1 : int(it - kSlotNames.begin());
}

bool HasElementChild(pugi::xml_node n) {
  for (const pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

// NgayThangNamSinh: <Nam>yyyy</Nam> or <NgayThangNam>yyyyMMdd</NgayThangNam>; nothing when
// the element is empty.
Result<std::optional<BirthDate>> ReadBirth(pugi::xml_node element) {
  if (!TrimAscii(TextOf(element)).empty()) {
    return Fail(Error::Invalid("NgayThangNamSinh phải chứa <Nam>yyyy</Nam> hoặc "
                               "<NgayThangNam>yyyyMMdd</NgayThangNam>, không chứa văn bản trực tiếp."));
  }
  std::optional<BirthDate> out;
  for (const pugi::xml_node c : element.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view local = LocalName(c);
    const bool year_only = local == "Nam";
    if ((!year_only && local != "NgayThangNam") || !InNsOrNone(c, kRequestNs)) {
      return Fail(Error::Invalid("NgayThangNamSinh chỉ được chứa Nam hoặc NgayThangNam "
                                 "(namespace " + std::string(kRequestNs) + ")."));
    }
    const std::string text = TextOf(c);
    if (TrimAscii(text).empty()) continue;
    if (out) return Fail(Error::Invalid("NgayThangNamSinh chỉ được chứa một trong Nam hoặc NgayThangNam."));
    auto birth = ParseBirthValue(text, year_only, local, /*strict=*/true);
    if (!birth) return Fail(std::move(birth.error()));
    out = *birth;
  }
  return out;
}

// Reads the children of the operation element into `r`.
Result<void> ReadChildren(pugi::xml_node op, SoapRequest& r) {
  std::array<bool, kSlotCount> seen{};
  for (const pugi::xml_node c : op.children()) {
    if (c.type() != pugi::node_element) continue;
    const int slot = FindSlot(LocalName(c));
    if (slot < 0) continue;  // OpenCPS adds AuthHash, Paging…: not ours to judge
    const std::string name(kSlotNames[slot]);
    if (!InNsOrNone(c, kRequestNs)) {
      return Fail(Error::Invalid("Phần tử " + name + " phải thuộc namespace " +
                                 std::string(kRequestNs) + "."));
    }
    if (seen[slot]) return Fail(Error::Invalid("Phần tử " + name + " xuất hiện hai lần."));
    seen[slot] = true;
    if (slot == kBirth) {
      auto birth = ReadBirth(c);
      if (!birth) return Fail(std::move(birth.error()));
      r.query.birth = *birth;
      continue;
    }
    if (HasElementChild(c)) {
      return Fail(Error::Invalid("Phần tử " + name + " chỉ được chứa văn bản."));
    }
    const std::string text = TextOf(c);
    const std::string_view value = TrimAscii(text);
    if (value.size() > kMaxValueBytes) {
      return Fail(Error::Invalid("Giá trị của " + name + " quá dài (tối đa " +
                                 std::to_string(kMaxValueBytes) + " byte)."));
    }
    // Character references decode after any front-door check: &#xD800; is a lone surrogate.
    if (!core::IsValidUtf8(value)) {
      return Fail(Error::Invalid("Giá trị của " + name + " không phải văn bản UTF-8 hợp lệ "
                                 "(ví dụ tham chiếu ký tự &#xD800; tới nửa cặp thay thế)."));
    }
    // Control characters (decoded from &#x3; and the like) would not survive a round trip.
    if (HasControlCharacter(value)) {
      return Fail(Error::Invalid("Giá trị của " + name + " chứa ký tự điều khiển không hợp lệ trong XML."));
    }
    *TextSlot(r, slot) = std::string(value);
  }
  return {};
}

// SoDinhDanh: 12 digits (TT 59/2021/TT-BCA); SoCMND: 9 digits.
Result<void> CheckDigits(std::string_view value, std::size_t count, std::string_view element,
                         std::string_view what) {
  if (value.empty()) return {};
  const std::string name(element);
  if (!std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Fail(Error::Invalid(name + " (" + std::string(what) + ") chỉ được chứa chữ số 0–9."));
  }
  if (value.size() != count) {
    return Fail(Error::Invalid(name + " (" + std::string(what) + ") phải gồm đúng " +
                               std::to_string(count) + " chữ số; giá trị gửi có " +
                               std::to_string(value.size()) + " chữ số."));
  }
  return {};
}

Result<void> CheckKeys(const SoapRequest& r) {
  const Query& q = r.query;
  if (auto ok = CheckDigits(q.id_number, 12, "SoDinhDanh", "số định danh cá nhân"); !ok) return ok;
  if (auto ok = CheckDigits(q.cmnd, 9, "SoCMND", "số chứng minh nhân dân"); !ok) return ok;
  if (r.operation == kOpXacThuc) {
    std::string missing;
    if (q.id_number.empty()) missing += " SoDinhDanh";
    if (q.name_key.empty()) missing += " HoVaTen";
    if (!q.birth) missing += " NgayThangNamSinh";
    if (!missing.empty()) {
      return Fail(Error::Invalid("XacThucThongTinCongDan cần SoDinhDanh, HoVaTen và "
                                 "NgayThangNamSinh; còn thiếu:" + missing + "."));
    }
    return {};
  }
  if (q.id_number.empty() && q.cmnd.empty() && (q.name_key.empty() || !q.birth)) {
    return Fail(Error::Invalid("TraCuuThongTinCongDan cần SoDinhDanh, hoặc SoCMND, hoặc HoVaTen "
                               "kèm NgayThangNamSinh."));
  }
  return {};
}

void AppendOpen(std::string& out, std::string_view name) {
  out += "<dan:";
  out += name;
  out += '>';
}

void AppendClose(std::string& out, std::string_view name) {
  out += "</dan:";
  out += name;
  out += '>';
}

}  // namespace

Result<SoapRequest> ParseRequest(std::string_view xml, const ParseLimits& limits) {
  pugi::xml_document doc;
  auto root = LoadHardened(doc, xml, limits);
  if (!root) return Fail(std::move(root.error()));
  auto op = BodyPayload(*root);
  if (!op) return Fail(std::move(op.error()));
  const std::string_view local = LocalName(*op);
  if (NamespaceOf(*op) != kRequestNs) {
    const std::string_view ns = NamespaceOf(*op);
    return Fail(Error::Invalid("Phần tử thao tác <" + Shorten(local) +
                               "> phải thuộc namespace " + std::string(kRequestNs) +
                               (ns.empty() ? " (đang không có namespace)."
                                           : " (đang là " + Shorten(ns, 100) + ").")));
  }
  if (local != kOpTraCuu && local != kOpXacThuc) {
    return Fail(Error::Invalid("Thao tác " + Shorten(local) +
                               " không được hỗ trợ; dịch vụ phục vụ " + std::string(kOpTraCuu) +
                               " và " + std::string(kOpXacThuc) + "."));
  }
  SoapRequest r;
  r.operation = std::string(local);
  if (auto ok = ReadChildren(*op, r); !ok) return Fail(std::move(ok.error()));
  r.query.name_key = NameKey(r.full_name);
  if (auto ok = CheckKeys(r); !ok) return Fail(std::move(ok.error()));
  return r;
}

std::string BuildRequest(const SoapRequest& request) {
  const std::string_view op = request.operation.empty() ? kOpTraCuu : request.operation;
  std::string out;
  out.reserve(1024);
  out += "<soapenv:Envelope xmlns:soapenv=\"";
  out += kSoapEnvelopeNs;
  out += "\" xmlns:dan=\"";
  out += kRequestNs;
  out += "\"><soapenv:Header/><soapenv:Body>";
  AppendOpen(out, op);
  for (int slot = kRequestId; slot <= kCmnd; ++slot) {
    const std::string* value = TextSlot(request, slot);
    if (!value->empty()) AppendLeaf(out, "dan", kSlotNames[slot], *value);
  }
  const std::string name =
      request.full_name.empty() ? request.query.name_key : NameKey(request.full_name);
  if (!name.empty()) AppendLeaf(out, "dan", kSlotNames[kFullName], name);
  if (const auto& birth = request.query.birth) {
    AppendOpen(out, kSlotNames[kBirth]);
    AppendLeaf(out, "dan", birth->year_only() ? "Nam" : "NgayThangNam", birth->ToContract());
    AppendClose(out, kSlotNames[kBirth]);
  }
  AppendClose(out, op);
  out += "</soapenv:Body></soapenv:Envelope>";
  return out;
}

}  // namespace dancu::population
