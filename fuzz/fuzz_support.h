// Helpers shared by the libFuzzer targets of fuzz/: property checks that stop the run with a
// message (libFuzzer then saves the input as a crash), and the UTF-8 rule every string that
// leaves a parser must keep (it ends up in JSON, XML or a database).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/error.h"
#include "core/text.h"

namespace dancu::fuzz {

// Aborts with `what` when `ok` is false: a broken property is a finding, like a crash.
inline void Check(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "\n*** fuzz property violated: %.*s\n", int(what.size()), what.data());
  std::abort();
}

// Text that leaves a parser must be valid UTF-8 (JSON dumps throw on anything else).
inline void CheckUtf8(std::string_view text, std::string_view where) {
  Check(core::IsValidUtf8(text), where);
}

// An Error shown to users: a known code and a valid UTF-8, non-empty message.
inline void CheckError(const core::Error& e, std::string_view where) {
  Check(!e.message.empty(), where);
  CheckUtf8(e.message, where);
  for (const auto& d : e.details) {
    CheckUtf8(d.column, where);
    CheckUtf8(d.message, where);
  }
}

}  // namespace dancu::fuzz
