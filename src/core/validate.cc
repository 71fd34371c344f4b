// Validation rules of login, email and person name; shared validate helpers; ValidateByKind.
#include "core/validate.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <utility>

#include "core/validate_internal.h"

namespace dancu::core {
namespace {

using internal::At;
using internal::Bad;
using internal::Cat;
using internal::IsAsciiLetter;
using internal::IsAsciiSpace;
using internal::IsDigit;
using internal::IsOneOf;
using internal::Lower;
using internal::Trim;
using std::to_string;

// ASCII case mapping; other bytes (UTF-8) are kept as they are.
std::string MapCase(std::string_view s, bool (*is_from)(char), int delta) {
  std::string out(s);
  for (char& c : out) c = is_from(c) ? static_cast<char>(c + delta) : c;
  return out;
}

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

}  // namespace

namespace internal {

std::unexpected<Error> Bad(std::string msg) { return Fail(Error::Invalid(std::move(msg))); }

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) { return MapCase(s, IsUpper, 'a' - 'A'); }
std::string Upper(std::string_view s) { return MapCase(s, IsLower, 'A' - 'a'); }

// "'x' ở vị trí 5": the offending character and where it is, for messages.
std::string At(std::string_view s, size_t i) {
  return Cat({DescribeChar(s, i), " ở vị trí ", to_string(CharPosition(s, i))});
}

}  // namespace internal

namespace {

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
