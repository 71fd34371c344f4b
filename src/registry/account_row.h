// One account row of the Phiếu đăng ký and its rules (seed letter, footnotes 10–15).
//
// Pure logic: used by file import, the JSON API and the web form alike. Catalogue and
// purpose look-ups come in through RowContext so the rules can be tested without a database.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace dancu::registry {

struct Purpose {
  std::string code;  // MaDVC / TTHC code: what the gateway matches against
  std::string text;
};

// The row as typed (already decoded to Unicode NFC), one string per column of the form.
struct RawAccountRow {
  int row_no = 0;                   // 1-based row in the source file (or form)
  std::string full_name;            // Họ tên
  std::string login;                // Tài khoản đăng nhập
  std::string phone;                // SĐT
  std::string agency_code;          // Mã cơ quan
  std::string agency_name;          // Tên cơ quan
  std::string role;                 // Vai trò trách nhiệm
  std::string queries;              // Số lần truy vấn trong ngày: "150" or "50 x 3"
  std::string dossiers_per_day;     // optional separate column: Số hồ sơ/ngày
  std::string queries_per_dossier;  // optional separate column: Số truy vấn/hồ sơ
  std::string purposes;             // Mục đích sử dụng: one or more, separated by ; or lines
  std::string official_id;          // optional column: Số CCCD/định danh của cán bộ
};

struct AccountRow {
  int row_no = 0;
  std::string full_name;
  std::string login;
  std::string login_key;  // lower case
  std::string phone;      // national form 0xxxxxxxxx
  std::string agency_code;
  std::string agency_name;  // the catalogue's name of agency_code
  std::string role;
  int dossiers_per_day = 0;
  int queries_per_dossier = 0;
  int daily_quota = 0;  // dossiers_per_day × queries_per_dossier
  std::vector<Purpose> purposes;
  std::string official_id;  // the official's CCCD, 12 digits (MaCanBo upstream); "" = not given
};

// What the rules need to know about the world.
class RowContext {
 public:
  virtual ~RowContext() = default;
  // Catalogue name (and short name) of an agency code, or nullopt if unknown.
  struct Agency { std::string name; std::string short_name; bool in_scope; };
  virtual std::optional<Agency> FindAgency(const std::string& code) const = 0;
  // A purpose of the catalogue by its code or by its text (accent-insensitive).
  virtual std::optional<Purpose> FindPurpose(const std::string& code_or_text) const = 0;
};

// Column titles as the form prints them, for messages.
namespace column {
inline constexpr const char* kFullName = "Họ tên";
inline constexpr const char* kLogin = "Tài khoản đăng nhập";
inline constexpr const char* kPhone = "SĐT";
inline constexpr const char* kAgencyCode = "Mã cơ quan";
inline constexpr const char* kAgencyName = "Tên cơ quan";
inline constexpr const char* kRole = "Vai trò trách nhiệm";
inline constexpr const char* kQueries = "Số lần truy vấn trong ngày";
inline constexpr const char* kPurposes = "Mục đích sử dụng";
// Not on the paper form: the national service identifies the official by it (issue 11).
inline constexpr const char* kOfficialId = "Số CCCD/định danh của cán bộ";
}  // namespace column

// The roles the form suggests (chú thích 13); other text is accepted as typed.
const std::vector<std::string>& SuggestedRoles();

// Limits of the daily quota: beyond them a figure is almost surely a typing mistake.
inline constexpr int kMaxDossiersPerDay = 2000;
inline constexpr int kMaxQueriesPerDossier = 50;
inline constexpr int kMaxDailyQuota = 10000;

// Checks every rule of one row. Returns the normalised row, or nullopt after appending one
// FieldError per broken rule (row number, column title, Vietnamese reason) to `errors`.
// The official's CCCD is optional; when given it must pass core::Cccd::Parse (the error
// names column::kOfficialId and carries Parse's message, as the web's validator shows it).
// Uniqueness of the login and of the CCCD across rows is checked by the caller.
std::optional<AccountRow> CheckAccountRow(const RawAccountRow& raw, const RowContext& ctx,
                                          std::vector<core::FieldError>& errors);

// Parses "150", "50 x 3", "50x3", "50 × 3", "50 * 3 = 150" into (dossiers, per dossier).
// A single number n means n dossiers × 1 query. Errors: invalid_argument with the rule.
core::Result<std::pair<int, int>> ParseQueryCount(std::string_view text);

}  // namespace dancu::registry
