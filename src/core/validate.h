// Domain value types of dancu (CCCD, CMND, phone, agency code, login, email, name) and their rules.
//
// Every type has a private constructor and a static Parse(input) returning
// Result<T>: either a value that satisfies every rule, with value() in normalised
// form, or Error::Invalid whose Vietnamese message names the field, the rule
// broken and what to fix. Parsing is pure (no I/O, no locale, no global state;
// Cccd only reads the clock through its default argument) and linear in the input,
// so it may be used by file import, the JSON API, the CLI and the web UI alike.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace dancu::core {

// The current calendar year (UTC) from the system clock, e.g. 2026.
int CurrentYear();

// Số định danh cá nhân / số CCCD (TT 59/2021/TT-BCA): 12 digits =
// 3-digit province code + 1 century/gender digit + 2-digit birth year + 6 digits.
// "091******111": an identity number masked for messages and history — enough to tell numbers
// apart, not to read them. "(chưa có)" when empty; all stars when 6 characters or fewer.
std::string MaskId(std::string_view id);

class Cccd {
 public:
  // Accepts surrounding whitespace and spaces between digits ("001 099 012 345");
  // anything else that is not a digit (letters, dots, dashes) is refused.
  // Rules: exactly 12 digits (11 digits gets a hint that Excel dropped the leading 0);
  // the province code is in Provinces(); the century digit does not point to a
  // century that has not begun by `today_year`; the birth year is not after
  // `today_year` and at most 120 years before it.
  static Result<Cccd> Parse(std::string_view input, int today_year = CurrentYear());

  const std::string& value() const { return value_; }           // the 12 digits
  std::string_view province_code() const { return std::string_view(value_).substr(0, 3); }  // "079"
  bool is_female() const { return (value_[3] - '0') % 2 == 1; }  // digit 4 odd (TT 59/2021)
  int birth_year() const { return birth_year_; }                // full year, e.g. 1999
  friend bool operator==(const Cccd&, const Cccd&) = default;

 private:
  Cccd(std::string value, int birth_year) : value_(std::move(value)), birth_year_(birth_year) {}
  std::string value_;
  int birth_year_ = 0;
};

// Số chứng minh nhân dân (old ID card): exactly 9 digits.
class Cmnd {
 public:
  // Accepts surrounding whitespace and spaces between digits; refuses any other
  // character and any digit count other than 9 (12 digits gets a hint that it is a CCCD).
  static Result<Cmnd> Parse(std::string_view input);

  const std::string& value() const { return value_; }  // the 9 digits
  friend bool operator==(const Cmnd&, const Cmnd&) = default;

 private:
  explicit Cmnd(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// Vietnamese phone number: mobile 10 digits starting 03/05/07/08/09, or landline
// 11 digits starting 02 (area code 02xx).
class Phone {
 public:
  // Accepts "0919674667", "0919.674.667", "0919 674 667", "0919-674-667",
  // "+84919674667", "84919674667", "0084919674667", "+84 (0) 919..." and
  // "(0297) 3862 123". Separators allowed: space, dot, dash, parentheses; '+' only first.
  // A number Excel stored without its leading 0 is restored: 9 digits starting
  // 3/5/7/8/9 (mobile) or 10 digits starting 2 (landline).
  // Refuses foreign country codes, the old 11-digit mobile prefixes 01xx (converted
  // in 2018; the message suggests the new number) and wrong lengths per kind.
  static Result<Phone> Parse(std::string_view input);

  const std::string& value() const { return value_; }  // national form "0919674667"
  std::string E164() const { return "+84" + value_.substr(1); }  // "+84919674667"
  bool is_mobile() const { return value_.size() == 10; }
  bool leading_zero_restored() const { return restored_; }  // input lacked the leading 0
  friend bool operator==(const Phone& a, const Phone& b) { return a.value_ == b.value_; }

 private:
  Phone(std::string value, bool restored) : value_(std::move(value)), restored_(restored) {}
  std::string value_;
  bool restored_ = false;
};

// Mã định danh điện tử của cơ quan, tổ chức (QĐ 20/2020/QĐ-TTg, QCVN 102:2016):
// "DDD.DD.DD.LDD" = level 4 . level 3 . level 2 . level 1, e.g. "000.01.04.H33".
class AgencyCode {
 public:
  // Trims and upper-cases. Accepts the 13-character form (groups of 3.2.2.3) and the
  // legacy 9-character form "DD.DD.LDD" (level 3 . level 2 . level 1; is_legacy()).
  // Rules: groups contain only 0–9 and A–Z; level 1 is a letter + 2 digits ("H49");
  // unused levels are all zeros; a level may be non-zero only when every level
  // above it (towards the right) is non-zero.
  static Result<AgencyCode> Parse(std::string_view input);

  const std::string& value() const { return value_; }  // e.g. "000.00.04.H33"
  std::string_view level1() const { return Level(1); }  // "H33"
  std::string_view level2() const { return Level(2); }  // "04"
  std::string_view level3() const { return Level(3); }  // "00"
  std::string_view level4() const { return Level(4); }  // "000"; "" for legacy codes
  bool is_legacy() const { return legacy_; }
  // 1–4: the lowest level that is non-zero ("000.00.04.H33" → 2).
  int depth() const;
  // The code of the parent agency: this code with level depth() zeroed, in the same
  // form (legacy stays legacy); nullopt for a level-1 code.
  std::optional<AgencyCode> Parent() const;
  friend bool operator==(const AgencyCode&, const AgencyCode&) = default;

 private:
  AgencyCode(std::string value, bool legacy) : value_(std::move(value)), legacy_(legacy) {}
  std::string_view Level(int level) const;
  std::string value_;
  bool legacy_ = false;
};

// Tài khoản đăng nhập (Phiếu đăng ký, chú thích 11): 8–60 characters from ASCII
// letters, digits and . _ - @ ("nguyenvana.stttt", "nguyenvanb@hanoi.gov.vn").
class LoginName {
 public:
  // Trims surrounding whitespace; refuses inner spaces, Vietnamese letters with
  // diacritics and any other character, then checks the length.
  static Result<LoginName> Parse(std::string_view input);

  const std::string& value() const { return value_; }  // as typed (trimmed)
  const std::string& key() const { return key_; }      // lower case, for uniqueness
  friend bool operator==(const LoginName& a, const LoginName& b) { return a.key_ == b.key_; }

 private:
  LoginName(std::string value, std::string key) : value_(std::move(value)), key_(std::move(key)) {}
  std::string value_;
  std::string key_;
};

// Email address, pragmatic check (not full RFC 5322).
class Email {
 public:
  // Trims; rules: at most 254 characters, no spaces, exactly one '@'; local part
  // 1–64 ASCII characters (letters, digits, !#$%&'*+/=?^_`{|}~-, dots not at the
  // ends nor doubled); domain has a dot, labels of 1–63 ASCII letters/digits/hyphens
  // not starting or ending with a hyphen. The domain is lower-cased.
  static Result<Email> Parse(std::string_view input);

  const std::string& value() const { return value_; }  // "Nguyen.A@hanoi.gov.vn"
  // The part before '@' ("Nguyen.A") and the lower-cased domain after it ("hanoi.gov.vn").
  std::string_view local_part() const { return std::string_view(value_).substr(0, at()); }
  std::string_view domain() const { return std::string_view(value_).substr(at() + 1); }
  friend bool operator==(const Email&, const Email&) = default;

 private:
  explicit Email(std::string value) : value_(std::move(value)) {}
  size_t at() const { return value_.find('@'); }
  std::string value_;
};

// Họ và tên (Phiếu đăng ký, chú thích 10).
class PersonName {
 public:
  // UTF-8 input. Normalises spacing: trims and collapses runs of spaces, tabs and
  // NBSP (U+00A0) into one space; turns the typographic apostrophe U+2019 into '.
  // Rules: required; only letters (ASCII, U+00C0–U+024F except × ÷, U+1E00–U+1EFF,
  // combining marks U+0300–U+036F), spaces, apostrophe and hyphen; no digits;
  // starts with a letter; 2–100 characters (code points); valid UTF-8.
  static Result<PersonName> Parse(std::string_view input);

  const std::string& value() const { return value_; }  // "Nguyễn Văn An"
  std::string_view family_name() const;                // first word: "Nguyễn"
  std::string_view given_name() const;                 // last word: "An"
  friend bool operator==(const PersonName&, const PersonName&) = default;

 private:
  explicit PersonName(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// The kinds ValidateByKind knows, in display order:
// cccd, cmnd, phone, agency-code, login, email, name.
std::span<const std::string_view> ValidationKinds();

// For the CLI (`dancu validate KIND VALUE`): parses `value` as `kind` and returns the
// normalised value. Flagged cases get a note in parentheses after the value, e.g.
// "00.02.H29 (mã định danh dạng cũ 9 ký tự)" or "0919674667 (đã thêm số 0 ở đầu ...)".
// Uses CurrentYear() for CCCD. Unknown kind → Invalid listing the valid kinds.
Result<std::string> ValidateByKind(std::string_view kind, std::string_view value);

}  // namespace dancu::core
