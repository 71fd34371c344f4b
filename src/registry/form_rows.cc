// Saving the web form's account rows: the row rules of a file import, the same write.
#include "registry/form_rows.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/date.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/validate.h"
#include "registry/catalogue.h"
#include "registry/history.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

// The catalogue and purposes as the row rules see them: the unit and every unit below it
// are in scope. Mirrors the context of ImportForm (registration.cc) so a row typed on the
// web is judged exactly as the same row in a file.
class CatalogueContext final : public RowContext {
 public:
  static Result<CatalogueContext> Load(store::Tx& tx, const std::string& unit_code) {
    CatalogueContext ctx;
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

  std::optional<Agency> FindAgency(const std::string& code) const override {
    auto it = orgs_.find(code);
    if (it == orgs_.end()) return std::nullopt;
    return Agency{it->second.name, it->second.short_name, scope_.contains(code)};
  }

  std::optional<Purpose> FindPurpose(const std::string& code_or_text) const override {
    auto it = purposes_.find(core::FoldForSearch(code_or_text));
    if (it == purposes_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, Org> orgs_;
  std::set<std::string> scope_;
  std::map<std::string, Purpose> purposes_;
};

bool Blank(const RawAccountRow& r) {
  for (const std::string* cell : {&r.full_name, &r.login, &r.phone, &r.agency_code,
                                  &r.agency_name, &r.role, &r.queries, &r.dossiers_per_day,
                                  &r.queries_per_dossier, &r.purposes}) {
    if (!core::CollapseSpaces(*cell).empty()) return false;
  }
  return true;
}

// The contact of items 3 of the form: optional, but what is typed must be right.
void CheckContact(const FormInfo& in, FormInfo& out, std::vector<FieldError>& errors) {
  out.contact_name = core::CollapseSpaces(in.contact_name);
  out.contact_position = core::CollapseSpaces(in.contact_position);
  out.contact_workplace = core::CollapseSpaces(in.contact_workplace);
  if (!out.contact_name.empty()) {
    if (auto n = core::PersonName::Parse(out.contact_name); !n) {
      errors.push_back({0, column::kContactName, n.error().message});
    } else {
      out.contact_name = n->value();
    }
  }
  if (std::string phone = core::CollapseSpaces(in.contact_phone); !phone.empty()) {
    if (auto p = core::Phone::Parse(phone); !p) errors.push_back({0, column::kContactPhone, p.error().message});
    else out.contact_phone = p->value();
  }
  if (std::string email = core::CollapseSpaces(in.contact_email); !email.empty()) {
    if (auto e = core::Email::Parse(email); !e) errors.push_back({0, column::kContactEmail, e.error().message});
    else out.contact_email = e->value();
  }
  for (const auto& s : in.systems) {
    if (std::string name = core::CollapseSpaces(s); !name.empty()) out.systems.push_back(name);
  }
}

// Logins of the plan already registered by other units of the same campaign (as ImportForm).
Result<void> CheckLoginsFree(store::Tx& tx, int64_t campaign_id, const std::string& unit_code,
                             ImportPlan& plan) {
  for (const auto& row : plan.rows) {
    auto taken = tx.Query(
        "SELECT r.org_code FROM account a JOIN registration r ON r.id = a.registration_id "
        "WHERE a.campaign_id = ? AND a.login_key = ? AND r.org_code <> ?",
        {campaign_id, row.login_key, unit_code});
    if (!taken) return Fail(taken.error());
    if (!taken->empty()) {
      plan.errors.push_back({row.row_no, column::kLogin,
                             "Tài khoản \"" + row.login + "\" đã được đơn vị " +
                                 taken->front().Text(0) + " đăng ký trong đợt này; hãy chọn tên khác."});
    }
  }
  return {};
}

// What identifies this version of the form, in place of an uploaded file's hash.
std::string RowsDigest(const ImportPlan& plan) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : plan.rows) {
    nlohmann::json purposes = nlohmann::json::array();
    for (const auto& p : r.purposes) purposes.push_back(p.code);
    j.push_back({r.full_name, r.login, r.phone, r.agency_code, r.role, r.dossiers_per_day,
                 r.queries_per_dossier, purposes});
  }
  return core::Sha256Hex(j.dump());
}

constexpr const char* kWebSource = "Nhập trên web";

Result<int64_t> UpsertForm(store::Tx& tx, int64_t campaign_id, const std::string& unit_code,
                           const ImportPlan& plan) {
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
      {campaign_id, unit_code, nlohmann::json(plan.info.systems).dump(), plan.info.contact_name,
       plan.info.contact_position, plan.info.contact_phone, plan.info.contact_email,
       plan.info.contact_workplace, std::string(kWebSource), RowsDigest(plan), now, now},
      "phiếu đăng ký");
  if (!row) return Fail(row.error());
  return row->Int(0);
}

Result<void> WriteAccounts(store::Tx& tx, int64_t reg_id, int64_t campaign_id,
                           const std::vector<AccountRow>& rows) {
  if (auto st = tx.Exec("DELETE FROM account WHERE registration_id = ?", {reg_id}); !st)
    return Fail(st.error());
  int64_t tt = 0;
  for (const auto& a : rows) {
    auto id = tx.QueryOne(
        "INSERT INTO account (registration_id, campaign_id, row_no, full_name, login, login_key, "
        "phone, agency_code, agency_name, role, dossiers_per_day, queries_per_dossier, "
        "daily_quota, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') "
        "RETURNING id",
        {reg_id, campaign_id, ++tt, a.full_name, a.login, a.login_key, a.phone, a.agency_code,
         a.agency_name, a.role, int64_t(a.dossiers_per_day), int64_t(a.queries_per_dossier),
         int64_t(a.daily_quota)},
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

ImportPlan PlanFormRows(const FormRowsInput& input, const RowContext& ctx) {
  ImportPlan plan;
  plan.encoding = "utf-8";
  CheckContact(input.info, plan.info, plan.errors);
  std::map<std::string, int> logins;  // login key → first row
  int kept = 0;
  for (const auto& raw_in : input.rows) {
    if (Blank(raw_in)) continue;
    ++kept;
    RawAccountRow raw = raw_in;
    for (std::string* cell : {&raw.full_name, &raw.login, &raw.phone, &raw.agency_code,
                              &raw.agency_name, &raw.role, &raw.queries, &raw.dossiers_per_day,
                              &raw.queries_per_dossier, &raw.purposes}) {
      *cell = core::ToNfc(*cell);
    }
    auto checked = CheckAccountRow(raw, ctx, plan.errors);
    if (!checked) continue;
    auto [it, fresh] = logins.emplace(checked->login_key, raw.row_no);
    if (!fresh) {
      plan.errors.push_back({raw.row_no, column::kLogin,
                             "Tài khoản \"" + checked->login + "\" trùng với dòng " +
                                 std::to_string(it->second) + " (không phân biệt hoa thường)."});
      continue;
    }
    plan.rows.push_back(std::move(*checked));
  }
  if (kept == 0) {
    plan.errors.push_back({1, column::kFullName,
                           "Phiếu chưa có tài khoản nào; hãy thêm ít nhất một dòng."});
  }
  return plan;
}

Result<ImportOutcome> SaveFormRows(store::Database& db, int64_t campaign_id,
                                   const std::string& unit_code, const FormRowsInput& input,
                                   const std::string& actor, bool dry_run) {
  auto job = [&](store::Tx& tx) -> Result<ImportOutcome> {
    auto campaign = tx.QueryOne("SELECT id FROM campaign WHERE id = ?", {campaign_id},
                                "đợt đăng ký số " + std::to_string(campaign_id));
    if (!campaign) return Fail(campaign.error());
    auto unit = FindOrg(tx, unit_code);
    if (!unit) return Fail(unit.error());
    auto existing = GetRegistration(tx, campaign_id, unit->code);
    if (existing && existing->status != FormStatus::kDraft &&
        existing->status != FormStatus::kReturned) {
      return Fail(Error::Conflict("Phiếu của " + unit->name + " đang ở trạng thái \"" +
                                  std::string(FormStatusLabel(existing->status)) +
                                  "\"; không thể sửa danh sách. Hãy đề nghị Trung tâm trả lại phiếu trước."));
    }
    auto ctx = CatalogueContext::Load(tx, unit->code);
    if (!ctx) return Fail(ctx.error());
    ImportPlan plan = PlanFormRows(input, *ctx);
    if (auto st = CheckLoginsFree(tx, campaign_id, unit->code, plan); !st) return Fail(st.error());
    if (!plan.errors.empty()) {
      std::stable_sort(plan.errors.begin(), plan.errors.end(),
                       [](const FieldError& a, const FieldError& b) { return a.row < b.row; });
      return Fail(Error::Invalid("Phiếu có " + std::to_string(plan.errors.size()) +
                                     " lỗi; chưa lưu gì. Hãy sửa các ô được đánh dấu rồi lưu lại.",
                                 plan.errors));
    }
    ImportOutcome out{std::move(plan), !dry_run};
    if (dry_run) return out;
    auto reg_id = UpsertForm(tx, campaign_id, unit->code, out.plan);
    if (!reg_id) return Fail(reg_id.error());
    if (auto st = WriteAccounts(tx, *reg_id, campaign_id, out.plan.rows); !st) return Fail(st.error());
    auto rec = RecordChange(tx, {.actor = actor, .entity = "registration",
                                 .entity_id = std::to_string(*reg_id), .action = "edit",
                                 .from_status = existing ? std::string(FormStatusCode(existing->status)) : "",
                                 .to_status = "draft",
                                 .detail = std::string(kWebSource) + ": " +
                                           std::to_string(out.plan.rows.size()) + " tài khoản"});
    if (!rec) return Fail(rec.error());
    for (size_t i = 0; i < out.plan.rows.size(); ++i) out.plan.rows[i].row_no = int(i + 1);
    return out;
  };
  if (dry_run) return db.Read(job);
  return db.Write(job);
}

}  // namespace dancu::registry
