// Pages and API routes of unit focal points (Đầu mối đơn vị): the unit's form typed on the
// web, its campaigns and agencies, its commitments with their signed scans. Every route is
// confined to the caller's own unit by the {unit} path parameter (Scope::kPathUnit).
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "registry/form_rows.h"
#include "registry/registry.h"
#include "registry/unit_view.h"
#include "web/json.h"
#include "web/routes.h"

namespace dancu::web {
namespace {

using core::Error;
using nlohmann::json;

// More rows than any unit registers; beyond it the request is a mistake or an attack.
constexpr size_t kMaxFormRows = 5000;

core::Result<int64_t> CampaignId(const Params& p) {
  auto it = p.find("id");
  try {
    size_t used = 0;
    long long v = std::stoll(it == p.end() ? "" : it->second, &used);
    if (it != p.end() && used == it->second.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  return core::Fail(Error::Invalid("Số đợt đăng ký trong đường dẫn không hợp lệ."));
}

// A cell as text: the page sends strings, but numbers typed into number inputs may come as
// JSON numbers.
std::string Cell(const json& row, const char* key) {
  auto it = row.find(key);
  if (it == row.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  if (it->is_number()) return it->dump();
  if (it->is_array()) {  // purposes: ["XMCD-01", "XMCD-03"]
    std::string out;
    for (const auto& v : *it) {
      if (!v.is_string()) continue;
      out += (out.empty() ? "" : "; ") + v.get<std::string>();
    }
    return out;
  }
  return {};
}

core::Result<registry::FormRowsInput> FormRowsFromJson(const json& body) {
  registry::FormRowsInput in;
  if (auto c = body.find("contact"); c != body.end() && c->is_object()) {
    in.info.contact_name = Cell(*c, "name");
    in.info.contact_position = Cell(*c, "position");
    in.info.contact_phone = Cell(*c, "phone");
    in.info.contact_email = Cell(*c, "email");
    in.info.contact_workplace = Cell(*c, "workplace");
  }
  if (auto sys = body.find("systems"); sys != body.end()) {
    if (sys->is_array()) {
      for (const auto& v : *sys) if (v.is_string()) in.info.systems.push_back(v.get<std::string>());
    } else if (sys->is_string()) {
      std::string cur;
      for (char ch : sys->get<std::string>() + ";") {
        if (ch == ';' || ch == '\n') { in.info.systems.push_back(cur); cur.clear(); }
        else cur += ch;
      }
    }
  }
  auto rows = body.find("rows");
  if (rows == body.end() || !rows->is_array()) {
    return core::Fail(Error::Invalid("Thiếu danh sách tài khoản (\"rows\": một mảng các dòng)."));
  }
  if (rows->size() > kMaxFormRows) {
    return core::Fail(Error::Invalid("Phiếu có " + std::to_string(rows->size()) + " dòng, quá " +
                                     std::to_string(kMaxFormRows) + " dòng cho phép một lần lưu."));
  }
  int n = 0;
  for (const auto& r : *rows) {
    ++n;
    if (!r.is_object()) {
      return core::Fail(Error::Invalid("Dòng " + std::to_string(n) + " của danh sách không phải một đối tượng JSON."));
    }
    in.rows.push_back({.row_no = n, .full_name = Cell(r, "full_name"), .login = Cell(r, "login"),
                       .phone = Cell(r, "phone"), .agency_code = Cell(r, "agency_code"),
                       .agency_name = Cell(r, "agency_name"), .role = Cell(r, "role"),
                       .queries = Cell(r, "queries"), .dossiers_per_day = Cell(r, "dossiers_per_day"),
                       .queries_per_dossier = Cell(r, "queries_per_dossier"),
                       .purposes = Cell(r, "purposes"), .official_id = Cell(r, "official_id")});
  }
  return in;
}

// PUT /api/v1/campaigns/{id}/registrations/{unit}/accounts[?dry_run=1]
Response SaveAccounts(Services& s, const Request& req, const Params& p) {
  auto id = CampaignId(p);
  if (!id) return ErrorJson(id.error());
  auto body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return ErrorJson(Error::Invalid("Nội dung yêu cầu phải là một đối tượng JSON hợp lệ."));
  }
  auto input = FormRowsFromJson(body);
  if (!input) return ErrorJson(input.error());
  bool dry = QueryParam(req, "dry_run", "0") != "0";
  auto out = registry::SaveFormRows(s.db, *id, p.at("unit"), *input, ActorOf(req), dry);
  if (!out) return ErrorJson(out.error());
  return JsonResponse(200, ToJson(*out));
}

json CommitmentJson(const registry::UnitCommitment& uc) {
  json j = ToJson(uc.commitment);
  j["has_scan"] = uc.scan.has_value();
  if (uc.scan) {
    j["scan"] = {{"sha256", uc.scan->sha256}, {"filename", uc.scan->filename},
                 {"size", uc.scan->size}, {"uploaded_at", uc.scan->uploaded_at}};
  } else {
    j["scan"] = nullptr;
  }
  return j;
}

json CommitmentsJson(const std::vector<registry::UnitCommitment>& all) {
  json items = json::array();
  for (const auto& c : all) items.push_back(CommitmentJson(c));
  return items;
}

// GET /api/v1/units/{unit}/commitments
Response Commitments(Services& s, const Request&, const Params& p) {
  auto all = s.db.Read([&](store::Tx& tx) { return registry::CommitmentsWithScans(tx, p.at("unit")); });
  if (!all) return ErrorJson(all.error());
  json items = CommitmentsJson(*all);
  return JsonResponse(200, {{"items", items}, {"count", items.size()}});
}

// GET /api/v1/units/{unit}/overview: what the form page needs in one answer.
Response Overview(Services& s, const Request&, const Params& p) {
  struct View {
    registry::Org unit;
    std::vector<registry::UnitCampaign> campaigns;
    std::vector<registry::Org> agencies;
    std::vector<registry::UnitCommitment> commitments;
  };
  core::Date today = core::TodayLocal();
  auto view = s.db.Read([&](store::Tx& tx) -> core::Result<View> {
    auto unit = registry::FindOrg(tx, p.at("unit"));
    if (!unit) return core::Fail(unit.error());
    auto campaigns = registry::CampaignsOfUnit(tx, unit->code, today);
    if (!campaigns) return core::Fail(campaigns.error());
    auto agencies = registry::AgenciesOfUnit(tx, unit->code);
    if (!agencies) return core::Fail(agencies.error());
    auto commitments = registry::CommitmentsWithScans(tx, unit->code);
    if (!commitments) return core::Fail(commitments.error());
    return View{std::move(*unit), std::move(*campaigns), std::move(*agencies), std::move(*commitments)};
  });
  if (!view) return ErrorJson(view.error());
  json campaigns = json::array();
  for (const auto& uc : view->campaigns) {
    json c = ToJson(uc.campaign);
    c["open"] = uc.open;
    if (uc.form_status) {
      c["form"] = {{"status", registry::FormStatusCode(*uc.form_status)},
                   {"status_label", registry::FormStatusLabel(*uc.form_status)},
                   {"accounts", uc.accounts}, {"updated_at", uc.form_updated_at}};
    } else {
      c["form"] = nullptr;
    }
    campaigns.push_back(std::move(c));
  }
  json agencies = json::array();
  for (const auto& o : view->agencies) agencies.push_back(ToJson(o));
  json roles = json::array();
  for (const auto& r : registry::SuggestedRoles()) roles.push_back(r);
  return JsonResponse(200, {{"unit", ToJson(view->unit)}, {"today", today.Iso()},
                            {"campaigns", campaigns}, {"agencies", agencies},
                            {"commitments", CommitmentsJson(view->commitments)},
                            {"suggested_roles", roles},
                            {"limits", {{"dossiers_per_day", registry::kMaxDossiersPerDay},
                                        {"queries_per_dossier", registry::kMaxQueriesPerDossier},
                                        {"daily_quota", registry::kMaxDailyQuota}}}});
}

Route Page(std::string path, std::string title, std::string script) {
  return PageRoute(std::move(path), kFocal, std::move(title), std::move(script), "trang của đầu mối đơn vị");
}

Route Api(std::string method, std::string pattern, unsigned roles, SyncHandler h, std::string doc) {
  return ApiRoute(std::move(method), std::move(pattern), roles, std::move(h), std::move(doc), Scope::kPathUnit);
}

}  // namespace

std::vector<Route> UnitRoutes() {
  constexpr unsigned AF = kAdmin | kFocal, AFU = kAdmin | kFocal | kAuditor;
  return {
      Page("/don-vi", "Phiếu đăng ký", "page-unit-form.js"),
      Page("/don-vi/cam-ket", "Bản cam kết", "page-unit-commitment.js"),
      Api("GET", "/api/v1/units/{unit}/overview", AFU, Overview,
          "đợt, trạng thái phiếu, cơ quan trực thuộc và bản cam kết của một đơn vị"),
      Api("GET", "/api/v1/units/{unit}/commitments", AFU, Commitments,
          "bản cam kết của đơn vị kèm bản ký (SHA-256, lúc tải lên)"),
      Api("PUT", "/api/v1/campaigns/{id}/registrations/{unit}/accounts", AF, SaveAccounts,
          "lưu danh sách tài khoản nhập trên web (cùng kiểm tra như nhập tệp; dry_run=1 chỉ kiểm tra)"),
  };
}

}  // namespace dancu::web
