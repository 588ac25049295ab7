// Offer indexes: nearest-utility search against a brute-force scan of the space.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "negotiate_fixtures.hpp"
#include "parley/negotiate/negotiator.hpp"

namespace parley {
namespace {

// Brute force: the outcome minimising |u - target|, ties to the higher utility, then the
// smallest mixed-radix index.
Outcome brute_force_nearest(const Scenario& s, std::size_t party, double target) {
  Outcome o(s.issue_count(), 0), best;
  double best_gap = INFINITY, best_u = -INFINITY;
  do {
    const double u = s.utility(party, o), gap = std::abs(u - target);
    if (gap < best_gap || (gap == best_gap && u > best_u)) {
      best_gap = gap;
      best_u = u;
      best = o;
    }
  } while (s.space().next(o));
  return best;
}

TEST(OfferIndex, EnumeratedIndexMatchesBruteForce) {
  const auto s = test::small_bilateral();
  for (std::size_t party = 0; party < 2; ++party) {
    const auto index = OfferIndex::build(*s, party);
    ASSERT_EQ(index->method(), OfferIndex::Method::enumeration);
    ASSERT_EQ(index->size(), 60u);
    for (std::size_t k = 1; k < index->size(); ++k)
      ASSERT_LE(index->utility(k - 1), index->utility(k));
    for (int step = -5; step <= 105; ++step) {
      const double target = step / 100.0;
      EXPECT_EQ(index->outcome(index->nearest(target)), brute_force_nearest(*s, party, target))
          << "party " << party << " target " << target;
    }
    EXPECT_DOUBLE_EQ(index->max_utility(), 1.0);
    EXPECT_EQ(index->outcome(index->best_entry()), brute_force_nearest(*s, party, 2.0));
  }
}

TEST(OfferIndex, RangeHoldsExactlyTheEntriesInTheBand) {
  const auto s = test::small_bilateral();
  const auto index = OfferIndex::build(*s, 0);
  const auto [first, last] = index->range(0.4, 0.6);
  std::size_t expected = 0;
  Outcome o(3, 0);
  do {
    const double u = s->utility(0, o);
    expected += u >= 0.4 && u <= 0.6;
  } while (s->space().next(o));
  EXPECT_EQ(last - first, expected);
}

TEST(OfferIndex, LargeLinearSpaceGetsAGreedyCatalogue) {
  const auto s = test::large_bilateral(40);
  ASSERT_GT(s->space().log10_size(), 30.0);
  const auto index = OfferIndex::build(*s, 0);
  EXPECT_EQ(index->method(), OfferIndex::Method::greedy_catalogue);
  const auto* linear = s->party(0).utility->as_linear_additive();
  EXPECT_NEAR(index->max_utility(), linear->max_utility(), 1e-12);
  EXPECT_NEAR(index->min_utility(), linear->min_utility(), 1e-12);
  // Every catalogue entry's stored utility is the utility of its package.
  for (std::size_t k = 0; k < index->size(); k += 37)
    EXPECT_NEAR(index->utility(k), s->utility(0, index->outcome(k)), 1e-12);
  // Dense enough: any target within 1/1000 of the range of some entry.
  const double span = index->max_utility() - index->min_utility();
  for (int step = 0; step <= 100; ++step) {
    const double target = index->min_utility() + span * step / 100.0;
    EXPECT_LT(std::abs(index->utility(index->nearest(target)) - target), span / 1000.0) << target;
  }
}

// --- Large numeric issues (issue 13) ---------------------------------------------------------

// Two parties over an integer issue of `values` values (opposite functions `f0`, `f1`) and a
// 3-option issue; utilities tabulated up to `tabulate_up_to` values.
ScenarioPtr numeric_scenario(
    std::uint32_t values, const ValueFunction& f0, const ValueFunction& f1,
    std::uint32_t tabulate_up_to = LinearAdditiveUtility::tabulation_limit) {
  const std::vector<Issue> issues{Issue::integer("amount", 0, values - 1),
                                  Issue::categorical("extra", {{"a", ""}, {"b", ""}, {"c", ""}})};
  std::vector<Party> parties(2);
  parties[0].name = "buyer";
  parties[0].utility = std::make_shared<LinearAdditiveUtility>(
      issues, std::vector<double>{0.7, 0.3},
      std::vector<ValueFunction>{f0, ValueFunction::from_scores({10, 5, 0})}, tabulate_up_to);
  parties[1].name = "seller";
  parties[1].utility = std::make_shared<LinearAdditiveUtility>(
      issues, std::vector<double>{0.6, 0.4},
      std::vector<ValueFunction>{f1, ValueFunction::from_scores({0, 5, 10})}, tabulate_up_to);
  return std::make_shared<const Scenario>("numeric", issues, parties);
}

ScenarioPtr linear_numeric_scenario(std::uint32_t values) {
  const double slope = 1.0 / (values - 1);
  return numeric_scenario(values, ValueFunction::make_linear(-slope, 1.0, 0.0, false),
                          ValueFunction::make_linear(slope, 0.0, 0.0, false));
}

TEST(OfferIndex, LazyIndexIsFilledOnFirstUseAndStatesItsMemory) {
  const auto s = test::small_bilateral();
  const auto index = OfferIndex::lazy(*s, 0);
  EXPECT_FALSE(index->filled());
  EXPECT_EQ(index->memory_bytes(), 0u);
  EXPECT_EQ(index->method(), OfferIndex::Method::enumeration);
  EXPECT_EQ(index->size(), 60u);
  EXPECT_TRUE(index->filled());
  // 4 bytes of outcome index and 8 of utility per outcome, 5 bytes per band of about 8
  // outcomes (7 bands: 8 start offsets of 4 bytes, 7 flags).
  EXPECT_EQ(index->memory_bytes(), 60u * 12 + 8 * 4 + 7);
  // Same entries as an index filled at once.
  const auto eager = OfferIndex::build(*s, 0);
  for (std::size_t k = 0; k < 60; ++k) {
    EXPECT_EQ(index->utility(k), eager->utility(k));
    EXPECT_EQ(index->outcome(k), eager->outcome(k));
  }
  OfferIndexCache cache;
  EXPECT_FALSE(cache.get(s, 1)->filled());
}

// 5 M values x 3 options: too many to enumerate; the catalogue is built without scanning every
// value. Each entry's stored utility is the utility of its package, and each of the catalogue's
// evenly spaced targets is met within 1e-6 (one value of the big issue moves the utility by
// 0.7 / 5e6 = 1.4e-7). From the best package alone, single swaps stall just below a level of the
// 3-option issue (targets in (0.225, 0.3) for the buyer stayed at 0.3); the walk from the worst
// package reaches them.
TEST(OfferIndex, CatalogueOfAFiveMillionValueIssue) {
  const std::uint32_t values = 5'000'000;
  const auto s = linear_numeric_scenario(values);
  ASSERT_FALSE(s->party(0).utility->as_linear_additive()->tabulated(0));
  for (std::size_t party = 0; party < 2; ++party) {
    OfferIndexOptions options;
    const auto index = OfferIndex::build(*s, party, options);
    ASSERT_EQ(index->method(), OfferIndex::Method::greedy_catalogue);
    const auto* linear = s->party(party).utility->as_linear_additive();
    EXPECT_EQ(index->max_utility(), linear->max_utility());
    EXPECT_EQ(index->min_utility(), linear->min_utility());
    for (std::size_t k = 0; k < index->size(); ++k)
      ASSERT_EQ(index->utility(k), s->utility(party, index->outcome(k))) << k;
    const double high = linear->max_utility(), low = linear->min_utility();
    const std::uint32_t targets = options.catalogue_targets;
    for (std::uint32_t k = 0; k < targets; ++k) {
      const double target = high - (high - low) * k / (targets - 1);
      ASSERT_LE(std::abs(index->utility(index->nearest(target)) - target), 1e-6) << target;
    }
    // At most 2 x targets packages: 8 bytes of utility, 4 of row and 4 per issue value each,
    // plus one band (two 4-byte offsets and a flag).
    EXPECT_LE(index->memory_bytes(), 2 * targets * (12u + 4u * 2u) + 9u);
  }
}

// Reference greedy: the old full scan of every value of every issue at each step, with the
// catalogue's rules (from the best and from the worst package; closest swap by more than 1e-15;
// ties to the first issue, then the smallest value index).
std::vector<std::pair<double, Outcome>> reference_catalogue(const LinearAdditiveUtility& u,
                                                            const OutcomeSpace& space,
                                                            std::uint32_t targets) {
  const auto& cards = space.cardinalities();
  const std::size_t issues = cards.size();
  Outcome best(issues), worst(issues);
  for (std::size_t i = 0; i < issues; ++i) {
    for (ValueIndex v = 0; v < cards[i]; ++v) {
      if (u.contribution(i, v) > u.contribution(i, best[i])) best[i] = v;
      if (u.contribution(i, v) < u.contribution(i, worst[i])) worst[i] = v;
    }
  }
  std::vector<std::pair<double, Outcome>> rows{{u.utility(best), best}, {u.utility(worst), worst}};
  const double high = u.utility(best), low = u.utility(worst);
  for (std::uint32_t k = 1; k + 1 < targets; ++k) {
    const double target = high - (high - low) * k / (targets - 1);
    for (const Outcome& start : {best, worst}) {
      Outcome current = start;
      double value = u.utility(current);
      for (std::size_t step = 0; step < 4 * issues + 4; ++step) {
        double best_gap = std::abs(value - target);
        std::size_t best_issue = issues;
        ValueIndex best_value = 0;
        for (std::size_t i = 0; i < issues; ++i) {
          const double base = value - u.contribution(i, current[i]);
          double issue_gap = INFINITY;
          ValueIndex issue_value = 0;
          for (ValueIndex v = 0; v < cards[i]; ++v) {
            const double gap = std::abs(base + u.contribution(i, v) - target);
            if (gap < issue_gap) {
              issue_gap = gap;
              issue_value = v;
            }
          }
          if (issue_gap < best_gap - 1e-15) {
            best_gap = issue_gap;
            best_issue = i;
            best_value = issue_value;
          }
        }
        if (best_issue == issues) break;
        value += u.contribution(best_issue, best_value) -
                 u.contribution(best_issue, current[best_issue]);
        current[best_issue] = best_value;
      }
      rows.emplace_back(u.utility(current), current);
    }
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

// The binary searches find what the full scan finds, for tabulated and analytic issues with
// kinks (triangular, clipped linear, rounding plateaus).
TEST(OfferIndex, CatalogueMatchesTheFullScanReference) {
  const std::uint32_t values = 3001;
  const std::vector<std::pair<ValueFunction, ValueFunction>> functions{
      {ValueFunction::make_triangular(400.5, 2600, 1700.25),
       ValueFunction::make_linear(-3.0 / 3000, 2.0, 0.0, true)},
      {ValueFunction::make_linear(1e-19, 0.5, 0.0, true),
       ValueFunction::make_triangular(-10, 3000, 0)},
      {ValueFunction::make_constant(0.5), ValueFunction::make_linear(1.0 / 3000, 0, 0, false)}};
  for (const auto& [f0, f1] : functions) {
    for (const std::uint32_t tabulate_up_to : {0u, values}) {
      const auto s = numeric_scenario(values, f0, f1, tabulate_up_to);
      OfferIndexOptions options;
      options.enumeration_limit = 100;
      options.catalogue_targets = 41;
      for (std::size_t party = 0; party < 2; ++party) {
        const auto index = OfferIndex::build(*s, party, options);
        ASSERT_EQ(index->method(), OfferIndex::Method::greedy_catalogue);
        const auto expected = reference_catalogue(*s->party(party).utility->as_linear_additive(),
                                                  s->space(), options.catalogue_targets);
        ASSERT_EQ(index->size(), expected.size()) << "party " << party;
        for (std::size_t k = 0; k < expected.size(); ++k) {
          EXPECT_EQ(index->utility(k), expected[k].first) << k;
          EXPECT_EQ(index->outcome(k), expected[k].second) << k;
        }
      }
    }
  }
}

TEST(OfferIndex, CacheSharesOneIndexPerScenarioAndParty) {
  const auto s = test::small_bilateral();
  OfferIndexCache cache;
  const auto a = cache.get(s, 0);
  EXPECT_EQ(a, cache.get(s, 0));
  EXPECT_NE(a, cache.get(s, 1));
}

TEST(PartyView, HoldsOnlyItsOwnPreferences) {
  static_assert(!std::is_default_constructible_v<PartyView>);
  const auto s = test::small_bilateral({0.3, 0.4}, {0.9, 0.8});
  const auto view = PartyView::of(s, 1, nullptr);
  EXPECT_EQ(view.name(), "B");
  EXPECT_EQ(&view.utility_function(), s->party(1).utility.get());
  EXPECT_EQ(view.reservation_value(), 0.4);
  EXPECT_EQ(view.discount_factor(), 0.8);
  EXPECT_DOUBLE_EQ(view.discounted(1.0, 0.5), std::sqrt(0.8));
}

}  // namespace
}  // namespace parley
