// SAOP sessions: conformance over every registered agent, hand-worked tactics, faults, golden
// traces.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

#include "negotiate_fixtures.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// ---- Conformance: every agent, every pairing, bilateral and multilateral.

void expect_conformant(const Scenario& s, const SessionOptions& options, const SessionResult& r,
                       const std::string& what) {
  SCOPED_TRACE(what);
  const std::size_t n = s.party_count();
  ASSERT_FALSE(r.trace.empty());
  EXPECT_EQ(r.trace.size(), r.turns);
  EXPECT_EQ(r.trace.front().kind, ActionKind::offer) << "the first party must offer";
  EXPECT_EQ(r.trace.front().actor, 0u);
  const Outcome* standing = nullptr;
  std::size_t standing_author = 0;
  double previous_time = -1.0;
  for (std::size_t k = 0; k < r.trace.size(); ++k) {
    const auto& e = r.trace[k];
    EXPECT_EQ(e.actor, k % n) << "turns follow the seat order";
    EXPECT_EQ(e.round, k / n);
    EXPECT_LT(e.round, round_limit(options)) << "deadline respected";
    EXPECT_GE(e.time, 0.0);
    EXPECT_LT(e.time, 1.0);
    EXPECT_GT(e.time, previous_time);
    EXPECT_DOUBLE_EQ(e.time, (static_cast<double>(e.round) + static_cast<double>(e.actor) / n) /
                                 static_cast<double>(round_limit(options)));
    previous_time = e.time;
    ASSERT_NE(e.kind, ActionKind::failure);
    if (e.kind == ActionKind::offer || e.kind == ActionKind::accept) {
      ASSERT_TRUE(s.space().contains(e.package));
      EXPECT_EQ(e.utilities, s.utilities(e.package)) << "engine records true utilities";
    }
    if (e.kind == ActionKind::offer) {
      standing = &e.package;
      standing_author = e.actor;
    }
    if (e.kind == ActionKind::accept) {
      EXPECT_GE(e.utilities[e.actor], s.party(e.actor).reservation_value)
          << "an agent accepted below its walk-away value";
      ASSERT_NE(standing, nullptr);
      EXPECT_EQ(e.package, *standing) << "accepts refer to the standing offer";
      EXPECT_NE(e.actor, standing_author);
    }
  }
  switch (r.reason) {
    case EndReason::agreement: {
      ASSERT_TRUE(r.outcome);
      EXPECT_EQ(*r.outcome, *standing);
      ASSERT_GE(r.trace.size(), n);
      for (std::size_t k = r.trace.size() - (n - 1); k < r.trace.size(); ++k)
        EXPECT_EQ(r.trace[k].kind, ActionKind::accept) << "every other party accepted in turn";
      EXPECT_EQ(r.trace[r.trace.size() - n].kind, ActionKind::offer);
      EXPECT_EQ(r.utilities, s.utilities(*r.outcome));
      break;
    }
    case EndReason::deadline:
      EXPECT_FALSE(r.outcome);
      EXPECT_EQ(r.turns, round_limit(options) * n);
      for (std::size_t p = 0; p < n; ++p) EXPECT_EQ(r.utilities[p], s.party(p).reservation_value);
      break;
    case EndReason::walk_away:
      EXPECT_FALSE(r.outcome);
      EXPECT_EQ(r.trace.back().kind, ActionKind::end_negotiation);
      break;
    case EndReason::failure:
      ADD_FAILURE() << "a library agent failed: " << r.failure->message;
      break;
    case EndReason::partial_agreement:
      ADD_FAILURE() << "a partial agreement under SAOP";
      break;
  }
  for (std::size_t p = 0; p < n; ++p) {
    const double t = r.reason == EndReason::deadline ? 1.0 : r.time;
    EXPECT_DOUBLE_EQ(r.discounted_utilities[p],
                     r.utilities[p] * std::pow(s.party(p).discount_factor, t));
  }
}

std::vector<AgentSpec> every_agent() {
  std::vector<AgentSpec> specs;
  for (const auto& name : agent_names()) specs.push_back(parse_agent(name));
  // Non-default configurations of the composable agent.
  specs.push_back(
      parse_agent("boa(bidding=time_dependent(e=0.5),acceptance=ac_and(first=ac_next,"
                  "second=ac_const(c=0.6)),model=no_model)"));
  specs.push_back(parse_agent("boa(acceptance=ac_or(second=ac_time(t=0.5)))"));
  return specs;
}

TEST(SessionConformance, EveryPairOfAgentsBilateral) {
  const auto s = test::small_bilateral({0.1, 0.2}, {0.9, 1.0});
  OfferIndexCache cache;
  SessionOptions options;
  options.rounds = 40;
  options.record_trace = true;
  options.seed = 3;
  for (const auto& a : every_agent()) {
    for (const auto& b : every_agent()) {
      const std::vector<AgentSpec> pair{a, b};
      const auto r = negotiate(s, pair, options, &cache);
      expect_conformant(*s, options, r, to_string(a) + " vs " + to_string(b));
      // Determinism: the same session again gives the same trace, byte for byte.
      const auto again = negotiate(s, pair, options, &cache);
      std::vector<std::string> labels{to_string(a), to_string(b)};
      EXPECT_EQ(trace_text(*s, labels, options, r), trace_text(*s, labels, options, again));
    }
  }
}

TEST(SessionConformance, EveryAgentMultilateral) {
  const auto s = test::small_trilateral();
  SessionOptions options;
  options.rounds = 30;
  options.record_trace = true;
  const auto agents = every_agent();
  for (std::size_t k = 0; k < agents.size(); ++k) {
    const std::vector<AgentSpec> trio{agents[k], agents[(k + 1) % agents.size()],
                                      agents[(k + 4) % agents.size()]};
    const auto r = negotiate(s, trio, options);
    expect_conformant(*s, options, r,
                      to_string(trio[0]) + " / " + to_string(trio[1]) + " / " + to_string(trio[2]));
  }
}

TEST(SessionConformance, LargeSpaceSessionsUseTheCatalogue) {
  const auto s = test::large_bilateral(40);
  ASSERT_GT(s->space().log10_size(), 30.0);
  OfferIndexCache cache;
  SessionOptions options;
  options.rounds = 200;
  options.record_trace = true;
  for (const auto& a : every_agent()) {
    const std::vector<AgentSpec> pair{a, parse_agent("conceder")};
    expect_conformant(*s, options, negotiate(s, pair, options, &cache),
                      to_string(a) + " vs conceder");
  }
}

// ---- Hand-worked expectations.

TEST(SessionTactics, HardlinerVersusHardlinerNeverAgrees) {
  const auto s = test::small_bilateral({0.25, 0.35});
  SessionOptions options;
  options.rounds = 100;
  const auto r = negotiate(s, parse_agent_list("hardliner,hardliner"), options);
  EXPECT_EQ(r.reason, EndReason::deadline);
  EXPECT_EQ(r.turns, 200u);
  EXPECT_EQ(r.utilities, (std::vector<double>{0.25, 0.35}));
}

// The time-dependent formula of genius-format.md section 6, searched by brute force over the
// space, played turn by turn: the session must agree on the same package at the same turn.
TEST(SessionTactics, BoulwareVersusConcederAgreesWhereTheFormulasPredict) {
  const auto s = test::small_bilateral({0.1, 0.15});
  const std::size_t rounds = 50;
  const double e[2] = {0.2, 2.0};
  double pmax[2], pmin[2];
  for (std::size_t p = 0; p < 2; ++p) {
    double hi = -1, lo = 2;
    Outcome o(3, 0);
    do {
      hi = std::max(hi, s->utility(p, o));
      lo = std::min(lo, s->utility(p, o));
    } while (s->space().next(o));
    pmax[p] = hi;
    pmin[p] = std::max(lo, s->party(p).reservation_value);
  }
  auto bid = [&](std::size_t p, double t) {
    const double target = pmin[p] + (pmax[p] - pmin[p]) * (1.0 - std::pow(t, 1.0 / e[p]));
    Outcome o(3, 0), best;
    double gap = INFINITY, best_u = -1;
    do {
      const double u = s->utility(p, o), g = std::abs(u - target);
      if (g < gap || (g == gap && u > best_u)) gap = g, best_u = u, best = o;
    } while (s->space().next(o));
    return best;
  };
  Outcome standing = bid(0, 0.0);
  std::optional<Outcome> expected;
  std::size_t expected_turn = 0;
  for (std::size_t turn = 1; turn < 2 * rounds && !expected; ++turn) {
    const std::size_t p = turn % 2;
    const double t = (static_cast<double>(turn / 2) + p / 2.0) / rounds;
    const Outcome mine = bid(p, t);
    if (s->utility(p, standing) >= s->utility(p, mine)) {
      expected = standing;
      expected_turn = turn;
    } else {
      standing = mine;
    }
  }
  ASSERT_TRUE(expected) << "the formulas predict an agreement before the deadline";
  SessionOptions options;
  options.rounds = rounds;
  const auto r = negotiate(s, parse_agent_list("boulware(e=0.2),conceder(e=2)"), options);
  ASSERT_EQ(r.reason, EndReason::agreement);
  EXPECT_EQ(*r.outcome, *expected);
  EXPECT_EQ(r.turns, expected_turn + 1);
  EXPECT_EQ(r.round, expected_turn / 2);
  // Sanity of the prediction itself: the Boulware side keeps more than the Conceder side.
  EXPECT_GT(r.utilities[0], r.utilities[1]);
}

TEST(SessionTactics, DiscountingAppliesAtTheAgreementTime) {
  const auto s = test::small_bilateral({0.0, 0.0}, {0.5, 0.8});
  SessionOptions options;
  options.rounds = 20;
  const auto r = negotiate(s, parse_agent_list("conceder,conceder"), options);
  ASSERT_TRUE(r.agreement());
  EXPECT_GT(r.time, 0.0);
  EXPECT_DOUBLE_EQ(r.discounted_utilities[0], r.utilities[0] * std::pow(0.5, r.time));
  EXPECT_DOUBLE_EQ(r.discounted_utilities[1], r.utilities[1] * std::pow(0.8, r.time));
}

// ---- Faults: recorded in the result and the trace; other sessions go on.

class ScriptedAgent : public Negotiator {
 public:
  enum class Fault { none, throw_on_propose, sleep, illegal_offer, walk_away };
  explicit ScriptedAgent(Fault fault) : fault_(fault) {}
  void start(const PartyView& view, const SessionInfo&) override { view_ = &view; }
  void propose(const TurnState& state, Outcome& offer) override {
    if (fault_ == Fault::throw_on_propose && state.round == 3) throw std::runtime_error("boom");
    if (fault_ == Fault::sleep && state.round == 2)
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    view_->index().outcome(view_->index().best_entry(), offer);
    if (fault_ == Fault::illegal_offer && state.round == 1) offer[0] = 99;
  }
  Response respond(const TurnState& state, const Outcome&) override {
    return fault_ == Fault::walk_away && state.round == 4 ? Response::end_negotiation
                                                          : Response::reject;
  }

 private:
  Fault fault_;
  const PartyView* view_ = nullptr;
};

SessionResult play_with(ScriptedAgent::Fault fault, SessionOptions options) {
  std::vector<std::unique_ptr<Negotiator>> agents;
  agents.push_back(make_negotiator(parse_agent("hardliner")));
  agents.push_back(std::make_unique<ScriptedAgent>(fault));
  options.record_trace = true;
  return Session(test::small_bilateral(), std::move(agents), {"hardliner", "scripted"}, options)
      .run();
}

TEST(SessionFaults, AThrowingAgentEndsItsSessionWithTheFailureRecorded) {
  const auto r = play_with(ScriptedAgent::Fault::throw_on_propose, {});
  ASSERT_EQ(r.reason, EndReason::failure);
  EXPECT_EQ(r.failure->party, 1u);
  EXPECT_EQ(r.failure->kind, "exception");
  EXPECT_EQ(r.failure->message, "boom");
  EXPECT_EQ(r.round, 3u);
  EXPECT_EQ(r.trace.back().kind, ActionKind::failure);
  const auto text = trace_text(*test::small_bilateral(), {"hardliner", "scripted"}, {}, r);
  EXPECT_NE(text.find("\"action\":\"failure\",\"failure\":\"exception\",\"message\":\"boom\""),
            std::string::npos)
      << text;
  // The next session is unaffected.
  EXPECT_EQ(play_with(ScriptedAgent::Fault::none, {}).reason, EndReason::deadline);
}

TEST(SessionFaults, AnAgentOverItsTurnBudgetEndsTheSession) {
  SessionOptions options;
  options.turn_budget_seconds = 0.05;  // the agent sleeps 0.2 s in round 2
  const auto r = play_with(ScriptedAgent::Fault::sleep, options);
  ASSERT_EQ(r.reason, EndReason::failure);
  EXPECT_EQ(r.failure->kind, "time budget");
  EXPECT_EQ(r.failure->party, 1u);
  EXPECT_EQ(r.round, 2u);
}

TEST(SessionFaults, AnOfferOutsideTheSpaceIsAnIllegalAction) {
  const auto r = play_with(ScriptedAgent::Fault::illegal_offer, {});
  ASSERT_EQ(r.reason, EndReason::failure);
  EXPECT_EQ(r.failure->kind, "illegal action");
  EXPECT_EQ(r.round, 1u);
}

TEST(SessionFaults, WalkingAwayEndsWithReservationValues) {
  const auto r = play_with(ScriptedAgent::Fault::walk_away, {});
  ASSERT_EQ(r.reason, EndReason::walk_away);
  EXPECT_EQ(r.round, 4u);
  EXPECT_EQ(r.trace.back().kind, ActionKind::end_negotiation);
  EXPECT_FALSE(r.outcome);
}

TEST(SessionFaults, BadSessionSetupIsAnInputError) {
  const auto s = test::small_bilateral();
  EXPECT_THROW(Session(s, parse_agent_list("boulware")), InputError);
  SessionOptions none;
  none.rounds = 0;
  EXPECT_THROW(Session(s, parse_agent_list("boulware,linear"), none), InputError);
}

// ---- Golden traces: recorded once, replayed byte for byte (PARLEY_UPDATE_GOLDEN=1 rewrites).

struct GoldenCase {
  std::string file;
  std::string agents;
  bool trilateral;
  std::uint64_t seed;
};

TEST(SessionGolden, TracesReplayByteForByte) {
  const std::vector<GoldenCase> cases = {
      {"boulware_vs_conceder.jsonl", "boulware(e=0.2),conceder(e=2)", false, 1},
      {"nash_seeker_vs_random.jsonl", "nash_seeker,random(p_accept=0.2)", false, 7},
      {"tit_for_tat_vs_boa.jsonl", "absolute_tit_for_tat,boa", false, 1},
      {"trilateral.jsonl", "boulware,relative_tit_for_tat,boa(acceptance=ac_const(c=0.5))", true,
       5},
  };
  const auto dir = test::source_dir() / "tests" / "negotiate" / "golden";
  const bool update = std::getenv("PARLEY_UPDATE_GOLDEN") != nullptr;
  for (const auto& c : cases) {
    const auto s =
        c.trilateral ? test::small_trilateral() : test::small_bilateral({0.2, 0.3}, {0.9, 1.0});
    SessionOptions options;
    options.rounds = 30;
    options.seed = c.seed;
    options.record_trace = true;
    const auto agents = parse_agent_list(c.agents);
    std::vector<std::string> labels;
    for (const auto& a : agents) labels.push_back(to_string(a));
    const auto text = trace_text(*s, labels, options, negotiate(s, agents, options));
    const auto path = dir / c.file;
    if (update) {
      std::ofstream(path, std::ios::binary) << text;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "missing golden trace " << path;
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(text, expected.str()) << c.file;
  }
}

}  // namespace
}  // namespace parley
