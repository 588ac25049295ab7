// Single-text mediation and post-settlement improvement.
#include <gtest/gtest.h>

#include <algorithm>

#include "negotiate_fixtures.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/negotiate/mediation.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

TEST(Mediation, HillClimbingNeverMakesAnyPartyWorseOff) {
  const auto s = test::small_trilateral();
  MediationOptions options;
  options.seed = 11;
  Mediator mediator(s, options);
  std::vector<PartyView> views;
  for (std::size_t p = 0; p < 3; ++p) views.push_back(PartyView::of(s, p, nullptr));
  auto utilities = s->utilities(mediator.draft());
  std::size_t kept = 0;
  for (int step = 0; step < 300; ++step) {
    const Outcome proposal = mediator.propose();
    // Exactly one issue changes.
    std::size_t changed = 0;
    for (std::size_t i = 0; i < proposal.size(); ++i) changed += proposal[i] != mediator.draft()[i];
    EXPECT_EQ(changed, 1u);
    for (std::size_t p = 0; p < 3; ++p)
      mediator.record_vote(
          p, vote_hill_climbing(views[p], mediator.draft(), proposal, mediator.protected_level(p)));
    const auto result = mediator.conclude();
    const auto now = s->utilities(mediator.draft());
    for (std::size_t p = 0; p < 3; ++p) EXPECT_GE(now[p], utilities[p]);
    if (result.kept) {
      ++kept;
      EXPECT_EQ(mediator.draft(), proposal);
    }
    utilities = now;
  }
  EXPECT_EQ(mediator.changes_kept(), kept);
  EXPECT_GT(kept, 0u);
}

TEST(Mediation, VetoRuleKeepsEveryPartyAtOrAboveItsProtectedLevel) {
  const auto s = test::small_trilateral();
  MediationOptions options;
  options.rule = MediationRule::veto;
  options.steps = 500;
  options.seed = 4;
  const auto result = mediate(s, options);
  Mediator reference(s, options);
  for (std::size_t p = 0; p < 3; ++p) EXPECT_GE(result.utilities[p], reference.protected_level(p));
  EXPECT_EQ(result.steps, 500u);
  // Determinism.
  EXPECT_EQ(mediate(s, options).draft, result.draft);
}

TEST(Mediation, HandWorkedVotes) {
  // Two parties, one issue of 3 values: A prefers high values, B low ones; draft at value 0.
  const auto s = test::make_linear_scenario({3}, {{1.0}, {1.0}}, {{{1, 2, 3}}, {{3, 2, 1}}});
  Mediator unanimous(s, {});
  unanimous.propose();
  unanimous.record_vote(0, Vote::accept);
  unanimous.record_vote(1, Vote::reject);
  EXPECT_FALSE(unanimous.conclude().kept);
  EXPECT_EQ(unanimous.draft(), Outcome{0});

  MediationOptions veto;
  veto.rule = MediationRule::veto;
  Mediator majority(s, veto);
  const auto proposal = majority.propose();
  majority.record_vote(0, Vote::accept);
  majority.record_vote(1, Vote::reject);
  EXPECT_TRUE(majority.conclude().kept) << "one accept against one reject, no veto";
  EXPECT_EQ(majority.draft(), proposal);
  majority.propose();
  majority.record_vote(0, Vote::accept);
  majority.record_vote(1, Vote::veto);
  EXPECT_FALSE(majority.conclude().kept);

  // B's protected level is its utility for the starting draft (1.0): any change is a veto.
  const auto view_b = PartyView::of(s, 1, nullptr);
  EXPECT_EQ(vote_hill_climbing(view_b, {0}, {1}, majority.protected_level(1)), Vote::veto);
  const auto view_a = PartyView::of(s, 0, nullptr);
  EXPECT_EQ(vote_hill_climbing(view_a, {0}, {2}, majority.protected_level(0)), Vote::accept);
}

TEST(Mediation, StepProtocolIsEnforced) {
  const auto s = test::small_bilateral();
  Mediator m(s, {});
  EXPECT_THROW(m.record_vote(0, Vote::accept), UnsupportedError);
  EXPECT_THROW(m.conclude(), UnsupportedError);
  m.propose();
  m.record_vote(0, Vote::accept);
  EXPECT_THROW(m.conclude(), UnsupportedError);  // B has not voted
  EXPECT_THROW(m.record_vote(5, Vote::accept), InputError);
  MediationOptions bad;
  bad.initial_draft = Outcome{9, 9, 9};
  EXPECT_THROW(Mediator(s, bad), InputError);
}

// Frontier of a small scenario by brute force (so the test does not depend on the solver).
Frontier brute_force_frontier(const Scenario& s) {
  std::vector<Package> all;
  Outcome o(s.issue_count(), 0);
  do all.push_back({o, s.utilities(o)});
  while (s.space().next(o));
  Frontier f;
  for (const auto& a : all) {
    bool dominated = false;
    for (const auto& b : all) {
      bool ge = true, gt = false;
      for (std::size_t j = 0; j < a.utilities.size(); ++j) {
        ge = ge && b.utilities[j] >= a.utilities[j];
        gt = gt || b.utilities[j] > a.utilities[j];
      }
      dominated = dominated || (ge && gt);
    }
    if (!dominated) f.packages.push_back(a);
  }
  return f;
}

TEST(PostSettlement, ImprovementsAreWeakParetoImprovements) {
  const auto s = test::small_bilateral();
  const auto frontier = brute_force_frontier(*s);
  // A poor compromise: the middle of every issue.
  const Outcome agreement{2, 1, 1};
  const auto base = s->utilities(agreement);
  const auto improvements = post_settlement_improvements(*s, agreement, frontier);
  ASSERT_FALSE(improvements.empty());
  double previous = INFINITY;
  for (const auto k : improvements) {
    const auto& u = frontier.packages[k].utilities;
    // Nobody worse off, somebody better (here both are: no frontier point ties the agreement).
    EXPECT_GE(u[0], base[0] - 1e-9);
    EXPECT_GE(u[1], base[1] - 1e-9);
    EXPECT_TRUE(u[0] > base[0] + 1e-9 || u[1] > base[1] + 1e-9);
    const double product = std::max(0.0, u[0] - base[0]) * std::max(0.0, u[1] - base[1]);
    EXPECT_LE(product, previous);
    previous = product;
  }
  // Brute force count of frontier points at least as good for both and better for one.
  std::size_t expected = 0;
  for (const auto& p : frontier.packages)
    expected += p.utilities[0] >= base[0] - 1e-9 && p.utilities[1] >= base[1] - 1e-9 &&
                (p.utilities[0] > base[0] + 1e-9 || p.utilities[1] > base[1] + 1e-9);
  EXPECT_EQ(improvements.size(), expected);
  // A frontier package has none.
  EXPECT_TRUE(
      post_settlement_improvements(*s, frontier.packages.front().outcome, frontier).empty());
}

TEST(Assessment, DistancesToFrontierAndSolutions) {
  const auto s = test::small_bilateral();
  const auto frontier = brute_force_frontier(*s);
  const auto on = assess_outcome(frontier.packages[0].utilities, frontier, {});
  EXPECT_TRUE(on.pareto_optimal);
  EXPECT_EQ(on.distance_to_frontier, 0.0);
  EXPECT_FALSE(on.distance_to_nash);
  Solution nash;
  nash.kind = SolutionKind::nash;
  nash.utilities = {0.6, 0.8};
  const auto off = assess_outcome({0.3, 0.4}, frontier, {nash});
  EXPECT_FALSE(off.pareto_optimal);
  EXPECT_GT(off.distance_to_frontier, 0.0);
  EXPECT_DOUBLE_EQ(*off.distance_to_nash, 0.5);  // a 3-4-5 triangle
}

}  // namespace
}  // namespace parley
