// CUHKAgent (ANAC 2012, src/negotiate/agents/cuhkagent.cpp) and Atlas3 (ANAC 2015,
// src/negotiate/agents/atlas3.cpp): conformance on corpus scenarios (determinism, legal offers,
// nothing below the reservation value), the behaviour their papers describe, and their opponent
// models (hand-computed estimates, correlation with the true utilities after a session).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "negotiate/agents/common.hpp"
#include "negotiate/agents/library.hpp"
#include "negotiate_fixtures.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// ---- Helpers.

// Pearson's correlation coefficient, computed here rather than by the library.
double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0.0, my = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    mx += x[k];
    my += y[k];
  }
  mx /= n;
  my /= n;
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) * (x[k] - mx);
    syy += (y[k] - my) * (y[k] - my);
  }
  return sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

ScenarioPtr corpus(const std::string& folder) {
  Warnings warnings;
  return test::load_corpus_folder(folder, warnings);
}

// The agent in `seat` offered only packages of the space worth at least its reservation value
// (when the space has one), accepted nothing below it, and never failed.
void expect_rational(const Scenario& s, const SessionResult& r, std::size_t seat,
                     const std::string& what) {
  SCOPED_TRACE(what + " seat " + std::to_string(seat));
  ASSERT_NE(r.reason, EndReason::failure) << (r.failure ? r.failure->message : "");
  const double reservation = s.party(seat).reservation_value;
  std::size_t offers = 0;
  for (const auto& e : r.trace) {
    if (e.actor != seat) continue;
    if (e.kind == ActionKind::offer) {
      ++offers;
      ASSERT_TRUE(s.space().contains(e.package));
      EXPECT_GE(e.utilities[seat], reservation) << "offer below the reservation value";
    } else if (e.kind == ActionKind::accept) {
      EXPECT_GE(e.utilities[seat], reservation) << "accepted below the reservation value";
    }
  }
  EXPECT_GT(offers, 0u);
}

// Plays the agents in seat order twice with the same seed: identical traces, rational agents in
// the `checked` seats.
SessionResult play_checked(const ScenarioPtr& s, const std::vector<std::string>& agents,
                           const std::vector<std::size_t>& checked, std::size_t rounds = 1000,
                           Protocol protocol = Protocol::saop) {
  std::vector<AgentSpec> specs;
  std::vector<std::string> labels;
  for (const auto& a : agents) {
    specs.push_back(parse_agent(a));
    labels.push_back(to_string(specs.back()));
  }
  SessionOptions options;
  options.rounds = rounds;
  options.protocol = protocol;
  options.seed = 20120601;
  options.record_trace = true;
  const auto r = negotiate(s, specs, options);
  const auto again = negotiate(s, specs, options);
  std::string what = s->name() + ":";
  for (const auto& l : labels) what += " " + l;
  EXPECT_EQ(trace_text(*s, labels, options, r), trace_text(*s, labels, options, again)) << what;
  for (const auto seat : checked) expect_rational(*s, r, seat, what);
  return r;
}

// One agent driven by hand, as the engine would: a private view of `seat` and its negotiator.
struct Driven {
  Driven(const ScenarioPtr& s, std::size_t seat, const std::string& spec,
         std::size_t round_count = 100)
      : scenario(s),
        rounds(round_count),
        view(PartyView::of(s, seat, OfferIndex::build(*s, seat))),
        agent(make_negotiator(parse_agent(spec))) {
    SessionInfo info;
    info.party_count = s->party_count();
    for (const auto& p : s->parties()) info.party_names.push_back(p.name);
    info.rounds = round_count;
    info.seed = 99;
    agent->start(view, info);
  }
  TurnState at(std::size_t round, std::size_t seat) const {
    const double n = static_cast<double>(scenario->party_count());
    return {round, (static_cast<double>(round) + static_cast<double>(seat) / n) /
                       static_cast<double>(rounds)};
  }
  // Party `actor` offered (or accepted) `package` in `round`.
  void see(std::size_t round, std::size_t actor, const Outcome& package,
           ObservedAction::Kind kind = ObservedAction::Kind::offer) {
    agent->observe(ObservedAction{kind, actor, at(round, actor), &package});
  }
  double utility(const Outcome& o) const { return view.utility(o); }
  ScenarioPtr scenario;
  std::size_t rounds;
  PartyView view;
  std::unique_ptr<Negotiator> agent;
};

// Every package of a small scenario.
std::vector<Outcome> all_outcomes(const Scenario& s) {
  std::vector<Outcome> out;
  Outcome o(s.issue_count(), 0);
  do out.push_back(o);
  while (s.space().next(o));
  return out;
}

// Two parties on 3 issues of 10 values with opposed preferences (1,000 packages).
ScenarioPtr thousand_bilateral(double discount) {
  std::vector<std::vector<std::vector<double>>> scores(2);
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<double> up, down;
    for (int v = 0; v < 10; ++v) {
      up.push_back(1.0 + v);
      down.push_back(10.0 - v);
    }
    scores[0].push_back(up);
    scores[1].push_back(down);
  }
  return test::make_linear_scenario({10, 10, 10}, {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}}, scores,
                                    {0.0, 0.0}, {discount, 1.0});
}

// The opponent model's estimates of `seat`'s utility over every package (or a seeded sample)
// against the true utilities.
double model_correlation(const Scenario& s, const Negotiator& modeller, std::size_t seat) {
  std::vector<double> truth, estimate;
  for (const auto& o : test::sample_outcomes(s, 5000)) {
    const auto e = modeller.opponent_estimate(seat, o);
    EXPECT_TRUE(e.has_value());
    if (!e) return 0.0;
    EXPECT_GE(*e, 0.0);
    EXPECT_LE(*e, 1.0);
    truth.push_back(s.utility(seat, o));
    estimate.push_back(*e);
  }
  return pearson(truth, estimate);
}

// Plays `agents` (the modeller in seat `modeller`) and returns the modeller's correlation for
// every other seat.
std::vector<double> correlations_after_session(const ScenarioPtr& s,
                                               const std::vector<std::string>& agents,
                                               std::size_t modeller) {
  std::vector<std::unique_ptr<Negotiator>> built;
  for (const auto& a : agents) built.push_back(make_negotiator(parse_agent(a)));
  const Negotiator* watched = built[modeller].get();
  SessionOptions options;
  options.rounds = 1000;
  Session session(s, std::move(built), agents, options);
  const auto r = session.run();
  EXPECT_NE(r.reason, EndReason::failure);
  std::vector<double> out;
  for (std::size_t seat = 0; seat < s->party_count(); ++seat) {
    if (seat == modeller) {
      EXPECT_FALSE(watched->opponent_estimate(seat, Outcome(s->issue_count(), 0)).has_value());
      continue;
    }
    out.push_back(model_correlation(*s, *watched, seat));
  }
  return out;
}

// The BOA model component `model` (a model of every other party) fed the offers of a session of
// `agents` as seat `modeller` saw them; its correlation for seat `modelled`.
double component_correlation(const ScenarioPtr& s, const std::string& model,
                             const std::vector<std::string>& agents, std::size_t modeller,
                             std::size_t modelled) {
  SessionOptions options;
  options.rounds = 1000;
  options.record_trace = true;
  std::vector<AgentSpec> specs;
  for (const auto& a : agents) specs.push_back(parse_agent(a));
  const auto r = negotiate(s, specs, options);
  auto models = agents::make_opponent_model(parse_agent(model, AgentRole::opponent_model));
  const auto view = PartyView::of(s, modeller, nullptr);
  models->reset(view);
  for (const auto& e : r.trace) {
    if (e.kind != ActionKind::offer) continue;
    models->observe(
        ObservedAction{ObservedAction::Kind::offer, e.actor, {e.round, e.time}, &e.package});
  }
  const auto* m = models->model(modelled);
  EXPECT_NE(m, nullptr);
  if (!m) return 0.0;
  std::vector<double> truth, estimate;
  for (const auto& o : test::sample_outcomes(*s, 5000)) {
    truth.push_back(s->utility(modelled, o));
    estimate.push_back(m->estimate(o));
  }
  return pearson(truth, estimate);
}

// ---- Registry.

TEST(ChampionsCuhkAtlas, RegistryRowsAndBoaModels) {
  EXPECT_EQ(to_string(parse_agent("cuhkagent")),
            "cuhkagent(alpha=2,beta=1.5,lambda_min=0.08,epsilon=0.1)");
  EXPECT_EQ(to_string(parse_agent("atlas3")), "atlas3(e=0.2,final_turns=3)");
  EXPECT_EQ(to_string(parse_agent("cuhk", AgentRole::opponent_model)), "cuhk");
  EXPECT_EQ(to_string(parse_agent("atlas3", AgentRole::opponent_model)), "atlas3");
  // Both models serve the composable agent.
  const auto s = test::small_bilateral();
  for (const char* model : {"cuhk", "atlas3"}) {
    SessionOptions options;
    options.rounds = 200;
    options.record_trace = true;
    const auto r = negotiate(
        s, {parse_agent(std::string("boa(model=") + model + ")"), parse_agent("boulware")},
        options);
    expect_rational(*s, r, 0, model);
  }
}

// ---- CUHKAgent.

TEST(CuhkAgent, ConformsOnDiscountedCorpusScenarios) {
  PARLEY_REQUIRE_CORPUS();
  for (const char* folder : {"genius/anac2012/AcquisitionC", "genius/anac2012/ItexvsCypressB",
                             "genius/anac2012/CameraA"}) {
    const auto s = corpus(folder);
    for (const char* opponent : {"boulware", "conceder", "hardliner", "cuhkagent"}) {
      const auto r = play_checked(s, {"cuhkagent", opponent}, {0});
      play_checked(s, {opponent, "cuhkagent"}, {1});
      if (std::string(opponent) == "boulware") {
        EXPECT_TRUE(r.agreement()) << folder << ": CUHKAgent and boulware should agree";
      }
    }
  }
}

TEST(CuhkAgent, MultilateralAndHugeSpacesStayLegal) {
  const auto tri = test::small_trilateral();
  play_checked(tri, {"cuhkagent", "boulware", "conceder"}, {0});
  play_checked(tri, {"boulware", "cuhkagent", "cuhkagent"}, {1, 2});
  const auto huge = test::large_bilateral(40);  // 10^30 packages: a catalogue index
  play_checked(huge, {"cuhkagent", "boulware"}, {0});
}

// Under the multi-offer protocols propose() comes once a round and respond() once per other
// party's offer: both agents must stay legal and deterministic there too.
TEST(ChampionsCuhkAtlas, MultiOfferProtocols) {
  const auto tri = test::small_trilateral();
  for (const auto protocol : {Protocol::amop, Protocol::mopac}) {
    play_checked(tri, {"atlas3", "cuhkagent", "boulware"}, {0, 1}, 200, protocol);
    play_checked(tri, {"atlas3", "atlas3", "atlas3"}, {0, 1, 2}, 200, protocol);
    play_checked(test::small_bilateral({0.3, 0.3}, {0.5, 0.5}), {"cuhkagent", "atlas3"}, {0, 1},
                 200, protocol);
  }
}

// Before lambda the threshold is u_max - (u_max - u_max delta^(1-lambda)) (t/lambda)^alpha with
// lambda = lambda_min + (1 - lambda_min) delta^beta; from lambda on it stays at its floor.
TEST(CuhkAgent, AcceptanceFollowsTheThresholdFormula) {
  const auto s = test::small_bilateral({0.0, 0.0}, {0.5, 1.0});
  Driven d(s, 0, "cuhkagent");
  const auto& index = d.view.index();
  const double u_max = index.max_utility(), u_min = index.min_utility();
  const double lambda = 0.08 + 0.92 * std::pow(0.5, 1.5);
  const double u_lambda = std::max(u_min, u_max * std::pow(0.5, 1.0 - lambda));
  d.see(0, 1, index.outcome(0));  // one (bad) opponent offer; no window closes after it
  for (const std::size_t round : {20u, 35u, 60u}) {
    const auto state = d.at(round, 0);
    const double t = state.time;
    const double l = t < lambda ? u_max - (u_max - u_lambda) * std::pow(t / lambda, 2.0) : u_lambda;
    std::size_t accepted = 0;
    for (const auto& o : all_outcomes(*s)) {
      const auto response = d.agent->respond(state, o);
      EXPECT_NE(response, Response::end_negotiation);
      const double u = d.utility(o);
      if (std::abs(u - l) < 1e-12) continue;
      EXPECT_EQ(response == Response::accept, u > l) << "t=" << t << " u=" << u << " l=" << l;
      accepted += response == Response::accept;
    }
    EXPECT_GT(accepted, 0u);
  }
}

// The non-exploitation point: a concessive opponent (always new bids) postpones lambda, so the
// agent keeps exploiting it; against a hardliner (one bid, repeated) it goes on conceding. (The
// published direction: "the more concessive the opponent, the later lambda".)
TEST(CuhkAgent, ExploitsAConcedingOpponentLongerThanAHardliner) {
  const auto s = thousand_bilateral(0.5);
  Driven conceding(s, 0, "cuhkagent"), hard(s, 0, "cuhkagent");
  // Bids worth little to the agent (u < 0.4): new ones each round, or the same one.
  std::vector<Outcome> poor;
  for (const auto& o : all_outcomes(*s))
    if (conceding.utility(o) < 0.4) poor.push_back(o);
  ASSERT_GE(poor.size(), 40u);
  for (std::size_t round = 0; round < 35; ++round) {
    Outcome mine;
    conceding.agent->propose(conceding.at(round, 0), mine);
    hard.agent->propose(hard.at(round, 0), mine);
    conceding.see(round, 1, poor[round]);
    hard.see(round, 1, poor[0]);
  }
  Outcome a, b;
  conceding.agent->propose(conceding.at(35, 0), a);
  hard.agent->propose(hard.at(35, 0), b);
  const double ua = conceding.utility(a), ub = hard.utility(b);
  // lambda: about 0.72 against the conceder, about 0.41 against the hardliner, so at t = 0.35
  // the thresholds are about 0.96 and 0.77.
  EXPECT_GT(ua, 0.93);
  EXPECT_LT(ub, 0.82);
  EXPECT_GT(ub, 0.74);
  // An offer between the two thresholds: the hardliner's counterpart takes it, the other not.
  const Outcome middle = conceding.view.index().outcome(conceding.view.index().nearest(0.87));
  const double um = conceding.utility(middle);
  ASSERT_GT(um, 0.83);
  ASSERT_LT(um, 0.92);
  EXPECT_EQ(conceding.agent->respond(conceding.at(35, 0), middle), Response::reject);
  EXPECT_EQ(hard.agent->respond(hard.at(35, 0), middle), Response::accept);
}

// Without a discount lambda = 1: CUHKAgent does not concede before its final phase, where it
// proposes the opponent's best offer.
TEST(CuhkAgent, WithoutDiscountHoldsOutThenOffersTheOpponentsBest) {
  const auto s = thousand_bilateral(1.0);
  Driven d(s, 0, "cuhkagent");
  const auto& index = d.view.index();
  const double u_max = index.max_utility(), range = u_max - index.min_utility();
  const Outcome best_of_theirs = index.outcome(index.nearest(0.45));
  const Outcome other = index.outcome(index.nearest(0.3));
  for (std::size_t round = 0; round < 100; ++round) {
    Outcome mine;
    d.agent->propose(d.at(round, 0), mine);
    EXPECT_GE(d.utility(mine), round < 98 ? u_max - 0.03 * range - 1e-12 : 0.0);
    if (round >= 98) {
      EXPECT_EQ(mine, best_of_theirs) << "final phase: the opponent's best offer";
    }
    d.see(round, 1, round == 10 ? best_of_theirs : other);
    if (round + 1 < 98) {
      EXPECT_EQ(d.agent->respond(d.at(round + 1, 0), best_of_theirs), Response::reject);
    }
  }
  // Its last turn: anything above the reservation value.
  EXPECT_EQ(d.agent->respond(d.at(99, 0), other), Response::accept);
}

// Reservation handling: when delta makes u_max delta^(1-lambda) fall below the reservation
// value, the agent walks away at lambda rather than wait for less.
TEST(CuhkAgent, WalksAwayWhenTheReservationValueBeatsConceding) {
  const auto s = test::small_bilateral({0.6, 0.0}, {0.25, 1.0});
  SessionOptions options;
  options.rounds = 300;
  options.record_trace = true;
  const auto r = negotiate(s, parse_agent_list("cuhkagent,hardliner"), options);
  expect_rational(*s, r, 0, "walk away");
  const double lambda = 0.08 + 0.92 * std::pow(0.25, 1.5);
  ASSERT_EQ(r.reason, EndReason::walk_away);
  EXPECT_EQ(r.trace.back().actor, 0u);
  EXPECT_GE(r.time, lambda);
  EXPECT_LT(r.time, lambda + 0.01);
}

TEST(CuhkModel, HandComputedEstimates) {
  const auto s = test::small_bilateral();
  auto model = agents::make_cuhk_model();
  model->reset(PartyView::of(s, 0, nullptr));
  EXPECT_TRUE(model->empty());
  EXPECT_EQ(model->estimate({0, 0, 0}), 0.0);
  model->update({0, 0, 0}, 0.0);
  model->update({0, 0, 0}, 0.1);  // a repeated bid adds nothing
  model->update({1, 0, 0}, 0.2);
  model->update({1, 0, 2}, 0.3);
  EXPECT_FALSE(model->empty());
  // Distinct bids (0,0,0), (1,0,0), (1,0,2): counts issue 0 {1, 2}, issue 1 {3}, issue 2 {2, _, 1};
  // unchanged between consecutive bids: issue 0 once, issue 1 twice, issue 2 once, so the weights
  // are (2, 3, 2) / 7.
  EXPECT_DOUBLE_EQ(model->estimate({1, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(model->estimate({0, 1, 2}), (2.0 * 0.5 + 2.0 * 0.5) / 7.0);
  EXPECT_DOUBLE_EQ(model->estimate({0, 0, 2}), (2.0 * 0.5 + 3.0 + 2.0 * 0.5) / 7.0);
  EXPECT_DOUBLE_EQ(model->estimate({4, 3, 1}), 0.0);
}

TEST(CuhkModel, LearnsFromTheFirstHundredDistinctBidsOnly) {
  const auto s = thousand_bilateral(1.0);
  auto model = agents::make_cuhk_model();
  model->reset(PartyView::of(s, 1, nullptr));
  const auto outcomes = all_outcomes(*s);
  for (std::size_t k = 0; k < 100; ++k) model->update(outcomes[k * 7], 0.0);
  const double before = model->estimate({3, 5, 7});
  for (std::size_t k = 100; k < 140; ++k) model->update(outcomes[k * 7], 0.0);
  EXPECT_EQ(model->estimate({3, 5, 7}), before);
}

TEST(CuhkModel, CorrelatesWithTheOpponentsUtilityAfterASession) {
  PARLEY_REQUIRE_CORPUS();
  for (const char* folder : {"genius/anac2012/AcquisitionC", "genius/anac2012/CameraA"}) {
    const auto s = corpus(folder);
    for (const char* opponent : {"boulware", "conceder"}) {
      const auto rho = correlations_after_session(s, {"cuhkagent", opponent}, 0);
      ASSERT_EQ(rho.size(), 1u);
      EXPECT_GT(rho[0], 0.5) << folder << " vs " << opponent;
      EXPECT_GT(component_correlation(s, "cuhk", {opponent, "boa(model=cuhk)"}, 1, 0), 0.5)
          << folder << " BOA component vs " << opponent;
    }
  }
}

// ---- Atlas3.

// The lower limit L and the concession function th, computed here from the documented formula.
double atlas3_threshold(double t, double u_max, double r, double delta, double uc, double e) {
  const double s = std::pow(delta, 1.0 - t);
  const double hold = u_max * s, breakdown = r * s;
  double expected;
  if (hold <= uc) {
    expected = uc;
  } else if (uc <= breakdown) {
    expected = breakdown;
  } else {
    const double gain = (hold - uc) / 2.0;
    const double q = (uc - breakdown) / ((uc - breakdown) + gain);
    expected = uc + q * gain;
  }
  const double low = std::max(r, std::min(u_max, expected));
  return low + (u_max - low) * (1.0 - std::pow(t, 1.0 / e));
}

TEST(Atlas3, ConformsOnThreePartyCorpusScenarios) {
  PARLEY_REQUIRE_CORPUS();
  for (const char* folder : {"genius/anac2015/group9-vacation", "genius/anac2015/group2-dinner"}) {
    const auto s = corpus(folder);
    ASSERT_EQ(s->party_count(), 3u);
    for (std::size_t seat = 0; seat < 3; ++seat) {
      std::vector<std::string> agents{"boulware", "conceder", "boulware"};
      agents[seat] = "atlas3";
      const auto r = play_checked(s, agents, {seat});
      EXPECT_TRUE(r.agreement()) << folder << " atlas3 in seat " << seat;
    }
    const auto r = play_checked(s, {"atlas3", "atlas3", "atlas3"}, {0, 1, 2});
    EXPECT_TRUE(r.agreement()) << folder << ": three Atlas3 agents";
    play_checked(s, {"atlas3", "hardliner", "cuhkagent"}, {0, 2});
  }
}

TEST(Atlas3, ConformsBilaterallyAndOnHugeSpaces) {
  PARLEY_REQUIRE_CORPUS();
  for (const char* folder : {"genius/anac2012/AcquisitionC", "genius/anac2012/ItexvsCypressB"}) {
    const auto s = corpus(folder);
    for (const char* opponent : {"boulware", "conceder", "hardliner", "atlas3", "cuhkagent"}) {
      const auto r = play_checked(s, {"atlas3", opponent}, {0});
      play_checked(s, {opponent, "atlas3"}, {1});
      if (std::string(opponent) == "boulware") {
        EXPECT_TRUE(r.agreement()) << folder << ": Atlas3 and boulware should agree";
      }
    }
  }
  play_checked(test::large_bilateral(40), {"atlas3", "boulware"}, {0});
}

// Acceptance: u(offer) >= th(t) = L + (u_max - L)(1 - t^(1/e)), L the expected utility of the end
// game's mixed equilibrium, from the best bid the opponent supports.
TEST(Atlas3, AcceptanceFollowsItsFormula) {
  const auto s = test::small_bilateral({0.3, 0.0}, {0.8, 1.0});
  Driven d(s, 0, "atlas3");
  const auto& index = d.view.index();
  const double u_max = index.max_utility();
  const Outcome theirs = index.outcome(index.nearest(0.5));
  d.see(0, 1, theirs);
  const double uc = d.utility(theirs);
  for (const std::size_t round : {30u, 60u, 95u}) {
    const auto state = d.at(round, 0);
    const double th = atlas3_threshold(state.time, u_max, 0.3, 0.8, uc, 0.2);
    EXPECT_GT(th, uc) << "the lower limit lies above the compromise utility";
    std::size_t accepted = 0;
    for (const auto& o : all_outcomes(*s)) {
      const double u = d.utility(o);
      if (std::abs(u - th) < 1e-12) continue;
      EXPECT_EQ(d.agent->respond(state, o) == Response::accept, u > th && u >= 0.3)
          << "t=" << state.time << " u=" << u << " th=" << th;
      accepted += u > th;
    }
    EXPECT_GT(accepted, 0u);
  }
  // A better supported bid raises the lower limit, so the same offer may now be refused.
  const auto state = d.at(95, 0);
  const Outcome better = index.outcome(index.nearest(0.7));
  const double before = atlas3_threshold(state.time, u_max, 0.3, 0.8, uc, 0.2);
  d.see(1, 1, better);
  const double after = atlas3_threshold(state.time, u_max, 0.3, 0.8, d.utility(better), 0.2);
  EXPECT_GT(after, before + 0.02);
  for (const auto& o : all_outcomes(*s)) {
    const double u = d.utility(o);
    if (u <= before + 1e-9 || u >= after - 1e-9) continue;
    EXPECT_EQ(d.agent->respond(state, o), Response::reject) << u;
  }
}

// Final phase: the bids the opponents supported, best first, then on the last turn any offer
// above the reservation value.
TEST(Atlas3, FinalPhaseOffersTheSupportedBidsBestFirst) {
  const auto s = test::small_bilateral({0.25, 0.0});
  Driven d(s, 0, "atlas3");
  const auto& index = d.view.index();
  const Outcome b1 = index.outcome(index.nearest(0.3));
  const Outcome b2 = index.outcome(index.nearest(0.5));
  const Outcome b3 = index.outcome(index.nearest(0.45));
  ASSERT_GT(d.utility(b2), d.utility(b3));
  ASSERT_GT(d.utility(b3), d.utility(b1));
  d.see(0, 1, b1);
  d.see(1, 1, b2);
  d.see(2, 1, b3);
  Outcome mine;
  d.agent->propose(d.at(96, 0), mine);
  EXPECT_GT(d.utility(mine), d.utility(b2)) << "not yet the final phase";
  d.agent->propose(d.at(97, 0), mine);
  EXPECT_EQ(mine, b2);
  // Its next bid would be b3: an offer as good is accepted, a worse one not (yet).
  EXPECT_EQ(d.agent->respond(d.at(98, 0), b3), Response::accept);
  EXPECT_EQ(d.agent->respond(d.at(98, 0), b1), Response::reject);
  d.agent->propose(d.at(98, 0), mine);
  EXPECT_EQ(mine, b3);
  d.agent->propose(d.at(99, 0), mine);
  EXPECT_EQ(mine, b1);
  EXPECT_EQ(d.agent->respond(d.at(99, 0), b1), Response::accept) << "its last turn";
  const Outcome worst = index.outcome(0);
  ASSERT_LT(d.utility(worst), 0.25);
  EXPECT_EQ(d.agent->respond(d.at(99, 0), worst), Response::reject)
      << "never below the reservation value";
}

// Multilateral support: a bid offered by one opponent and accepted by the other ranks before a
// better bid only one of them supported, and sets the compromise utility.
TEST(Atlas3, PrefersBidsEveryOpponentSupported) {
  const auto s = test::small_trilateral();  // reservation values 0.2
  Driven d(s, 0, "atlas3");
  const auto& index = d.view.index();
  const Outcome shared = index.outcome(index.nearest(0.45));
  const Outcome alone = index.outcome(index.nearest(0.6));
  ASSERT_GT(d.utility(alone), d.utility(shared));
  d.see(0, 1, shared);
  d.see(0, 2, shared, ObservedAction::Kind::accept);
  d.see(1, 1, alone);
  Outcome mine;
  d.agent->propose(d.at(97, 0), mine);
  EXPECT_EQ(mine, shared);
  d.agent->propose(d.at(98, 0), mine);
  EXPECT_EQ(mine, alone);
  // The threshold's lower limit comes from the shared bid (u_c), not from the better one.
  const auto state = d.at(60, 0);
  const double th =
      atlas3_threshold(state.time, index.max_utility(), 0.2, 1.0, d.utility(shared), 0.2);
  for (const auto& o : all_outcomes(*s)) {
    const double u = d.utility(o);
    if (std::abs(u - th) < 1e-12) continue;
    EXPECT_EQ(d.agent->respond(state, o) == Response::accept, u > th) << u << " th=" << th;
  }
}

TEST(Atlas3Model, HandComputedEstimates) {
  const auto s = test::small_bilateral();
  auto model = agents::make_atlas3_model();
  model->reset(PartyView::of(s, 0, nullptr));
  EXPECT_TRUE(model->empty());
  EXPECT_EQ(model->estimate({0, 0, 0}), 0.0);
  model->update({0, 0, 0}, 0.0);
  model->update({0, 0, 0}, 0.1);
  model->update({1, 0, 2}, 0.2);
  // Three supported bids: issue 0 {2, 1}, issue 1 {3}, issue 2 {2, _, 1}; the mean over issues of
  // the share of the bids holding the value.
  EXPECT_DOUBLE_EQ(model->estimate({0, 0, 0}), (2.0 + 3.0 + 2.0) / 9.0);
  EXPECT_DOUBLE_EQ(model->estimate({1, 1, 2}), (1.0 + 0.0 + 1.0) / 9.0);
  EXPECT_DOUBLE_EQ(model->estimate({4, 3, 1}), 0.0);
}

// A frequency model assumes the party insists on the values it cares about: true of the
// boulware parties here (a fast conceder's late offers mislead it, see docs).
TEST(Atlas3Model, CorrelatesWithTheOpponentsUtilitiesAfterASession) {
  PARLEY_REQUIRE_CORPUS();
  for (const char* folder : {"genius/anac2015/group9-vacation", "genius/anac2015/group2-dinner"}) {
    const auto s = corpus(folder);
    const auto rho = correlations_after_session(s, {"atlas3", "boulware", "boulware"}, 0);
    ASSERT_EQ(rho.size(), 2u);
    EXPECT_GT(rho[0], 0.5) << folder << ": model of seat 1";
    EXPECT_GT(rho[1], 0.5) << folder << ": model of seat 2";
  }
  const auto bilateral = corpus("genius/anac2012/AcquisitionC");
  EXPECT_GT(correlations_after_session(bilateral, {"atlas3", "linear"}, 0)[0], 0.5);
  EXPECT_GT(component_correlation(bilateral, "atlas3", {"boa(model=atlas3)", "boulware"}, 0, 1),
            0.5);
}

}  // namespace
}  // namespace parley
