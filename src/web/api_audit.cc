// Pages and API routes of auditors (Giám sát): search of the audit log, integrity
// verification with checkpoints, usage per unit and account, CSV export (api_audit_csv.cc).
#include <chrono>
#include <mutex>
#include <set>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "audit/report.h"
#include "core/date.h"
#include "gateway/admin_mirror.h"
#include "web/api_audit.h"
#include "web/routes.h"

namespace dancu::web {

using core::Error;
using nlohmann::json;

namespace {

Route Page(std::string path, std::string title, std::string script) {
  std::string doc = "trang giám sát: " + title;
  return PageRoute(std::move(path), kAuditor, std::move(title), std::move(script), std::move(doc));
}

Route Api(std::string method, std::string pattern, unsigned roles, SyncHandler h, std::string doc) {
  return ApiRoute(std::move(method), std::move(pattern), roles, std::move(h), std::move(doc));
}

json CheckpointJson(const audit::Checkpoint& c) {
  return {{"seq", c.seq}, {"time", c.time}, {"hash", c.hash}, {"hash_prefix", c.hash.substr(0, 16)},
          {"public_key", c.public_key}};
}

// The newest stored checkpoint, or null when the log has none yet.
core::Result<json> LatestCheckpointJson(store::Database& db) {
  auto latest = audit::LatestCheckpoint(db);
  if (latest) return CheckpointJson(*latest);
  if (latest.error().code == core::Code::kNotFound) return json(nullptr);
  return core::Fail(latest.error());
}

core::Result<int64_t> LastSeq(store::Database& db) {
  return db.Read([](store::Tx& tx) -> core::Result<int64_t> {
    auto row = tx.QueryOne("SELECT COALESCE(MAX(seq), 0) FROM audit_record", {}, "nhật ký");
    if (!row) return core::Fail(row.error());
    return row->Int(0);
  });
}

json RecordJson(const audit::StoredRecord& s, const std::optional<std::string>& subject,
                const AuditNames& names) {
  const auto& r = s.record;
  json detail = r.detail.empty() ? json::object() : json::parse(r.detail, nullptr, false);
  if (detail.is_discarded()) detail = json::object();
  json j = {{"seq", r.seq}, {"time", r.time}, {"kind", r.kind}, {"action", r.action},
            {"actor", r.actor}, {"unit", r.unit}, {"unit_name", names.Unit(r.unit)},
            {"system", r.system}, {"purpose", r.purpose}, {"dossier", r.dossier},
            {"outcome", r.outcome}, {"reason_code", r.reason_code}, {"reason", r.reason},
            {"latency_us", r.latency_us}, {"detail", detail},
            {"subject_hash", s.subject_hash.substr(0, 12)}, {"hash", s.hash.substr(0, 16)}};
  if (r.kind == "query") j["account_name"] = names.Account(r.actor);
  // The plain identifier only when the auditor searched by it (and so already knows it).
  if (subject) j["subject"] = *subject;
  return j;
}

Response Records(Services& s, const Request& req, const Params&) {
  if (auto ok = AuditAvailable(s); !ok) return ErrorJson(ok.error());
  auto q = AuditQueryOf(req, 25, 200);
  if (!q) return ErrorJson(q.error());
  auto page = audit::SearchPage(*s.audit_db, s.audit->keys(), *q);
  if (!page) return ErrorJson(page.error());
  std::set<std::string> units, accounts;
  for (const auto& r : page->records) {
    units.insert(r.record.unit);
    if (r.record.kind == "query") accounts.insert(r.record.actor);
  }
  AuditNames names = LoadAuditNames(s.db, units, accounts);
  bool by_subject = !q->filter.subject.empty();
  json items = json::array();
  for (const auto& r : page->records) {
    items.push_back(RecordJson(r, by_subject ? audit::DecryptSubject(s.audit->keys(), r) : std::nullopt, names));
  }
  return JsonResponse(200, {{"items", items}, {"total", page->total}, {"total_exact", page->total_exact},
                            {"has_more", page->has_more}, {"offset", q->filter.offset},
                            {"limit", q->filter.limit}, {"export_limit", kAuditExportLimit}});
}

// Verification reads the whole chain: one at a time, so that a few impatient clicks do not
// take every worker of the server.
std::mutex verify_running;

core::Result<std::optional<audit::Checkpoint>> ExportedCheckpointOf(const Request& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return std::optional<audit::Checkpoint>();
  auto bad = [] {
    return core::Fail(Error::Invalid(
        "Tệp điểm kiểm không đúng định dạng: hãy chọn tệp .json đã tải về từ trang “Kiểm tra toàn vẹn”."));
  };
  auto j = json::parse(req.body, nullptr, false);
  if (!j.is_object()) return bad();
  std::string text;
  if (j.contains("checkpoint")) {
    const json& c = j["checkpoint"];
    if (c.is_null()) return std::optional<audit::Checkpoint>();
    text = c.is_string() ? c.get<std::string>() : c.dump();
  } else if (j.contains("format")) {  // the checkpoint file itself
    text = req.body;
  } else if (j.empty()) {
    return std::optional<audit::Checkpoint>();
  } else {
    return bad();
  }
  auto parsed = audit::CheckpointFromJson(text);
  if (!parsed) return bad();
  return std::optional<audit::Checkpoint>(std::move(*parsed));
}

Response VerifyLog(Services& s, const Request& req, const Params&) {
  if (auto ok = AuditAvailable(s); !ok) return ErrorJson(ok.error());
  auto exported = ExportedCheckpointOf(req);
  if (!exported) return ErrorJson(exported.error());
  std::unique_lock lock(verify_running, std::try_to_lock);
  if (!lock.owns_lock()) {
    return ErrorJson(Error::Conflict("Một lượt kiểm tra toàn vẹn khác đang chạy; hãy chờ nó xong rồi thử lại."));
  }
  auto started = std::chrono::steady_clock::now();
  auto report = audit::Verify(*s.audit_db, s.audit->keys(), *exported);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  lock.unlock();
  if (!report) return ErrorJson(report.error());
  auto latest = LatestCheckpointJson(*s.audit_db);
  if (!latest) return ErrorJson(latest.error());
  json body = {{"ok", report->ok}, {"records", report->records}, {"checkpoints_ok", report->checkpoints_ok},
               {"signed_through", report->signed_through}, {"problem_kind", report->problem_kind},
               {"problem", report->problem}, {"first_bad_seq", report->first_bad_seq},
               {"latest_checkpoint", *latest}, {"public_key", s.audit->keys().PublicKeyHex()},
               {"duration_ms", ms}, {"verified_at", core::NowLocalIso()}};
  body["exported"] = *exported ? CheckpointJson(**exported) : json(nullptr);
  if (*exported) body["exported_key_matches"] = (*exported)->public_key == s.audit->keys().PublicKeyHex();
  // Whether every administrative action of the registry reached the log (the admin mirror).
  if (auto mirror = gateway::CheckMirror(s.db, *s.audit_db); mirror) {
    body["mirror"] = {{"behind", mirror->behind}, {"stuck", mirror->stuck},
                      {"mirrored_through", mirror->mirrored_through},
                      {"history_newest", mirror->history_newest},
                      {"placeholder_count", mirror->placeholder_count}};
  }
  return JsonResponse(200, body);
}

Response Status(Services& s, const Request&, const Params&) {
  if (auto ok = AuditAvailable(s); !ok) return ErrorJson(ok.error());
  auto last = LastSeq(*s.audit_db);
  if (!last) return ErrorJson(last.error());
  auto latest = LatestCheckpointJson(*s.audit_db);
  if (!latest) return ErrorJson(latest.error());
  return JsonResponse(200, {{"records", *last}, {"latest_checkpoint", *latest},
                            {"public_key", s.audit->keys().PublicKeyHex()}});
}

// Signs the tail now, so that the file kept elsewhere covers every record up to this moment.
Response CheckpointFile(Services& s, const Request&, const Params&) {
  if (auto ok = AuditAvailable(s); !ok) return ErrorJson(ok.error());
  auto cp = s.audit->CheckpointNow();
  if (!cp) {
    if (cp.error().code == core::Code::kNotFound) {
      return ErrorJson(Error::NotFound("Nhật ký chưa có bản ghi nào nên chưa có điểm kiểm để tải về."));
    }
    return ErrorJson(cp.error());
  }
  std::string day = core::TodayLocal().Iso();
  std::erase(day, '-');
  Response r{200, "application/json; charset=utf-8", audit::CheckpointToJson(*cp), {}};
  r.headers["content-disposition"] =
      "attachment; filename=\"diem-kiem-nhat-ky-" + day + "-" + std::to_string(cp->seq) + ".json\"";
  r.headers["cache-control"] = "no-store";
  return r;
}

json Counts(int64_t allowed, int64_t refused, int64_t failed) {
  return {{"allowed", allowed}, {"refused", refused}, {"failed", failed}, {"total", allowed + refused + failed}};
}

Response Usage(Services& s, const Request& req, const Params&) {
  if (!s.audit_db) return ErrorJson(AuditAvailable(s).error());
  core::Date today = core::TodayLocal();
  std::string from = QueryParam(req, "from"), to = QueryParam(req, "to");
  if (from.empty()) from = core::Date(today.year(), today.month(), 1).Iso();
  if (to.empty()) to = today.Iso();
  auto report = audit::ComputeUsage(*s.audit_db, from, to);
  if (!report) return ErrorJson(report.error());
  std::set<std::string> units, accounts;
  for (const auto& u : report->units) units.insert(u.unit);
  for (const auto& a : report->accounts) accounts.insert(a.account);
  AuditNames names = LoadAuditNames(s.db, units, accounts);
  json unit_rows = json::array(), account_rows = json::array(), reasons = json::array();
  for (const auto& u : report->units) {
    json j = Counts(u.allowed, u.refused, u.failed);
    j.update({{"unit", u.unit}, {"unit_name", names.Unit(u.unit)}, {"accounts", u.accounts}, {"last_time", u.last_time}});
    unit_rows.push_back(std::move(j));
  }
  for (const auto& a : report->accounts) {
    json j = Counts(a.allowed, a.refused, a.failed);
    j.update({{"account", a.account}, {"name", names.Account(a.account)}, {"unit", a.unit},
              {"unit_name", names.Unit(a.unit)}, {"last_time", a.last_time}});
    account_rows.push_back(std::move(j));
  }
  for (const auto& r : report->reasons) {
    reasons.push_back({{"reason_code", r.reason_code}, {"outcome", r.outcome}, {"count", r.count}, {"example", r.example}});
  }
  return JsonResponse(200, {{"from", report->from}, {"to", report->to},
                            {"totals", Counts(report->allowed, report->refused, report->failed)},
                            {"units", unit_rows}, {"accounts", account_rows}, {"reasons", reasons}});
}

}  // namespace

core::Result<void> AuditAvailable(const Services& s) {
  if (!s.audit || !s.audit_db) {
    return core::Fail(Error::Unavailable("Nhật ký truy vấn chưa được bật trên máy chủ này."));
  }
  return {};
}

core::Result<audit::RecordQuery> AuditQueryOf(const Request& req, int default_limit, int max_limit) {
  audit::RecordQuery q;
  // POST: the same fields in a JSON body, so that a citizen's identifier stays out of URLs
  // (browser history, proxy logs).
  std::map<std::string, std::string> fields = req.query;
  if (req.method == "POST" && req.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) return core::Fail(Error::Invalid("Điều kiện tìm phải là một đối tượng JSON."));
    for (const auto& [k, v] : body.items()) {
      if (v.is_string()) fields[k] = v.get<std::string>();
      else if (v.is_number_integer()) fields[k] = std::to_string(v.get<int64_t>());
    }
  }
  auto param = [&](const char* key) {
    auto it = fields.find(key);
    return it == fields.end() ? std::string() : it->second;
  };
  auto trim = [](std::string v) {
    size_t a = v.find_first_not_of(" \t\r\n"), b = v.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? std::string() : v.substr(a, b - a + 1);
  };
  auto number = [&](const char* key, int fallback, int lo, int hi, const char* what) -> core::Result<int> {
    std::string v = trim(param(key));
    if (v.empty()) return fallback;
    int n = 0;
    try {
      size_t used = 0;
      n = std::stoi(v, &used);
      if (used != v.size()) throw std::invalid_argument(v);
    } catch (const std::exception&) { n = lo - 1; }
    if (n < lo || n > hi) {
      return core::Fail(Error::Invalid(std::string(what) + " phải là số từ " + std::to_string(lo) + " đến " +
                                       std::to_string(hi) + "."));
    }
    return n;
  };
  // Gateway queries log the account in lower case, agency codes are upper case.
  q.filter.account = trim(param("account"));
  for (auto& c : q.filter.account) c = char(std::tolower(static_cast<unsigned char>(c)));
  q.filter.unit = trim(param("unit"));
  for (auto& c : q.filter.unit) c = char(std::toupper(static_cast<unsigned char>(c)));
  q.filter.subject = trim(param("subject"));
  q.filter.from = trim(param("from"));
  q.filter.to = trim(param("to"));
  q.filter.kind = trim(param("kind"));
  q.outcome = trim(param("outcome"));
  auto limit = number("limit", default_limit, 1, max_limit, "Số dòng mỗi trang");
  if (!limit) return core::Fail(limit.error());
  auto offset = number("offset", 0, 0, 100000000, "Vị trí bắt đầu");
  if (!offset) return core::Fail(offset.error());
  q.filter.limit = *limit;
  q.filter.offset = *offset;
  return q;
}

std::string AuditNames::Unit(const std::string& code) const {
  auto it = units.find(code);
  return it == units.end() ? "" : it->second;
}

std::string AuditNames::Account(const std::string& login) const {
  auto it = accounts.find(login);
  return it == accounts.end() ? "" : it->second;
}

AuditNames LoadAuditNames(store::Database& registry, const std::set<std::string>& units,
                          const std::set<std::string>& accounts) {
  AuditNames out;
  // In chunks: a statement takes a bounded number of parameters.
  auto load = [&](const std::set<std::string>& keys, const std::string& head, const std::string& tail,
                  std::map<std::string, std::string>& into) {
    std::vector<std::string> list;
    for (const auto& k : keys) if (!k.empty()) list.push_back(k);
    for (size_t i = 0; i < list.size(); i += 400) {
      store::Params params;
      std::string marks;
      for (size_t k = i; k < std::min(list.size(), i + 400); ++k) {
        marks += marks.empty() ? "?" : ", ?";
        params.push_back(list[k]);
      }
      auto rows = registry.Read([&](store::Tx& tx) { return tx.Query(head + marks + tail, params); });
      if (!rows) continue;  // names are a convenience: the codes are shown anyway
      for (const auto& r : *rows) into[r.Text(0)] = r.Text(1);
    }
  };
  load(units, "SELECT code, name FROM org WHERE code IN (", ")", out.units);
  // The newest registration of a login names it (ascending id: the last row wins).
  load(accounts, "SELECT login_key, full_name FROM account WHERE login_key IN (", ") ORDER BY id", out.accounts);
  return out;
}

std::vector<Route> AuditRoutes() {
  constexpr unsigned AU = kAdmin | kAuditor;
  return {
      Page("/giam-sat", "Nhật ký truy vấn", "page-audit-search.js"),
      Page("/giam-sat/kiem-tra", "Kiểm tra toàn vẹn", "page-audit-verify.js"),
      Page("/giam-sat/bao-cao", "Báo cáo sử dụng", "page-audit-usage.js"),
      Api("GET", "/api/v1/audit/records", kAuditor, Records, "tìm bản ghi nhật ký (phân trang)"),
      Api("POST", "/api/v1/audit/records", kAuditor, Records, "tìm bản ghi nhật ký, điều kiện trong thân JSON"),
      Api("GET", "/api/v1/audit/export.csv", kAuditor, ExportAuditCsv, "xuất bản ghi nhật ký ra CSV"),
      Api("POST", "/api/v1/audit/export.csv", kAuditor, ExportAuditCsv, "xuất CSV, điều kiện trong thân JSON"),
      Api("GET", "/api/v1/audit/status", kAuditor, Status, "số bản ghi và điểm kiểm gần nhất"),
      Api("POST", "/api/v1/audit/verify", kAuditor, VerifyLog, "kiểm tra toàn vẹn chuỗi băm"),
      Api("GET", "/api/v1/audit/checkpoint", kAuditor, CheckpointFile, "tải điểm kiểm có chữ ký"),
      Api("GET", "/api/v1/audit/usage", AU, Usage, "báo cáo sử dụng theo đơn vị, tài khoản"),
  };
}

}  // namespace dancu::web
