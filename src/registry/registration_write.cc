// Replacing a unit's account list: the checks against the database and the write that the
// file import (ImportForm) and the web form (SaveFormRows) share.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/text.h"
#include "registry/history.h"
#include "registry/registration_internal.h"

namespace dancu::registry::registration_internal {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

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
                           std::vector<AccountRow> rows, bool has_official_id) {
  if (!has_official_id) {  // a file without the CCCD column keeps the CCCDs already saved
    auto kept = tx.Query("SELECT login_key, official_id FROM account WHERE registration_id = ? AND official_id <> ''", {reg_id});
    if (!kept) return Fail(kept.error());
    std::map<std::string, std::string> by_login;
    for (const auto& r : *kept) by_login[r.Text(0)] = r.Text(1);
    for (auto& a : rows) {
      auto it = by_login.find(a.login_key);
      if (a.official_id.empty() && it != by_login.end()) a.official_id = it->second;
    }
  }
  if (auto st = tx.Exec("DELETE FROM account WHERE registration_id = ?", {reg_id}); !st)
    return Fail(st.error());
  for (const auto& a : rows) {
    auto id = tx.QueryOne(
        "INSERT INTO account (registration_id, campaign_id, row_no, full_name, login, login_key, "
        "phone, agency_code, agency_name, role, dossiers_per_day, queries_per_dossier, "
        "daily_quota, official_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "'pending') RETURNING id",
        {reg_id, campaign_id, int64_t(a.row_no), a.full_name, a.login, a.login_key, a.phone,
         a.agency_code, a.agency_name, a.role, int64_t(a.dossiers_per_day),
         int64_t(a.queries_per_dossier), int64_t(a.daily_quota), a.official_id},
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

Result<std::optional<FormStatus>> ReplaceableStatus(store::Tx& tx, int64_t campaign_id,
                                                     const Org& unit, std::string_view refusal) {
  auto row = tx.Query("SELECT status FROM registration WHERE campaign_id = ? AND org_code = ?",
                      {campaign_id, unit.code});
  if (!row) return Fail(row.error());
  // A form whose status cannot be read is taken as none: the write then overwrites it.
  std::optional<FormStatus> status;
  if (!row->empty()) {
    if (auto s = ParseFormStatus(row->front().Text(0))) status = *s;
  }
  if (status && *status != FormStatus::kDraft && *status != FormStatus::kReturned) {
    return Fail(Error::Conflict("Phiếu của " + unit.name + " đang ở trạng thái \"" +
                                std::string(FormStatusLabel(*status)) + "\"; " +
                                std::string(refusal)));
  }
  return status;
}

Result<FormToReplace> OpenFormToReplace(store::Tx& tx, int64_t campaign_id,
                                        const std::string& unit_code, std::string_view refusal) {
  auto campaign = tx.QueryOne("SELECT id FROM campaign WHERE id = ?", {campaign_id},
                              "đợt đăng ký số " + std::to_string(campaign_id));
  if (!campaign) return Fail(campaign.error());
  auto unit = FindOrg(tx, unit_code);
  if (!unit) return Fail(unit.error());
  auto status = ReplaceableStatus(tx, campaign_id, *unit, refusal);
  if (!status) return Fail(status.error());
  auto ctx = CatalogueRowContext::Load(tx, unit->code);
  if (!ctx) return Fail(ctx.error());
  return FormToReplace{std::move(*unit), *status, std::move(*ctx)};
}

namespace {

std::string UnitText(const store::Row& r, size_t code, size_t name) {
  return "đơn vị " + r.Text(name) + " (" + r.Text(code) + ")";
}

}  // namespace

Result<std::optional<std::string>> LoginOwnerFor(store::Tx& tx, int64_t campaign_id,
                                                 const std::string& login_key,
                                                 const std::string& unit_code) {
  // Live rows own the login; revoked and ended rows do not, except in their own campaign,
  // where the row keeps its place (UNIQUE (campaign_id, login_key)).
  auto held = tx.Query(
      "SELECT r.org_code, o.name, a.campaign_id, c.name, a.status FROM account a "
      "JOIN registration r ON r.id = a.registration_id JOIN org o ON o.code = r.org_code "
      "JOIN campaign c ON c.id = a.campaign_id WHERE a.login_key = ? AND r.org_code <> ? AND "
      "(a.campaign_id = ? OR a.status IN ('pending', 'active', 'suspended')) "
      "ORDER BY a.campaign_id = ? DESC, a.campaign_id DESC LIMIT 1",
      {login_key, unit_code, campaign_id, campaign_id});
  if (!held) return Fail(held.error());
  if (!held->empty()) {
    const store::Row& r = held->front();
    if (r.Int(2) == campaign_id && r.Text(4) == "ended") {
      return "đã được " + UnitText(r, 0, 1) + " đăng ký trong đợt này rồi chuyển đơn vị; một đợt "
             "chỉ giữ một dòng cho mỗi tài khoản, hãy đăng ký tài khoản này ở đợt sau";
    }
    if (r.Int(2) == campaign_id) return "đã được " + UnitText(r, 0, 1) + " đăng ký trong đợt này";
    return "đang thuộc " + UnitText(r, 0, 1) + " (đợt \"" + r.Text(3) +
           "\"); mỗi tài khoản chỉ thuộc một đơn vị, muốn chuyển cán bộ sang đơn vị khác hãy đề "
           "nghị Trung tâm chuyển đơn vị cho tài khoản này";
  }
  auto moving = tx.Query(
      "SELECT t.to_org, o.name FROM login_transfer t JOIN org o ON o.code = t.to_org "
      "WHERE t.login_key = ? AND t.to_org <> ?",
      {login_key, unit_code});
  if (!moving) return Fail(moving.error());
  if (!moving->empty()) {
    return "đã được Trung tâm chuyển sang " + UnitText(moving->front(), 0, 1) +
           ", chỉ đơn vị đó đăng ký được";
  }
  return std::optional<std::string>();
}

Result<void> CheckLoginsFree(store::Tx& tx, int64_t campaign_id, const std::string& unit_code,
                             ImportPlan& plan, std::string_view advice) {
  std::string ending = advice.empty() ? "." : "; " + std::string(advice) + ".";
  for (const auto& row : plan.rows) {
    auto owner = LoginOwnerFor(tx, campaign_id, row.login_key, unit_code);
    if (!owner) return Fail(owner.error());
    if (*owner) {
      plan.errors.push_back({row.row_no, column::kLogin,
                             "Tài khoản \"" + row.login + "\" " + **owner + ending});
    }
    if (row.official_id.empty()) continue;
    // One official, one account: the same CCCD under another login elsewhere is refused here as
    // it is by `account set-cccd` and the admin's dialog (issue 11 item 2, clerk finding 3).
    auto other = tx.Query(
        "SELECT a.login, o.name FROM account a JOIN registration r ON r.id = a.registration_id "
        "JOIN org o ON o.code = r.org_code WHERE a.official_id = ? AND a.login_key <> ? "
        "AND a.status IN ('pending', 'active', 'suspended') AND r.org_code <> ? LIMIT 1",
        {row.official_id, row.login_key, unit_code});
    if (!other) return Fail(other.error());
    if (!other->empty()) {
      plan.errors.push_back({row.row_no, column::kOfficialId,
                             "Số CCCD này đã được " + (*other)[0].Text(1) + " đăng ký cho tài khoản \"" +
                                 (*other)[0].Text(0) + "\"; mỗi cán bộ chỉ có một tài khoản khai thác" + ending});
    }
  }
  return {};
}

Result<int64_t> WritePlannedForm(store::Database& db, const PlannedForm& form,
                                 const ImportPlan& plan, const FormSource& source,
                                 const std::string& actor) {
  return db.Write([&](store::Tx& tx) -> Result<int64_t> {
    auto status = ReplaceableStatus(tx, form.campaign_id, *form.unit, form.refusal);
    if (!status) return Fail(status.error());
    // Another import may have registered one of these logins since the read snapshot.
    ImportPlan recheck;
    recheck.rows = plan.rows;
    auto free = CheckLoginsFree(tx, form.campaign_id, form.unit->code, recheck, form.advice);
    if (!free) return Fail(free.error());
    if (!recheck.errors.empty()) {
      return Fail(RowErrors("Danh sách", std::move(recheck.errors), form.summary));
    }
    return WriteForm(tx, form.campaign_id, form.unit->code, plan, source, *status, actor);
  });
}

Error RowErrors(std::string_view what, std::vector<FieldError> errors, std::string_view summary) {
  std::stable_sort(errors.begin(), errors.end(),
                   [](const FieldError& a, const FieldError& b) { return a.row < b.row; });
  std::string message = std::string(what) + " có " + std::to_string(errors.size()) + " lỗi; " +
                        std::string(summary);
  return Error::Invalid(std::move(message), std::move(errors));
}

Result<int64_t> WriteForm(store::Tx& tx, int64_t campaign_id, const std::string& unit_code,
                          const ImportPlan& plan, const FormSource& source,
                          std::optional<FormStatus> previous, const std::string& actor) {
  auto reg_id = UpsertForm(tx, campaign_id, unit_code, plan.info, source);
  if (!reg_id) return Fail(reg_id.error());
  if (auto st = WriteAccounts(tx, *reg_id, campaign_id, plan.rows, plan.has_official_id); !st) return Fail(st.error());
  // A login transferred to this unit is now registered by it: the reservation has done its job.
  for (const auto& a : plan.rows) {
    auto st = tx.Exec("DELETE FROM login_transfer WHERE login_key = ? AND to_org = ?",
                      {a.login_key, unit_code});
    if (!st) return Fail(st.error());
  }
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
