// Small deterministic pseudo-random tools of the population module (splitmix64, xoshiro256**).
//
// Not for secrets: only to make synthetic data reproducible from a seed. Value types;
// a generator object is not thread-safe, the free functions are pure.
#pragma once

#include <cstdint>

namespace dancu::population {

// The splitmix64 finaliser: a bijective 64-bit mixer.
constexpr uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256** seeded through splitmix64 (Blackman & Vigna).
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    for (auto& w : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      w = Mix64(seed);
    }
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) by Lemire's multiply-shift (bias < n / 2^64, irrelevant here).
  // REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    return uint64_t((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int Between(int lo, int hi) { return lo + int(Below(uint64_t(hi - lo) + 1)); }
  // True with probability p (0..1).
  bool Chance(double p) { return double(Next() >> 11) * 0x1.0p-53 < p; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// A bijection of [0, m·n) keyed by `key`: alternating modular additions of a keyed hash
// (a Feistel-like network on the mixed radix (m, n)), so a counter 0, 1, 2… becomes numbers
// that look random yet never repeat. REQUIRES: x < m·n; m, n > 0.
constexpr uint64_t Permute(uint64_t x, uint64_t m, uint64_t n, uint64_t key) {
  uint64_t a = x / n, b = x % n;
  for (uint64_t round = 0; round < 4; ++round) {
    a = (a + Mix64(b ^ key ^ (round << 56)) % m) % m;
    b = (b + Mix64(a ^ key ^ ((round | 8) << 56)) % n) % n;
  }
  return a * n + b;
}

}  // namespace dancu::population
