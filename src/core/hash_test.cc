// Digests and base64 (core/hash.h).
#include "core/hash.h"

#include <gtest/gtest.h>

namespace dancu::core {
namespace {

TEST(Base64, EncodesAsRfc4648AndDecodesBackOrRefuses) {
  EXPECT_EQ(Base64Encode("motcua:abc"), "bW90Y3VhOmFiYw==");
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Decode("bW90Y3VhOmFiYw=="), "motcua:abc");
  std::string bytes("\0\xff\x10", 3);
  EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes);
  EXPECT_FALSE(Base64Decode("!!!").has_value());
}

TEST(Sha256, KnownDigest) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace dancu::core
