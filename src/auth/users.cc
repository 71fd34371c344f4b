// The user directory: adding users, passwords, disabling, TOTP enrolment.
#include <sodium.h>

#include "auth/auth_internal.h"
#include "core/validate.h"

namespace dancu::auth {

using core::Error;
using core::Fail;
using internal::UserRecord;

namespace {

// The registry account an official queries as: its lower-case login, the unit of its form,
// the name on the form. Errors: invalid_argument when no form has that login.
struct AccountRef {
  std::string login;
  std::string unit_code;
  std::string full_name;
};

Result<AccountRef> FindAccount(store::Tx& tx, const std::string& login_key) {
  auto rows = tx.Query(
      "SELECT a.login_key, r.org_code, a.full_name FROM account a "
      "JOIN registration r ON r.id = a.registration_id WHERE a.login_key = ? "
      "ORDER BY r.campaign_id DESC, a.id DESC",
      {login_key});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    return Fail(Error::Invalid("Tài khoản " + login_key +
                               " không có trong phiếu đăng ký nào; cán bộ khai thác phải có tài "
                               "khoản trên phiếu của đơn vị (--account)."));
  }
  const auto& r = rows->front();
  return AccountRef{r.Text(0), r.Text(1), r.Text(2)};
}

Result<std::string> CheckUnit(store::Tx& tx, const std::string& code) {
  auto parsed = core::AgencyCode::Parse(code);
  if (!parsed) return Fail(parsed.error());
  auto org = registry::FindOrg(tx, parsed->value());
  if (!org) {
    if (org.error().code != core::Code::kNotFound) return Fail(org.error());
    return Fail(Error::Invalid("Mã đơn vị " + parsed->value() +
                               " không có trong danh mục; xem mã đúng bằng: dancu org list."));
  }
  return org->code;
}

// Fills unit_code, account and a missing display name from the catalogue and the forms.
Result<void> ResolveRoleFields(store::Tx& tx, const std::string& login, NewUser& u) {
  if (u.role == Role::kOfficial) {
    if (!u.unit_code.empty()) {
      return Fail(Error::Invalid("Đơn vị của cán bộ khai thác lấy theo phiếu đăng ký của tài khoản; hãy bỏ --unit."));
    }
    auto key = u.account.empty() ? Result<std::string>(login) : ParseUserLogin(u.account);
    if (!key) return Fail(key.error());
    auto acc = FindAccount(tx, *key);
    if (!acc) return Fail(acc.error());
    auto taken = tx.Query("SELECT login FROM app_user WHERE account = ?", {acc->login});
    if (!taken) return Fail(taken.error());
    if (!taken->empty()) {
      return Fail(Error::Conflict("Tài khoản " + acc->login + " đã gắn với người dùng " +
                                  taken->front().Text(0) + "; mỗi tài khoản chỉ một người dùng."));
    }
    u.account = acc->login;
    u.unit_code = acc->unit_code;
    if (u.display_name.empty()) u.display_name = acc->full_name;
    return {};
  }
  if (!u.account.empty()) {
    return Fail(Error::Invalid("Chỉ cán bộ khai thác mới gắn với tài khoản tra cứu; hãy bỏ --account."));
  }
  if (u.role == Role::kFocal && u.unit_code.empty()) {
    return Fail(Error::Invalid("Đầu mối đơn vị phải có mã đơn vị (--unit), ví dụ 000.00.16.H33."));
  }
  if (!u.unit_code.empty()) {
    auto unit = CheckUnit(tx, u.unit_code);
    if (!unit) return Fail(unit.error());
    u.unit_code = *unit;
  }
  return {};
}

Result<std::string> CheckName(const std::string& name) {
  auto n = core::PersonName::Parse(name);
  if (!n) return Fail(Error::Invalid("Họ tên người dùng (--name): " + n.error().message));
  return n->value();
}

}  // namespace

Users::Users(store::Database& db, SecretKey key, int max_parallel_hashes, Clock now)
    : impl_(std::make_unique<Impl>(db, std::move(key), max_parallel_hashes,
                                   now ? std::move(now) : [] { return std::chrono::system_clock::now(); })) {}

Users::Users(store::Database& db, int max_parallel_hashes)
    : Users(db, SecretKey::Random(), max_parallel_hashes) {}

Users::Users(store::Database& db, int max_parallel_hashes, Clock now)
    : Users(db, SecretKey::Random(), max_parallel_hashes, std::move(now)) {}

Users::~Users() = default;

internal::UsersCore& internal::Core(Users& users) { return *users.impl_; }

Result<UserWithPassword> Users::Add(const NewUser& in, const std::string& actor) {
  auto login = ParseUserLogin(in.login);
  if (!login) return Fail(login.error());
  NewUser u = in;
  u.login = *login;
  if (!u.display_name.empty() || u.role != Role::kOfficial) {
    auto name = CheckName(u.display_name);
    if (!name) return Fail(name.error());
    u.display_name = *name;
  }
  std::string generated;
  if (u.password.empty()) {
    generated = u.password = GeneratePassword();
  } else if (auto rules = CheckPasswordRules(u.login, u.password); !rules) {
    return Fail(rules.error());
  }
  auto hash = impl_->gate.Hash(u.password);
  if (!hash) return Fail(hash.error());
  const std::string at = internal::LocalIso(impl_->now());
  auto user = impl_->db.Write([&](store::Tx& tx) -> Result<User> {
    auto taken = tx.Query("SELECT 1 FROM app_user WHERE login = ?", {u.login});
    if (!taken) return Fail(taken.error());
    if (!taken->empty()) {
      return Fail(Error::Conflict("Tên đăng nhập " + u.login + " đã có người dùng; hãy chọn tên khác."));
    }
    if (auto st = ResolveRoleFields(tx, u.login, u); !st) return Fail(st.error());
    auto row = tx.QueryOne(
        "INSERT INTO app_user (login, display_name, role, unit_code, account, password_hash, "
        "must_change_password, created_at, created_by, password_changed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {u.login, u.display_name, std::string(RoleName(u.role)), u.unit_code, u.account, *hash,
         int64_t(generated.empty() ? 0 : 1), at, actor, at},
        "người dùng vừa tạo");
    if (!row) return Fail(row.error());
    std::string detail = "role=" + std::string(RoleName(u.role));
    if (!u.unit_code.empty()) detail += "; unit=" + u.unit_code;
    if (!u.account.empty()) detail += "; account=" + u.account;
    if (auto h = internal::Record(tx, actor, u.login, "add", detail, at); !h) return Fail(h.error());
    auto back = internal::LoadUserById(tx, row->Int(0));
    if (!back) return Fail(back.error());
    return back->user;
  });
  if (!user) return Fail(user.error());
  return UserWithPassword{*user, generated};
}

Result<UserWithPassword> Users::ResetPassword(const std::string& login_in, const std::string& password,
                                              const std::string& actor) {
  auto login = ParseUserLogin(login_in);
  if (!login) return Fail(login.error());
  auto existing = impl_->db.Read([&](store::Tx& tx) { return internal::LoadUser(tx, *login); });
  if (!existing) return Fail(existing.error());
  std::string generated, pw = password;
  if (pw.empty()) {
    generated = pw = GeneratePassword();
  } else if (auto rules = CheckPasswordRules(*login, pw); !rules) {
    return Fail(rules.error());
  }
  auto hash = impl_->gate.Hash(pw);
  if (!hash) return Fail(hash.error());
  const std::string at = internal::LocalIso(impl_->now());
  auto user = impl_->db.Write([&](store::Tx& tx) -> Result<User> {
    auto n = tx.Exec(
        "UPDATE app_user SET password_hash = ?, must_change_password = ?, failed_logins = 0, "
        "locked_until = 0, password_changed_at = ? WHERE login = ?",
        {*hash, int64_t(generated.empty() ? 0 : 1), at, *login});
    if (!n) return Fail(n.error());
    auto u = internal::LoadUser(tx, *login);
    if (!u) return Fail(u.error());
    auto ended = internal::EndSessions(tx, u->user.id);
    if (!ended) return Fail(ended.error());
    auto h = internal::Record(tx, actor, *login, "reset_password",
                              "sessions_ended=" + std::to_string(*ended), at);
    if (!h) return Fail(h.error());
    return u->user;
  });
  if (!user) return Fail(user.error());
  return UserWithPassword{*user, generated};
}

Result<User> Users::SetDisabled(const std::string& login_in, bool disabled, const std::string& actor) {
  auto login = ParseUserLogin(login_in);
  if (!login) return Fail(login.error());
  const std::string at = internal::LocalIso(impl_->now());
  return impl_->db.Write([&](store::Tx& tx) -> Result<User> {
    auto u = internal::LoadUser(tx, *login);
    if (!u) return Fail(u.error());
    if (u->user.disabled == disabled) {
      return Fail(Error::Conflict("Người dùng " + *login + (disabled ? " đã bị khóa từ trước." : " đang hoạt động, không cần mở khóa.")));
    }
    auto n = tx.Exec("UPDATE app_user SET disabled = ?, failed_logins = 0, locked_until = 0 WHERE id = ?",
                     {int64_t(disabled ? 1 : 0), u->user.id});
    if (!n) return Fail(n.error());
    std::string detail;
    if (disabled) {
      auto ended = internal::EndSessions(tx, u->user.id);
      if (!ended) return Fail(ended.error());
      detail = "sessions_ended=" + std::to_string(*ended);
    }
    auto h = internal::Record(tx, actor, *login, disabled ? "disable" : "enable", detail, at);
    if (!h) return Fail(h.error());
    u->user.disabled = disabled;
    return u->user;
  });
}

Result<User> Users::ResetTotp(const std::string& login_in, const std::string& actor) {
  auto login = ParseUserLogin(login_in);
  if (!login) return Fail(login.error());
  const std::string at = internal::LocalIso(impl_->now());
  return impl_->db.Write([&](store::Tx& tx) -> Result<User> {
    auto u = internal::LoadUser(tx, *login);
    if (!u) return Fail(u.error());
    auto n = tx.Exec("UPDATE app_user SET totp_secret = '', totp_pending = '', totp_last_step = 0 WHERE id = ?",
                     {u->user.id});
    if (!n) return Fail(n.error());
    // Whoever holds a session may hold the lost phone too.
    auto ended = internal::EndSessions(tx, u->user.id);
    if (!ended) return Fail(ended.error());
    auto h = internal::Record(tx, actor, *login, "reset_totp", "sessions_ended=" + std::to_string(*ended), at);
    if (!h) return Fail(h.error());
    u->user.totp_enrolled = false;
    return u->user;
  });
}

Result<int64_t> Users::CurrentCodeStep(const internal::UserRecord& u, const std::string& code) {
  if (u.totp_secret.empty()) return int64_t(0);
  const auto now_tp = impl_->now();
  const int64_t now = internal::UnixSeconds(now_tp);
  if (u.locked_until > now) return Fail(internal::Paused(u.locked_until));
  if (code.empty()) return Fail(WrongCurrentCode());  // asked, not guessed: not counted
  auto secret = impl_->key.Open(u.totp_secret);
  if (!secret) return Fail(secret.error());
  auto step = internal::MatchTotp(*secret, code, now);
  if (!step) return Fail(step.error());
  if (*step > u.totp_last_step) return *step;
  auto until = internal::CountCodeFailure(impl_->db, u, "-", now, "reenrol_totp", {}, internal::LocalIso(now_tp));
  if (!until) return Fail(until.error());
  return Fail(*until > 0 ? internal::Paused(*until) : WrongCurrentCode());
}

core::Error Users::WrongCurrentCode() {
  return Error::Invalid("Để thiết lập lại xác thực hai lớp, hãy nhập mã 6 số hiện tại của ứng dụng "
                        "đang dùng (mất điện thoại: nhờ quản trị đặt lại xác thực hai lớp).",
                        {{0, "current_code", "Mã hiện tại không đúng hoặc đã dùng."}});
}

Result<User> Users::Get(const std::string& login_in) {
  auto login = ParseUserLogin(login_in);
  if (!login) return Fail(login.error());
  auto u = impl_->db.Read([&](store::Tx& tx) { return internal::LoadUser(tx, *login); });
  if (!u) return Fail(u.error());
  return u->user;
}

Result<User> Users::GetById(int64_t id) {
  auto u = impl_->db.Read([&](store::Tx& tx) { return internal::LoadUserById(tx, id); });
  if (!u) return Fail(u.error());
  return u->user;
}

Result<std::vector<User>> Users::List() {
  return impl_->db.Read([&](store::Tx& tx) -> Result<std::vector<User>> {
    auto rows = tx.Query(std::string(internal::kUserColumns) + " ORDER BY login", {});
    if (!rows) return Fail(rows.error());
    std::vector<User> out;
    for (const auto& r : *rows) out.push_back(internal::UserFromRow(r).user);
    return out;
  });
}

Result<void> Users::ChangePassword(int64_t user_id, const std::string& old_password,
                                   const std::string& new_password) {
  auto u = impl_->db.Read([&](store::Tx& tx) { return internal::LoadUserById(tx, user_id); });
  if (!u) return Fail(u.error());
  auto right = impl_->gate.Verify(u->password_hash, old_password);
  if (!right) return Fail(right.error());
  if (!*right) return Fail(Error::Unauthenticated("Mật khẩu hiện tại không đúng; hãy nhập lại."));
  if (auto rules = CheckPasswordRules(u->user.login, new_password); !rules) return Fail(rules.error());
  if (new_password == old_password) return Fail(Error::Invalid("Mật khẩu mới phải khác mật khẩu hiện tại."));
  auto hash = impl_->gate.Hash(new_password);
  if (!hash) return Fail(hash.error());
  const std::string at = internal::LocalIso(impl_->now());
  return impl_->db.Write([&](store::Tx& tx) -> Result<void> {
    auto n = tx.Exec("UPDATE app_user SET password_hash = ?, must_change_password = 0, password_changed_at = ? WHERE id = ?",
                     {*hash, at, user_id});
    if (!n) return Fail(n.error());
    return internal::Record(tx, u->user.login, u->user.login, "change_password", "", at);
  });
}

Result<Users::Enrolment> Users::BeginTotp(int64_t user_id, const std::string& current_code) {
  auto u = impl_->db.Read([&](store::Tx& tx) { return internal::LoadUserById(tx, user_id); });
  if (!u) return Fail(u.error());
  // Issue 10 item 6: whoever holds a session must not swap the second factor without it.
  auto step = CurrentCodeStep(*u, current_code);
  if (!step) return Fail(step.error());
  auto secret = internal::NewTotpSecret();
  if (!secret) return Fail(secret.error());
  auto st = impl_->db.Write([&](store::Tx& tx) -> Result<int64_t> {
    if (*step == 0) {
      return tx.Exec("UPDATE app_user SET totp_pending = ? WHERE id = ?", {impl_->key.Seal(*secret), user_id});
    }
    // The code is used up here, and only once: the step guard again inside the write.
    return tx.Exec("UPDATE app_user SET totp_pending = ?, totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                   {impl_->key.Seal(*secret), *step, user_id, *step});
  });
  if (!st) return Fail(st.error());
  if (*st == 0) return Fail(WrongCurrentCode());
  std::string label;  // a login may hold '@', which an otpauth label must escape
  for (char c : u->user.login) label += c == '@' ? std::string("%40") : std::string(1, c);
  Enrolment e;
  e.secret_base32 = *secret;
  e.uri = "otpauth://totp/dancu:" + label + "?secret=" + *secret + "&issuer=dancu";
  auto svg = internal::QrSvg(e.uri);
  if (!svg) return Fail(svg.error());
  e.qr_svg = std::move(*svg);
  return e;
}

Result<void> Users::ConfirmTotp(int64_t user_id, const std::string& code) {
  auto u = impl_->db.Read([&](store::Tx& tx) { return internal::LoadUserById(tx, user_id); });
  if (!u) return Fail(u.error());
  if (u->totp_pending.empty()) {
    return Fail(Error::Invalid("Chưa bắt đầu đăng ký ứng dụng xác thực; hãy mở lại trang quét mã QR."));
  }
  const auto now = impl_->now();
  auto pending = impl_->key.Open(u->totp_pending);
  if (!pending) return Fail(pending.error());
  auto step = internal::MatchTotp(*pending, code, internal::UnixSeconds(now));
  if (!step) return Fail(step.error());
  if (*step < 0) {
    return Fail(Error::Invalid("Mã xác thực không đúng; hãy nhập 6 chữ số đang hiện trong ứng dụng "
                               "(và kiểm tra giờ của điện thoại)."));
  }
  const std::string at = internal::LocalIso(now);
  return impl_->db.Write([&](store::Tx& tx) -> Result<void> {
    // Only the secret that was shown: a second BeginTotp meanwhile replaced it.
    auto n = tx.Exec(
        "UPDATE app_user SET totp_secret = totp_pending, totp_pending = '', totp_last_step = ? "
        "WHERE id = ? AND totp_pending = ?",
        {*step, user_id, u->totp_pending});
    if (!n) return Fail(n.error());
    if (*n == 0) return Fail(Error::Invalid("Mã QR đã được tạo lại; hãy quét mã mới rồi nhập mã."));
    return internal::Record(tx, u->user.login, u->user.login, "enrol_totp", "", at);
  });
}

}  // namespace dancu::auth
