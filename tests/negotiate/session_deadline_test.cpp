// Deadlines, cancellation and progress of a Session (SessionOptions): a wall-clock time limit
// with rounds unlimited unless given, the time agents see, the refusals, the cancellation and
// progress hooks. No assertion on speed: a wall-clock session is only checked for what must hold
// however fast the machine is (the deadline is not passed early, t stays in [0,1) and grows), plus
// bounds that a turn of microseconds clears by orders of magnitude.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "negotiate_fixtures.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

// Never accepts, always offers its best package; records what it was told.
struct Observed {
  std::size_t session_rounds = 12345;  // SessionInfo::rounds
  std::size_t turns = 0;
  std::size_t last_round = 0;
  double first_time = -1.0, last_time = -1.0;
  bool time_grows = true;     // never went back
  bool time_in_range = true;  // always in [0,1)
};

class ClockAgent final : public Negotiator {
 public:
  explicit ClockAgent(Observed& seen) : seen_(seen) {}
  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    seen_.session_rounds = info.rounds;
  }
  void propose(const TurnState& state, Outcome& offer) override {
    see(state);
    view_->index().outcome(view_->index().best_entry(), offer);
  }
  Response respond(const TurnState& state, const Outcome&) override {
    see(state);
    return Response::reject;
  }

 private:
  // respond() then propose() see the same turn: count it once.
  void see(const TurnState& state) {
    if (state.time == seen_.last_time && state.round == seen_.last_round && seen_.turns > 0) return;
    if (seen_.turns == 0) seen_.first_time = state.time;
    if (state.time < seen_.last_time) seen_.time_grows = false;
    if (!(state.time >= 0.0 && state.time < 1.0)) seen_.time_in_range = false;
    seen_.last_time = state.time;
    seen_.last_round = state.round;
    ++seen_.turns;
  }
  Observed& seen_;
  const PartyView* view_ = nullptr;
};

struct ClockSession {
  Observed a, b;
  Session session;
  explicit ClockSession(const SessionOptions& options)
      : session(make(test::small_bilateral({0.2, 0.3}, {0.9, 1.0}), a, b, options)) {}

 private:
  static Session make(ScenarioPtr scenario, Observed& a, Observed& b,
                      const SessionOptions& options) {
    std::vector<std::unique_ptr<Negotiator>> agents;
    agents.push_back(std::make_unique<ClockAgent>(a));
    agents.push_back(std::make_unique<ClockAgent>(b));
    return Session(std::move(scenario), std::move(agents), {"clock", "clock"}, options);
  }
};

TEST(SessionDeadline, RoundsAreUnlimitedUnlessGivenWithATimeLimit) {
  SessionOptions options;
  EXPECT_EQ(round_limit(options), 1000u) << "the default without a time limit";
  options.time_limit_seconds = 2.0;
  EXPECT_EQ(round_limit(options), 0u) << "no round limit with a time limit";
  options.rounds = 50;
  EXPECT_EQ(round_limit(options), 50u) << "an explicit round count still bounds the rounds";
  options.rounds = 0;
  EXPECT_EQ(round_limit(options), 0u);
}

TEST(SessionDeadline, AWallClockDeadlineRunsPastTheDefaultRoundsAndAgentsSeeRealTime) {
  SessionOptions options;
  options.time_limit_seconds = 0.3;
  ClockSession played(options);
  const SessionResult result = played.session.run();
  EXPECT_EQ(result.reason, EndReason::deadline);
  EXPECT_FALSE(result.outcome);
  EXPECT_EQ(played.a.session_rounds, 0u) << "agents are told there is no round deadline";
  // The deadline is never passed early, whatever the machine: it ends when elapsed >= limit.
  EXPECT_GE(result.seconds, 0.3);
  // A turn of these agents takes about a microsecond: far more than 1000 rounds fit in 0.3 s.
  EXPECT_GT(result.round + 1, 1000u);
  EXPECT_EQ(result.turns, played.a.turns + played.b.turns);
  for (const Observed* seen : {&played.a, &played.b}) {
    EXPECT_TRUE(seen->time_grows);
    EXPECT_TRUE(seen->time_in_range);
    EXPECT_LT(seen->first_time, 0.05);
    // The last turn started close to the deadline (0.7: 90 ms of slack for a scheduling stall on
    // a loaded CI machine; round-counted time would have been 0.001 here).
    EXPECT_GT(seen->last_time, 0.7);
  }
  EXPECT_EQ(result.time, std::max(played.a.last_time, played.b.last_time));
  // Without agreement each party gets its reservation value, discounted at t = 1.
  EXPECT_DOUBLE_EQ(result.utilities[0], 0.2);
  EXPECT_DOUBLE_EQ(result.discounted_utilities[0], 0.2 * 0.9);
  EXPECT_DOUBLE_EQ(result.discounted_utilities[1], 0.3);
}

TEST(SessionDeadline, TimeDependentAgentsConcedeAsTheWallClockLimitApproaches) {
  // linear vs linear (e = 1) on the small scenario: with rounds, they agree at a time t* fixed by
  // the concession curves; with a wall-clock limit they see the elapsed fraction, so they agree
  // near the same t*, after many more than 1000 rounds (before the fix they stopped at round
  // 1000, at t = 0.001 of the limit, without agreement).
  const auto scenario = test::small_bilateral();
  const auto agents = parse_agent_list("linear,linear");
  SessionOptions by_rounds;
  by_rounds.rounds = 10'000;
  const SessionResult reference = negotiate(scenario, agents, by_rounds);
  ASSERT_EQ(reference.reason, EndReason::agreement);
  ASSERT_GT(reference.time, 0.2);

  SessionOptions by_clock;
  by_clock.time_limit_seconds = 0.5;
  const SessionResult result = negotiate(scenario, agents, by_clock);
  ASSERT_EQ(result.reason, EndReason::agreement);
  EXPECT_GT(result.round, 1000u);
  // The same crossing of the curves; a stall can only delay the next turn, hence the wider
  // tolerance above than below.
  EXPECT_GT(result.time, reference.time - 0.1) << "the same crossing of the curves";
  EXPECT_LT(result.time, reference.time + 0.25) << "the same crossing of the curves";
}

TEST(SessionDeadline, WithBothLimitsTheFirstDeadlineEndsItAndAgentsSeeTheLargerFraction) {
  SessionOptions options;
  options.rounds = 40;
  options.time_limit_seconds = 1000.0;
  ClockSession played(options);
  const SessionResult result = played.session.run();
  EXPECT_EQ(result.reason, EndReason::deadline);
  EXPECT_EQ(result.round, 39u);
  EXPECT_EQ(result.turns, 80u);
  EXPECT_EQ(played.a.session_rounds, 40u);
  // The round fraction (39 + 1/2) / 40 is far above elapsed / 1000 s.
  EXPECT_NEAR(result.time, 39.5 / 40.0, 1e-6);
  EXPECT_GE(result.time, 39.5 / 40.0);

  // And when the clock comes first, the round count no longer matters.
  SessionOptions clock_first;
  clock_first.rounds = 1'000'000'000;
  clock_first.time_limit_seconds = 0.2;
  ClockSession timed(clock_first);
  const SessionResult ended = timed.session.run();
  EXPECT_EQ(ended.reason, EndReason::deadline);
  EXPECT_GE(ended.seconds, 0.2);
  EXPECT_LT(ended.round, 1'000'000'000u - 1);
  EXPECT_GT(timed.a.last_time, 0.7);  // as above: slack for a stall on a loaded machine
}

void expect_refused(const SessionOptions& options, const std::string& field) {
  try {
    ClockSession played(options);
    ADD_FAILURE() << "accepted; expected a refusal naming " << field;
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
  }
}

TEST(SessionDeadline, WhatTheProtocolCannotHonourIsRefusedNamingTheOption) {
  for (const double bad :
       {-1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    SessionOptions options;
    options.time_limit_seconds = bad;
    expect_refused(options, "time_limit_seconds");
    SessionOptions budget;
    budget.turn_budget_seconds = bad;
    expect_refused(budget, "turn_budget_seconds");
  }
  SessionOptions no_deadline;
  no_deadline.rounds = 0;
  expect_refused(no_deadline, "rounds");
  SessionOptions unbounded_trace;
  unbounded_trace.time_limit_seconds = 1.0;
  unbounded_trace.record_trace = true;
  expect_refused(unbounded_trace, "record_trace");
  // A trace with a time limit and a round count is bounded: accepted.
  unbounded_trace.rounds = 5;
  ClockSession bounded(unbounded_trace);
  const SessionResult result = bounded.session.run();
  EXPECT_EQ(result.trace.size(), 10u);
  EXPECT_NE(trace_text(bounded.session.scenario(), bounded.session.labels(),
                       bounded.session.options(), result)
                .find("\"rounds\":5,\"time_limit_seconds\":1,"),
            std::string::npos);
}

TEST(SessionDeadline, TheCancellationHookIsPolledEveryRoundAndStopsTheSession) {
  SessionOptions options;  // 1000 rounds: cancelled long before
  std::size_t polls = 0;
  options.cancelled = [&] { return ++polls == 6; };
  ClockSession played(options);
  EXPECT_THROW(played.session.run(), Cancelled);
  EXPECT_EQ(polls, 6u);
  // Polled before each round: rounds 0..4 were played, round 5 was not.
  EXPECT_EQ(played.a.last_round, 4u);
  EXPECT_EQ(played.b.last_round, 4u);
  EXPECT_EQ(played.a.turns + played.b.turns, 10u);

  // The same with a wall-clock limit and no round limit.
  SessionOptions timed;
  timed.time_limit_seconds = 100.0;
  std::size_t timed_polls = 0;
  timed.cancelled = [&] { return ++timed_polls > 3000; };
  ClockSession long_session(timed);
  EXPECT_THROW(long_session.session.run(), Cancelled);
  EXPECT_EQ(long_session.a.last_round, 2999u);
}

TEST(SessionDeadline, TheProgressHookSeesEveryRoundAndItsTime) {
  SessionOptions options;
  options.rounds = 8;
  std::vector<std::size_t> rounds;
  std::vector<double> times;
  options.progress = [&](std::size_t round, double time) {
    rounds.push_back(round);
    times.push_back(time);
  };
  ClockSession played(options);
  played.session.run();
  ASSERT_EQ(rounds.size(), 8u);
  for (std::size_t r = 0; r < 8; ++r) {
    EXPECT_EQ(rounds[r], r);
    EXPECT_DOUBLE_EQ(times[r], static_cast<double>(r) / 8.0);
  }
}

}  // namespace
}  // namespace parley
