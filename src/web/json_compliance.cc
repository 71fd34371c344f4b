// JSON of compliance reports and the dashboard.
#include "web/json_compliance.h"

namespace dancu::web {

using nlohmann::json;
using compliance::Level;

json ToJson(const std::map<Level, compliance::LevelSummary>& summary) {
  json out = json::object();
  for (const auto& [level, s] : summary) {
    out[std::string(compliance::LevelCode(level))] = {
        {"units", s.units}, {"day_du", s.complete}, {"chua_day_du", s.incomplete},
        {"chua_dang_ky", s.not_registered}, {"registered", s.registered()}, {"officials", s.officials}};
  }
  return out;
}

static json UnitJson(const compliance::UnitCompliance& u) {
  json j = {{"code", u.code}, {"name", u.name}, {"short_name", u.short_name},
            {"level", compliance::LevelCode(u.level)}, {"status", compliance::StatusCode(u.status)},
            {"status_label", compliance::StatusLabel(u.status)}, {"approved", u.approved},
            {"commitment", u.commitment}, {"officials", u.officials},
            {"officials_total", u.officials_total}, {"missing", u.missing},
            {"parent_code", u.parent_code}, {"first_submitted_at", u.first_submitted_at},
            {"days_to_deadline", u.days_to_deadline}, {"overdue", u.overdue}};
  if (u.level == Level::kDistrict) {
    json registered = json::array();
    for (const auto& p : u.parts) if (p.registered) registered.push_back(p.short_name);
    j["registered_parts"] = registered;
  }
  return j;
}

json ToJson(const compliance::Report& r) {
  json units = json::array();
  for (const auto& u : r.units) units.push_back(UnitJson(u));
  return {{"campaign", {{"id", r.campaign.id}, {"name", r.campaign.name},
                        {"deadline", r.campaign.deadline.Iso()}}},
          {"as_of", r.as_of.Iso()}, {"units", units}, {"summary", ToJson(r.summary)}};
}

json DashboardJson(const compliance::Report& r, const std::vector<compliance::TimelinePoint>& timeline) {
  json districts = json::array(), overdue = json::array(), points = json::array();
  for (const auto& u : r.units) {
    if (u.overdue) {
      overdue.push_back({{"code", u.code}, {"name", u.name}, {"level", compliance::LevelCode(u.level)},
                         {"status", compliance::StatusCode(u.status)},
                         {"days_overdue", -u.days_to_deadline}, {"missing", u.missing}});
    }
    if (u.level != Level::kDistrict) continue;
    int offices = 0, offices_ok = 0, communes = 0, communes_ok = 0;
    for (const auto& p : u.parts) {
      bool office = p.kind == registry::OrgKind::kOffice;
      (office ? offices : communes)++;
      if (p.registered) (office ? offices_ok : communes_ok)++;
    }
    districts.push_back({{"code", u.code}, {"name", u.short_name}, {"status", compliance::StatusCode(u.status)},
                         {"offices_total", offices}, {"offices_registered", offices_ok},
                         {"communes_total", communes}, {"communes_registered", communes_ok},
                         {"officials", u.officials}, {"officials_total", u.officials_total}});
  }
  for (const auto& p : timeline) points.push_back({{"date", p.date}, {"summary", ToJson(p.summary)}});
  return {{"campaign", {{"id", r.campaign.id}, {"name", r.campaign.name},
                        {"deadline", r.campaign.deadline.Iso()}}},
          {"as_of", r.as_of.Iso()},
          {"days_to_deadline", r.as_of.DaysUntil(r.campaign.deadline)},
          {"by_level", ToJson(r.summary)}, {"by_district", districts}, {"overdue", overdue},
          {"timeline", points}};
}

}  // namespace dancu::web
