// Tests of TOTP secrets at rest (sealed under the installation's key) and of re-enrolment.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "auth/auth_internal.h"
#include "auth/auth_test_fixture.h"

namespace dancu::auth {
namespace {

namespace fs = std::filesystem;

struct KeyDir {
  fs::path dir = fs::temp_directory_path() / ("dancu-key-test-" + std::to_string(::getpid()) + "-" +
                                              internal::RandomToken(6));
  std::string path = (dir / "dancu.secret").string();
  KeyDir() { fs::create_directories(dir); }
  ~KeyDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::string Stored(World& w, const std::string& column) {
  auto r = w.db().Read([&](store::Tx& tx) { return tx.QueryOne("SELECT " + column + " FROM app_user", {}, "row"); });
  return r ? r->Text(0) : "";
}

TEST(SecretKey, TotpSecretsAreStoredSealedNeverInPlainText) {
  // issue 10 item 3: TOTP secrets were stored in plain text in dancu.db.
  World w;
  User u = w.Add("quantri", Role::kAdmin);
  auto e = w.users->BeginTotp(u.id);
  ASSERT_TRUE(e) << e.error().message;
  const std::string pending = Stored(w, "totp_pending");
  EXPECT_TRUE(SecretKey::IsSealed(pending)) << pending;
  EXPECT_EQ(pending.find(e->secret_base32), std::string::npos);
  ASSERT_TRUE(w.users->ConfirmTotp(u.id, TotpCode(e->secret_base32, Unix(w.now)).value()));
  const std::string secret = Stored(w, "totp_secret");
  EXPECT_TRUE(SecretKey::IsSealed(secret)) << secret;
  EXPECT_EQ(secret.find(e->secret_base32), std::string::npos);
  // The sealed secret still checks codes at login.
  w.now += 60s;
  auto s = w.sessions->Login("quantri", kPassword, "10.0.0.5");
  ASSERT_TRUE(s) << s.error().message;
  auto done = w.sessions->SecondFactor(s->token, TotpCode(e->secret_base32, Unix(w.now)).value(), "10.0.0.5");
  ASSERT_TRUE(done) << done.error().message;
}

TEST(SecretKey, SealOpensOnlyWithTheSameKeyAndEachSealDiffers) {
  // issue 10 item 3.
  SecretKey a = SecretKey::Random(), b = SecretKey::Random();
  std::string one = a.Seal("JBSWY3DPEHPK3PXP"), two = a.Seal("JBSWY3DPEHPK3PXP");
  EXPECT_NE(one, two);  // a fresh nonce each time
  EXPECT_EQ(a.Open(one).value_or(""), "JBSWY3DPEHPK3PXP");
  auto wrong = b.Open(one);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, core::Code::kUnavailable);
  EXPECT_NE(wrong.error().message.find("--secret-key-file"), std::string::npos);
  EXPECT_FALSE(a.Open("s1:@@@"));
}

TEST(SecretKey, PrepareCreatesAPrivateKeyFileAndSealsPlaintextSecrets) {
  // issue 10 item 3: secrets of older versions are migrated; the key file is 0600 from the start.
  World w;
  User u = w.Add("quantri", Role::kAdmin);
  auto plain = w.db().Write([&](store::Tx& tx) {
    return tx.Exec("UPDATE app_user SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = ?", {u.id});
  });
  ASSERT_TRUE(plain);
  KeyDir k;
  const mode_t old = ::umask(022);
  auto key = PrepareSecretKey(w.db(), k.path);
  ::umask(old);
  ASSERT_TRUE(key) << key.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(k.path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string sealed = Stored(w, "totp_secret");
  ASSERT_TRUE(SecretKey::IsSealed(sealed)) << sealed;
  EXPECT_EQ(key->Open(sealed).value_or(""), "JBSWY3DPEHPK3PXP");
  // Again (a second node, a restart): the same file is loaded, nothing changes.
  auto again = PrepareSecretKey(w.db(), k.path);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(Stored(w, "totp_secret"), sealed);
  EXPECT_EQ(again->Open(sealed).value_or(""), "JBSWY3DPEHPK3PXP");
}

TEST(SecretKey, AMissingOrWrongKeyIsAClearErrorAndNoNewKeyIsMade) {
  // issue 10 item 3: a wrong or missing key says what to fix instead of failing later.
  World w;
  User u = w.Add("quantri", Role::kAdmin);
  KeyDir k;
  auto key = PrepareSecretKey(w.db(), k.path);
  ASSERT_TRUE(key);
  auto st = w.db().Write([&](store::Tx& tx) {
    return tx.Exec("UPDATE app_user SET totp_secret = ? WHERE id = ?", {key->Seal("JBSWY3DPEHPK3PXP"), u.id});
  });
  ASSERT_TRUE(st);
  fs::remove(k.path);
  auto missing = PrepareSecretKey(w.db(), k.path);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::Code::kNotFound);
  EXPECT_NE(missing.error().message.find("--secret-key-file"), std::string::npos);
  EXPECT_FALSE(fs::exists(k.path));
  ASSERT_TRUE(SecretKey::Create(k.path));  // another installation's key
  auto wrong = PrepareSecretKey(w.db(), k.path);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, core::Code::kUnavailable);
  EXPECT_NE(wrong.error().message.find("không khớp"), std::string::npos);
  fs::permissions(k.path, fs::perms::owner_read | fs::perms::group_read);
  auto open = SecretKey::Load(k.path);
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("chmod 600"), std::string::npos);
  std::ofstream(k.path + ".bad") << "not a key\n";
  fs::permissions(k.path + ".bad", fs::perms::owner_read);
  EXPECT_EQ(SecretKey::Load(k.path + ".bad").error().code, core::Code::kInvalidArgument);
}

TEST(Totp, ReEnrolmentNeedsAValidUnusedCurrentCode) {
  // issue 10 item 6: a session alone could replace an enrolled second factor.
  World w;
  User u = w.Add("quantri", Role::kAdmin);
  std::string secret = w.Enrol(u.id);
  w.now += 90s;
  auto none = w.users->BeginTotp(u.id);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(none.error().message.find("mã 6 số hiện tại"), std::string::npos);
  const std::string good = TotpCode(secret, Unix(w.now)).value();
  auto wrong = w.users->BeginTotp(u.id, good == "000000" ? "111111" : "000000");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(w.Int("SELECT failed_logins FROM app_user"), 1);  // counts towards the code lock
  EXPECT_EQ(Stored(w, "totp_pending"), "");
  auto ok = w.users->BeginTotp(u.id, good);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_FALSE(w.users->BeginTotp(u.id, good));  // the code is used up
  auto code = TotpCode(ok->secret_base32, Unix(w.now)).value();
  ASSERT_TRUE(w.users->ConfirmTotp(u.id, code));
  // An administrator's reset needs no code: the user enrols afresh.
  ASSERT_TRUE(w.users->ResetTotp("quantri", kActor));
  EXPECT_TRUE(w.users->BeginTotp(u.id));
}

TEST(Totp, ReEnrolmentCodeGuessesArePaused) {
  // issue 10 item 6: the current code cannot be guessed without end.
  World w;
  User u = w.Add("quantri", Role::kAdmin);
  std::string secret = w.Enrol(u.id);
  w.now += 90s;
  const std::string good = TotpCode(secret, Unix(w.now)).value();
  const std::string bad = good == "000000" ? "111111" : "000000";
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(w.users->BeginTotp(u.id, bad));
  auto locked = w.users->BeginTotp(u.id, good);
  ASSERT_FALSE(locked);
  EXPECT_NE(locked.error().message.find("tạm khóa"), std::string::npos);
}

TEST(Sessions, MayOnlyChangePasswordWhileTheChangeIsDue) {
  // issue 10 item 5: the server, not the page, holds a user to the password change.
  World w;
  w.Add("daumoi.stttt", Role::kFocal, kIct);
  auto reset = w.users->ResetPassword("daumoi.stttt", "", kActor);
  ASSERT_TRUE(reset);
  auto s = w.sessions->Login("daumoi.stttt", reset->password, "10.0.0.5");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_TRUE(MayOnlyChangePassword(*s));
  ASSERT_TRUE(w.users->ChangePassword(s->user.id, reset->password, "Mat-khau-moi-2021"));
  auto after = w.sessions->Resolve(s->token);
  ASSERT_TRUE(after);
  EXPECT_FALSE(MayOnlyChangePassword(*after));
}

}  // namespace
}  // namespace dancu::auth
