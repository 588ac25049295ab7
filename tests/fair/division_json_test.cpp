// render_division_json (`parley divide --json`, schema parley-divide/1 in docs/fair-division.md):
// every field of each method's result, exact rationals as text plus float, the same bytes twice.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fair_test_support.hpp"

namespace parley::fair {
namespace {

using test::make_instance;
using Json = nlohmann::json;

Json render(const DivisionInstance& instance, DivisionMethod method, Warnings& warnings,
            const DivideOptions& options = {}) {
  const auto division = divide(instance, method, options, warnings);
  const auto text = render_division_json(division, warnings);
  EXPECT_EQ(render_division_json(division, warnings), text);  // deterministic
  return Json::parse(text);
}

// The exact text and its float, as every exact number is written.
void expect_exact(const Json& number, const std::string& exact, double value) {
  EXPECT_EQ(number.at("exact"), exact) << number;
  EXPECT_DOUBLE_EQ(number.at("value").get<double>(), value) << number;
}

TEST(DivisionJson, AdjustedWinnerShowsOwnersSplitAndExactTotals) {
  // Brams and Taylor's divorce (tests/cases/division/aw-brams-taylor-divorce.yaml works it out):
  // Bob keeps 5/6 of Retirement, both end with 170/3 points.
  const auto instance =
      make_instance({"Bob", "Carol"}, {"Retirement", "Home", "Cottage", "Investments", "Other"},
                    {{50, 20, 15, 10, 5}, {40, 30, 10, 10, 10}});
  Warnings warnings;
  const Json j = render(instance, DivisionMethod::adjusted_winner, warnings);
  EXPECT_EQ(j["schema"], "parley-divide/1");
  EXPECT_EQ(j["method"], "adjusted-winner");
  EXPECT_EQ(j["instance"]["origin"], "test");
  EXPECT_EQ(j["instance"]["kind"], "items");
  EXPECT_EQ(j["instance"]["agents"], Json::array({"Bob", "Carol"}));
  expect_exact(j["instance"]["values"][1][0], "40", 40.0);
  EXPECT_EQ(j["warnings"], Json::array());
  const Json& aw = j["adjusted_winner"];
  EXPECT_EQ(aw["initial_owner"], Json::array({"Bob", "Carol", "Bob", "Bob", "Carol"}));
  expect_exact(aw["initial_totals"][0], "75", 75.0);
  expect_exact(aw["initial_totals"][1], "40", 40.0);
  EXPECT_EQ(aw["transfer_order"], Json::array({"Investments", "Retirement"}));
  EXPECT_EQ(aw["split"]["item"], "Retirement");
  EXPECT_EQ(aw["split"]["owner"], "Bob");
  expect_exact(aw["split"]["kept"], "5/6", 5.0 / 6.0);
  expect_exact(aw["share_of_first"][0], "5/6", 5.0 / 6.0);
  expect_exact(aw["share_of_first"][1], "0", 0.0);
  expect_exact(aw["share_of_first"][2], "1", 1.0);
  expect_exact(aw["totals"][0], "170/3", 170.0 / 3.0);
  expect_exact(aw["totals"][1], "170/3", 170.0 / 3.0);
  expect_exact(aw["points"][0][2], "15", 15.0);
  EXPECT_TRUE(j["allocation"].is_null());
  EXPECT_TRUE(j["utilities"].is_null());
  EXPECT_TRUE(j["rent"].is_null());
  ASSERT_EQ(j["checks"].size(), 3u);
  EXPECT_EQ(j["checks"][0]["property"], "equitable");
  EXPECT_EQ(j["checks"][0]["verdict"], "holds");
  EXPECT_FALSE(j["checks"][0]["detail"].get<std::string>().empty());
}

TEST(DivisionJson, ListsTheWarningsAndRescaledPoints) {
  // A spreads 4 points (1 + 3), B 2: scaled to 100 each (25, 75) and (50, 50), two warnings.
  const auto instance = make_instance({"A", "B"}, {"x", "y"}, {{1, 3}, {1, 1}});
  Warnings warnings;
  const Json j = render(instance, DivisionMethod::adjusted_winner, warnings);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(j["warnings"], Json(warnings));
  expect_exact(j["adjusted_winner"]["points"][0][0], "25", 25.0);
  expect_exact(j["adjusted_winner"]["points"][1][1], "50", 50.0);
  // Winner phase: y to A (75 > 50), x to B (50 > 25): A 75, B 50. A's only item y moves in
  // part: 75 f = 50 + 50 (1 - f), f = 4/5; both end with 60.
  expect_exact(j["adjusted_winner"]["split"]["kept"], "4/5", 0.8);
  expect_exact(j["adjusted_winner"]["totals"][1], "60", 60.0);
}

TEST(DivisionJson, AllocationsGiveOwnerNamesAndExactValues) {
  // MNW: x to A and y to B (product 3 x 3/2) beats y to A and x to B (1 x 1) and giving one
  // party both (a zero).
  const auto instance = make_instance({"A", "B"}, {"x", "y"}, {{3, 1}, {1, 1}});
  auto halves = instance;
  halves.values[1][1] = Rational(3, 2);
  Warnings warnings;
  const Json j = render(halves, DivisionMethod::max_nash_welfare, warnings);
  EXPECT_EQ(j["method"], "mnw");
  EXPECT_EQ(j["allocation"], Json::array({"A", "B"}));
  expect_exact(j["utilities"][0], "3", 3.0);
  expect_exact(j["utilities"][1], "3/2", 1.5);
  expect_exact(j["instance"]["values"][1][1], "3/2", 1.5);
  EXPECT_TRUE(j["adjusted_winner"].is_null());
  ASSERT_EQ(j["checks"].size(), 6u);
  EXPECT_EQ(j["checks"][4]["property"], "MMS");
}

TEST(DivisionJson, RentGivesRoomsAndFullPrecisionPrices) {
  // tests/cases/division/rent-two-people.yaml: prices 60 and 40, both left with 10.
  auto instance = make_instance({"Alice", "Bob"}, {"R1", "R2"}, {{70, 30}, {50, 50}});
  instance.kind = TableKind::rooms;
  Warnings warnings;
  const Json j = render(instance, DivisionMethod::rent, warnings);
  EXPECT_EQ(j["instance"]["kind"], "rooms");
  expect_exact(j["rent"]["total"], "100", 100.0);
  EXPECT_EQ(j["rent"]["rooms"], Json::array({"R1", "R2"}));
  EXPECT_NEAR(j["rent"]["prices"][0].get<double>(), 60.0, 1e-9);
  EXPECT_NEAR(j["rent"]["prices"][1].get<double>(), 40.0, 1e-9);
  EXPECT_NEAR(j["rent"]["utilities"][0].get<double>(), 10.0, 1e-9);
  EXPECT_NEAR(j["rent"]["utilities"][1].get<double>(), 10.0, 1e-9);
  EXPECT_EQ(j["checks"][0]["property"], "envy-free");
}

}  // namespace
}  // namespace parley::fair
