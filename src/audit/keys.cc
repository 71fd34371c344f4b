// The audit log's keys (file, generation), subject hashing/encryption, checkpoint signatures.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audit/audit_internal.h"

namespace dancu::audit {

using core::Error;
using core::Fail;
using namespace internal;

static_assert(sizeof(Keys::sign_public) == crypto_sign_PUBLICKEYBYTES);
static_assert(sizeof(Keys::sign_secret) == crypto_sign_SECRETKEYBYTES);
static_assert(sizeof(Keys::subject_hash_key) == crypto_generichash_KEYBYTES);
static_assert(sizeof(Keys::subject_enc_key) == crypto_secretbox_KEYBYTES);

namespace internal {

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;  // thread-safe static; idempotent call
  if (!ready) std::abort();                      // no secure random source: nothing here can work
}

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

bool FromHex(std::string_view hex, unsigned char* out, size_t n) {
  if (hex.size() != 2 * n) return false;
  size_t len = 0;
  return sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == n;
}

std::string SubjectHash(const Keys& keys, std::string_view normalised) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(normalised.data()),
                     normalised.size(), keys.subject_hash_key.data(), keys.subject_hash_key.size());
  return Hex(out, sizeof out);
}

std::string EncryptSubject(const Keys& keys, std::string_view normalised) {
  EnsureSodium();
  // Random 192-bit nonces: safe without coordination between nodes sharing a key.
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + normalised.size(),
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(normalised.data()),
                        normalised.size(), nonce, keys.subject_enc_key.data());
  return out;
}

Checkpoint SignCheckpoint(const Keys& keys, int64_t seq, std::string hash, std::string time) {
  Checkpoint c{seq, std::move(hash), std::move(time), Hex(keys.sign_public), ""};
  std::string msg = CheckpointMessage(c);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                       keys.sign_secret.data());
  c.signature = Hex(sig, sizeof sig);
  return c;
}

const char* const kSelectCheckpoint =
    "SELECT seq, hash, at, public_key, signature FROM audit_checkpoint";
const char* const kInsertCheckpoint =
    "INSERT INTO audit_checkpoint (seq, hash, at, public_key, signature) VALUES (?, ?, ?, ?, ?)";

Checkpoint CheckpointFromRow(const store::Row& row) {
  return {row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
}

store::Params CheckpointParams(const Checkpoint& c) {
  return {c.seq, c.hash, c.time, c.public_key, c.signature};
}

}  // namespace internal

namespace {

// The string member `name` of a JSON object, or "" (never throws).
std::string StringField(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<Keys> FromJson(std::string_view text, const std::string& path) {
  auto bad = [&](std::string why) {
    return Fail(Error::Invalid("Tệp khoá nhật ký " + path + " không hợp lệ: " + why));
  };
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("không phải JSON.");
  if (StringField(j, "format") != "dancu-audit-keys-v1") return bad("sai định dạng.");
  Keys k;
  unsigned char seed[crypto_sign_SEEDBYTES];
  auto hex = [&](const char* name) { return StringField(j, name); };
  if (!FromHex(hex("sign_seed"), seed, sizeof seed) ||
      !FromHex(hex("subject_hash_key"), k.subject_hash_key.data(), k.subject_hash_key.size()) ||
      !FromHex(hex("subject_enc_key"), k.subject_enc_key.data(), k.subject_enc_key.size())) {
    sodium_memzero(seed, sizeof seed);
    return bad("thiếu khoá hoặc khoá sai độ dài.");
  }
  crypto_sign_seed_keypair(k.sign_public.data(), k.sign_secret.data(), seed);
  sodium_memzero(seed, sizeof seed);
  if (hex("sign_public") != k.PublicKeyHex()) return bad("khoá công khai không khớp khoá bí mật.");
  return k;
}

std::string ToJson(const Keys& k) {
  unsigned char seed[crypto_sign_SEEDBYTES];
  crypto_sign_ed25519_sk_to_seed(seed, k.sign_secret.data());
  nlohmann::json j = {{"format", "dancu-audit-keys-v1"},
                      {"created", NowIso()},
                      {"sign_public", k.PublicKeyHex()},
                      {"sign_seed", Hex(seed, sizeof seed)},
                      {"subject_hash_key", Hex(k.subject_hash_key)},
                      {"subject_enc_key", Hex(k.subject_enc_key)}};
  sodium_memzero(seed, sizeof seed);
  return j.dump(2) + "\n";
}

// Writes `text` to a new file `path` with mode 0600, durably. False if it could not.
bool WritePrivateFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += size_t(n);
  }
  bool ok = done == text.size() && ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

}  // namespace

Keys::~Keys() {
  sodium_memzero(sign_secret.data(), sign_secret.size());
  sodium_memzero(subject_hash_key.data(), subject_hash_key.size());
  sodium_memzero(subject_enc_key.data(), subject_enc_key.size());
}

Keys Keys::Generate() {
  EnsureSodium();
  Keys k;
  crypto_sign_keypair(k.sign_public.data(), k.sign_secret.data());
  crypto_generichash_keygen(k.subject_hash_key.data());
  crypto_secretbox_keygen(k.subject_enc_key.data());
  return k;
}

std::string Keys::PublicKeyHex() const { return Hex(sign_public); }

Result<Keys> Keys::Load(const std::string& path) {
  EnsureSodium();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail(Error::NotFound("Không tìm thấy tệp khoá nhật ký " + path + "."));
  }
  if (st.st_mode & 077) {
    return Fail(Error::Denied("Tệp khoá nhật ký " + path +
                              " để người khác đọc được; hãy chạy: chmod 600 " + path));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!in) return Fail(Error::Unavailable("Không đọc được tệp khoá nhật ký " + path + "."));
  std::string text = buf.str();
  auto keys = FromJson(text, path);
  sodium_memzero(text.data(), text.size());
  return keys;
}

Result<Keys> Keys::LoadOrCreate(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return Load(path);
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  Keys keys = Generate();
  std::string text = ToJson(keys);
  // Write aside, then link into place: a reader never sees half a file, and if another
  // process created the file meanwhile, link fails and its keys win.
  unsigned char suffix[8];
  randombytes_buf(suffix, sizeof suffix);
  std::string tmp = path + ".tmp-" + Hex(suffix, sizeof suffix);
  bool written = WritePrivateFile(tmp, text);
  sodium_memzero(text.data(), text.size());
  if (!written) {
    ::unlink(tmp.c_str());
    return Fail(Error::Unavailable("Không tạo được tệp khoá nhật ký " + path + "."));
  }
  int linked = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return Load(path);
    return Fail(Error::Unavailable("Không tạo được tệp khoá nhật ký " + path + "."));
  }
  if (int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return keys;
}

std::string DefaultKeyPath(const std::string& db_path) {
  return (std::filesystem::path(db_path).parent_path() / "audit.keys").string();
}

Result<PublicKey> ParsePublicKey(std::string_view hex) {
  PublicKey k{};
  if (!FromHex(hex, k.data(), k.size())) {
    return Fail(Error::Invalid("Khoá công khai phải gồm 64 chữ số hệ 16."));
  }
  return k;
}

std::optional<std::string> DecryptSubject(const Keys& keys, const StoredRecord& r) {
  const std::string& c = r.subject_enc;
  if (c.size() <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  auto* nonce = reinterpret_cast<const unsigned char*>(c.data());
  std::string plain(c.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
          c.size() - crypto_secretbox_NONCEBYTES, nonce, keys.subject_enc_key.data()) != 0) {
    return std::nullopt;
  }
  return ValidUtf8(plain);  // a hostile "identifier" may be any bytes; shown as text
}

std::string CheckpointMessage(const Checkpoint& c) {
  return "dancu-audit-checkpoint\n" + std::to_string(c.seq) + "\n" + c.hash + "\n" + c.time;
}

bool CheckpointSignatureValid(const Checkpoint& c) {
  EnsureSodium();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
  if (!FromHex(c.public_key, pk, sizeof pk) || !FromHex(c.signature, sig, sizeof sig)) {
    return false;
  }
  std::string msg = CheckpointMessage(c);
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(msg.data()),
                                     msg.size(), pk) == 0;
}

std::string CheckpointToJson(const Checkpoint& c) {
  nlohmann::json j = {{"format", "dancu-audit-checkpoint-v1"},
                      {"seq", c.seq},
                      {"hash", c.hash},
                      {"time", c.time},
                      {"public_key", c.public_key},
                      {"signature", c.signature}};
  return j.dump(2) + "\n";
}

Result<Checkpoint> CheckpointFromJson(std::string_view json) {
  auto bad = [] {
    return Fail(
        Error::Invalid("Tệp điểm kiểm tra nhật ký không hợp lệ: cần JSON có format "
                       "\"dancu-audit-checkpoint-v1\", seq, hash, time, public_key, "
                       "signature."));
  };
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || StringField(j, "format") != "dancu-audit-checkpoint-v1")
    return bad();
  auto seq = j.find("seq");
  if (seq == j.end() || !seq->is_number_integer()) return bad();
  Checkpoint c;
  c.seq = seq->get<int64_t>();
  for (auto [name, field] :
       {std::pair{"hash", &c.hash}, std::pair{"time", &c.time},
        std::pair{"public_key", &c.public_key}, std::pair{"signature", &c.signature}}) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return bad();
    *field = it->get<std::string>();
  }
  if (c.seq < 1 || c.hash.size() != 64) return bad();
  return c;
}

}  // namespace dancu::audit
