// JSON shapes of domain values.
#include "web/json.h"

namespace dancu::web {

using nlohmann::json;

int JsonDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    else if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  return deepest;
}

core::Result<json> ParseJson(std::string_view text, int max_depth) {
  if (JsonDepth(text) > max_depth) {
    return core::Fail(core::Error::Invalid("Nội dung JSON lồng nhau quá sâu (tối đa " +
                                           std::to_string(max_depth) + " cấp)."));
  }
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    return core::Fail(core::Error::Invalid(
        "Nội dung yêu cầu không phải JSON hợp lệ (hoặc chứa byte không phải UTF-8)."));
  }
  return j;
}

std::string DumpJson(const json& j, int indent) {
  try {
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
  } catch (...) {  // only bad_alloc is left
    return R"({"error":{"code":"internal","message":"Lỗi nội bộ.","details":[]}})";
  }
}

json ToJson(const core::Error& e) {
  json details = json::array();
  for (const auto& d : e.details) {
    json item = {{"column", d.column}, {"message", d.message}};
    if (d.row > 0) item["row"] = d.row;
    details.push_back(item);
  }
  return {{"error", {{"code", core::CodeName(e.code)}, {"message", e.message}, {"details", details}}}};
}

json ToJson(const registry::Org& o) {
  return {{"code", o.code}, {"name", o.name}, {"short_name", o.short_name},
          {"kind", registry::KindCode(o.kind)}, {"kind_label", registry::KindLabel(o.kind)},
          {"parent_code", o.parent_code}, {"gso_code", o.gso_code},
          {"legacy_code", o.legacy_code}, {"fictitious", o.fictitious},
          {"valid_from", o.valid_from}, {"valid_to", o.valid_to.empty() ? json() : json(o.valid_to)}};
}

json ToJson(const registry::Campaign& c) {
  return {{"id", c.id}, {"name", c.name}, {"basis", c.basis},
          {"open_date", c.open_date.Iso()}, {"deadline", c.deadline.Iso()},
          {"targets", c.target_count}, {"created_at", c.created_at}, {"created_by", c.created_by},
          {"rules", {{"district_needs_self", c.rules.district_needs_self},
                     {"district_needs_offices", c.rules.district_needs_offices},
                     {"district_needs_communes", c.rules.district_needs_communes},
                     {"needs_commitment", c.rules.needs_commitment}}}};
}

json ToJson(const registry::Account& a) {
  json purposes = json::array();
  for (const auto& p : a.row.purposes) purposes.push_back({{"code", p.code}, {"text", p.text}});
  return {{"id", a.id}, {"row", a.row.row_no}, {"full_name", a.row.full_name},
          {"login", a.row.login}, {"phone", a.row.phone}, {"official_id", a.row.official_id},
          {"agency_code", a.row.agency_code},
          {"agency_name", a.row.agency_name}, {"role", a.row.role},
          {"dossiers_per_day", a.row.dossiers_per_day},
          {"queries_per_dossier", a.row.queries_per_dossier},
          {"daily_quota", a.row.daily_quota}, {"purposes", purposes},
          {"status", registry::AccountStatusCode(a.status)},
          {"status_label", registry::AccountStatusLabel(a.status)},
          {"status_reason", a.status_reason}};
}

json ToJson(const registry::Registration& r) {
  json accounts = json::array();
  for (const auto& a : r.accounts) accounts.push_back(ToJson(a));
  return {{"id", r.id}, {"campaign_id", r.campaign_id}, {"unit_code", r.org_code},
          {"unit_name", r.org_name}, {"status", registry::FormStatusCode(r.status)},
          {"status_label", registry::FormStatusLabel(r.status)}, {"systems", r.info.systems},
          {"contact", {{"name", r.info.contact_name}, {"position", r.info.contact_position},
                       {"phone", r.info.contact_phone}, {"email", r.info.contact_email},
                       {"workplace", r.info.contact_workplace}}},
          {"return_reason", r.return_reason}, {"source_file", r.source_file},
          {"updated_at", r.updated_at}, {"accounts", accounts}};
}

json ToJson(const registry::Commitment& c) {
  return {{"id", c.id}, {"unit_code", c.org_code}, {"rep_name", c.rep_name},
          {"nationality", c.nationality}, {"id_kind", c.id_kind}, {"id_number", c.id_number},
          {"phone", c.phone}, {"issue_date", c.issue_date}, {"issue_place", c.issue_place},
          {"position", c.position}, {"sign_place", c.sign_place}, {"sign_date", c.sign_date},
          {"valid_to", c.valid_to.empty() ? json() : json(c.valid_to)},
          {"scan_sha256", c.scan_sha256.empty() ? json() : json(c.scan_sha256)},
          {"status", c.status}, {"valid_today", c.ValidOn(core::TodayLocal())},
          {"created_at", c.created_at}};
}

json ToJson(const registry::ImportOutcome& o) {
  json rows = json::array();
  for (const auto& r : o.plan.rows) {
    registry::Account a;
    a.row = r;
    json j = ToJson(a);
    j.erase("id");
    j.erase("status");
    j.erase("status_label");
    j.erase("status_reason");
    rows.push_back(j);
  }
  return {{"written", o.written}, {"encoding", o.plan.encoding},
          {"header_row", o.plan.header_row}, {"accounts", rows}, {"notes", o.plan.notes},
          {"systems", o.plan.info.systems}};
}

json ToJson(const registry::Change& c) {
  return {{"at", c.at}, {"actor", c.actor}, {"entity", c.entity}, {"entity_id", c.entity_id},
          {"action", c.action}, {"from_status", c.from_status}, {"to_status", c.to_status},
          {"reason", c.reason}, {"detail", c.detail}};
}

}  // namespace dancu::web
