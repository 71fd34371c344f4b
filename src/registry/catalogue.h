// The organisations catalogue: province → sở/ban/ngành and UBND huyện → phòng ban, UBND xã.
//
// The catalogue is data with validity dates, never code: the 2025 reform abolished the
// districts, so a unit carries valid_from/valid_to and lists ask "valid on which day".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace dancu::registry {

using core::Result;

enum class OrgKind { kProvince, kDepartment, kDistrict, kOffice, kCommune };

// "tinh", "so", "huyen", "phong", "xa" — the codes used in files, JSON and the CLI.
std::string_view KindCode(OrgKind kind);
// Vietnamese label: "Tỉnh", "Sở, ban, ngành", "UBND cấp huyện", "Phòng ban", "UBND cấp xã".
std::string_view KindLabel(OrgKind kind);
// Errors: invalid_argument listing the accepted codes.
Result<OrgKind> ParseKind(std::string_view code);
// Whether a unit of kind `child` may sit under a unit of kind `parent`.
bool MayContain(OrgKind parent, OrgKind child);

struct Org {
  std::string code;         // normalised agency code
  bool legacy_code = false; // old 9-character form
  bool fictitious = false;  // demo code, not a real one
  std::string gso_code;     // GSO administrative-unit code, empty if none
  std::string name;
  std::string short_name;   // as letters list it ("Tài chính", "xã Bình Sơn"); may be empty
  OrgKind kind = OrgKind::kDepartment;
  std::string parent_code;  // empty for the province
  std::string valid_from;   // ISO date
  std::string valid_to;     // ISO date of the last valid day; empty = open

  bool ValidOn(const core::Date& day) const;
};

struct OrgImportReport {
  int inserted = 0;
  int updated = 0;
};

// Imports a catalogue CSV with columns ma_dinh_danh, ten, loai, ma_cha, ma_hanh_chinh and
// optional ten_ngan, hieu_luc_tu, hieu_luc_den, gia_dinh (1 = fictitious code). Rows are upserted by
// code. Either every row is valid and all are written, or nothing is: errors are
// invalid_argument with one FieldError per bad cell (row number, column, Vietnamese reason).
Result<OrgImportReport> ImportOrgsCsv(store::Database& db, std::string_view csv_bytes,
                                      const std::string& actor);

struct OrgFilter {
  std::optional<OrgKind> kind;
  std::string parent_code;          // only direct children of this unit
  std::string query;                // accent- and case-insensitive substring of name or code
  std::optional<core::Date> valid_on;
  int limit = 0;                    // 0 = all
  int offset = 0;
};

// Units matching `filter`, in catalogue order.
Result<std::vector<Org>> ListOrgs(store::Tx& tx, const OrgFilter& filter);
// Errors: not_found naming the code.
Result<Org> FindOrg(store::Tx& tx, std::string_view code);

}  // namespace dancu::registry
