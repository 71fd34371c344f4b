// Roles, login and password rules, and the helpers Users and Sessions share.
#include <sodium.h>

#include <cstdio>

#include "auth/auth_internal.h"
#include "core/text.h"

namespace dancu::auth {

using core::Error;
using core::Fail;

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kFocal: return "focal";
    case Role::kOfficial: return "official";
    case Role::kAuditor: return "auditor";
  }
  return "official";
}

std::string_view RoleLabel(Role r) {
  switch (r) {
    case Role::kAdmin: return "Quản trị";
    case Role::kFocal: return "Đầu mối đơn vị";
    case Role::kOfficial: return "Cán bộ khai thác";
    case Role::kAuditor: return "Giám sát";
  }
  return "Cán bộ khai thác";
}

Result<Role> ParseRole(std::string_view s) {
  for (Role r : {Role::kAdmin, Role::kFocal, Role::kOfficial, Role::kAuditor}) {
    if (s == RoleName(r)) return r;
  }
  return Fail(Error::Invalid("Vai trò \"" + std::string(s) +
                             "\" không có; hãy chọn admin (quản trị), focal (đầu mối đơn vị), "
                             "official (cán bộ khai thác) hoặc auditor (giám sát)."));
}

bool TotpRequired(Role r) { return r == Role::kAdmin || r == Role::kAuditor; }

bool MayOnlyChangePassword(const Session& s) {
  return s.stage == Stage::kComplete && s.user.must_change_password;
}

Result<std::string> ParseUserLogin(std::string_view input) {
  while (!input.empty() && (input.front() == ' ' || input.front() == '\t')) input.remove_prefix(1);
  while (!input.empty() && (input.back() == ' ' || input.back() == '\t')) input.remove_suffix(1);
  if (input.empty()) {
    return Fail(Error::Invalid("Tên đăng nhập là bắt buộc (4–60 ký tự: chữ cái không dấu, chữ số, . _ - @)."));
  }
  std::string out;
  for (char c : input) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == '@';
    if (ok) {
      out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
      continue;
    }
    if (c == ' ') return Fail(Error::Invalid("Tên đăng nhập không được chứa dấu cách; hãy dùng dấu chấm (ví dụ daumoi.stttt)."));
    if (static_cast<unsigned char>(c) >= 0x80) {
      return Fail(Error::Invalid("Tên đăng nhập chỉ dùng chữ cái không dấu; hãy gõ không dấu (ví dụ nguyenvana)."));
    }
    return Fail(Error::Invalid(std::string("Tên đăng nhập chỉ gồm chữ cái a–z, chữ số và các dấu . _ - @; gặp '") + c + "'."));
  }
  if (out.size() < 4 || out.size() > 60) {
    return Fail(Error::Invalid("Tên đăng nhập phải dài từ 4 đến 60 ký tự (đang có " +
                               std::to_string(out.size()) + ")."));
  }
  return out;
}

Result<void> CheckPasswordRules(const std::string& login, const std::string& password) {
  if (!core::IsValidUtf8(password)) return Fail(Error::Invalid("Mật khẩu không phải văn bản UTF-8 hợp lệ."));
  size_t chars = 0;
  for (unsigned char c : password) chars += (c & 0xC0) != 0x80;
  if (chars < 10) {
    return Fail(Error::Invalid("Mật khẩu phải dài ít nhất 10 ký tự (đang có " + std::to_string(chars) + ")."));
  }
  if (password.size() > 256) return Fail(Error::Invalid("Mật khẩu dài tối đa 256 byte; hãy chọn mật khẩu ngắn hơn."));
  std::string lower;
  for (char c : password) lower += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  std::string login_lower;
  for (char c : login) login_lower += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  if (!login_lower.empty() && lower.find(login_lower) != std::string::npos) {
    return Fail(Error::Invalid("Mật khẩu không được chứa tên đăng nhập; hãy chọn mật khẩu khác."));
  }
  bool lower_c = false, upper_c = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (c >= 'a' && c <= 'z') lower_c = true;
    else if (c >= 'A' && c <= 'Z') upper_c = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  if (int(lower_c) + int(upper_c) + int(digit) + int(other) < 2) {
    return Fail(Error::Invalid("Mật khẩu không được chỉ gồm một loại ký tự; hãy trộn chữ thường, "
                               "chữ hoa, chữ số hoặc ký hiệu."));
  }
  return {};
}

std::string GeneratePassword() {
  // No 0/o, 1/l/i: read aloud or copied by hand from a letter without mistakes. 4 × 4 from
  // 31 symbols ≈ 79 bits.
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  for (;;) {
    std::string out;
    bool letter = false, digit = false;
    for (int i = 0; i < 16; ++i) {
      if (i > 0 && i % 4 == 0) out += '-';
      char c = kAlphabet[randombytes_uniform(uint32_t(kAlphabet.size()))];
      (c >= '2' && c <= '9' ? digit : letter) = true;
      out += c;
    }
    if (letter && digit) return out;
  }
}

namespace internal {

// Passwords are hashed in NFC: a Vietnamese password typed on a keyboard that composes
// (NFC) and on one that does not (NFD) is the same password.
Result<std::string> HashGate::Hash(const std::string& password_in) {
  const std::string password = core::IsValidUtf8(password_in) ? core::ToNfc(password_in) : password_in;
  auto slot = Enter();
  if (!slot) return Fail(slot.error());
  char out[crypto_pwhash_STRBYTES];
  int rc = crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
  if (rc != 0) return Fail(Error::Unavailable("Máy chủ không đủ bộ nhớ để băm mật khẩu; hãy thử lại sau."));
  return std::string(out);
}

Result<bool> HashGate::Verify(const std::string& hash, const std::string& password_in) {
  const std::string password = core::IsValidUtf8(password_in) ? core::ToNfc(password_in) : password_in;
  auto slot = Enter();  // even a malformed hash waits its turn: the answer's time tells nothing
  if (!slot) return Fail(slot.error());
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

// Issue 10: a flood of logins must not queue seconds of hashing behind the real users; past
// the bound the answer is at once "busy" (503).
Result<HashGate::Slot> HashGate::Enter() {
  std::unique_lock lock(mu_);
  if (free_ == 0 && waiting_ >= max_waiting_) {
    return Fail(Error::Unavailable("Máy chủ bận, thử lại sau ít giây."));
  }
  ++waiting_;
  cv_.wait(lock, [&] { return free_ > 0; });
  --waiting_;
  --free_;
  return Slot(this);
}

void HashGate::Release() {
  {
    std::lock_guard lock(mu_);
    ++free_;
  }
  cv_.notify_one();
}

Result<void> UsersCore::VerifyDummy(const std::string& password) {
  std::call_once(dummy_once, [&] {
    // Made outside the gate's bound: a busy gate must not leave the dummy empty for good.
    char out[crypto_pwhash_STRBYTES];
    const std::string pw = RandomToken(16);
    if (crypto_pwhash_str(out, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0) {
      dummy_hash = out;
    }
  });
  auto v = gate.Verify(dummy_hash, password);
  if (!v) return Fail(v.error());
  return {};
}

Result<int64_t> CountCodeFailure(store::Database& db, const UserRecord& u, const std::string& ip,
                                 int64_t now, const std::string& what, const LockPolicy& policy,
                                 const std::string& at) {
  return db.Write([&](store::Tx& tx) -> Result<int64_t> {
    auto row = tx.QueryOne(
        "UPDATE app_user SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins",
        {u.user.id}, "người dùng");
    if (!row) return Fail(row.error());
    const int64_t failures = row->Int(0);
    auto h = Record(tx, "web@" + ip, u.user.login, "login_failed",
                    "ip=" + ip + "; reason=" + what + "; failures=" + std::to_string(failures), at);
    if (!h) return Fail(h.error());
    const int64_t seconds = policy.Seconds(failures);
    if (seconds == 0) return int64_t(0);
    const int64_t until = now + seconds;
    auto st = tx.Exec("UPDATE app_user SET locked_until = ? WHERE id = ?", {until, u.user.id});
    if (!st) return Fail(st.error());
    std::chrono::system_clock::time_point end{std::chrono::seconds(until)};
    auto l = Record(tx, "web@" + ip, u.user.login, "locked",
                    "ip=" + ip + "; seconds=" + std::to_string(seconds) + "; until=" + LocalIso(end), at);
    if (!l) return Fail(l.error());
    return until;
  });
}

core::Error Paused(int64_t until) {
  return Error::Unauthenticated("Nhập sai nhiều lần nên tạm khóa đăng nhập; thử lại sau " +
                                LocalHourMinute(until) + ".");
}

const std::string_view kUserColumns =
    "SELECT id, login, display_name, role, unit_code, account, disabled, totp_secret, "
    "must_change_password, created_at, last_login_at, password_hash, totp_pending, "
    "totp_last_step, failed_logins, locked_until FROM app_user";

UserRecord UserFromRow(const store::Row& r) {
  UserRecord u;
  u.user.id = r.Int(0);
  u.user.login = r.Text(1);
  u.user.display_name = r.Text(2);
  u.user.role = ParseRole(r.Text(3)).value_or(Role::kOfficial);
  u.user.unit_code = r.Text(4);
  u.user.account = r.Text(5);
  u.user.disabled = r.Int(6) != 0;
  u.totp_secret = r.Text(7);
  u.user.totp_enrolled = !u.totp_secret.empty();
  u.user.must_change_password = r.Int(8) != 0;
  u.user.created_at = r.Text(9);
  u.user.last_login_at = r.Text(10);
  u.password_hash = r.Text(11);
  u.totp_pending = r.Text(12);
  u.totp_last_step = r.Int(13);
  u.failed_logins = r.Int(14);
  u.locked_until = r.Int(15);
  return u;
}

Result<UserRecord> LoadUser(store::Tx& tx, const std::string& login) {
  auto row = tx.Query(std::string(kUserColumns) + " WHERE login = ?", {login});
  if (!row) return Fail(row.error());
  if (row->empty()) return Fail(Error::NotFound("Không có người dùng " + login + " (xem: dancu user list)."));
  return UserFromRow(row->front());
}

Result<UserRecord> LoadUserById(store::Tx& tx, int64_t id) {
  auto row = tx.Query(std::string(kUserColumns) + " WHERE id = ?", {id});
  if (!row) return Fail(row.error());
  if (row->empty()) return Fail(Error::NotFound("Không có người dùng số " + std::to_string(id) + "."));
  return UserFromRow(row->front());
}

Result<int64_t> EndSessions(store::Tx& tx, int64_t user_id) {
  return tx.Exec("DELETE FROM user_session WHERE user_id = ?", {user_id});
}

Result<void> Record(store::Tx& tx, const std::string& actor, const std::string& login,
                    const std::string& action, const std::string& detail, const std::string& at) {
  return registry::RecordChange(tx, {.actor = actor, .entity = "user", .entity_id = login,
                                     .action = action, .from_status = "", .to_status = "",
                                     .reason = "", .detail = detail, .at = at});
}

int64_t UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string LocalIso(std::chrono::system_clock::time_point t) {
  auto local = std::chrono::floor<std::chrono::seconds>(t) + core::kVietnamUtcOffset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{local - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+07:00", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

std::string LocalHourMinute(int64_t unix_seconds) {
  std::chrono::system_clock::time_point t{std::chrono::seconds(unix_seconds)};
  return LocalIso(t).substr(11, 5);
}

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

}  // namespace internal
}  // namespace dancu::auth
