// CLI commands over the users of the web application (user add/reset/disable/enable/
// reset-totp/list) and the demo users of `dancu demo`.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <iostream>

#include "auth/auth.h"
#include "cli/context.h"
#include "registry/registry.h"

namespace dancu::cli {
namespace {

using nlohmann::json;

json UserJson(const auth::User& u) {
  return {{"id", u.id},
          {"login", u.login},
          {"display_name", u.display_name},
          {"role", std::string(auth::RoleName(u.role))},
          {"role_label", std::string(auth::RoleLabel(u.role))},
          {"unit_code", u.unit_code},
          {"account", u.account},
          {"disabled", u.disabled},
          {"totp_enrolled", u.totp_enrolled},
          {"must_change_password", u.must_change_password},
          {"created_at", u.created_at},
          {"last_login_at", u.last_login_at}};
}

// The first line of a password file (without its line end). Errors: invalid_argument.
core::Result<std::string> ReadPasswordFile(const std::string& path) {
  if (path.empty()) return std::string();
  auto bytes = ReadFile(path, 4096);
  if (!bytes) return core::Fail(bytes.error());
  std::string line = bytes->substr(0, bytes->find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    return core::Fail(core::Error::Invalid("Tệp mật khẩu " + path + " rỗng; hãy ghi mật khẩu ở dòng đầu."));
  }
  return line;
}

// Registers `body` to run with the open database and a user directory over it. Only `user
// add` needs the key file (it creates it); the others never read a TOTP secret, so a missing
// or wrong key is a warning there — `user reset-totp` is how users get out of a lost key.
template <class F>
void OnUsers(CLI::App* cmd, Context& ctx, F body, bool needs_key = false) {
  cmd->callback([&ctx, body, needs_key] {
    ctx.action = [&ctx, body, needs_key]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto key = SecretKeyOf(ctx, **db);
      if (!key && needs_key) return PrintError(ctx.out(), key.error());
      if (!key) std::cerr << "Cảnh báo: " << key.error().message << "\n";
      auth::Users users(**db, key ? *key : auth::SecretKey::Random());
      return body(users);
    };
  });
}

void PrintPassword(const std::string& password, bool must_change) {
  if (password.empty()) return;
  std::cout << "Mật khẩu (chỉ hiện lần này; hãy trao tận tay người dùng): " << password << "\n";
  if (must_change) std::cout << "Người dùng phải đổi mật khẩu khi đăng nhập lần đầu.\n";
}

// What `user add` prints: the user, and the generated password once.
int PrintAdded(Context& ctx, const auth::UserWithPassword& added) {
  const auto* r = &added;
  json j = UserJson(r->user);
  if (!r->password.empty()) j["password"] = r->password;
  return Print(ctx.out(), j, [&] {
    const auto& u = r->user;
    std::cout << "Đã tạo người dùng " << u.login << " (" << auth::RoleLabel(u.role) << "): " << u.display_name;
    if (!u.unit_code.empty()) std::cout << ", đơn vị " << u.unit_code;
    if (!u.account.empty()) std::cout << ", tài khoản tra cứu " << u.account;
    std::cout << ".\n";
    PrintPassword(r->password, u.must_change_password);
    if (auth::TotpRequired(u.role)) {
      std::cout << "Vai trò này bắt buộc xác thực hai lớp: lần đăng nhập đầu sẽ hiện mã QR để quét bằng "
                   "ứng dụng xác thực (Google Authenticator, FreeOTP…).\n";
    }
  });
}

}  // namespace

core::Result<void> WritePrivateFile(const std::string& path, std::string_view text) {
  // Issue 10: an old file (or a planted symlink) goes; the new one is 0600 before any byte.
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return core::Fail(core::Error::Unavailable("Không thay được tệp " + path + "."));
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return core::Fail(core::Error::Unavailable("Không ghi được " + path + "."));
  bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) return core::Fail(core::Error::Unavailable("Không ghi được " + path + "."));
  return {};
}

core::Result<auth::SecretKey> SecretKeyOf(Context& ctx, store::Database& db) {
  return auth::PrepareSecretKey(
      db, ctx.secret_key_file.empty() ? auth::DefaultSecretKeyPath(ctx.db_path) : ctx.secret_key_file);
}

void AddUserCommands(CLI::App& app, Context& ctx) {
  app.add_option("--secret-key-file", ctx.secret_key_file,
                 "Tệp khóa bí mật mã hóa khóa TOTP (chung cho mọi máy chủ của hệ thống; mặc định "
                 "dancu.secret cạnh --db, tạo mới với quyền 0600 khi chưa có)")
      ->envname("DANCU_SECRET_KEY_FILE");
  auto* user = app.add_subcommand("user", "Người dùng ứng dụng web: vai trò, mật khẩu, xác thực hai lớp (TOTP)")
                   ->require_subcommand(1);
  struct Opts { std::string login, role, name, unit, account, password_file; };
  auto o = std::make_shared<Opts>();

  auto* add = user->add_subcommand("add", "Tạo người dùng; in mật khẩu sinh ngẫu nhiên (một lần) khi không có --password-file");
  add->add_option("LOGIN", o->login, "Tên đăng nhập (4–60 ký tự: chữ không dấu, chữ số, . _ - @)")->required();
  add->add_option("--role", o->role, "Vai trò: admin (quản trị), focal (đầu mối đơn vị), official (cán bộ khai thác), auditor (giám sát)")
      ->required()
      ->check(CLI::IsMember({"admin", "focal", "official", "auditor"}));
  add->add_option("--name", o->name, "Họ tên, ví dụ \"Nguyễn Văn An\" (cán bộ khai thác: mặc định theo phiếu đăng ký)");
  add->add_option("--unit", o->unit, "Mã đơn vị mà đầu mối phụ trách, ví dụ 000.00.16.H33");
  add->add_option("--account", o->account, "Cán bộ khai thác: tài khoản trên phiếu đăng ký (mặc định = LOGIN)");
  add->add_option("--password-file", o->password_file, "Tệp chứa mật khẩu ở dòng đầu (không ghi mật khẩu trên dòng lệnh)");
  OnUsers(add, ctx, [&ctx, o](auth::Users& users) {
    auto role = auth::ParseRole(o->role);
    if (!role) return PrintError(ctx.out(), role.error());
    auto password = ReadPasswordFile(o->password_file);
    if (!password) return PrintError(ctx.out(), password.error());
    auto r = users.Add({.login = o->login, .display_name = o->name, .role = *role, .unit_code = o->unit,
                        .account = o->account, .password = *password},
                       ctx.actor);
    if (!r) return PrintError(ctx.out(), r.error());
    return PrintAdded(ctx, *r);
  }, true);

  auto* reset = user->add_subcommand("reset", "Đặt lại mật khẩu (sinh ngẫu nhiên khi không có --password-file); kết thúc mọi phiên");
  reset->add_option("LOGIN", o->login, "Tên đăng nhập")->required();
  reset->add_option("--password-file", o->password_file, "Tệp chứa mật khẩu mới ở dòng đầu");
  OnUsers(reset, ctx, [&ctx, o](auth::Users& users) {
    auto password = ReadPasswordFile(o->password_file);
    if (!password) return PrintError(ctx.out(), password.error());
    auto r = users.ResetPassword(o->login, *password, ctx.actor);
    if (!r) return PrintError(ctx.out(), r.error());
    json j = UserJson(r->user);
    if (!r->password.empty()) j["password"] = r->password;
    return Print(ctx.out(), j, [&] {
      std::cout << "Đã đặt lại mật khẩu của " << r->user.login << "; mọi phiên đăng nhập của người này đã kết thúc.\n";
      PrintPassword(r->password, r->user.must_change_password);
    });
  });

  for (bool disable : {true, false}) {
    auto* cmd = user->add_subcommand(disable ? "disable" : "enable",
                                     disable ? "Khóa người dùng (không đăng nhập được; kết thúc mọi phiên)"
                                             : "Mở khóa người dùng");
    cmd->add_option("LOGIN", o->login, "Tên đăng nhập")->required();
    OnUsers(cmd, ctx, [&ctx, o, disable](auth::Users& users) {
      auto r = users.SetDisabled(o->login, disable, ctx.actor);
      if (!r) return PrintError(ctx.out(), r.error());
      return Print(ctx.out(), UserJson(*r), [&] {
        std::cout << (disable ? "Đã khóa " : "Đã mở khóa ") << r->login
                  << (disable ? "; mọi phiên đăng nhập đã kết thúc.\n" : ".\n");
      });
    });
  }

  auto* totp = user->add_subcommand("reset-totp", "Xóa ứng dụng xác thực đã đăng ký (mất điện thoại); đăng ký lại ở lần đăng nhập sau");
  totp->add_option("LOGIN", o->login, "Tên đăng nhập")->required();
  OnUsers(totp, ctx, [&ctx, o](auth::Users& users) {
    auto r = users.ResetTotp(o->login, ctx.actor);
    if (!r) return PrintError(ctx.out(), r.error());
    return Print(ctx.out(), UserJson(*r), [&] {
      std::cout << "Đã xóa ứng dụng xác thực của " << r->login
                << "; lần đăng nhập sau sẽ quét mã QR mới. Mọi phiên đăng nhập đã kết thúc.\n";
    });
  });

  auto* list = user->add_subcommand("list", "Liệt kê người dùng");
  OnUsers(list, ctx, [&ctx](auth::Users& users) {
    auto r = users.List();
    if (!r) return PrintError(ctx.out(), r.error());
    json a = json::array();
    for (const auto& u : *r) a.push_back(UserJson(u));
    return Print(ctx.out(), a, [&] {
      for (const auto& u : *r) {
        std::string state = u.disabled ? "đã khóa" : "hoạt động";
        std::cout << Pad(u.login, 22) << Pad(std::string(auth::RoleLabel(u.role)), 18) << Pad(u.unit_code, 15)
                  << Pad(state, 11) << Pad(u.totp_enrolled ? "TOTP" : "-", 6) << u.display_name << "\n";
      }
      if (r->empty()) std::cout << "Chưa có người dùng nào (tạo bằng: dancu user add LOGIN --role admin --name \"Họ tên\").\n";
      else std::cout << r->size() << " người dùng.\n";
    });
  });
}

core::Result<void> DemoUsers(Context& ctx, store::Database& db) {
  // The official: the first active account row of Sở TT&TT's form in the first campaign.
  auto official = db.Read([](store::Tx& tx) {
    return tx.QueryOne(
        "SELECT a.login_key, a.full_name FROM account a JOIN registration r ON r.id = a.registration_id "
        "WHERE r.org_code = ? AND a.status = ? ORDER BY r.campaign_id, a.row_no",
        {std::string("000.00.16.H33"), std::string(registry::AccountStatusCode(registry::AccountStatus::kActive))},
        "tài khoản hoạt động của Sở Thông tin và Truyền thông");
  });
  if (!official) return core::Fail(official.error());
  const std::vector<auth::NewUser> demo = {
      {.login = "quantri", .display_name = "Quản trị Trung tâm PVHCC", .role = auth::Role::kAdmin},
      {.login = "giamsat", .display_name = "Giám sát Trung tâm PVHCC", .role = auth::Role::kAuditor},
      {.login = "daumoi.stttt", .display_name = "Đầu mối Sở Thông tin và Truyền thông", .role = auth::Role::kFocal,
       .unit_code = "000.00.16.H33"},  // form active
      {.login = "daumoi.honda", .display_name = "Đầu mối UBND huyện Hòn Đất", .role = auth::Role::kFocal,
       .unit_code = "000.00.34.H33"},  // form draft
      {.login = "daumoi.noivu", .display_name = "Đầu mối Sở Nội vụ", .role = auth::Role::kFocal,
       .unit_code = "000.00.20.H33"},  // form returned
      {.login = official->Text(0), .display_name = official->Text(1), .role = auth::Role::kOfficial,
       .account = official->Text(0)},
  };
  auto key = SecretKeyOf(ctx, db);
  if (!key) return core::Fail(key.error());
  auth::Users users(db, *key);
  std::string text =
      "# Người dùng mẫu của dancu (dancu demo), mật khẩu sinh ngẫu nhiên. Cột: login\tpassword\trole\t"
      "unit_code\taccount\tdisplay_name\n";
  for (auth::NewUser u : demo) {
    // A given (random) password: demo users are not asked to change it at first login.
    u.password = auth::GeneratePassword();
    auto r = users.Add(u, ctx.actor);
    if (!r) return core::Fail(r.error());
    const auto& x = r->user;
    text += x.login + "\t" + u.password + "\t" + std::string(auth::RoleName(x.role)) + "\t" + x.unit_code + "\t" +
            x.account + "\t" + x.display_name + "\n";
  }
  auto path = std::filesystem::path(ctx.db_path).parent_path() / "demo-users.txt";
  if (auto st = WritePrivateFile(path.string(), text); !st) return core::Fail(st.error());
  if (!ctx.out().json) {
    std::cout << "Người dùng mẫu: " << demo.size() << " người (quản trị, giám sát, 3 đầu mối, 1 cán bộ khai thác), "
              << "mật khẩu trong " << path.string() << "; quản trị và giám sát quét mã QR ở lần đăng nhập đầu.\n";
  }
  return {};
}

}  // namespace dancu::cli
