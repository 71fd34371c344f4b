// The organisations catalogue: CSV import with per-row errors, listing, lookup.
#include "registry/catalogue.h"

#include <map>
#include <set>

#include "core/text.h"
#include "core/validate.h"
#include "registry/history.h"
#include "registry/table_file.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

constexpr std::string_view kKindCodes[] = {"tinh", "so", "huyen", "phong", "xa"};

struct OrgRow {
  Org org;
  int row = 0;
};

// Column name → index, from the header row; names are matched folded ("Mã cha" = ma_cha).
std::map<std::string, size_t> HeaderIndex(const std::vector<std::string>& header) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string key = core::FoldForSearch(header[i]);
    for (char& c : key) if (c == ' ') c = '_';
    index.emplace(key, i);
  }
  return index;
}

std::string Cell(const std::vector<std::string>& row, const std::map<std::string, size_t>& idx,
                 const std::string& name) {
  auto it = idx.find(name);
  if (it == idx.end() || it->second >= row.size()) return {};
  return core::CollapseSpaces(core::ToNfc(row[it->second]));
}

// Parses one data row; appends problems to `errors`.
std::optional<Org> ParseOrgRow(const std::vector<std::string>& row, int row_no,
                               const std::map<std::string, size_t>& idx,
                               std::vector<FieldError>& errors) {
  size_t before = errors.size();
  Org org;
  auto code = core::AgencyCode::Parse(Cell(row, idx, "ma_dinh_danh"));
  if (!code) errors.push_back({row_no, "ma_dinh_danh", code.error().message});
  else { org.code = code->value(); org.legacy_code = code->is_legacy(); }
  org.name = Cell(row, idx, "ten");
  if (org.name.empty()) errors.push_back({row_no, "ten", "Thiếu tên đơn vị."});
  org.short_name = Cell(row, idx, "ten_ngan");
  auto kind = ParseKind(Cell(row, idx, "loai"));
  if (!kind) errors.push_back({row_no, "loai", kind.error().message});
  else org.kind = *kind;
  if (auto parent = Cell(row, idx, "ma_cha"); !parent.empty()) {
    auto pc = core::AgencyCode::Parse(parent);
    if (!pc) errors.push_back({row_no, "ma_cha", pc.error().message});
    else org.parent_code = pc->value();
  }
  org.gso_code = Cell(row, idx, "ma_hanh_chinh");
  for (char c : org.gso_code) {
    if (c < '0' || c > '9') {
      errors.push_back({row_no, "ma_hanh_chinh", "Mã đơn vị hành chính chỉ gồm chữ số."});
      break;
    }
  }
  std::string from = Cell(row, idx, "hieu_luc_tu");
  auto from_date = core::Date::Parse(from.empty() ? "1976-07-02" : from, "Hiệu lực từ");
  if (!from_date) errors.push_back({row_no, "hieu_luc_tu", from_date.error().message});
  else org.valid_from = from_date->Iso();
  if (auto to = Cell(row, idx, "hieu_luc_den"); !to.empty()) {
    auto to_date = core::Date::Parse(to, "Hiệu lực đến");
    if (!to_date) errors.push_back({row_no, "hieu_luc_den", to_date.error().message});
    else if (from_date && *to_date < *from_date)
      errors.push_back({row_no, "hieu_luc_den", "Ngày hết hiệu lực trước ngày có hiệu lực."});
    else org.valid_to = to_date->Iso();
  }
  std::string fict = Cell(row, idx, "gia_dinh");
  org.fictitious = fict == "1" || core::FoldForSearch(fict) == "co";
  if (errors.size() != before) return std::nullopt;
  return org;
}

// Checks parents exist (in the file or the database) and the hierarchy is allowed.
void CheckParents(store::Tx& tx, const std::vector<OrgRow>& rows,
                  std::vector<FieldError>& errors) {
  std::map<std::string, OrgKind> kinds;
  for (const auto& r : rows) kinds[r.org.code] = r.org.kind;
  for (const auto& r : rows) {
    if (r.org.kind == OrgKind::kProvince) continue;
    if (r.org.parent_code.empty()) {
      errors.push_back({r.row, "ma_cha", "Thiếu mã đơn vị cấp trên (chỉ cấp tỉnh mới không có)."});
      continue;
    }
    std::optional<OrgKind> parent_kind;
    if (auto it = kinds.find(r.org.parent_code); it != kinds.end()) parent_kind = it->second;
    else if (auto p = FindOrg(tx, r.org.parent_code)) parent_kind = p->kind;
    if (!parent_kind) {
      errors.push_back({r.row, "ma_cha", "Mã đơn vị cấp trên " + r.org.parent_code +
                                             " không có trong tệp lẫn danh mục."});
    } else if (!MayContain(*parent_kind, r.org.kind)) {
      errors.push_back({r.row, "ma_cha",
                        std::string(KindLabel(r.org.kind)) + " không thể trực thuộc " +
                            std::string(KindLabel(*parent_kind)) + "."});
    }
  }
}

Org OrgFromRow(const store::Row& r) {
  Org o;
  o.code = r.Text(0);
  o.legacy_code = r.Int(1) != 0;
  o.fictitious = r.Int(2) != 0;
  o.gso_code = r.Text(3);
  o.name = r.Text(4);
  o.kind = ParseKind(r.Text(5)).value_or(OrgKind::kDepartment);
  o.parent_code = r.Text(6);
  o.valid_from = r.Text(7);
  o.valid_to = r.Text(8);
  o.short_name = r.Text(9);
  return o;
}

constexpr std::string_view kOrgColumns =
    "SELECT code, legacy_code, fictitious, gso_code, name, kind, parent_code, valid_from, "
    "valid_to, short_name FROM org";

store::Value NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::monostate{};
  return s;
}

Result<OrgImportReport> WriteOrgs(store::Tx& tx, const std::vector<OrgRow>& rows,
                                  const std::string& actor) {
  OrgImportReport report;
  auto max = tx.Query("SELECT COALESCE(MAX(position), 0) FROM org", {});
  if (!max) return Fail(max.error());
  int64_t position = max->front().Int(0);
  for (const auto& r : rows) {
    const Org& o = r.org;
    auto existing = tx.Query("SELECT 1 FROM org WHERE code = ?", {o.code});
    if (!existing) return Fail(existing.error());
    auto st = tx.Exec(
        "INSERT INTO org (code, legacy_code, fictitious, gso_code, name, short_name, name_key, "
        "kind, parent_code, valid_from, valid_to, position) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET legacy_code = excluded.legacy_code, "
        "fictitious = excluded.fictitious, gso_code = excluded.gso_code, name = excluded.name, "
        "short_name = excluded.short_name, "
        "name_key = excluded.name_key, kind = excluded.kind, parent_code = excluded.parent_code, "
        "valid_from = excluded.valid_from, valid_to = excluded.valid_to",
        {o.code, int64_t(o.legacy_code), int64_t(o.fictitious), NullIfEmpty(o.gso_code), o.name,
         o.short_name, core::FoldForSearch(o.name), std::string(KindCode(o.kind)), NullIfEmpty(o.parent_code),
         o.valid_from, NullIfEmpty(o.valid_to), ++position});
    if (!st) return Fail(st.error());
    (existing->empty() ? report.inserted : report.updated)++;
  }
  auto rec = RecordChange(tx, {.actor = actor, .entity = "org", .entity_id = "*",
                               .action = "import",
                               .detail = std::to_string(report.inserted) + " mới, " +
                                         std::to_string(report.updated) + " cập nhật"});
  if (!rec) return Fail(rec.error());
  return report;
}

}  // namespace

std::string_view KindCode(OrgKind kind) { return kKindCodes[int(kind)]; }

std::string_view KindLabel(OrgKind kind) {
  switch (kind) {
    case OrgKind::kProvince: return "Tỉnh";
    case OrgKind::kDepartment: return "Sở, ban, ngành";
    case OrgKind::kDistrict: return "UBND cấp huyện";
    case OrgKind::kOffice: return "Phòng ban";
    case OrgKind::kCommune: return "UBND cấp xã";
  }
  return "";
}

Result<OrgKind> ParseKind(std::string_view code) {
  for (size_t i = 0; i < std::size(kKindCodes); ++i) {
    if (kKindCodes[i] == code) return OrgKind(i);
  }
  return Fail(Error::Invalid("Loại đơn vị \"" + std::string(code) +
                             "\" không hợp lệ; chọn một trong: tinh, so, huyen, phong, xa."));
}

bool MayContain(OrgKind parent, OrgKind child) {
  switch (child) {
    case OrgKind::kProvince: return false;
    case OrgKind::kDepartment:
    case OrgKind::kDistrict: return parent == OrgKind::kProvince;
    case OrgKind::kOffice: return parent == OrgKind::kDistrict || parent == OrgKind::kDepartment;
    case OrgKind::kCommune: return parent == OrgKind::kDistrict;
  }
  return false;
}

bool Org::ValidOn(const core::Date& day) const {
  std::string iso = day.Iso();
  return valid_from <= iso && (valid_to.empty() || iso <= valid_to);
}

Result<OrgImportReport> ImportOrgsCsv(store::Database& db, std::string_view csv_bytes,
                                      const std::string& actor) {
  if (!core::IsValidUtf8(csv_bytes)) {
    return Fail(Error::Invalid("Tệp danh mục phải mã hóa UTF-8 (byte lỗi ở vị trí " +
                               std::to_string(core::FirstInvalidUtf8(csv_bytes)) + ")."));
  }
  auto table = ReadCsv(csv_bytes);
  if (!table) return Fail(table.error());
  if (table->rows.empty()) return Fail(Error::Invalid("Tệp danh mục trống."));
  auto idx = HeaderIndex(table->rows[0]);
  std::vector<FieldError> errors;
  for (const char* col : {"ma_dinh_danh", "ten", "loai", "ma_cha", "ma_hanh_chinh"}) {
    if (!idx.contains(col)) errors.push_back({table->row_numbers[0], col, "Thiếu cột bắt buộc."});
  }
  if (!errors.empty()) return Fail(Error::Invalid("Dòng tiêu đề của tệp danh mục thiếu cột.", errors));
  std::vector<OrgRow> rows;
  std::set<std::string> seen;
  for (size_t i = 1; i < table->rows.size(); ++i) {
    const auto& row = table->rows[i];
    bool blank = std::all_of(row.begin(), row.end(), [](auto& c) { return c.empty(); });
    if (blank) continue;
    int row_no = table->row_numbers[i];
    auto org = ParseOrgRow(row, row_no, idx, errors);
    if (!org) continue;
    if (!seen.insert(org->code).second) {
      errors.push_back({row_no, "ma_dinh_danh", "Mã " + org->code + " lặp lại trong tệp."});
      continue;
    }
    rows.push_back({std::move(*org), row_no});
  }
  return db.Write([&](store::Tx& tx) -> Result<OrgImportReport> {
    CheckParents(tx, rows, errors);
    if (!errors.empty()) {
      return Fail(Error::Invalid("Tệp danh mục có " + std::to_string(errors.size()) +
                                     " lỗi; chưa ghi dòng nào.", errors));
    }
    return WriteOrgs(tx, rows, actor);
  });
}

Result<std::vector<Org>> ListOrgs(store::Tx& tx, const OrgFilter& f) {
  std::string sql(kOrgColumns);
  sql += " WHERE 1 = 1";
  store::Params params;
  if (f.kind) { sql += " AND kind = ?"; params.push_back(std::string(KindCode(*f.kind))); }
  if (!f.parent_code.empty()) { sql += " AND parent_code = ?"; params.push_back(f.parent_code); }
  if (!f.query.empty()) {
    sql += " AND (name_key LIKE ? OR code LIKE ?)";
    std::string q = "%" + core::FoldForSearch(f.query) + "%";
    params.push_back(q);
    params.push_back("%" + f.query + "%");
  }
  if (f.valid_on) {
    sql += " AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)";
    params.push_back(f.valid_on->Iso());
    params.push_back(f.valid_on->Iso());
  }
  sql += " ORDER BY position";
  if (f.limit > 0) sql += " LIMIT " + std::to_string(f.limit) + " OFFSET " + std::to_string(f.offset);
  auto rows = tx.Query(sql, params);
  if (!rows) return Fail(rows.error());
  std::vector<Org> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(OrgFromRow(r));
  return out;
}

Result<Org> FindOrg(store::Tx& tx, std::string_view code) {
  auto row = tx.QueryOne(std::string(kOrgColumns) + " WHERE code = ?", {std::string(code)},
                         "đơn vị có mã " + std::string(code));
  if (!row) return Fail(row.error());
  return OrgFromRow(*row);
}

}  // namespace dancu::registry
