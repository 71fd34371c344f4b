// TOTP second factor (RFC 6238 through liboath) and the QR code of its otpauth:// URI.
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "auth/auth_internal.h"

namespace dancu::auth {
namespace internal {
namespace {

using core::Error;
using core::Fail;

constexpr unsigned kDigits = 6;
constexpr size_t kSecretBytes = 20;  // RFC 4226 §4: 160-bit shared secret

Result<void> InitOath() {
  static std::once_flag once;
  static int rc = OATH_OK;
  std::call_once(once, [] { rc = oath_init(); });
  if (rc != OATH_OK) return Fail(Error::Internal(std::string("Không khởi tạo được liboath: ") + oath_strerror(rc)));
  return {};
}

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

// The raw secret behind its base32 text. Errors: invalid_argument.
Result<std::string> DecodeSecret(const std::string& secret_base32) {
  if (auto st = InitOath(); !st) return Fail(st.error());
  char* out = nullptr;
  size_t len = 0;
  int rc = oath_base32_decode(secret_base32.data(), secret_base32.size(), &out, &len);
  std::unique_ptr<char, FreeDeleter> owned(out);
  if (rc != OATH_OK || len == 0) {
    return Fail(Error::Invalid("Khóa TOTP không phải chuỗi base32 hợp lệ."));
  }
  return std::string(out, len);
}

// "123 456" → "123456"; empty when anything but 6 digits remains.
std::string NormaliseCode(const std::string& code) {
  std::string digits;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') return {};
    digits += c;
  }
  return digits.size() == kDigits ? digits : std::string();
}

}  // namespace

Result<std::string> NewTotpSecret() {
  if (auto st = InitOath(); !st) return Fail(st.error());
  unsigned char raw[kSecretBytes];
  randombytes_buf(raw, sizeof raw);
  char* out = nullptr;
  size_t len = 0;
  int rc = oath_base32_encode(reinterpret_cast<const char*>(raw), sizeof raw, &out, &len);
  std::unique_ptr<char, FreeDeleter> owned(out);
  sodium_memzero(raw, sizeof raw);
  if (rc != OATH_OK) return Fail(Error::Internal(std::string("Không tạo được khóa TOTP: ") + oath_strerror(rc)));
  std::string s(out, len);
  while (!s.empty() && s.back() == '=') s.pop_back();  // 20 bytes = 32 characters, no padding
  return s;
}

Result<int64_t> MatchTotp(const std::string& secret_base32, const std::string& code,
                          int64_t unix_time) {
  auto secret = DecodeSecret(secret_base32);
  if (!secret) return Fail(secret.error());
  std::string digits = NormaliseCode(code);
  if (digits.empty()) return -1;
  int pos = 0;
  // Window 1: the previous, current and next step (clock drift of a phone).
  int rc = oath_totp_validate2(secret->data(), secret->size(), static_cast<time_t>(unix_time),
                               kTotpStep, 0, 1, &pos, digits.c_str());
  sodium_memzero(secret->data(), secret->size());
  if (rc == OATH_INVALID_OTP) return -1;
  if (rc < 0) return Fail(Error::Internal(std::string("Lỗi kiểm tra mã TOTP: ") + oath_strerror(rc)));
  return unix_time / kTotpStep + pos;
}

Result<std::string> QrSvg(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!qr) return Fail(Error::Internal("Không tạo được mã QR (nội dung quá dài?)."));
  constexpr int kQuiet = 4;  // ISO/IEC 18004: 4-module quiet zone
  const int w = qr->width;
  const int size = w + 2 * kQuiet;
  std::string d;
  for (int y = 0; y < w; ++y) {
    for (int x = 0; x < w;) {
      if (!(qr->data[y * w + x] & 1)) { ++x; continue; }
      int run = 0;
      while (x + run < w && (qr->data[y * w + x + run] & 1)) ++run;
      // One rectangle per horizontal run of dark modules.
      d += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h" +
           std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  std::string n = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"Mã QR\">"
         "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/>"
         "<path fill=\"#000\" d=\"" + d + "\"/></svg>";
}

}  // namespace internal

Result<std::string> TotpCode(const std::string& secret_base32, int64_t unix_time) {
  auto secret = internal::DecodeSecret(secret_base32);
  if (!secret) return core::Fail(secret.error());
  char out[internal::kDigits + 1] = {};
  int rc = oath_totp_generate(secret->data(), secret->size(), static_cast<time_t>(unix_time),
                              internal::kTotpStep, 0, internal::kDigits, out);
  sodium_memzero(secret->data(), secret->size());
  if (rc != OATH_OK) {
    return core::Fail(core::Error::Internal(std::string("Không tính được mã TOTP: ") + oath_strerror(rc)));
  }
  return std::string(out);
}

}  // namespace dancu::auth
