// Division instances: numbers, the CSV table and its errors, the bridge from a Scenario.
#include <gtest/gtest.h>

#include "fair_test_support.hpp"
#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley::fair {
namespace {

using test::error_of;

TEST(Numbers, ParseAndFormatExactly) {
  EXPECT_EQ(*parse_rational("12.5"), Rational(25, 2));
  EXPECT_EQ(*parse_rational(" 1/3 "), Rational(1, 3));
  EXPECT_EQ(*parse_rational("-0.25"), Rational(-1, 4));
  EXPECT_EQ(*parse_rational("2.5e1"), 25);
  EXPECT_FALSE(parse_rational("abc").has_value());
  EXPECT_FALSE(parse_rational("1/0").has_value());
  EXPECT_FALSE(parse_rational("").has_value());
  EXPECT_FALSE(parse_rational("nan").has_value());
  EXPECT_EQ(format_rational(Rational(25, 2)), "12.5");
  EXPECT_EQ(format_rational(Rational(-1, 8)), "-0.125");
  EXPECT_EQ(format_rational(Rational(170, 3)), "170/3");
  EXPECT_EQ(format_rational(Rational(100)), "100");
}

TEST(Table, ReadsItemsPartiesAndValues) {
  const auto instance = parse_division_table(
      "# comment\nitem,Ann,\"Ben\"\nPiano,40,30.5\n\n\"Desk, oak\",60,69.5\n", "t.csv");
  EXPECT_EQ(instance.kind, TableKind::items);
  EXPECT_EQ(instance.agents, (std::vector<std::string>{"Ann", "Ben"}));
  EXPECT_EQ(instance.items, (std::vector<std::string>{"Piano", "Desk, oak"}));
  EXPECT_EQ(instance.values[1][0], Rational(61, 2));
  EXPECT_EQ(instance.total_value(1), 100);
  EXPECT_EQ(parse_division_table("room,A,B\nBig,60,50\nSmall,40,50\n", "r.csv").kind,
            TableKind::rooms);
}

TEST(Table, BadInputNamesFileLineAndColumn) {
  EXPECT_EQ(error_of("item,Ann,Ben\nPiano,40,abc\n"),
            "t.csv:2:3: Ben's value for Piano: found \"abc\", expected a non-negative number");
  EXPECT_EQ(error_of("item,Ann,Ben\nPiano,40,-3\n"),
            "t.csv:2:3: Ben's value for Piano: found -3, expected a non-negative number");
  EXPECT_NE(error_of("item,Ann,Ben\nPiano,40\n").find("t.csv:2: row: found 2 columns"),
            std::string::npos);
  EXPECT_NE(error_of("item,Ann,Ben\n").find("t.csv: items: found no item rows"), std::string::npos);
  EXPECT_NE(error_of("thing,Ann,Ben\nx,1,2\n").find("t.csv:1: column 1 of the header"),
            std::string::npos);
  EXPECT_NE(error_of("item,Ann,ann\nx,1,2\n").find("column 3 of the header"), std::string::npos);
  EXPECT_NE(error_of("item,Ann\nx,1\n").find("at least two party columns"), std::string::npos);
  EXPECT_NE(error_of("item,Ann,Ben\nx,1,2\nx,3,4\n").find("t.csv:3: column 1"), std::string::npos);
  EXPECT_NE(error_of("").find("empty table"), std::string::npos);
  EXPECT_NE(error_of("item,Ann,Ben\n\"x,1,2\n").find("unterminated"), std::string::npos);
}

TEST(Table, ExamplesLoad) {
  const auto estate =
      load_division_table((parley::test::source_dir() / "examples/estate-points.csv").string());
  EXPECT_EQ(estate.agent_count(), 2u);
  EXPECT_EQ(estate.total_value(0), 100);
  EXPECT_THROW(load_division_table("/nonexistent/table.csv"), InputError);
}

// A scenario in which each issue says who gets an item.
ScenarioPtr item_scenario(bool with_other_issue) {
  std::vector<Issue> issues;
  for (const auto* name : {"House", "Car", "Boat"})
    issues.push_back(Issue::categorical(name, {{"alice", ""}, {"Bob", ""}}));
  if (with_other_issue) issues.push_back(Issue::categorical("Date", {{"May", ""}, {"June", ""}}));
  const auto make = [&](std::vector<double> weights, std::vector<double> option_values) {
    std::vector<ValueFunction> functions;
    for (std::size_t i = 0; i < issues.size(); ++i)
      functions.push_back(ValueFunction::from_utilities(option_values));
    if (with_other_issue) weights.push_back(0.0);
    return std::make_shared<LinearAdditiveUtility>(issues, weights, functions);
  };
  std::vector<Party> parties(2);
  parties[0].name = "Alice";
  parties[0].utility = make({0.5, 0.3, 0.2}, {1.0, 0.0});
  parties[1].name = "Bob";
  parties[1].utility = make({0.2, 0.2, 0.6}, {0.0, 1.0});
  return std::make_shared<const Scenario>("estate", issues, parties);
}

// Alice's points (50, 30, 20), Bob's (20, 20, 60). Adjusted Winner: Alice wins House and Car
// (80), Bob the Boat (60). Alice's items by ratio: Car 30/20 = 1.5, House 2.5. Moving the Car
// whole gives Alice 50 and Bob 80, so it is split: 50 + 30 f = 80 - 20 f, f = 3/5; both get 68.
TEST(Scenario, ItemIssuesBecomeADivisionInstance) {
  const auto scenario = item_scenario(false);
  std::string reason;
  ASSERT_TRUE(is_division_scenario(*scenario, &reason)) << reason;
  Warnings warnings;
  const auto instance = division_instance_from_scenario(*scenario, warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(instance.values[0], (std::vector<Rational>{50, 30, 20}));
  EXPECT_EQ(instance.values[1], (std::vector<Rational>{20, 20, 60}));
  const auto result = adjusted_winner(instance, warnings);
  ASSERT_TRUE(result.split_item.has_value());
  EXPECT_EQ(instance.items[*result.split_item], "Car");
  EXPECT_EQ(result.split_fraction_kept, Rational(3, 5));
  EXPECT_EQ(result.totals[0], 68);
}

TEST(Scenario, OtherIssuesAreNotItems) {
  const auto scenario = item_scenario(true);
  std::string reason;
  EXPECT_FALSE(is_division_scenario(*scenario, &reason));
  EXPECT_NE(reason.find("\"Date\""), std::string::npos) << reason;
  Warnings warnings;
  EXPECT_THROW(division_instance_from_scenario(*scenario, warnings), InputError);
}

TEST(Methods, NamesRoundTripAndDefaults) {
  for (const auto method :
       {DivisionMethod::adjusted_winner, DivisionMethod::max_nash_welfare, DivisionMethod::leximin,
        DivisionMethod::utilitarian, DivisionMethod::rent})
    EXPECT_EQ(parse_division_method(to_string(method)), method);
  EXPECT_FALSE(parse_division_method("fairest").has_value());
  const auto three = test::numbered_instance({{1, 2}, {2, 1}, {1, 1}});
  EXPECT_EQ(default_division_method(three), DivisionMethod::max_nash_welfare);
  EXPECT_EQ(default_division_method(test::numbered_instance({{1, 2}, {2, 1}})),
            DivisionMethod::adjusted_winner);
}

}  // namespace
}  // namespace parley::fair
