// Adjusted Winner: refusals and the plain-words report. The worked examples (Brams and Taylor's
// divorce, ties, zero values, normalisation) are case files in tests/cases/division.
#include <gtest/gtest.h>

#include "fair_test_support.hpp"

namespace parley::fair {
namespace {

using test::make_instance;

TEST(AdjustedWinner, RejectsThreePartiesAndPartiesValuingNothing) {
  Warnings warnings;
  EXPECT_THROW(
      adjusted_winner(make_instance({"A", "B", "C"}, {"x"}, {{100}, {100}, {100}}), warnings),
      UnsupportedError);
  EXPECT_THROW(adjusted_winner(make_instance({"A", "B"}, {"x", "y"}, {{0, 0}, {50, 50}}), warnings),
               InputError);
  EXPECT_THROW(adjusted_winner(make_instance({"A", "B"}, {"x"}, {{-1}, {100}}), warnings),
               InputError);
}

TEST(AdjustedWinner, DescribesTheDivisionInPlainWords) {
  const auto instance =
      make_instance({"Bob", "Carol"}, {"Retirement", "Home", "Cottage", "Investments", "Other"},
                    {{50, 20, 15, 10, 5}, {40, 30, 10, 10, 10}});
  Warnings warnings;
  const auto division = divide(instance, DivisionMethod::adjusted_winner, {}, warnings);
  const auto text = describe_division(division);
  EXPECT_NE(text.find("Split: Retirement: Bob keeps 5/6 of it, Carol gets 1/6"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Carol: Home (30 vs 20), Investments (10 vs 10), Other (10 vs 5)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("equitable: holds"), std::string::npos) << text;
}

}  // namespace
}  // namespace parley::fair
