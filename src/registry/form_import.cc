// Finding the header, decoding legacy text and checking the rows of an uploaded form.
#include "registry/form_import.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "core/validate.h"
#include "registry/registration_internal.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

enum Field { kTt, kName, kLogin, kPhone, kCode, kAgency, kRole, kQueries, kDossiers,
             kPerDossier, kPurposes, kOfficialId, kFieldCount };

// Accepted titles per field, folded (no accents, lower case, punctuation as spaces).
const std::vector<std::vector<std::string>>& Synonyms() {
  static const std::vector<std::vector<std::string>> s = {
      {"tt", "stt", "t t", "so tt", "so thu tu"},
      {"ho ten", "ho va ten", "ho ten can bo", "ten can bo"},
      {"tai khoan dang nhap", "tai khoan", "ten dang nhap", "ten tai khoan", "username", "account"},
      {"sdt", "so dien thoai", "dien thoai", "so dt", "dt"},
      {"ma co quan", "ma don vi", "ma dinh danh", "ma co quan don vi", "ma dinh danh co quan"},
      {"ten co quan", "ten don vi", "co quan", "don vi", "ten co quan don vi"},
      {"vai tro trach nhiem", "vai tro", "vai tro trach nhiem cua can bo"},
      {"so lan truy van trong ngay", "so lan truy van", "so truy van trong ngay",
       "so luong truy van", "so truy van ngay"},
      {"so ho so ngay", "ho so ngay", "so ho so trong ngay"},
      {"so truy van ho so", "truy van ho so", "so truy van 01 ho so", "so truy van 1 ho so"},
      {"muc dich su dung", "muc dich", "muc dich truy van"},
      // Optional (issue 11): the official's CCCD, as clerks title it; see also IsOfficialIdKey.
      {"so cccd dinh danh cua can bo", "so cccd", "cccd", "so dinh danh", "cccd can bo",
       "so cccd can bo", "so cccd cua can bo", "so dinh danh ca nhan", "so dinh danh can bo",
       "so dinh danh cua can bo", "so can cuoc cong dan", "can cuoc cong dan", "so can cuoc",
       "so cccd dinh danh", "so cccd so dinh danh", "ma dinh danh ca nhan", "ma can bo"},
  };
  return s;
}

const std::set<Field> kRequired = {kName, kLogin, kPhone, kCode, kRole, kPurposes};

// Folds a header cell: accents off, footnote numbers and punctuation dropped.
std::string HeaderKey(const std::string& cell) {
  std::string folded = core::FoldForSearch(cell);
  std::string out;
  for (char c : folded) {
    bool letter = (c >= 'a' && c <= 'z');
    out += letter ? c : ' ';
  }
  return core::CollapseSpaces(out);
}

// Titles with a note ("Số CCCD (12 số)", "CCCD của cán bộ (nếu có)") beyond the synonyms: any
// title naming a CCCD or a personal identification number.
bool IsOfficialIdKey(const std::string& key) {
  std::string padded = " " + key + " ";
  return padded.find(" cccd ") != std::string::npos ||
         padded.find(" can cuoc cong dan ") != std::string::npos ||
         padded.find(" so dinh danh ca nhan ") != std::string::npos;
}

std::map<Field, size_t> MatchHeader(const std::vector<std::string>& row) {
  std::map<Field, size_t> found;
  for (size_t col = 0; col < row.size(); ++col) {
    std::string key = HeaderKey(row[col]);
    if (key.empty()) continue;
    if (!found.contains(kOfficialId) && IsOfficialIdKey(key)) {
      found[kOfficialId] = col;
      continue;
    }
    for (int f = 0; f < kFieldCount; ++f) {
      if (found.contains(Field(f))) continue;
      for (const auto& syn : Synonyms()[f]) {
        if (key == syn) { found[Field(f)] = col; break; }
      }
      if (found.contains(Field(f)) && found[Field(f)] == col) break;
    }
  }
  return found;
}

// Decodes every cell to Unicode NFC, detecting TCVN3/VNI on the whole file's text.
core::Result<std::string> DecodeCells(Table& table, bool raw_bytes, std::vector<std::string>& notes) {
  bool all_utf8 = true;
  for (const auto& row : table.rows)
    for (const auto& c : row) all_utf8 = all_utf8 && core::IsValidUtf8(c);
  if (!all_utf8) {
    if (!raw_bytes) return Fail(Error::Invalid("Tệp có ô chứa ký tự không hợp lệ (không phải UTF-8)."));
    for (auto& row : table.rows)
      for (auto& c : row) if (!core::IsValidUtf8(c)) c = core::DecodeCp1252(c);
  }
  // Only non-ASCII cells can tell the encodings apart; 64 KB of them decide for any file.
  std::string sample;
  for (const auto& row : table.rows) {
    for (const auto& c : row) {
      if (sample.size() > 64 * 1024) break;
      if (std::any_of(c.begin(), c.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; })) {
        sample += c;
        sample += ' ';
      }
    }
  }
  core::LegacyEncoding enc = core::DetectLegacy(sample);
  if (!all_utf8 && enc == core::LegacyEncoding::kNone) {
    return Fail(Error::Invalid("Tệp không mã hóa UTF-8 và cũng không nhận ra bảng mã TCVN3 "
                               "hay VNI. Hãy lưu lại tệp dạng \"CSV UTF-8\" hoặc .xlsx."));
  }
  std::string name = "utf-8";
  if (enc != core::LegacyEncoding::kNone) {
    name = enc == core::LegacyEncoding::kTcvn3 ? "tcvn3" : "vni";
    notes.push_back(std::string("Đã chuyển văn bản từ bảng mã ") +
                    (enc == core::LegacyEncoding::kTcvn3 ? "TCVN3 (ABC)" : "VNI") +
                    " sang Unicode.");
  }
  for (auto& row : table.rows)
    for (auto& c : row) c = core::ToNfc(enc == core::LegacyEncoding::kNone ? c : core::ConvertLegacy(c, enc));
  return name;
}

// Items 1–3 of the form, from "Label: value" texts above the header.
void ReadFormInfo(const Table& table, size_t header_index, FormInfo& info) {
  auto value_after = [](const std::string& cell, size_t colon) {
    return core::CollapseSpaces(cell.substr(colon + 1));
  };
  for (size_t r = 0; r < header_index; ++r) {
    for (const auto& cell : table.rows[r]) {
      size_t colon = cell.find(':');
      if (colon == std::string::npos) continue;
      std::string label = HeaderKey(cell.substr(0, colon));
      std::string value = value_after(cell, colon);
      if (value.empty() || value.find_first_not_of(". …") == std::string::npos) continue;
      if (label.find("don vi dang ky") != std::string::npos) info.unit_name = value;
      else if (label.find("ten he thong") != std::string::npos) {
        std::string cur;
        for (char ch : value + ";") {
          if (ch == ';') { if (auto s = core::CollapseSpaces(cur); !s.empty()) info.systems.push_back(s); cur.clear(); }
          else cur += ch;
        }
      } else if (label == "ho ten") info.contact_name = value;
      else if (label == "chuc vu") info.contact_position = value;
      else if (label == "so dien thoai") info.contact_phone = value;
      else if (label == "email") info.contact_email = value;
      else if (label == "don vi cong tac") info.contact_workplace = value;
    }
  }
}

// The contact's phone and email are normalised when valid; when not, the form is still
// accepted (the account rows are what matters) and a note says what to correct.
void CheckContact(FormInfo& info, std::vector<std::string>& notes) {
  if (!info.contact_phone.empty()) {
    if (auto p = core::Phone::Parse(info.contact_phone)) info.contact_phone = p->value();
    else notes.push_back("SĐT đầu mối liên hệ chưa đúng: " + p.error().message);
  }
  if (!info.contact_email.empty()) {
    if (auto e = core::Email::Parse(info.contact_email)) info.contact_email = e->value();
    else notes.push_back("Email đầu mối liên hệ chưa đúng: " + e.error().message);
  }
}

std::string CellAt(const std::vector<std::string>& row, const std::map<Field, size_t>& cols, Field f) {
  auto it = cols.find(f);
  if (it == cols.end() || it->second >= row.size()) return {};
  return row[it->second];
}

// A spreadsheet that stored the CCCD as a number dropped its leading 0 (every province code
// starts with 0): 11 digits that make a valid CCCD with it get it back. Returns whether it did.
bool RestoreCccdZero(std::string& cell) {
  std::string s = core::CollapseSpaces(cell);
  if (s.size() != 11 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  if (!core::Cccd::Parse("0" + s)) return false;
  cell = "0" + s;
  return true;
}

// A row that only numbers the columns ("(1) (2) (3)" or "1 2 3 ...") under the header.
bool IsNumberingRow(const std::vector<std::string>& row) {
  int n = 0;
  for (const auto& c : row) {
    std::string s = core::CollapseSpaces(c);
    if (s.empty()) continue;
    if (s.find_first_not_of("0123456789()") != std::string::npos) return false;
    ++n;
  }
  return n >= 3;
}

// Rows holding no account: blank, a lone text line (signature, note), a bare TT number.
bool IsNonDataRow(const std::vector<std::string>& row, const std::map<Field, size_t>& cols) {
  int filled = 0;
  for (const auto& c : row) filled += core::CollapseSpaces(c).empty() ? 0 : 1;
  if (filled == 0) return true;
  bool key_cells = !CellAt(row, cols, kLogin).empty() || !CellAt(row, cols, kPhone).empty() ||
                   !CellAt(row, cols, kCode).empty();
  return filled == 1 && !key_cells;
}

}  // namespace

const std::vector<std::string>& FormColumnTitles() {
  static const std::vector<std::string> titles = {
      "TT", column::kFullName, column::kLogin, column::kPhone, column::kAgencyCode,
      column::kAgencyName, column::kRole, column::kQueries, column::kPurposes};
  return titles;
}

core::Result<ImportPlan> ParseForm(std::string_view bytes, std::string_view filename,
                                   const RowContext& ctx, const ReadLimits& limits) {
  auto kind = SniffKind(bytes, filename);
  if (!kind) return Fail(kind.error());
  auto table = ReadTableFile(bytes, filename, limits);
  if (!table) return Fail(table.error());
  ImportPlan plan;
  auto enc = DecodeCells(*table, *kind == FileKind::kCsv, plan.notes);
  if (!enc) return Fail(enc.error());
  plan.encoding = *enc;

  size_t header = table->rows.size();
  std::map<Field, size_t> cols;
  for (size_t r = 0; r < table->rows.size() && r < 50; ++r) {
    auto m = MatchHeader(table->rows[r]);
    if (m.contains(kName) && m.contains(kLogin) && m.size() >= 4) { header = r; cols = m; break; }
  }
  if (header == table->rows.size()) {
    return Fail(Error::Invalid("Không tìm thấy dòng tiêu đề của bảng tài khoản trong 50 dòng đầu. "
                               "Cần các cột: TT, Họ tên, Tài khoản đăng nhập, SĐT, Mã cơ quan, "
                               "Tên cơ quan, Vai trò trách nhiệm, Số lần truy vấn trong ngày, "
                               "Mục đích sử dụng."));
  }
  plan.header_row = table->row_numbers[header];
  std::vector<FieldError> missing;
  for (Field f : kRequired) {
    // Field numbers match FormColumnTitles() only up to kQueries; kPurposes is past the
    // optional kDossiers/kPerDossier columns, which the printed form does not have.
    std::string title = f == kPurposes ? column::kPurposes : FormColumnTitles()[size_t(f)];
    if (!cols.contains(f)) missing.push_back({plan.header_row, title, "Thiếu cột này trong dòng tiêu đề."});
  }
  if (!cols.contains(kQueries) && !(cols.contains(kDossiers) && cols.contains(kPerDossier))) {
    missing.push_back({plan.header_row, column::kQueries, "Thiếu cột này trong dòng tiêu đề."});
  }
  if (!missing.empty()) return Fail(Error::Invalid("Dòng tiêu đề thiếu cột bắt buộc.", missing));
  ReadFormInfo(*table, header, plan.info);
  CheckContact(plan.info, plan.notes);

  registration_internal::LoginRows logins;
  plan.has_official_id = cols.contains(kOfficialId);
  for (size_t r = header + 1; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    if (IsNumberingRow(row) || IsNonDataRow(row, cols)) continue;
    RawAccountRow raw{.row_no = table->row_numbers[r], .full_name = CellAt(row, cols, kName),
                      .login = CellAt(row, cols, kLogin), .phone = CellAt(row, cols, kPhone),
                      .agency_code = CellAt(row, cols, kCode),
                      .agency_name = CellAt(row, cols, kAgency), .role = CellAt(row, cols, kRole),
                      .queries = CellAt(row, cols, kQueries),
                      .dossiers_per_day = CellAt(row, cols, kDossiers),
                      .queries_per_dossier = CellAt(row, cols, kPerDossier),
                      .purposes = CellAt(row, cols, kPurposes),
                      .official_id = CellAt(row, cols, kOfficialId)};
    bool zero_restored = RestoreCccdZero(raw.official_id);
    auto checked = registration_internal::CheckFormRow(raw, ctx, logins, plan.errors);
    if (!checked) continue;
    if (auto p = core::Phone::Parse(raw.phone); p && p->leading_zero_restored()) {
      plan.notes.push_back("Dòng " + std::to_string(raw.row_no) + ": đã thêm số 0 đầu SĐT " + p->value() + ".");
    }
    if (zero_restored) {
      plan.notes.push_back("Dòng " + std::to_string(raw.row_no) + ": đã thêm số 0 đầu số CCCD " +
                           checked->official_id + ".");
    }
    plan.rows.push_back(std::move(*checked));
  }
  if (plan.rows.empty() && plan.errors.empty()) {
    plan.errors.push_back({plan.header_row + 1, column::kFullName, "Bảng tài khoản không có dòng nào."});
  }
  return plan;
}

namespace registration_internal {

std::optional<AccountRow> CheckFormRow(const RawAccountRow& raw, const RowContext& ctx,
                                       LoginRows& logins, std::vector<FieldError>& errors) {
  auto checked = CheckAccountRow(raw, ctx, errors);
  if (!checked) return std::nullopt;
  auto [it, fresh] = logins.logins.emplace(checked->login_key, raw.row_no);
  if (!fresh) {
    errors.push_back({raw.row_no, column::kLogin,
                      "Tài khoản \"" + checked->login + "\" trùng với dòng " +
                          std::to_string(it->second) + " (không phân biệt hoa thường)."});
    return std::nullopt;
  }
  if (checked->official_id.empty()) return checked;
  auto [first, unused] = logins.official_ids.emplace(
      checked->official_id, std::pair{raw.row_no, checked->login_key});
  if (first->second.second != checked->login_key) {
    // One official, one account: the national service knows the official by this number.
    errors.push_back({raw.row_no, column::kOfficialId,
                      "Số CCCD " + checked->official_id + " đã ghi cho tài khoản khác ở dòng " +
                          std::to_string(first->second.first) +
                          "; mỗi cán bộ chỉ có một tài khoản, hãy kiểm tra lại số CCCD."});
    return std::nullopt;
  }
  return checked;
}

}  // namespace registration_internal

}  // namespace dancu::registry
