// Auditors' reading of the log: paged search with a bounded count, usage per unit/account.
#include "audit/report.h"

#include <algorithm>
#include <map>

#include "audit/audit_internal.h"

namespace dancu::audit {

using core::Error;
using core::Fail;
using namespace internal;

namespace {

constexpr int kMaxLimit = 10000;

// The SELECT of the matching records, without ORDER BY, and its parameters. The most
// selective key drives it, as in Search (search.cc): one index seek per block of records.
struct Matching {
  std::string sql;
  store::Params params;
  bool keyed = false;
  bool by_day = false;  // ordered by (local_day, seq): see SearchPage
};

std::string ByKey(std::string_view key_column) {
  std::string block = std::to_string(int64_t(1) << kBlockBits);
  return "WITH RECURSIVE block(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM block WHERE n < "
         "(SELECT (MAX(seq) - 1) / " +
         block + " FROM audit_record)) SELECT " + std::string(kRecordColumns) +
         " FROM block CROSS JOIN audit_record WHERE " + std::string(key_column) +
         " = block.n * 4294967296 + ?";
}

Result<std::string> Day(const std::string& text, std::string_view field) {
  if (text.empty()) return std::string();
  return IsoDay(text, field);
}

Result<Matching> Match(const Keys& keys, const RecordQuery& q) {
  const SearchFilter& f = q.filter;
  if (!f.kind.empty() && f.kind != "query" && f.kind != "admin") {
    return Fail(Error::Invalid("Loại bản ghi phải là \"query\" (truy vấn) hoặc \"admin\" (quản trị)."));
  }
  if (!q.outcome.empty() && q.outcome != "allowed" && q.outcome != "refused" &&
      q.outcome != "failed") {
    return Fail(Error::Invalid("Kết quả phải là \"allowed\", \"refused\" hoặc \"failed\"."));
  }
  std::string subject_hash;
  if (!f.subject.empty()) {
    std::string normalised = NormaliseSubject(f.subject);
    if (normalised.empty() || normalised.size() > 64) {
      return Fail(Error::Invalid("Số định danh (CCCD/CMND) cần tra cứu không hợp lệ."));
    }
    subject_hash = SubjectHash(keys, normalised);
  }
  auto from = Day(f.from, "Từ ngày");
  if (!from) return Fail(from.error());
  auto to = Day(f.to, "Đến ngày");
  if (!to) return Fail(to.error());
  if (!from->empty() && !to->empty() && *from > *to) {
    return Fail(Error::Invalid("\"Từ ngày\" phải trước hoặc bằng \"Đến ngày\"."));
  }
  Matching m;
  if (!subject_hash.empty()) {
    m.sql = ByKey("subject_key");
    m.params.push_back(int64_t(SubjectTag(subject_hash)));
  } else if (!f.account.empty()) {
    m.sql = ByKey("actor_key");
    m.params.push_back(int64_t(ValueTag("actor", f.account)));
  } else if (!f.unit.empty()) {
    m.sql = ByKey("unit_key");
    m.params.push_back(int64_t(ValueTag("unit", f.unit)));
  } else {
    m.sql = std::string(kSelectRecord) + " WHERE 1 = 1";
  }
  m.keyed = !subject_hash.empty() || !f.account.empty() || !f.unit.empty();
  m.by_day = !m.keyed && (!from->empty() || !to->empty());
  auto add = [&](const char* condition, store::Value v) {
    m.sql += " AND ";
    m.sql += condition;
    m.params.push_back(std::move(v));
  };
  if (!subject_hash.empty()) add("subject_hash = ?", subject_hash);
  if (!f.account.empty()) add("actor = ?", f.account);
  if (!f.unit.empty()) add("unit = ?", f.unit);
  if (!from->empty()) add("local_day >= ?", *from);
  if (!to->empty()) add("local_day <= ?", *to);
  if (!f.kind.empty()) add("kind = ?", f.kind);
  if (!q.outcome.empty()) add("outcome = ?", q.outcome);
  if (q.before_seq > 0 && m.by_day) {
    m.sql += " AND (local_day < ? OR (local_day = ? AND seq < ?))";
    m.params.insert(m.params.end(), {q.before_day, q.before_day, q.before_seq});
  } else if (q.before_seq > 0) {
    add("seq < ?", q.before_seq);
  }
  return m;
}

}  // namespace

Result<RecordPage> SearchPage(store::Database& db, const Keys& keys, const RecordQuery& q) {
  const SearchFilter& f = q.filter;
  if (f.limit < 1 || f.limit > kMaxLimit || f.offset < 0 || q.count_limit < 0) {
    return Fail(Error::Invalid("Số bản ghi mỗi trang phải từ 1 đến " + std::to_string(kMaxLimit) +
                               "; vị trí bắt đầu không được âm."));
  }
  auto m = Match(keys, q);
  if (!m) return Fail(m.error());
  // Newest first. When only days narrow the search, by (day, seq): the day index holds that
  // order, so a page is read without sorting the whole range first.
  std::string page_sql = m->sql + (m->by_day ? " ORDER BY local_day DESC, seq DESC" : " ORDER BY seq DESC") +
                         " LIMIT ? OFFSET ?";
  store::Params page_params = m->params;
  page_params.push_back(int64_t(f.limit) + 1);  // one more: is there a next page?
  page_params.push_back(int64_t(f.offset));
  return db.Read([&](store::Tx& tx) -> Result<RecordPage> {
    RecordPage page;
    auto rows = tx.Query(page_sql, page_params);
    if (!rows) return Fail(rows.error());
    for (const auto& row : *rows) {
      if (page.records.size() == size_t(f.limit)) {
        page.has_more = true;
        break;
      }
      page.records.push_back(RecordFromRow(row));
    }
    bool last_page = !page.has_more && (f.offset == 0 || !page.records.empty());
    if (q.count_limit == 0 || last_page) {  // on the last page the count is known
      page.total = f.offset + int64_t(page.records.size());
      page.total_exact = !page.has_more;
      return page;
    }
    // Counting stops at count_limit + 1 rows: enough to say "more than count_limit".
    store::Params count_params = m->params;
    count_params.push_back(q.count_limit + 1);
    auto counted = tx.QueryOne("SELECT COUNT(*) FROM (" + m->sql + " LIMIT ?) AS matching",
                               count_params, "số bản ghi");
    if (!counted) return Fail(counted.error());
    page.total = counted->Int(0);
    page.total_exact = page.total <= q.count_limit;
    if (!page.total_exact) page.total = q.count_limit;
    return page;
  });
}

Result<UsageReport> ComputeUsage(store::Database& db, const std::string& from_text,
                                 const std::string& to_text) {
  if (from_text.empty() || to_text.empty()) {
    return Fail(Error::Invalid("Hãy chọn khoảng ngày (từ ngày, đến ngày) của báo cáo."));
  }
  auto from = IsoDay(from_text, "Từ ngày");
  if (!from) return Fail(from.error());
  auto to = IsoDay(to_text, "Đến ngày");
  if (!to) return Fail(to.error());
  if (*from > *to) return Fail(Error::Invalid("\"Từ ngày\" phải trước hoặc bằng \"Đến ngày\"."));

  // One pass over the range (the day index drives it), grouped finely; the three views are
  // summed from those groups here rather than by three scans of what may be millions of rows.
  return db.Read([&](store::Tx& tx) -> Result<UsageReport> {
    auto rows = tx.Query(
        "SELECT unit, actor, outcome, reason_code, COUNT(*), MAX(at), MAX(reason) FROM audit_record "
        "WHERE kind = 'query' AND local_day >= ? AND local_day <= ? "
        "GROUP BY unit, actor, outcome, reason_code",
        {*from, *to});
    if (!rows) return Fail(rows.error());
    UsageReport out;
    out.from = *from;
    out.to = *to;
    std::map<std::string, UnitUsage> units;
    std::map<std::pair<std::string, std::string>, AccountUsage> accounts;
    std::map<std::pair<std::string, std::string>, ReasonCount> reasons;
    auto add = [](auto& u, const std::string& outcome, int64_t n, const std::string& at) {
      (outcome == "allowed" ? u.allowed : outcome == "refused" ? u.refused : u.failed) += n;
      if (at > u.last_time) u.last_time = at;
    };
    for (const auto& r : *rows) {
      std::string unit = r.Text(0), actor = r.Text(1), outcome = r.Text(2), code = r.Text(3);
      int64_t n = r.Int(4);
      std::string at = r.Text(5);
      (outcome == "allowed" ? out.allowed : outcome == "refused" ? out.refused : out.failed) += n;
      UnitUsage& u = units[unit];
      u.unit = unit;
      add(u, outcome, n, at);
      AccountUsage& a = accounts[{actor, unit}];
      if (a.account.empty()) {
        a.account = actor;
        a.unit = unit;
        ++u.accounts;
      }
      add(a, outcome, n, at);
      if (outcome != "allowed") {
        ReasonCount& c = reasons[{code, outcome}];
        c.reason_code = code;
        c.outcome = outcome;
        c.count += n;
        if (r.Text(6) > c.example) c.example = r.Text(6);
      }
    }
    for (auto& [_, u] : units) out.units.push_back(std::move(u));
    for (auto& [_, a] : accounts) out.accounts.push_back(std::move(a));
    for (auto& [_, c] : reasons) out.reasons.push_back(std::move(c));
    std::stable_sort(out.reasons.begin(), out.reasons.end(),
                     [](const ReasonCount& a, const ReasonCount& b) { return a.count > b.count; });
    return out;
  });
}

}  // namespace dancu::audit
