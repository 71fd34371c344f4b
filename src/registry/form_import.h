// Reading a filled Phiếu đăng ký from an office's CSV or XLSX file, as real files come.
//
// Real files vary: title rows above the header, merged cells, blank rows, column titles
// worded slightly differently or carrying footnote numbers, numbers stored as text, NFD
// text, and the legacy TCVN3 (ABC) and VNI encodings. ParseForm finds the header, decodes
// the text to Unicode NFC, and checks every row; it never writes anything.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "registry/account_row.h"
#include "registry/table_file.h"

namespace dancu::registry {

// The form's fields above the table (items 1–3 of the Phiếu), when the file has them.
struct FormInfo {
  std::string unit_name;             // 1. Đơn vị đăng ký
  std::vector<std::string> systems;  // 2. Tên Hệ thống CSDL (one or more, ';'-separated)
  std::string contact_name;          // 3. Đầu mối liên hệ: Họ tên
  std::string contact_position;      //    Chức vụ
  std::string contact_phone;         //    Số điện thoại
  std::string contact_email;         //    Email
  std::string contact_workplace;     //    Đơn vị công tác
};

struct ImportPlan {
  std::vector<AccountRow> rows;          // valid rows, in file order
  std::vector<core::FieldError> errors;  // every rejected cell: row, column, reason
  std::vector<std::string> notes;        // what was repaired: encoding converted, zeros restored
  std::string encoding;                  // "utf-8", "tcvn3", "vni"
  int header_row = 0;                    // row number of the column titles
  FormInfo info;
  // Whether the source had a column for the official's CCCD. A file without one (an older
  // form, the list as exported elsewhere) keeps the CCCDs already saved for the same logins
  // instead of erasing them.
  bool has_official_id = true;
};

// Parses the file. Errors (whole-file problems): invalid_argument when the file is not a
// readable CSV/XLSX, is too large, holds invalid UTF-8 that is no legacy encoding either,
// or has no recognisable header row (the message lists the titles looked for). Row
// problems do not fail the call: they are in ImportPlan::errors.
core::Result<ImportPlan> ParseForm(std::string_view bytes, std::string_view filename,
                                   const RowContext& ctx, const ReadLimits& limits = {});

// The form's column titles in order (TT, Họ tên, ... Mục đích sử dụng): for export and
// templates.
const std::vector<std::string>& FormColumnTitles();

}  // namespace dancu::registry
