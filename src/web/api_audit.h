// Helpers shared by the auditors' handlers (api_audit.cc, api_audit_csv.cc); not an interface
// of the web module.
#pragma once

#include <map>
#include <set>
#include <string>

#include "audit/report.h"
#include "web/routes.h"

namespace dancu::web {

// Rows an export may hold; past it the auditor is asked to narrow the search.
inline constexpr int64_t kAuditExportLimit = 100000;

// 503 with a Vietnamese message when the server runs without its audit log (tests).
core::Result<void> AuditAvailable(const Services& s);

// The search of ?account=&unit=&subject=&from=&to=&kind=&outcome=&offset=&limit= (account
// lower-cased, unit upper-cased as the log stores them). Errors: invalid_argument for a limit
// outside 1..max_limit or a bad offset (the other fields are checked by audit::SearchPage).
core::Result<audit::RecordQuery> AuditQueryOf(const Request& req, int default_limit, int max_limit);

// Display names from the registry: units by agency code, accounts by login (lower case).
struct AuditNames {
  std::map<std::string, std::string> units, accounts;
  std::string Unit(const std::string& code) const;       // "" when unknown
  std::string Account(const std::string& login) const;  // "" when unknown
};
AuditNames LoadAuditNames(store::Database& registry, const std::set<std::string>& units,
                          const std::set<std::string>& accounts);

// GET /api/v1/audit/export.csv: the filtered records, newest first, without identifiers.
Response ExportAuditCsv(Services& s, const Request& req, const Params& params);

}  // namespace dancu::web
