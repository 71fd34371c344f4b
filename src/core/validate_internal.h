// Message and character helpers shared by validate.cc and validate_ids.cc.
//
// Not part of the core module's interface: only the validate .cc files of the module include it.
// Every function here is pure and safe to call from any number of threads at once.
#pragma once

#include <cstddef>
#include <expected>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/error.h"

namespace dancu::core::internal {

// Fail(Error::Invalid(msg)): the value a validator returns for bad input.
std::unexpected<Error> Bad(std::string msg);

// The concatenation of `parts`.
std::string Cat(std::initializer_list<std::string_view> parts);

// ASCII classification without <cctype>: validation must not depend on the locale.
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAsciiLetter(char c) { return IsUpper(c) || IsLower(c); }
inline bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool IsOneOf(char c, std::string_view set) {
  return set.find(c) != std::string_view::npos;
}

// `s` without leading and trailing ASCII white space; a view into `s`.
std::string_view Trim(std::string_view s);

// `s` with ASCII letters mapped to lower / upper case; other bytes (UTF-8) kept as they are.
std::string Lower(std::string_view s);
std::string Upper(std::string_view s);

// "'x' ở vị trí 5": the character at byte offset `i` of `s` (quoted when printable, else its
// code point, or the raw byte when the UTF-8 is broken) and its 1-based character position,
// for messages. REQUIRES: i < s.size().
std::string At(std::string_view s, size_t i);

}  // namespace dancu::core::internal
