// Admin API over campaigns: all accounts with today's use, the review queue, the campaign
// overview and creation, and the reminder letter's preview.
#include <nlohmann/json.hpp>

#include "compliance/compliance.h"
#include "docs/letter.h"
#include "gateway/gateway.h"
#include "registry/admin_views.h"
#include "registry/campaign_form.h"
#include "registry/registry.h"
#include "web/api_admin.h"
#include "web/json.h"

namespace dancu::web::admin {

using core::Error;
using nlohmann::json;

core::Result<int64_t> PathId(const Params& p, const char* key, const char* what) {
  auto it = p.find(key);
  std::string s = it == p.end() ? "" : it->second;
  try {
    size_t used = 0;
    long long v = std::stoll(s, &used);
    if (used == s.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  return core::Fail(Error::Invalid(std::string(what) + " \"" + s + "\" không phải số hợp lệ."));
}

core::Result<json> BodyObject(const Request& req) {
  if (req.body.empty()) return json::object();
  auto j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return core::Fail(Error::Invalid("Nội dung yêu cầu phải là một đối tượng JSON hợp lệ."));
  }
  return j;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

namespace {

core::Result<core::Date> AsOf(const Request& req) {
  std::string text = QueryParam(req, "as_of");
  if (text.empty()) return core::TodayLocal();
  return core::Date::Parse(text, "Ngày tính số liệu");
}

// One account as a row of `kAccountColumns`: 2,888 rows of objects were 1.4 MB and most of the
// time was spent writing the same keys; rows of values are a third of that.
constexpr const char* kAccountColumns[] = {"id", "login", "full_name", "phone", "agency_code", "role",
                                           "daily_quota", "purposes", "status", "status_reason",
                                           "unit_code", "used_today", "official_id"};

json AccountRow(const registry::AccountListing& a, const gateway::Gateway* gw) {
  return json::array({a.id, a.login, a.full_name, a.phone, a.agency_code, a.role, a.daily_quota,
                      a.purposes, registry::AccountStatusCode(a.status), a.status_reason, a.unit_code,
                      gw ? json(gw->QuotaUsed(a.login)) : json(), a.official_id});
}

}  // namespace

Response CampaignAccounts(Services& s, const Request&, const Params& p) {
  auto id = PathId(p, "id", "Số đợt đăng ký");
  if (!id) return ErrorJson(id.error());
  auto list = s.db.Read([&](store::Tx& tx) { return registry::ListCampaignAccounts(tx, *id); });
  if (!list) return ErrorJson(list.error());
  json rows = json::array(), agencies = json::object(), units = json::object();
  for (const auto& a : list->accounts) {
    rows.push_back(AccountRow(a, s.gateway));
    if (!agencies.contains(a.agency_code)) agencies[a.agency_code] = a.agency_name;
    if (!units.contains(a.unit_code)) {
      units[a.unit_code] = {{"name", a.unit_name}, {"form_status", registry::FormStatusCode(a.form_status)}};
    }
  }
  return JsonResponse(200, {{"columns", kAccountColumns}, {"rows", std::move(rows)},
                            {"count", list->accounts.size()}, {"agencies", std::move(agencies)},
                            {"units", std::move(units)}, {"purposes", list->purposes},
                            {"usage_known", s.gateway != nullptr}, {"today", core::TodayLocal().Iso()}});
}

Response ReviewQueue(Services& s, const Request&, const Params& p) {
  auto id = PathId(p, "id", "Số đợt đăng ký");
  if (!id) return ErrorJson(id.error());
  auto forms = s.db.Read([&](store::Tx& tx) { return registry::ListFormSummaries(tx, *id); });
  if (!forms) return ErrorJson(forms.error());
  json items = json::array();
  for (const auto& f : *forms) {
    items.push_back({{"id", f.form.id}, {"unit_code", f.form.org_code}, {"unit_name", f.form.org_name},
                     {"status", registry::FormStatusCode(f.form.status)},
                     {"status_label", registry::FormStatusLabel(f.form.status)},
                     {"accounts", f.accounts}, {"submitted_at", f.submitted_at},
                     {"updated_at", f.form.updated_at}, {"return_reason", f.form.return_reason},
                     {"source_file", f.form.source_file}});
  }
  return JsonResponse(200, {{"items", items}, {"count", items.size()}});
}

Response CampaignOverview(Services& s, const Request&, const Params&) {
  struct Both {
    std::vector<registry::Campaign> campaigns;
    std::map<int64_t, registry::CampaignCounts> counts;
  };
  auto both = s.db.Read([](store::Tx& tx) -> core::Result<Both> {
    auto all = registry::ListCampaigns(tx);
    if (!all) return core::Fail(all.error());
    auto counts = registry::CountFormsByCampaign(tx);
    if (!counts) return core::Fail(counts.error());
    return Both{std::move(*all), std::move(*counts)};
  });
  if (!both) return ErrorJson(both.error());
  json items = json::array();
  for (const auto& c : both->campaigns) {
    json j = ToJson(c);
    auto it = both->counts.find(c.id);
    registry::CampaignCounts n = it == both->counts.end() ? registry::CampaignCounts{} : it->second;
    j["forms"] = n.forms;
    j["accounts"] = n.accounts;
    j["forms_by_status"] = n.forms_by_status;
    items.push_back(std::move(j));
  }
  return JsonResponse(200, {{"items", items}, {"count", items.size()}});
}

Response CreateCampaign(Services& s, const Request& req, const Params&) {
  auto body = BodyObject(req);
  if (!body) return ErrorJson(body.error());
  registry::CampaignForm form{.name = Str(*body, "name"), .basis = Str(*body, "basis"),
                              .open_date = Str(*body, "open_date"), .deadline = Str(*body, "deadline"),
                              .target_kinds = {}, .target_codes = Str(*body, "target_codes"), .rules = {}};
  if (auto k = body->find("target_kinds"); k != body->end() && k->is_array()) {
    for (const auto& v : *k) if (v.is_string()) form.target_kinds.push_back(v.get<std::string>());
  }
  if (auto r = body->find("rules"); r != body->end() && r->is_object()) {
    auto flag = [&](const char* key, bool& field) {
      if (auto it = r->find(key); it != r->end() && it->is_boolean()) field = it->get<bool>();
    };
    flag("district_needs_self", form.rules.district_needs_self);
    flag("district_needs_offices", form.rules.district_needs_offices);
    flag("district_needs_communes", form.rules.district_needs_communes);
    flag("needs_commitment", form.rules.needs_commitment);
  }
  auto spec = s.db.Read([&](store::Tx& tx) { return registry::CampaignSpecFromForm(tx, form); });
  if (!spec) return ErrorJson(spec.error());
  auto id = registry::CreateCampaign(s.db, *spec, ActorOf(req));
  if (!id) return ErrorJson(id.error());
  auto c = s.db.Read([&](store::Tx& tx) { return registry::GetCampaign(tx, *id); });
  if (!c) return ErrorJson(c.error());
  return JsonResponse(201, ToJson(*c));
}

Response LetterPreview(Services& s, const Request& req, const Params& p) {
  auto id = PathId(p, "id", "Số đợt đăng ký");
  if (!id) return ErrorJson(id.error());
  auto as_of = AsOf(req);
  if (!as_of) return ErrorJson(as_of.error());
  auto body = BodyObject(req);
  if (!body) return ErrorJson(body.error());
  // Said beside the field, as the page shows it (MergeJson names it "Hạn mới").
  if (std::string d = Str(*body, "new_deadline"); !d.empty()) {
    if (auto day = core::Date::Parse(d, "Hạn mới"); !day) {
      return ErrorJson(Error::Invalid(day.error().message, {{0, "new_deadline", day.error().message}}));
    }
  }
  auto inputs = docs::LoadLetterInputs(s.db, *id);
  if (!inputs) return ErrorJson(inputs.error());
  if (auto st = docs::MergeJson(*body, *inputs); !st) return ErrorJson(st.error());
  auto report = compliance::ComputeReport(s.db, *id, *as_of);
  if (!report) return ErrorJson(report.error());
  return JsonResponse(200, {{"as_of", as_of->Iso()},
                            {"campaign", {{"id", report->campaign.id}, {"name", report->campaign.name},
                                          {"basis", report->campaign.basis},
                                          {"deadline", report->campaign.deadline.Iso()}}},
                            {"inputs", docs::ToJson(*inputs)},
                            {"letter", docs::ReminderLetterData(*report, *inputs)}});
}

}  // namespace dancu::web::admin
