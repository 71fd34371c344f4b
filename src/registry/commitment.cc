// Security commitments: validation, the signed scan, validity on a day.
#include "registry/commitment.h"

#include "core/hash.h"
#include "core/text.h"
#include "core/validate.h"
#include "registry/catalogue.h"
#include "registry/history.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

constexpr std::string_view kColumns =
    "SELECT id, org_code, rep_name, nationality, id_kind, id_number, phone, issue_date, "
    "issue_place, position, sign_place, sign_date, valid_to, scan_sha256, status, created_at "
    "FROM commitment";

Commitment FromRow(const store::Row& r) {
  return {.id = r.Int(0), .org_code = r.Text(1), .rep_name = r.Text(2),
          .nationality = r.Text(3), .id_kind = r.Text(4), .id_number = r.Text(5),
          .phone = r.Text(6), .issue_date = r.Text(7), .issue_place = r.Text(8),
          .position = r.Text(9), .sign_place = r.Text(10), .sign_date = r.Text(11),
          .valid_to = r.Text(12), .scan_sha256 = r.Text(13), .status = r.Text(14),
          .created_at = r.Text(15)};
}

std::string Required(const std::string& value, const char* field, std::vector<FieldError>& errors) {
  std::string v = core::CollapseSpaces(value);
  if (v.empty()) errors.push_back({0, field, std::string("Thiếu ") + field + "."});
  return v;
}

// A date field that must not lie in the future. Returns ISO, or "" after an error.
std::string PastDate(const std::string& value, const char* field, std::vector<FieldError>& errors) {
  auto d = core::Date::Parse(value, field);
  if (!d) { errors.push_back({0, field, d.error().message}); return {}; }
  if (core::TodayLocal() < *d) {
    errors.push_back({0, field, std::string(field) + " " + d->Vietnamese() + " ở tương lai."});
    return {};
  }
  return d->Iso();
}

Result<void> CheckScan(std::string_view pdf) {
  if (pdf.size() > kMaxScanBytes) {
    return Fail(Error::Invalid("Bản scan lớn hơn 20 MB; hãy scan ở độ phân giải thấp hơn."));
  }
  if (pdf.substr(0, 5) != "%PDF-") {
    return Fail(Error::Invalid("Bản scan phải là tệp PDF (tệp tải lên không bắt đầu bằng %PDF-)."));
  }
  return {};
}

// Control characters (C0, DEL) and path separators: harmless in the database, but they break
// headers, file dialogs and JSON readers downstream.
bool DroppedFromFileName(unsigned char c) { return c < 0x20 || c == 0x7F || c == '/' || c == '\\'; }

Result<std::string> StoreScan(store::Tx& tx, std::string_view pdf, std::string_view filename) {
  std::string sha = core::Sha256Hex(pdf);
  auto st = tx.Exec(
      "INSERT INTO document (sha256, filename, mime, size, content, created_at) "
      "VALUES (?, ?, 'application/pdf', ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
      {sha, ScanFileName(filename), int64_t(pdf.size()), store::Blob{std::string(pdf)},
       core::NowLocalIso()});
  if (!st) return Fail(st.error());
  return sha;
}

}  // namespace

std::string ScanFileName(std::string_view raw) {
  const std::string valid = core::ToValidUtf8(raw);
  std::string out;
  for (char c : valid) {
    if (!DroppedFromFileName(static_cast<unsigned char>(c))) out += c;
  }
  if (out.size() > kMaxScanFileNameBytes) {
    size_t cut = kMaxScanFileNameBytes;
    // Back off continuation bytes (10xxxxxx) so the cut falls before a whole character.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out.empty() ? "scan.pdf" : out;
}

bool Commitment::ValidOn(const core::Date& day) const {
  std::string iso = day.Iso();
  return status == "valid" && !scan_sha256.empty() && sign_date <= iso &&
         (valid_to.empty() || iso <= valid_to);
}

Result<Commitment> AddCommitment(store::Database& db, const CommitmentInput& in,
                                 const std::string& actor) {
  std::vector<FieldError> errors;
  Commitment c;
  c.rep_name = Required(in.rep_name, "Họ tên người đại diện", errors);
  if (!c.rep_name.empty()) {
    if (auto n = core::PersonName::Parse(c.rep_name); !n) errors.push_back({0, "Họ tên người đại diện", n.error().message});
    else c.rep_name = n->value();
  }
  c.nationality = Required(in.nationality, "Quốc tịch", errors);
  std::string id = core::CollapseSpaces(in.id_number);
  if (id.size() == 9) {
    if (auto m = core::Cmnd::Parse(id); !m) errors.push_back({0, "Số CMND/CCCD", m.error().message});
    else { c.id_kind = "cmnd"; c.id_number = m->value(); }
  } else if (auto cc = core::Cccd::Parse(id); !cc) {
    errors.push_back({0, "Số CMND/CCCD", cc.error().message});
  } else {
    c.id_kind = "cccd";
    c.id_number = cc->value();
  }
  if (auto p = core::Phone::Parse(in.phone); !p) errors.push_back({0, "Số điện thoại", p.error().message});
  else c.phone = p->value();
  c.issue_date = PastDate(in.issue_date, "Ngày cấp", errors);
  c.issue_place = Required(in.issue_place, "Nơi cấp", errors);
  c.position = Required(in.position, "Chức vụ", errors);
  c.sign_place = Required(in.sign_place, "Nơi ký", errors);
  c.sign_date = PastDate(in.sign_date, "Ngày ký", errors);
  if (!c.issue_date.empty() && !c.sign_date.empty() && c.sign_date < c.issue_date) {
    errors.push_back({0, "Ngày ký", "Ngày ký trước ngày cấp giấy tờ của người đại diện."});
  }
  if (!in.valid_to.empty()) {
    auto to = core::Date::Parse(in.valid_to, "Hiệu lực đến");
    if (!to) errors.push_back({0, "Hiệu lực đến", to.error().message});
    else if (!c.sign_date.empty() && to->Iso() < c.sign_date)
      errors.push_back({0, "Hiệu lực đến", "Ngày hết hiệu lực trước ngày ký."});
    else c.valid_to = to->Iso();
  }
  if (!in.scan.empty()) {
    if (auto st = CheckScan(in.scan); !st) errors.push_back({0, "Bản scan", st.error().message});
  }
  if (!errors.empty()) return Fail(Error::Invalid("Bản cam kết có " + std::to_string(errors.size()) + " lỗi.", errors));
  return db.Write([&](store::Tx& tx) -> Result<Commitment> {
    auto org = FindOrg(tx, core::CollapseSpaces(in.org_code));
    if (!org) return Fail(org.error());
    std::string sha;
    if (!in.scan.empty()) {
      auto stored = StoreScan(tx, in.scan, in.scan_filename);
      if (!stored) return Fail(stored.error());
      sha = *stored;
    }
    auto row = tx.QueryOne(
        "INSERT INTO commitment (org_code, rep_name, nationality, id_kind, id_number, phone, "
        "issue_date, issue_place, position, sign_place, sign_date, valid_to, scan_sha256, "
        "status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?) "
        "RETURNING id",
        {org->code, c.rep_name, c.nationality, c.id_kind, c.id_number, c.phone, c.issue_date,
         c.issue_place, c.position, c.sign_place, c.sign_date,
         c.valid_to.empty() ? store::Value{} : store::Value{c.valid_to},
         sha.empty() ? store::Value{} : store::Value{sha}, core::NowLocalIso(), actor},
        "bản cam kết vừa ghi");
    if (!row) return Fail(row.error());
    int64_t id = row->Int(0);
    auto rec = RecordChange(tx, {.actor = actor, .entity = "commitment",
                                 .entity_id = std::to_string(id), .action = "add",
                                 .to_status = "valid",
                                 .detail = org->code + (sha.empty() ? "" : "; scan " + sha)});
    if (!rec) return Fail(rec.error());
    auto back = tx.QueryOne(std::string(kColumns) + " WHERE id = ?", {id}, "bản cam kết");
    if (!back) return Fail(back.error());
    return FromRow(*back);
  });
}

Result<Commitment> AttachScan(store::Database& db, int64_t id, std::string_view pdf,
                              std::string_view filename, const std::string& actor) {
  if (auto st = CheckScan(pdf); !st) return Fail(st.error());
  return db.Write([&](store::Tx& tx) -> Result<Commitment> {
    auto row = tx.QueryOne(std::string(kColumns) + " WHERE id = ?", {id},
                           "bản cam kết số " + std::to_string(id));
    if (!row) return Fail(row.error());
    auto sha = StoreScan(tx, pdf, filename);
    if (!sha) return Fail(sha.error());
    auto st = tx.Exec("UPDATE commitment SET scan_sha256 = ? WHERE id = ?", {*sha, id});
    if (!st) return Fail(st.error());
    auto rec = RecordChange(tx, {.actor = actor, .entity = "commitment",
                                 .entity_id = std::to_string(id), .action = "scan",
                                 .detail = ScanFileName(filename) + " sha256 " + *sha});
    if (!rec) return Fail(rec.error());
    Commitment c = FromRow(*row);
    c.scan_sha256 = *sha;
    return c;
  });
}

Result<std::vector<Commitment>> CommitmentsOf(store::Tx& tx, const std::string& org_code) {
  auto rows = tx.Query(std::string(kColumns) + " WHERE org_code = ? ORDER BY id DESC", {org_code});
  if (!rows) return Fail(rows.error());
  std::vector<Commitment> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<std::optional<Commitment>> ValidCommitment(store::Tx& tx, const std::string& org_code,
                                                  const core::Date& day) {
  auto all = CommitmentsOf(tx, org_code);
  if (!all) return Fail(all.error());
  for (auto& c : *all) if (c.ValidOn(day)) return std::optional<Commitment>(std::move(c));
  return std::optional<Commitment>();
}

Result<std::string> ScanBytes(store::Tx& tx, const std::string& sha256) {
  auto row = tx.QueryOne("SELECT content FROM document WHERE sha256 = ?", {sha256},
                         "bản scan " + sha256);
  if (!row) return Fail(row.error());
  return row->Text(0);
}

}  // namespace dancu::registry
