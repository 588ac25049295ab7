// Maximin envy-free rent division: refusals and warnings (the hand-solved examples are case files
// in tests/cases/division).
#include <gtest/gtest.h>

#include "fair_test_support.hpp"

namespace parley::fair {
namespace {

using test::make_instance;

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
