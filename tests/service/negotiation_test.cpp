// The negotiation state machine alone: no database, no HTTP, no analysis.
#include "parley/service/negotiation.hpp"

#include <gtest/gtest.h>

#include "service/enum_names.hpp"
#include "service_test_support.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

NegotiationState office() {
  return new_negotiation("n1", parse_negotiation_spec(test::office_spec(), Limits{}),
                         "2024-01-01T00:00:00Z");
}

json stored(const json& body, const NegotiationState& state) {
  return to_json(parse_preferences(body, state.issues), state.issues);
}

NegotiationState drafting() {
  auto state = office();
  state = submit(state, 0, stored(test::staff_preferences(), state), false).state;
  state = submit(state, 1, stored(test::management_preferences(), state), false).state;
  return analysis_done(state, 1, {{"nash", "Nash bargaining solution", {0, 0}}}, {0, 0},
                       {"linear-dp", true, 12})
      .state;
}

TEST(NegotiationPhases, NamesRoundTrip) {
  for (const auto phase : {Phase::collecting, Phase::analysing, Phase::drafting, Phase::agreed})
    EXPECT_EQ(detail::kServicePhaseNames.parse(to_string(phase)), phase);
  EXPECT_EQ(std::string(to_string(Phase::analysing)), "analysing");
  EXPECT_FALSE(detail::kServicePhaseNames.parse("nonsense"));
  for (const auto vote : {Vote::accept, Vote::reject})
    EXPECT_EQ(detail::kServiceVoteNames.parse(to_string(vote)), vote);
  EXPECT_EQ(std::string(to_string(Vote::reject)), "reject");
  EXPECT_EQ(std::string(to_string(Role::mediator)), "mediator");
  EXPECT_EQ(detail::kServiceRoleNames.parse("party"), Role::party);
}

TEST(NegotiationPhases, LastSubmissionStartsTheAnalysis) {
  auto state = office();
  auto next = submit(state, 0, stored(test::staff_preferences(), state), true);
  EXPECT_EQ(next.state.phase, Phase::collecting);
  EXPECT_EQ(next.events, std::vector<std::string>{"party 0 submitted"});
  EXPECT_TRUE(next.state.parties[0].shared);
  // A party may replace its preferences while collecting.
  next = submit(next.state, 0, stored(test::staff_preferences(), state), false);
  EXPECT_EQ(next.state.phase, Phase::collecting);
  next = submit(next.state, 1, stored(test::management_preferences(), state), false);
  EXPECT_EQ(next.state.phase, Phase::analysing);
  EXPECT_EQ(next.state.analysis_round, 1);
  ASSERT_EQ(next.events.size(), 2u);
  EXPECT_EQ(next.events[1], "preferences closed; analysis 1 started");
  // Closed while analysing.
  EXPECT_THROW(submit(next.state, 0, stored(test::staff_preferences(), state), false),
               StateConflict);
  EXPECT_THROW(vote(next.state, 0, 1, true, "now"), StateConflict);
}

TEST(NegotiationPhases, AnalysisResultCountsOnlyForItsRound) {
  auto state = office();
  state = submit(state, 0, stored(test::staff_preferences(), state), false).state;
  state = submit(state, 1, stored(test::management_preferences(), state), false).state;
  // The mediator cancels round 1: back to collecting, submissions kept, a notice.
  const auto cancelled = cancel_analysis(state);
  EXPECT_EQ(cancelled.state.phase, Phase::collecting);
  EXPECT_TRUE(cancelled.state.everyone_submitted());
  EXPECT_NE(cancelled.state.notice.find("cancelled"), std::string::npos);
  // Round 1's late result is refused; the mediator starts round 2.
  EXPECT_THROW(analysis_done(cancelled.state, 1, {}, {0, 0}, {}), StateConflict);
  const auto restarted = start_analysis(cancelled.state);
  EXPECT_EQ(restarted.state.phase, Phase::analysing);
  EXPECT_EQ(restarted.state.analysis_round, 2);
  EXPECT_TRUE(restarted.state.notice.empty());
  EXPECT_THROW(analysis_done(restarted.state, 1, {}, {0, 0}, {}), StateConflict);
  // The time cap: collecting again, and the notice says so with the cap.
  const auto capped = analysis_stopped(restarted.state, 2, AnalysisStop::time_cap, "60 s");
  EXPECT_EQ(capped.state.phase, Phase::collecting);
  EXPECT_NE(capped.state.notice.find("time cap (60 s)"), std::string::npos);
  EXPECT_EQ(capped.events, std::vector<std::string>{"analysis 2 stopped at its time cap"});
  EXPECT_THROW(start_analysis(office()), StateConflict);  // nobody submitted
  EXPECT_THROW(cancel_analysis(office()), StateConflict);
}

TEST(NegotiationPhases, SingleTextRound) {
  auto state = drafting();
  EXPECT_EQ(state.phase, Phase::drafting);
  ASSERT_TRUE(state.draft);
  EXPECT_EQ(state.draft->version, 1);
  EXPECT_EQ(state.analysis->method, "linear-dp");
  const Caller management{"n1", Role::party, 1};
  state = change_draft(state, management, 1, {1, 0}).state;
  EXPECT_EQ(state.draft->version, 2);
  EXPECT_EQ(state.draft->previous, (Outcome{0, 0}));
  EXPECT_EQ(state.accepted_count(), 1u);  // the proposer accepts its change
  EXPECT_THROW(change_draft(state, management, 2, {1, 0}), StateConflict);  // no change
  state = vote(state, 0, 2, false, "now").state;  // rejecting a change restores the text
  EXPECT_EQ(state.draft->version, 3);
  EXPECT_EQ(state.draft->package, (Outcome{0, 0}));
  EXPECT_EQ(state.accepted_count(), 0u);
  state = vote(state, 0, 3, true, "now").state;
  const auto agreed = vote(state, 1, 3, true, "2024-01-02T00:00:00Z");
  EXPECT_EQ(agreed.state.phase, Phase::agreed);
  EXPECT_EQ(agreed.state.agreement->version, 3);
  EXPECT_EQ(agreed.state.agreement->agreed_at, "2024-01-02T00:00:00Z");
  EXPECT_EQ(agreed.events.back(), "agreement on draft 3");
}

TEST(NegotiationPreferences, NativeSpellingAndDeprecatedOne) {
  const auto issues = parse_negotiation_spec(test::office_spec(), Limits{}).issues;
  Warnings warnings;
  auto preferences = parse_preferences(test::staff_preferences(), issues, &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(preferences.preferences.walk_away, 0.2);
  // The old spelling still works, with a warning, and is stored in the new one.
  auto old = test::staff_preferences();
  old["walk_away"] = {{"value", 0.25}};
  preferences = parse_preferences(old, issues, &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("deprecated"), std::string::npos);
  EXPECT_EQ(to_json(preferences, issues)["walk_away"], 0.25);
  old["walk_away"] = {{"package", test::package("remote", "high")}};
  preferences = parse_preferences(old, issues, &warnings);
  EXPECT_EQ(warnings.size(), 2u);
  const auto spelled = to_json(preferences, issues);
  EXPECT_EQ(spelled["walk_away_package"], test::package("remote", "high"));
  EXPECT_FALSE(spelled.contains("walk_away"));
  // walk_away_package alone: worth its utility (remote + high = 0.4 for Staff); with walk_away
  // too, walk_away wins (as in the native YAML).
  auto native = test::staff_preferences();
  native.erase("walk_away");
  native["walk_away_package"] = test::package("remote", "high");
  EXPECT_NEAR(parse_preferences(native, issues).party(issues).reservation_value, 0.4, 1e-12);
  native["walk_away"] = 0.1;
  EXPECT_NEAR(parse_preferences(native, issues).party(issues).reservation_value, 0.1, 1e-12);
  native.erase("walk_away");
  native.erase("walk_away_package");
  try {
    parse_preferences(native, issues);
    FAIL() << "no walk-away accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "walk_away");
  }
  native["walk_away"] = 1.5;
  EXPECT_THROW(parse_preferences(native, issues), InputError);
}

}  // namespace
}  // namespace parley::service
