// Export of approved accounts to XLSX/CSV.
#include "registry/export.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "registry/campaign.h"
#include "registry/form_import.h"
#include "registry/history.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;

using Line = std::vector<std::string>;

// The paper form's columns, then the official's CCCD: the national service creates its
// accounts from this list and checks the official (MaCanBo) on every query (issue 11).
const std::vector<std::string>& ExportTitles() {
  static const std::vector<std::string> titles = [] {
    std::vector<std::string> t = FormColumnTitles();
    t.push_back(column::kOfficialId);
    return t;
  }();
  return titles;
}

Result<std::vector<Line>> LoadLines(store::Tx& tx, int64_t campaign_id, ExportSummary& sum) {
  auto rows = tx.Query(
      "SELECT a.id, a.full_name, a.login, a.phone, a.agency_code, a.agency_name, a.role, "
      "a.daily_quota, a.dossiers_per_day, a.queries_per_dossier, r.org_code, a.official_id "
      "FROM account a "
      "JOIN registration r ON r.id = a.registration_id JOIN org o ON o.code = r.org_code "
      "WHERE a.campaign_id = ? AND r.status IN ('approved', 'sent_c06', 'active') "
      "AND a.status NOT IN ('revoked', 'ended') ORDER BY o.position, a.row_no",
      {campaign_id});
  if (!rows) return Fail(rows.error());
  std::vector<Line> lines;
  std::string last_unit;
  for (const auto& r : *rows) {
    auto ps = tx.Query("SELECT code, text FROM account_purpose WHERE account_id = ? ORDER BY code",
                       {r.Int(0)});
    if (!ps) return Fail(ps.error());
    std::string purposes;
    for (const auto& p : *ps) purposes += (purposes.empty() ? "" : "; ") + p.Text(0) + " - " + p.Text(1);
    std::string quota = std::to_string(r.Int(7));
    if (r.Int(9) > 1) quota = std::to_string(r.Int(8)) + " x " + std::to_string(r.Int(9)) + " = " + quota;
    lines.push_back({std::to_string(lines.size() + 1), r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                     r.Text(5), r.Text(6), quota, purposes, r.Text(11)});
    if (r.Text(10) != last_unit) { ++sum.units; last_unit = r.Text(10); }
  }
  sum.accounts = int(lines.size());
  return lines;
}

Result<void> WriteCsv(const std::string& path, const std::vector<Line>& lines) {
  std::ofstream out(path, std::ios::binary);
  out << "\xEF\xBB\xBF";  // BOM: Excel then reads the file as UTF-8
  auto write_line = [&](const Line& line) {
    for (size_t i = 0; i < line.size(); ++i) {
      std::string cell = NeutraliseCsvCell(line[i]);
      std::string quoted = "\"";
      for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      out << (i ? "," : "") << quoted << "\"";
    }
    out << "\r\n";
  };
  write_line(ExportTitles());
  for (const auto& l : lines) write_line(l);
  out.close();
  if (!out) return Fail(Error::Unavailable("Không ghi được tệp " + path + "."));
  return {};
}

Result<void> WriteXlsx(const std::string& path, const std::string& title,
                       const std::vector<Line>& lines) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Fail(Error::Unavailable("Không tạo được tệp " + path + "."));
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Danh sach tai khoan");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  format_set_border(bold, LXW_BORDER_THIN);
  format_set_align(bold, LXW_ALIGN_CENTER);
  format_set_align(bold, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_text_wrap(cell);
  format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* heading = workbook_add_format(wb);
  format_set_bold(heading);
  format_set_font_size(heading, 13);
  format_set_align(heading, LXW_ALIGN_CENTER);
  worksheet_merge_range(ws, 0, 0, 0, 9, "DANH SÁCH TÀI KHOẢN ĐĂNG KÝ KHAI THÁC CSDL QUỐC GIA VỀ DÂN CƯ", heading);
  worksheet_merge_range(ws, 1, 0, 1, 9, title.c_str(), nullptr);
  const double widths[] = {5, 24, 26, 13, 16, 32, 20, 14, 48, 16};
  for (lxw_col_t c = 0; c < 10; ++c) worksheet_set_column(ws, c, c, widths[c], nullptr);
  const auto& titles = ExportTitles();
  for (lxw_col_t c = 0; c < titles.size(); ++c) worksheet_write_string(ws, 3, c, titles[c].c_str(), bold);
  for (size_t r = 0; r < lines.size(); ++r) {
    for (lxw_col_t c = 0; c < lines[r].size(); ++c) {
      // Always a string cell: a spreadsheet never evaluates it as a formula.
      worksheet_write_string(ws, lxw_row_t(r + 4), c, lines[r][c].c_str(), cell);
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return Fail(Error::Unavailable("Không ghi được tệp " + path + "."));
  return {};
}

}  // namespace

std::string NeutraliseCsvCell(std::string_view cell) {
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    return "'" + std::string(cell);
  }
  return std::string(cell);
}

Result<ExportSummary> ExportAccounts(store::Database& db, int64_t campaign_id,
                                     const std::string& path, const std::string& actor) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto& ch : ext) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  if (ext != ".xlsx" && ext != ".csv") {
    return Fail(Error::Invalid("Tệp xuất phải có đuôi .xlsx hoặc .csv (đang là \"" + ext + "\")."));
  }
  ExportSummary sum;
  std::string title;
  auto lines = db.Read([&](store::Tx& tx) -> Result<std::vector<Line>> {
    auto c = GetCampaign(tx, campaign_id);
    if (!c) return Fail(c.error());
    title = c->name + " — " + c->basis;
    return LoadLines(tx, campaign_id, sum);
  });
  if (!lines) return Fail(lines.error());
  std::string tmp = path + ".tmp" + ext;
  auto st = ext == ".csv" ? WriteCsv(tmp, *lines) : WriteXlsx(tmp, title, *lines);
  std::error_code ec;
  if (st) std::filesystem::rename(tmp, path, ec);
  if (!st || ec) {
    std::filesystem::remove(tmp, ec);
    return Fail(st ? Error::Unavailable("Không ghi được tệp " + path + ".") : st.error());
  }
  auto rec = db.Write([&](store::Tx& tx) -> Result<bool> {
    auto r = RecordChange(tx, {.actor = actor, .entity = "export",
                               .entity_id = std::to_string(campaign_id), .action = "export_accounts",
                               .detail = path + ": " + std::to_string(sum.accounts) + " tài khoản, " +
                                         std::to_string(sum.units) + " đơn vị"});
    if (!r) return Fail(r.error());
    return true;
  });
  if (!rec) return Fail(rec.error());
  return sum;
}

}  // namespace dancu::registry
