// Portable pseudo-random helpers: the same numbers on every machine and standard library
// (std::uniform_int_distribution and friends are implementation-defined, so parley never uses
// them where results are saved or compared).
#pragma once

#include <cstdint>
#include <random>

namespace parley::detail {

// splitmix64 (Steele, Lea & Flood 2014): a seed mixer; seeds derived by it from a user's seed
// and an index are independent-looking even for consecutive indices.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A uniform integer in [0, n) (n >= 1), without modulo bias (rejection of the top partial
// block), from a 64-bit Mersenne Twister whose outputs are fixed by the standard.
inline std::uint64_t uniform_below(std::mt19937_64& random, std::uint64_t n) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;  // a multiple of n
  for (;;) {
    const std::uint64_t x = random();
    if (x < limit) return x % n;
  }
}

}  // namespace parley::detail
