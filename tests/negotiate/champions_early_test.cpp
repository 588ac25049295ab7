// The early ANAC champions: AgentK (2010), HardHeaded (2011) and AgentM (2014). Per agent:
// conformance on corpus scenarios (determinism, legal offers, never below the reservation value)
// and an agreement with boulware; then the behaviour each paper describes: AgentK's acceptance
// probability and its limit of compromise, HardHeaded's floor and frequency model, AgentM's
// threshold and its annealing search towards the opponent's frequent values on huge spaces.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "negotiate/agents/agentk_formula.hpp"
#include "negotiate/agents/common.hpp"
#include "negotiate_fixtures.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

constexpr const char* kItex = "genius/anac2010/ItexvsCypress";
constexpr const char* kAmsterdam = "genius/anac2011/Amsterdam";
constexpr const char* kSporthal = "genius/anac2015/group2-new_sporthal";  // 3 parties

ScenarioPtr corpus(const std::string& folder) {
  Warnings warnings;
  return test::load_corpus_folder(folder, warnings);
}

SessionOptions traced(std::size_t rounds, std::uint64_t seed = 7) {
  SessionOptions options;
  options.rounds = rounds;
  options.seed = seed;
  options.record_trace = true;
  return options;
}

std::vector<std::string> labels_of(const std::vector<AgentSpec>& specs) {
  std::vector<std::string> labels;
  for (const auto& spec : specs) labels.push_back(to_string(spec));
  return labels;
}

// The checks every session of a champion at `seat` must pass: legal packages, never an offer
// below its reservation value (when its best package is above it), never an accept below it.
void expect_rational(const Scenario& s, const SessionResult& r, std::size_t seat) {
  ASSERT_FALSE(r.failure) << r.failure->kind << ": " << r.failure->message;
  const double reservation = s.party(seat).reservation_value;
  std::size_t offers = 0;
  for (const auto& e : r.trace) {
    if (e.actor != seat) continue;
    ASSERT_NE(e.kind, ActionKind::failure);
    if (e.kind == ActionKind::offer || e.kind == ActionKind::accept) {
      ASSERT_TRUE(s.space().contains(e.package)) << "round " << e.round;
      EXPECT_EQ(e.utilities, s.utilities(e.package));
    }
    if (e.kind == ActionKind::offer) {
      ++offers;
      EXPECT_GE(e.utilities[seat], reservation) << "offer below reservation, round " << e.round;
    }
    if (e.kind == ActionKind::accept) {
      EXPECT_GE(e.utilities[seat], reservation) << "accept below reservation, round " << e.round;
    }
  }
  EXPECT_GT(offers, 0u);
}

// Plays `specs` twice with the same seed: identical traces, and the rational checks for `seat`.
SessionResult expect_conformant(const ScenarioPtr& s, const std::vector<AgentSpec>& specs,
                                std::size_t seat, std::size_t rounds) {
  const auto options = traced(rounds);
  const auto first = negotiate(s, specs, options);
  const auto second = negotiate(s, specs, options);
  const auto labels = labels_of(specs);
  EXPECT_EQ(trace_text(*s, labels, options, first), trace_text(*s, labels, options, second))
      << "same seed, different sessions";
  expect_rational(*s, first, seat);
  return first;
}

class ChampionConformance : public ::testing::TestWithParam<const char*> {};

TEST_P(ChampionConformance, DeterministicLegalAndRationalOnCorpusScenarios) {
  PARLEY_REQUIRE_CORPUS();
  const AgentSpec champion = parse_agent(GetParam());
  const AgentSpec boulware = parse_agent("boulware"), conceder = parse_agent("conceder");
  for (const char* folder : {kItex, kAmsterdam}) {
    SCOPED_TRACE(folder);
    const auto s = corpus(folder);
    ASSERT_EQ(s->party_count(), 2u);
    expect_conformant(s, {champion, boulware}, 0, 400);
    expect_conformant(s, {boulware, champion}, 1, 400);
    expect_conformant(s, {champion, conceder}, 0, 400);
  }
  SCOPED_TRACE(kSporthal);
  const auto s = corpus(kSporthal);
  ASSERT_EQ(s->party_count(), 3u);
  expect_conformant(s, {champion, boulware, conceder}, 0, 300);
  expect_conformant(s, {boulware, conceder, champion}, 2, 300);
  expect_conformant(s, {champion, champion, boulware}, 1, 300);
}

TEST_P(ChampionConformance, ShortSessionsOnBuiltInScenarios) {
  // Reservation values and a discount, three parties, a 40-issue space indexed by a catalogue
  // (more than 10^30 packages); short sessions.
  const AgentSpec champion = parse_agent(GetParam());
  const auto bilateral = test::small_bilateral({0.1, 0.2}, {0.9, 1.0});
  for (const char* other : {"boulware", "hardliner", "random", "nash_seeker"}) {
    SCOPED_TRACE(other);
    expect_conformant(bilateral, {champion, parse_agent(other)}, 0, 40);
    expect_conformant(bilateral, {parse_agent(other), champion}, 1, 40);
    expect_conformant(bilateral, {champion, champion}, 1, 3);
  }
  const auto trilateral = test::small_trilateral();
  for (std::size_t seat = 0; seat < 3; ++seat) {
    std::vector<AgentSpec> trio(3, parse_agent("linear"));
    trio[seat] = champion;
    expect_conformant(trilateral, trio, seat, 30);
  }
  expect_conformant(trilateral, {champion, champion, champion}, 2, 30);
  expect_conformant(test::large_bilateral(), {champion, parse_agent("conceder")}, 0, 50);
}

TEST_P(ChampionConformance, AgreesWithBoulwareOnItexVsCypress) {
  PARLEY_REQUIRE_CORPUS();
  // Boulware concedes to its walk-away value by the deadline: every champion, which concedes
  // towards what the opponent offers, reaches a deal, better for it than no deal.
  const auto s = corpus(kItex);
  for (std::size_t seat : {0u, 1u}) {
    std::vector<AgentSpec> specs(2, parse_agent("boulware"));
    specs[seat] = parse_agent(GetParam());
    const auto r = negotiate(s, specs, traced(1000));
    EXPECT_TRUE(r.agreement()) << GetParam() << " at seat " << seat << ": " << to_string(r.reason);
    EXPECT_GE(r.utilities[seat], s->party(seat).reservation_value);
  }
}

TEST_P(ChampionConformance, DifferentSeedsStillRational) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus(kAmsterdam);
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto r =
        negotiate(s, {parse_agent(GetParam()), parse_agent("linear")}, traced(200, seed));
    expect_rational(*s, r, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(EarlyChampions, ChampionConformance,
                         ::testing::Values("agentk", "hardheaded", "agentm"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           return std::string(p.param);
                         });

// ---- AgentK (Kawaguchi, Fujita & Ito 2012).

TEST(AgentKFormula, MatchesThePublishedFormulasAtGivenInputs) {
  namespace k = agents::agentk;
  // d = sqrt(12 sigma^2), emax = mu + (1 - mu) d.
  EXPECT_NEAR(k::width(0.01), std::sqrt(0.12), 1e-15);
  EXPECT_EQ(k::width(0.5), 1.0);  // at most 1
  EXPECT_NEAR(k::estimated_max(0.4, 0.01), 0.4 + 0.6 * std::sqrt(0.12), 1e-15);
  EXPECT_NEAR(k::estimated_max(0.4, 0.01), 0.6078460969, 1e-9);
  // alpha = 1 + tremor + 10 mu - 2 tremor mu (tremor 2).
  EXPECT_NEAR(k::alpha(0.4), 5.4, 1e-15);
  // target = 1 - ratio (1 - emax) t^alpha, ratio = min(2, (d + 0.1) / (1 - emax)).
  const double emax = 0.4 + 0.6 * std::sqrt(0.12);
  const double ratio = std::min(2.0, (std::sqrt(0.12) + 0.1) / (1.0 - emax));
  EXPECT_NEAR(k::target(0.4, 0.01, 0.9), 1.0 - ratio * (1.0 - emax) * std::pow(0.9, 5.4), 1e-15);
  EXPECT_NEAR(k::target(0.4, 0.01, 0.9), 0.7472777, 1e-6);
  EXPECT_EQ(k::target(0.4, 0.01, 0.0), 1.0);
  // A spread-out opponent: ratio capped at 2 (concedes twice the way to emax).
  EXPECT_NEAR(k::target(0.2, 0.05, 1.0), 1.0 - 2.0 * (1.0 - k::estimated_max(0.2, 0.05)), 1e-15);
  // P = t^5 / 5 + (u - emax) + (u - target), within [0, 1].
  EXPECT_NEAR(k::accept_probability(0.7, 0.6, 0.75, 0.9), std::pow(0.9, 5) / 5 + 0.1 - 0.05, 1e-15);
  EXPECT_NEAR(k::accept_probability(0.7, 0.6, 0.75, 0.9), 0.168098, 1e-6);
  EXPECT_EQ(k::accept_probability(0.3, 0.6, 0.9, 0.5), 0.0);
  EXPECT_EQ(k::accept_probability(1.0, 0.2, 0.3, 1.0), 1.0);
}

TEST(AgentK, AcceptsBelowTargetWithThePublishedProbability) {
  namespace k = agents::agentk;
  // Option: 0 best (1.0); the opponent offers 1, 2, 3 (0.5, 0.4, 0.3): mu = 0.4, sigma^2 =
  // 0.02 / 3. Options 4, 5, 6 (0.7, 0.6, 0.8) are the standing offers tested at t = 0.9.
  const std::vector<double> mine = {1.0, 0.5, 0.4, 0.3, 0.7, 0.6, 0.8};
  std::vector<std::vector<double>> points;
  for (double u : mine) points.push_back({u, 1.0 - u});
  const auto s = test::point_scenario(points);
  const PartyView view = PartyView::of(s, 0, OfferIndex::build(*s, 0));
  SessionInfo info;
  info.party_count = 2;
  info.party_names = {"A", "B"};
  info.rounds = 1000;
  info.seed = 11;
  auto agent = make_negotiator(parse_agent("agentk"));
  agent->start(view, info);
  for (ValueIndex option : {1u, 2u, 3u}) {
    const Outcome offer{option};
    ObservedAction action;
    action.actor = 1;
    action.when = {option, option / 1000.0};
    action.offer = &offer;
    agent->observe(action);
  }
  const double mean = 0.4, variance = (0.01 + 0.0 + 0.01) / 3.0, t = 0.9;
  const double emax = k::estimated_max(mean, variance);
  const double target = k::target(mean, variance, t);
  EXPECT_NEAR(target, 0.7832646, 1e-6);
  const TurnState state{900, t};
  const auto acceptance_rate = [&](ValueIndex option) {
    const int trials = 4000;
    int accepted = 0;
    for (int i = 0; i < trials; ++i)
      accepted += agent->respond(state, Outcome{option}) == Response::accept ? 1 : 0;
    return static_cast<double>(accepted) / trials;
  };
  // u = 0.7 below the target: P = 0.9^5/5 + (0.7 - emax) + (0.7 - target) = 0.165.
  const double p = k::accept_probability(0.7, emax, target, t);
  EXPECT_NEAR(p, std::pow(0.9, 5) / 5 + (0.7 - emax) + (0.7 - target), 1e-12);
  EXPECT_NEAR(p, 0.1651278, 1e-6);
  const double tolerance = 5.0 * std::sqrt(p * (1.0 - p) / 4000.0);  // five standard errors
  EXPECT_NEAR(acceptance_rate(4), p, tolerance);
  // u = 0.6: P < 0, never accepted; u = 0.8 >= target: always accepted.
  EXPECT_EQ(acceptance_rate(5), 0.0);
  EXPECT_EQ(acceptance_rate(6), 1.0);
  // Its offers are worth at least the target: options 0 (1.0) only, 0.8 being above 0.783.
  for (int i = 0; i < 50; ++i) {
    Outcome offer;
    agent->propose(state, offer);
    ASSERT_EQ(offer.size(), 1u);
    EXPECT_GE(mine[offer[0]], target);
  }
  EXPECT_EQ(agent->opponent_estimate(1, Outcome{0}), std::nullopt);  // no preference model
}

TEST(AgentK, DoesNotCompromiseBeyondTheLimitAgainstAnUncooperativeOpponent) {
  PARLEY_REQUIRE_CORPUS();
  // A hardliner always offers the same bid: sigma = 0, d = 0, so AgentK's concession stops at
  // d + 0.1 = 0.1 below its best utility, whatever the time.
  const auto s = corpus(kItex);
  const auto r = negotiate(s, {parse_agent("agentk"), parse_agent("hardliner")}, traced(1000));
  const double top = OfferIndex::build(*s, 0)->max_utility();
  for (const auto& e : r.trace)
    if (e.actor == 0 && e.kind == ActionKind::offer) {
      EXPECT_GE(e.utilities[0], top - 0.1 - 1e-12) << "round " << e.round;
    }
  // Against boulware, whose offers spread out as it concedes, the limit widens: the deal is
  // below it.
  const auto moving = negotiate(s, {parse_agent("agentk"), parse_agent("boulware")}, traced(1000));
  ASSERT_TRUE(moving.agreement());
  EXPECT_LT(moving.utilities[0], top - 0.1);
}

// ---- HardHeaded (van Krimpen, Looije & Hajizadeh 2013).

TEST(HardHeaded, NeverOffersBelowItsFloorBeforeTheFinalPhase) {
  PARLEY_REQUIRE_CORPUS();
  for (const char* folder : {kItex, kAmsterdam}) {
    const auto s = corpus(folder);
    for (const char* opponent : {"hardliner", "boulware", "conceder", "random"}) {
      SCOPED_TRACE(std::string(folder) + " vs " + opponent);
      const auto r = negotiate(s, {parse_agent("hardheaded"), parse_agent(opponent)}, traced(1000));
      const double top = OfferIndex::build(*s, 0)->max_utility();
      const double floor = std::max(0.585, s->party(0).reservation_value);
      std::size_t early = 0;
      for (const auto& e : r.trace) {
        if (e.actor != 0 || e.kind != ActionKind::offer) continue;
        if (e.time < 0.98) {
          EXPECT_GE(e.utilities[0], floor) << "round " << e.round;
        }
        // Boulware, e = 0.05: p(t) >= P_min + 0.95 (P_max - P_min) - 1e-6 until half time.
        if (e.time < 0.5) {
          ++early;
          EXPECT_GE(e.utilities[0], floor + 0.95 * (top - floor) - 1e-6) << "round " << e.round;
        }
      }
      EXPECT_GT(early, 0u);
    }
  }
}

TEST(HardHeaded, OffersTheOpponentsBestBidInTheFinalPhase) {
  PARLEY_REQUIRE_CORPUS();
  // Against a hardliner, whose bid is below HardHeaded's floor, no deal is made before the final
  // phase; in it HardHeaded offers the hardliner's own bid, which the hardliner accepts.
  const auto s = corpus(kItex);
  const auto r = negotiate(s, {parse_agent("hardheaded"), parse_agent("hardliner")}, traced(1000));
  ASSERT_TRUE(r.agreement());
  EXPECT_GE(r.time, 0.98);
  const Outcome hardliner_bid = r.trace.at(1).package;
  EXPECT_EQ(*r.outcome, hardliner_bid);
  // With no final phase it holds its floor to the end and there is no deal.
  const auto held = negotiate(
      s, {parse_agent("hardheaded(final_phase=0)"), parse_agent("hardliner")}, traced(1000));
  EXPECT_FALSE(held.agreement());
}

TEST(HardHeaded, ItsOpponentModelIsTheFrequencyModelOfTheOpponentsOffers) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus(kAmsterdam);
  std::vector<std::unique_ptr<Negotiator>> agents;
  agents.push_back(make_negotiator(parse_agent("hardheaded")));
  agents.push_back(make_negotiator(parse_agent("conceder")));
  const Negotiator* hardheaded = agents[0].get();
  Session session(s, std::move(agents), {"hardheaded", "conceder"}, traced(300));
  const auto r = session.run();
  agents::FrequencyModel expected;
  expected.reset(PartyView::of(s, 0, nullptr));
  for (const auto& e : r.trace)
    if (e.actor == 1 && e.kind == ActionKind::offer) expected.update(e.package, e.time);
  ASSERT_FALSE(expected.empty());
  for (const auto& o : test::sample_outcomes(*s, 200)) {
    const auto estimate = hardheaded->opponent_estimate(1, o);
    ASSERT_TRUE(estimate);
    EXPECT_DOUBLE_EQ(*estimate, expected.estimate(o));
    EXPECT_EQ(hardheaded->opponent_estimate(0, o), std::nullopt);
  }
}

// ---- AgentM (Niimi & Ito 2016).

// AgentM's threshold at t: from its best utility towards its walk-away value, t^(1/e).
double agentm_threshold(double top, double low, double t, double e = 0.2) {
  return top - (top - low) * std::pow(t, 1.0 / e);
}

TEST(AgentM, OffersAndAcceptsOnlyAboveItsTimeThreshold) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus(kAmsterdam);
  const auto index = OfferIndex::build(*s, 0);
  const double top = index->max_utility();
  const double low = std::max(index->min_utility(), s->party(0).reservation_value);
  for (const char* opponent : {"boulware", "conceder", "random", "agentm"}) {
    SCOPED_TRACE(opponent);
    const auto r = negotiate(s, {parse_agent("agentm"), parse_agent(opponent)}, traced(500));
    std::size_t checked = 0;
    for (const auto& e : r.trace) {
      if (e.actor != 0 || e.kind == ActionKind::end_negotiation) continue;
      ++checked;
      EXPECT_GE(e.utilities[0], agentm_threshold(top, low, e.time) - 1e-12)
          << to_string(e.kind) << " round " << e.round;
    }
    EXPECT_GT(checked, 0u);
    // An agreement is reached (the threshold reaches what the opponent offers in time).
    EXPECT_TRUE(r.agreement());
  }
}

// Mean utility, for party `judge`, of the offers `seat` made after round `from`.
double mean_offer_utility(const SessionResult& r, std::size_t seat, std::size_t judge,
                          std::size_t from) {
  double sum = 0.0;
  std::size_t count = 0;
  for (const auto& e : r.trace)
    if (e.actor == seat && e.kind == ActionKind::offer && e.round >= from) {
      sum += e.utilities[judge];
      ++count;
    }
  return count ? sum / static_cast<double>(count) : 0.0;
}

TEST(AgentM, AnnealingMovesItsBidsTowardsTheOpponentsFrequentValues) {
  // 40 issues (more than 10^30 packages, a catalogue index): against a hardliner repeating one bid,
  // the annealing search borrows the hardliner's values, so AgentM's offers are worth much more
  // to the hardliner than those of the same agent without search (steps = 0), at no cost below
  // its own threshold.
  const auto s = test::large_bilateral(40);
  const auto options = traced(300);
  const auto searching = negotiate(s, {parse_agent("agentm"), parse_agent("hardliner")}, options);
  const auto still =
      negotiate(s, {parse_agent("agentm(steps=0)"), parse_agent("hardliner")}, options);
  expect_rational(*s, searching, 0);
  const double with_search = mean_offer_utility(searching, 0, 1, 10);
  const double without = mean_offer_utility(still, 0, 1, 10);
  EXPECT_GT(with_search, without + 0.05) << with_search << " vs " << without;
  const auto agentm = make_negotiator(parse_agent("agentm"));
  EXPECT_EQ(agentm->opponent_estimate(0, Outcome(40, 0)), std::nullopt);
}

TEST(AgentM, AnnealsBeyondTheSampleOfAHugeNonLinearSpace) {
  PARLEY_REQUIRE_CORPUS();
  // ANAC 2014's 40-issue non-linear profiles (10^40 packages): the index is a sample whose best
  // package is far from the best bid; AgentM's annealing finds better bids than the sample holds
  // (its cost per round: docs/performance.md, "Agents per round").
  const auto s = corpus("genius/anac2014/50issues");
  const auto index = OfferIndex::build(*s, 0);
  EXPECT_FALSE(index->exact());
  OfferIndexCache cache;
  const auto options = traced(1000);
  const auto r = negotiate(s, {parse_agent("agentm"), parse_agent("boulware")}, options, &cache);
  expect_rational(*s, r, 0);
  EXPECT_GT(r.trace.front().utilities[0], index->max_utility() + 0.1);
  const auto again =
      negotiate(s, {parse_agent("agentm"), parse_agent("boulware")}, options, &cache);
  EXPECT_EQ(trace_text(*s, {"agentm", "boulware"}, options, r),
            trace_text(*s, {"agentm", "boulware"}, options, again));
  // Self-play: both anneal towards the other's values and agree well above the walk-away value.
  const auto self = negotiate(s, {parse_agent("agentm"), parse_agent("agentm")}, options, &cache);
  ASSERT_TRUE(self.agreement());
  EXPECT_GT(self.utilities[0] + self.utilities[1], 1.5);
}

}  // namespace
}  // namespace parley
