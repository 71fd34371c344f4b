// Internal to the registry's table readers (table_file.cc, xlsx_reader.cc): the cell sink
// that enforces ReadLimits and the helpers both readers share. Not part of the interface.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <cstdio>
#include <exception>
#include <new>
#include <vector>

#include "registry/table_file.h"

namespace dancu::registry::table_detail {

using core::Error;
using core::Fail;
using core::Result;

using Row = std::vector<std::string>;
using SourceRows = std::map<int, Row>;  // source row number -> cells, no all-empty rows

constexpr std::string_view kResave =
    " Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc .csv rồi tải lên lại.";
constexpr size_t kRatioFloor = 1024 * 1024;  // smaller entries cannot be bombs
constexpr int kMaxExcelRow = 1'048'576;

inline Error Bad(std::string msg) { return Error::Invalid(std::move(msg)); }

inline std::string Mb(size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

inline Error NotXlsx() {
  return Bad("Tệp không phải bảng tính XLSX (thiếu phần xl/workbook.xml; có thể là tệp nén, "
             ".ods hoặc .docx)." + std::string(kResave));
}

inline Error Corrupt(std::string_view part) {
  return Bad("Tệp XLSX bị hỏng (không đọc được phần " + std::string(part) + ")." +
             std::string(kResave));
}

inline Result<void> CheckFileSize(std::string_view bytes, const ReadLimits& limits) {
  if (bytes.size() <= limits.max_file_bytes) return {};
  return Fail(Bad("Tệp quá lớn (" + Mb(bytes.size()) + "; giới hạn " +
                  Mb(limits.max_file_bytes) + "). Hãy chia danh sách thành nhiều tệp nhỏ hơn."));
}

// Stores a cell, enforcing the limits. Empty cells are never stored, which keeps blank
// padding (common in Excel exports) from costing memory or tripping the limits.
class CellSink {
 public:
  explicit CellSink(const ReadLimits& limits) : limits_(limits) {}

  Result<void> Put(Row& row, size_t col, std::string value, int row_number) {
    if (value.empty()) return {};
    if (col >= limits_.max_columns) {
      return Fail(Bad("Dòng " + std::to_string(row_number) + " có dữ liệu ở cột thứ " +
                      std::to_string(col + 1) + ", vượt giới hạn " +
                      std::to_string(limits_.max_columns) +
                      " cột. Hãy xóa các cột thừa bên phải bảng."));
    }
    if (row.size() <= col) row.resize(col + 1);
    if (row[col].empty() && ++cells_ > limits_.max_cells) return TooManyCells();
    row[col] = std::move(value);
    return {};
  }

  Result<void> TooManyCells() const {
    return Fail(Bad("Bảng có quá nhiều ô (giới hạn " + std::to_string(limits_.max_cells) +
                    " ô). Hãy chia danh sách thành nhiều tệp nhỏ hơn."));
  }

 private:
  const ReadLimits& limits_;
  size_t cells_ = 0;
};

inline size_t WidthOf(const SourceRows& rows) {
  size_t width = 0;
  for (const auto& [n, row] : rows) width = std::max(width, row.size());
  return width;
}

inline Result<Table> Finish(SourceRows rows, const CellSink& sink, const ReadLimits& limits) {
  const size_t width = WidthOf(rows);
  if (width != 0 && rows.size() > limits.max_cells / width) {
    return Fail(sink.TooManyCells().error());
  }
  Table table;
  table.rows.reserve(rows.size());
  table.row_numbers.reserve(rows.size());
  for (auto& [number, row] : rows) {
    row.resize(width);
    table.rows.push_back(std::move(row));
    table.row_numbers.push_back(number);
  }
  return table;
}

// Keeps exceptions (in practice std::bad_alloc) from escaping the public functions.
template <class F>
auto Guarded(F&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const std::bad_alloc&) {
    return Fail(Error::Unavailable(
        "Máy chủ không đủ bộ nhớ để đọc tệp lúc này. Hãy thử lại sau hoặc chia nhỏ tệp."));
  } catch (const std::exception& e) {
    return Fail(Error::Internal(std::string("Lỗi nội bộ khi đọc tệp: ") + e.what()));
  }
}

// True when `bytes` open as a zip holding xl/workbook.xml (xlsx_reader.cc). Errors: not a zip.
Result<bool> ZipHasWorkbook(std::string_view bytes);
// ReadXlsx without the exception guard (xlsx_reader.cc).
Result<Table> ReadXlsxUnguarded(std::string_view bytes, const ReadLimits& limits);

}  // namespace dancu::registry::table_detail
