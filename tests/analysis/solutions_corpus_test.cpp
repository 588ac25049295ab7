// Every linear scenario of the corpus with at most 10^6 outcomes: each bargaining solution
// equals an independent brute force over all outcomes (IR filter, criterion maximised), written
// here without the library's frontier or solution code. Criterion values are compared within
// tolerance (ties may be broken differently).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// Folders of INDEX.md rows with linear profiles and at most `limit` outcomes.
std::vector<std::string> linear_folders(std::uint64_t limit) {
  std::vector<std::string> folders;
  for (const auto& row : test::corpus_index()) {
    const auto outcomes = row.outcome_count();
    if (row.linear() && outcomes && *outcomes <= limit) folders.push_back(row.folder);
  }
  return folders;
}

struct BruteForce {
  bool any_rational = false;
  double nash = -1, kalai_smorodinsky = -1, egalitarian = -1, utilitarian = -1;
  std::vector<double> reservation, ideal, epsilon;
  std::vector<std::vector<double>> rational_pareto;  // two parties: IR non-dominated points
};

BruteForce brute_force(const Scenario& scenario, double tolerance) {
  const std::size_t n = scenario.party_count();
  BruteForce b;
  std::vector<std::vector<double>> all;
  Outcome outcome(scenario.issue_count(), 0);
  do {
    all.push_back(scenario.utilities(outcome));
  } while (scenario.space().next(outcome));
  std::vector<double> low(n, std::numeric_limits<double>::infinity()), high(n, -low[0]);
  for (const auto& u : all)
    for (std::size_t j = 0; j < n; ++j)
      low[j] = std::min(low[j], u[j]), high[j] = std::max(high[j], u[j]);
  b.ideal.assign(n, -std::numeric_limits<double>::infinity());
  std::vector<std::vector<double>> rational;
  for (std::size_t j = 0; j < n; ++j) {
    b.reservation.push_back(scenario.party(j).reservation_value);
    b.epsilon.push_back(tolerance * (high[j] > low[j] ? high[j] - low[j] : 1.0));
  }
  for (const auto& u : all) {
    bool ok = true;
    for (std::size_t j = 0; j < n; ++j) ok = ok && u[j] >= b.reservation[j] - b.epsilon[j];
    if (!ok) continue;
    rational.push_back(u);
    for (std::size_t j = 0; j < n; ++j) b.ideal[j] = std::max(b.ideal[j], u[j]);
  }
  b.any_rational = !rational.empty();
  for (const auto& u : rational) {
    double product = 1, smallest_ratio = 1e300, smallest_gain = 1e300, total = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const double gain = std::max(0.0, u[j] - b.reservation[j]);
      const double ideal_gain = std::max(0.0, b.ideal[j] - b.reservation[j]);
      product *= gain;
      smallest_ratio =
          std::min(smallest_ratio, ideal_gain > 0 ? std::min(1.0, gain / ideal_gain) : 1.0);
      smallest_gain = std::min(smallest_gain, gain);
      total += u[j];
    }
    b.nash = std::max(b.nash, product);
    b.kalai_smorodinsky = std::max(b.kalai_smorodinsky, smallest_ratio);
    b.egalitarian = std::max(b.egalitarian, smallest_gain);
    b.utilitarian = std::max(b.utilitarian, total);
  }
  if (n == 2 && b.any_rational) {
    std::sort(rational.begin(), rational.end(), [](const auto& p, const auto& q) {
      return p[0] != q[0] ? p[0] > q[0] : p[1] > q[1];
    });
    double best_second = -std::numeric_limits<double>::infinity();
    for (const auto& u : rational)
      if (u[1] > best_second) {
        b.rational_pareto.push_back(u);
        best_second = u[1];
      }
  }
  return b;
}

// Best product of gains and best equal relative gain over every lottery between two IR Pareto
// points (every pair, not only hull neighbours).
std::pair<double, double> brute_force_lotteries(const BruteForce& b) {
  double nash = -1, ks = -1;
  const double g0 = std::max(0.0, b.ideal[0] - b.reservation[0]);
  const double g1 = std::max(0.0, b.ideal[1] - b.reservation[1]);
  for (const auto& p : b.rational_pareto)
    for (const auto& q : b.rational_pareto) {
      const double ax = std::max(0.0, p[0] - b.reservation[0]),
                   ay = std::max(0.0, p[1] - b.reservation[1]);
      const double dx = std::max(0.0, q[0] - b.reservation[0]) - ax;
      const double dy = std::max(0.0, q[1] - b.reservation[1]) - ay;
      std::vector<double> candidates = {0.0, 1.0};
      if (dx * dy < 0)
        candidates.push_back(std::clamp(-(dx * ay + dy * ax) / (2 * dx * dy), 0.0, 1.0));
      for (double s : candidates) nash = std::max(nash, (ax + s * dx) * (ay + s * dy));
      if (g0 > 0 && g1 > 0) {
        // Relative gains along the segment; where they are equal (or at the ends).
        const double rx = ax / g0, ry = ay / g1, rdx = dx / g0, rdy = dy / g1;
        std::vector<double> points = {0.0, 1.0};
        if (rdx != rdy) {
          const double s = (ry - rx) / (rdx - rdy);
          if (s >= 0 && s <= 1) points.push_back(s);
        }
        for (double s : points) ks = std::max(ks, std::min(rx + s * rdx, ry + s * rdy));
      }
    }
  // A party that cannot gain anything counts as satisfied (ratio 1): no lottery beats the
  // package best for the other party, the pure KS value.
  if (g0 <= 0 || g1 <= 0) ks = b.kalai_smorodinsky;
  return {nash, ks};
}

TEST(SolutionsCorpus, EverySolutionMatchesBruteForce) {
  PARLEY_REQUIRE_CORPUS();
  const auto folders = linear_folders(1'000'000);
  ASSERT_GT(folders.size(), 100u) << "INDEX.md lists fewer linear scenarios than expected";
  std::size_t checked = 0;
  std::vector<std::string> not_loaded;
  for (const auto& folder : folders) {
    ScenarioPtr scenario;
    try {
      Warnings warnings;
      scenario = test::load_corpus_folder(folder, warnings);
    } catch (const Error& e) {
      not_loaded.push_back(folder + ": " + e.what());
      continue;
    }
    if (!scenario->is_linear_additive() || !scenario->can_enumerate(1'000'000)) continue;
    SCOPED_TRACE(folder);
    AnalysisOptions options;
    options.lotteries = true;
    const Analysis a = analyse(*scenario, options);
    const BruteForce b = brute_force(*scenario, a.frontier.tolerance);
    ASSERT_EQ(a.zone.exists, b.any_rational);
    ++checked;
    if (!b.any_rational) continue;
    for (const auto& s : a.solutions) {
      SCOPED_TRACE(to_string(s.kind));
      // The criterion recomputed here from the solution's utilities.
      double product = 1, smallest_ratio = 1e300, smallest_gain = 1e300, total = 0;
      for (std::size_t j = 0; j < scenario->party_count(); ++j) {
        const double gain = std::max(0.0, s.utilities[j] - b.reservation[j]);
        const double ideal_gain = std::max(0.0, b.ideal[j] - b.reservation[j]);
        product *= gain;
        smallest_ratio =
            std::min(smallest_ratio, ideal_gain > 0 ? std::min(1.0, gain / ideal_gain) : 1.0);
        smallest_gain = std::min(smallest_gain, gain);
        total += s.utilities[j];
      }
      for (const auto& p : s.packages)
        for (std::size_t j = 0; j < scenario->party_count(); ++j)
          EXPECT_GE(p.utilities[j], b.reservation[j] - b.epsilon[j]);
      switch (s.kind) {
        case SolutionKind::nash:
          EXPECT_NEAR(product, b.nash, 1e-7);
          break;
        case SolutionKind::kalai_smorodinsky:
          EXPECT_NEAR(smallest_ratio, b.kalai_smorodinsky, 1e-7);
          break;
        case SolutionKind::egalitarian:
          EXPECT_NEAR(smallest_gain, b.egalitarian, 1e-7);
          break;
        case SolutionKind::utilitarian:
          EXPECT_NEAR(total, b.utilitarian, 1e-7);
          break;
        case SolutionKind::nash_lottery:
          EXPECT_NEAR(product, brute_force_lotteries(b).first, 1e-7);
          break;
        case SolutionKind::kalai_smorodinsky_lottery:
          EXPECT_NEAR(smallest_ratio, brute_force_lotteries(b).second, 1e-7);
          break;
      }
    }
  }
  std::string skipped;
  for (const auto& line : not_loaded) skipped += "\n  " + line;
  std::cout << "checked " << checked << " of " << folders.size() << " linear corpus scenarios; "
            << not_loaded.size() << " not loaded" << skipped << '\n';
  EXPECT_GT(checked, folders.size() / 2) << "too few corpus scenarios could be loaded" << skipped;
}

}  // namespace
}  // namespace parley
