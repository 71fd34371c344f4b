// The one error value of dancu: a protocol-agnostic code and a Vietnamese message.
//
// Every fallible function returns core::Result<T> = std::expected<T, core::Error>.
// Codes map to HTTP statuses in exactly one place (web/) and to exit statuses in
// exactly one place (cli/). Messages are shown to users: Vietnamese, saying what to fix.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dancu::core {

enum class Code {
  kInvalidArgument,   // the caller's input breaks a rule; the message names field and rule
  kNotFound,          // the thing asked for does not exist
  kUnauthenticated,   // the caller's credential is missing, wrong or revoked
  kPermissionDenied,  // the caller is known but may not do this
  kQuotaExhausted,    // a daily quota is spent
  kConflict,          // the state does not allow it (duplicate, wrong workflow step)
  kUnavailable,       // a dependency is down; retrying later may work
  kInternal,          // a bug or an unexpected failure of the machine
};

// Stable machine name of a code ("invalid_argument", ...), used in JSON and logs.
std::string_view CodeName(Code code);

// One problem found in input, e.g. one cell of an imported file. row/column are
// 1-based display positions; 0 / empty when not applicable.
struct FieldError {
  int row = 0;
  std::string column;   // the field or column title as the user sees it
  std::string message;  // Vietnamese: what is wrong and what the rule is
};

struct Error {
  Code code = Code::kInternal;
  std::string message;
  std::vector<FieldError> details;  // per-field problems behind an invalid_argument

  static Error Invalid(std::string msg, std::vector<FieldError> details = {}) {
    return {Code::kInvalidArgument, std::move(msg), std::move(details)};
  }
  static Error NotFound(std::string msg) { return {Code::kNotFound, std::move(msg), {}}; }
  static Error Denied(std::string msg) { return {Code::kPermissionDenied, std::move(msg), {}}; }
  static Error Unauthenticated(std::string msg) { return {Code::kUnauthenticated, std::move(msg), {}}; }
  static Error Quota(std::string msg) { return {Code::kQuotaExhausted, std::move(msg), {}}; }
  static Error Conflict(std::string msg) { return {Code::kConflict, std::move(msg), {}}; }
  static Error Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg), {}}; }
  static Error Internal(std::string msg) { return {Code::kInternal, std::move(msg), {}}; }
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error from a function returning Result<T>.
inline std::unexpected<Error> Fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace dancu::core
