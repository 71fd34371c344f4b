// Security commitments (Bản cam kết bảo đảm an ninh, an toàn và bảo mật thông tin), one per
// unit, with the signed scan (PDF) kept beside its SHA-256.
//
// A commitment counts as valid on a day when it is not revoked, was signed on or before that
// day, has not expired, and its signed scan is on file. A unit's accounts cannot become
// active without one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace dancu::registry {

using core::Result;

struct CommitmentInput {
  std::string org_code;
  std::string rep_name;                   // Tôi tên là
  std::string nationality = "Việt Nam";   // Quốc tịch
  std::string id_number;                  // Số CMND/CCCD: 12-digit CCCD or 9-digit CMND
  std::string phone;
  std::string issue_date;                 // Ngày cấp
  std::string issue_place;                // Nơi cấp
  std::string position;                   // Chức vụ
  std::string sign_place;                 // "....., ngày ... tháng ... năm ..."
  std::string sign_date;
  std::string valid_to;                   // optional end of validity
  std::string scan;                       // optional: bytes of the signed PDF
  std::string scan_filename;
};

struct Commitment {
  int64_t id = 0;
  std::string org_code;
  std::string rep_name;
  std::string nationality;
  std::string id_kind;  // "cccd" or "cmnd"
  std::string id_number;
  std::string phone;
  std::string issue_date;
  std::string issue_place;
  std::string position;
  std::string sign_place;
  std::string sign_date;
  std::string valid_to;
  std::string scan_sha256;  // empty until the signed scan is uploaded
  std::string status;       // "valid" or "revoked"
  std::string created_at;

  bool ValidOn(const core::Date& day) const;
};

// The largest signed scan accepted.
inline constexpr size_t kMaxScanBytes = 20 * 1024 * 1024;

// The longest scan file name kept, in bytes.
inline constexpr size_t kMaxScanFileNameBytes = 255;

// `raw` as a scan's file name is stored and shown: each ill-formed UTF-8 sequence replaced by
// U+FFFD, control characters and path separators dropped, cut to kMaxScanFileNameBytes on a
// character boundary; "scan.pdf" when nothing is left. Pure; any bytes accepted.
std::string ScanFileName(std::string_view raw);

// Validates and stores a commitment. Errors: invalid_argument with one FieldError per bad
// field (CCCD structure, phone, dates in the future or out of order, scan not a PDF or too
// large); not_found for an unknown unit.
Result<Commitment> AddCommitment(store::Database& db, const CommitmentInput& in,
                                 const std::string& actor);
// Stores the signed scan of commitment `id`. Errors as AddCommitment; not_found.
Result<Commitment> AttachScan(store::Database& db, int64_t id, std::string_view pdf,
                              std::string_view filename, const std::string& actor);
// Commitments of a unit, newest first.
Result<std::vector<Commitment>> CommitmentsOf(store::Tx& tx, const std::string& org_code);
// The unit's commitment valid on `day`, if any.
Result<std::optional<Commitment>> ValidCommitment(store::Tx& tx, const std::string& org_code,
                                                  const core::Date& day);
// The stored bytes of a scan by its SHA-256 (hex). Errors: not_found.
Result<std::string> ScanBytes(store::Tx& tx, const std::string& sha256);

}  // namespace dancu::registry
