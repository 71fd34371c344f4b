// Login, second factor, lockout and server-side sessions.
#include <algorithm>

#include "auth/auth_internal.h"
#include "core/hash.h"

namespace dancu::auth {

using core::Error;
using core::Fail;
using internal::UserRecord;

namespace {

constexpr std::string_view kGeneric = "Tên đăng nhập hoặc mật khẩu không đúng.";
constexpr std::string_view kExpired = "Phiên đăng nhập đã hết hạn hoặc đã đăng xuất; hãy đăng nhập lại.";
constexpr std::string_view kBadCode = "Mã xác thực không đúng hoặc đã dùng; hãy nhập mã mới đang hiện trong ứng dụng.";
// A session's last_seen is written at most this often (not one write per request).
constexpr int64_t kRefreshSeconds = 60;
constexpr size_t kTokenBytes = 32;

std::string_view StageCode(Stage s) {
  switch (s) {
    case Stage::kComplete: return "complete";
    case Stage::kNeedTotp: return "totp";
    case Stage::kNeedEnrolment: return "enrol";
  }
  return "complete";
}

Stage ParseStage(std::string_view s) {
  if (s == "totp") return Stage::kNeedTotp;
  if (s == "enrol") return Stage::kNeedEnrolment;
  return Stage::kComplete;
}

Error Generic() { return Error::Unauthenticated(std::string(kGeneric)); }

std::string IpDetail(const std::string& ip) { return "ip=" + ip; }

// A session row with its user, as read by Find.
struct Found {
  std::string token_hash;
  std::string csrf;
  Stage stage = Stage::kComplete;
  std::string created_at;
  std::string ip;
  int64_t last_seen = 0;
  int64_t expires = 0;
  UserRecord user;
};

}  // namespace

struct Sessions::Impl {
  Impl(store::Database& db, internal::UsersCore& core, SessionOptions opt)
      : db(db), core(core), opt(std::move(opt)), throttle(this->opt),
        code_policy{this->opt.free_failures, this->opt.first_lockout.count(), this->opt.max_lockout.count()} {}

  // Seconds a session may stay unused: the idle timeout once complete, else the step timeout.
  int64_t IdleLimit(Stage s) const {
    auto limit = s == Stage::kComplete ? opt.idle_timeout : std::min(opt.idle_timeout, opt.step_timeout);
    return limit.count();
  }

  Session ToSession(const Found& f) const {
    Session s;
    s.csrf = f.csrf;
    s.user = f.user.user;
    s.stage = f.stage;
    s.created_at = f.created_at;
    int64_t until = std::min(f.last_seen + IdleLimit(f.stage), f.expires);
    s.expires_idle = std::chrono::system_clock::time_point{std::chrono::seconds(until)};
    return s;
  }

  // The live session behind `token`; an expired one is deleted. Errors: unauthenticated.
  Result<Found> Find(const std::string& token, int64_t now) {
    if (token.empty()) return Fail(Error::Unauthenticated(std::string(kExpired)));
    const std::string hash = core::Sha256Hex(token);
    auto found = db.Read([&](store::Tx& tx) -> Result<Found> {
      auto rows = tx.Query(
          "SELECT user_id, csrf, stage, created_at, ip, last_seen, expires FROM user_session "
          "WHERE token_hash = ?",
          {hash});
      if (!rows) return Fail(rows.error());
      if (rows->empty()) return Fail(Error::Unauthenticated(std::string(kExpired)));
      const auto& r = rows->front();
      Found f{hash, r.Text(1), ParseStage(r.Text(2)), r.Text(3), r.Text(4), r.Int(5), r.Int(6), {}};
      auto user = internal::LoadUserById(tx, r.Int(0));
      if (!user) return Fail(user.error());
      f.user = std::move(*user);
      return f;
    });
    if (!found) return Fail(found.error());
    if (now >= found->expires || now - found->last_seen >= IdleLimit(found->stage) ||
        found->user.user.disabled) {
      (void)db.Write([&](store::Tx& tx) { return tx.Exec("DELETE FROM user_session WHERE token_hash = ?", {hash}); });
      return Fail(Error::Unauthenticated(std::string(kExpired)));
    }
    return found;
  }

  // Counts one wrong TOTP code of `u` towards its account's pause (in the database: only
  // someone who knows the password gets this far). Returns the pause's end, 0 when none.
  Result<int64_t> CodeFailure(const UserRecord& u, const std::string& ip, int64_t now) {
    return internal::CountCodeFailure(db, u, ip, now, "totp", code_policy, internal::LocalIso(opt.now()));
  }

  // Counts a wrong password (or unknown or disabled login) from `ip` in the throttle and
  // records it; the refusal says when to retry once a pause has started.
  Error PasswordFailure(const std::string& login, const std::string& ip, const std::string& reason,
                        int64_t now, const std::string& at) {
    const int64_t until = throttle.Failure(login, ip, now);
    if (!login.empty()) Refused(login, ip, reason, until, at);
    return until > 0 ? internal::Paused(until) : Generic();
  }

  // Records a refused login (history row "login_failed") and, when it started a pause of the
  // address, "locked" (the attempts refused during the pause write nothing: a flood is free).
  void Refused(const std::string& login, const std::string& ip, const std::string& reason,
               int64_t paused_until, const std::string& at) {
    (void)db.Write([&](store::Tx& tx) -> Result<void> {
      auto f = internal::Record(tx, "web@" + ip, login, "login_failed", IpDetail(ip) + "; reason=" + reason, at);
      if (!f || paused_until == 0) return f;
      std::chrono::system_clock::time_point end{std::chrono::seconds(paused_until)};
      return internal::Record(tx, "web@" + ip, login, "locked", IpDetail(ip) + "; until=" + internal::LocalIso(end), at);
    });
  }

  // A new session for `u` whose password was right; its stage says what must follow.
  Result<Session> Open(const UserRecord& u, const std::string& ip,
                       std::chrono::system_clock::time_point now_tp) {
    const int64_t now = internal::UnixSeconds(now_tp);
    const std::string at = internal::LocalIso(now_tp);
    const Stage stage = u.user.totp_enrolled        ? Stage::kNeedTotp
                        : TotpRequired(u.user.role) ? Stage::kNeedEnrolment
                                                    : Stage::kComplete;
    Session s;
    s.token = internal::RandomToken(kTokenBytes);
    s.csrf = internal::RandomToken(kTokenBytes);
    s.user = u.user;
    s.stage = stage;
    s.created_at = at;
    const int64_t expires = now + opt.absolute_timeout.count();
    s.expires_idle = std::chrono::system_clock::time_point{
        std::chrono::seconds(std::min(now + IdleLimit(stage), expires))};
    auto st = db.Write([&](store::Tx& tx) -> Result<void> {
      if (auto r = Succeeded(tx, u, stage == Stage::kComplete, at); !r) return r;
      // Sweep sessions nobody will use again (logins are rare enough to carry this).
      auto swept = tx.Exec(
          "DELETE FROM user_session WHERE expires <= ? OR (stage = 'complete' AND last_seen <= ?) "
          "OR (stage <> 'complete' AND last_seen <= ?)",
          {now, now - IdleLimit(Stage::kComplete), now - IdleLimit(Stage::kNeedTotp)});
      if (!swept) return Fail(swept.error());
      auto ins = tx.Exec(
          "INSERT INTO user_session (token_hash, user_id, csrf, stage, ip, created_at, last_seen, expires) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {core::Sha256Hex(s.token), u.user.id, s.csrf, std::string(StageCode(stage)), ip, at, now, expires});
      if (!ins) return Fail(ins.error());
      const bool done = stage == Stage::kComplete;
      return internal::Record(tx, u.user.login, u.user.login, done ? "login" : "password_ok",
                              IpDetail(ip) + (done ? "" : "; next=" + std::string(StageCode(stage))), at);
    });
    if (!st) return Fail(st.error());
    if (stage == Stage::kComplete) s.user.last_login_at = at;
    return s;
  }

  // Marks a completed sign-in: failures and lock cleared, last login time set. A right
  // password followed by a code step clears nothing, or a thief of the password could log in
  // again between code guesses and never be locked out.
  static Result<void> Succeeded(store::Tx& tx, const UserRecord& u, bool complete, const std::string& at) {
    if (!complete) return {};
    auto st = tx.Exec("UPDATE app_user SET failed_logins = 0, locked_until = 0, last_login_at = ? WHERE id = ?",
                      {at, u.user.id});
    if (!st) return Fail(st.error());
    return {};
  }

  store::Database& db;
  internal::UsersCore& core;
  SessionOptions opt;
  internal::LoginThrottle throttle;
  internal::LockPolicy code_policy;
};

Sessions::Sessions(store::Database& db, Users& users, SessionOptions options)
    : impl_(std::make_unique<Impl>(db, *users.impl_, std::move(options))) {}

Sessions::~Sessions() = default;

// Issue 10 item 4: throttled before any hash or database read, so a flood costs nothing and
// slows nobody else; unknown, disabled and wrong all cost one hash and say the same.
Result<Session> Sessions::Login(const std::string& login_in, const std::string& password,
                                const std::string& ip) {
  auto& d = *impl_;
  const auto now_tp = d.opt.now();
  const int64_t now = internal::UnixSeconds(now_tp);
  const std::string at = internal::LocalIso(now_tp);
  auto login = ParseUserLogin(login_in);
  const std::string key = login ? *login : "";
  if (const int64_t until = d.throttle.PausedUntil(key, ip, now); until > 0) {
    return Fail(internal::Paused(until));
  }
  auto rec = login ? d.db.Read([&](store::Tx& tx) { return internal::LoadUser(tx, *login); })
                   : Result<UserRecord>(std::unexpected(login.error()));
  if (!rec) {
    if (login && rec.error().code != core::Code::kNotFound) return Fail(rec.error());
    if (auto dummy = d.core.VerifyDummy(password); !dummy) return Fail(dummy.error());
    return Fail(d.PasswordFailure(key, ip, "unknown", now, at));
  }
  auto ok = d.core.gate.Verify(rec->password_hash, password);
  if (!ok) return Fail(ok.error());
  if (rec->user.disabled) return Fail(d.PasswordFailure(key, ip, "disabled", now, at));
  if (!*ok) return Fail(d.PasswordFailure(key, ip, "password", now, at));
  d.throttle.Success(key, ip);
  // Paused by wrong codes: said only to someone who knows the password.
  if (rec->locked_until > now) return Fail(internal::Paused(rec->locked_until));
  return d.Open(*rec, ip, now_tp);
}

Result<Session> Sessions::SecondFactor(const std::string& token, const std::string& code,
                                       const std::string& ip) {
  auto& d = *impl_;
  const auto now_tp = d.opt.now();
  const int64_t now = internal::UnixSeconds(now_tp);
  const std::string at = internal::LocalIso(now_tp);
  auto f = d.Find(token, now);
  if (!f) return Fail(f.error());
  if (f->stage != Stage::kNeedTotp || f->user.totp_secret.empty()) {
    return Fail(Error::Unauthenticated("Phiên này không chờ mã xác thực; hãy đăng nhập lại."));
  }
  if (f->user.locked_until > now) return Fail(internal::Paused(f->user.locked_until));
  auto secret = d.core.key.Open(f->user.totp_secret);
  if (!secret) return Fail(secret.error());
  auto step = internal::MatchTotp(*secret, code, now);
  if (!step) return Fail(step.error());
  auto fail = [&]() -> Result<Session> {
    auto until = d.CodeFailure(f->user, ip, now);
    if (!until) return Fail(until.error());
    return Fail(*until > 0 ? internal::Paused(*until) : Error::Unauthenticated(std::string(kBadCode)));
  };
  // RFC 6238 §5.2: a code is accepted once; a step at or before the last one is a replay.
  if (*step < 0 || *step <= f->user.totp_last_step) return fail();
  auto used = d.db.Write([&](store::Tx& tx) -> Result<bool> {
    // The step guard again inside the write: two requests with one code, only one wins.
    auto n = tx.Exec("UPDATE app_user SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                     {*step, f->user.user.id, *step});
    if (!n) return Fail(n.error());
    if (*n == 0) return false;
    if (auto r = Impl::Succeeded(tx, f->user, true, at); !r) return Fail(r.error());
    auto s = tx.Exec("UPDATE user_session SET stage = 'complete', last_seen = ? WHERE token_hash = ?",
                     {now, f->token_hash});
    if (!s) return Fail(s.error());
    auto h = internal::Record(tx, f->user.user.login, f->user.user.login, "login", IpDetail(ip) + "; totp", at);
    if (!h) return Fail(h.error());
    return true;
  });
  if (!used) return Fail(used.error());
  if (!*used) return fail();
  f->stage = Stage::kComplete;
  f->last_seen = now;
  f->user.user.last_login_at = at;
  return d.ToSession(*f);
}

Result<Session> Sessions::EnrolmentDone(const std::string& token) {
  auto& d = *impl_;
  const auto now_tp = d.opt.now();
  const int64_t now = internal::UnixSeconds(now_tp);
  const std::string at = internal::LocalIso(now_tp);
  auto f = d.Find(token, now);
  if (!f) return Fail(f.error());
  if (f->stage != Stage::kNeedEnrolment) {
    return Fail(Error::Unauthenticated("Phiên này không chờ đăng ký ứng dụng xác thực; hãy đăng nhập lại."));
  }
  if (f->user.totp_secret.empty()) {
    return Fail(Error::Conflict("Chưa đăng ký ứng dụng xác thực; hãy quét mã QR và nhập mã 6 chữ số trước."));
  }
  auto st = d.db.Write([&](store::Tx& tx) -> Result<void> {
    if (auto r = Impl::Succeeded(tx, f->user, true, at); !r) return r;
    auto s = tx.Exec("UPDATE user_session SET stage = 'complete', last_seen = ? WHERE token_hash = ?",
                     {now, f->token_hash});
    if (!s) return Fail(s.error());
    return internal::Record(tx, f->user.user.login, f->user.user.login, "login",
                            IpDetail(f->ip) + "; totp_enrolled", at);
  });
  if (!st) return Fail(st.error());
  f->stage = Stage::kComplete;
  f->last_seen = now;
  f->user.user.last_login_at = at;
  return d.ToSession(*f);
}

Result<Session> Sessions::Resolve(const std::string& token) {
  auto& d = *impl_;
  const int64_t now = internal::UnixSeconds(d.opt.now());
  auto f = d.Find(token, now);
  if (!f) return Fail(f.error());
  // A pending step keeps its deadline; a complete session is refreshed, at most once a minute.
  if (f->stage == Stage::kComplete && now - f->last_seen >= kRefreshSeconds) {
    auto st = d.db.Write([&](store::Tx& tx) {
      return tx.Exec("UPDATE user_session SET last_seen = ? WHERE token_hash = ?", {now, f->token_hash});
    });
    if (!st) return Fail(st.error());
    f->last_seen = now;
  }
  return d.ToSession(*f);
}

void Sessions::Logout(const std::string& token) {
  if (token.empty()) return;
  auto& d = *impl_;
  const std::string at = internal::LocalIso(d.opt.now());
  const std::string hash = core::Sha256Hex(token);
  (void)d.db.Write([&](store::Tx& tx) -> Result<void> {
    auto rows = tx.Query(
        "SELECT u.login, s.ip FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ?",
        {hash});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return {};
    auto n = tx.Exec("DELETE FROM user_session WHERE token_hash = ?", {hash});
    if (!n) return Fail(n.error());
    const std::string login = rows->front().Text(0);
    return internal::Record(tx, login, login, "logout", IpDetail(rows->front().Text(1)), at);
  });
}

void Sessions::LogoutAll(int64_t user_id) {
  auto& d = *impl_;
  const std::string at = internal::LocalIso(d.opt.now());
  (void)d.db.Write([&](store::Tx& tx) -> Result<void> {
    auto u = internal::LoadUserById(tx, user_id);
    if (!u) return Fail(u.error());
    auto n = internal::EndSessions(tx, user_id);
    if (!n) return Fail(n.error());
    return internal::Record(tx, u->user.login, u->user.login, "logout_all",
                            "sessions_ended=" + std::to_string(*n), at);
  });
}

void Sessions::LogoutOthers(int64_t user_id, const std::string& keep_token) {
  auto& d = *impl_;
  const std::string at = internal::LocalIso(d.opt.now());
  (void)d.db.Write([&](store::Tx& tx) -> Result<void> {
    auto u = internal::LoadUserById(tx, user_id);
    if (!u) return Fail(u.error());
    auto n = tx.Exec("DELETE FROM user_session WHERE user_id = ? AND token_hash <> ?",
                     {user_id, core::Sha256Hex(keep_token)});
    if (!n) return Fail(n.error());
    return internal::Record(tx, u->user.login, u->user.login, "logout_others",
                            "sessions_ended=" + std::to_string(*n), at);
  });
}

}  // namespace dancu::auth
