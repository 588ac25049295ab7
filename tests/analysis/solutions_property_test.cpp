// Properties of the bargaining solutions on random linear-additive scenarios (rapidcheck):
// solutions lie on the frontier and are individually rational; Nash and Kalai-Smorodinsky do not
// move when one party's utility and walk-away value are rescaled by a positive affine map; the
// lottery Nash point lies on the upper convex hull; lottery probabilities form a distribution.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>

#include "parley/analysis/analysis.hpp"
#include "solutions_test_support.hpp"

namespace parley {
namespace {

struct RandomSpec {
  std::size_t parties = 2;
  std::vector<std::uint32_t> cardinalities;
  std::vector<std::vector<double>> weights;              // [party][issue], > 0
  std::vector<std::vector<std::vector<double>>> tables;  // [party][issue][value]
  std::vector<double> reservation;
};

rc::Gen<RandomSpec> random_spec(std::size_t min_parties, std::size_t max_parties) {
  return rc::gen::exec([=] {
    RandomSpec spec;
    spec.parties = *rc::gen::inRange<std::size_t>(min_parties, max_parties + 1);
    const auto issues = *rc::gen::inRange<std::size_t>(1, 4);
    for (std::size_t i = 0; i < issues; ++i)
      spec.cardinalities.push_back(*rc::gen::inRange<std::uint32_t>(2, 6));
    spec.weights.resize(spec.parties);
    spec.tables.resize(spec.parties);
    for (std::size_t j = 0; j < spec.parties; ++j) {
      for (std::size_t i = 0; i < issues; ++i) {
        spec.weights[j].push_back(*rc::gen::inRange(1, 11) / 10.0);
        std::vector<double> table;
        for (std::uint32_t v = 0; v < spec.cardinalities[i]; ++v)
          table.push_back(*rc::gen::inRange(0, 101) / 100.0);
        spec.tables[j].push_back(table);
      }
      spec.reservation.push_back(*rc::gen::inRange(0, 61) / 100.0);
    }
    return spec;
  });
}

ScenarioPtr build(const RandomSpec& spec) {
  std::vector<std::string> issue_names, party_names;
  std::vector<std::vector<std::string>> option_names;
  for (std::size_t i = 0; i < spec.cardinalities.size(); ++i) {
    issue_names.push_back("issue" + std::to_string(i));
    std::vector<std::string> names;
    for (std::uint32_t v = 0; v < spec.cardinalities[i]; ++v)
      names.push_back("v" + std::to_string(v));
    option_names.push_back(names);
  }
  for (std::size_t j = 0; j < spec.parties; ++j) party_names.push_back("party" + std::to_string(j));
  return test::linear_scenario(issue_names, option_names, party_names, spec.weights, spec.tables,
                               spec.reservation);
}

// u'_p = scale * u_p + shift: weights times scale, and shift / (scale * w_0) added to issue 0.
RandomSpec rescaled(RandomSpec spec, std::size_t party, double scale, double shift) {
  for (auto& w : spec.weights[party]) w *= scale;
  const double added = shift / spec.weights[party][0];
  for (auto& e : spec.tables[party][0]) e += added;
  spec.reservation[party] = scale * spec.reservation[party] + shift;
  return spec;
}

bool on_frontier(const Frontier& frontier, const Outcome& outcome) {
  return std::any_of(frontier.packages.begin(), frontier.packages.end(),
                     [&](const Package& p) { return p.outcome == outcome; });
}

// Every solution, the lotteries included (they are opt-in).
AnalysisOptions with_lotteries() {
  AnalysisOptions options;
  options.lotteries = true;
  return options;
}

const Solution* find(const Analysis& analysis, SolutionKind kind) {
  for (const auto& s : analysis.solutions)
    if (s.kind == kind) return &s;
  return nullptr;
}

RC_GTEST_PROP(SolutionProperties, SolutionsAreRationalFrontierPackages, ()) {
  const RandomSpec spec = *random_spec(2, 3);
  const auto scenario = build(spec);
  const Analysis a = analyse(*scenario, with_lotteries());
  RC_ASSERT(a.zone.exists == !a.solutions.empty());
  for (const auto& s : a.solutions) {
    RC_ASSERT(!s.packages.empty());
    RC_ASSERT(s.packages.size() == s.probabilities.size());
    double total = 0.0;
    for (std::size_t k = 0; k < s.packages.size(); ++k) {
      RC_ASSERT(on_frontier(a.frontier, s.packages[k].outcome));
      for (std::size_t j = 0; j < spec.parties; ++j)
        RC_ASSERT(s.packages[k].utilities[j] >= spec.reservation[j] - 1e-9);
      RC_ASSERT(s.probabilities[k] >= 0.0);
      RC_ASSERT(s.probabilities[k] <= 1.0);
      total += s.probabilities[k];
    }
    RC_ASSERT(std::abs(total - 1.0) < 1e-12);
    for (std::size_t j = 0; j < spec.parties; ++j) {
      double expected = 0.0;
      for (std::size_t k = 0; k < s.packages.size(); ++k)
        expected += s.probabilities[k] * s.packages[k].utilities[j];
      RC_ASSERT(std::abs(expected - s.utilities[j]) < 1e-12);
      RC_ASSERT(std::abs(s.gains[j] - (s.utilities[j] - spec.reservation[j])) < 1e-12);
    }
  }
  if (spec.parties == 2 && a.zone.exists) {
    // Lotteries can only do better than single packages.
    RC_ASSERT(find(a, SolutionKind::nash_lottery)->criterion >=
              find(a, SolutionKind::nash)->criterion * (1 - 1e-9) - 1e-15);
    RC_ASSERT(find(a, SolutionKind::kalai_smorodinsky_lottery)->criterion >=
              find(a, SolutionKind::kalai_smorodinsky)->criterion - 1e-9);
  }
}

RC_GTEST_PROP(SolutionProperties, NashAndKalaiSmorodinskyIgnoreAffineRescaling, ()) {
  const RandomSpec spec = *random_spec(2, 3);
  const auto party = *rc::gen::inRange<std::size_t>(0, spec.parties);
  const double scale = *rc::gen::inRange(2, 501) / 100.0;
  const double shift = *rc::gen::inRange(-100, 101) / 100.0;
  const Analysis original = analyse(*build(spec), with_lotteries());
  const Analysis changed = analyse(*build(rescaled(spec, party, scale, shift)), with_lotteries());
  RC_ASSERT(original.solutions.size() == changed.solutions.size());
  for (SolutionKind kind : {SolutionKind::nash, SolutionKind::kalai_smorodinsky}) {
    const Solution* before = find(original, kind);
    const Solution* after = find(changed, kind);
    if (!before) continue;
    RC_ASSERT(after != nullptr);
    RC_ASSERT(before->packages[0].outcome == after->packages[0].outcome);
  }
  for (SolutionKind kind : {SolutionKind::nash_lottery, SolutionKind::kalai_smorodinsky_lottery}) {
    const Solution* before = find(original, kind);
    const Solution* after = find(changed, kind);
    if (!before) continue;
    RC_ASSERT(after != nullptr);
    // The same expected point (the packages of a lottery on collinear hull points may differ).
    for (std::size_t j = 0; j < spec.parties; ++j) {
      const double back = j == party ? (after->utilities[j] - shift) / scale : after->utilities[j];
      RC_ASSERT(std::abs(back - before->utilities[j]) < 1e-7);
    }
  }
}

// p lies on the upper hull of the points iff no point of a segment between two of them
// dominates p strictly in both coordinates (the region that would dominate p is convex and
// open, so if it meets the hull it meets one of the segments between points).
bool strictly_dominated_by_a_segment(const std::vector<std::vector<double>>& points, double px,
                                     double py, double slack) {
  for (const auto& a : points)
    for (const auto& b : points) {
      // s in [0,1] with a + s (b - a) > p + slack in both coordinates.
      double low = 0.0, high = 1.0;
      for (int c = 0; c < 2; ++c) {
        const double start = a[c] - (c == 0 ? px : py) - slack, slope = b[c] - a[c];
        if (slope == 0.0) {
          if (start <= 0.0) low = 2.0;
        } else if (slope > 0.0) {
          low = std::max(low, -start / slope);
        } else {
          high = std::min(high, -start / slope);
        }
      }
      if (low < high) return true;
    }
  return false;
}

RC_GTEST_PROP(SolutionProperties, LotteryNashPointIsOnTheUpperHull, ()) {
  const RandomSpec spec = *random_spec(2, 2);
  const Analysis a = analyse(*build(spec), with_lotteries());
  const Solution* nash = find(a, SolutionKind::nash_lottery);
  if (!nash) {
    RC_ASSERT(!a.zone.exists);
    return;
  }
  std::vector<std::vector<double>> points;
  for (const auto& p : a.zone.rational_frontier) points.push_back(p.utilities);
  RC_ASSERT(!strictly_dominated_by_a_segment(points, nash->utilities[0], nash->utilities[1], 1e-9));
  const Solution* ks = find(a, SolutionKind::kalai_smorodinsky_lottery);
  RC_ASSERT(!strictly_dominated_by_a_segment(points, ks->utilities[0], ks->utilities[1], 1e-9));
}

}  // namespace
}  // namespace parley
