// Sign-in and the session: login, TOTP second factor and enrolment, logout (here or
// everywhere), the user's own password, and "who am I" for the pages.
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "auth/auth.h"
#include "registry/catalogue.h"
#include "web/app.h"
#include "web/json.h"
#include "web/routes.h"

namespace dancu::web {
namespace {

using core::Error;
using nlohmann::json;

std::string StageName(auth::Stage s) {
  switch (s) {
    case auth::Stage::kComplete: return "complete";
    case auth::Stage::kNeedTotp: return "need_totp";
    case auth::Stage::kNeedEnrolment: return "need_enrolment";
  }
  return "complete";
}

json Body(const Request& req) {
  auto j = ParseJson(req.body);  // depth-limited
  return j && j->is_object() ? std::move(*j) : json::object();
}

std::string Str(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}


// Issue 10 item 5: a user whose password must change does only that (and reads itself, logs
// out) — not even TOTP enrolment from the account page.
Response PasswordChangeFirst() {
  return ErrorJson(Error::Denied("Bạn cần đổi mật khẩu trước khi dùng chức năng khác (trang Tài khoản của tôi)."));
}

Response BadCsrf() {
  return ErrorJson(Error::Denied("Yêu cầu thiếu mã chống giả mạo (CSRF) hợp lệ; hãy tải lại trang rồi thử lại."));
}

// The session behind the cookie, any stage, with its CSRF token checked.
core::Result<auth::Session> CurrentSession(Services& s, const Request& req) {
  std::string token = CookieValue(req, kSessionCookie);
  if (token.empty() || !s.sessions) return core::Fail(Error::Unauthenticated("Bạn cần đăng nhập."));
  auto session = s.sessions->Resolve(token);
  if (!session) return core::Fail(session.error());
  session->token = token;
  return session;
}

json UserJson(Services& s, const auth::User& u) {
  json j = {{"login", u.login}, {"display_name", u.display_name},
            {"role", std::string(auth::RoleName(u.role))}, {"role_label", std::string(auth::RoleLabel(u.role))},
            {"unit_code", u.unit_code}, {"account", u.account}, {"totp_enrolled", u.totp_enrolled},
            {"totp_required", auth::TotpRequired(u.role)}, {"must_change_password", u.must_change_password},
            {"last_login_at", u.last_login_at}};
  if (!u.unit_code.empty()) {
    auto org = s.db.Read([&](store::Tx& tx) { return registry::FindOrg(tx, u.unit_code); });
    if (org) j["unit_name"] = org->name;
  }
  return j;
}

Response Who(Services& s, const Request& req, const Params&) {
  auto session = CurrentSession(s, req);
  if (!session) return ErrorJson(session.error());
  json body = {{"stage", StageName(session->stage)}, {"csrf", session->csrf}};
  if (session->stage == auth::Stage::kComplete) {
    std::string role(auth::RoleName(session->user.role));
    body["user"] = UserJson(s, session->user);
    json menu = json::array();
    for (const auto& [path, title] : MenuOf(role)) menu.push_back({{"path", path}, {"title", title}});
    body["menu"] = menu;
    body["home"] = HomeOf(role);
  }
  return JsonResponse(200, body);
}

Response Login(Services& s, const Request& req, const Params&) {
  std::string pre = CookieValue(req, kPreLoginCookie);
  if (!CsrfMatches(req, pre)) {
    return ErrorJson(Error::Denied("Trang đăng nhập đã cũ hoặc thiếu mã chống giả mạo; hãy tải lại trang đăng nhập."));
  }
  auto b = Body(req);
  std::string login = Str(b, "login"), password = Str(b, "password");
  if (login.empty() || password.empty()) {
    std::vector<core::FieldError> details;
    if (login.empty()) details.push_back({0, "login", "Hãy nhập tên đăng nhập."});
    if (password.empty()) details.push_back({0, "password", "Hãy nhập mật khẩu."});
    return ErrorJson(Error::Invalid("Hãy nhập tên đăng nhập và mật khẩu.", std::move(details)));
  }
  auto session = s.sessions->Login(login, password, req.peer);
  if (!session) return ErrorJson(session.error());
  json body = {{"stage", StageName(session->stage)}, {"csrf", session->csrf}};
  if (session->stage == auth::Stage::kComplete) body["home"] = HomeOf(auth::RoleName(session->user.role));
  Response r = JsonResponse(200, body);
  r.headers["set-cookie"] = SetCookie(kSessionCookie, session->token, s.secure_cookies) + "\n" +
                            SetCookie(kPreLoginCookie, "", s.secure_cookies, 0, true);
  return r;
}

Response Totp(Services& s, const Request& req, const Params&) {
  auto session = CurrentSession(s, req);
  if (!session) return ErrorJson(session.error());
  if (!CsrfMatches(req, session->csrf)) return BadCsrf();
  auto done = s.sessions->SecondFactor(session->token, Str(Body(req), "code"), req.peer);
  if (!done) return ErrorJson(done.error());
  return JsonResponse(200, {{"stage", StageName(done->stage)}, {"home", HomeOf(auth::RoleName(done->user.role))}});
}

Response EnrolBegin(Services& s, const Request& req, const Params&) {
  auto session = CurrentSession(s, req);
  if (!session) return ErrorJson(session.error());
  if (!CsrfMatches(req, session->csrf)) return BadCsrf();
  if (session->stage == auth::Stage::kNeedTotp) {
    return ErrorJson(Error::Conflict("Hãy nhập mã xác thực hai lớp trước."));
  }
  if (auth::MayOnlyChangePassword(*session)) return PasswordChangeFirst();
  // Issue 10 item 6: a user with TOTP re-enrols only with a current code of it.
  auto e = s.users->BeginTotp(session->user.id, Str(Body(req), "current_code"));
  if (!e) return ErrorJson(e.error());
  return JsonResponse(200, {{"secret", e->secret_base32}, {"uri", e->uri}, {"qr_svg", e->qr_svg}});
}

Response EnrolConfirm(Services& s, const Request& req, const Params&) {
  auto session = CurrentSession(s, req);
  if (!session) return ErrorJson(session.error());
  if (!CsrfMatches(req, session->csrf)) return BadCsrf();
  if (session->stage == auth::Stage::kNeedTotp) {
    return ErrorJson(Error::Conflict("Hãy nhập mã xác thực hai lớp trước."));
  }
  if (auth::MayOnlyChangePassword(*session)) return PasswordChangeFirst();
  if (auto ok = s.users->ConfirmTotp(session->user.id, Str(Body(req), "code")); !ok) return ErrorJson(ok.error());
  auto stage = session->stage;
  if (stage == auth::Stage::kNeedEnrolment) {
    auto done = s.sessions->EnrolmentDone(session->token);
    if (!done) return ErrorJson(done.error());
    stage = done->stage;
  }
  return JsonResponse(200, {{"stage", StageName(stage)}, {"home", HomeOf(auth::RoleName(session->user.role))}});
}

Response Logout(Services& s, const Request& req, bool everywhere) {
  auto session = CurrentSession(s, req);
  if (!session) return ErrorJson(session.error());
  if (!CsrfMatches(req, session->csrf)) return BadCsrf();
  if (everywhere) s.sessions->LogoutAll(session->user.id);
  else s.sessions->Logout(session->token);
  Response r = JsonResponse(200, {{"logged_out", true}, {"everywhere", everywhere}});
  r.headers["set-cookie"] = SetCookie(kSessionCookie, "", s.secure_cookies, 0);
  return r;
}

Response ChangePassword(Services& s, const Request& req, const Params&) {
  auto b = Body(req);
  std::string old_pw = Str(b, "old_password"), new_pw = Str(b, "new_password");
  if (new_pw != Str(b, "new_password_again")) {
    return ErrorJson(Error::Invalid("Mật khẩu mới nhập lại không khớp.", {{0, "new_password_again", "Nhập lại đúng mật khẩu mới."}}));
  }
  auto st = s.users->ChangePassword(req.principal->user_id, old_pw, new_pw);
  if (!st && st.error().code == core::Code::kUnauthenticated) {
    // The session is fine; only the field is wrong (401 would send the page to the login).
    return ErrorJson(Error::Invalid("Mật khẩu hiện tại không đúng.", {{0, "old_password", "Mật khẩu hiện tại không đúng."}}));
  }
  if (!st) return ErrorJson(st.error());
  s.sessions->LogoutOthers(req.principal->user_id, CookieValue(req, kSessionCookie));
  return JsonResponse(200, {{"changed", true}, {"other_sessions_ended", true}});
}

Route R(std::string method, std::string pattern, unsigned roles, SyncHandler h, std::string doc) {
  return ApiRoute(std::move(method), std::move(pattern), roles, std::move(h), std::move(doc));
}

}  // namespace

std::vector<Route> SessionRoutes() {
  return {
      // These check the session themselves: they also serve half-finished sign-ins.
      R("GET", "/api/v1/session", kPublic, Who, "phiên hiện tại (401 khi chưa đăng nhập)"),
      R("POST", "/api/v1/session", kPublic, Login, "đăng nhập bằng mật khẩu"),
      R("POST", "/api/v1/session/totp", kPublic, Totp, "mã xác thực hai lớp"),
      R("POST", "/api/v1/session/enrolment", kPublic, EnrolBegin,
        "bắt đầu đăng ký TOTP (mã QR); đã có TOTP thì cần current_code, mã hiện tại"),
      R("POST", "/api/v1/session/enrolment/confirm", kPublic, EnrolConfirm, "xác nhận TOTP"),
      R("DELETE", "/api/v1/session", kPublic, [](Services& s, const Request& r, const Params&) { return Logout(s, r, false); },
        "đăng xuất"),
      R("POST", "/api/v1/session/logout-all", kPublic,
        [](Services& s, const Request& r, const Params&) { return Logout(s, r, true); }, "đăng xuất mọi nơi"),
      R("POST", "/api/v1/me/password", kEveryUser, ChangePassword, "đổi mật khẩu"),
      PageRoute("/tai-khoan", kEveryUser, "Tài khoản của tôi", "page-account.js",
                "đổi mật khẩu, xác thực hai lớp, đăng xuất mọi nơi", false),
  };
}

}  // namespace dancu::web
