// Printing results and errors of CLI commands, as text for people or JSON for scripts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"

namespace dancu::cli {

struct Output {
  bool json = false;  // --format json
};

// Exit status of an error: 2 for invalid input, 1 otherwise (the one place for this mapping).
int ExitCode(const core::Error& e);

// Prints the error (text to stderr with one line per detail; JSON to stdout) and returns
// its exit status.
int PrintError(const Output& out, const core::Error& e);

// Prints `data` as JSON (--format json) or runs `text` to print it for people; returns 0.
int Print(const Output& out, const nlohmann::json& data, const std::function<void()>& text);

// Pads `s` to `width` display columns (UTF-8 aware) for text tables.
std::string Pad(const std::string& s, size_t width);

}  // namespace dancu::cli
