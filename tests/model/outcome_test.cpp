#include <gtest/gtest.h>

#include "parley/model/outcome.hpp"
#include "parley/support/error.hpp"

using namespace parley;

TEST(OutcomeSpace, MixedRadixIndexLastIssueFastest) {
  OutcomeSpace space({2, 3, 4});
  EXPECT_EQ(space.size(), 24u);
  EXPECT_EQ(space.index_of({0, 0, 1}), 1u);
  EXPECT_EQ(space.index_of({0, 1, 0}), 4u);
  EXPECT_EQ(space.index_of({1, 2, 3}), 23u);
  for (std::uint64_t i = 0; i < 24; ++i) EXPECT_EQ(space.index_of(space.outcome_at(i)), i);
  EXPECT_THROW(space.outcome_at(24), Error);
}

TEST(OutcomeSpace, NextVisitsEveryOutcomeInIndexOrder) {
  OutcomeSpace space({3, 1, 2});
  Outcome o(3, 0);
  std::uint64_t count = 1;
  while (space.next(o)) {
    EXPECT_EQ(space.index_of(o), count);
    ++count;
  }
  EXPECT_EQ(count, space.size());
}

TEST(OutcomeSpace, HugeSpacesHaveExactSizeTextButNoIndex) {
  OutcomeSpace space(std::vector<std::uint32_t>(200, 10));
  EXPECT_FALSE(space.fits_index());
  EXPECT_THROW((void)space.size(), UnsupportedError);
  EXPECT_EQ(space.size_text(), "1" + std::string(200, '0'));
  EXPECT_NEAR(space.log10_size(), 200.0, 1e-9);
  OutcomeSpace edge(std::vector<std::uint32_t>(64, 2));  // 2^64 does not fit
  EXPECT_FALSE(edge.fits_index());
  EXPECT_EQ(edge.size_text(), "18446744073709551616");
  OutcomeSpace fits(std::vector<std::uint32_t>(63, 2));
  EXPECT_TRUE(fits.fits_index());
  EXPECT_EQ(fits.size(), 1ULL << 63);
}

TEST(OutcomeSpace, ContainsChecksEveryValue) {
  OutcomeSpace space({2, 3});
  EXPECT_TRUE(space.contains({1, 2}));
  EXPECT_FALSE(space.contains({2, 0}));
  EXPECT_FALSE(space.contains({1}));
}
