// Loading the gateway's policy snapshot from the registry, and the access decision over it.
#include "gateway/policy.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace dancu::gateway {
namespace {

using core::Error;

std::string Lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The newest registry change the policy depends on. Sign-ins and user administration (entity
// "user") are history rows too, but change nothing here: they must not force a reload.
// Read backwards by id and stop at the first match (no scan of the whole history).
constexpr const char* kVersionSql =
    "SELECT COALESCE((SELECT id FROM history WHERE entity <> 'user' ORDER BY id DESC LIMIT 1), 0)";

// Which of a login's rows decides its access: a block anywhere wins over access anywhere
// (issue 10 item 9: a revoked account's purposes stayed usable through another campaign).
int Rank(const AccountPolicy& p) {
  if (p.status == "revoked") return p.reinstated ? 0 : 4;
  if (p.status == "suspended") return 3;
  if (p.status == "active") return 2;
  if (p.status == "pending") return 1;
  return 0;  // ended, unknown
}

bool Approved(const std::string& form_status) {
  return form_status == "approved" || form_status == "sent_c06" || form_status == "active";
}

core::Result<void> ReadAccounts(store::Tx& tx, PolicySnapshot& snap, const std::string* login) {
  std::string sql =
      "SELECT a.id, a.login, a.login_key, a.full_name, a.agency_code, r.org_code, a.status, "
      "r.status, a.daily_quota, a.status_reason, a.reinstated_at, a.phone, a.official_id "
      "FROM account a "
      "JOIN registration r ON r.id = a.registration_id";
  store::Params params;
  if (login) {
    sql += " WHERE a.login_key = ?";
    params.push_back(Lower(*login));
  }
  auto accounts = tx.Query(sql + " ORDER BY a.campaign_id", params);
  if (!accounts) return core::Fail(accounts.error());
  std::map<int64_t, std::string> key_of;
  for (const auto& r : *accounts) {
    AccountPolicy p{r.Int(0), r.Text(1), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7),
                    int(r.Int(8)), {}, r.Text(9), !r.IsNull(10), r.Text(11), r.Text(12)};
    auto& slot = snap.accounts[r.Text(2)];
    // Rows come by campaign: a later row of equal rank replaces an earlier one.
    if (slot.id == 0 || Rank(p) >= Rank(slot)) {
      slot = std::move(p);
      key_of[slot.id] = r.Text(2);
    }
  }
  auto purposes = tx.Query("SELECT account_id, code FROM account_purpose", {});
  if (!purposes) return core::Fail(purposes.error());
  for (const auto& r : *purposes) {
    auto k = key_of.find(r.Int(0));
    if (k == key_of.end()) continue;
    auto& acc = snap.accounts[k->second];
    if (acc.id == r.Int(0)) acc.purposes.insert(r.Text(1));
  }
  return {};
}

core::Result<void> ReadUnits(store::Tx& tx, PolicySnapshot& snap) {
  auto orgs = tx.Query("SELECT code, parent_code, name FROM org", {});
  if (!orgs) return core::Fail(orgs.error());
  for (const auto& r : *orgs) {
    if (!r.IsNull(1)) snap.parent[r.Text(0)] = r.Text(1);
    snap.unit_names[r.Text(0)] = r.Text(2);
  }
  auto commitments = tx.Query(
      "SELECT DISTINCT org_code FROM commitment WHERE status = 'valid' AND scan_sha256 IS NOT NULL "
      "AND sign_date <= ? AND (valid_to IS NULL OR valid_to >= ?)", {snap.day, snap.day});
  if (!commitments) return core::Fail(commitments.error());
  for (const auto& r : *commitments) snap.units_with_commitment.insert(r.Text(0));
  auto purposes = tx.Query("SELECT code, national_code FROM purpose ORDER BY code", {});
  if (!purposes) return core::Fail(purposes.error());
  for (const auto& r : *purposes) {
    snap.national_code[r.Text(0)] = r.Text(1);
    if (!r.Text(1).empty()) snap.by_national.emplace(r.Text(1), r.Text(0));
  }
  auto aliases = tx.Query("SELECT system_id, code, purpose_code FROM purpose_alias", {});
  if (!aliases) return core::Fail(aliases.error());
  for (const auto& r : *aliases) snap.aliases[{r.Int(0), r.Text(1)}] = r.Text(2);
  auto fields = tx.Query("SELECT code, fields FROM service_fields", {});
  if (!fields) return core::Fail(fields.error());
  for (const auto& r : *fields) {
    auto j = nlohmann::json::parse(r.Text(1), nullptr, false);
    std::vector<std::string> list;
    if (j.is_array()) for (auto& f : j) if (f.is_string()) list.push_back(f.get<std::string>());
    snap.service_fields[r.Text(0)] = std::move(list);
  }
  return {};
}

core::Result<std::shared_ptr<const PolicySnapshot>> Load(store::Database& db, const core::Date& day,
                                                         const std::string* login) {
  return db.Read([&](store::Tx& tx) -> core::Result<std::shared_ptr<const PolicySnapshot>> {
    auto snap = std::make_shared<PolicySnapshot>();
    snap->day = day.Iso();
    auto version = tx.QueryOne(kVersionSql, {}, "history");
    if (!version) return core::Fail(version.error());
    snap->version = version->Int(0);
    if (auto st = ReadAccounts(tx, *snap, login); !st) return core::Fail(st.error());
    if (auto st = ReadUnits(tx, *snap); !st) return core::Fail(st.error());
    return std::shared_ptr<const PolicySnapshot>(std::move(snap));
  });
}

std::string Because(const std::string& reason) {
  return reason.empty() ? "" : " (lý do: " + reason + ")";
}

// Why the deciding row of a login that is not active refuses every query.
std::string InactiveReason(const AccountPolicy& a) {
  const std::string who = "Tài khoản \"" + a.login + "\"";
  if (a.status == "pending") return who + " đang chờ kích hoạt nên chưa được truy vấn.";
  if (a.status == "suspended") {
    return who + " đang tạm dừng" + Because(a.status_reason) +
           " nên không được truy vấn ở bất kỳ đợt đăng ký nào cho đến khi được mở lại.";
  }
  if (a.status == "revoked" && !a.reinstated) {
    return who + " đã bị thu hồi" + Because(a.status_reason) +
           " nên không được truy vấn ở bất kỳ đợt đăng ký nào cho đến khi Trung tâm khôi phục.";
  }
  if (a.status == "revoked") {
    return who + " đã bị thu hồi" + Because(a.status_reason) +
           "; muốn tra cứu lại, đơn vị phải đăng ký lại tài khoản.";
  }
  if (a.status == "ended") {
    return who + " đã chuyển đơn vị" + Because(a.status_reason) +
           " nên không được truy vấn; đơn vị mới phải đăng ký tài khoản này.";
  }
  return who + " đang ở trạng thái \"" + a.status + "\", không được truy vấn.";
}

QueryDecision Refuse(const char* code, std::string message) {
  return {false, code, Error::Denied(std::move(message))};
}

}  // namespace

const AccountPolicy* PolicySnapshot::Find(const std::string& login) const {
  auto it = accounts.find(Lower(login));
  return it == accounts.end() ? nullptr : &it->second;
}

const AccountPolicy* PolicySnapshot::FindByOfficial(const std::string& cccd) const {
  const AccountPolicy* found = nullptr;
  for (const auto& [key, acc] : accounts) {
    if (acc.official_id.empty() || acc.official_id != cccd) continue;
    if (found) return nullptr;  // two logins: ambiguous, the client must say TaiKhoan
    found = &acc;
  }
  return found;
}

bool PolicySnapshot::Within(const std::string& unit, const std::string& ancestor) const {
  std::string u = unit;
  for (int depth = 0; !u.empty() && depth < 8; ++depth) {
    if (u == ancestor) return true;
    auto it = parent.find(u);
    u = it == parent.end() ? "" : it->second;
  }
  return false;
}

std::string PolicySnapshot::UnitName(const std::string& code) const {
  auto it = unit_names.find(code);
  return it == unit_names.end() ? code : it->second;
}

core::Result<int64_t> PolicyVersion(store::Database& db) {
  auto row = db.Read([](store::Tx& tx) {
    return tx.QueryOne(kVersionSql, {}, "history");
  });
  if (!row) return core::Fail(row.error());
  return row->Int(0);
}

core::Result<std::shared_ptr<const PolicySnapshot>> LoadPolicy(store::Database& db, const core::Date& day) {
  return Load(db, day, nullptr);
}

core::Result<std::shared_ptr<const PolicySnapshot>> LoadPolicyFor(store::Database& db,
                                                                  const core::Date& day,
                                                                  const std::string& login) {
  return Load(db, day, &login);
}

core::Result<PurposeResolution> ResolvePurpose(const PolicySnapshot& snap, int64_t system_id,
                                               const std::string& sent) {
  if (sent.empty()) return core::Fail(Error::Invalid("Thiếu mã mục đích (MaDVC) của truy vấn."));
  auto national = [&](const std::string& p) {
    auto it = snap.national_code.find(p);
    return it == snap.national_code.end() || it->second.empty() ? p : it->second;
  };
  if (auto a = snap.aliases.find({system_id, sent}); a != snap.aliases.end()) {
    return PurposeResolution{a->second, national(a->second)};
  }
  if (snap.national_code.contains(sent)) return PurposeResolution{sent, national(sent)};
  if (auto n = snap.by_national.find(sent); n != snap.by_national.end()) return PurposeResolution{n->second, sent};
  return core::Fail(Error::Invalid(
      "Mã mục đích \"" + sent.substr(0, 64) + "\" (MaDVC) không có trong danh mục mục đích của dancu, "
      "không phải mã dịch vụ công quốc gia của mục đích nào và chưa được ánh xạ cho hệ thống này. "
      "Trung tâm ánh xạ bằng: dancu purpose map --system " + std::to_string(system_id) +
      " --code " + sent.substr(0, 64) + " --purpose MÃ-MỤC-ĐÍCH."));
}

QueryDecision MayQuery(const PolicySnapshot& snap, const AccountPolicy& account, const AccessRules& rules) {
  if (account.status != "active") return Refuse("account_inactive", InactiveReason(account));
  if (!Approved(account.form_status)) {
    return Refuse("form_not_approved", "Phiếu đăng ký của " + snap.UnitName(account.form_unit) +
                                           " chưa được duyệt nên chưa được truy vấn.");
  }
  if (!snap.units_with_commitment.contains(account.form_unit)) {
    return Refuse("no_commitment", snap.UnitName(account.form_unit) +
                                       " chưa có Bản cam kết bảo đảm an toàn thông tin còn "
                                       "hiệu lực nên chưa được truy vấn.");
  }
  if (rules.require_official_id && account.official_id.empty()) {
    return Refuse("official_id_missing",
                  "Tài khoản \"" + account.login + "\" chưa có số CCCD của cán bộ, mà dịch vụ dân cư kiểm tra "
                  "cán bộ theo từng truy vấn; đơn vị cần bổ sung số CCCD (cột \"Số CCCD\" của phiếu đăng ký "
                  "hoặc dancu account set-cccd).");
  }
  return {true, "", {}};
}

}  // namespace dancu::gateway
