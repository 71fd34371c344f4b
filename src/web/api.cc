// JSON API handlers: each parses its input, calls one registry function and renders JSON.
#include "web/api.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/validate.h"
#include "docs/pdf.h"
#include "gateway/purposes.h"
#include "registry/registry.h"
#include "web/api_docs.h"
#include "web/json.h"

namespace dancu::web {

std::string_view EmbeddedWebFile(std::string_view name);  // generated from web/*.json

namespace {

using core::Error;
using core::Result;
using nlohmann::json;

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream ss(path);
  for (std::string s; std::getline(ss, s, '/');) if (!s.empty()) out.push_back(s);
  return out;
}

Response Json(int status, const json& body) {
  return {status, "application/json; charset=utf-8", body.dump(), {}};
}

Response ErrorResponse(const Error& e) { return Json(HttpStatus(e.code), ToJson(e)); }

template <class T, class F>
Response Render(const Result<T>& r, F&& to_json, int ok_status = 200) {
  if (!r) return ErrorResponse(r.error());
  return Json(ok_status, to_json(*r));
}

std::string Actor(const Request& req) { return ActorOf(req); }

Result<int64_t> ParseId(const std::string& s, const char* what) {
  try {
    size_t used = 0;
    long long v = std::stoll(s, &used);
    if (used == s.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  return core::Fail(Error::Invalid(std::string(what) + " \"" + s + "\" không phải số hợp lệ."));
}

Result<json> ParseBody(const Request& req) {
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

Response ListOrgs(store::Database& db, const Request& req) {
  registry::OrgFilter f;
  auto q = [&](const char* k) { auto it = req.query.find(k); return it == req.query.end() ? std::string() : it->second; };
  if (auto k = q("kind"); !k.empty()) {
    auto kind = registry::ParseKind(k);
    if (!kind) return ErrorResponse(kind.error());
    f.kind = *kind;
  }
  f.parent_code = q("parent");
  f.query = q("q");
  if (auto d = q("valid_on"); !d.empty()) {
    auto day = core::Date::Parse(d, "valid_on");
    if (!day) return ErrorResponse(day.error());
    f.valid_on = *day;
  }
  if (auto l = q("limit"); !l.empty()) {
    auto n = ParseId(l, "limit");
    if (!n) return ErrorResponse(n.error());
    f.limit = int(std::min<int64_t>(*n, 1000));
  }
  if (auto o = q("offset"); !o.empty() && o != "0") {
    auto n = ParseId(o, "offset");
    if (!n) return ErrorResponse(n.error());
    f.offset = int(*n);
  }
  auto orgs = db.Read([&](store::Tx& tx) { return registry::ListOrgs(tx, f); });
  return Render(orgs, [](const auto& v) {
    json items = json::array();
    for (const auto& o : v) items.push_back(ToJson(o));
    return json{{"items", items}, {"count", items.size()}};
  });
}

Response CreateCampaign(store::Database& db, const Request& req) {
  auto body = ParseBody(req);
  if (!body) return ErrorResponse(body.error());
  registry::CampaignSpec spec{.name = Str(*body, "name"), .basis = Str(*body, "basis"),
                              .open_date = Str(*body, "open_date"),
                              .deadline = Str(*body, "deadline"), .targets = {}, .rules = {}};
  if (auto t = body->find("targets"); t != body->end() && t->is_array()) {
    for (const auto& c : *t) if (c.is_string()) spec.targets.push_back(c.get<std::string>());
  }
  auto id = registry::CreateCampaign(db, spec, Actor(req));
  if (!id) return ErrorResponse(id.error());
  auto c = db.Read([&](store::Tx& tx) { return registry::GetCampaign(tx, *id); });
  return Render(c, [](const auto& v) { return ToJson(v); }, 201);
}

Response Export(store::Database& db, const Request& req, int64_t campaign, const std::string& ext) {
  // Officials' names and phones: the file lives in a private (0700) directory, whatever the
  // process's umask, and goes with it.
  docs::PrivateTempDir dir("dancu-export-");
  if (dir.path().empty()) return ErrorResponse(Error::Unavailable("Không tạo được thư mục tạm để xuất tệp."));
  auto path = std::filesystem::path(dir.path()) / ("tai-khoan." + ext);
  auto sum = registry::ExportAccounts(db, campaign, path.string(), Actor(req));
  if (!sum) return ErrorResponse(sum.error());
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Response r{200, ext == "csv" ? "text/csv; charset=utf-8"
                               : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             std::move(bytes), {}};
  r.headers["content-disposition"] = "attachment; filename=\"tai-khoan-dot-" +
                                     std::to_string(campaign) + "." + ext + "\"";
  return r;
}

Response Registrations(store::Database& db, const Request& req, const std::vector<std::string>& s,
                       int64_t campaign) {
  // s = api v1 campaigns {id} registrations [code [action]]
  if (s.size() == 5 && req.method == "GET") {
    auto regs = db.Read([&](store::Tx& tx) { return registry::ListRegistrations(tx, campaign); });
    return Render(regs, [](const auto& v) {
      json items = json::array();
      for (const auto& r : v) { json j = ToJson(r); j.erase("accounts"); items.push_back(j); }
      return json{{"items", items}, {"count", items.size()}};
    });
  }
  std::string code = s[5];
  if (s.size() == 6 && req.method == "GET") {
    auto reg = db.Read([&](store::Tx& tx) { return registry::GetRegistration(tx, campaign, code); });
    return Render(reg, [](const auto& v) { return ToJson(v); });
  }
  if (s.size() == 7 && req.method == "GET" && s[6] == "history") {
    auto changes = db.Read([&](store::Tx& tx) -> Result<std::vector<registry::Change>> {
      auto reg = registry::GetRegistration(tx, campaign, code);
      if (!reg) return core::Fail(reg.error());
      return registry::ChangesOf(tx, "registration", std::to_string(reg->id));
    });
    return Render(changes, [](const auto& v) {
      json items = json::array();
      for (const auto& c : v) items.push_back(ToJson(c));
      return json{{"items", items}, {"count", items.size()}};
    });
  }
  if (s.size() == 7 && req.method == "POST" && s[6] == "import") {
    auto fn = req.query.find("filename");
    std::string filename = fn == req.query.end() ? "phieu.xlsx" : fn->second;
    bool dry = req.query.contains("dry_run") && req.query.at("dry_run") != "0";
    auto out = registry::ImportForm(db, campaign, code, req.body, filename, Actor(req), dry);
    return Render(out, [](const auto& v) { return ToJson(v); }, dry ? 200 : 201);
  }
  if (s.size() == 7 && req.method == "POST") {
    auto action = registry::ParseFormAction(s[6]);
    if (!action) return ErrorResponse(action.error());
    auto body = ParseBody(req);
    if (!body) return ErrorResponse(body.error());
    auto reg = registry::ApplyFormAction(db, campaign, code, *action, Str(*body, "reason"), Actor(req));
    return Render(reg, [](const auto& v) { return ToJson(v); });
  }
  return ErrorResponse(Error::NotFound("Không có đường dẫn " + req.method + " " + req.path + "."));
}

Response Campaigns(store::Database& db, const Request& req, const std::vector<std::string>& s) {
  if (s.size() == 3 && req.method == "GET") {
    auto all = db.Read([](store::Tx& tx) { return registry::ListCampaigns(tx); });
    return Render(all, [](const auto& v) {
      json items = json::array();
      for (const auto& c : v) items.push_back(ToJson(c));
      return json{{"items", items}, {"count", items.size()}};
    });
  }
  if (s.size() == 3 && req.method == "POST") return CreateCampaign(db, req);
  auto id = ParseId(s[3], "Số đợt đăng ký");
  if (!id) return ErrorResponse(id.error());
  if (s.size() == 4 && req.method == "GET") {
    auto c = db.Read([&](store::Tx& tx) { return registry::GetCampaign(tx, *id); });
    return Render(c, [](const auto& v) { return ToJson(v); });
  }
  if (s.size() == 5 && req.method == "GET" && (s[4] == "accounts.xlsx" || s[4] == "accounts.csv")) {
    return Export(db, req, *id, s[4].substr(9));
  }
  if (s.size() >= 5 && s[4] == "registrations") return Registrations(db, req, s, *id);
  return ErrorResponse(Error::NotFound("Không có đường dẫn " + req.method + " " + req.path + "."));
}

Response Accounts(store::Database& db, const Request& req, const std::vector<std::string>& s) {
  if (s.size() != 5 || req.method != "POST") {
    return ErrorResponse(Error::NotFound("Không có đường dẫn " + req.method + " " + req.path + "."));
  }
  auto id = ParseId(s[3], "Số tài khoản");
  if (!id) return ErrorResponse(id.error());
  if (s[4] == "official-id") {  // issue 11 item 2: the official's CCCD without a new import
    auto body = ParseBody(req);
    if (!body) return ErrorResponse(body.error());
    auto c = registry::SetOfficialIdOfAccount(db, *id, Str(*body, "official_id"), Actor(req));
    return Render(c, [](const auto& v) {
      return json{{"login", v.login}, {"official_id", v.official_id}, {"accounts", v.accounts}};
    });
  }
  registry::AccountStatus to;
  if (s[4] == "suspend") to = registry::AccountStatus::kSuspended;
  else if (s[4] == "resume") to = registry::AccountStatus::kActive;
  else if (s[4] == "revoke") to = registry::AccountStatus::kRevoked;
  else return ErrorResponse(Error::NotFound("Thao tác \"" + s[4] + "\" không có; dùng suspend, resume, revoke, official-id."));
  auto body = ParseBody(req);
  if (!body) return ErrorResponse(body.error());
  auto a = registry::ChangeAccountStatus(db, *id, to, Str(*body, "reason"), Actor(req));
  return Render(a, [](const auto& v) { return ToJson(v); });
}

Response Commitments(store::Database& db, const Request& req, const std::vector<std::string>& s) {
  if (s.size() == 3 && req.method == "POST") {
    auto b = ParseBody(req);
    if (!b) return ErrorResponse(b.error());
    registry::CommitmentInput in{
        .org_code = Str(*b, "unit_code"), .rep_name = Str(*b, "rep_name"),
        .nationality = Str(*b, "nationality").empty() ? "Việt Nam" : Str(*b, "nationality"),
        .id_number = Str(*b, "id_number"), .phone = Str(*b, "phone"),
        .issue_date = Str(*b, "issue_date"), .issue_place = Str(*b, "issue_place"),
        .position = Str(*b, "position"), .sign_place = Str(*b, "sign_place"),
        .sign_date = Str(*b, "sign_date"), .valid_to = Str(*b, "valid_to"), .scan = {},
        .scan_filename = {}};
    auto c = registry::AddCommitment(db, in, Actor(req));
    return Render(c, [](const auto& v) { return ToJson(v); }, 201);
  }
  if (s.size() == 5 && req.method == "POST" && s[4] == "scan") {
    auto id = ParseId(s[3], "Số bản cam kết");
    if (!id) return ErrorResponse(id.error());
    auto fn = req.query.find("filename");
    auto c = registry::AttachScan(db, *id, req.body, fn == req.query.end() ? "scan.pdf" : fn->second,
                                  Actor(req));
    return Render(c, [](const auto& v) { return ToJson(v); });
  }
  return ErrorResponse(Error::NotFound("Không có đường dẫn " + req.method + " " + req.path + "."));
}

Response Orgs(store::Database& db, const Request& req, const std::vector<std::string>& s) {
  if (req.method != "GET") return ErrorResponse(Error::NotFound("Danh mục đơn vị chỉ đọc qua API."));
  if (s.size() == 3) return ListOrgs(db, req);
  if (s.size() == 4) {
    auto o = db.Read([&](store::Tx& tx) { return registry::FindOrg(tx, s[3]); });
    return Render(o, [](const auto& v) { return ToJson(v); });
  }
  if (s.size() == 5 && s[4] == "commitments") {
    auto cs = db.Read([&](store::Tx& tx) { return registry::CommitmentsOf(tx, s[3]); });
    return Render(cs, [](const auto& v) {
      json items = json::array();
      for (const auto& c : v) items.push_back(ToJson(c));
      return json{{"items", items}, {"count", items.size()}};
    });
  }
  return ErrorResponse(Error::NotFound("Không có đường dẫn " + req.path + "."));
}

Response Validate(const Request& req, const std::vector<std::string>& s) {
  if (s.size() != 4 || req.method != "GET") return ErrorResponse(Error::NotFound("Dùng GET /api/v1/validate/{kind}?value=..."));
  auto v = req.query.find("value");
  auto r = core::ValidateByKind(s[3], v == req.query.end() ? "" : v->second);
  if (!r) return Json(200, {{"valid", false}, {"kind", s[3]}, {"message", r.error().message}});
  return Json(200, {{"valid", true}, {"kind", s[3]}, {"value", *r}});
}

}  // namespace

std::string ActorOf(const Request& req) {
  return req.principal ? "web:" + req.principal->login : "api@" + req.peer;
}

namespace {

// The API document with the purpose codes in force (issue 11 item 3): x-dancu-purposes lists
// dancu's codes, their national codes and the codes each integrated system may send.
Response OpenApi(store::Database& db) {
  auto doc = json::parse(EmbeddedWebFile("openapi.json"), nullptr, false);
  auto purposes = db.Read([](store::Tx& tx) { return gateway::ListPurposeMap(tx); });
  if (!doc.is_discarded() && purposes) {
    json list = json::array();
    for (const auto& m : *purposes) {
      json sent = json::array();
      for (const auto& a : m.aliases) sent.push_back({{"system_id", a.system_id}, {"code", a.code}});
      list.push_back({{"code", m.code}, {"text", m.text}, {"national_code", m.national_code}, {"aliases", sent}});
    }
    doc["x-dancu-purposes"] = std::move(list);
    return {200, "application/json", DumpJson(doc), {}};
  }
  return {200, "application/json", std::string(EmbeddedWebFile("openapi.json")), {}};
}

}  // namespace

Response HandleApi(store::Database& db, const Request& req) {
  auto s = Segments(req.path);
  if (req.path == "/healthz") return Json(200, {{"status", "ok"}, {"engine", db.Engine()}});
  if (req.path == "/openapi.json") return OpenApi(db);
  if (s.size() < 3 || s[0] != "api" || s[1] != "v1") {
    return ErrorResponse(Error::NotFound("Không có trang " + req.path + ". API nằm dưới /api/v1 (xem /openapi.json)."));
  }
  try {
    if (auto docs = HandleDocsApi(db, req, s)) return std::move(*docs);
    if (s[2] == "orgs") return Orgs(db, req, s);
    if (s[2] == "campaigns") return Campaigns(db, req, s);
    if (s[2] == "accounts") return Accounts(db, req, s);
    if (s[2] == "commitments") return Commitments(db, req, s);
    if (s[2] == "validate") return Validate(req, s);
    if (s[2] == "purposes" && s.size() == 3 && req.method == "GET") {
      // With the mapping (issue 11 item 3): the national code sent upstream, the codes systems send.
      auto rows = db.Read([](store::Tx& tx) { return gateway::ListPurposeMap(tx); });
      return Render(rows, [](const auto& v) {
        json items = json::array();
        for (const auto& m : v) {
          json aliases = json::array();
          for (const auto& a : m.aliases) aliases.push_back({{"system_id", a.system_id}, {"system", a.system_name}, {"code", a.code}});
          items.push_back({{"code", m.code}, {"text", m.text}, {"national_code", m.national_code}, {"aliases", aliases}});
        }
        return json{{"items", items}, {"count", items.size()}};
      });
    }
  } catch (const std::exception& e) {
    return ErrorResponse(Error::Internal(std::string("Lỗi nội bộ: ") + e.what()));
  }
  return ErrorResponse(Error::NotFound("Không có đường dẫn " + req.method + " " + req.path + "."));
}

}  // namespace dancu::web
