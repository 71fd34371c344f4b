// Admin API over the web application's users: list, add, new password, disable/enable,
// reset TOTP. auth::Users records each change in the history with the admin as actor.
#include <nlohmann/json.hpp>
#include <set>

#include "auth/auth.h"
#include "core/validate.h"
#include "registry/catalogue.h"
#include "web/api_admin.h"

namespace dancu::web::admin {

using core::Error;
using core::FieldError;
using nlohmann::json;

namespace {

Response NoUsers() {
  return ErrorJson(Error::Unavailable("Máy chủ này chưa bật quản lý người dùng."));
}

// auth's messages also serve the CLI and name its flags ("(--unit)"); the page has fields.
std::string WithoutFlags(std::string m) {
  for (size_t at = m.find(" (--"); at != std::string::npos; at = m.find(" (--", at)) {
    size_t end = m.find(')', at);
    if (end == std::string::npos) break;
    m.erase(at, end - at + 1);
  }
  for (size_t at = m.find("--"); at != std::string::npos; at = m.find("--", at)) {
    size_t end = m.find_first_of(" .;", at);
    m.replace(at, (end == std::string::npos ? m.size() : end) - at, "ô này");
  }
  return m;
}

// The field an auth error is about, so that the page marks it.
Error OnField(const Error& e) {
  if (!e.details.empty()) return e;
  std::string m = WithoutFlags(e.message), field;
  if (m.starts_with("Tên đăng nhập") || m.find("tên đăng nhập") != std::string::npos) field = "login";
  else if (m.starts_with("Tài khoản") || m.find("tài khoản tra cứu") != std::string::npos) field = "account";
  else if (m.find("đơn vị") != std::string::npos || m.find("Đơn vị") != std::string::npos) field = "unit_code";
  else if (m.starts_with("Họ tên")) field = "display_name";
  else if (m.find("Mật khẩu") != std::string::npos || m.find("mật khẩu") != std::string::npos) field = "password";
  Error out = e;
  out.message = m;
  if (!field.empty()) out.details.push_back({0, field, m});
  return out;
}

json UserJson(const auth::User& u, const std::map<std::string, std::string>& unit_names) {
  auto unit = unit_names.find(u.unit_code);
  return {{"id", u.id}, {"login", u.login}, {"display_name", u.display_name},
          {"role", std::string(auth::RoleName(u.role))}, {"role_label", std::string(auth::RoleLabel(u.role))},
          {"unit_code", u.unit_code}, {"unit_name", unit == unit_names.end() ? "" : unit->second},
          {"account", u.account}, {"disabled", u.disabled}, {"totp_enrolled", u.totp_enrolled},
          {"totp_required", auth::TotpRequired(u.role)}, {"must_change_password", u.must_change_password},
          {"created_at", u.created_at}, {"last_login_at", u.last_login_at}};
}

// Names of the units of `users` (a few distinct codes: one look-up each).
std::map<std::string, std::string> UnitNames(Services& s, const std::vector<auth::User>& users) {
  std::set<std::string> codes;
  for (const auto& u : users) if (!u.unit_code.empty()) codes.insert(u.unit_code);
  std::map<std::string, std::string> out;
  (void)s.db.Read([&](store::Tx& tx) -> core::Result<bool> {
    for (const auto& c : codes) {
      if (auto o = registry::FindOrg(tx, c)) out[c] = o->name;
    }
    return true;
  });
  return out;
}

Response One(Services& s, const core::Result<auth::User>& u, const std::string& password = "",
             bool with_password = false) {
  if (!u) return ErrorJson(OnField(u.error()));
  json body = {{"user", UserJson(*u, UnitNames(s, {*u}))}};
  if (with_password) body["password"] = password;
  return JsonResponse(200, body);
}

std::string LoginParam(const Params& p) {
  auto it = p.find("login");
  return it == p.end() ? "" : it->second;
}

}  // namespace

Response ListUsers(Services& s, const Request&, const Params&) {
  if (!s.users) return NoUsers();
  auto all = s.users->List();
  if (!all) return ErrorJson(all.error());
  auto names = UnitNames(s, *all);
  json items = json::array();
  for (const auto& u : *all) items.push_back(UserJson(u, names));
  return JsonResponse(200, {{"items", items}, {"count", items.size()}});
}

Response AddUser(Services& s, const Request& req, const Params&) {
  if (!s.users) return NoUsers();
  auto body = BodyObject(req);
  if (!body) return ErrorJson(body.error());
  std::vector<FieldError> errors;
  auto role = auth::ParseRole(Str(*body, "role"));
  if (!role) errors.push_back({0, "role", "Hãy chọn vai trò."});
  auto login = auth::ParseUserLogin(Str(*body, "login"));
  if (!login) errors.push_back({0, "login", login.error().message});
  auth::NewUser u{.login = login.value_or(""), .display_name = Str(*body, "display_name"),
                  .role = role.value_or(auth::Role::kOfficial), .unit_code = Str(*body, "unit_code"),
                  .account = Str(*body, "account"), .password = Str(*body, "password")};
  bool official = role && *role == auth::Role::kOfficial;
  // An official's name and unit come from its account's form when not typed.
  if (!official || !u.display_name.empty()) {
    if (auto n = core::PersonName::Parse(u.display_name); !n) errors.push_back({0, "display_name", n.error().message});
  }
  if (official) u.unit_code.clear();
  else u.account.clear();
  if (role && *role == auth::Role::kFocal && u.unit_code.empty()) {
    errors.push_back({0, "unit_code", "Đầu mối đơn vị phải thuộc một đơn vị: hãy chọn đơn vị."});
  }
  if (official && u.account.empty()) {
    errors.push_back({0, "account", "Hãy nhập tài khoản khai thác (tên đăng nhập trên phiếu đăng ký) của cán bộ."});
  }
  if (!errors.empty()) {
    return ErrorJson(Error::Invalid("Thông tin người dùng chưa đúng; xem các ô được đánh dấu.", std::move(errors)));
  }
  auto added = s.users->Add(u, ActorOf(req));
  if (!added) return ErrorJson(OnField(added.error()));
  json body_out = {{"user", UserJson(added->user, UnitNames(s, {added->user}))}, {"password", added->password}};
  return JsonResponse(201, body_out);
}

Response ResetUserPassword(Services& s, const Request& req, const Params& p) {
  if (!s.users) return NoUsers();
  auto body = BodyObject(req);
  if (!body) return ErrorJson(body.error());
  auto r = s.users->ResetPassword(LoginParam(p), Str(*body, "password"), ActorOf(req));
  if (!r) return ErrorJson(OnField(r.error()));
  return One(s, r->user, r->password, true);
}

Response DisableUser(Services& s, const Request& req, const Params& p) {
  if (!s.users) return NoUsers();
  if (req.principal && auth::ParseUserLogin(LoginParam(p)).value_or("") == req.principal->login) {
    return ErrorJson(Error::Conflict("Bạn không thể tự khóa tài khoản của chính mình; hãy nhờ một quản trị khác."));
  }
  return One(s, s.users->SetDisabled(LoginParam(p), true, ActorOf(req)));
}

Response EnableUser(Services& s, const Request& req, const Params& p) {
  if (!s.users) return NoUsers();
  return One(s, s.users->SetDisabled(LoginParam(p), false, ActorOf(req)));
}

Response ResetUserTotp(Services& s, const Request& req, const Params& p) {
  if (!s.users) return NoUsers();
  return One(s, s.users->ResetTotp(LoginParam(p), ActorOf(req)));
}

}  // namespace dancu::web::admin
