// Saving a Phiếu đăng ký typed into the web form: the rows come as fields instead of a file,
// but go through the same row rules (account_row.h) and the same all-or-nothing write as a
// file import (registration.h ImportForm).
#pragma once

#include <string>
#include <vector>

#include "registry/account_row.h"
#include "registry/form_import.h"
#include "registry/registration.h"
#include "store/store.h"

namespace dancu::registry {

// What the web form holds: items 1–3 of the form and the account table as typed.
struct FormRowsInput {
  FormInfo info;                    // contact and systems; unit_name is ignored (catalogue's)
  std::vector<RawAccountRow> rows;  // row_no = 1-based position in the web table
};

// Column names of the contact fields in FieldError::column (the account columns use the
// titles of account_row.h column::).
namespace column {
inline constexpr const char* kContactName = "Họ tên đầu mối";
inline constexpr const char* kContactPhone = "Số điện thoại đầu mối";
inline constexpr const char* kContactEmail = "Email đầu mối";
inline constexpr const char* kSystems = "Tên hệ thống";
}  // namespace column

// Checks every row of `input` with CheckAccountRow, logins unique across rows (case
// insensitive), the contact's phone and email when given. Rows whose cells are all blank are
// skipped. Rows and errors keep the position of the row in the input as row_no / row, so
// the page can mark the right cell. A table without any row gets one error. Pure: never fails, problems are in ImportPlan::errors.
ImportPlan PlanFormRows(const FormRowsInput& input, const RowContext& ctx);

// Replaces the account rows and contact of (campaign, unit) by `input`, or writes nothing:
// the same checks as ImportForm (catalogue scope of each agency code, purposes, logins not
// registered by another unit of the campaign), the same form states (draft or returned, or
// no form yet; the form becomes a draft) and one history row ("edit"). The written rows are
// numbered 1..n (TT) in input order. `dry_run` checks
// without writing. Errors: invalid_argument with one FieldError per bad cell (row = position
// in the input, 0 for the contact fields); not_found for an unknown campaign or unit;
// conflict when the form is submitted, approved or beyond.
Result<ImportOutcome> SaveFormRows(store::Database& db, int64_t campaign_id,
                                   const std::string& unit_code, const FormRowsInput& input,
                                   const std::string& actor, bool dry_run = false);

}  // namespace dancu::registry
