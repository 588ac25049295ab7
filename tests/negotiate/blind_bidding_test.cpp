// Blind bidding (include/parley/negotiate/blind_bidding.hpp): Smartsettle's published example of
// the neutral's range, settlement at the midpoint of crossing secret bids, the privacy of rounds
// without settlement over random secret pairs, and every refused bid naming its field.
#include "parley/negotiate/blind_bidding.hpp"

#include <gtest/gtest.h>

#include <random>

#include "parley/support/error.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

BlindBiddingRules range_0_100(std::size_t rounds = 3) {
  BlindBiddingRules rules;
  rules.lower = 0.0;
  rules.upper = 100.0;
  rules.rounds = rounds;
  rules.step = 1.0;
  return rules;
}

// Smartsettle's "Expert Neutral Deal-closer" (smartsettle.com/end): visible proposals 49 and 60,
// secret acceptances 51 and 57; the neutral is shown 49, 50, ..., 59 (e = min(51 - 49, 60 - 57)).
TEST(BlindBidding, TheNeutralsRangeOfSmartsettlesExample) {
  BlindBidding bidding(range_0_100(1));
  bidding.bid(BlindSide::low, {51.0, 49.0});
  bidding.bid(BlindSide::high, {57.0, 60.0});
  const auto result = bidding.close_round();
  EXPECT_FALSE(result.settled);
  EXPECT_TRUE(bidding.finished());
  const NeutralRange range = bidding.neutral_range();
  EXPECT_EQ(range.from, 49.0);
  EXPECT_EQ(range.to, 59.0);
  const std::vector<double> expected = {49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59};
  EXPECT_EQ(range.values, expected);
  // The side whose last bid is closer to what the neutral finds fair gets it; a tie: midpoint.
  EXPECT_EQ(bidding.neutral_settlement(52.0), 51.0);
  EXPECT_EQ(bidding.neutral_settlement(58.0), 57.0);
  EXPECT_EQ(bidding.neutral_settlement(54.0), 54.0);
  EXPECT_THROW(bidding.neutral_settlement(60.0), InputError);  // outside the range shown
}

TEST(BlindBidding, CrossingSecretBidsSettleAtTheirMidpoint) {
  BlindBidding bidding(range_0_100());
  bidding.bid(BlindSide::low, {40.0, 20.0});
  bidding.bid(BlindSide::high, {70.0, 90.0});
  EXPECT_FALSE(bidding.close_round().settled);
  EXPECT_EQ(bidding.round(), 2u);
  bidding.bid(BlindSide::low, {62.0, 30.0});
  bidding.bid(BlindSide::high, {56.0, 80.0});
  const auto result = bidding.close_round();
  ASSERT_TRUE(result.settled);
  EXPECT_EQ(*result.value, 59.0);
  EXPECT_EQ(bidding.settlement(), 59.0);
  EXPECT_TRUE(bidding.finished());
  EXPECT_EQ(bidding.public_log(),
            (std::vector<std::string>{"round 1: no settlement", "round 2: settled at 59"}));
  EXPECT_EQ(bidding.visible(BlindSide::low), 30.0);  // visible proposals are public
  EXPECT_THROW(bidding.bid(BlindSide::low, {70.0, std::nullopt}), InputError);  // over
  EXPECT_THROW(bidding.neutral_range(), InputError);  // settled: no neutral
  // Equal secret bids cross.
  BlindBidding equal(range_0_100());
  equal.bid(BlindSide::low, {50.0, std::nullopt});
  equal.bid(BlindSide::high, {50.0, std::nullopt});
  EXPECT_EQ(equal.close_round().value, 50.0);
}

// What anyone learns from a round without settlement does not depend on the secret bids: over
// 1,000 random non-crossing pairs, the public log and the visible proposals are the same bytes.
TEST(BlindBidding, RoundsWithoutSettlementRevealNoSecret) {
  std::mt19937_64 random(20);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::string> reference;
  std::size_t settled = 0, compared = 0;
  for (int pair = 0; pair < 1000; ++pair) {
    const double a = 100.0 * unit(random), b = 100.0 * unit(random);
    BlindBidding bidding(range_0_100(2));
    bidding.bid(BlindSide::low, {a, 0.0});
    bidding.bid(BlindSide::high, {b, 100.0});
    const auto result = bidding.close_round();
    if (a >= b) {
      ASSERT_TRUE(result.settled);
      EXPECT_EQ(*result.value, 0.5 * (a + b));
      ++settled;
      continue;
    }
    std::vector<std::string> seen = bidding.public_log();
    seen.push_back(std::to_string(bidding.visible(BlindSide::low)));
    seen.push_back(std::to_string(bidding.visible(BlindSide::high)));
    if (reference.empty()) reference = seen;
    EXPECT_EQ(seen, reference) << a << " " << b;
    ++compared;
  }
  EXPECT_GT(settled, 300u);
  EXPECT_GT(compared, 300u);
}

TEST(BlindBidding, BadBidsAndRulesNameTheField) {
  const auto field_of = [](auto&& action) { return test::input_error_field(action); };
  BlindBidding bidding(range_0_100());
  EXPECT_EQ(field_of([&] { bidding.bid(BlindSide::low, {120.0, std::nullopt}); }), "secret");
  EXPECT_EQ(field_of([&] { bidding.bid(BlindSide::low, {40.0, 45.0}); }), "visible");
  EXPECT_EQ(field_of([&] { bidding.bid(BlindSide::high, {60.0, 55.0}); }), "visible");
  EXPECT_EQ(field_of([&] { bidding.close_round(); }), "round");
  bidding.bid(BlindSide::low, {40.0, 30.0});
  bidding.bid(BlindSide::high, {60.0, 70.0});
  bidding.close_round();
  // Retreats: the low side lowering its secret bid or visible proposal, the high side raising.
  EXPECT_EQ(field_of([&] { bidding.bid(BlindSide::low, {35.0, std::nullopt}); }), "secret");
  EXPECT_EQ(field_of([&] { bidding.bid(BlindSide::low, {45.0, 25.0}); }), "visible");
  EXPECT_EQ(field_of([&] { bidding.bid(BlindSide::high, {65.0, std::nullopt}); }), "secret");
  EXPECT_EQ(field_of([&] { bidding.bid(BlindSide::high, {55.0, 75.0}); }), "visible");
  EXPECT_EQ(field_of([&] { bidding.bid(BlindSide::low, {45.0, 32.0}); }), "no error");
  EXPECT_EQ(field_of([&] { bidding.neutral_range(); }), "round");  // still open
  BlindBiddingRules rules = range_0_100();
  rules.upper = -1.0;
  EXPECT_EQ(field_of([&] { BlindBidding b(rules); }), "rules.lower");
  rules = range_0_100(0);
  EXPECT_EQ(field_of([&] { BlindBidding b(rules); }), "rules.rounds");
  rules = range_0_100();
  rules.step = 0.0;
  EXPECT_EQ(field_of([&] { BlindBidding b(rules); }), "rules.step");
}

}  // namespace
}  // namespace parley
