// Maximin envy-free rent division on hand-solved examples.
#include <gtest/gtest.h>

#include "fair_test_support.hpp"

namespace parley::fair {
namespace {

using test::make_instance;

// Two people, rent 100. Alice values the rooms (70, 30), Bob (50, 50). Welfare: Alice in R1 and
// Bob in R2 gives 120 > 80. With p1 + p2 = 100: u_Alice = 70 - p1, u_Bob = 50 - p2 = p1 - 50.
// Envy-free: Alice 70 - p1 >= 30 - p2 gives p1 <= 70; Bob p1 - 50 >= 50 - p1 gives p1 >= 50.
// The minimum utility is largest where 70 - p1 = p1 - 50: p1 = 60, p2 = 40, both utilities 10.
TEST(Rent, TwoPeopleByHand) {
  const auto instance = make_instance({"Alice", "Bob"}, {"R1", "R2"}, {{70, 30}, {50, 50}});
  Warnings warnings;
  const auto rent = maximin_rent_division(instance, 100, warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(rent.room_of_agent, (std::vector<std::size_t>{0, 1}));
  EXPECT_NEAR(rent.prices[0], 60.0, 1e-6);
  EXPECT_NEAR(rent.prices[1], 40.0, 1e-6);
  EXPECT_NEAR(rent.agent_utilities[0], 10.0, 1e-6);
  EXPECT_NEAR(rent.agent_utilities[1], 10.0, 1e-6);
  EXPECT_EQ(rent.checks.at(0).verdict, Verdict::holds);
}

// Three people, rent 300. A: (200, 50, 50); B and C value every room at 100. Welfare 400 puts A
// in R1. B and C are indifferent, so envy-freeness forces p2 = p3 = q and p1 >= q; A's envy
// constraint p1 - q <= 150. With p1 = 300 - 2q: u_A = 2q - 100, u_B = u_C = 100 - q; the
// minimum is largest at 2q - 100 = 100 - q, q = 200/3: prices (500/3, 200/3, 200/3), every
// utility 100/3.
TEST(Rent, ThreePeopleByHand) {
  const auto instance = make_instance({"A", "B", "C"}, {"R1", "R2", "R3"},
                                      {{200, 50, 50}, {100, 100, 100}, {100, 100, 100}});
  Warnings warnings;
  const auto rent = maximin_rent_division(instance, 300, warnings);
  EXPECT_EQ(rent.room_of_agent[0], 0u);
  EXPECT_NEAR(rent.prices[0], 500.0 / 3, 1e-6);
  EXPECT_NEAR(rent.prices[1], 200.0 / 3, 1e-6);
  EXPECT_NEAR(rent.prices[2], 200.0 / 3, 1e-6);
  for (const auto u : rent.agent_utilities) EXPECT_NEAR(u, 100.0 / 3, 1e-6);
}

TEST(Rent, RejectsMismatchedRoomsAndWarnsOnOtherSums) {
  Warnings warnings;
  EXPECT_THROW(maximin_rent_division(make_instance({"A", "B"}, {"R1"}, {{1}, {1}}), 1, warnings),
               InputError);
  const auto instance = make_instance({"A", "B"}, {"R1", "R2"}, {{70, 30}, {50, 50}});
  maximin_rent_division(instance, 120, warnings);
  EXPECT_EQ(warnings.size(), 2u);
  // divide() without a rent needs equal sums.
  const auto unequal = make_instance({"A", "B"}, {"R1", "R2"}, {{70, 30}, {50, 60}});
  EXPECT_THROW(divide(unequal, DivisionMethod::rent, {}, warnings), InputError);
  const auto division = divide(instance, DivisionMethod::rent, {}, warnings);
  EXPECT_NE(describe_division(division).find("R1 at 60.00"), std::string::npos)
      << describe_division(division);
}

}  // namespace
}  // namespace parley::fair
