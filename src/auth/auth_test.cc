// Unit tests of the user directory: roles, login and password rules, adding users, password
// resets, disabling, TOTP enrolment, TOTP codes and the QR code.
#include "auth/auth_test_fixture.h"

namespace dancu::auth {
namespace {

TEST(Roles, ParseRoundTripsAndUnknownNamesListTheFour) {
  for (Role r : {Role::kAdmin, Role::kFocal, Role::kOfficial, Role::kAuditor}) {
    auto back = ParseRole(RoleName(r));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, r);
  }
  auto bad = ParseRole("root");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::Code::kInvalidArgument);
  for (const char* name : {"admin", "focal", "official", "auditor"}) {
    EXPECT_NE(bad.error().message.find(name), std::string::npos) << name;
  }
  EXPECT_EQ(RoleLabel(Role::kFocal), "Đầu mối đơn vị");
  EXPECT_TRUE(TotpRequired(Role::kAdmin));
  EXPECT_TRUE(TotpRequired(Role::kAuditor));
  EXPECT_FALSE(TotpRequired(Role::kFocal));
  EXPECT_FALSE(TotpRequired(Role::kOfficial));
}

TEST(UserLogin, TrimsAndLowerCasesAndRefusesWhatIsNotAllowed) {
  EXPECT_EQ(ParseUserLogin("  QuanTri ").value_or(""), "quantri");
  EXPECT_EQ(ParseUserLogin("daumoi.stttt@kg").value_or(""), "daumoi.stttt@kg");
  struct Case { const char* input; const char* says; };
  for (const Case& c : {Case{"", "bắt buộc"}, Case{"abc", "từ 4 đến 60"}, Case{"quản.trị", "không dấu"},
                        Case{"quan tri", "dấu cách"}, Case{"quan/tri", "'/'"}}) {
    auto r = ParseUserLogin(c.input);
    ASSERT_FALSE(r) << c.input;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << c.input << ": " << r.error().message;
  }
}

TEST(PasswordRules, TableOfPasswords) {
  struct Case { const char* password; bool ok; const char* says; };
  const Case cases[] = {
      {"Mat-khau-2021", true, ""},
      {"mật khẩu dài", true, ""},             // letters and non-ASCII/space: two classes
      {"Ab1-xyz", false, "ít nhất 10"},
      {"abcdefghijkl", false, "một loại"},
      {"123456789012", false, "một loại"},
      {"xx-QuanTri-99", false, "tên đăng nhập"},  // contains the login, any case
  };
  for (const auto& c : cases) {
    auto r = CheckPasswordRules("quantri", c.password);
    EXPECT_EQ(bool(r), c.ok) << c.password;
    if (!r) {
      EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
    }
  }
}

TEST(Users, AddStoresTheFieldsAnArgon2idHashAndAHistoryRow) {
  World w;
  auto r = w.users->Add({.login = "QuanTri", .display_name = "Quản trị Trung tâm PVHCC", .role = Role::kAdmin,
                         .unit_code = "", .account = "", .password = kPassword},
                        kActor);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->user.login, "quantri");
  EXPECT_EQ(r->user.display_name, "Quản trị Trung tâm PVHCC");
  EXPECT_EQ(r->user.role, Role::kAdmin);
  EXPECT_TRUE(r->password.empty());  // given, not generated
  EXPECT_FALSE(r->user.must_change_password);
  EXPECT_FALSE(r->user.totp_enrolled);
  EXPECT_EQ(r->user.created_at, "2021-08-23T09:00:00+07:00");
  auto hash = w.db().Read([](store::Tx& tx) {
    return tx.QueryOne("SELECT password_hash FROM app_user WHERE login = 'quantri'", {}, "user");
  });
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->Text(0).starts_with("$argon2id$")) << hash->Text(0);
  EXPECT_EQ(hash->Text(0).find(kPassword), std::string::npos);
  EXPECT_EQ(w.Actions("quantri"), "add");
  auto got = w.users->Get("QUANTRI");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, r->user.id);
}

TEST(Users, GeneratedPasswordIsReturnedOnceFollowsTheRulesAndMustBeChanged) {
  World w;
  auto r = w.users->Add({.login = "giamsat", .display_name = "Lê Thị Mai", .role = Role::kAuditor,
                         .unit_code = "", .account = "", .password = ""},
                        kActor);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->password.size(), 19u);  // xxxx-xxxx-xxxx-xxxx
  EXPECT_TRUE(CheckPasswordRules("giamsat", r->password)) << r->password;
  EXPECT_TRUE(r->user.must_change_password);
  auto s = w.sessions->Login("giamsat", r->password, "127.0.0.1");
  EXPECT_TRUE(s) << s.error().message;
}

TEST(Users, DuplicateLoginIsAConflictWhateverTheCase) {
  World w;
  w.Add("daumoi.stttt", Role::kFocal, kIct);
  auto again = w.users->Add({.login = "DauMoi.STTTT", .display_name = "Trần Văn Bình", .role = Role::kFocal,
                             .unit_code = kIct, .account = "", .password = kPassword},
                            kActor);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::Code::kConflict);
  EXPECT_NE(again.error().message.find("đã có"), std::string::npos);
}

TEST(Users, InvalidInputsSayWhatToFix) {
  World w;
  struct Case { NewUser u; core::Code code; const char* says; };
  const Case cases[] = {
      {{.login = "ab", .display_name = "Lê Văn Tám", .role = Role::kAdmin}, core::Code::kInvalidArgument, "từ 4 đến 60"},
      {{.login = "quantri", .display_name = "Admin 1", .role = Role::kAdmin}, core::Code::kInvalidArgument, "Họ tên"},
      {{.login = "quantri", .display_name = "Lê Văn Tám", .role = Role::kAdmin, .password = "ngan"},
       core::Code::kInvalidArgument, "ít nhất 10"},
      {{.login = "daumoi.x", .display_name = "Lê Văn Tám", .role = Role::kFocal}, core::Code::kInvalidArgument, "--unit"},
      {{.login = "daumoi.x", .display_name = "Lê Văn Tám", .role = Role::kFocal, .unit_code = "000.00.99.H33"},
       core::Code::kInvalidArgument, "không có trong danh mục"},
      {{.login = "canbo.khong.co", .display_name = "", .role = Role::kOfficial}, core::Code::kInvalidArgument,
       "không có trong phiếu"},
      {{.login = "quantri", .display_name = "Lê Văn Tám", .role = Role::kAdmin, .account = kAccount},
       core::Code::kInvalidArgument, "--account"},
  };
  for (const auto& c : cases) {
    auto r = w.users->Add(c.u, kActor);
    ASSERT_FALSE(r) << c.u.login;
    EXPECT_EQ(r.error().code, c.code) << r.error().message;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
  auto list = w.users->List();
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->empty());  // nothing half-written
}

TEST(Users, OfficialTakesItsAccountsUnitAndNameAndOneUserPerAccount) {
  World w;
  auto r = w.users->Add({.login = "NguyenVanA.STTTT", .display_name = "", .role = Role::kOfficial}, kActor);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->user.account, kAccount);
  EXPECT_EQ(r->user.unit_code, kIct);
  EXPECT_EQ(r->user.display_name, "Nguyễn Văn An");
  auto twice = w.users->Add({.login = "canbo.khac", .display_name = "Lê Văn Tám", .role = Role::kOfficial,
                             .account = kAccount},
                            kActor);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::Code::kConflict);
  auto with_unit = w.users->Add({.login = "canbo.khac", .display_name = "Lê Văn Tám", .role = Role::kOfficial,
                                 .unit_code = kIct, .account = kAccount},
                                kActor);
  ASSERT_FALSE(with_unit);
  EXPECT_NE(with_unit.error().message.find("--unit"), std::string::npos);
}

TEST(Users, ResetPasswordGeneratesOneClearsTheCodeLockAndMustChange) {
  World w;
  w.Add("daumoi.stttt", Role::kFocal, kIct);
  auto lock = w.db().Write([](store::Tx& tx) {
    return tx.Exec("UPDATE app_user SET failed_logins = 7, locked_until = 4000000000", {});
  });
  ASSERT_TRUE(lock);
  auto r = w.users->ResetPassword("daumoi.stttt", "", kActor);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->password.empty());
  EXPECT_TRUE(r->user.must_change_password);
  EXPECT_EQ(w.Int("SELECT locked_until FROM app_user"), 0);
  EXPECT_EQ(w.Int("SELECT failed_logins FROM app_user"), 0);
  EXPECT_TRUE(w.sessions->Login("daumoi.stttt", r->password, "10.0.0.1"));
  EXPECT_FALSE(w.sessions->Login("daumoi.stttt", kPassword, "10.0.0.1"));
  auto unknown = w.users->ResetPassword("khong.co.ai", "", kActor);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::Code::kNotFound);
}

TEST(Users, DisableTwiceIsAConflictAndEnableRestores) {
  World w;
  w.Add("daumoi.stttt", Role::kFocal, kIct);
  auto off = w.users->SetDisabled("daumoi.stttt", true, kActor);
  ASSERT_TRUE(off);
  EXPECT_TRUE(off->disabled);
  auto again = w.users->SetDisabled("daumoi.stttt", true, kActor);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::Code::kConflict);
  ASSERT_TRUE(w.users->SetDisabled("daumoi.stttt", false, kActor));
  EXPECT_TRUE(w.sessions->Login("daumoi.stttt", kPassword, "10.0.0.1"));
  EXPECT_EQ(w.Actions("daumoi.stttt"), "add disable enable login");
}

TEST(Users, ChangePasswordChecksTheOldOneAndTheRules) {
  World w;
  User u = w.Add("daumoi.stttt", Role::kFocal, kIct);
  auto wrong = w.users->ChangePassword(u.id, "khong-phai-2021", "Mat-khau-moi-9");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, core::Code::kUnauthenticated);
  auto weak = w.users->ChangePassword(u.id, kPassword, "abc");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, core::Code::kInvalidArgument);
  ASSERT_TRUE(w.users->ChangePassword(u.id, kPassword, "Mat-khau-moi-9"));
  EXPECT_FALSE(w.sessions->Login("daumoi.stttt", kPassword, "10.0.0.1"));
  EXPECT_TRUE(w.sessions->Login("daumoi.stttt", "Mat-khau-moi-9", "10.0.0.1"));
}

TEST(Totp, CodesMatchTheRfc6238Vectors) {
  // RFC 6238 appendix B, SHA-1 secret "12345678901234567890"; the last 6 of the 8 digits.
  const std::string secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  EXPECT_EQ(TotpCode(secret, 59).value_or(""), "287082");
  EXPECT_EQ(TotpCode(secret, 1111111109).value_or(""), "081804");
  EXPECT_EQ(TotpCode(secret, 2000000000).value_or(""), "279037");
  EXPECT_FALSE(TotpCode("!!not base32!!", 59));
}

TEST(Totp, BeginGivesSecretUriAndQrAndConfirmNeedsTheRightCode) {
  World w;
  User u = w.Add("quantri", Role::kAdmin);
  auto none = w.users->ConfirmTotp(u.id, "123456");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("Chưa bắt đầu"), std::string::npos);
  auto e = w.users->BeginTotp(u.id);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->secret_base32.size(), 32u);
  EXPECT_EQ(e->uri, "otpauth://totp/dancu:quantri?secret=" + e->secret_base32 + "&issuer=dancu");
  EXPECT_TRUE(e->qr_svg.starts_with("<svg")) << e->qr_svg.substr(0, 40);
  auto code = TotpCode(e->secret_base32, Unix(w.now));
  ASSERT_TRUE(code);
  std::string wrong = *code == "000000" ? "111111" : "000000";
  auto bad = w.users->ConfirmTotp(u.id, wrong);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::Code::kInvalidArgument);
  EXPECT_FALSE(w.users->Get("quantri")->totp_enrolled);
  ASSERT_TRUE(w.users->ConfirmTotp(u.id, code->substr(0, 3) + " " + code->substr(3)));
  EXPECT_TRUE(w.users->Get("quantri")->totp_enrolled);
  EXPECT_EQ(w.Int("SELECT totp_last_step FROM app_user"), Unix(w.now) / 30);
  auto reset = w.users->ResetTotp("quantri", kActor);
  ASSERT_TRUE(reset);
  EXPECT_FALSE(reset->totp_enrolled);
  EXPECT_EQ(w.Actions("quantri"), "add enrol_totp reset_totp");
}

TEST(Totp, QrSvgIsOneBlackPathOnWhiteWithAQuietZone) {
  World w;
  User u = w.Add("nguoi.dung@kg", Role::kAuditor);
  auto e = w.users->BeginTotp(u.id);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_NE(e->uri.find("dancu:nguoi.dung%40kg?"), std::string::npos) << e->uri;
  const std::string& svg = e->qr_svg;
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
  size_t paths = 0;
  for (size_t p = svg.find("<path"); p != std::string::npos; p = svg.find("<path", p + 1)) ++paths;
  EXPECT_EQ(paths, 1u);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("style"), std::string::npos);
  // The first dark module (the finder pattern's corner) sits right after the 4-module zone.
  EXPECT_NE(svg.find("d=\"M4 4h7v1h-7z"), std::string::npos) << svg.substr(0, 300);
}

TEST(History, NeverHoldsPasswordsCodesOrTokens) {
  World w;
  User u = w.Add("quantri", Role::kAdmin);
  std::string secret = w.Enrol(u.id);
  w.now += 60s;
  auto s = w.sessions->Login("quantri", kPassword, "10.0.0.7");
  ASSERT_TRUE(s);
  auto code = TotpCode(secret, Unix(w.now));
  ASSERT_TRUE(w.sessions->SecondFactor(s->token, *code, "10.0.0.7"));
  (void)w.sessions->Login("quantri", "Sai-mat-khau-1", "10.0.0.7");
  w.sessions->Logout(s->token);
  auto rows = w.db().Read([](store::Tx& tx) { return tx.Query("SELECT actor, detail, reason FROM history", {}); });
  ASSERT_TRUE(rows);
  ASSERT_GE(rows->size(), 5u);
  for (const auto& r : *rows) {
    for (size_t i = 0; i < 3; ++i) {
      for (const std::string& secret_text : {std::string(kPassword), std::string("Sai-mat-khau-1"), *code, s->token, secret}) {
        EXPECT_EQ(r.Text(i).find(secret_text), std::string::npos) << r.Text(i);
      }
    }
  }
  EXPECT_EQ(w.Actions("quantri"), "add enrol_totp password_ok login login_failed logout");
}

}  // namespace
}  // namespace dancu::auth
