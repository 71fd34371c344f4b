// Rendering the documents from their templates.
#include "docs/documents.h"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>

#include "docs/docx_template.h"
#include "docs/pdf.h"

namespace dancu::docs {

std::string_view BuiltInTemplate(std::string_view name);  // generated from templates/*.docx

namespace {

using core::Error;
using core::Fail;
using nlohmann::json;

// "23 tháng 8 năm 2021": the template writes "ngày" before it.
std::string DayMonthYear(const std::string& iso) {
  auto d = core::Date::Parse(iso);
  if (!d) return iso;
  std::string month = d->month() <= 2 ? Padded(int(d->month())) : std::to_string(d->month());
  return Padded(int(d->day())) + " tháng " + month + " năm " + std::to_string(d->year());
}

std::string Vietnamese(const std::string& iso) {
  auto d = core::Date::Parse(iso);
  return d ? d->Vietnamese() : iso;
}

}  // namespace

Result<std::string> TemplateBytes(std::string_view name, const std::string& override_path) {
  if (!override_path.empty()) {
    std::ifstream in(override_path, std::ios::binary);
    if (!in) return Fail(Error::Invalid("Không đọc được tệp mẫu " + override_path + "."));
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  std::string_view bytes = BuiltInTemplate(name);
  if (bytes.empty())
    return Fail(Error::Invalid("Không có mẫu văn bản \"" + std::string(name) + "\"."));
  return std::string(bytes);
}

Result<std::string> RenderReminderLetter(const compliance::Report& report, const LetterInputs& in,
                                         const std::string& template_override) {
  auto tpl = TemplateBytes("cong_van_don_doc.docx", template_override);
  if (!tpl) return Fail(tpl.error());
  return RenderDocx(*tpl, ReminderLetterData(report, in));
}

json RegistrationFormData(const registry::Registration& f) {
  json rows = json::array();
  int tt = 0;
  for (const auto& a : f.accounts) {
    std::string purposes;
    for (const auto& p : a.row.purposes)
      purposes += (purposes.empty() ? "" : "; ") + p.code + " - " + p.text;
    std::string count = a.row.queries_per_dossier > 1
                            ? std::to_string(a.row.dossiers_per_day) + " x " +
                                  std::to_string(a.row.queries_per_dossier) + " = " +
                                  std::to_string(a.row.daily_quota)
                            : std::to_string(a.row.daily_quota);
    rows.push_back({{"tt", std::to_string(++tt)},
                    {"ho_ten", a.row.full_name},
                    {"tai_khoan", a.row.login},
                    {"sdt", a.row.phone},
                    {"ma_co_quan", a.row.agency_code},
                    {"ten_co_quan", a.row.agency_name},
                    {"vai_tro", a.row.role},
                    {"so_lan", count},
                    {"muc_dich", purposes}});
  }
  std::string systems;
  for (const auto& s : f.info.systems) systems += (systems.empty() ? "" : "; ") + s;
  return {{"don_vi", f.org_name},
          {"he_thong", systems},
          {"lien_he_ho_ten", f.info.contact_name},
          {"lien_he_chuc_vu", f.info.contact_position},
          {"lien_he_sdt", f.info.contact_phone},
          {"lien_he_email", f.info.contact_email},
          {"lien_he_don_vi", f.info.contact_workplace},
          {"tai_khoan", rows}};
}

json CommitmentData(const registry::Commitment& c, const std::string& unit_name) {
  return {{"ngay_ky", DayMonthYear(c.sign_date)},
          {"noi_ky", c.sign_place},
          {"ho_ten", c.rep_name},
          {"quoc_tich", c.nationality},
          {"so_giay_to", c.id_number},
          {"sdt", c.phone},
          {"ngay_cap", Vietnamese(c.issue_date)},
          {"noi_cap", c.issue_place},
          {"don_vi", unit_name},
          {"chuc_vu", c.position}};
}

Result<std::string> RenderRegistrationForm(const registry::Registration& form,
                                           const std::string& template_override) {
  auto tpl = TemplateBytes("phieu_dang_ky.docx", template_override);
  if (!tpl) return Fail(tpl.error());
  return RenderDocx(*tpl, RegistrationFormData(form));
}

Result<std::string> RenderCommitment(const registry::Commitment& c, const std::string& unit_name,
                                     const std::string& template_override) {
  auto tpl = TemplateBytes("ban_cam_ket.docx", template_override);
  if (!tpl) return Fail(tpl.error());
  return RenderDocx(*tpl, CommitmentData(c, unit_name));
}

Result<std::string> RegistrationFormXlsx(const registry::Registration& form) {
  // Issue 10: the form holds officials' ID numbers; its temporary lives in a 0700 directory.
  PrivateTempDir tmp("dancu-form-");
  if (tmp.path().empty()) return Fail(Error::Unavailable("Không tạo được thư mục tạm cho tệp XLSX."));
  auto path = std::filesystem::path(tmp.path()) / "phieu.xlsx";
  json data = RegistrationFormData(form);
  lxw_workbook* wb = workbook_new(path.string().c_str());
  if (!wb) return Fail(Error::Unavailable("Không tạo được tệp XLSX tạm."));
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Phieu dang ky");
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_align(title, LXW_ALIGN_CENTER);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_text_wrap(head);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_text_wrap(cell);
  worksheet_merge_range(
      ws, 0, 0, 0, 8,
      "PHIẾU ĐĂNG KÝ KẾT NỐI CSDL QUỐC GIA VỀ DÂN CƯ PHỤC VỤ GIẢI QUYẾT DỊCH VỤ HÀNH CHÍNH CÔNG",
      title);
  std::string lines[] = {
      "1. Đơn vị đăng ký: " + data["don_vi"].get<std::string>(),
      "2. Tên Hệ thống CSDL: " + data["he_thong"].get<std::string>(),
      "3. Đầu mối liên hệ: Họ tên: " + data["lien_he_ho_ten"].get<std::string>() +
          "; Chức vụ: " + data["lien_he_chuc_vu"].get<std::string>() +
          "; Số điện thoại: " + data["lien_he_sdt"].get<std::string>() +
          "; Email: " + data["lien_he_email"].get<std::string>()};
  for (int i = 0; i < 3; ++i)
    worksheet_write_string(ws, lxw_row_t(i + 2), 0, lines[i].c_str(), nullptr);
  const char* cols[] = {"TT",
                        "Họ tên",
                        "Tài khoản đăng nhập",
                        "SĐT",
                        "Mã cơ quan",
                        "Tên cơ quan",
                        "Vai trò trách nhiệm",
                        "Số lần truy vấn trong ngày",
                        "Mục đích sử dụng"};
  const char* keys[] = {"tt",          "ho_ten",  "tai_khoan", "sdt",     "ma_co_quan",
                        "ten_co_quan", "vai_tro", "so_lan",    "muc_dich"};
  const double widths[] = {5, 24, 26, 13, 16, 32, 20, 16, 48};
  for (lxw_col_t c = 0; c < 9; ++c) {
    worksheet_set_column(ws, c, c, widths[c], nullptr);
    worksheet_write_string(ws, 6, c, cols[c], head);
  }
  lxw_row_t r = 7;
  for (const auto& row : data["tai_khoan"]) {
    for (lxw_col_t c = 0; c < 9; ++c)
      worksheet_write_string(ws, r, c, row[keys[c]].get<std::string>().c_str(), cell);
    ++r;
  }
  worksheet_write_string(ws, r + 1, 6, "NGƯỜI ĐẠI DIỆN ĐƠN VỊ", title);
  worksheet_write_string(ws, r + 2, 6, "(Ký, ghi rõ họ tên, đóng dấu)", nullptr);
  if (workbook_close(wb) != LXW_NO_ERROR)
    return Fail(Error::Unavailable("Không ghi được tệp XLSX."));
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes;
}

}  // namespace dancu::docs
