// A unit's own view of the registry: campaigns with its form's state, agencies, commitments.
#include "registry/unit_view.h"

#include <map>

namespace dancu::registry {
namespace {

using core::Fail;

}  // namespace

Result<std::vector<UnitCampaign>> CampaignsOfUnit(store::Tx& tx, const std::string& unit_code,
                                                  const core::Date& today) {
  auto unit = FindOrg(tx, unit_code);
  if (!unit) return Fail(unit.error());
  auto ids = tx.Query(
      "SELECT c.id FROM campaign c WHERE c.id IN "
      "(SELECT campaign_id FROM campaign_target WHERE org_code = ? "
      " UNION SELECT campaign_id FROM registration WHERE org_code = ?) "
      "ORDER BY c.open_date DESC, c.id DESC",
      {unit->code, unit->code});
  if (!ids) return Fail(ids.error());
  std::vector<UnitCampaign> out;
  for (const auto& r : *ids) {
    auto c = GetCampaign(tx, r.Int(0));
    if (!c) return Fail(c.error());
    UnitCampaign uc;
    uc.open = !(today < c->open_date) && !(c->deadline < today);
    uc.campaign = std::move(*c);
    auto form = tx.Query(
        "SELECT r.status, r.updated_at, (SELECT COUNT(*) FROM account a WHERE a.registration_id = r.id) "
        "FROM registration r WHERE r.campaign_id = ? AND r.org_code = ?",
        {uc.campaign.id, unit->code});
    if (!form) return Fail(form.error());
    if (!form->empty()) {
      const auto& f = form->front();
      auto status = ParseFormStatus(f.Text(0));
      if (!status) return Fail(status.error());
      uc.form_status = *status;
      uc.form_updated_at = f.Text(1);
      uc.accounts = int(f.Int(2));
    }
    out.push_back(std::move(uc));
  }
  return out;
}

Result<std::vector<Org>> AgenciesOfUnit(store::Tx& tx, const std::string& unit_code) {
  auto unit = FindOrg(tx, unit_code);
  if (!unit) return Fail(unit.error());
  auto all = ListOrgs(tx, {});
  if (!all) return Fail(all.error());
  std::map<std::string, std::string> parent;
  for (const auto& o : *all) parent[o.code] = o.parent_code;
  auto below = [&](const std::string& code) {
    // Walks up at most the catalogue's depth; a cycle in bad data cannot loop forever.
    std::string p = parent[code];
    for (size_t steps = 0; !p.empty() && steps < parent.size(); ++steps) {
      if (p == unit->code) return true;
      p = parent[p];
    }
    return false;
  };
  std::vector<Org> out = {*unit};
  for (auto& o : *all) {
    if (o.code != unit->code && below(o.code)) out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<UnitCommitment>> CommitmentsWithScans(store::Tx& tx, const std::string& unit_code) {
  auto all = CommitmentsOf(tx, unit_code);
  if (!all) return Fail(all.error());
  std::vector<UnitCommitment> out;
  for (auto& c : *all) {
    UnitCommitment uc{std::move(c), std::nullopt};
    if (!uc.commitment.scan_sha256.empty()) {
      auto doc = tx.Query("SELECT filename, size, created_at FROM document WHERE sha256 = ?",
                          {uc.commitment.scan_sha256});
      if (!doc) return Fail(doc.error());
      ScanInfo scan{.sha256 = uc.commitment.scan_sha256};
      if (!doc->empty()) {
        // Names stored before they were cleaned may hold any bytes (issue 10).
        scan.filename = ScanFileName(doc->front().Text(0));
        scan.size = doc->front().Int(1);
        scan.uploaded_at = doc->front().Text(2);
      }
      // The same bytes may have been stored earlier for another commitment: the history says
      // when this commitment got its scan (the latest "scan", or "add" with the scan).
      auto at = tx.Query(
          "SELECT at FROM history WHERE entity = 'commitment' AND entity_id = ? AND "
          "(action = 'scan' OR action = 'add') ORDER BY id DESC LIMIT 1",
          {std::to_string(uc.commitment.id)});
      if (!at) return Fail(at.error());
      if (!at->empty()) scan.uploaded_at = at->front().Text(0);
      uc.scan = std::move(scan);
    }
    out.push_back(std::move(uc));
  }
  return out;
}

}  // namespace dancu::registry
