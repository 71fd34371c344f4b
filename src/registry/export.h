// The consolidated list of approved accounts of a campaign, in the form's column order and
// then the official's CCCD ("Số CCCD/định danh của cán bộ", last, empty when not given),
// ready to send to C06: XLSX (libxlsxwriter) or CSV (UTF-8 with BOM, for Excel).
#pragma once

#include <string>

#include "store/store.h"

namespace dancu::registry {

using core::Result;

struct ExportSummary {
  int accounts = 0;
  int units = 0;
};

// Writes the accounts of every approved (or later) form of the campaign, except revoked
// accounts, to `path` (.xlsx or .csv by extension). The file appears whole or not at all
// (written beside it, then renamed). Cells that a spreadsheet would run as a formula
// (starting with = + - @, tab or CR) are neutralised in CSV with a leading apostrophe;
// XLSX cells are always written as text. The export is recorded in the history.
// Errors: invalid_argument for another extension; not_found; unavailable if the file
// cannot be written.
Result<ExportSummary> ExportAccounts(store::Database& db, int64_t campaign_id,
                                     const std::string& path, const std::string& actor);

// The neutralised form of one CSV cell (exposed for tests).
std::string NeutraliseCsvCell(std::string_view cell);

}  // namespace dancu::registry
