// Offer indexes: nearest-utility search against a brute-force scan of the space.
#include <gtest/gtest.h>

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
