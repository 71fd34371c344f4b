// The installation's key for secrets kept in the database (TOTP secrets), sealed with
// libsodium's crypto_secretbox (XSalsa20-Poly1305); migration of plaintext secrets.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/auth_internal.h"

namespace dancu::auth {

using core::Error;
using core::Fail;

namespace {

constexpr std::string_view kFileTag = "dancu-secret-v1 ";
constexpr std::string_view kSealTag = "s1:";  // base32 never holds ':' — plaintext is told apart

using Bytes = std::array<unsigned char, crypto_secretbox_KEYBYTES>;

void EnsureSodium() {
  static const int rc = sodium_init();
  (void)rc;
}

std::string Base64(const unsigned char* data, size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

// The bytes of base64 `text`, or empty when it is not base64.
std::string Unbase64(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return {};
  }
  out.resize(len);
  return out;
}

Error BadFile(const std::string& path, const std::string& why) {
  return Error::Invalid("Tệp khóa bí mật " + path + " " + why +
                        "; hãy dùng đúng tệp khóa chung của hệ thống (--secret-key-file).");
}

// Writes `text` to a new file `path`, mode 0600 from the start, durably. False if it could not.
bool WriteNewPrivateFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size()) && ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

}  // namespace

SecretKey::SecretKey(std::shared_ptr<const Bytes> key) : key_(std::move(key)) {}

SecretKey SecretKey::Random() {
  EnsureSodium();
  auto k = std::make_shared<Bytes>();
  crypto_secretbox_keygen(k->data());
  return SecretKey(std::move(k));
}

Result<SecretKey> SecretKey::Load(const std::string& path) {
  EnsureSodium();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail(Error::NotFound("Không tìm thấy tệp khóa bí mật " + path +
                                "; hãy chép tệp khóa chung của hệ thống vào đó hoặc chỉ đường "
                                "dẫn bằng --secret-key-file."));
  }
  if (st.st_mode & 077) {
    return Fail(Error::Denied("Tệp khóa bí mật " + path +
                              " để người khác đọc được; hãy chạy: chmod 600 " + path));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (!text.starts_with(kFileTag)) return Fail(BadFile(path, "không đúng định dạng"));
  std::string raw = Unbase64(std::string_view(text).substr(kFileTag.size()));
  if (raw.size() != crypto_secretbox_KEYBYTES) return Fail(BadFile(path, "bị hỏng (độ dài sai)"));
  auto k = std::make_shared<Bytes>();
  std::copy(raw.begin(), raw.end(), k->begin());
  sodium_memzero(raw.data(), raw.size());
  return SecretKey(std::move(k));
}

Result<SecretKey> SecretKey::Create(const std::string& path) {
  SecretKey key = Random();
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string text = std::string(kFileTag) + Base64(key.key_->data(), key.key_->size()) + "\n";
  bool ok = WriteNewPrivateFile(path, text);
  sodium_memzero(text.data(), text.size());
  if (!ok) return Fail(Error::Unavailable("Không tạo được tệp khóa bí mật " + path + "."));
  return key;
}

bool SecretKey::IsSealed(std::string_view value) { return value.starts_with(kSealTag); }

std::string SecretKey::Seal(std::string_view plain) const {
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), out,
                        key_->data());
  return std::string(kSealTag) + Base64(out, box.size());
}

Result<std::string> SecretKey::Open(std::string_view sealed) const {
  if (!IsSealed(sealed)) return Fail(Error::Internal("Khóa TOTP lưu chưa được mã hóa."));
  std::string box = Unbase64(sealed.substr(kSealTag.size()));
  constexpr size_t kOverhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (box.size() < kOverhead) return Fail(WrongKey());
  std::string plain(box.size() - kOverhead, '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(box.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 in + crypto_secretbox_NONCEBYTES,
                                 box.size() - crypto_secretbox_NONCEBYTES, in, key_->data()) != 0) {
    return Fail(WrongKey());
  }
  return plain;
}

Error SecretKey::WrongKey() {
  return Error::Unavailable(
      "Không giải mã được khóa TOTP trong cơ sở dữ liệu: tệp khóa bí mật không khớp (khóa khác "
      "hoặc dữ liệu hỏng); hãy dùng đúng tệp khóa chung của hệ thống (--secret-key-file).");
}

std::string DefaultSecretKeyPath(const std::string& db_path) {
  return (std::filesystem::path(db_path).parent_path() / "dancu.secret").string();
}

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
