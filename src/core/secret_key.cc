// The installation's secret key (core/secret_key.h): its file, sealing with libsodium's
// crypto_secretbox (XSalsa20-Poly1305) and keyed MACs for tokens.
#include "core/secret_key.h"

#include "core/hash.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dancu::core {

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
  std::string raw = Base64Decode(std::string_view(text).substr(kFileTag.size())).value_or("");
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
  std::string_view raw(reinterpret_cast<const char*>(key.key_->data()), key.key_->size());
  std::string text = std::string(kFileTag) + Base64Encode(raw) + "\n";
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
  return std::string(kSealTag) + Base64Encode(box);
}

Result<std::string> SecretKey::Open(std::string_view sealed) const {
  if (!IsSealed(sealed)) return Fail(Error::Internal("Bí mật lưu chưa được mã hóa."));
  std::string box = Base64Decode(sealed.substr(kSealTag.size())).value_or("");
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
      "Không giải mã được bí mật lưu trong cơ sở dữ liệu (khóa TOTP, khóa ký của hệ thống tích "
      "hợp): tệp khóa bí mật không khớp (khóa khác hoặc dữ liệu hỏng); hãy dùng đúng tệp khóa chung của hệ thống (--secret-key-file).");
}

std::string DefaultSecretKeyPath(const std::string& db_path) {
  return (std::filesystem::path(db_path).parent_path() / "dancu.secret").string();
}

std::string SecretKey::Mac(std::string_view context, std::string_view message) const {
  EnsureSodium();
  // BLAKE2b keyed with the installation key, the context first: one key, separate domains.
  crypto_generichash_state state;
  crypto_generichash_init(&state, key_->data(), key_->size(), 32);
  const std::string ctx = std::string(context) + '\0';
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(ctx.data()), ctx.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  unsigned char out[32];
  crypto_generichash_final(&state, out, sizeof out);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

}  // namespace dancu::core
