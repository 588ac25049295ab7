// The lazily sorted offer index (utility bands sorted on first use) against an independent
// reference: every outcome evaluated through Scenario::utility and stably sorted by utility (ties
// in index order), queried in orders that leave most bands unsorted, and from several threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <thread>

#include "negotiate_fixtures.hpp"
#include "parley/analysis/synthetic.hpp"
#include "parley/negotiate/negotiator.hpp"

namespace parley {
namespace {

struct Reference {
  std::vector<double> utilities;   // ascending
  std::vector<std::uint64_t> ids;  // mixed-radix index of each entry's outcome
};

Reference reference_of(const Scenario& s, std::size_t party) {
  std::vector<std::pair<double, std::uint64_t>> rows;
  Outcome o(s.issue_count(), 0);
  std::uint64_t id = 0;
  do rows.emplace_back(s.utility(party, o), id++);
  while (s.space().next(o));
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Reference r;
  for (const auto& [u, i] : rows) {
    r.utilities.push_back(u);
    r.ids.push_back(i);
  }
  return r;
}

// The documented rule: closest utility, ties to the higher utility, then the smallest outcome.
std::size_t reference_nearest(const Reference& r, double target) {
  std::size_t best = 0;
  double best_gap = INFINITY;
  for (std::size_t k = 0; k < r.utilities.size(); ++k) {
    const double gap = std::abs(r.utilities[k] - target);
    if (gap < best_gap || (gap == best_gap && r.utilities[k] > r.utilities[best])) {
      best_gap = gap;
      best = k;
    }
  }
  return best;
}

// Targets that probe every band edge: each distinct utility, the midpoints between neighbours,
// values just beside them, and targets outside the range.
std::vector<double> probe_targets(const Reference& r) {
  std::vector<double> targets{-1.0, 2.0, r.utilities.front() - 1e-9, r.utilities.back() + 1e-9};
  for (std::size_t k = 0; k < r.utilities.size(); ++k) {
    const double u = r.utilities[k];
    if (k > 0 && u == r.utilities[k - 1]) continue;
    targets.push_back(u);
    targets.push_back(std::nextafter(u, -INFINITY));
    targets.push_back(std::nextafter(u, INFINITY));
    if (k + 1 < r.utilities.size()) targets.push_back((u + r.utilities[k + 1]) / 2);
  }
  return targets;
}

void expect_matches(const Scenario& s, std::size_t party, std::uint64_t seed) {
  const auto r = reference_of(s, party);
  const std::size_t n = r.utilities.size();
  std::mt19937_64 random(seed);
  auto targets = probe_targets(r);
  std::shuffle(targets.begin(), targets.end(), random);

  // 1. Queries first, on a fresh index: nearest and range sort only the bands they land in.
  const auto by_query = OfferIndex::lazy(s, party);
  ASSERT_EQ(by_query->size(), n);
  EXPECT_EQ(by_query->max_utility(), r.utilities.back());
  EXPECT_EQ(by_query->min_utility(), r.utilities.front());
  EXPECT_EQ(r.utilities[by_query->best_entry()], r.utilities.back());
  EXPECT_TRUE(by_query->best_entry() == 0 ||
              r.utilities[by_query->best_entry() - 1] < r.utilities.back());
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const double target = targets[t];
    const auto entry = by_query->nearest(target);
    ASSERT_EQ(entry, reference_nearest(r, target)) << "party " << party << " target " << target;
    const double low = target, high = targets[(t + 1) % targets.size()];
    const auto [first, last] = by_query->range(low, high);
    const auto ref_first = static_cast<std::size_t>(
        std::lower_bound(r.utilities.begin(), r.utilities.end(), low) - r.utilities.begin());
    const auto ref_last = std::max(
        ref_first,
        static_cast<std::size_t>(std::upper_bound(r.utilities.begin(), r.utilities.end(), high) -
                                 r.utilities.begin()));
    ASSERT_EQ(first, ref_first) << low;
    ASSERT_EQ(last, ref_last) << low << " " << high;
  }

  // 2. Entries read in a random order on another fresh index.
  const auto by_entry = OfferIndex::lazy(s, party);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), random);
  Outcome out;
  for (std::size_t k : order) {
    ASSERT_EQ(by_entry->utility(k), r.utilities[k]) << k;
    by_entry->outcome(k, out);
    ASSERT_EQ(out, s.space().outcome_at(r.ids[k])) << k;
  }
  EXPECT_THROW((void)by_entry->utility(n), std::out_of_range);
}

// Scores from a set of four levels: many packages share a utility, so ties (broken by index)
// span band edges.
ScenarioPtr tied_scenario(std::uint64_t seed) {
  std::mt19937_64 random(seed);
  const std::vector<std::uint32_t> cards{6, 5, 4, 7};
  std::vector<std::vector<double>> weights(2);
  std::vector<std::vector<std::vector<double>>> scores(2);
  for (std::size_t p = 0; p < 2; ++p) {
    for (std::size_t i = 0; i < cards.size(); ++i) {
      weights[p].push_back(0.25);
      std::vector<double> issue;
      for (std::uint32_t v = 0; v < cards[i]; ++v) issue.push_back(1.0 + random() % 4);
      scores[p].push_back(issue);
    }
  }
  return test::make_linear_scenario(cards, weights, scores);
}

TEST(LazyOfferIndex, MatchesTheSortedReferenceWithManyTies) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const auto s = tied_scenario(seed);
    for (std::size_t party = 0; party < 2; ++party) expect_matches(*s, party, seed);
  }
}

TEST(LazyOfferIndex, MatchesTheReferenceOnLinearNonLinearAndAnalyticUtilities) {
  expect_matches(*test::small_bilateral(), 0, 1);
  expect_matches(*test::small_trilateral(), 2, 2);
  expect_matches(*make_synthetic_scenario(5, 6), 1, 3);                  // 7,776 packages
  expect_matches(*make_synthetic_rectangle_scenario(4, 6, 2, 8), 0, 4);  // hyper-rectangles
  // Integer issues with linear value functions: 2 x 60 values.
  expect_matches(*make_synthetic_numeric_scenario(2, 60), 0, 5);
  expect_matches(*make_synthetic_scenario(1, 9), 0, 6);  // one issue
}

TEST(LazyOfferIndex, OneUtilityForEveryPackageIsOneSortedBand) {
  // Every package scores the same: a single band, ties in index order.
  const auto s = test::make_linear_scenario({3, 4}, {{0.5, 0.5}, {0.5, 0.5}},
                                            {{{1, 1, 1}, {1, 1, 1, 1}}, {{1, 2, 3}, {4, 3, 2, 1}}});
  const auto index = OfferIndex::build(*s, 0);
  ASSERT_EQ(index->size(), 12u);
  for (std::size_t k = 0; k < 12; ++k) EXPECT_EQ(index->outcome(k), s->space().outcome_at(k));
  EXPECT_EQ(index->nearest(0.3), 0u);
  EXPECT_EQ(index->best_entry(), 0u);
  EXPECT_EQ(index->range(0.0, 2.0), std::make_pair(std::size_t{0}, std::size_t{12}));
  expect_matches(*s, 1, 7);
}

TEST(LazyOfferIndex, StatesItsMemory) {
  const auto s = make_synthetic_scenario(6, 8);  // 262,144 packages
  const auto index = OfferIndex::lazy(*s, 0);
  (void)index->nearest(index->max_utility());
  // 12 bytes per package (index, and utility once its band is sorted), each array reserved in
  // whole 2 MiB huge pages (parley/support/huge_pages.hpp): the 1 MiB of indexes takes 2 MiB, the
  // 2 MiB of utilities 2 MiB; 5 bytes per band of about 8 packages: 16.625 bytes per package.
  const double per_package = static_cast<double>(index->memory_bytes()) / 262144.0;
  EXPECT_GE(per_package, 16.6);
  EXPECT_LE(per_package, 16.65);
}

TEST(LazyOfferIndex, ThreadsSharingOneIndexSeeTheReference) {
  const auto s = make_synthetic_scenario(4, 9);  // 6,561 packages
  const auto r = reference_of(*s, 1);
  const auto index = OfferIndex::lazy(*s, 1);
  const auto targets = probe_targets(r);
  std::vector<std::size_t> expected(targets.size());
  for (std::size_t t = 0; t < targets.size(); ++t) expected[t] = reference_nearest(r, targets[t]);
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937_64 random(w);
      Outcome out;
      for (std::size_t step = 0; step < 20'000; ++step) {
        const std::size_t t = random() % targets.size();
        failures[w] += index->nearest(targets[t]) != expected[t];
        const std::size_t k = random() % r.utilities.size();
        failures[w] += index->utility(k) != r.utilities[k];
        index->outcome(k, out);
        failures[w] += out != s->space().outcome_at(r.ids[k]);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace parley
