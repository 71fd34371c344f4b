// The route table: matching, menus, and the registry API's entries (roles and unit scopes).
#include "web/routes.h"

#include <sodium.h>

#include <sstream>

#include "web/json.h"

namespace dancu::web {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool Matches(const Route& r, const std::vector<std::string_view>& segs, Params& params) {
  auto pat = Split(r.pattern);
  params.clear();
  for (size_t i = 0; i < pat.size(); ++i) {
    if (pat[i] == "{*}") {
      if (i >= segs.size()) return false;
      std::string rest;
      for (size_t k = i; k < segs.size(); ++k) rest += (k > i ? "/" : "") + std::string(segs[k]);
      params["*"] = rest;
      return true;
    }
    if (i >= segs.size()) return false;
    if (pat[i].size() > 2 && pat[i].front() == '{' && pat[i].back() == '}') {
      params[std::string(pat[i].substr(1, pat[i].size() - 2))] = std::string(segs[i]);
    } else if (pat[i] != segs[i]) {
      return false;
    }
  }
  return pat.size() == segs.size();
}

Route Api(std::string method, std::string pattern, unsigned roles, Scope scope, std::string doc) {
  return ApiRoute(std::move(method), std::move(pattern), roles, nullptr, std::move(doc), scope);
}

}  // namespace

Route PageRoute(std::string path, unsigned roles, std::string title, std::string script,
                std::string doc, bool in_menu) {
  Route r;
  r.method = "GET";
  r.pattern = std::move(path);
  r.roles = roles;
  r.page_title = std::move(title);
  r.page_script = std::move(script);
  r.in_menu = in_menu;
  r.doc = std::move(doc);
  return r;
}

Route ApiRoute(std::string method, std::string pattern, unsigned roles, SyncHandler handler,
               std::string doc, Scope scope) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.roles = roles;
  r.scope = scope;
  r.handler = std::move(handler);
  r.doc = std::move(doc);
  return r;
}

Route AsyncApiRoute(std::string method, std::string pattern, unsigned roles,
                    AsyncRouteHandler handler, std::string doc) {
  Route r = ApiRoute(std::move(method), std::move(pattern), roles, nullptr, std::move(doc));
  r.async_handler = std::move(handler);
  return r;
}

unsigned RoleBitOf(std::string_view role) {
  if (role == "admin") return kAdmin;
  if (role == "focal") return kFocal;
  if (role == "official") return kOfficial;
  if (role == "auditor") return kAuditor;
  return 0;
}

std::vector<Route> RegistryRoutes() {
  constexpr unsigned AFU = kAdmin | kFocal | kAuditor, AU = kAdmin | kAuditor, AF = kAdmin | kFocal;
  const std::string c = "/api/v1/campaigns/{id}";
  const std::string reg = c + "/registrations/{unit}";
  return {
      Api("GET", "/api/v1/orgs", AFU, Scope::kNone, "danh mục đơn vị"),
      Api("GET", "/api/v1/orgs/{unit}", AFU, Scope::kPathUnit, "một đơn vị"),
      Api("GET", "/api/v1/orgs/{unit}/commitments", AFU, Scope::kPathUnit, "bản cam kết của đơn vị"),
      Api("GET", "/api/v1/purposes", kEveryUser, Scope::kNone, "danh mục mục đích"),
      Api("GET", "/api/v1/validate/{kind}", kEveryUser, Scope::kNone, "kiểm tra một giá trị"),
      Api("GET", "/api/v1/campaigns", AFU, Scope::kNone, "các đợt đăng ký"),
      Api("POST", "/api/v1/campaigns", kAdmin, Scope::kNone, "tạo đợt"),
      Api("GET", c, AFU, Scope::kNone, "một đợt"),
      Api("GET", c + "/accounts.xlsx", AU, Scope::kNone, "xuất tài khoản XLSX"),
      Api("GET", c + "/accounts.csv", AU, Scope::kNone, "xuất tài khoản CSV"),
      Api("GET", c + "/registrations", AU, Scope::kNone, "các phiếu của đợt"),
      Api("GET", reg, AFU, Scope::kPathUnit, "phiếu của một đơn vị"),
      Api("GET", reg + "/history", AFU, Scope::kPathUnit, "lịch sử phiếu"),
      Upload(Api("POST", reg + "/import", AF, Scope::kPathUnit, "nhập phiếu từ tệp")),
      Api("POST", reg + "/submit", AF, Scope::kPathUnit, "nộp phiếu"),
      Api("POST", reg + "/approve", kAdmin, Scope::kNone, "duyệt phiếu"),
      Api("POST", reg + "/return", kAdmin, Scope::kNone, "trả lại phiếu"),
      Api("POST", reg + "/send", kAdmin, Scope::kNone, "gửi C06"),
      Api("POST", reg + "/activate", kAdmin, Scope::kNone, "kích hoạt"),
      Api("GET", reg + "/form.docx", AFU, Scope::kPathUnit, "phiếu điền sẵn DOCX"),
      Api("GET", reg + "/form.xlsx", AFU, Scope::kPathUnit, "phiếu điền sẵn XLSX"),
      Api("POST", "/api/v1/accounts/{id}/suspend", kAdmin, Scope::kNone, "tạm dừng tài khoản"),
      Api("POST", "/api/v1/accounts/{id}/resume", kAdmin, Scope::kNone, "mở lại tài khoản"),
      Api("POST", "/api/v1/accounts/{id}/revoke", kAdmin, Scope::kNone, "thu hồi tài khoản"),
      Api("POST", "/api/v1/accounts/{id}/official-id", kAdmin, Scope::kNone, "số CCCD của cán bộ"),
      Api("POST", "/api/v1/commitments", AF, Scope::kBodyUnit, "thêm bản cam kết"),
      Upload(Api("POST", "/api/v1/commitments/{commitment}/scan", AF, Scope::kCommitmentUnit, "tải bản ký")),
      Api("GET", "/api/v1/commitments/{commitment}/document.docx", AFU, Scope::kCommitmentUnit, "bản cam kết DOCX"),
      Api("GET", "/api/v1/commitments/{commitment}/scan.pdf", AFU, Scope::kCommitmentUnit, "bản ký PDF"),
      Api("GET", c + "/compliance", AU, Scope::kNone, "tình hình đăng ký"),
      Api("GET", c + "/dashboard", AU, Scope::kNone, "số liệu bảng điều khiển"),
      Api("GET", c + "/letters/reminder/inputs", kAdmin, Scope::kNone, "thông tin công văn đã lưu"),
      Api("POST", c + "/letters/reminder", kAdmin, Scope::kNone, "tạo công văn đôn đốc"),
  };
}

const std::vector<Route>& AllRoutes() {
  static const std::vector<Route> all = [] {
    std::vector<Route> v;
    for (auto list : {PublicRoutes(), SessionRoutes(), RegistryRoutes(), AdminRoutes(), UnitRoutes(),
                      OfficialRoutes(), AuditRoutes()}) {
      for (auto& r : list) v.push_back(std::move(r));
    }
    return v;
  }();
  return all;
}

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
  RouteMatch m;
  auto segs = Split(path);
  Params params;
  for (const auto& r : AllRoutes()) {
    if (!Matches(r, segs, params)) continue;
    m.path_known = true;
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
  }
  return m;
}

size_t BodyLimitFor(std::string_view method, std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  auto m = MatchRoute(method, path);
  return m.route ? m.route->max_body : kGatewayBodyLimit;
}

Route Upload(Route r) {
  r.max_body = kUploadBodyLimit;
  r.binary_body = true;
  return r;
}

std::vector<std::pair<std::string, std::string>> MenuOf(std::string_view role) {
  std::vector<std::pair<std::string, std::string>> out;
  unsigned bit = RoleBitOf(role);
  for (const auto& r : AllRoutes()) {
    if (!r.page_script.empty() && r.in_menu && (r.roles & bit) && r.roles != kEveryUser) {
      out.emplace_back(r.pattern, r.page_title);
    }
  }
  return out;
}

std::string HomeOf(std::string_view role) {
  auto menu = MenuOf(role);
  return menu.empty() ? "/tai-khoan" : menu.front().first;
}

Response JsonResponse(int status, const nlohmann::json& body) {
  return {status, "application/json; charset=utf-8", DumpJson(body), {}};
}

Response ErrorJson(const core::Error& e) { return JsonResponse(HttpStatus(e.code), ToJson(e)); }

bool CsrfMatches(const Request& req, const std::string& expected) {
  auto it = req.headers.find("x-csrf-token");
  if (expected.empty() || it == req.headers.end() || it->second.size() != expected.size()) return false;
  return sodium_memcmp(it->second.data(), expected.data(), expected.size()) == 0;
}

std::string QueryParam(const Request& r, const std::string& key, const std::string& fallback) {
  auto it = r.query.find(key);
  return it == r.query.end() ? fallback : it->second;
}

}  // namespace dancu::web
