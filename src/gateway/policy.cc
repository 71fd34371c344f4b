// Loading the gateway's policy snapshot from the registry.
#include "gateway/policy.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace dancu::gateway {

const AccountPolicy* PolicySnapshot::Find(const std::string& login) const {
  std::string key = login;
  for (auto& c : key) c = char(std::tolower(static_cast<unsigned char>(c)));
  auto it = accounts.find(key);
  return it == accounts.end() ? nullptr : &it->second;
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

// The newest registry change the policy depends on. Sign-ins and user administration (entity
// "user") are history rows too, but change nothing here: they must not force a reload.
// Read backwards by id and stop at the first match (no scan of the whole history).
constexpr const char* kVersionSql =
    "SELECT COALESCE((SELECT id FROM history WHERE entity <> 'user' ORDER BY id DESC LIMIT 1), 0)";

core::Result<int64_t> PolicyVersion(store::Database& db) {
  auto row = db.Read([](store::Tx& tx) {
    return tx.QueryOne(kVersionSql, {}, "history");
  });
  if (!row) return core::Fail(row.error());
  return row->Int(0);
}

core::Result<std::shared_ptr<const PolicySnapshot>> LoadPolicy(store::Database& db, const core::Date& day) {
  return db.Read([&](store::Tx& tx) -> core::Result<std::shared_ptr<const PolicySnapshot>> {
    auto snap = std::make_shared<PolicySnapshot>();
    snap->day = day.Iso();
    auto version = tx.QueryOne(kVersionSql, {}, "history");
    if (!version) return core::Fail(version.error());
    snap->version = version->Int(0);
    auto accounts = tx.Query(
        "SELECT a.id, a.login, a.login_key, a.full_name, a.agency_code, r.org_code, a.status, r.status, "
        "a.daily_quota, a.campaign_id FROM account a JOIN registration r ON r.id = a.registration_id "
        "ORDER BY a.campaign_id", {});
    if (!accounts) return core::Fail(accounts.error());
    std::map<int64_t, std::string> key_of;
    for (const auto& r : *accounts) {
      AccountPolicy p{r.Int(0), r.Text(1), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), int(r.Int(8)), {}};
      auto& slot = snap->accounts[r.Text(2)];
      // Later campaigns replace earlier ones, but an active account is never replaced by an inactive one.
      if (slot.id == 0 || p.status == "active" || slot.status != "active") {
        slot = std::move(p);
        key_of[slot.id] = r.Text(2);
      }
    }
    auto purposes = tx.Query("SELECT account_id, code FROM account_purpose", {});
    if (!purposes) return core::Fail(purposes.error());
    for (const auto& r : *purposes) {
      auto k = key_of.find(r.Int(0));
      if (k == key_of.end()) continue;
      auto& acc = snap->accounts[k->second];
      if (acc.id == r.Int(0)) acc.purposes.insert(r.Text(1));
    }
    auto orgs = tx.Query("SELECT code, parent_code, name FROM org", {});
    if (!orgs) return core::Fail(orgs.error());
    for (const auto& r : *orgs) {
      if (!r.IsNull(1)) snap->parent[r.Text(0)] = r.Text(1);
      snap->unit_names[r.Text(0)] = r.Text(2);
    }
    std::string iso = day.Iso();
    auto commitments = tx.Query(
        "SELECT DISTINCT org_code FROM commitment WHERE status = 'valid' AND scan_sha256 IS NOT NULL "
        "AND sign_date <= ? AND (valid_to IS NULL OR valid_to >= ?)", {iso, iso});
    if (!commitments) return core::Fail(commitments.error());
    for (const auto& r : *commitments) snap->units_with_commitment.insert(r.Text(0));
    auto fields = tx.Query("SELECT code, fields FROM service_fields", {});
    if (!fields) return core::Fail(fields.error());
    for (const auto& r : *fields) {
      auto j = nlohmann::json::parse(r.Text(1), nullptr, false);
      std::vector<std::string> list;
      if (j.is_array()) for (auto& f : j) if (f.is_string()) list.push_back(f.get<std::string>());
      snap->service_fields[r.Text(0)] = std::move(list);
    }
    return std::shared_ptr<const PolicySnapshot>(std::move(snap));
  });
}

}  // namespace dancu::gateway
