// The later ANAC champions: PonPoko (2017), AgreeableAgent2018 (2018), AgentGG (2019) and MiCRO
// (de Jonge 2022). Conformance on corpus scenarios (determinism, legal offers, no accept or offer
// below the reservation value, agreement against boulware) and behaviour from each description:
// PonPoko stays within its pattern's thresholds, AgreeableAgent2018 accepts exactly what beats
// its next bid, AgentGG with a bid ranking ignores the hidden utility, MiCRO never concedes before
// the opponent has made as many distinct offers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

#include "negotiate_fixtures.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

constexpr double kEps = 1e-12;

// ---- Helpers.

ScenarioPtr corpus(const std::string& folder) {
  Warnings warnings;
  return test::load_corpus_folder(folder, warnings);
}

// The partydomain scenario with two UNCERTAIN profiles (a ranking of 10 bids each).
ScenarioPtr uncertain_party(const std::string& first = "party1_utility_u10.xml",
                            const std::string& second = "party2_utility_u10.xml") {
  Warnings warnings;
  LoadOptions options;
  options.profiles = {first, second};
  return load_scenario({(test::corpus_dir() / "genius/other/partydomain").string()}, options,
                       warnings);
}

SessionResult play(const ScenarioPtr& s, const std::vector<std::string>& agents, std::size_t rounds,
                   std::uint64_t seed = 7) {
  SessionOptions options;
  options.rounds = rounds;
  options.record_trace = true;
  options.seed = seed;
  std::vector<AgentSpec> specs;
  for (const auto& a : agents) specs.push_back(parse_agent(a));
  return negotiate(s, specs, options);
}

// Determinism, legality and rationality of the agent at `seat`: two runs with the same seed give
// the same trace text; every offer is a package of the space and worth at least the reservation
// value (the space has packages above it); nothing below it is accepted.
SessionResult expect_conformant(const ScenarioPtr& s, const std::vector<std::string>& agents,
                                std::size_t seat, std::size_t rounds,
                                OfferIndexCache* cache = nullptr) {
  SCOPED_TRACE(agents[seat] + " at seat " + std::to_string(seat) + " on " + s->name());
  SessionOptions options;
  options.rounds = rounds;
  options.record_trace = true;
  options.seed = 11;
  std::vector<AgentSpec> specs;
  for (const auto& a : agents) specs.push_back(parse_agent(a));
  const auto r = negotiate(s, specs, options, cache);
  const auto again = negotiate(s, specs, options, cache);
  EXPECT_EQ(trace_text(*s, agents, options, r), trace_text(*s, agents, options, again));
  EXPECT_FALSE(r.failure) << (r.failure ? r.failure->message : "");
  const double reservation = s->party(seat).reservation_value;
  for (const auto& e : r.trace) {
    if (e.actor != seat) continue;
    if (e.kind == ActionKind::offer) {
      EXPECT_TRUE(s->space().contains(e.package));
      EXPECT_GE(e.utilities[seat], reservation) << "offer in round " << e.round;
    }
    if (e.kind == ActionKind::accept) {
      EXPECT_GE(e.utilities[seat], reservation) << "accept in round " << e.round;
    }
  }
  return r;
}

// One agent driven by hand on party `party` of a scenario.
struct Driven {
  ScenarioPtr scenario;
  std::shared_ptr<const OfferIndex> index;
  std::unique_ptr<PartyView> view;
  std::unique_ptr<Negotiator> agent;
  Driven(ScenarioPtr s, std::size_t party, const std::string& spec, std::uint64_t seed = 5)
      : scenario(std::move(s)) {
    index = OfferIndex::build(*scenario, party);
    view = std::make_unique<PartyView>(PartyView::of(scenario, party, index));
    agent = make_negotiator(parse_agent(spec));
    SessionInfo info;
    info.party_count = scenario->party_count();
    for (std::size_t p = 0; p < info.party_count; ++p)
      info.party_names.push_back(scenario->party(p).name);
    info.rounds = 1000;
    info.seed = seed;
    agent->start(*view, info);
  }
  void offer_from(std::size_t actor, const Outcome& package, double time) {
    ObservedAction action;
    action.kind = ObservedAction::Kind::offer;
    action.actor = actor;
    action.when.time = time;
    action.when.round = static_cast<std::size_t>(time * 1000);
    action.offer = &package;
    agent->observe(action);
  }
  TurnState at(double time) const {
    TurnState state;
    state.time = time;
    state.round = static_cast<std::size_t>(time * 1000);
    return state;
  }
};

const std::vector<std::string> kChampions = {"ponpoko", "agreeable_agent2018", "agentgg", "micro"};

// ---- Conformance on corpus scenarios (every champion, bilateral and 3-party).

TEST(LateChampionsConformance, BilateralCorpusBothSeats) {
  PARLEY_REQUIRE_CORPUS();
  for (const auto* folder : {"genius/anac2010/ItexvsCypress", "genius/anac2011/Amsterdam"}) {
    const auto s = corpus(folder);
    for (const auto& agent : kChampions) {
      expect_conformant(s, {agent, "boulware"}, 0, 300);
      expect_conformant(s, {"conceder", agent}, 1, 300);
    }
  }
}

TEST(LateChampionsConformance, ThreePartyCorpus) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2015/group2-dinner");
  ASSERT_EQ(s->party_count(), 3u);
  for (const auto& agent : kChampions) {
    expect_conformant(s, {agent, "boulware", "conceder"}, 0, 200);
    expect_conformant(s, {"conceder", "random", agent}, 2, 200);
    expect_conformant(s, {agent, agent, agent}, 1, 200);
  }
}

TEST(LateChampionsConformance, ReservationValuesAreRespected) {
  // High walk-away values: nothing below them is offered or accepted.
  const auto s = test::small_bilateral({0.55, 0.5});
  for (const auto& agent : kChampions) {
    expect_conformant(s, {agent, "conceder"}, 0, 100);
    expect_conformant(s, {"random", agent}, 1, 100);
  }
}

TEST(LateChampionsConformance, HugeSpacesUseTheCatalogue) {
  const auto s = test::large_bilateral(40);
  ASSERT_GT(s->space().log10_size(), 30.0);
  OfferIndexCache cache;  // the catalogues are built once
  for (const auto& agent : kChampions) expect_conformant(s, {agent, "conceder"}, 0, 200, &cache);
}

TEST(LateChampionsConformance, EveryChampionAgreesWithBoulware) {
  PARLEY_REQUIRE_CORPUS();
  // Boulware concedes to its worst package by the deadline and every champion concedes too
  // (MiCRO in step with boulware's distinct offers): each session ends in agreement.
  const auto s = corpus("genius/anac2010/ItexvsCypress");
  for (const auto& agent : kChampions) {
    const auto r = play(s, {agent, "boulware"}, 1000);
    EXPECT_EQ(r.reason, EndReason::agreement) << agent;
    EXPECT_GT(r.utilities[0], 0.0) << agent;
  }
}

TEST(LateChampionsConformance, OpponentEstimates) {
  const auto s = test::small_bilateral();
  for (const auto* spec : {"agreeable_agent2018", "agentgg"}) {
    Driven d(s, 0, spec);
    const Outcome offered{4, 3, 2};  // a package the opponent keeps offering
    for (int k = 0; k < 5; ++k) d.offer_from(1, offered, 0.01 * k);
    EXPECT_FALSE(d.agent->opponent_estimate(0, offered)) << spec;
    const auto estimate = d.agent->opponent_estimate(1, offered);
    ASSERT_TRUE(estimate) << spec;
    EXPECT_GT(*estimate, 0.5) << spec;
    EXPECT_LE(*estimate, 1.0) << spec;
    const auto other = d.agent->opponent_estimate(1, Outcome{0, 0, 0});
    ASSERT_TRUE(other);
    EXPECT_LT(*other, *estimate) << spec;
  }
}

// ---- PonPoko: offers between the chosen pattern's thresholds, accepts above the low one.

double pattern_level(int pattern, double t, bool high) {
  const double s40 = std::abs(std::sin(40 * t)), s20 = std::abs(std::sin(20 * t));
  switch (pattern) {
    case 0:
      return high ? 1 - 0.1 * t : 1 - 0.1 * t - 0.1 * s40;
    case 1:
      return high ? 1.0 : 1 - 0.22 * t;
    case 2:
      return high ? 1 - 0.1 * t : 1 - 0.1 * t - 0.15 * s20;
    case 3:
      return high ? 1 - 0.05 * t : (t > 0.99 ? 1 - 0.3 * t : 1 - 0.1 * t);
    default:
      return high ? 1 - 0.15 * t * s20 : 1 - 0.21 * t * s20;
  }
}

// True when every PonPoko offer of the trace lies within `pattern`'s thresholds (or, when no
// package does, is the best package below the high threshold), and PonPoko accepted exactly the
// offers above the low threshold.
bool follows_pattern(const Scenario& s, const OfferIndex& index, const SessionResult& r,
                     std::size_t seat, int pattern) {
  const double best = index.max_utility();
  std::optional<double> standing;  // utility for PonPoko of the standing offer
  for (const auto& e : r.trace) {
    const double low = pattern_level(pattern, e.time, false) * best;
    const double high = pattern_level(pattern, e.time, true) * best;
    if (e.actor != seat) {
      if (e.kind == ActionKind::offer) standing = s.utility(seat, e.package);
      continue;
    }
    // PonPoko answered the standing offer: accept exactly when it is above the low threshold.
    if (standing && (*standing > low) != (e.kind == ActionKind::accept)) return false;
    if (e.kind != ActionKind::offer) continue;
    const double u = e.utilities[seat];
    if (u > high + kEps) return false;
    const auto [first, last] = index.range(low, high);
    if (first < last && u < low - kEps) return false;
    if (first >= last) {
      // Empty band: the best package below the high threshold.
      const auto below = index.range(-INFINITY, high);
      if (below.second > below.first && u != index.utility(below.second - 1)) return false;
    }
    standing.reset();
  }
  return true;
}

TEST(PonPoko, EveryPatternKeepsItsThresholds) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2011/Amsterdam");
  const auto index = OfferIndex::build(*s, 0);
  for (int pattern = 0; pattern < 5; ++pattern) {
    SCOPED_TRACE("pattern " + std::to_string(pattern));
    const auto r = play(s, {"ponpoko(pattern=" + std::to_string(pattern) + ")", "boulware"}, 400);
    EXPECT_TRUE(follows_pattern(*s, *index, r, 0, pattern));
    // Its offers really vary within the band (a uniform draw, not one package).
    std::set<Outcome> offers;
    for (const auto& e : r.trace)
      if (e.actor == 0 && e.kind == ActionKind::offer) offers.insert(e.package);
    EXPECT_GT(offers.size(), 5u);
  }
}

TEST(PonPoko, ThePatternIsDrawnFromTheSeed) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2010/ItexvsCypress");
  const auto index = OfferIndex::build(*s, 1);
  std::set<int> drawn;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const auto r = play(s, {"conceder", "ponpoko"}, 200, seed);
    std::vector<int> consistent;
    for (int pattern = 0; pattern < 5; ++pattern)
      if (follows_pattern(*s, *index, r, 1, pattern)) consistent.push_back(pattern);
    ASSERT_FALSE(consistent.empty()) << "seed " << seed << " follows no pattern";
    if (consistent.size() == 1) drawn.insert(consistent.front());
  }
  EXPECT_GE(drawn.size(), 2u) << "the pattern does not change with the seed";
}

// ---- AgreeableAgent2018: Boulware target, roulette above it, AC_next.

TEST(AgreeableAgent2018, AcceptsExactlyWhatBeatsItsNextBid) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2011/Amsterdam");
  Driven d(s, 0, "agreeable_agent2018");
  const auto& view = *d.view;
  const double best = d.index->max_utility();
  const double floor = std::max(d.index->min_utility(), s->party(0).reservation_value);
  const auto offers = test::sample_outcomes(*s, 400, 99);
  std::size_t accepted = 0, rejected = 0;
  for (std::size_t k = 0; k < 250; ++k) {
    const double t = static_cast<double>(k) / 250.0;
    const Outcome& incoming = offers[k % offers.size()];
    d.offer_from(1, incoming, t);
    const Response response = d.agent->respond(d.at(t), incoming);
    Outcome bid;
    d.agent->propose(d.at(t), bid);
    const double u = view.utility(incoming), next = view.utility(bid);
    EXPECT_EQ(response == Response::accept, u >= next) << "t = " << t;
    (response == Response::accept ? accepted : rejected) += 1;
    // The bid is never below the Boulware target u(t) = Pmin + (Pmax - Pmin)(1 - t^(1/0.1)) and,
    // once the opponent model is used (t >= 0.3 on 3,024 packages), within its neighbourhood.
    const double target = floor + (best - floor) * (1.0 - std::pow(t, 10.0));
    EXPECT_GE(next, target - kEps) << "t = " << t;
    if (t >= 0.3) {
      EXPECT_LE(next, target + 0.05 * (best - floor) + kEps) << "t = " << t;
    } else {
      EXPECT_EQ(next, d.index->utility(d.index->range(target, INFINITY).first)) << "t = " << t;
    }
  }
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(accepted, 0u);  // late, when the target has fallen below some of the offers
}

TEST(AgreeableAgent2018, RouletteFavoursWhatTheOpponentOffers) {
  // After the model time, among packages of equal own utility the wheel prefers those the
  // opponent keeps offering: repeated draws at a time whose neighbourhood holds packages the
  // opponent likes and packages it does not pick the liked ones more often.
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2011/Amsterdam");
  Driven d(s, 0, "agreeable_agent2018");
  const auto index = OfferIndex::build(*s, 1);
  const Outcome liked = index->outcome(index->best_entry());  // the opponent's best package
  for (int k = 0; k < 30; ++k) d.offer_from(1, liked, 0.01 * k);
  double score_sum = 0.0;
  int draws = 0;
  // Compare the opponent's true utility of the bids with a uniform draw from the same band.
  double uniform_sum = 0.0;
  for (int k = 0; k < 60; ++k) {
    const double t = 0.9 + 0.0015 * k;
    Outcome bid;
    d.agent->propose(d.at(t), bid);
    score_sum += s->utility(1, bid);
    ++draws;
    const double best = d.index->max_utility(), floor = d.index->min_utility();
    const double target = floor + (best - floor) * (1.0 - std::pow(t, 10.0));
    const auto [first, last] = d.index->range(target, target + 0.05 * (best - floor));
    double band = 0.0;
    for (std::size_t e = first; e < last; ++e) band += s->utility(1, d.index->outcome(e));
    uniform_sum += last > first ? band / static_cast<double>(last - first) : 0.0;
  }
  EXPECT_GT(score_sum / draws, uniform_sum / draws);
}

// ---- AgentGG.

// The normalised utility (the importance ratio of a known utility).
double ratio(const OfferIndex& index, double u) {
  return (u - index.min_utility()) / (index.max_utility() - index.min_utility());
}

TEST(AgentGG, AcceptanceFollowsThePhasedThreshold) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2010/ItexvsCypress");
  Driven d(s, 0, "agentgg");
  // No opponent offer yet: the Nash estimate is m + (1 - m)/1.7 with m = 0.
  const double nash = 1.0 / 1.7;
  const std::vector<std::pair<double, double>> lower = {
      {0.005, 0.9999},
      {0.015, 0.99},
      {0.1, 0.99 - 0.5 * 0.08},
      {0.35, 0.9 + 0.5 * (nash + 0.3 * (1 - nash) - 0.9)},
      {0.5, nash + 0.3 * (1 - nash)},
      {0.7, nash + 0.3 * (1 - nash) - 0.5 * 0.15 * (1 - nash)},
  };
  Outcome o;
  for (const auto& [t, threshold] : lower) {
    o.assign(s->issue_count(), 0);
    std::size_t accepted = 0;
    do {
      const double x = ratio(*d.index, s->utility(0, o));
      const bool accept = d.agent->respond(d.at(t), o) == Response::accept;
      if (std::abs(x - threshold) > 1e-9) {
        EXPECT_EQ(accept, x >= threshold) << "t = " << t << ", ratio " << x;
      }
      accepted += accept;
    } while (s->space().next(o));
    EXPECT_GT(accepted, 0u) << "t = " << t;
  }
  // In the last instants it accepts anything above its walk-away (ratio 0 here: every package
  // but the worst).
  std::size_t refused = 0;
  o.assign(s->issue_count(), 0);
  do refused += d.agent->respond(d.at(0.9995), o) == Response::reject;
  while (s->space().next(o));
  EXPECT_EQ(refused, 1u);
}

TEST(AgentGG, EarlyOffersStayAboveTheThreshold) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2011/Amsterdam");
  const auto index = OfferIndex::build(*s, 0);
  const auto r = play(s, {"agentgg", "boulware"}, 500);
  std::set<Outcome> offers;
  for (const auto& e : r.trace) {
    if (e.actor != 0 || e.kind != ActionKind::offer || e.time >= 0.2) continue;
    const double t = e.time;
    const double low = t < 0.01 ? 0.9999 : t < 0.02 ? 0.99 : 0.99 - 0.5 * (t - 0.02);
    EXPECT_GE(ratio(*index, e.utilities[0]), low - kEps) << "t = " << t;
    offers.insert(e.package);
  }
  EXPECT_GT(offers.size(), 3u);
}

// A copy of `s` in which party `party` has the utility function of `other` (the hidden true
// preferences) but keeps its own reservation value and bid ranking.
ScenarioPtr with_hidden_utility(const ScenarioPtr& s, std::size_t party,
                                std::shared_ptr<const UtilityFunction> other) {
  std::vector<Party> parties = s->parties();
  parties[party].utility = std::move(other);
  return std::make_shared<const Scenario>(s->name(), s->issues(), parties);
}

// AgentGG's packages (offers and accepts) in order, with the turn of each.
std::vector<std::pair<std::size_t, Outcome>> moves_of(const SessionResult& r, std::size_t seat) {
  std::vector<std::pair<std::size_t, Outcome>> moves;
  for (std::size_t k = 0; k < r.trace.size(); ++k)
    if (r.trace[k].actor == seat) moves.emplace_back(k, r.trace[k].package);
  return moves;
}

TEST(AgentGG, LoadsTheUncertainPartyDomainWithItsRanking) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = uncertain_party();
  ASSERT_TRUE(s->party(0).uncertainty);
  const auto& rankings = s->party(0).uncertainty->written.rankings;
  ASSERT_EQ(rankings.size(), 1u);
  EXPECT_EQ(rankings.front().size(), 10u);
  EXPECT_EQ(rankings.front().front().size(), s->issue_count());
  const auto r = expect_conformant(s, {"agentgg", "boulware"}, 0, 1000);
  EXPECT_EQ(r.reason, EndReason::agreement);
}

TEST(AgentGG, WithARankingTheHiddenUtilityChangesNothing) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = uncertain_party();
  // Another profile of the same domain as the hidden utility of party 0; its ranking is kept.
  const auto other = uncertain_party("party3_utility.xml", "party2_utility_u10.xml");
  ASSERT_EQ(other->party(0).uncertainty, nullptr);
  const auto hidden = with_hidden_utility(s, 0, other->party(0).utility);
  ASSERT_NE(s->utilities(Outcome(s->issue_count(), 0)),
            hidden->utilities(Outcome(s->issue_count(), 0)));
  for (const auto* opponent : {"boulware", "conceder", "random"}) {
    SCOPED_TRACE(opponent);
    const auto a = play(s, {"agentgg", opponent}, 400, 3);
    const auto b = play(hidden, {"agentgg", opponent}, 400, 3);
    EXPECT_EQ(moves_of(a, 0), moves_of(b, 0));
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.outcome, b.outcome);
  }
  // Without the ranking (the same profiles, utilities known) the offers do depend on them.
  auto known = [](const ScenarioPtr& x) {
    std::vector<Party> parties = x->parties();
    parties[0].uncertainty = nullptr;
    return std::make_shared<const Scenario>(x->name(), x->issues(), parties);
  };
  EXPECT_NE(moves_of(play(known(s), {"agentgg", "boulware"}, 400, 3), 0),
            moves_of(play(known(hidden), {"agentgg", "boulware"}, 400, 3), 0));
}

TEST(AgentGG, RankingEstimateOrdersTheRankedBids) {
  // With a ranking, AgentGG's first offers are packages it estimates to be the best: the
  // first offer holds, on every issue, a value of the top-ranked bid or one at least as
  // frequent in well-ranked bids, so its true utility is high on a profile whose ranking
  // follows that utility.
  PARLEY_REQUIRE_CORPUS();
  const auto s = uncertain_party("party1_utility_u50.xml", "party2_utility_u50.xml");
  ASSERT_TRUE(s->party(0).uncertainty);
  const auto r = play(s, {"agentgg", "hardliner"}, 100);
  ASSERT_EQ(r.trace.front().kind, ActionKind::offer);
  const auto index = OfferIndex::build(*s, 0);
  EXPECT_GT(ratio(*index, r.trace.front().utilities[0]), 0.8);
}

// ---- MiCRO: concedes only in step with the opponent's distinct offers.

// Checks every MiCRO move of the trace against the published rule.
void expect_micro_rule(const Scenario& s, const SessionResult& r, std::size_t seat) {
  const auto index = OfferIndex::build(s, seat);
  std::set<Outcome> mine;
  std::vector<std::set<Outcome>> theirs(s.party_count());
  std::size_t concessions = 0;
  for (const auto& e : r.trace) {
    if (e.actor != seat) {
      if (e.kind == ActionKind::offer || e.kind == ActionKind::accept)
        theirs[e.actor].insert(e.package);
      continue;
    }
    std::size_t n = SIZE_MAX;
    for (std::size_t p = 0; p < s.party_count(); ++p)
      if (p != seat) n = std::min(n, theirs[p].size());
    const std::size_t m = mine.size();
    const bool ready = m == 0 || m <= n;
    const bool can = m < index->size() &&
                     index->utility(index->size() - 1 - m) >= s.party(seat).reservation_value;
    if (e.kind == ActionKind::offer) {
      const bool fresh = !mine.count(e.package);
      EXPECT_EQ(fresh, ready && can) << "round " << e.round << ": m = " << m << ", n = " << n;
      if (fresh) {
        // The (m+1)-th best package.
        EXPECT_EQ(e.package, index->outcome(index->size() - 1 - m));
        ++concessions;
      }
      mine.insert(e.package);
    }
    if (e.kind == ActionKind::accept) {
      const std::size_t j = ready && can ? m : m - 1;
      EXPECT_GE(e.utilities[seat], index->utility(index->size() - 1 - j));
    }
  }
  EXPECT_GT(concessions, 0u);
}

TEST(MiCRO, NeverConcedesBeforeTheOpponent) {
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2011/Amsterdam");
  for (const auto* opponent : {"boulware", "conceder", "random", "hardliner", "agentgg"}) {
    SCOPED_TRACE(opponent);
    expect_micro_rule(*s, play(s, {"micro", opponent}, 300), 0);
    expect_micro_rule(*s, play(s, {opponent, "micro"}, 300), 1);
  }
  const auto dinner = corpus("genius/anac2015/group2-dinner");
  expect_micro_rule(*dinner, play(dinner, {"micro", "conceder", "boulware"}, 200), 0);
  expect_micro_rule(*dinner, play(dinner, {"random", "micro", "micro"}, 200), 1);
}

TEST(MiCRO, AgainstAHardlinerItProposesTwoPackagesOnly) {
  // The hardliner repeats one package: n = 1, so MiCRO proposes w_1, concedes once to w_2 and
  // then only repeats them.
  PARLEY_REQUIRE_CORPUS();
  const auto s = corpus("genius/anac2010/ItexvsCypress");
  const auto r = play(s, {"micro", "hardliner"}, 200);
  std::set<Outcome> mine;
  for (const auto& e : r.trace)
    if (e.actor == 0 && e.kind == ActionKind::offer) mine.insert(e.package);
  const auto index = OfferIndex::build(*s, 0);
  EXPECT_EQ(mine, (std::set<Outcome>{index->outcome(index->size() - 1),
                                     index->outcome(index->size() - 2)}));
  EXPECT_EQ(r.reason, EndReason::deadline);
}

TEST(MiCRO, AcceptsWhatBeatsItsNextProposal) {
  const auto s = test::small_bilateral();
  Driven d(s, 0, "micro");
  const auto& index = *d.index;
  auto w = [&](std::size_t k) { return index.utility(index.size() - k); };  // u(w_k)
  Outcome bid;
  d.agent->propose(d.at(0.0), bid);  // w_1; m = 1, n = 0: not ready
  EXPECT_EQ(bid, index.outcome(index.size() - 1));
  const Outcome opponent{0, 0, 0};  // the opponent's best, MiCRO's worst
  ASSERT_LT(s->utility(0, opponent), w(1));
  EXPECT_EQ(d.agent->respond(d.at(0.01), opponent), Response::reject);
  // An offer worth w_1 exactly is accepted (at least as good as its lowest proposal, w_1).
  EXPECT_EQ(d.agent->respond(d.at(0.01), index.outcome(index.size() - 1)), Response::accept);
  d.offer_from(1, opponent, 0.01);  // n = 1 = m: ready, next proposal w_2
  for (std::size_t e = 0; e < index.size(); ++e) {
    const double u = index.utility(e);
    EXPECT_EQ(d.agent->respond(d.at(0.02), index.outcome(e)) == Response::accept, u >= w(2));
  }
  d.agent->propose(d.at(0.02), bid);
  EXPECT_EQ(bid, index.outcome(index.size() - 2));
  // m = 2 > n = 1: it repeats w_1 or w_2 and accepts only what beats w_2.
  for (int k = 0; k < 20; ++k) {
    d.agent->propose(d.at(0.03 + 0.001 * k), bid);
    EXPECT_TRUE(bid == index.outcome(index.size() - 1) || bid == index.outcome(index.size() - 2));
  }
  d.offer_from(1, opponent, 0.05);  // the same package again: still n = 1
  d.agent->propose(d.at(0.06), bid);
  EXPECT_GE(s->utility(0, bid), w(2));
  EXPECT_EQ(d.agent->respond(d.at(0.06), index.outcome(index.size() - 3)) == Response::accept,
            w(3) >= w(2));
}

}  // namespace
}  // namespace parley
