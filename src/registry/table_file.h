// Turns the bytes of an uploaded registration table (CSV or XLSX) into a grid of cell strings.
//
// This layer only recovers the grid. It does not decode legacy text encodings, find the
// header row or validate content: the importer does that on the returned Table.
//
// Shape of every returned Table (both formats):
//   - rows whose cells are all empty are dropped; row_numbers keeps the source numbering,
//     so a dropped blank row shows as a gap (e.g. 3, 4, 6);
//   - every row has the same width: the last column holding a non-empty cell anywhere,
//     so trailing empty columns are gone and shorter rows are padded with "";
//   - nothing inside a cell is trimmed or changed, except as the format itself requires
//     (CSV quote unescaping, XLSX XML unescaping and number-to-text).
//
// Preconditions: none; the bytes are borrowed only for the duration of a call.
// Thread-safety: every function here is reentrant and keeps no shared state; call them
// concurrently from any number of threads. No exception escapes them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dancu::registry {

struct Table {
  // rows[i] is one source row; cells are raw bytes for CSV, UTF-8 for XLSX.
  std::vector<std::vector<std::string>> rows;
  // 1-based position in the source, same size as rows: the Excel row number for XLSX,
  // the record number for CSV (what Excel shows as the row number when opening the CSV;
  // differs from the physical line when a quoted cell spans lines).
  std::vector<int> row_numbers;
};

struct ReadLimits {
  size_t max_file_bytes = 20 * 1024 * 1024;          // upload size limit
  size_t max_uncompressed_bytes = 100 * 1024 * 1024;  // XLSX: sum of the zip entries read
  // XLSX: one XML part (the sheet, the shared strings) once inflated. A part is parsed into a
  // DOM of about ten times its size, so this bounds an import's memory (~200 MB at 16 MiB);
  // 16 MiB of sheet XML is some 500,000 cells, far beyond any real form.
  size_t max_part_bytes = 16 * 1024 * 1024;
  double max_compression_ratio = 200;                 // XLSX: per entry larger than 1 MiB
  size_t max_cells = 2'000'000;                       // stored cells, and rows x width
  size_t max_columns = 200;                           // columns up to the last non-empty
};

enum class FileKind { kCsv, kXlsx };

// Decides the format from the content (magic bytes) and checks that the file name agrees.
// Returns kXlsx for a zip holding xl/workbook.xml named .xlsx/.xlsm (or without extension),
// kCsv for text named .csv/.txt/.tsv (or without extension).
// Errors (Invalid, Vietnamese, saying what to do): empty file; old .xls or password-protected
// Excel (OLE2); PDF; zip that is not an XLSX; UTF-16 text; NUL bytes in text; name and
// content that disagree (text named .xlsx, XLSX named .csv); other extensions.
// Does not check the size; ReadTableFile does.
core::Result<FileKind> SniffKind(std::string_view bytes, std::string_view filename);

// Parses CSV per RFC 4180: quoted cells with "" escapes and embedded line breaks; a UTF-8
// BOM is stripped; the delimiter (',', ';' or tab) is detected from the first lines;
// CRLF, LF and CR line ends. Leniency as in Excel: a quote inside an unquoted cell is kept
// literally, and text after a closing quote is appended to the cell.
// Cells are the raw bytes (legacy encodings pass through untouched; line breaks inside
// quoted cells are kept as written).
// Errors (Invalid): file over max_file_bytes; a quote never closed (names the line where
// it opened); a non-empty cell beyond max_columns; more than max_cells cells.
core::Result<Table> ReadCsv(std::string_view bytes, const ReadLimits& limits = {});

// Reads the first visible worksheet of an XLSX (the first sheet if all are hidden),
// located through xl/workbook.xml and its relationships. Cell text: shared and inline
// strings (rich-text runs joined, phonetic runs skipped, _xHHHH_ escapes decoded),
// formula results, booleans as "TRUE"/"FALSE", error values as their text (e.g. "#N/A"),
// numbers as a person would type them: integral values without ".0" or exponent
// (919674667 -> "919674667"), others in shortest round-trip form. Dates stay serial numbers.
// Merged ranges: every cell of the range takes the top-left value, but only in rows that
// hold data of their own and only up to the table width, so merging never adds rows or
// columns.
// Errors (Invalid): file over max_file_bytes; not a readable zip; not an XLSX; a damaged
// part; an entry larger than max_part_bytes or the remaining max_uncompressed_bytes or (when
// over 1 MiB) compressed more than max_compression_ratio, checked before decompressing, and any
// entry that yields more than its declared size; limits on columns and cells.
// Unavailable when the machine runs out of memory.
core::Result<Table> ReadXlsx(std::string_view bytes, const ReadLimits& limits = {});

// The upload entry point: refuses files over limits.max_file_bytes, then SniffKind, then
// ReadCsv or ReadXlsx. Errors: those of the three steps.
core::Result<Table> ReadTableFile(std::string_view bytes, std::string_view filename,
                                  const ReadLimits& limits = {});

}  // namespace dancu::registry
