// Operational log lines on standard error, and the exception barrier every thread entry,
// handler and callback runs behind. Log lines never carry citizen data or secrets: callers
// pass what happened and where, not request bodies.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace dancu::core {

// Writes "<local time> <level> <message>" as one line to stderr. Thread-safe. Invalid UTF-8
// and control characters in `message` are escaped, so a hostile value cannot forge lines.
void LogLine(std::string_view level, std::string_view message);

// The message of the exception being handled (for use inside a catch block).
std::string CurrentExceptionText();

// Runs `fn()`; an exception escaping it is logged with `where` and swallowed, so no thread
// or callback can end the process by throwing. Returns false when `fn` threw.
template <class F>
bool Guarded(std::string_view where, F&& fn) noexcept {
  try {
    std::forward<F>(fn)();
    return true;
  } catch (...) {
    try {
      LogLine("ERROR", std::string(where) + ": " + CurrentExceptionText());
    } catch (...) {
    }
    return false;
  }
}

}  // namespace dancu::core
