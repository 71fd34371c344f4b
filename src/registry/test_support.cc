// Test-only helpers of the registry tests (see test_support.h).
#include "registry/test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/text.h"
#include "registry/campaign.h"
#include "registry/catalogue.h"
#include "registry/demo.h"
#include "registry/form_import.h"

namespace dancu::registry::test_support {
namespace {

std::atomic<int> g_counter{0};

std::vector<std::string> Utf8Chars(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// A vowel with its five tones, in the order plain, huyền, hỏi, ngã, sắc, nặng, and the
// legacy bytes of each (the same tables as src/core/text_test.cc, laid out by vowel).
struct Family {
  std::string_view letters;
  std::array<std::string_view, 6> codes;
};
using Table = std::map<std::string, std::string>;

void AddFamily(Table& table, const Family& family) {
  const std::vector<std::string> letters = Utf8Chars(family.letters);
  for (std::size_t k = 0; k < letters.size(); ++k) table[letters[k]] = family.codes[k];
}

const Table& Tcvn3Table() {
  static const Table table = [] {
    const Family families[] = {
        {"aàảãáạ", {"a", "\xB5", "\xB6", "\xB7", "\xB8", "\xB9"}},
        {"ăằẳẵắặ", {"\xA8", "\xBB", "\xBC", "\xBD", "\xBE", "\xC6"}},
        {"âầẩẫấậ", {"\xA9", "\xC7", "\xC8", "\xC9", "\xCA", "\xCB"}},
        {"eèẻẽéẹ", {"e", "\xCC", "\xCE", "\xCF", "\xD0", "\xD1"}},
        {"êềểễếệ", {"\xAA", "\xD2", "\xD3", "\xD4", "\xD5", "\xD6"}},
        {"iìỉĩíị", {"i", "\xD7", "\xD8", "\xDC", "\xDD", "\xDE"}},
        {"oòỏõóọ", {"o", "\xDF", "\xE1", "\xE2", "\xE3", "\xE4"}},
        {"ôồổỗốộ", {"\xAB", "\xE5", "\xE6", "\xE7", "\xE8", "\xE9"}},
        {"ơờởỡớợ", {"\xAC", "\xEA", "\xEB", "\xEC", "\xED", "\xEE"}},
        {"uùủũúụ", {"u", "\xEF", "\xF1", "\xF2", "\xF3", "\xF4"}},
        {"ưừửữứự", {"\xAD", "\xF5", "\xF6", "\xF7", "\xF8", "\xF9"}},
        {"yỳỷỹýỵ", {"y", "\xFA", "\xFB", "\xFC", "\xFD", "\xFE"}},
        {"đĂÂÊÔƠ", {"\xAE", "\xA1", "\xA2", "\xA3", "\xA4", "\xA5"}},  // singles
        {"ƯĐ", {"\xA6", "\xA7"}},
    };
    Table t;
    for (const Family& f : families) AddFamily(t, f);
    return t;
  }();
  return table;
}

// VNI capitals: ASCII upper case, diacritic bytes 0x20 lower (Latin-1's own case offset).
std::string VniCapital(std::string_view code) {
  std::string out(code);
  for (char& c : out) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 'a' && b <= 'z') c = static_cast<char>(b - 0x20);
    if (b >= 0xE0 && b != 0xF7) c = static_cast<char>(b - 0x20);
  }
  return out;
}

const Table& VniTable() {
  static const Table table = [] {
    const Family families[] = {
        {"aàảãáạ", {"a", "a\xF8", "a\xFB", "a\xF5", "a\xF9", "a\xEF"}},
        {"ăằẳẵắặ", {"a\xEA", "a\xE8", "a\xFA", "a\xFC", "a\xE9", "a\xEB"}},
        {"âầẩẫấậ", {"a\xE2", "a\xE0", "a\xE5", "a\xE3", "a\xE1", "a\xE4"}},
        {"eèẻẽéẹ", {"e", "e\xF8", "e\xFB", "e\xF5", "e\xF9", "e\xEF"}},
        {"êềểễếệ", {"e\xE2", "e\xE0", "e\xE5", "e\xE3", "e\xE1", "e\xE4"}},
        {"iìỉĩíị", {"i", "\xEC", "\xE6", "\xF3", "\xED", "\xF2"}},
        {"oòỏõóọ", {"o", "o\xF8", "o\xFB", "o\xF5", "o\xF9", "o\xEF"}},
        {"ôồổỗốộ", {"o\xE2", "o\xE0", "o\xE5", "o\xE3", "o\xE1", "o\xE4"}},
        {"ơờởỡớợ", {"\xF4", "\xF4\xF8", "\xF4\xFB", "\xF4\xF5", "\xF4\xF9", "\xF4\xEF"}},
        {"uùủũúụ", {"u", "u\xF8", "u\xFB", "u\xF5", "u\xF9", "u\xEF"}},
        {"ưừửữứự", {"\xF6", "\xF6\xF8", "\xF6\xFB", "\xF6\xF5", "\xF6\xF9", "\xF6\xEF"}},
        {"yỳỷỹýỵ", {"y", "y\xF8", "y\xFB", "y\xF5", "y\xF9", "\xEE"}},
        {"đ", {"\xF1"}},
    };
    Table t;
    for (const Family& f : families) {
      AddFamily(t, f);
      const std::vector<std::string> capitals = Utf8Chars(core::ToUpperVi(f.letters));
      for (std::size_t k = 0; k < capitals.size(); ++k) t[capitals[k]] = VniCapital(f.codes[k]);
    }
    return t;
  }();
  return table;
}

std::string Encode(std::string_view unicode, const Table& table) {
  std::string out;
  for (const std::string& ch : Utf8Chars(core::ToNfc(unicode))) {
    if (ch.size() == 1) {
      out += ch;
      continue;
    }
    auto it = table.find(ch);
    if (it == table.end()) it = table.find(core::ToLowerVi(ch));
    out += it != table.end() ? it->second : ch;
  }
  return out;
}

}  // namespace

std::string TempPath(std::string_view suffix) {
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  return "/tmp/dancu_registry_test_" + std::to_string(getpid()) + "_" +
         std::to_string(g_counter++) + "_" + std::to_string(ticks % 1000000007) +
         std::string(suffix);
}

TempFile::~TempFile() {
  std::error_code ec;
  for (const char* extra : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path_ + extra, ec);
  }
}

TempDb::TempDb() {
  auto db = store::OpenSqlite(file_.path(), {.read_connections = 2, .durable = false});
  if (!db) {
    ADD_FAILURE() << "OpenSqlite(" << file_.path() << "): " << db.error().message;
    return;
  }
  db_ = std::move(*db);
}

TempDb::~TempDb() { db_.reset(); }  // close before TempFile removes the files

bool LoadDemoCatalogue(store::Database& db) {
  auto orgs = ImportOrgsCsv(db, DemoFile("kiengiang_2021_orgs.csv"), kActor);
  if (!orgs) {
    ADD_FAILURE() << "ImportOrgsCsv(demo): " << orgs.error().message;
    return false;
  }
  auto purposes = ImportPurposesCsv(db, DemoFile("purposes.csv"), kActor);
  if (!purposes) {
    ADD_FAILURE() << "ImportPurposesCsv(demo): " << purposes.error().message;
    return false;
  }
  return true;
}

int64_t CreateDemoCampaign(store::Database& db, const std::string& name) {
  auto id = CreateCampaign(db,
                           {.name = name,
                            .basis = "Kế hoạch số 129/KH-UBND ngày 06/7/2021",
                            .open_date = "2021-07-27",
                            .deadline = "2021-07-30",
                            .targets = {},
                            .rules = {}},
                           kActor);
  if (!id) {
    ADD_FAILURE() << "CreateCampaign: " << id.error().message;
    return 0;
  }
  return *id;
}

int64_t CountRows(store::Database& db, const std::string& table) {
  auto row = db.Read(
      [&](store::Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM " + table, {}, table); });
  if (!row) {
    ADD_FAILURE() << "COUNT(" << table << "): " << row.error().message;
    return -1;
  }
  return row->Int(0);
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string CsvLine(const std::vector<std::string>& cells, char sep) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line += sep;
    line += '"';
    for (char c : cells[i]) line += c == '"' ? std::string("\"\"") : std::string(1, c);
    line += '"';
  }
  return line + "\n";
}

std::vector<std::string> AccountCells::Cells() const {
  return {tt, full_name, login, phone, agency_code, agency_name, role, queries, purposes};
}

std::string FormCsv(const std::vector<AccountCells>& rows) {
  bool ids = std::any_of(rows.begin(), rows.end(), [](const auto& r) { return !r.official_id.empty(); });
  std::vector<std::string> header = FormColumnTitles();
  if (ids) header.push_back(column::kOfficialId);
  std::string csv = CsvLine(header);
  for (const auto& r : rows) {
    std::vector<std::string> cells = r.Cells();
    if (ids) cells.push_back(r.official_id);
    csv += CsvLine(cells);
  }
  return csv;
}

std::string WriteXlsx(const XlsxFixture& fixture) {
  TempFile file(".xlsx");
  lxw_workbook* wb = workbook_new(file.path().c_str());
  if (!wb) {
    ADD_FAILURE() << "workbook_new(" << file.path() << ")";
    return {};
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Phieu dang ky");
  auto merged_away = [&](int r, int c) {
    for (const auto& m : fixture.merges) {
      bool inside = r >= m.first_row && r <= m.last_row && c >= m.first_col && c <= m.last_col;
      if (inside && !(r == m.first_row && c == m.first_col)) return true;
    }
    return false;
  };
  for (const auto& m : fixture.merges) {
    const std::string& text = fixture.grid.at(size_t(m.first_row)).at(size_t(m.first_col));
    worksheet_merge_range(ws, lxw_row_t(m.first_row), lxw_col_t(m.first_col), lxw_row_t(m.last_row),
                          lxw_col_t(m.last_col), text.c_str(), nullptr);
  }
  for (size_t r = 0; r < fixture.grid.size(); ++r) {
    for (size_t c = 0; c < fixture.grid[r].size(); ++c) {
      const std::string& text = fixture.grid[r][c];
      if (text.empty() || merged_away(int(r), int(c))) continue;
      bool is_merge_anchor = false;
      for (const auto& m : fixture.merges)
        is_merge_anchor |= m.first_row == int(r) && m.first_col == int(c);
      if (is_merge_anchor) continue;
      if (fixture.numbers.contains({int(r), int(c)})) {
        worksheet_write_number(ws, lxw_row_t(r), lxw_col_t(c), std::stod(text), nullptr);
      } else {
        worksheet_write_string(ws, lxw_row_t(r), lxw_col_t(c), text.c_str(), nullptr);
      }
    }
  }
  if (lxw_error err = workbook_close(wb); err != LXW_NO_ERROR) {
    ADD_FAILURE() << "workbook_close: " << lxw_strerror(err);
    return {};
  }
  return ReadFileBytes(file.path());
}

std::string EncodeTcvn3(std::string_view unicode) { return Encode(unicode, Tcvn3Table()); }
std::string EncodeVni(std::string_view unicode) { return Encode(unicode, VniTable()); }

FakeRowContext FakeRowContext::HonDat() {
  FakeRowContext ctx;
  ctx.AddAgency("000.00.34.H33", "UBND huyện Hòn Đất", "Hòn Đất", true);
  ctx.AddAgency("000.02.34.H33", "Phòng Nội vụ huyện Hòn Đất", "Nội vụ", true);
  ctx.AddAgency("000.23.34.H33", "UBND xã Bình Sơn", "xã Bình Sơn", true);
  ctx.AddAgency("000.00.08.H33", "Sở Tư pháp", "Tư pháp", false);
  ctx.AddPurpose("XMCD-01",
                 "Xác minh thông tin công dân khi tạo mới tài khoản trên Cổng dịch vụ công");
  ctx.AddPurpose("XMCD-02", "Xác minh tài khoản của công dân khi đã có trong hệ thống");
  ctx.AddPurpose("XMCD-03",
                 "Xác minh thông tin công dân tại bộ phận một cửa để đơn giản hóa giấy tờ");
  ctx.AddPurpose("XMCD-04", "Xác minh thông tin công dân khi cán bộ thụ lý hồ sơ");
  return ctx;
}

void FakeRowContext::AddAgency(const std::string& code, const std::string& name,
                               const std::string& short_name, bool in_scope) {
  agencies_[code] = Agency{name, short_name, in_scope};
}

void FakeRowContext::AddPurpose(const std::string& code, const std::string& text) {
  purposes_[core::FoldForSearch(code)] = Purpose{code, text};
  purposes_[core::FoldForSearch(text)] = Purpose{code, text};
}

std::optional<RowContext::Agency> FakeRowContext::FindAgency(const std::string& code) const {
  auto it = agencies_.find(code);
  if (it == agencies_.end()) return std::nullopt;
  return it->second;
}

std::optional<Purpose> FakeRowContext::FindPurpose(const std::string& code_or_text) const {
  auto it = purposes_.find(core::FoldForSearch(code_or_text));
  if (it == purposes_.end()) return std::nullopt;
  return it->second;
}

}  // namespace dancu::registry::test_support
