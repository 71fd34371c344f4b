// Purpose codes as they travel: dancu's code (what accounts register), the national
// public-service code sent upstream as MaDVC, and per integrated system the codes that system
// sends (kept like OpenCPS's service-info table). Resolution is pure, over the policy snapshot
// (policy.h ResolvePurpose); this file manages the mapping.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace dancu::gateway {

struct PurposeAlias {
  int64_t system_id = 0;
  std::string system_name;
  std::string code;  // what the system sends
};

// One of dancu's purposes with its mapping. Value type.
struct PurposeMapping {
  std::string code;           // dancu's code (MaDVC of the registration forms)
  std::string text;
  std::string national_code;  // sent upstream as MaDVC; "" = the same as code
  std::vector<PurposeAlias> aliases;
};

// Every purpose, by code, with its national code and the codes systems send for it.
core::Result<std::vector<PurposeMapping>> ListPurposeMap(store::Tx& tx);

// Sets (or, with "", clears) the national code of purpose `code`. A national code belongs to
// one purpose. Errors: not_found (purpose); invalid_argument (malformed code); conflict
// (national code used by another purpose). Recorded in the history.
core::Result<void> SetNationalCode(store::Database& db, const std::string& code,
                                   const std::string& national_code, const std::string& actor);
// Maps the code `sent` that system `system_id` sends to dancu's purpose `purpose`
// (replacing an earlier mapping of the same code). Errors: not_found (system, purpose);
// invalid_argument (malformed code). Recorded in the history.
core::Result<void> MapSystemCode(store::Database& db, int64_t system_id, const std::string& sent,
                                 const std::string& purpose, const std::string& actor);
// Errors: not_found when there is no such mapping.
core::Result<void> UnmapSystemCode(store::Database& db, int64_t system_id, const std::string& sent,
                                   const std::string& actor);

// A purpose or service code: 1–64 printable ASCII characters without spaces.
core::Result<std::string> CheckPurposeCode(const std::string& code, const char* what);

}  // namespace dancu::gateway
