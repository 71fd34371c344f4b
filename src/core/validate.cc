// Validation rules of the dancu value types: CCCD, CMND, phone, agency code, login, email, name.
#include "core/validate.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <utility>

#include "core/provinces.h"

namespace dancu::core {
namespace {

using std::to_string;

std::unexpected<Error> Bad(std::string msg) { return Fail(Error::Invalid(std::move(msg))); }

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

// ASCII classification without <cctype>: validation must not depend on the locale.
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiLetter(char c) { return IsUpper(c) || IsLower(c); }
bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool IsOneOf(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// ASCII case mapping; other bytes (UTF-8) are kept as they are.
std::string MapCase(std::string_view s, bool (*is_from)(char), int delta) {
  std::string out(s);
  for (char& c : out) c = is_from(c) ? static_cast<char>(c + delta) : c;
  return out;
}
std::string Lower(std::string_view s) { return MapCase(s, IsUpper, 'a' - 'A'); }
std::string Upper(std::string_view s) { return MapCase(s, IsLower, 'A' - 'a'); }

struct CodePoint { char32_t value = 0; size_t length = 0; };

// Decodes the UTF-8 sequence at byte offset i (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF); nullopt when the bytes are not valid UTF-8.
std::optional<CodePoint> DecodeUtf8(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return CodePoint{b0, 1};
  // The lead byte gives the sequence length; kMin rejects overlong forms.
  const size_t len = b0 >= 0xF8 ? 0 : b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (len == 0 || i + len > s.size()) return std::nullopt;
  char32_t cp = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return CodePoint{cp, len};
}

// The character at byte offset i as shown in a message: quoted when printable,
// otherwise its code point (or the raw byte when the UTF-8 is broken).
std::string DescribeChar(std::string_view s, size_t i) {
  const auto cp = DecodeUtf8(s, i);
  const char32_t v = cp ? cp->value : 0;
  if (cp && v >= 0x20 && (v < 0x7F || v > 0xA0)) return Cat({"'", s.substr(i, cp->length), "'"});
  char buf[24];
  if (cp) std::snprintf(buf, sizeof buf, "ký tự U+%04X", static_cast<unsigned>(v));
  else std::snprintf(buf, sizeof buf, "byte 0x%02X", static_cast<unsigned char>(s[i]));
  return buf;
}

// 1-based character position of byte offset i (counts UTF-8 lead bytes before it).
size_t CharPosition(std::string_view s, size_t i) {
  size_t n = 1;
  for (size_t k = 0; k < i; ++k) n += (static_cast<unsigned char>(s[k]) & 0xC0) != 0x80;
  return n;
}

// "'x' ở vị trí 5": the offending character and where it is, for messages.
std::string At(std::string_view s, size_t i) {
  return Cat({DescribeChar(s, i), " ở vị trí ", to_string(CharPosition(s, i))});
}

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

constexpr size_t kMaxEmail = 254;  // RFC 5321: độ dài tối đa của địa chỉ email

bool HasDotProblem(std::string_view s) {
  return s.front() == '.' || s.back() == '.' || s.find("..") != std::string_view::npos;
}

Result<void> CheckLocalPart(std::string_view local) {
  if (local.empty()) return Bad("Email thiếu phần tên trước dấu @ (ví dụ nguyenvana@hanoi.vn).");
  for (size_t i = 0; i < local.size(); ++i) {
    const char c = local[i];
    if (IsAsciiLetter(c) || IsDigit(c) || IsOneOf(c, ".!#$%&'*+/=?^_`{|}~-")) continue;
    return Bad(Cat({"Phần trước dấu @ của email chỉ được gồm chữ cái không dấu, chữ số và các dấu "
                    ". _ - +; gặp ", DescribeChar(local, i), "."}));
  }
  if (HasDotProblem(local)) {
    return Bad("Phần trước dấu @ của email không được bắt đầu, kết thúc bằng dấu chấm hoặc có hai "
               "dấu chấm liền nhau.");
  }
  return {};
}

// Tên miền: các phần gồm chữ cái không dấu, chữ số, gạch nối, cách nhau bởi dấu chấm.
Result<void> CheckDomain(std::string_view d) {
  if (d.empty()) return Bad("Email thiếu tên miền sau dấu @ (ví dụ hanoi.gov.vn).");
  for (size_t i = 0; i < d.size(); ++i) {
    if (IsAsciiLetter(d[i]) || IsDigit(d[i]) || IsOneOf(d[i], "-.")) continue;
    return Bad(Cat({"Tên miền của email chỉ được gồm chữ cái không dấu, chữ số, dấu gạch nối và "
                    "dấu chấm; gặp ", DescribeChar(d, i), "."}));
  }
  if (d.find('.') == std::string_view::npos) {
    return Bad(Cat({"Tên miền của email phải có dấu chấm (ví dụ hanoi.gov.vn); đang là '", d,
                    "'."}));
  }
  if (HasDotProblem(d)) {
    return Bad("Tên miền của email không được bắt đầu, kết thúc bằng dấu chấm hoặc có hai dấu chấm "
               "liền nhau.");
  }
  if (d.front() == '-' || d.back() == '-' || d.find("-.") != d.npos || d.find(".-") != d.npos) {
    return Bad("Mỗi phần của tên miền email không được bắt đầu hoặc kết thúc bằng dấu gạch nối.");
  }
  return {};
}

constexpr size_t kMinName = 2, kMaxName = 100;  // Phiếu đăng ký, chú thích 10

bool IsNameLetter(char32_t c) {
  if (c < 0x80) return IsAsciiLetter(static_cast<char>(c));
  if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;  // Latin-1 + Extended-A/B, trừ × ÷
  return c >= 0x1E00 && c <= 0x1EFF;                            // Latin Extended Additional
}
bool IsCombiningMark(char32_t c) { return c >= 0x300 && c <= 0x36F; }
bool IsNameSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0xA0; }
bool IsNamePunct(char32_t c) { return c == '\'' || c == 0x2019 || c == '-'; }

std::string NameCharError(std::string_view s, size_t i, char32_t c) {
  if (c >= '0' && c <= '9') {
    return Cat({"Họ tên không được chứa chữ số (gặp ", At(s, i), "); hãy bỏ chữ số."});
  }
  return Cat({"Họ tên chỉ được gồm chữ cái, dấu cách, dấu nháy (') và dấu gạch nối (-); gặp ",
              At(s, i), " — hãy bỏ ký tự này."});
}

// Notes shown after the value for flagged cases; empty when there is nothing to flag.
std::string_view Note(const Phone& p) {
  return p.leading_zero_restored() ? "đã thêm số 0 ở đầu bị Excel bỏ" : "";
}
std::string_view Note(const AgencyCode& c) {
  return c.is_legacy() ? "mã định danh dạng cũ 9 ký tự" : "";
}
std::string_view Note(const auto&) { return {}; }

template <class T>
Result<std::string> ValueOf(std::string_view value) {
  auto r = T::Parse(value);
  if (!r) return Fail(std::move(r.error()));
  const std::string_view note = Note(*r);
  return note.empty() ? r->value() : Cat({r->value(), " (", note, ")"});
}

using Validator = Result<std::string> (*)(std::string_view);
constexpr std::array<std::string_view, 7> kKinds = {"cccd",  "cmnd",  "phone", "agency-code",
                                                    "login", "email", "name"};
constexpr std::array<Validator, 7> kValidators = {
    ValueOf<Cccd>,      ValueOf<Cmnd>,  ValueOf<Phone>,     ValueOf<AgencyCode>,
    ValueOf<LoginName>, ValueOf<Email>, ValueOf<PersonName>};  // same order as kKinds

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

Result<LoginName> LoginName::Parse(std::string_view input) {
  const std::string_view s = Trim(input);
  if (s.empty()) {
    return Bad("Tài khoản đăng nhập là bắt buộc (8–60 ký tự: chữ cái không dấu, chữ số, . _ - @).");
  }
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (IsAsciiLetter(c) || IsDigit(c) || IsOneOf(c, "._-@")) continue;
    if (IsAsciiSpace(c)) {
      return Bad("Tài khoản đăng nhập không được chứa dấu cách; hãy bỏ dấu cách hoặc thay bằng dấu "
                 "chấm (ví dụ nguyenvana.stttt).");
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      return Bad(Cat({"Tài khoản đăng nhập chỉ dùng chữ cái không dấu; gặp ", At(s, i),
                      " — hãy gõ không dấu (ví dụ nguyenvana)."}));
    }
    return Bad(Cat({"Tài khoản đăng nhập chỉ được gồm chữ cái a–z, A–Z, chữ số và các dấu . _ - @; "
                    "gặp ", At(s, i), "."}));
  }
  if (s.size() < 8 || s.size() > 60) {  // chú thích 11: 8–60 ký tự
    return Bad(Cat({"Tài khoản đăng nhập phải dài từ 8 đến 60 ký tự (đang có ", to_string(s.size()),
                    ")."}));
  }
  return LoginName(std::string(s), Lower(s));
}

Result<Email> Email::Parse(std::string_view input) {
  const std::string_view s = Trim(input);
  if (s.empty()) return Bad("Email là bắt buộc (ví dụ nguyenvana@hanoi.gov.vn).");
  if (s.size() > kMaxEmail) {
    return Bad(Cat({"Email dài tối đa 254 ký tự (đang có ", to_string(s.size()), ")."}));
  }
  for (char c : s) {
    if (IsAsciiSpace(c)) return Bad("Email không được chứa dấu cách; hãy bỏ dấu cách.");
  }
  const auto ats = std::count(s.begin(), s.end(), '@');
  if (ats != 1) {
    return Bad(Cat({"Email phải có đúng một ký tự @ (đang có ", to_string(ats), ")."}));
  }
  const size_t at = s.find('@');
  if (auto ok = CheckLocalPart(s.substr(0, at)); !ok) return Fail(std::move(ok.error()));
  if (auto ok = CheckDomain(s.substr(at + 1)); !ok) return Fail(std::move(ok.error()));
  return Email(Cat({s.substr(0, at + 1), Lower(s.substr(at + 1))}));
}

Result<PersonName> PersonName::Parse(std::string_view input) {
  std::string out;
  size_t count = 0;
  bool pending_space = false;
  for (size_t i = 0; i < input.size();) {
    const auto cp = DecodeUtf8(input, i);
    if (!cp) {
      return Bad(Cat({"Họ tên có byte không hợp lệ theo UTF-8 ở vị trí ",
                      to_string(CharPosition(input, i)), "; hãy lưu tệp với mã hóa UTF-8."}));
    }
    const char32_t c = cp->value;
    if (IsNameSpace(c)) {  // chuẩn hóa: bỏ khoảng trắng đầu/cuối, gộp khoảng trắng liên tiếp
      pending_space = !out.empty();
    } else if (IsNameLetter(c) || IsCombiningMark(c) || IsNamePunct(c)) {
      if (out.empty() && !IsNameLetter(c)) return Bad("Họ tên phải bắt đầu bằng chữ cái.");
      if (pending_space) {
        out += ' ';
        ++count;
        pending_space = false;
      }
      out += c == 0x2019 ? std::string_view("'") : input.substr(i, cp->length);
      ++count;
    } else {
      return Bad(NameCharError(input, i, c));
    }
    i += cp->length;
  }
  if (out.empty()) return Bad("Họ tên là bắt buộc.");
  if (count < kMinName || count > kMaxName) {
    return Bad(Cat({"Họ tên phải có từ 2 đến 100 ký tự (đang có ", to_string(count), ")."}));
  }
  return PersonName(std::move(out));
}

std::string_view PersonName::family_name() const {
  return std::string_view(value_).substr(0, value_.find(' '));  // npos: cả chuỗi
}
std::string_view PersonName::given_name() const {
  const size_t space = value_.rfind(' ');
  return std::string_view(value_).substr(space == std::string::npos ? 0 : space + 1);
}

std::span<const std::string_view> ValidationKinds() { return kKinds; }

Result<std::string> ValidateByKind(std::string_view kind, std::string_view value) {
  for (size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i] == kind) return kValidators[i](value);
  }
  std::string list;
  for (std::string_view k : kKinds) list += list.empty() ? std::string(k) : Cat({", ", k});
  return Bad(Cat({"Loại dữ liệu '", kind, "' không được hỗ trợ; hãy chọn một trong: ", list, "."}));
}

}  // namespace dancu::core
