// Log lines on stderr and the text of the current exception.
#include "core/log.h"

#include <chrono>
#include <cstdio>
#include <mutex>

#include "core/date.h"
#include "core/text.h"

namespace dancu::core {
namespace {

std::mutex& LogMutex() {
  static std::mutex mu;
  return mu;
}

// Control characters and bytes of ill-formed UTF-8 become \xNN: one event, one line.
std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t bad = FirstInvalidUtf8(s);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool invalid_here = bad != std::string_view::npos && i >= bad;
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && invalid_here)) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += char(c);
    }
  }
  return out;
}

}  // namespace

void LogLine(std::string_view level, std::string_view message) {
  std::string line = NowLocalIso() + " " + std::string(level) + " " + Escape(message) + "\n";
  std::lock_guard l(LogMutex());
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

std::string CurrentExceptionText() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "ngoại lệ không rõ loại";
  }
}

}  // namespace dancu::core
