// Cryptographic digests used across dancu (libsodium).
#pragma once

#include <string>
#include <string_view>

namespace dancu::core {

// SHA-256 of `bytes` as 64 lower-case hex digits. Thread-safe.
std::string Sha256Hex(std::string_view bytes);

}  // namespace dancu::core
