// The installation's key for secrets kept in the database (TOTP secrets), sealed with
// libsodium's crypto_secretbox (XSalsa20-Poly1305); migration of plaintext secrets.
#include "auth/auth_internal.h"

namespace dancu::auth {

using core::Error;
using core::Fail;

namespace {

// Every stored TOTP value (confirmed and pending), with its user id.
struct Stored {
  int64_t id;
  std::string secret, pending;
};

Result<std::vector<Stored>> StoredSecrets(store::Database& db) {
  return db.Read([](store::Tx& tx) -> Result<std::vector<Stored>> {
    auto rows = tx.Query(
        "SELECT id, totp_secret, totp_pending FROM app_user "
        "WHERE totp_secret <> '' OR totp_pending <> ''",
        {});
    if (!rows) return Fail(rows.error());
    std::vector<Stored> out;
    for (const auto& r : *rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
    return out;
  });
}

// Seals the plaintext values of `s` (older versions stored base32 as-is); sealed ones must
// open with `key`. Returns how many values were sealed.
Result<int> Migrate(store::Database& db, const SecretKey& key, const std::vector<Stored>& stored) {
  int sealed = 0;
  for (const auto& s : stored) {
    for (const std::string* v : {&s.secret, &s.pending}) {
      if (SecretKey::IsSealed(*v)) {
        if (auto open = key.Open(*v); !open) return Fail(open.error());
      }
    }
    if (SecretKey::IsSealed(s.secret) && SecretKey::IsSealed(s.pending)) continue;
    auto seal = [&](const std::string& v) { return v.empty() || SecretKey::IsSealed(v) ? v : key.Seal(v); };
    auto st = db.Write([&](store::Tx& tx) {
      // Only the values read: a concurrent enrolment meanwhile is left to its own write.
      return tx.Exec("UPDATE app_user SET totp_secret = ?, totp_pending = ? "
                     "WHERE id = ? AND totp_secret = ? AND totp_pending = ?",
                     {seal(s.secret), seal(s.pending), s.id, s.secret, s.pending});
    });
    if (!st) return Fail(st.error());
    sealed += int(*st);
  }
  return sealed;
}

}  // namespace

Result<SecretKey> PrepareSecretKey(store::Database& db, const std::string& path) {
  auto stored = StoredSecrets(db);
  if (!stored) return Fail(stored.error());
  auto key = SecretKey::Load(path);
  if (!key && key.error().code == core::Code::kNotFound) {
    bool any_sealed = false;
    for (const auto& s : *stored) any_sealed |= SecretKey::IsSealed(s.secret) || SecretKey::IsSealed(s.pending);
    if (any_sealed) return Fail(key.error());  // a new key could never open them
    key = SecretKey::Create(path);
  }
  if (!key) return Fail(key.error());
  if (auto m = Migrate(db, *key, *stored); !m) return Fail(m.error());
  return key;
}

}  // namespace dancu::auth
