// Read-only views of campaigns for the admin pages, each in a fixed number of queries.
#include "registry/admin_views.h"

#include <algorithm>
#include <unordered_map>

#include "registry/campaign.h"

namespace dancu::registry {

using core::Fail;

Result<CampaignAccounts> ListCampaignAccounts(store::Tx& tx, int64_t campaign_id) {
  if (auto c = GetCampaign(tx, campaign_id); !c) return Fail(c.error());
  auto rows = tx.Query(
      "SELECT a.id, a.login, a.full_name, a.phone, a.agency_code, a.agency_name, a.role, "
      "a.dossiers_per_day, a.queries_per_dossier, a.daily_quota, a.status, a.status_reason, "
      "r.org_code, o.name, r.status, a.official_id FROM account a "
      "JOIN registration r ON r.id = a.registration_id JOIN org o ON o.code = r.org_code "
      "WHERE a.campaign_id = ? ORDER BY o.position, r.org_code, a.row_no",
      {campaign_id});
  if (!rows) return Fail(rows.error());
  CampaignAccounts out;
  out.accounts.reserve(rows->size());
  std::unordered_map<int64_t, size_t> index;
  for (const auto& r : *rows) {
    AccountListing a;
    a.id = r.Int(0);
    a.login = r.Text(1);
    a.full_name = r.Text(2);
    a.phone = r.Text(3);
    a.agency_code = r.Text(4);
    a.agency_name = r.Text(5);
    a.role = r.Text(6);
    a.dossiers_per_day = int(r.Int(7));
    a.queries_per_dossier = int(r.Int(8));
    a.daily_quota = int(r.Int(9));
    a.status = ParseAccountStatus(r.Text(10)).value_or(AccountStatus::kPending);
    a.status_reason = r.Text(11);
    a.unit_code = r.Text(12);
    a.unit_name = r.Text(13);
    a.form_status = ParseFormStatus(r.Text(14)).value_or(FormStatus::kDraft);
    a.official_id = r.Text(15);
    index.emplace(a.id, out.accounts.size());
    out.accounts.push_back(std::move(a));
  }
  // Purposes of every row at once, their texts once from the catalogue (the same few
  // purposes repeat on thousands of rows); sorted here, which is cheaper than in SQL.
  auto purposes = tx.Query(
      "SELECT p.account_id, p.code FROM account_purpose p JOIN account a ON a.id = p.account_id "
      "WHERE a.campaign_id = ?",
      {campaign_id});
  if (!purposes) return Fail(purposes.error());
  for (const auto& p : *purposes) {
    auto it = index.find(p.Int(0));
    if (it != index.end()) out.accounts[it->second].purposes.push_back(p.Text(1));
  }
  auto texts = tx.Query("SELECT code, text FROM purpose", {});
  if (!texts) return Fail(texts.error());
  std::unordered_map<std::string, std::string> text_of;
  for (const auto& t : *texts) text_of[t.Text(0)] = t.Text(1);
  for (auto& a : out.accounts) {
    std::sort(a.purposes.begin(), a.purposes.end());
    for (const auto& code : a.purposes) {
      if (out.purposes.contains(code)) continue;
      auto t = text_of.find(code);
      out.purposes[code] = t == text_of.end() ? "" : t->second;
    }
  }
  return out;
}

Result<std::vector<FormSummary>> ListFormSummaries(store::Tx& tx, int64_t campaign_id) {
  if (auto c = GetCampaign(tx, campaign_id); !c) return Fail(c.error());
  auto forms = ListRegistrations(tx, campaign_id);
  if (!forms) return Fail(forms.error());
  auto counts = tx.Query(
      "SELECT registration_id, COUNT(*) FROM account WHERE campaign_id = ? GROUP BY registration_id",
      {campaign_id});
  if (!counts) return Fail(counts.error());
  std::unordered_map<int64_t, int> by_form;
  for (const auto& r : *counts) by_form[r.Int(0)] = int(r.Int(1));
  // History keeps the registration id as text: match in memory rather than cast in SQL.
  auto submitted = tx.Query(
      "SELECT h.entity_id, MAX(h.at) FROM history h WHERE h.entity = 'registration' AND "
      "h.action = 'submit' GROUP BY h.entity_id",
      {});
  if (!submitted) return Fail(submitted.error());
  std::unordered_map<std::string, std::string> submitted_at;
  for (const auto& r : *submitted) submitted_at[r.Text(0)] = r.Text(1);
  std::vector<FormSummary> out;
  out.reserve(forms->size());
  for (auto& f : *forms) {
    FormSummary s;
    s.accounts = by_form.contains(f.id) ? by_form[f.id] : 0;
    if (auto it = submitted_at.find(std::to_string(f.id)); it != submitted_at.end()) {
      s.submitted_at = it->second;
    }
    s.form = std::move(f);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::map<int64_t, CampaignCounts>> CountFormsByCampaign(store::Tx& tx) {
  auto forms = tx.Query(
      "SELECT campaign_id, status, COUNT(*) FROM registration GROUP BY campaign_id, status", {});
  if (!forms) return Fail(forms.error());
  std::map<int64_t, CampaignCounts> out;
  for (const auto& r : *forms) {
    auto& c = out[r.Int(0)];
    c.forms_by_status[r.Text(1)] = int(r.Int(2));
    c.forms += int(r.Int(2));
  }
  auto accounts = tx.Query("SELECT campaign_id, COUNT(*) FROM account GROUP BY campaign_id", {});
  if (!accounts) return Fail(accounts.error());
  for (const auto& r : *accounts) out[r.Int(0)].accounts = int(r.Int(1));
  return out;
}

}  // namespace dancu::registry
