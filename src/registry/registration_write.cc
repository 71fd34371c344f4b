// Replacing a unit's account list: the checks against the database and the write that the
// file import (ImportForm) and the web form (SaveFormRows) share.
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/text.h"
#include "registry/history.h"
#include "registry/registration_internal.h"

namespace dancu::registry::registration_internal {
namespace {

using core::Error;
using core::Fail;

Result<int64_t> UpsertForm(store::Tx& tx, int64_t campaign_id, const std::string& unit_code,
                           const FormInfo& info, const FormSource& source) {
  std::string now = core::NowLocalIso();
  auto row = tx.QueryOne(
      "INSERT INTO registration (campaign_id, org_code, status, systems, contact_name, "
      "contact_position, contact_phone, contact_email, contact_workplace, source_file, "
      "source_sha256, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (campaign_id, org_code) DO UPDATE SET status = 'draft', return_reason = '', "
      "systems = excluded.systems, contact_name = excluded.contact_name, "
      "contact_position = excluded.contact_position, contact_phone = excluded.contact_phone, "
      "contact_email = excluded.contact_email, contact_workplace = excluded.contact_workplace, "
      "source_file = excluded.source_file, source_sha256 = excluded.source_sha256, "
      "updated_at = excluded.updated_at RETURNING id",
      {campaign_id, unit_code, nlohmann::json(info.systems).dump(), info.contact_name,
       info.contact_position, info.contact_phone, info.contact_email, info.contact_workplace,
       source.file, source.sha256, now, now},
      "phiếu đăng ký");
  if (!row) return Fail(row.error());
  return row->Int(0);
}

Result<void> WriteAccounts(store::Tx& tx, int64_t reg_id, int64_t campaign_id,
                           const std::vector<AccountRow>& rows) {
  if (auto st = tx.Exec("DELETE FROM account WHERE registration_id = ?", {reg_id}); !st)
    return Fail(st.error());
  for (const auto& a : rows) {
    auto id = tx.QueryOne(
        "INSERT INTO account (registration_id, campaign_id, row_no, full_name, login, login_key, "
        "phone, agency_code, agency_name, role, dossiers_per_day, queries_per_dossier, "
        "daily_quota, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') "
        "RETURNING id",
        {reg_id, campaign_id, int64_t(a.row_no), a.full_name, a.login, a.login_key, a.phone,
         a.agency_code, a.agency_name, a.role, int64_t(a.dossiers_per_day),
         int64_t(a.queries_per_dossier), int64_t(a.daily_quota)},
        "tài khoản vừa ghi");
    if (!id) return Fail(id.error());
    for (const auto& p : a.purposes) {
      auto st = tx.Exec("INSERT INTO account_purpose (account_id, code, text) VALUES (?, ?, ?)",
                        {id->Int(0), p.code, p.text});
      if (!st) return Fail(st.error());
    }
  }
  return {};
}

}  // namespace

Result<CatalogueRowContext> CatalogueRowContext::Load(store::Tx& tx, const std::string& unit_code) {
  CatalogueRowContext ctx;
  auto orgs = ListOrgs(tx, {});
  if (!orgs) return Fail(orgs.error());
  std::multimap<std::string, std::string> children;
  for (auto& o : *orgs) {
    children.emplace(o.parent_code, o.code);
    ctx.orgs_[o.code] = std::move(o);
  }
  std::vector<std::string> stack = {unit_code};
  while (!stack.empty()) {
    std::string code = stack.back();
    stack.pop_back();
    // A unit seen twice means a cycle in the catalogue; stop there rather than loop.
    if (!ctx.scope_.insert(code).second) continue;
    auto [b, e] = children.equal_range(code);
    for (auto it = b; it != e; ++it) stack.push_back(it->second);
  }
  auto purposes = tx.Query("SELECT code, text, text_key FROM purpose", {});
  if (!purposes) return Fail(purposes.error());
  for (const auto& r : *purposes) {
    Purpose p{r.Text(0), r.Text(1)};
    ctx.purposes_[core::FoldForSearch(r.Text(0))] = p;
    ctx.purposes_[r.Text(2)] = p;
  }
  return ctx;
}

std::optional<RowContext::Agency> CatalogueRowContext::FindAgency(const std::string& code) const {
  auto it = orgs_.find(code);
  if (it == orgs_.end()) return std::nullopt;
  return Agency{it->second.name, it->second.short_name, scope_.contains(code)};
}

std::optional<Purpose> CatalogueRowContext::FindPurpose(const std::string& code_or_text) const {
  auto it = purposes_.find(core::FoldForSearch(code_or_text));
  if (it == purposes_.end()) return std::nullopt;
  return it->second;
}

Result<FormToReplace> OpenFormToReplace(store::Tx& tx, int64_t campaign_id,
                                        const std::string& unit_code, std::string_view refusal) {
  auto campaign = tx.QueryOne("SELECT id FROM campaign WHERE id = ?", {campaign_id},
                              "đợt đăng ký số " + std::to_string(campaign_id));
  if (!campaign) return Fail(campaign.error());
  auto unit = FindOrg(tx, unit_code);
  if (!unit) return Fail(unit.error());
  // A form that cannot be read is taken as none: the write then creates or overwrites it.
  auto existing = GetRegistration(tx, campaign_id, unit->code);
  std::optional<FormStatus> status;
  if (existing) status = existing->status;
  if (status && *status != FormStatus::kDraft && *status != FormStatus::kReturned) {
    return Fail(Error::Conflict("Phiếu của " + unit->name + " đang ở trạng thái \"" +
                                std::string(FormStatusLabel(*status)) + "\"; " +
                                std::string(refusal)));
  }
  auto ctx = CatalogueRowContext::Load(tx, unit->code);
  if (!ctx) return Fail(ctx.error());
  return FormToReplace{std::move(*unit), status, std::move(*ctx)};
}

Result<void> CheckLoginsFree(store::Tx& tx, int64_t campaign_id, const std::string& unit_code,
                             ImportPlan& plan, std::string_view advice) {
  std::string ending = advice.empty() ? "." : "; " + std::string(advice) + ".";
  for (const auto& row : plan.rows) {
    auto taken = tx.Query(
        "SELECT r.org_code FROM account a JOIN registration r ON r.id = a.registration_id "
        "WHERE a.campaign_id = ? AND a.login_key = ? AND r.org_code <> ?",
        {campaign_id, row.login_key, unit_code});
    if (!taken) return Fail(taken.error());
    if (!taken->empty()) {
      plan.errors.push_back({row.row_no, column::kLogin,
                             "Tài khoản \"" + row.login + "\" đã được đơn vị " +
                                 taken->front().Text(0) + " đăng ký trong đợt này" + ending});
    }
  }
  return {};
}

Result<int64_t> WriteForm(store::Tx& tx, int64_t campaign_id, const std::string& unit_code,
                          const ImportPlan& plan, const FormSource& source,
                          std::optional<FormStatus> previous, const std::string& actor) {
  auto reg_id = UpsertForm(tx, campaign_id, unit_code, plan.info, source);
  if (!reg_id) return Fail(reg_id.error());
  if (auto st = WriteAccounts(tx, *reg_id, campaign_id, plan.rows); !st) return Fail(st.error());
  std::string from = previous ? std::string(FormStatusCode(*previous)) : "";
  auto rec = RecordChange(tx, {.actor = actor, .entity = "registration",
                               .entity_id = std::to_string(*reg_id), .action = source.action,
                               .from_status = from, .to_status = "draft",
                               .detail = source.file + ": " + std::to_string(plan.rows.size()) +
                                         " tài khoản"});
  if (!rec) return Fail(rec.error());
  return *reg_id;
}

}  // namespace dancu::registry::registration_internal
