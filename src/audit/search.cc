// Reading the audit log: search for auditors, "who looked up this citizen", quota rebuild.
#include <tuple>

#include "audit/audit_internal.h"

namespace dancu::audit {

using core::Error;
using core::Fail;
using namespace internal;

namespace {

constexpr int kMaxLimit = 10000;

Result<std::vector<StoredRecord>> Select(store::Database& db, const std::string& sql,
                                         const store::Params& params) {
  return db.Read([&](store::Tx& tx) -> Result<std::vector<StoredRecord>> {
    auto rows = tx.Query(sql, params);
    if (!rows) return Fail(rows.error());
    std::vector<StoredRecord> out;
    out.reserve(rows->size());
    for (const auto& row : *rows) out.push_back(RecordFromRow(row));
    return out;
  });
}

Result<std::string> SubjectHashOf(const Keys& keys, std::string_view identifier) {
  std::string normalised = NormaliseSubject(identifier);
  if (normalised.empty() || normalised.size() > 4 * kMaxFieldBytes) {
    return Fail(Error::Invalid("Hãy nhập số định danh (CCCD/CMND) cần tra cứu."));
  }
  return SubjectHash(keys, normalised);
}

// SELECT of the records whose `key_column` holds `tag` (then "AND …" conditions may follow):
// one index seek per block of records (see 003_audit.sql). The CROSS JOIN keeps the list of
// blocks as the outer loop.
std::string ByKey(std::string_view key_column) {
  std::string block = std::to_string(int64_t(1) << kBlockBits);
  return "WITH RECURSIVE block(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM block WHERE n < "
         "(SELECT (MAX(seq) - 1) / " +
         block + " FROM audit_record)) SELECT " + std::string(kRecordColumns) +
         " FROM block CROSS JOIN audit_record WHERE " + std::string(key_column) +
         " = block.n * 4294967296 + ?";
}

}  // namespace

Result<std::vector<StoredRecord>> Search(store::Database& db, const Keys& keys,
                                         const SearchFilter& f) {
  if (f.limit < 1 || f.limit > kMaxLimit || f.offset < 0) {
    return Fail(Error::Invalid("Số bản ghi mỗi trang phải từ 1 đến " + std::to_string(kMaxLimit) +
                               "; vị trí bắt đầu không được âm."));
  }
  if (!f.kind.empty() && f.kind != "query" && f.kind != "admin") {
    return Fail(Error::Invalid("Loại bản ghi phải là \"query\" hoặc \"admin\"."));
  }
  std::string subject_hash;
  if (!f.subject.empty()) {
    auto h = SubjectHashOf(keys, f.subject);
    if (!h) return Fail(h.error());
    subject_hash = std::move(*h);
  }
  std::string from, to;
  for (auto [text, out, field] :
       {std::tuple{&f.from, &from, "Từ ngày"}, std::tuple{&f.to, &to, "Đến ngày"}}) {
    if (text->empty()) continue;
    auto day = IsoDay(*text, field);
    if (!day) return Fail(day.error());
    *out = std::move(*day);
  }
  // The most selective key drives the search; every given filter is then checked exactly.
  std::string sql;
  store::Params params;
  if (!subject_hash.empty()) {
    sql = ByKey("subject_key");
    params.push_back(int64_t(SubjectTag(subject_hash)));
  } else if (!f.account.empty()) {
    sql = ByKey("actor_key");
    params.push_back(int64_t(ValueTag("actor", f.account)));
  } else if (!f.unit.empty()) {
    sql = ByKey("unit_key");
    params.push_back(int64_t(ValueTag("unit", f.unit)));
  } else {
    sql = std::string(kSelectRecord) + " WHERE 1 = 1";
  }
  auto add = [&](const char* condition, store::Value v) {
    sql += " AND ";
    sql += condition;
    params.push_back(std::move(v));
  };
  if (!subject_hash.empty()) add("subject_hash = ?", subject_hash);
  if (!f.account.empty()) add("actor = ?", f.account);
  if (!f.unit.empty()) add("unit = ?", f.unit);
  if (!from.empty()) add("local_day >= ?", from);
  if (!to.empty()) add("local_day <= ?", to);
  if (!f.kind.empty()) add("kind = ?", f.kind);
  // Without a key, newest-first walks back from the tail, which is quick unless the range
  // ends long ago: then "+seq" (no ordering by the primary key) lets the day index drive.
  bool keyed = !subject_hash.empty() || !f.account.empty() || !f.unit.empty();
  bool by_day = !keyed && !to.empty();
  sql += by_day ? " ORDER BY +seq DESC LIMIT ? OFFSET ?" : " ORDER BY seq DESC LIMIT ? OFFSET ?";
  params.push_back(int64_t(f.limit));
  params.push_back(int64_t(f.offset));
  return Select(db, sql, params);
}

Result<std::vector<StoredRecord>> LookupsOfSubject(store::Database& db, const Keys& keys,
                                                   std::string_view identifier, int limit) {
  auto hash = SubjectHashOf(keys, identifier);
  if (!hash) return Fail(hash.error());
  if (limit < 1 || limit > kMaxLimit) limit = kMaxLimit;
  int64_t tag = SubjectTag(*hash);
  return Select(
      db,
      ByKey("subject_key") + " AND subject_hash = ? AND kind = 'query' ORDER BY seq DESC LIMIT ?",
      {tag, std::move(*hash), int64_t(limit)});
}

Result<std::map<std::string, int64_t>> CountAllowedQueries(store::Database& db,
                                                           const std::string& local_day) {
  auto day = IsoDay(local_day, "Ngày");
  if (!day) return Fail(day.error());
  return db.Read([&](store::Tx& tx) -> Result<std::map<std::string, int64_t>> {
    auto rows = tx.Query(
        "SELECT actor, COUNT(*) FROM audit_record WHERE local_day = ? AND kind = 'query' "
        "AND outcome = 'allowed' GROUP BY actor",
        {*day});
    if (!rows) return Fail(rows.error());
    std::map<std::string, int64_t> out;
    for (const auto& row : *rows) out[row.Text(0)] = row.Int(1);
    return out;
  });
}

}  // namespace dancu::audit
