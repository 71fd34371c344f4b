// Counting the records a search matches, with the same keys and conditions as
// Search.
#include "audit/count.h"

#include <tuple>

#include "audit/audit_internal.h"

namespace dancu::audit {

using core::Error;
using core::Fail;
using namespace internal;

namespace {

// COUNT over the records whose `key_column` holds the tag bound next: one index
// seek per block of 16,384 records, as in search.cc (see 003_audit.sql for the
// layout of the keys).
std::string CountByKey(std::string_view key_column) {
  std::string block = std::to_string(int64_t(1) << kBlockBits);
  return "WITH RECURSIVE block(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM "
         "block WHERE n < "
         "(SELECT (MAX(seq) - 1) / " +
         block +
         " FROM audit_record)) SELECT COUNT(*) FROM block CROSS JOIN "
         "audit_record WHERE " +
         std::string(key_column) + " = block.n * 4294967296 + ?";
}

} // namespace

Result<int64_t> CountRecords(store::Database &db, const Keys &keys,
                             const SearchFilter &f) {
  if (!f.kind.empty() && f.kind != "query" && f.kind != "admin") {
    return Fail(
        Error::Invalid("Loại bản ghi phải là \"query\" hoặc \"admin\"."));
  }
  std::string subject_hash;
  if (!f.subject.empty()) {
    std::string normalised = NormaliseSubject(f.subject);
    if (normalised.empty() || normalised.size() > 64) {
      return Fail(
          Error::Invalid("Hãy nhập số định danh (CCCD/CMND) cần tra cứu."));
    }
    subject_hash = SubjectHash(keys, normalised);
  }
  std::string from, to;
  for (auto [text, out, field] : {std::tuple{&f.from, &from, "Từ ngày"},
                                  std::tuple{&f.to, &to, "Đến ngày"}}) {
    if (text->empty())
      continue;
    auto day = IsoDay(*text, field);
    if (!day)
      return Fail(day.error());
    *out = std::move(*day);
  }
  std::string sql;
  store::Params params;
  if (!subject_hash.empty()) {
    sql = CountByKey("subject_key");
    params.push_back(int64_t(SubjectTag(subject_hash)));
  } else if (!f.account.empty()) {
    sql = CountByKey("actor_key");
    params.push_back(int64_t(ValueTag("actor", f.account)));
  } else if (!f.unit.empty()) {
    sql = CountByKey("unit_key");
    params.push_back(int64_t(ValueTag("unit", f.unit)));
  } else {
    sql = "SELECT COUNT(*) FROM audit_record WHERE 1 = 1";
  }
  auto add = [&](const char *condition, store::Value v) {
    sql += " AND ";
    sql += condition;
    params.push_back(std::move(v));
  };
  if (!subject_hash.empty())
    add("subject_hash = ?", subject_hash);
  if (!f.account.empty())
    add("actor = ?", f.account);
  if (!f.unit.empty())
    add("unit = ?", f.unit);
  if (!from.empty())
    add("local_day >= ?", from);
  if (!to.empty())
    add("local_day <= ?", to);
  if (!f.kind.empty())
    add("kind = ?", f.kind);
  return db.Read([&](store::Tx &tx) -> Result<int64_t> {
    auto row = tx.QueryOne(sql, params, "audit_record");
    if (!row)
      return Fail(row.error());
    return row->Int(0);
  });
}

} // namespace dancu::audit
