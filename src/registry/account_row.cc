// Rules of one account row of the Phiếu đăng ký.
#include "registry/account_row.h"

#include <charconv>
#include <unordered_map>

#include "core/text.h"
#include "core/validate.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

// Numbers of a query-count cell, and whether a multiplication sign separates the first two.
struct CountParts {
  std::vector<long> numbers;
  bool times = false;
  bool equals = false;
  bool other = false;  // a character that has no place in a count
};

// The largest count or product ParseQueryCount accepts; far above any real quota, far below
// INT_MAX, so dossiers × queries never overflows.
constexpr long kMaxCount = 100000000;

CountParts ScanCount(std::string_view s) {
  CountParts p;
  long cur = -1;
  auto flush = [&] { if (cur >= 0) p.numbers.push_back(cur); cur = -1; };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') {
      cur = (cur < 0 ? 0 : cur) * 10 + (c - '0');
      if (cur > 100000000) cur = 100000000;
      continue;
    }
    flush();
    if (c == 'x' || c == 'X' || c == '*') p.times = true;
    else if (c == 0xC3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x97) {
      p.times = true;  // U+00D7 ×
      ++i;
    } else if (c == '=') p.equals = true;
    else if (c == '.' || c == ',') {
      // Thousands separators ("1.000") are fine only between digits; keep scanning.
      if (!p.numbers.empty() && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9' && !p.times) {
        cur = p.numbers.back();
        p.numbers.pop_back();
      }
    } else if (c != ' ' && c != '(' && c != ')' && c != '/' && c < 0x80 &&
               !std::isalpha(c)) {
      p.other = true;
    }
  }
  flush();
  return p;
}

// FoldForSearch through a per-thread memo: a form repeats the same agency names, roles and
// purposes on thousands of rows. Returns a copy: the memo may be cleared by the next call.
std::string Folded(const std::string& text) {
  thread_local std::unordered_map<std::string, std::string> memo;
  if (memo.size() > 4096) memo.clear();
  auto it = memo.find(text);
  if (it == memo.end()) it = memo.emplace(text, core::FoldForSearch(text)).first;
  return it->second;
}

// "Ủy ban nhân dân" and "UBND" name the same thing in agency names.
std::string AgencyKey(std::string_view name) {
  std::string key = Folded(std::string(name));
  const std::string long_form = "uy ban nhan dan";
  for (size_t pos; (pos = key.find(long_form)) != std::string::npos;) key.replace(pos, long_form.size(), "ubnd");
  std::string out;
  for (char c : key) if (c != ' ' && c != '-' && c != ',' && c != '.') out += c;
  return out;
}

void CheckQuota(const RawAccountRow& raw, AccountRow& row, std::vector<FieldError>& errors) {
  int n = raw.row_no;
  if (!raw.dossiers_per_day.empty() || !raw.queries_per_dossier.empty()) {
    auto d = ParseQueryCount(raw.dossiers_per_day);
    auto q = ParseQueryCount(raw.queries_per_dossier);
    if (!d || d->second != 1) errors.push_back({n, "Số hồ sơ/ngày", "Số hồ sơ/ngày phải là một số nguyên dương."});
    if (!q || q->second != 1) errors.push_back({n, "Số truy vấn/hồ sơ", "Số truy vấn/hồ sơ phải là một số nguyên dương."});
    if (d && q && d->second == 1 && q->second == 1) {
      row.dossiers_per_day = d->first;
      row.queries_per_dossier = q->first;
    }
  } else {
    auto count = ParseQueryCount(raw.queries);
    if (!count) {
      errors.push_back({n, column::kQueries, count.error().message});
      return;
    }
    row.dossiers_per_day = count->first;
    row.queries_per_dossier = count->second;
  }
  if (row.dossiers_per_day == 0) return;
  // Two columns of up to 10^8 each: multiply in 64 bits.
  long long quota = static_cast<long long>(row.dossiers_per_day) * row.queries_per_dossier;
  row.daily_quota = int(std::min<long long>(quota, kMaxCount));
  if (row.dossiers_per_day > kMaxDossiersPerDay || row.queries_per_dossier > kMaxQueriesPerDossier ||
      quota > kMaxDailyQuota) {
    errors.push_back({n, column::kQueries,
                      "Số lần truy vấn " + std::to_string(quota) +
                          "/ngày vượt giới hạn (tối đa " + std::to_string(kMaxDossiersPerDay) +
                          " hồ sơ/ngày × " + std::to_string(kMaxQueriesPerDossier) +
                          " truy vấn/hồ sơ, tổng " + std::to_string(kMaxDailyQuota) + "); hãy kiểm tra lại."});
  }
}

// Splits the purposes cell on ';' and line breaks; each item is "CODE - text", "CODE: text",
// a code alone, or a text of the purpose catalogue.
void CheckPurposes(const RawAccountRow& raw, const RowContext& ctx, AccountRow& row,
                   std::vector<FieldError>& errors) {
  std::vector<std::string> items;
  std::string cur;
  for (char c : raw.purposes) {
    if (c == ';' || c == '\n' || c == '\r') { items.push_back(cur); cur.clear(); }
    else cur += c;
  }
  items.push_back(cur);
  for (auto& item : items) {
    std::string text = core::CollapseSpaces(item);
    while (!text.empty() && (text.front() == '-' || text.front() == '+' || text.front() == ' ')) text.erase(0, 1);
    if (text.empty()) continue;
    std::optional<Purpose> found = ctx.FindPurpose(text);
    if (!found) {
      size_t sep = text.find(" - ");
      size_t colon = text.find(':');
      size_t cut = std::min(sep, colon);
      if (cut != std::string::npos) {
        std::string code = core::CollapseSpaces(text.substr(0, cut));
        std::string rest = core::CollapseSpaces(text.substr(cut + (cut == sep ? 3 : 1)));
        if (auto known = ctx.FindPurpose(code)) found = known;
        else if (!code.empty() && code.find(' ') == std::string::npos && !rest.empty())
          found = Purpose{code, rest};
      }
    }
    if (!found) {
      errors.push_back({raw.row_no, column::kPurposes,
                        "Mục đích \"" + text + "\" chưa có trong danh mục mục đích; hãy ghi "
                        "dạng \"MÃ - nội dung\" (mã dịch vụ/TTHC) hoặc chọn mục đích có sẵn."});
      continue;
    }
    bool dup = false;
    for (const auto& p : row.purposes) dup = dup || p.code == found->code;
    if (!dup) row.purposes.push_back(std::move(*found));
  }
  if (row.purposes.empty() && errors.empty()) {
    errors.push_back({raw.row_no, column::kPurposes, "Thiếu mục đích sử dụng (chú thích 15)."});
  }
}

void CheckAgency(const RawAccountRow& raw, const RowContext& ctx, AccountRow& row,
                 std::vector<FieldError>& errors) {
  int n = raw.row_no;
  auto code = core::AgencyCode::Parse(raw.agency_code);
  if (!code) {
    errors.push_back({n, column::kAgencyCode, code.error().message});
    return;
  }
  row.agency_code = code->value();
  auto agency = ctx.FindAgency(row.agency_code);
  if (!agency) {
    errors.push_back({n, column::kAgencyCode, "Mã cơ quan " + row.agency_code +
                                                  " không có trong danh mục đơn vị."});
    return;
  }
  if (!agency->in_scope) {
    errors.push_back({n, column::kAgencyCode, "Mã cơ quan " + row.agency_code + " (" +
                                                  agency->name +
                                                  ") không thuộc đơn vị đăng ký phiếu này."});
  }
  row.agency_name = agency->name;
  std::string typed = AgencyKey(raw.agency_name);
  if (typed.empty()) return;  // the catalogue supplies the name
  if (typed != AgencyKey(agency->name) && typed != AgencyKey(agency->short_name)) {
    errors.push_back({n, column::kAgencyName, "Tên cơ quan \"" + core::CollapseSpaces(raw.agency_name) +
                                                  "\" không khớp mã " + row.agency_code +
                                                  " (trong danh mục: " + agency->name + ")."});
  }
}

}  // namespace

const std::vector<std::string>& SuggestedRoles() {
  static const std::vector<std::string> roles = {"Cán bộ một cửa", "Công chức, viên chức",
                                                 "Trưởng phòng", "Lãnh đạo đơn vị"};
  return roles;
}

core::Result<std::pair<int, int>> ParseQueryCount(std::string_view text) {
  std::string s = core::CollapseSpaces(text);
  auto bad = [&](const std::string& why) {
    return Fail(Error::Invalid(why + " Ghi một số (\"150\") hoặc hồ sơ/ngày × truy vấn/hồ sơ "
                                     "(\"50 x 3\")."));
  };
  if (s.empty()) return bad("Thiếu số lần truy vấn trong ngày.");
  // Footnote 14 writes "50 (hồ sơ/ngày) x 3 (truy vấn/01 hồ sơ) = 150": the parenthesised
  // units carry digits ("01") that are not factors.
  std::string bare;
  for (int depth = 0; char c : s) {
    if (c == '(') ++depth;
    else if (c == ')') depth = std::max(0, depth - 1);
    else if (depth == 0) bare += c;
  }
  CountParts p = ScanCount(bare);
  if (p.other || p.numbers.empty()) return bad("Số lần truy vấn \"" + s + "\" không hợp lệ.");
  if (p.numbers.size() == 1 && !p.times) {
    if (p.numbers[0] <= 0) return bad("Số lần truy vấn phải lớn hơn 0.");
    return std::pair<int, int>{int(p.numbers[0]), 1};
  }
  // "50 x" or "x 3": a multiplication needs both factors.
  if (!p.times || p.numbers.size() < 2 || p.numbers.size() > 3 ||
      (p.numbers.size() == 3 && !p.equals)) {
    return bad("Số lần truy vấn \"" + s + "\" không hợp lệ.");
  }
  long d = p.numbers[0], q = p.numbers[1];
  if (d <= 0 || q <= 0) return bad("Số hồ sơ và số truy vấn phải lớn hơn 0.");
  if (p.numbers.size() == 3 && p.numbers[2] != d * q) {
    return bad("Phép tính \"" + s + "\" sai: " + std::to_string(d) + " × " + std::to_string(q) +
               " = " + std::to_string(d * q) + ".");
  }
  // Both factors are capped at 10^8 while scanning, so the product fits in a long; it must
  // also fit the int quota that callers compute from the pair.
  if (d * q > kMaxCount) {
    return bad("Số lần truy vấn \"" + s + "\" quá lớn (" + std::to_string(d * q) + "/ngày).");
  }
  return std::pair<int, int>{int(d), int(q)};
}

std::optional<AccountRow> CheckAccountRow(const RawAccountRow& raw, const RowContext& ctx,
                                          std::vector<FieldError>& errors) {
  size_t before = errors.size();
  int n = raw.row_no;
  AccountRow row;
  row.row_no = n;
  if (core::CollapseSpaces(raw.full_name).empty()) {
    errors.push_back({n, column::kFullName, "Thiếu họ tên (chú thích 10)."});
  } else if (auto name = core::PersonName::Parse(raw.full_name); !name) {
    errors.push_back({n, column::kFullName, name.error().message});
  } else {
    row.full_name = name->value();
  }
  if (auto login = core::LoginName::Parse(raw.login); !login) {
    errors.push_back({n, column::kLogin, login.error().message});
  } else {
    row.login = login->value();
    row.login_key = login->key();
  }
  if (auto phone = core::Phone::Parse(raw.phone); !phone) {
    errors.push_back({n, column::kPhone, phone.error().message});
  } else {
    row.phone = phone->value();
  }
  if (std::string id = core::CollapseSpaces(raw.official_id); !id.empty()) {
    if (auto cccd = core::Cccd::Parse(id); !cccd) {
      errors.push_back({n, column::kOfficialId, cccd.error().message});
    } else {
      row.official_id = cccd->value();
    }
  }
  CheckAgency(raw, ctx, row, errors);
  row.role = core::CollapseSpaces(raw.role);
  if (row.role.empty()) {
    errors.push_back({n, column::kRole, "Thiếu vai trò trách nhiệm (ví dụ: Cán bộ một cửa; "
                                        "Công chức, viên chức; Trưởng phòng; Lãnh đạo đơn vị)."});
  } else {
    const std::string typed = Folded(row.role);
    for (const auto& known : SuggestedRoles()) {
      if (Folded(known) == typed) row.role = known;
    }
  }
  CheckQuota(raw, row, errors);
  std::vector<FieldError> purpose_errors;
  CheckPurposes(raw, ctx, row, purpose_errors);
  errors.insert(errors.end(), purpose_errors.begin(), purpose_errors.end());
  if (errors.size() != before) return std::nullopt;
  return row;
}

}  // namespace dancu::registry
