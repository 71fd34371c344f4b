// Validation rules of the identifier types: CCCD, CMND, phone number and agency code.
#include "core/validate.h"

#include <chrono>
#include <optional>
#include <utility>

#include "core/provinces.h"
#include "core/validate_internal.h"

namespace dancu::core {
namespace {

using internal::At;
using internal::Bad;
using internal::Cat;
using internal::IsDigit;
using internal::IsOneOf;
using internal::IsUpper;
using internal::Trim;
using internal::Upper;
using std::to_string;

// TT 59/2021/TT-BCA: số định danh chỉ gồm chữ số; dấu cách để dễ đọc được bỏ qua.
Result<std::string> IdDigits(std::string_view input, std::string_view field) {
  const std::string_view s = Trim(input);
  if (s.empty()) return Bad(Cat({field, " là bắt buộc."}));
  std::string digits;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsDigit(s[i])) {
      digits += s[i];
    } else if (s[i] != ' ') {
      return Bad(Cat({field, " chỉ được gồm chữ số (có thể cách nhau bằng dấu cách); gặp ",
                      At(s, i), " — hãy bỏ ký tự này."}));
    }
  }
  return digits;
}

// TT 59/2021/TT-BCA: 12 chữ số. Mọi mã tỉnh bắt đầu bằng 0, nên số
// 11 chữ số thường là ô Excel dạng số đã bỏ số 0 ở đầu.
std::string CccdLengthMessage(size_t n) {
  if (n == 11) {
    return "Số CCCD có 11 chữ số (phải đúng 12); có thể Excel đã bỏ số 0 ở đầu — hãy nhập dạng "
           "văn bản.";
  }
  std::string msg = Cat({"Số CCCD phải gồm đúng 12 chữ số (đang có ", to_string(n), ")."});
  if (n == 9) msg += " Số 9 chữ số là số CMND cũ; hãy nhập số CCCD 12 chữ số.";
  return msg;
}

// TT 59/2021/TT-BCA: chữ số thứ 4 mã hóa thế kỷ sinh và giới tính:
// 0/1 = nam/nữ thế kỷ 20 (1900–1999), 2/3 = thế kỷ 21, 4/5 = 22, 6/7 = 23, 8/9 = 24.
int CenturyStart(char digit) { return 1900 + (digit - '0') / 2 * 100; }
constexpr int kMaxAge = 120;  // năm sinh hợp lý: không quá 120 tuổi

Result<int> CccdBirthYear(std::string_view d, int today_year) {
  const int century = CenturyStart(d[3]);
  if (century > today_year) {
    return Bad(Cat({"Chữ số thứ 4 của số CCCD (mã thế kỷ sinh và giới tính) là ", d.substr(3, 1),
                    ", tức sinh năm ", to_string(century), "–", to_string(century + 99),
                    " — không thể có; 0/1 là nam/nữ sinh 1900–1999, 2/3 là nam/nữ sinh "
                    "2000–2099. Hãy kiểm tra lại số CCCD."}));
  }
  const int year = century + (d[4] - '0') * 10 + (d[5] - '0');
  if (year > today_year) {
    return Bad(Cat({"Năm sinh ", to_string(year), " (theo chữ số thứ 4–6 của số CCCD) ở tương lai "
                    "so với năm ", to_string(today_year), "; hãy kiểm tra lại số CCCD."}));
  }
  if (today_year - year > kMaxAge) {
    return Bad(Cat({"Năm sinh ", to_string(year), " (theo chữ số thứ 4–6 của số CCCD) cho thấy "
                    "người này hơn 120 tuổi; hãy kiểm tra lại số CCCD."}));
  }
  return year;
}

struct PhoneDigits { std::string digits; bool international = false; };  // "+" or "00" seen

// Giữ chữ số; bỏ dấu cách, dấu chấm, gạch ngang, ngoặc đơn; "+" chỉ được đứng đầu.
Result<PhoneDigits> ExtractPhoneDigits(std::string_view s) {
  PhoneDigits out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (IsDigit(c)) {
      out.digits += c;
    } else if (c == '+' && i == 0) {
      out.international = true;
    } else if (!IsOneOf(c, " .-()")) {
      return Bad(Cat({"Số điện thoại chỉ được gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang, "
                      "ngoặc đơn và dấu + ở đầu; gặp ", At(s, i), "."}));
    }
  }
  if (out.digits.starts_with("00")) {  // tiền tố quốc tế "00" thay cho "+"
    out.digits.erase(0, 2);
    out.international = true;
  }
  return out;
}

struct NationalPhone { std::string number; bool restored = false; };  // number starts with 0

// Mã quốc gia Việt Nam 84; số trong nước bắt đầu bằng 0. Excel lưu ô dạng số bỏ
// số 0 đầu: 9 chữ số đầu 3/5/7/8/9 (di động) hoặc 10 chữ số đầu 2 (cố định).
Result<NationalPhone> ToNational(const PhoneDigits& p) {
  std::string d = p.digits;
  if (d.empty()) return Bad("Số điện thoại là bắt buộc (ví dụ 0919674667).");
  if (p.international || (d.starts_with("84") && (d.size() == 11 || d.size() == 12))) {
    if (!d.starts_with("84")) {
      return Bad("Chỉ nhận số điện thoại Việt Nam (mã quốc gia +84); hãy nhập số trong nước "
                 "bắt đầu bằng 0.");
    }
    d.erase(0, d.starts_with("840") ? 3 : 2);  // "+84 (0) 919 ..." cũng được chấp nhận
    return NationalPhone{"0" + d, false};
  }
  if (d.front() == '0') return NationalPhone{d, false};
  const bool mobile = d.size() == 9 && IsOneOf(d.front(), "35789");
  const bool landline_or_old = d.size() == 10 && IsOneOf(d.front(), "12");
  if (mobile || landline_or_old) return NationalPhone{"0" + d, true};
  return Bad("Số điện thoại phải bắt đầu bằng 0 hoặc +84 (ví dụ 0919674667, +84919674667).");
}

// Chuyển đổi đầu số di động 11 số sang 10 số (Bộ TT&TT, từ 15/9/2018).
constexpr std::pair<std::string_view, std::string_view> kOldMobilePrefixes[] = {
    {"0120", "070"}, {"0121", "079"}, {"0122", "077"}, {"0126", "076"}, {"0128", "078"},  // Mobi
    {"0123", "083"}, {"0124", "084"}, {"0125", "085"}, {"0127", "081"}, {"0129", "082"},  // Vina
    {"0162", "032"}, {"0163", "033"}, {"0164", "034"}, {"0165", "035"}, {"0166", "036"},  // Viettel
    {"0167", "037"}, {"0168", "038"}, {"0169", "039"},                                    // Viettel
    {"0186", "056"}, {"0188", "058"}, {"0199", "059"}};  // Vietnamobile, Gmobile

std::string OldPrefixMessage(std::string_view n) {
  const std::string msg = Cat({"Số điện thoại ", n, " dùng đầu số cũ (đầu số 01x đã chuyển đổi "
                               "năm 2018 sang số 10 chữ số)"});
  for (const auto& [old_prefix, new_prefix] : kOldMobilePrefixes) {
    if (n.size() == 11 && n.starts_with(old_prefix)) {
      return Cat({msg, "; hãy nhập số mới ", new_prefix, n.substr(4), "."});
    }
  }
  return msg + "; hãy nhập số mới 10 chữ số.";
}

// Di động: 10 chữ số, đầu 03/05/07/08/09. Cố định: 11 chữ số, mã vùng 02xx.
Result<void> CheckNationalPhone(std::string_view n) {
  const std::string count = to_string(n.size());
  if (n.size() < 3) {
    return Bad(Cat({"Số điện thoại quá ngắn (đang có ", count, " chữ số); số di động gồm 10 chữ "
                    "số, số cố định gồm 11 chữ số."}));
  }
  const char k = n[1];
  if (k == '1') return Bad(OldPrefixMessage(n));
  if (IsOneOf(k, "35789")) {
    if (n.size() == 10) return {};
    return Bad(Cat({"Số điện thoại di động (đầu số ", n.substr(0, 2), ") phải gồm đúng 10 chữ số "
                    "(đang có ", count, ")."}));
  }
  if (k == '2') {
    if (n.size() == 11) return {};
    return Bad(Cat({"Số điện thoại cố định phải gồm đúng 11 chữ số: mã vùng 02xx và số thuê bao "
                    "(đang có ", count, ")."}));
  }
  return Bad(Cat({"Đầu số ", n.substr(0, 2), " không phải đầu số điện thoại Việt Nam: di động bắt "
                  "đầu bằng 03, 05, 07, 08, 09; cố định bắt đầu bằng 02."}));
}

// Dạng 13 ký tự "DDD.DD.DD.LDD" = cấp 4.cấp 3.cấp 2.cấp 1; dạng cũ 9 ký tự "DD.DD.LDD".
constexpr std::string_view kModernShape = "xxx.xx.xx.xxx";
constexpr std::string_view kLegacyShape = "xx.xx.xxx";

struct Slice { size_t pos = 0; size_t len = 0; };
constexpr Slice kModernLevels[5] = {{}, {10, 3}, {7, 2}, {4, 2}, {0, 3}};  // index = level
constexpr Slice kLegacyLevels[5] = {{}, {6, 3}, {3, 2}, {0, 2}, {0, 0}};

bool HasShape(std::string_view s, std::string_view shape) {
  if (s.size() != shape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '.') != (shape[i] == '.')) return false;
  }
  return true;
}

bool IsZero(std::string_view group) {
  return !group.empty() && group.find_first_not_of('0') == std::string_view::npos;
}

// QCVN 102:2016: các nhóm chỉ gồm chữ số và chữ cái in hoa, cách nhau bởi dấu chấm.
Result<void> CheckAgencyShape(std::string_view s) {
  if (s.empty()) {
    return Bad("Mã định danh cơ quan là bắt buộc (dạng DDD.DD.DD.LDD, ví dụ 000.00.04.H33).");
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsDigit(s[i]) && !IsUpper(s[i]) && s[i] != '.') {
      return Bad(Cat({"Mã định danh cơ quan chỉ được gồm chữ số 0–9, chữ cái A–Z và dấu chấm; gặp ",
                      At(s, i), "."}));
    }
  }
  if (HasShape(s, kModernShape) || HasShape(s, kLegacyShape)) return {};
  return Bad(Cat({"Mã định danh cơ quan phải có dạng DDD.DD.DD.LDD gồm 13 ký tự (ví dụ "
                  "000.00.04.H33) hoặc dạng cũ DD.DD.LDD 9 ký tự; đang là '", s, "' (",
                  to_string(s.size()), " ký tự)."}));
}

// Cấp 1 là chữ cái + 2 chữ số; một cấp chỉ khác 0 khi mọi cấp trên (bên phải) khác 0.
Result<void> CheckAgencyLevels(const AgencyCode& c) {
  const std::string_view l1 = c.level1();
  if (!IsUpper(l1[0]) || !IsDigit(l1[1]) || !IsDigit(l1[2])) {
    return Bad(Cat({"Nhóm cấp 1 (nhóm cuối) của mã định danh cơ quan phải gồm một chữ cái và 2 chữ "
                    "số, ví dụ H49; đang là '", l1, "'."}));
  }
  const std::string_view levels[] = {{}, l1, c.level2(), c.level3(), c.level4()};
  for (int k = 3; k <= 4; ++k) {
    if (levels[k].empty() || IsZero(levels[k]) || !IsZero(levels[k - 1])) continue;
    return Bad(Cat({"Mã định danh cơ quan ", c.value(), " sai phân cấp: cấp ", to_string(k),
                    " là '", levels[k], "' nhưng cấp ", to_string(k - 1), " đang là '",
                    levels[k - 1], "'; chỉ được đặt cấp dưới khi mọi cấp trên đã khác 0."}));
  }
  return {};
}

}  // namespace

int CurrentYear() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(std::chrono::year_month_day{today}.year());
}

Result<Cccd> Cccd::Parse(std::string_view input, int today_year) {
  auto digits = IdDigits(input, "Số CCCD");
  if (!digits) return Fail(std::move(digits.error()));
  const std::string& d = *digits;
  if (d.size() != 12) return Bad(CccdLengthMessage(d.size()));
  const std::string_view code = std::string_view(d).substr(0, 3);
  if (FindProvince(code) == nullptr) {
    return Bad(Cat({"Mã tỉnh ", code, " (3 chữ số đầu của số CCCD) không có trong danh mục 63 "
                    "tỉnh, thành phố; hãy kiểm tra lại số CCCD."}));
  }
  auto year = CccdBirthYear(d, today_year);
  if (!year) return Fail(std::move(year.error()));
  return Cccd(std::move(*digits), *year);
}

Result<Cmnd> Cmnd::Parse(std::string_view input) {
  auto digits = IdDigits(input, "Số CMND");
  if (!digits) return Fail(std::move(digits.error()));
  const size_t n = digits->size();
  if (n == 9) return Cmnd(std::move(*digits));  // CMND: đúng 9 chữ số
  std::string msg = Cat({"Số CMND phải gồm đúng 9 chữ số (đang có ", to_string(n), ")."});
  if (n == 8) msg += " Có thể Excel đã bỏ số 0 ở đầu — hãy nhập dạng văn bản.";
  if (n == 12) msg += " Số 12 chữ số là số CCCD; hãy nhập vào ô số CCCD.";
  return Bad(std::move(msg));
}

Result<Phone> Phone::Parse(std::string_view input) {
  const std::string_view s = Trim(input);
  if (s.empty()) return Bad("Số điện thoại là bắt buộc (ví dụ 0919674667).");
  auto digits = ExtractPhoneDigits(s);
  if (!digits) return Fail(std::move(digits.error()));
  auto national = ToNational(*digits);
  if (!national) return Fail(std::move(national.error()));
  if (auto ok = CheckNationalPhone(national->number); !ok) return Fail(std::move(ok.error()));
  return Phone(std::move(national->number), national->restored);
}

Result<AgencyCode> AgencyCode::Parse(std::string_view input) {
  std::string s = Upper(Trim(input));
  if (auto ok = CheckAgencyShape(s); !ok) return Fail(std::move(ok.error()));
  const bool legacy = s.size() == kLegacyShape.size();
  AgencyCode code(std::move(s), legacy);
  if (auto ok = CheckAgencyLevels(code); !ok) return Fail(std::move(ok.error()));
  return code;
}

std::string_view AgencyCode::Level(int level) const {
  const Slice slice = (legacy_ ? kLegacyLevels : kModernLevels)[level];
  return std::string_view(value_).substr(slice.pos, slice.len);
}

int AgencyCode::depth() const {
  for (int k = 4; k >= 2; --k) {
    if (!Level(k).empty() && !IsZero(Level(k))) return k;
  }
  return 1;
}

std::optional<AgencyCode> AgencyCode::Parent() const {
  const int d = depth();
  if (d == 1) return std::nullopt;
  const Slice slice = (legacy_ ? kLegacyLevels : kModernLevels)[d];
  std::string parent = value_;
  parent.replace(slice.pos, slice.len, slice.len, '0');
  return AgencyCode(std::move(parent), legacy_);
}

std::string MaskId(std::string_view id) {
  if (id.empty()) return "(chưa có)";
  if (id.size() <= 6) return std::string(id.size(), '*');
  return std::string(id.substr(0, 3)) + std::string(id.size() - 6, '*') + std::string(id.substr(id.size() - 3));
}

}  // namespace dancu::core
