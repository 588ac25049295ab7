// The Bayesian opponent models (src/negotiate/agents/party_models.cpp, Hindriks & Tykhonov 2008):
// the exact posterior of a hand-enumerated hypothesis space, learning from a scripted concession
// of a known linear-additive opponent (the Pearson correlation with its true utility clearly above
// the untrained model's), determinism, bounded work on 10^12-outcome spaces (12 issues: 12!
// rankings; two integer issues of a million values), and the registry rows in BOA sessions.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "negotiate/agents/library.hpp"
#include "negotiate_fixtures.hpp"
#include "parley/negotiate/model_quality.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

using agents::PartyModel;
using Offers = std::vector<std::pair<Outcome, double>>;  // (offer, normalised time)

struct Kind {
  const char* name;
  std::function<std::unique_ptr<PartyModel>()> make;
};
const std::vector<Kind>& kinds() {
  static const std::vector<Kind> all{{"bayesian", agents::make_bayesian_model},
                                     {"scalable_bayesian", agents::make_scalable_bayesian_model}};
  return all;
}

// A scripted opponent conceding linearly: at time k/count it offers a package whose utility for
// `party` is within 3% of its range of max - concession * t * range, cycling through such
// packages (the nearest one when none is), among all packages or a fixed sample of 20,000.
Offers scripted_concession(const Scenario& s, std::size_t party, std::size_t count,
                           double concession) {
  const auto pool = test::sample_outcomes(s, 20'000);
  std::vector<double> u;
  for (const auto& o : pool) u.push_back(s.utility(party, o));
  const double high = *std::max_element(u.begin(), u.end());
  const double low = *std::min_element(u.begin(), u.end());
  Offers offers;
  for (std::size_t k = 0; k < count; ++k) {
    const double t = static_cast<double>(k) / static_cast<double>(count);
    const double target = high - concession * t * (high - low);
    std::vector<std::size_t> near;
    std::size_t nearest = 0;
    for (std::size_t j = 0; j < pool.size(); ++j) {
      if (std::abs(u[j] - target) <= 0.03 * (high - low)) near.push_back(j);
      if (std::abs(u[j] - target) < std::abs(u[nearest] - target)) nearest = j;
    }
    offers.emplace_back(pool[near.empty() ? nearest : near[k % near.size()]], t);
  }
  return offers;
}

ModelQuality quality(const Scenario& s, const PartyModel& model) {
  return measure_model_quality(s, 0, 1, [&](const Outcome& o) { return model.estimate(o); });
}

void expect_estimates_in_unit_range(const Scenario& s, const PartyModel& model) {
  for (const auto& o : test::sample_outcomes(s, 5'000)) {
    const double e = model.estimate(o);
    ASSERT_GE(e, 0.0);
    ASSERT_LE(e, 1.0);
  }
}

// Trains a fresh model of party 1 (seen by party 0) and checks it learnt.
void expect_learns(const ScenarioPtr& s, const Kind& kind, const Offers& offers, double min_pearson,
                   double min_gain) {
  SCOPED_TRACE(kind.name);
  auto model = kind.make();
  model->reset(PartyView::of(s, 0, nullptr));
  EXPECT_TRUE(model->empty());
  expect_estimates_in_unit_range(*s, *model);
  const auto untrained = quality(*s, *model);
  for (const auto& [offer, t] : offers) model->update(offer, t);
  EXPECT_FALSE(model->empty());
  expect_estimates_in_unit_range(*s, *model);
  const auto trained = quality(*s, *model);
  EXPECT_GT(trained.pearson, min_pearson);
  EXPECT_GT(trained.pearson, untrained.pearson + min_gain)
      << "untrained " << untrained.pearson << ", trained " << trained.pearson;
  EXPECT_GT(trained.kendall_tau, untrained.kendall_tau + min_gain / 2);
}

// ---- The paper's model, written out for a space small enough to enumerate by hand.

// Issue 0 has 3 values, issue 1 has 2. Hypotheses: 2 rankings (weights 2/3 and 1/3 by
// 2r / (n(n+1))) x 3 shapes of issue 0 (downhill, triangle peaked at the middle, uphill) x 2
// shapes of issue 1 (downhill, uphill) = 12, uniform prior; P(b_t | h) the normal density at
// u_h(b_t) around u'(t) = 1 - 0.2 t with sigma 0.25 (the registry defaults).
double hand_posterior_estimate(const Offers& offers, const Outcome& outcome) {
  const std::vector<std::vector<double>> shapes0{{1, 0.5, 0}, {0, 1, 0}, {0, 0.5, 1}};
  const std::vector<std::vector<double>> shapes1{{1, 0}, {0, 1}};
  const std::vector<std::vector<double>> rankings{{2.0 / 3, 1.0 / 3}, {1.0 / 3, 2.0 / 3}};
  double expected = 0.0, total = 0.0;
  for (const auto& w : rankings)
    for (const auto& e0 : shapes0)
      for (const auto& e1 : shapes1) {
        const auto u = [&](const Outcome& b) { return w[0] * e0[b[0]] + w[1] * e1[b[1]]; };
        double p = 1.0;
        for (const auto& [b, t] : offers) {
          const double d = u(b) - (1.0 - 0.2 * t);
          p *= std::exp(-d * d / (2 * 0.25 * 0.25));
        }
        expected += p * u(outcome);
        total += p;
      }
  return expected / total;
}

TEST(BayesianModel, ExactPosteriorOfAHandEnumeratedSpace) {
  const auto s = test::make_linear_scenario({3, 2}, {{0.5, 0.5}, {0.5, 0.5}},
                                            {{{1, 2, 3}, {1, 2}}, {{3, 2, 1}, {2, 1}}});
  auto model = agents::make_bayesian_model();
  model->reset(PartyView::of(s, 0, nullptr));
  const std::vector<Outcome> all{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}};
  Offers offers;
  for (const auto& o : all)  // the uniform prior's expectation
    EXPECT_NEAR(model->estimate(o), hand_posterior_estimate(offers, o), 1e-12);
  for (const auto& [b, t] : Offers{{{1, 1}, 0.0}, {{1, 0}, 0.3}, {{0, 0}, 0.6}, {{1, 0}, 0.9}}) {
    model->update(b, t);
    offers.emplace_back(b, t);
    for (const auto& o : all)
      EXPECT_NEAR(model->estimate(o), hand_posterior_estimate(offers, o), 1e-12);
  }
  // The opponent opened with the middle value of issue 0: the triangle peaked there now leads.
  EXPECT_GT(model->estimate({1, 0}), model->estimate({0, 0}));
  EXPECT_GT(model->estimate({1, 0}), model->estimate({2, 0}));
}

TEST(BayesianModel, RegistryDefaultsAreThoseOfTheHandComputation) {
  for (const char* name : {"bayesian", "scalable_bayesian"}) {
    const auto spec = default_agent(name, AgentRole::opponent_model);
    EXPECT_EQ(spec.number("sigma"), 0.25) << name;
    EXPECT_EQ(spec.number("concession"), 0.2) << name;
  }
}

// Both models: the value an opponent keeps offering on an issue is estimated best on it.
TEST(BayesianModel, RepeatedValuesAreEstimatedBest) {
  const auto s = test::make_linear_scenario({7, 7}, {{0.5, 0.5}, {0.8, 0.2}},
                                            {{{1, 2, 3, 4, 5, 6, 7}, {1, 2, 3, 4, 5, 6, 7}},
                                             {{1, 3, 5, 7, 5, 3, 1}, {7, 6, 5, 4, 3, 2, 1}}});
  for (const auto& kind : kinds()) {
    SCOPED_TRACE(kind.name);
    auto model = kind.make();
    model->reset(PartyView::of(s, 0, nullptr));
    for (int k = 0; k < 20; ++k)
      model->update({3, static_cast<ValueIndex>(k % 3)}, k / 40.0);  // value 3 of issue 0 always
    for (ValueIndex v = 0; v < 7; ++v) {
      if (v == 3) continue;
      EXPECT_GT(model->estimate({3, 0}), model->estimate({v, 0})) << v;
    }
  }
}

TEST(BayesianModel, LearnsAScriptedConcessionOnASmallScenario) {
  const auto s = test::small_bilateral();  // 60 packages: the bayesian space is enumerated
  const auto offers = scripted_concession(*s, 1, 40, 0.5);
  for (const auto& kind : kinds()) expect_learns(s, kind, offers, 0.9, 0.5);
}

TEST(BayesianModel, LearnsAScriptedConcessionOnCorpusScenarios) {
  if (!test::have_corpus()) GTEST_SKIP() << "corpus absent: " << test::corpus_dir();
  Warnings warnings;
  // ItexvsCypress: 4 issues, 4! x 180 joint hypotheses, more than bayesian keeps (local search).
  // Energy: 8 issues of 5 values (8! rankings).
  for (const char* folder : {"genius/anac2010/ItexvsCypress", "genius/anac2011/Energy"}) {
    SCOPED_TRACE(folder);
    const auto s = test::load_corpus_folder(folder, warnings);
    const auto offers = scripted_concession(*s, 1, 100, 0.4);
    for (const auto& kind : kinds()) expect_learns(s, kind, offers, 0.85, 0.3);
  }
}

// Every estimate of the whole space, after the offers.
std::vector<double> estimates_after(const Kind& kind, const ScenarioPtr& s, const Offers& offers,
                                    PartyModel* reuse = nullptr) {
  std::unique_ptr<PartyModel> fresh;
  PartyModel* model = reuse;
  if (!model) {
    fresh = kind.make();
    model = fresh.get();
  }
  model->reset(PartyView::of(s, 0, nullptr));
  for (const auto& [offer, t] : offers) model->update(offer, t);
  std::vector<double> out;
  for (const auto& o : test::sample_outcomes(*s, 3'000)) out.push_back(model->estimate(o));
  return out;
}

// 12 issues of 10 values: 10^12 packages, 12! rankings.
ScenarioPtr twelve_issues() {
  std::vector<std::uint32_t> cards(12, 10);
  std::vector<std::vector<double>> weights(2);
  std::vector<std::vector<std::vector<double>>> scores(2);
  for (std::size_t i = 0; i < 12; ++i) {
    weights[0].push_back(1.0 + static_cast<double>(i % 4));
    weights[1].push_back(1.0 + static_cast<double>((i * 5) % 12));
    std::vector<double> a, b;
    for (int v = 0; v < 10; ++v) {
      a.push_back(1.0 + v);
      // the opponent: decreasing, increasing or peaked, by issue
      b.push_back(i % 3 == 0 ? 10.0 - v : i % 3 == 1 ? 1.0 + v : 10.0 - std::abs(v - 4) * 2.0);
    }
    scores[0].push_back(a);
    scores[1].push_back(b);
  }
  for (auto& w : weights) {
    double total = 0;
    for (const double x : w) total += x;
    for (double& x : w) x /= total;
  }
  return test::make_linear_scenario(cards, weights, scores);
}

// Two integer issues of a million values each (10^12 packages), valued linearly.
ScenarioPtr million_value_issues() {
  std::vector<Issue> issues{Issue::integer("price", 0, 999'999),
                            Issue::integer("volume", 0, 999'999)};
  std::vector<Party> parties(2);
  const double step = 1.0 / 999'999.0;
  parties[0].name = "buyer";
  parties[0].utility = std::make_shared<LinearAdditiveUtility>(
      issues, std::vector<double>{0.6, 0.4},
      std::vector<ValueFunction>{ValueFunction::make_linear(-step, 1.0, 0.0, true),
                                 ValueFunction::make_linear(step, 0.0, 0.0, true)});
  parties[1].name = "seller";
  parties[1].utility = std::make_shared<LinearAdditiveUtility>(
      issues, std::vector<double>{0.7, 0.3},
      std::vector<ValueFunction>{ValueFunction::make_linear(step, 0.0, 0.0, true),
                                 ValueFunction::make_linear(-step, 1.0, 0.0, true)});
  return std::make_shared<const Scenario>("million", issues, parties);
}

TEST(BayesianModel, Deterministic) {
  const auto s = twelve_issues();  // the bayesian model's bounded, searched hypothesis set
  const auto offers = scripted_concession(*s, 1, 60, 0.4);
  for (const auto& kind : kinds()) {
    SCOPED_TRACE(kind.name);
    const auto first = estimates_after(kind, s, offers);
    EXPECT_EQ(first, estimates_after(kind, s, offers));  // bit for bit
    // reset() forgets everything: a used model trained again gives the same estimates.
    auto used = kind.make();
    const auto other = test::small_bilateral();
    estimates_after(kind, other, scripted_concession(*other, 1, 30, 0.5), used.get());
    EXPECT_EQ(first, estimates_after(kind, s, offers, used.get()));
  }
}

TEST(BayesianModel, BoundedAndLearningOnTrillionOutcomeSpaces) {
  for (const auto& s : {twelve_issues(), million_value_issues(), test::large_bilateral(40)}) {
    SCOPED_TRACE(s->name() + " " + s->space().size_text());
    ASSERT_GE(s->space().log10_size(), 12.0);
    const auto offers = scripted_concession(*s, 1, 300, 0.4);
    for (const auto& kind : kinds()) {
      SCOPED_TRACE(kind.name);
      auto model = kind.make();
      model->reset(PartyView::of(s, 0, nullptr));
      const auto untrained = quality(*s, *model);
      // About 20 microseconds an update (docs/performance.md, "Agents per round").
      for (const auto& [offer, t] : offers) model->update(offer, t);
      expect_estimates_in_unit_range(*s, *model);
      const auto trained = quality(*s, *model);  // on a sample of 100,000 packages
      EXPECT_FALSE(trained.exact);
      EXPECT_GT(trained.pearson, 0.7);
      EXPECT_GT(trained.pearson, untrained.pearson + 0.3)
          << "untrained " << untrained.pearson << ", trained " << trained.pearson;
    }
  }
}

// A long session (a time limit without a round limit): 8,000 offers of 12 issues. The bayesian
// search stops once rescoring a neighbour on every offer would pass its limit (5,461 offers
// here), so the later offers cost no more than the earlier ones.
TEST(BayesianModel, LongSessionsStayBounded) {
  const auto s = twelve_issues();
  const auto offers = scripted_concession(*s, 1, 200, 0.4);
  for (const auto& kind : kinds()) {
    SCOPED_TRACE(kind.name);
    auto model = kind.make();
    model->reset(PartyView::of(s, 0, nullptr));
    for (std::size_t k = 0; k < 8'000; ++k)
      model->update(offers[k % offers.size()].first, k / 8'000.0);
    expect_estimates_in_unit_range(*s, *model);
    EXPECT_GT(quality(*s, *model).pearson, 0.7);
  }
}

TEST(BayesianModel, RowsBuildBoaComponentsThatNegotiate) {
  for (const char* name : {"bayesian", "scalable_bayesian"}) {
    SCOPED_TRACE(name);
    const auto spec =
        parse_agent(std::string(name) + "(sigma=0.3,concession=0.1)", AgentRole::opponent_model);
    EXPECT_EQ(spec.number("sigma"), 0.3);
    auto models = agents::make_opponent_model(spec);
    ASSERT_TRUE(models);
    const auto s = test::small_bilateral();
    models->reset(PartyView::of(s, 0, nullptr));
    EXPECT_TRUE(models->empty());
    EXPECT_EQ(models->model(0), nullptr);  // no model of its own seat
    const Outcome offer{4, 3, 2};
    ObservedAction action;
    action.actor = 1;
    action.offer = &offer;
    models->observe(action);
    EXPECT_FALSE(models->empty());
    const double e = models->model(1)->estimate(offer);
    EXPECT_GE(e, 0.0);
    EXPECT_LE(e, 1.0);
  }
  const auto s = test::have_corpus() ? [] {
    Warnings warnings;
    return test::load_corpus_folder("genius/anac2010/ItexvsCypress", warnings);
  }()
                                     : test::small_bilateral();
  SessionOptions options;
  options.rounds = 200;
  options.record_trace = true;
  options.seed = 5;
  for (const char* model : {"bayesian", "scalable_bayesian"}) {
    SCOPED_TRACE(model);
    const std::vector<AgentSpec> pair{parse_agent(std::string("boa(model=") + model + ")"),
                                      parse_agent("boulware")};
    const auto r = negotiate(s, pair, options);
    EXPECT_TRUE(r.agreement());
    const auto again = negotiate(s, pair, options);
    const std::vector<std::string> labels{to_string(pair[0]), to_string(pair[1])};
    EXPECT_EQ(trace_text(*s, labels, options, r), trace_text(*s, labels, options, again));
  }
  // Multilateral: each BOA agent keeps one model per other party.
  const auto trio = parse_agent_list(
      "boa(model=bayesian),boa(model=scalable_bayesian),boa(model=bayesian(sigma=0.4))");
  options.rounds = 60;
  const auto r = negotiate(test::small_trilateral(), trio, options);
  EXPECT_FALSE(r.trace.empty());
  EXPECT_EQ(trace_text(*test::small_trilateral(), {"a", "b", "c"}, options, r),
            trace_text(*test::small_trilateral(), {"a", "b", "c"}, options,
                       negotiate(test::small_trilateral(), trio, options)));
}

}  // namespace
}  // namespace parley
