// Test-only helpers of the registry tests: temp databases, the demo catalogue, fixture files
// (CSV laid out like the form, XLSX written with libxlsxwriter) and legacy-font encoders.
//
// Not thread-safe beyond what each helper says; meant for single-threaded GoogleTest bodies.
// Helpers that cannot do their job report a GoogleTest failure (ADD_FAILURE) and return an
// empty value, so a broken fixture shows up as a failing test, never as a silent pass.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "registry/account_row.h"
#include "store/store.h"

namespace dancu::registry::test_support {

// A unique path under /tmp ending in `suffix` (e.g. ".xlsx"); nothing is created.
std::string TempPath(std::string_view suffix);

// Removes `path` and SQLite's -wal/-shm companions when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(std::string_view suffix) : path_(TempPath(suffix)) {}
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A fresh, migrated SQLite database in a unique file under /tmp, deleted afterwards.
class TempDb {
 public:
  TempDb();
  ~TempDb();
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  store::Database& db() { return *db_; }
  explicit operator bool() const { return db_ != nullptr; }

 private:
  TempFile file_{".sqlite"};
  std::unique_ptr<store::Database> db_;
};

inline const std::string kActor = "test:registry";

// Imports the demo catalogue (kiengiang_2021_orgs.csv) and purposes (purposes.csv).
// Returns false (after ADD_FAILURE) when either import fails.
bool LoadDemoCatalogue(store::Database& db);

// Creates the 2021 campaign of the seed letter (open 27/07/2021, deadline 30/07/2021, every
// unit a target); returns its id, or 0 after ADD_FAILURE.
int64_t CreateDemoCampaign(store::Database& db, const std::string& name = "Đợt thử 2021");

// Number of rows of `table` (a trusted literal table name).
int64_t CountRows(store::Database& db, const std::string& table);

// The whole content of a file; empty (with ADD_FAILURE) when it cannot be read.
std::string ReadFileBytes(const std::string& path);

// One CSV line: every cell quoted, "" inside quotes, joined by `sep`, ended by "\n".
std::string CsvLine(const std::vector<std::string>& cells, char sep = ',');

// The nine cells of one account row in the form's column order.
struct AccountCells {
  std::string tt = "1";
  std::string full_name;
  std::string login;
  std::string phone = "0919674667";
  std::string agency_code;
  std::string agency_name;
  std::string role = "Cán bộ một cửa";
  std::string queries = "50 x 3";
  std::string purposes = "XMCD-03";
  std::string official_id;  // the optional CCCD column, written only when a row has one
  std::vector<std::string> Cells() const;
};

// A minimal form CSV: the header of FormColumnTitles() then one line per account; when a row
// has an official_id, the header ends with column::kOfficialId and every line with its CCCD.
std::string FormCsv(const std::vector<AccountCells>& rows);

// An XLSX fixture: a grid of strings (row 0 = Excel row 1), merged ranges, and cells to write
// as numbers instead of text. Empty strings are not written.
struct XlsxMerge {
  int first_row, first_col, last_row, last_col;
};
struct XlsxFixture {
  std::vector<std::vector<std::string>> grid;
  std::vector<XlsxMerge> merges;          // the value is grid[first_row][first_col]
  std::set<std::pair<int, int>> numbers;  // (row, col) written with worksheet_write_number
};
// The bytes of the workbook; empty after ADD_FAILURE when libxlsxwriter fails.
std::string WriteXlsx(const XlsxFixture& fixture);

// Unicode (NFC) → the bytes a TCVN3 (.VnTime) or VNI (VNI-Times) typist's file holds. ASCII
// passes through. TCVN3 lacks most toned capitals: those are written with the lowercase byte,
// as VN3 typists did. Letters neither table knows pass through unchanged.
std::string EncodeTcvn3(std::string_view unicode);
std::string EncodeVni(std::string_view unicode);

// A RowContext over fixed maps, for tests that need no database.
class FakeRowContext final : public RowContext {
 public:
  // Agencies and purposes of the Hòn Đất examples used across the tests:
  // 000.00.34.H33 UBND huyện Hòn Đất, 000.02.34.H33 Phòng Nội vụ huyện Hòn Đất,
  // 000.23.34.H33 UBND xã Bình Sơn (in scope); 000.00.08.H33 Sở Tư pháp (out of scope);
  // purposes XMCD-01..XMCD-04 of the demo catalogue.
  static FakeRowContext HonDat();

  void AddAgency(const std::string& code, const std::string& name, const std::string& short_name,
                 bool in_scope);
  void AddPurpose(const std::string& code, const std::string& text);

  std::optional<Agency> FindAgency(const std::string& code) const override;
  std::optional<Purpose> FindPurpose(const std::string& code_or_text) const override;

 private:
  std::map<std::string, Agency> agencies_;
  std::map<std::string, Purpose> purposes_;  // by folded code and folded text
};

}  // namespace dancu::registry::test_support
