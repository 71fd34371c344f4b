// The installation's secret key: 32 random bytes in a file kept outside the database and the
// repository (`dancu.secret` beside the database, or --secret-key-file), the same on every node
// of an installation. It seals secrets the database must keep but never show (TOTP secrets, the
// signing secrets of integrated systems) and keys MACs (short-lived access tokens).
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace dancu::core {

// libsodium's crypto_secretbox (XSalsa20-Poly1305) key. Copyable; thread-safe.
class SecretKey {
 public:
  // A fresh random key, known to nobody else (tests; Users built without a key).
  static SecretKey Random();
  // Reads a key file (one line "dancu-secret-v1 <base64>"). Errors: not_found (absent),
  // permission_denied (readable by group or others: says the chmod), invalid_argument
  // (malformed).
  static Result<SecretKey> Load(const std::string& path);
  // Writes a new key to `path` (parent directories created), mode 0600 from the start; never
  // overwrites an existing file. Errors: unavailable.
  static Result<SecretKey> Create(const std::string& path);

  // "s1:" + base64(nonce ‖ ciphertext ‖ tag); a fresh random nonce per call.
  std::string Seal(std::string_view plain) const;
  // The plaintext of a Seal output. Errors: unavailable saying the key file does not match
  // (another key, or damaged data); internal when `sealed` was never sealed.
  Result<std::string> Open(std::string_view sealed) const;
  // Whether a stored value is a Seal output (plaintext base32 never contains ':').
  static bool IsSealed(std::string_view value);
  // hex(BLAKE2b-256 keyed with this key over context ‖ NUL ‖ message): a MAC whose context
  // keeps uses apart (e.g. "dancu-token-v1"). Only holders of the key file can make or check it.
  std::string Mac(std::string_view context, std::string_view message) const;

 private:
  explicit SecretKey(std::shared_ptr<const std::array<unsigned char, 32>> key);
  static core::Error WrongKey();
  std::shared_ptr<const std::array<unsigned char, 32>> key_;
};

// "<directory of db_path>/dancu.secret", the default key file.
std::string DefaultSecretKeyPath(const std::string& db_path);

}  // namespace dancu::core
