// Managing the purpose-code mapping (purposes.h).
#include "gateway/purposes.h"

#include <algorithm>
#include <map>

#include "gateway/history_row.h"

namespace dancu::gateway {

using core::Error;
using core::Fail;

core::Result<std::string> CheckPurposeCode(const std::string& code, const char* what) {
  bool ok = !code.empty() && code.size() <= 64 &&
            std::all_of(code.begin(), code.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (!ok) {
    return Fail(Error::Invalid(std::string(what) + " \"" + code.substr(0, 64) +
                               "\" không hợp lệ: cần 1–64 ký tự chữ, số hoặc dấu (không dấu cách, "
                               "không dấu tiếng Việt), ví dụ 1.001234.000.00.00.H33."));
  }
  return code;
}

core::Result<std::vector<PurposeMapping>> ListPurposeMap(store::Tx& tx) {
  auto rows = tx.Query("SELECT code, text, national_code FROM purpose ORDER BY code", {});
  if (!rows) return Fail(rows.error());
  std::vector<PurposeMapping> out;
  std::map<std::string, size_t> at;
  for (const auto& r : *rows) {
    at[r.Text(0)] = out.size();
    out.push_back({r.Text(0), r.Text(1), r.Text(2), {}});
  }
  auto aliases = tx.Query(
      "SELECT a.purpose_code, a.system_id, s.name, a.code FROM purpose_alias a "
      "JOIN integrated_system s ON s.id = a.system_id ORDER BY a.system_id, a.code", {});
  if (!aliases) return Fail(aliases.error());
  for (const auto& r : *aliases) {
    auto it = at.find(r.Text(0));
    if (it != at.end()) out[it->second].aliases.push_back({r.Int(1), r.Text(2), r.Text(3)});
  }
  return out;
}

namespace {

core::Result<bool> History(store::Tx& tx, const std::string& actor, const std::string& purpose,
                           const std::string& action, const std::string& detail) {
  auto st = RecordHistory(tx, actor, "purpose", purpose, action, detail);
  if (!st) return Fail(st.error());
  return true;
}

core::Result<void> PurposeExists(store::Tx& tx, const std::string& code) {
  auto row = tx.Query("SELECT 1 FROM purpose WHERE code = ?", {code});
  if (!row) return Fail(row.error());
  if (row->empty()) {
    return Fail(Error::NotFound("Mục đích \"" + code + "\" không có trong danh mục (xem: dancu purpose list)."));
  }
  return {};
}

}  // namespace

core::Result<void> SetNationalCode(store::Database& db, const std::string& code,
                                   const std::string& national_code, const std::string& actor) {
  if (!national_code.empty()) {
    if (auto ok = CheckPurposeCode(national_code, "Mã dịch vụ công quốc gia"); !ok) return Fail(ok.error());
  }
  auto st = db.Write([&](store::Tx& tx) -> core::Result<bool> {
    if (auto ok = PurposeExists(tx, code); !ok) return Fail(ok.error());
    if (!national_code.empty()) {
      auto other = tx.Query("SELECT code FROM purpose WHERE national_code = ? AND code <> ?", {national_code, code});
      if (!other) return Fail(other.error());
      if (!other->empty()) {
        return Fail(Error::Conflict("Mã dịch vụ công quốc gia " + national_code + " đã gắn với mục đích " +
                                    (*other)[0].Text(0) + "."));
      }
    }
    auto up = tx.Exec("UPDATE purpose SET national_code = ? WHERE code = ?", {national_code, code});
    if (!up) return Fail(up.error());
    auto h = History(tx, actor, code, "national_code", national_code.empty() ? "bỏ mã quốc gia" : "mã quốc gia " + national_code);
    if (!h) return Fail(h.error());
    return true;
  });
  if (!st) return Fail(st.error());
  return {};
}

core::Result<void> MapSystemCode(store::Database& db, int64_t system_id, const std::string& sent,
                                 const std::string& purpose, const std::string& actor) {
  if (auto ok = CheckPurposeCode(sent, "Mã hệ thống gửi"); !ok) return Fail(ok.error());
  auto st = db.Write([&](store::Tx& tx) -> core::Result<bool> {
    auto sys = tx.Query("SELECT name FROM integrated_system WHERE id = ?", {system_id});
    if (!sys) return Fail(sys.error());
    if (sys->empty()) return Fail(Error::NotFound("Không có hệ thống tích hợp số " + std::to_string(system_id) + "."));
    if (auto ok = PurposeExists(tx, purpose); !ok) return Fail(ok.error());
    auto up = tx.Exec(
        "INSERT INTO purpose_alias (system_id, code, purpose_code) VALUES (?, ?, ?) "
        "ON CONFLICT (system_id, code) DO UPDATE SET purpose_code = excluded.purpose_code",
        {system_id, sent, purpose});
    if (!up) return Fail(up.error());
    auto h = History(tx, actor, purpose, "map", (*sys)[0].Text(0) + " gửi mã " + sent);
    if (!h) return Fail(h.error());
    return true;
  });
  if (!st) return Fail(st.error());
  return {};
}

core::Result<void> UnmapSystemCode(store::Database& db, int64_t system_id, const std::string& sent,
                                   const std::string& actor) {
  auto st = db.Write([&](store::Tx& tx) -> core::Result<bool> {
    auto row = tx.Query("SELECT purpose_code FROM purpose_alias WHERE system_id = ? AND code = ?", {system_id, sent});
    if (!row) return Fail(row.error());
    if (row->empty()) {
      return Fail(Error::NotFound("Hệ thống số " + std::to_string(system_id) + " không có ánh xạ cho mã " + sent + "."));
    }
    auto del = tx.Exec("DELETE FROM purpose_alias WHERE system_id = ? AND code = ?", {system_id, sent});
    if (!del) return Fail(del.error());
    auto h = History(tx, actor, (*row)[0].Text(0), "unmap", "hệ thống số " + std::to_string(system_id) + " mã " + sent);
    if (!h) return Fail(h.error());
    return true;
  });
  if (!st) return Fail(st.error());
  return {};
}

}  // namespace dancu::gateway
