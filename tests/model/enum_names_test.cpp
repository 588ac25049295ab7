// Every enum with a spelling has one name table (src/*/enum_names.hpp): each value's to_string()
// is its table name and parses back to the value; spellings are the documented ones.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "analysis/enum_names.hpp"
#include "fair/enum_names.hpp"
#include "io/enum_names.hpp"
#include "model/enum_names.hpp"
#include "negotiate/enum_names.hpp"
#include "tournament/enum_names.hpp"

namespace parley {
namespace {

// to_string(value) == the table's name, parse(name) == value, names distinct.
template <class Table, class ToString>
void expect_round_trip(const Table& table, ToString to_string_of) {
  std::set<std::string> names;
  for (const auto& entry : table.entries) {
    EXPECT_STREQ(to_string_of(entry.value), entry.name);
    const auto parsed = table.parse(to_string_of(entry.value));
    ASSERT_TRUE(parsed.has_value()) << entry.name;
    EXPECT_EQ(*parsed, entry.value) << entry.name;
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name << " twice";
  }
  EXPECT_FALSE(table.parse("no such name").has_value());
  EXPECT_FALSE(table.parse("").has_value());
}

#define PARLEY_ROUND_TRIP(table, call) \
  expect_round_trip(detail::table, [](auto value) { return call(value); })

TEST(EnumNames, EveryValueRoundTrips) {
  PARLEY_ROUND_TRIP(kIssueKindNames, to_string);
  PARLEY_ROUND_TRIP(kAggregationNames, to_string);
  PARLEY_ROUND_TRIP(kAgentRoleNames, to_string);
  PARLEY_ROUND_TRIP(kEndReasonNames, to_string);
  PARLEY_ROUND_TRIP(kActionKindNames, to_string);
  PARLEY_ROUND_TRIP(kOfferIndexMethodNames, to_string);
  PARLEY_ROUND_TRIP(kResponseNames, to_string);
  PARLEY_ROUND_TRIP(kMediationRuleNames, to_string);
  PARLEY_ROUND_TRIP(kVoteNames, to_string);
  PARLEY_ROUND_TRIP(kFrontierMethodNames, to_string);
  PARLEY_ROUND_TRIP(kSolutionKindNames, to_string);
  PARLEY_ROUND_TRIP(kDivisionMethodNames, fair::to_string);
  PARLEY_ROUND_TRIP(kVerdictNames, fair::to_string);
  PARLEY_ROUND_TRIP(kFormatNames, to_string);
  PARLEY_ROUND_TRIP(kRoleModeNames, detail::kRoleModeNames.name);
}

TEST(EnumNames, SpellingsAreUnchanged) {
  // Spellings that files, traces and journals already hold.
  EXPECT_STREQ(to_string(EndReason::walk_away), "walk-away");
  EXPECT_STREQ(to_string(ActionKind::end_negotiation), "end-negotiation");
  EXPECT_STREQ(to_string(SolutionKind::kalai_smorodinsky_lottery), "kalai-smorodinsky-lottery");
  EXPECT_STREQ(to_string(FrontierMethod::linear_dp), "linear-dp");
  EXPECT_STREQ(to_string(MediationRule::hill_climbing), "hill-climbing");
  EXPECT_STREQ(to_string(AgentRole::opponent_model), "opponent model");
  EXPECT_STREQ(fair::to_string(fair::Verdict::not_checked), "not checked");
  EXPECT_STREQ(fair::to_string(fair::DivisionMethod::max_nash_welfare), "mnw");
  // Values outside a table (a bad cast) keep their old fallback.
  EXPECT_STREQ(to_string(static_cast<EndReason>(99)), "?");
  EXPECT_STREQ(to_string(static_cast<SolutionKind>(99)), "unknown");
  // parse_division_method: the table's names plus its aliases.
  EXPECT_EQ(fair::parse_division_method("mnw"), fair::DivisionMethod::max_nash_welfare);
  EXPECT_EQ(fair::parse_division_method("nash"), fair::DivisionMethod::max_nash_welfare);
  EXPECT_EQ(fair::parse_division_method("aw"), fair::DivisionMethod::adjusted_winner);
  EXPECT_FALSE(fair::parse_division_method("fair").has_value());
}

TEST(EnumNames, CompleteCatchesAMissingEnumerator) {
  constexpr auto partial = detail::enum_table<EndReason>(
      {{EndReason::agreement, "agreement"}, {EndReason::deadline, "deadline"}});
  static_assert(!partial.complete(EndReason::failure));
  constexpr auto repeated = detail::enum_table<MediationRule>(
      {{MediationRule::hill_climbing, "x"}, {MediationRule::veto, "x"}});
  static_assert(!repeated.complete(MediationRule::veto));
  EXPECT_EQ(partial.name(EndReason::failure), std::string("?"));
}

}  // namespace
}  // namespace parley
