// Reading the audit log for auditors: a page of records with a bounded count (paged search,
// CSV export) and usage per unit and per account over a range of days (issue 5, "Auditor").
//
// Thread-safe: every function runs in one read transaction of the store it is given.
// Like audit.h, nothing here returns a subject in plain text: records carry its keyed hash.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit.h"

namespace dancu::audit {

// What an auditor searches for: SearchFilter's fields, the outcome, and how far to count.
struct RecordQuery {
  SearchFilter filter;         // account, unit, subject, from, to, kind, limit, offset
  std::string outcome;         // "allowed" | "refused" | "failed" | empty = every outcome
  // Walking a long result (an export) without OFFSET: > 0 = only the records after the one
  // with this seq and local_day in the order of SearchPage (the last record of a page).
  int64_t before_seq = 0;
  std::string before_day;
  int64_t count_limit = 10000;  // count matches up to this many; 0 = do not count
};

struct RecordPage {
  std::vector<StoredRecord> records;  // newest first, at most filter.limit
  bool has_more = false;              // records beyond this page match too
  int64_t total = 0;                  // matches, counted up to count_limit
  bool total_exact = true;            // false when the count stopped at count_limit
};

// One page of the records matching every non-empty field of `q` (as Search, plus the outcome),
// newest first: by seq; but when days are the only key (no account, unit or subject), by day
// then seq, which the day index serves without sorting the range (records mirrored late from
// the registry then sit under the day they happened). The count is bounded so that a search
// over millions of records stays quick: past count_limit it stops (total_exact = false).
// A rare outcome or kind alone, with no other filter, reads the whole log (no index on them).
// Errors: invalid_argument for a bad date, kind, outcome, subject, limit or offset, or a
// range whose first day is after its last; the store's errors.
Result<RecordPage> SearchPage(store::Database& db, const Keys& keys, const RecordQuery& q);

// Queries of one unit (agency code) over the range, by outcome.
struct UnitUsage {
  std::string unit;        // agency code; empty when the query named no known account
  int64_t allowed = 0, refused = 0, failed = 0;
  int64_t accounts = 0;    // distinct accounts that queried
  std::string last_time;   // ISO time of the newest query
};

// Queries of one account (actor) within one unit over the range, by outcome.
struct AccountUsage {
  std::string account;     // the actor as logged (lower case for gateway queries)
  std::string unit;
  int64_t allowed = 0, refused = 0, failed = 0;
  std::string last_time;   // ISO time of the newest query
};

// Refused and failed queries by reason.
struct ReasonCount {
  std::string reason_code;  // "quota_exhausted", "purpose_not_registered", … ; may be empty
  std::string outcome;      // "refused" | "failed"
  int64_t count = 0;
  std::string example;      // one Vietnamese reason text of that code, for display
};

struct UsageReport {
  std::string from, to;     // the range, as YYYY-MM-DD (inclusive)
  int64_t allowed = 0, refused = 0, failed = 0;
  std::vector<UnitUsage> units;        // by unit code
  std::vector<AccountUsage> accounts;  // by account, then unit
  std::vector<ReasonCount> reasons;    // most frequent first
};

// Usage of the gateway between the local days `from` and `to` inclusive (ISO or dd/mm/yyyy):
// query records (kind = "query") grouped by unit, by account and by refusal reason, in one
// read snapshot with portable SQL (GROUP BY over the day index). Administrative records are
// not counted. last_time compares ISO texts, which the log writes with the same +07:00
// offset. Errors: invalid_argument for a missing or bad day or from > to; the store's errors.
Result<UsageReport> ComputeUsage(store::Database& db, const std::string& from,
                                 const std::string& to);

}  // namespace dancu::audit
