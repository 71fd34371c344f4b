// Engine-independent parts of store: row accessors and Tx helpers.
#include "store/store.h"

namespace dancu::store {

int64_t Row::Int(size_t i) const {
  const Value& v = cols_.at(i);
  if (auto* n = std::get_if<int64_t>(&v)) return *n;
  if (auto* d = std::get_if<double>(&v)) return int64_t(*d);
  if (auto* s = std::get_if<std::string>(&v)) return s->empty() ? 0 : std::stoll(*s);
  return 0;
}

double Row::Real(size_t i) const {
  const Value& v = cols_.at(i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* n = std::get_if<int64_t>(&v)) return double(*n);
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = cols_.at(i);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* b = std::get_if<Blob>(&v)) return b->bytes;
  if (auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

Result<Row> Tx::QueryOne(std::string_view sql, const Params& params, std::string_view what) {
  auto rows = Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::Fail(core::Error::NotFound("Không tìm thấy " + std::string(what) + "."));
  return std::move(rows->front());
}

}  // namespace dancu::store
