// Properties of the frontier on random linear-additive scenarios (rapidcheck): no frontier point
// is dominated, every outcome is dominated by or tied with a frontier point, linear_dp equals
// enumeration equals an independent brute force, and rescaling a party changes nothing.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "frontier_test_support.hpp"

namespace parley {
namespace {

struct RandomTables {
  std::vector<std::vector<std::vector<double>>> tables;
  std::vector<std::vector<double>> weights;
};

// Small spaces (at most 4 issues x 4 values) with values on a coarse grid half of the time, to
// provoke exact ties, and arbitrary doubles otherwise.
rc::Gen<RandomTables> random_tables() {
  return rc::gen::exec([] {
    const auto parties = *rc::gen::inRange<std::size_t>(2, 5);
    const auto issues = *rc::gen::inRange<std::size_t>(1, 5);
    const auto coarse = *rc::gen::arbitrary<bool>();
    std::vector<std::size_t> sizes;
    for (std::size_t i = 0; i < issues; ++i) sizes.push_back(*rc::gen::inRange<std::size_t>(1, 5));
    auto value = [&] {
      return coarse ? *rc::gen::inRange(0, 5) / 4.0 : *rc::gen::inRange(0, 1000001) / 1e6;
    };
    RandomTables r;
    r.tables.resize(parties);
    r.weights.resize(parties);
    for (std::size_t j = 0; j < parties; ++j)
      for (std::size_t i = 0; i < issues; ++i) {
        std::vector<double> table(sizes[i]);
        for (auto& v : table) v = value();
        r.tables[j].push_back(table);
        r.weights[j].push_back(value() + 0.125);
      }
    return r;
  });
}

RC_GTEST_PROP(FrontierProperties, EveryMethodEqualsBruteForce, ()) {
  const auto r = *random_tables();
  const auto s = test::table_scenario(r.tables, r.weights);
  const auto expected = test::brute_force_frontier(*s, 1e-9);
  RC_ASSERT(test::outcomes_of(test::frontier_by(*s, FrontierMethod::enumeration)) == expected);
  RC_ASSERT(test::outcomes_of(test::frontier_by(*s, FrontierMethod::linear_dp)) == expected);
}

RC_GTEST_PROP(FrontierProperties, NothingDominatesTheFrontierAndItCoversEverything, ()) {
  const auto r = *random_tables();
  const auto s = test::table_scenario(r.tables, r.weights);
  const auto frontier = test::frontier_by(*s, FrontierMethod::linear_dp);
  const auto ranges = utility_ranges(*s);
  std::vector<double> eps;
  for (std::size_t j = 0; j < s->party_count(); ++j) {
    const double range = ranges.max[j] - ranges.min[j];
    eps.push_back(1e-9 * (range > 0 ? range : 1.0));
  }
  Outcome o(s->issue_count(), 0);
  do {
    const auto u = s->utilities(o);
    bool covered = false;
    for (const auto& p : frontier.packages) {
      RC_ASSERT(!dominates(u, p.utilities, eps));
      bool tied = true;
      for (std::size_t j = 0; j < u.size(); ++j)
        tied = tied && std::abs(u[j] - p.utilities[j]) <= eps[j];
      covered = covered || tied || dominates(p.utilities, u, eps);
    }
    RC_ASSERT(covered);
  } while (s->space().next(o));
}

RC_GTEST_PROP(FrontierProperties, InvariantUnderPositiveAffineRescaling, ()) {
  const auto r = *random_tables();
  const auto party = *rc::gen::inRange<std::size_t>(0, r.tables.size());
  const double scale = *rc::gen::element(1e-3, 0.5, 7.0, 1e4);
  const double shift = *rc::gen::element(-5.0, 0.0, 0.25, 100.0);
  auto tables = r.tables;
  auto weights = r.weights;
  for (auto& w : weights[party]) w *= scale;
  for (auto& v : tables[party][0]) v += shift / weights[party][0];
  const auto base = test::table_scenario(r.tables, r.weights);
  const auto moved = test::table_scenario(tables, weights);
  // Coarse grids tie exactly before rescaling and within float noise after; the tolerance makes
  // both the same frontier with the same representatives.
  RC_ASSERT(test::outcomes_of(test::frontier_by(*moved, FrontierMethod::linear_dp)) ==
            test::outcomes_of(test::frontier_by(*base, FrontierMethod::linear_dp)));
  RC_ASSERT(test::outcomes_of(test::frontier_by(*moved, FrontierMethod::enumeration)) ==
            test::outcomes_of(test::frontier_by(*base, FrontierMethod::enumeration)));
}

}  // namespace
}  // namespace parley
