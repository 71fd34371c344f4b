// Counting audit records: how many records a search matches, for paged lists
// ("1–25 of 312").
#pragma once

#include <cstdint>

#include "audit/audit.h"

namespace dancu::audit {

// The number of records that Search(db, keys, filter) would return without a
// limit: every non-empty field of `filter` is applied exactly as Search applies
// it; filter.limit and filter.offset are ignored. Errors: invalid_argument for
// a bad date, kind or subject (the same messages as Search); the store's
// errors.
Result<int64_t> CountRecords(store::Database &db, const Keys &keys,
                             const SearchFilter &filter);

} // namespace dancu::audit
