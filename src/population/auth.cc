// Signed-request authentication (HMAC-SHA256 over libsodium): SignRequest and CheckRequest.
#include "population/auth.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>

#include "core/hash.h"

namespace dancu::population {

using core::Error;
using core::Fail;

namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;  // thread-safe static; idempotent call
  return ready;
}

// HMAC-SHA256 with a key of any length (the one-shot crypto_auth_hmacsha256 wants 32 bytes).
Mac Hmac(std::string_view secret, std::string_view message) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  Mac mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

std::string Hex(const Mac& mac) {
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac.data(), mac.size());
  return hex;
}

bool ValidClientId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const std::string* FindHeader(const std::map<std::string, std::string>& headers,
                              std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (EqualsNoCase(k, name)) return &v;
  }
  return nullptr;
}

Error Denied(std::string message) { return Error::Denied(std::move(message)); }

// Unix seconds: 1 to 12 decimal digits (enough until the year 33658, and no overflow).
bool ParseSeconds(std::string_view s, std::int64_t& out) {
  if (s.empty() || s.size() > 12) return false;
  out = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

core::Result<void> CheckTime(std::int64_t ts, std::int64_t now, int max_skew) {
  const std::int64_t skew = std::max(max_skew, 0);
  const std::string limit = " (cho phép lệch tối đa " + std::to_string(skew) + " giây)";
  if (now - ts > skew) {
    return Fail(Denied("Yêu cầu đã quá hạn: " + std::string(kTimestampHeader) + " cũ hơn " +
                       std::to_string(now - ts) + " giây so với đồng hồ máy chủ" + limit +
                       ". Hãy đồng bộ đồng hồ (NTP) và ký lại yêu cầu."));
  }
  if (ts - now > skew) {
    return Fail(Denied(std::string(kTimestampHeader) + " ở tương lai " +
                       std::to_string(ts - now) + " giây so với đồng hồ máy chủ" + limit +
                       ". Hãy đồng bộ đồng hồ (NTP) và ký lại yêu cầu."));
  }
  return {};
}

}  // namespace

std::string StringToSign(std::string_view client, std::string_view timestamp,
                         std::string_view method, std::string_view path, std::string_view body) {
  std::string out;
  out.reserve(client.size() + timestamp.size() + method.size() + path.size() + 68);
  out.append(client).append("\n").append(timestamp).append("\n").append(method).append("\n");
  out.append(path).append("\n").append(core::Sha256Hex(body));
  return out;
}

std::map<std::string, std::string> SignRequest(std::string_view client, std::string_view secret,
                                               std::string_view method, std::string_view path,
                                               std::string_view body, std::int64_t now_unix) {
  SodiumReady();
  const std::string timestamp = std::to_string(now_unix);
  return {{std::string(kClientHeader), std::string(client)},
          {std::string(kTimestampHeader), timestamp},
          {std::string(kSignatureHeader),
           Hex(Hmac(secret, StringToSign(client, timestamp, method, path, body)))}};
}

core::Result<std::string> CheckRequest(const AuthConfig& config,
                                       const std::map<std::string, std::string>& headers,
                                       std::string_view method, std::string_view path,
                                       std::string_view body, std::int64_t now_unix) {
  if (!SodiumReady()) return Fail(Error::Internal("Không khởi tạo được libsodium."));
  const std::string* client = FindHeader(headers, kClientHeader);
  const std::string* timestamp = FindHeader(headers, kTimestampHeader);
  const std::string* signature = FindHeader(headers, kSignatureHeader);
  for (const auto& [value, name] : {std::pair{client, kClientHeader},
                                    std::pair{timestamp, kTimestampHeader},
                                    std::pair{signature, kSignatureHeader}}) {
    if (value == nullptr || value->empty()) {
      return Fail(Denied("Thiếu tiêu đề " + std::string(name) +
                         ": mọi yêu cầu tới dịch vụ dân cư phải được ký (X-Dancu-Client, "
                         "X-Dancu-Timestamp, X-Dancu-Signature)."));
    }
  }
  if (!ValidClientId(*client)) {
    return Fail(Denied("X-Dancu-Client không hợp lệ: chỉ gồm 1–64 ký tự A–Z, a–z, 0–9, '.', "
                       "'_', '-'."));
  }
  const auto secret = config.secrets.find(*client);
  if (secret == config.secrets.end() || secret->second.empty()) {
    return Fail(Denied("Máy khách \"" + *client + "\" chưa được đăng ký với dịch vụ dân cư."));
  }
  std::int64_t ts = 0;
  if (!ParseSeconds(*timestamp, ts)) {
    return Fail(Denied("X-Dancu-Timestamp phải là thời điểm Unix tính bằng giây (chỉ gồm chữ số)."));
  }
  if (auto ok = CheckTime(ts, now_unix, config.max_skew_seconds); !ok) {
    return Fail(std::move(ok.error()));
  }
  Mac given;
  std::size_t given_len = 0;
  if (signature->size() != given.size() * 2 ||
      sodium_hex2bin(given.data(), given.size(), signature->data(), signature->size(), nullptr,
                     &given_len, nullptr) != 0 ||
      given_len != given.size()) {
    return Fail(Denied("X-Dancu-Signature phải gồm 64 chữ số hex (HMAC-SHA256)."));
  }
  const Mac expected = Hmac(secret->second, StringToSign(*client, *timestamp, method, path, body));
  if (sodium_memcmp(expected.data(), given.data(), given.size()) != 0) {
    return Fail(Denied("Chữ ký X-Dancu-Signature không đúng: kiểm tra khoá bí mật và rằng "
                       "phương thức, đường dẫn, thời điểm và nội dung gửi đi đúng là những gì "
                       "đã ký."));
  }
  return *client;
}

namespace {

Error NotSigned(std::string message) { return Error::Unauthenticated(std::move(message)); }

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::string BasicHash(std::string_view url, std::string_view user, std::string_view timestamp,
                      std::string_view secret) {
  std::string text;
  text.reserve(url.size() + user.size() + timestamp.size() + secret.size());
  text.append(url).append(user).append(timestamp).append(secret);
  std::string hex = core::Sha256Hex(text);
  sodium_memzero(text.data(), text.size());
  return hex;
}

std::map<std::string, std::string> SignBasicHash(std::string_view url, std::string_view user,
                                                 std::string_view secret, std::int64_t now_ms) {
  SodiumReady();
  std::string ts = std::to_string(now_ms);
  std::string credential = std::string(user) + ":" + BasicHash(url, user, ts, secret);
  return {{std::string(kHashTimestampHeader), ts}, {"Authorization", "Basic " + core::Base64Encode(credential)}};
}

core::Result<BasicHashClaim> ReadBasicHash(const std::map<std::string, std::string>& headers) {
  if (!SodiumReady()) return Fail(Error::Internal("Không khởi tạo được libsodium."));
  const std::string* auth = FindHeader(headers, "Authorization");
  std::string value = auth ? Trim(*auth) : "";
  if (value.size() < 6 || !EqualsNoCase(value.substr(0, 6), "Basic ")) {
    return Fail(Error::NotFound("Không có tiêu đề Authorization: Basic."));
  }
  if (value.size() > 512) return Fail(NotSigned("Tiêu đề Authorization quá dài."));
  auto decoded = core::Base64Decode(Trim(std::string_view(value).substr(6)));
  if (!decoded) return Fail(NotSigned("Tiêu đề Authorization không phải base64 hợp lệ."));
  auto colon = decoded->rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Fail(NotSigned("Tiêu đề Authorization phải là Basic base64(\"mã-hệ-thống:mã-băm\")."));
  }
  BasicHashClaim claim;
  claim.user = decoded->substr(0, colon);
  claim.hash = decoded->substr(colon + 1);
  for (auto& c : claim.hash) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (!ValidClientId(claim.user)) {
    return Fail(NotSigned("Mã hệ thống trong Authorization không hợp lệ: chỉ gồm 1–64 ký tự A–Z, "
                          "a–z, 0–9, '.', '_', '-'."));
  }
  if (claim.hash.size() != 64 ||
      !std::all_of(claim.hash.begin(), claim.hash.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
    return Fail(NotSigned("Mã băm trong Authorization phải gồm 64 chữ số hex (SHA-256)."));
  }
  const std::string* ts = FindHeader(headers, kHashTimestampHeader);
  claim.timestamp = ts ? Trim(*ts) : "";
  if (claim.timestamp.empty() || claim.timestamp.size() > 16 ||
      !std::all_of(claim.timestamp.begin(), claim.timestamp.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Fail(NotSigned("Cần tiêu đề Timestamp: thời điểm Unix tính bằng mili giây (chỉ gồm chữ số)."));
  }
  claim.timestamp_ms = std::stoll(claim.timestamp);
  return claim;
}

core::Result<void> CheckBasicHash(const BasicHashClaim& claim, std::string_view url,
                                  std::string_view secret, std::int64_t now_ms,
                                  int max_skew_seconds) {
  const std::int64_t skew_ms = std::int64_t(std::max(max_skew_seconds, 0)) * 1000;
  const std::string limit = " (cho phép lệch tối đa " + std::to_string(skew_ms / 1000) + " giây)";
  if (now_ms - claim.timestamp_ms > skew_ms) {
    return Fail(NotSigned("Yêu cầu đã quá hạn: Timestamp cũ hơn " +
                          std::to_string((now_ms - claim.timestamp_ms) / 1000) +
                          " giây so với đồng hồ máy chủ" + limit + ". Hãy đồng bộ đồng hồ (NTP) và ký lại."));
  }
  if (claim.timestamp_ms - now_ms > skew_ms) {
    return Fail(NotSigned("Timestamp ở tương lai " + std::to_string((claim.timestamp_ms - now_ms) / 1000) +
                          " giây so với đồng hồ máy chủ" + limit + ". Hãy đồng bộ đồng hồ (NTP) và ký lại."));
  }
  std::string expected = BasicHash(url, claim.user, claim.timestamp, secret);
  if (sodium_memcmp(expected.data(), claim.hash.data(), expected.size()) != 0) {
    return Fail(NotSigned("Mã băm trong Authorization không đúng: kiểm tra khóa bí mật và địa chỉ "
                          "(URL) mà hệ thống dùng để ký."));
  }
  return {};
}

core::Result<void> ReplayGuard::FirstUse(const BasicHashClaim& claim, std::int64_t now_ms,
                                         int window_seconds) {
  const std::int64_t window_ms = std::int64_t(std::max(window_seconds, 0)) * 1000;
  std::lock_guard lock(mu_);
  auto& seen = seen_[claim.user];
  while (!seen.empty() && now_ms - seen.begin()->first > window_ms) seen.erase(seen.begin());
  std::pair<std::int64_t, std::string> entry{claim.timestamp_ms, claim.hash};
  if (seen.contains(entry)) {
    return Fail(NotSigned("Yêu cầu bị gửi lại (cùng Timestamp và mã băm đã dùng): mỗi yêu cầu phải "
                          "được ký với Timestamp mới."));
  }
  if (seen.size() >= capacity_) {
    return Fail(Error::Unavailable("Hệ thống \"" + claim.user + "\" gửi quá nhiều yêu cầu ký trong " +
                                   std::to_string(window_ms / 1000) + " giây; hãy thử lại sau ít giây."));
  }
  seen.insert(std::move(entry));
  return {};
}

}  // namespace dancu::population
