// Cryptographic digests used across dancu (libsodium).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dancu::core {

// SHA-256 of `bytes` as 64 lower-case hex digits. Thread-safe.
std::string Sha256Hex(std::string_view bytes);

// Standard base64 (RFC 4648 §4, with padding). Thread-safe.
std::string Base64Encode(std::string_view bytes);
// The bytes of standard base64 `text` (padding required as libsodium's ORIGINAL variant
// wants it), or nullopt when it is not base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace dancu::core
