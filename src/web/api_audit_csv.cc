// GET /api/v1/audit/export.csv: the audit records an auditor filtered, as a CSV file that
// Excel opens in Vietnamese (UTF-8 with BOM), cells never read as formulas, citizens only by
// their keyed hash.
#include "core/date.h"
#include "registry/registry.h"
#include "web/api_audit.h"

namespace dancu::web {
namespace {

using core::Error;

// "2021-08-23T09:15:00.123+07:00" → "23/08/2021 09:15:00" (the log's times are local).
std::string LocalTime(const std::string& iso) {
  if (iso.size() < 19 || iso[4] != '-' || iso[10] != 'T') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " + iso.substr(11, 8);
}

std::string Label(const std::string& value, std::initializer_list<std::pair<const char*, const char*>> labels) {
  for (const auto& [v, l] : labels) {
    if (value == v) return l;
  }
  return value;
}

// 100000 → "100.000", as Vietnamese writes numbers.
std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

void Line(std::string& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : registry::NeutraliseCsvCell(cells[i])) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

}  // namespace

Response ExportAuditCsv(Services& s, const Request& req, const Params&) {
  if (auto ok = AuditAvailable(s); !ok) return ErrorJson(ok.error());
  auto parsed = AuditQueryOf(req, 1000, 10000);  // the page's limit and offset do not apply
  if (!parsed) return ErrorJson(parsed.error());
  audit::RecordQuery q = std::move(*parsed);
  // Is it small enough? (The page warns before the click; this guards direct calls.)
  q.filter.offset = 0;
  q.filter.limit = 1;
  q.count_limit = kAuditExportLimit;
  auto probe = audit::SearchPage(*s.audit_db, s.audit->keys(), q);
  if (!probe) return ErrorJson(probe.error());
  if (!probe->total_exact) {
    return ErrorJson(Error::Invalid("Có hơn " + Thousands(kAuditExportLimit) +
                                    " bản ghi khớp điều kiện; hãy thu hẹp khoảng ngày (hoặc chọn đơn vị, "
                                    "tài khoản) rồi xuất lại."));
  }

  std::string out = "\xEF\xBB\xBF";  // BOM: Excel then reads the file as UTF-8
  Line(out, {"Số thứ tự", "Thời gian", "Loại", "Thao tác", "Tài khoản", "Họ tên cán bộ", "Mã đơn vị",
             "Tên đơn vị", "Hệ thống", "Mục đích (mã DVC)", "Số hồ sơ", "Kết quả", "Mã lý do", "Lý do",
             "Mã băm công dân", "Mã băm bản ghi"});
  // Walks back by seq (no OFFSET), a thousand records per read.
  q.filter.limit = 1000;
  q.count_limit = 0;
  int64_t written = 0;
  while (written < kAuditExportLimit) {
    auto page = audit::SearchPage(*s.audit_db, s.audit->keys(), q);
    if (!page) return ErrorJson(page.error());
    std::set<std::string> units, accounts;
    for (const auto& r : page->records) {
      units.insert(r.record.unit);
      if (r.record.kind == "query") accounts.insert(r.record.actor);
    }
    AuditNames names = LoadAuditNames(s.db, units, accounts);
    for (const auto& st : page->records) {
      const auto& r = st.record;
      Line(out, {std::to_string(r.seq), LocalTime(r.time), Label(r.kind, {{"query", "Truy vấn"}, {"admin", "Quản trị"}}),
                 Label(r.action, {{"lookup", "Tra cứu"}, {"verify", "Xác thực"}}), r.actor,
                 r.kind == "query" ? names.Account(r.actor) : "", r.unit, names.Unit(r.unit), r.system, r.purpose,
                 r.dossier, Label(r.outcome, {{"allowed", "Cho phép"}, {"refused", "Từ chối"}, {"failed", "Lỗi"}}),
                 r.reason_code, r.reason, st.subject_hash, st.hash});
      ++written;
    }
    if (!page->has_more || page->records.empty()) break;
    q.before_seq = page->records.back().record.seq;
    q.before_day = page->records.back().local_day;
  }

  std::string day = core::TodayLocal().Iso();
  std::erase(day, '-');
  Response r{200, "text/csv; charset=utf-8", std::move(out), {}};
  r.headers["content-disposition"] = "attachment; filename=\"nhat-ky-truy-van-" + day + ".csv\"";
  r.headers["cache-control"] = "no-store";
  return r;
}

}  // namespace dancu::web
