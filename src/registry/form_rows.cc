// Saving the web form's account rows: the row rules of a file import, the same write.
#include "registry/form_rows.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/text.h"
#include "core/validate.h"
#include "registry/registration_internal.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

bool Blank(const RawAccountRow& r) {
  for (const std::string* cell : {&r.full_name, &r.login, &r.phone, &r.agency_code,
                                  &r.agency_name, &r.role, &r.queries, &r.dossiers_per_day,
                                  &r.queries_per_dossier, &r.purposes, &r.official_id}) {
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

// What identifies this version of the form, in place of an uploaded file's hash.
std::string RowsDigest(const ImportPlan& plan) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : plan.rows) {
    nlohmann::json purposes = nlohmann::json::array();
    for (const auto& p : r.purposes) purposes.push_back(p.code);
    j.push_back({r.full_name, r.login, r.phone, r.agency_code, r.role, r.dossiers_per_day,
                 r.queries_per_dossier, purposes, r.official_id});
  }
  return core::Sha256Hex(j.dump());
}

constexpr const char* kWebSource = "Nhập trên web";

}  // namespace

ImportPlan PlanFormRows(const FormRowsInput& input, const RowContext& ctx) {
  ImportPlan plan;
  plan.encoding = "utf-8";
  CheckContact(input.info, plan.info, plan.errors);
  registration_internal::LoginRows logins;
  int kept = 0;
  for (const auto& raw_in : input.rows) {
    if (Blank(raw_in)) continue;
    ++kept;
    RawAccountRow raw = raw_in;
    for (std::string* cell : {&raw.full_name, &raw.login, &raw.phone, &raw.agency_code,
                              &raw.agency_name, &raw.role, &raw.queries, &raw.dossiers_per_day,
                              &raw.queries_per_dossier, &raw.purposes, &raw.official_id}) {
      *cell = core::ToNfc(*cell);
    }
    auto checked = registration_internal::CheckFormRow(raw, ctx, logins, plan.errors);
    if (!checked) continue;
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
  namespace ri = registration_internal;
  constexpr std::string_view kRefusal =
      "không thể sửa danh sách. Hãy đề nghị Trung tâm trả lại phiếu trước.";
  constexpr std::string_view kAdvice = "hãy chọn tên khác";
  constexpr std::string_view kSummary = "chưa lưu gì. Hãy sửa các ô được đánh dấu rồi lưu lại.";
  // Checked against a read snapshot; the writer only re-checks what may have changed since.
  auto form = db.Read([&](store::Tx& tx) {
    return ri::OpenFormToReplace(tx, campaign_id, unit_code, kRefusal);
  });
  if (!form) return Fail(form.error());
  ImportPlan plan = PlanFormRows(input, form->ctx);
  auto free = db.Read([&](store::Tx& tx) {
    return ri::CheckLoginsFree(tx, campaign_id, form->unit.code, plan, kAdvice);
  });
  if (!free) return Fail(free.error());
  if (!plan.errors.empty()) return Fail(ri::RowErrors("Phiếu", std::move(plan.errors), kSummary));
  ImportOutcome out{std::move(plan), !dry_run};
  if (dry_run) return out;
  // Written rows are numbered 1..n (TT) in input order, blank rows left out.
  for (size_t i = 0; i < out.plan.rows.size(); ++i) out.plan.rows[i].row_no = int(i + 1);
  ri::FormSource source{kWebSource, RowsDigest(out.plan), "edit"};
  ri::PlannedForm planned{.campaign_id = campaign_id, .unit = &form->unit, .refusal = kRefusal,
                          .advice = kAdvice, .summary = kSummary};
  auto reg_id = ri::WritePlannedForm(db, planned, out.plan, source, actor);
  if (!reg_id) return Fail(reg_id.error());
  return out;
}

}  // namespace dancu::registry
