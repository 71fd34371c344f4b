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

Error Locked(int64_t until) {
  return Error::Unauthenticated("Tài khoản tạm khóa do nhập sai nhiều lần; thử lại sau " +
                                internal::LocalHourMinute(until) + ".");
}

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
      : db(db), core(core), opt(std::move(opt)) {}

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

  // Counts one failure of `u` (password or code) and locks the account once the free
  // failures are spent: first_lockout, doubled per further failure, at most max_lockout.
  // Returns the lock's end (Unix seconds), 0 when not locked.
  Result<int64_t> Failure(const UserRecord& u, const std::string& ip, int64_t now,
                          const std::string& what) {
    const std::string at = internal::LocalIso(opt.now());
    return db.Write([&](store::Tx& tx) -> Result<int64_t> {
      auto row = tx.QueryOne("UPDATE app_user SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins",
                             {u.user.id}, "người dùng");
      if (!row) return Fail(row.error());
      const int64_t failures = row->Int(0);
      auto h = internal::Record(tx, "web@" + ip, u.user.login, "login_failed",
                                IpDetail(ip) + "; reason=" + what + "; failures=" + std::to_string(failures), at);
      if (!h) return Fail(h.error());
      if (failures < opt.free_failures) return int64_t(0);
      const int64_t doublings = std::min<int64_t>(failures - opt.free_failures, 30);
      int64_t seconds = opt.first_lockout.count();
      for (int64_t i = 0; i < doublings && seconds < opt.max_lockout.count(); ++i) seconds *= 2;
      seconds = std::min<int64_t>(seconds, opt.max_lockout.count());
      const int64_t until = now + seconds;
      auto st = tx.Exec("UPDATE app_user SET locked_until = ? WHERE id = ?", {until, u.user.id});
      if (!st) return Fail(st.error());
      auto l = internal::Record(tx, "web@" + ip, u.user.login, "locked",
                                IpDetail(ip) + "; seconds=" + std::to_string(seconds) +
                                    "; until=" + internal::LocalIso(std::chrono::system_clock::time_point{std::chrono::seconds(until)}),
                                at);
      if (!l) return Fail(l.error());
      return until;
    });
  }

  // Records a refused login that does not count towards the lockout.
  void Refused(const std::string& login, const std::string& ip, const std::string& reason,
               const std::string& at) {
    (void)db.Write([&](store::Tx& tx) {
      return internal::Record(tx, "web@" + ip, login, "login_failed", IpDetail(ip) + "; reason=" + reason, at);
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
};

Sessions::Sessions(store::Database& db, Users& users, SessionOptions options)
    : impl_(std::make_unique<Impl>(db, *users.impl_, std::move(options))) {}

Sessions::~Sessions() = default;

Result<Session> Sessions::Login(const std::string& login_in, const std::string& password,
                                const std::string& ip) {
  auto& d = *impl_;
  const auto now_tp = d.opt.now();
  const int64_t now = internal::UnixSeconds(now_tp);
  const std::string at = internal::LocalIso(now_tp);
  auto login = ParseUserLogin(login_in);
  auto rec = login ? d.db.Read([&](store::Tx& tx) { return internal::LoadUser(tx, *login); })
                   : Result<UserRecord>(std::unexpected(login.error()));
  if (!rec) {
    if (login && rec.error().code != core::Code::kNotFound) return Fail(rec.error());
    d.core.VerifyDummy(password);  // as slow as a known login: the answer tells nothing
    if (login) d.Refused(*login, ip, "unknown", at);
    return Fail(Generic());
  }
  if (rec->locked_until > now) {
    d.Refused(rec->user.login, ip, "locked", at);  // not counted: the lock does not grow
    return Fail(Locked(rec->locked_until));
  }
  const bool ok = d.core.gate.Verify(rec->password_hash, password);
  if (rec->user.disabled) {
    d.Refused(rec->user.login, ip, "disabled", at);
    return Fail(Generic());
  }
  if (!ok) {
    auto until = d.Failure(*rec, ip, now, "password");
    if (!until) return Fail(until.error());
    return Fail(*until > 0 ? Locked(*until) : Generic());
  }
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
  if (f->user.locked_until > now) return Fail(Locked(f->user.locked_until));
  auto step = internal::MatchTotp(f->user.totp_secret, code, now);
  if (!step) return Fail(step.error());
  auto fail = [&]() -> Result<Session> {
    auto until = d.Failure(f->user, ip, now, "totp");
    if (!until) return Fail(until.error());
    return Fail(*until > 0 ? Locked(*until) : Error::Unauthenticated(std::string(kBadCode)));
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
