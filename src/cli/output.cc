// Printing results and errors of CLI commands.
#include "cli/output.h"

#include <iostream>

#include "web/json.h"

namespace dancu::cli {

int ExitCode(const core::Error& e) { return e.code == core::Code::kInvalidArgument ? 2 : 1; }

int PrintError(const Output& out, const core::Error& e) {
  if (out.json) {
    std::cout << web::ToJson(e).dump(2) << "\n";
  } else {
    std::cerr << "Lỗi: " << e.message << "\n";
    for (const auto& d : e.details) {
      std::cerr << "  ";
      if (d.row > 0) std::cerr << "dòng " << d.row << ", ";
      if (!d.column.empty()) std::cerr << "cột \"" << d.column << "\": ";
      std::cerr << d.message << "\n";
    }
  }
  return ExitCode(e);
}

int Print(const Output& out, const nlohmann::json& data, const std::function<void()>& text) {
  if (out.json) std::cout << data.dump(2) << "\n";
  else text();
  return 0;
}

std::string Pad(const std::string& s, size_t width) {
  size_t cols = 0;
  for (unsigned char c : s) cols += (c & 0xC0) != 0x80 ? 1 : 0;
  // Combining marks (U+0300–U+036F: CC 80–CD AF) take no column.
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if ((a == 0xCC && b >= 0x80) || (a == 0xCD && b <= 0xAF)) --cols;
  }
  return cols >= width ? s : s + std::string(width - cols, ' ');
}

}  // namespace dancu::cli
