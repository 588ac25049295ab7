// The portable random helpers (src/support/random.hpp): reference values of splitmix64 and of
// the 64-bit Mersenne Twister, so that seeds mean the same on every machine.
#include "support/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace parley {
namespace {

TEST(SupportRandom, Splitmix64MatchesTheReferenceSequence) {
  // The reference generator (Vigna's splitmix64.c) from state 0 outputs these first: each is
  // the mix of state + k * golden gamma, which is splitmix64(state + (k - 1) * gamma).
  EXPECT_EQ(detail::splitmix64(0), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(detail::splitmix64(0x9E3779B97F4A7C15ULL), 0x6E789E6AA1B965F4ULL);
  static_assert(detail::splitmix64(0) == 0xE220A8397B1DCDAFULL);
}

TEST(SupportRandom, UniformBelowIsInRangeAndUnbiasedOnAKnownStream) {
  std::mt19937_64 random;  // default seed 5489: first output 14514284786278117030
  EXPECT_EQ(detail::uniform_below(random, 1000), 14514284786278117030ULL % 1000);
  std::array<int, 6> counts{};
  for (int draw = 0; draw < 60000; ++draw) {
    const std::uint64_t x = detail::uniform_below(random, 6);
    ASSERT_LT(x, 6u);
    ++counts[x];
  }
  for (int count : counts) {  // 10,000 expected, standard deviation 91
    EXPECT_GT(count, 9500);
    EXPECT_LT(count, 10500);
  }
  EXPECT_EQ(detail::uniform_below(random, 1), 0u);
}

}  // namespace
}  // namespace parley
