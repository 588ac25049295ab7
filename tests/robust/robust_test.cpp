// parley robust against independent computations: brute force over every package and every
// combination of discrete laws, fine grids over the weight simplex, closed forms, and the two
// theorems docs/robust.md proves (expected Nash product = product of expected gains; minimum of
// the Nash product = product of the minima). Monte Carlo estimates are checked against the exact
// values within 4 standard errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>

#include "parley/io/io.hpp"
#include "parley/model/uncertainty.hpp"
#include "parley/robust/robust.hpp"
#include "parley/support/error.hpp"

using namespace parley;

namespace {

ScenarioPtr scenario_from(const std::string& text) {
  Warnings warnings;
  return parse_native(text, "test.yaml", warnings);
}

// Three issues (3 x 2 x 3 = 18 packages), utilities written as they are used.
const char* kIssues = R"(parley: 1
name: robust test
issues:
  - {name: a, options: [x, y, z]}
  - {name: b, options: [p, q]}
  - {name: c, options: [s, t, u]}
)";

// Value tables of the two parties (issue -> option values), shared by the YAML and the oracle.
const std::vector<std::vector<double>> kValuesA = {{1.0, 0.6, 0.0}, {0.0, 1.0}, {1.0, 0.3, 0.0}};
const std::vector<std::vector<double>> kValuesB = {{0.0, 0.5, 1.0}, {1.0, 0.2}, {0.0, 0.7, 1.0}};

std::string utilities_yaml(const std::vector<std::vector<double>>& values) {
  const char* options[3][3] = {{"x", "y", "z"}, {"p", "q", ""}, {"s", "t", "u"}};
  const char* issues[3] = {"a", "b", "c"};
  std::string text = "    utilities:\n";
  for (int i = 0; i < 3; ++i) {
    text += std::string("      ") + issues[i] + ": {";
    for (std::size_t o = 0; o < values[i].size(); ++o)
      text += (o ? ", " : "") + std::string(options[i][o]) + ": " + std::to_string(values[i][o]);
    text += "}\n";
  }
  return text;
}

struct Package {
  int a, b, c;
};
std::vector<Package> all_packages() {
  std::vector<Package> packages;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 3; ++c) packages.push_back({a, b, c});
  return packages;
}
double utility(const std::vector<std::vector<double>>& values, const std::vector<double>& w,
               const Package& x) {
  return w[0] * values[0][x.a] + w[1] * values[1][x.b] + w[2] * values[2][x.c];
}
Outcome outcome_of(const Package& x) {
  return {static_cast<ValueIndex>(x.a), static_cast<ValueIndex>(x.b), static_cast<ValueIndex>(x.c)};
}

const RobustPackage* find(const RobustAnalysis& analysis, const Outcome& outcome) {
  for (const auto& p : analysis.packages)
    if (p.outcome == outcome) return &p;
  return nullptr;
}

// Mixtures on both sides and a discrete walk-away: every quantity is exact, and brute force
// over packages and combinations gives the same numbers.
struct Mixtures {
  std::vector<std::vector<double>> weights_a = {{0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}, {0.3, 0.6, 0.1}};
  std::vector<double> p_a = {0.5, 0.3, 0.2};
  std::vector<std::pair<double, double>> r_a = {{0.35, 0.4}, {0.5, 0.6}};
  std::vector<std::vector<double>> weights_b = {{0.6, 0.1, 0.3}, {0.2, 0.5, 0.3}};
  std::vector<double> p_b = {0.7, 0.3};
  double r_b = 0.4;

  std::string yaml() const {
    auto vector = [](const std::vector<double>& w) {
      return "{a: " + std::to_string(w[0]) + ", b: " + std::to_string(w[1]) +
             ", c: " + std::to_string(w[2]) + "}";
    };
    std::string text = kIssues;
    text += "parties:\n  - name: A\n    walk_away: 0.45\n    weights: {a: 0.4, b: 0.3, c: 0.3}\n";
    text += utilities_yaml(kValuesA);
    text += "    uncertainty:\n      mixture:\n";
    for (std::size_t h = 0; h < weights_a.size(); ++h)
      text += "        - {probability: " + std::to_string(p_a[h]) +
              ", weights: " + vector(weights_a[h]) + "}\n";
    text += "      walk_away: {values: [0.35, 0.5], probabilities: [0.4, 0.6]}\n";
    text += "  - name: B\n    walk_away: 0.4\n    weights: {a: 0.4, b: 0.3, c: 0.3}\n";
    text += utilities_yaml(kValuesB);
    text += "    uncertainty:\n      mixture:\n";
    for (std::size_t h = 0; h < weights_b.size(); ++h)
      text += "        - {probability: " + std::to_string(p_b[h]) +
              ", weights: " + vector(weights_b[h]) + "}\n";
    return text;
  }
};

// Mixtures with random weight vectors (each weight at least 0.05 before normalising).
Mixtures random_mixtures(std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Mixtures m;
  for (auto* set : {&m.weights_a, &m.weights_b})
    for (auto& w : *set) {
      double total = 0.0;
      for (double& x : w) total += x = 0.05 + unit(random);
      for (double& x : w) x /= total;
    }
  return m;
}

}  // namespace

TEST(Robust, MixturesMatchBruteForceExactly) {
  Mixtures m;
  const auto scenario = scenario_from(m.yaml());
  ASSERT_TRUE(scenario->party(0).uncertainty);
  // The weights as the scenario holds them (each vector divided by its sum when read).
  for (std::size_t h = 0; h < m.weights_a.size(); ++h)
    m.weights_a[h] = scenario->party(0).uncertainty->mixture[h].weights;
  for (std::size_t h = 0; h < m.weights_b.size(); ++h)
    m.weights_b[h] = scenario->party(1).uncertainty->mixture[h].weights;
  RobustOptions options;
  options.listed = 18;
  const RobustAnalysis analysis = analyse_robust(*scenario, options);
  EXPECT_EQ(analysis.package_count, 18u);
  EXPECT_EQ(analysis.samples, 0u);  // every combination enumerated
  ASSERT_EQ(analysis.packages.size(), 18u);
  const auto packages = all_packages();
  // Oracle per package.
  double mean_r_a = 0.0;
  for (const auto& [r, q] : m.r_a) mean_r_a += r * q;
  std::vector<double> nash_mass(18, 0.0), ks_mass(18, 0.0);
  double no_agreement = 0.0;
  for (std::size_t ha = 0; ha < m.weights_a.size(); ++ha)
    for (const auto& [ra, qa] : m.r_a)
      for (std::size_t hb = 0; hb < m.weights_b.size(); ++hb) {
        const double mass = m.p_a[ha] * qa * m.p_b[hb];
        double best = -1.0, best_ks = -1e300;
        int choice = -1, choice_ks = -1;
        double ideal_a = 0.0, ideal_b = 0.0;
        for (const auto& x : packages) {
          ideal_a = std::max(ideal_a, utility(kValuesA, m.weights_a[ha], x));
          ideal_b = std::max(ideal_b, utility(kValuesB, m.weights_b[hb], x));
        }
        for (std::size_t j = 0; j < packages.size(); ++j) {
          const double ga = utility(kValuesA, m.weights_a[ha], packages[j]) - ra;
          const double gb = utility(kValuesB, m.weights_b[hb], packages[j]) - m.r_b;
          if (ga < 0 || gb < 0) continue;
          if (ga * gb > best) {
            best = ga * gb;
            choice = static_cast<int>(j);
          }
          const double ks = std::min(ga / (ideal_a - ra), gb / (ideal_b - m.r_b));
          if (ks > best_ks) {
            best_ks = ks;
            choice_ks = static_cast<int>(j);
          }
        }
        if (choice < 0)
          no_agreement += mass;
        else
          nash_mass[choice] += mass;
        if (choice_ks >= 0) ks_mass[choice_ks] += mass;
      }
  EXPECT_NEAR(analysis.no_agreement.value, no_agreement, 1e-12);
  EXPECT_TRUE(analysis.no_agreement.exact);
  int best_joint = -1;
  double best_joint_value = -1;
  for (std::size_t j = 0; j < packages.size(); ++j) {
    const Package& x = packages[j];
    const RobustPackage* got = find(analysis, outcome_of(x));
    ASSERT_NE(got, nullptr);
    double pa = 0.0, ea = 0.0, mina = 1e9, maxa = -1e9;
    for (std::size_t h = 0; h < m.weights_a.size(); ++h) {
      const double u = utility(kValuesA, m.weights_a[h], x);
      for (const auto& [r, q] : m.r_a) pa += m.p_a[h] * q * (u >= r);
      ea += m.p_a[h] * u;
      mina = std::min(mina, u);
      maxa = std::max(maxa, u);
    }
    double pb = 0.0, eb = 0.0, minb = 1e9;
    for (std::size_t h = 0; h < m.weights_b.size(); ++h) {
      const double u = utility(kValuesB, m.weights_b[h], x);
      pb += m.p_b[h] * (u >= m.r_b);
      eb += m.p_b[h] * u;
      minb = std::min(minb, u);
    }
    EXPECT_NEAR(got->acceptance[0].value, pa, 1e-12) << j;
    EXPECT_NEAR(got->acceptance[1].value, pb, 1e-12) << j;
    EXPECT_TRUE(got->acceptance[0].exact);
    EXPECT_NEAR(got->joint_acceptance.value, pa * pb, 1e-12);
    EXPECT_NEAR(got->expected_utility[0].value, ea, 1e-12);
    EXPECT_NEAR(got->expected_utility[1].value, eb, 1e-12);
    EXPECT_NEAR(got->min_utility[0], mina, 1e-12);
    EXPECT_NEAR(got->max_utility[0], maxa, 1e-12);
    EXPECT_EQ(got->robustly_rational[0], mina >= 0.5);
    EXPECT_EQ(got->robustly_rational[1], minb >= 0.4);
    EXPECT_NEAR(got->nash_acceptability.value, nash_mass[j], 1e-12) << j;
    EXPECT_NEAR(got->ks_acceptability.value, ks_mass[j], 1e-12) << j;
    // Theorem 1: the expected Nash product (over every combination, negative gains included)
    // is the product of the expected gains.
    double expected_product = 0.0;
    for (std::size_t ha = 0; ha < m.weights_a.size(); ++ha)
      for (const auto& [ra, qa] : m.r_a)
        for (std::size_t hb = 0; hb < m.weights_b.size(); ++hb)
          expected_product += m.p_a[ha] * qa * m.p_b[hb] *
                              (utility(kValuesA, m.weights_a[ha], x) - ra) *
                              (utility(kValuesB, m.weights_b[hb], x) - m.r_b);
    EXPECT_NEAR(expected_product, (ea - mean_r_a) * (eb - m.r_b), 1e-12);
    if (got->nominal_nash_product) {
      EXPECT_NEAR(*got->nominal_nash_product, expected_product, 1e-12);
    }
    if (pa * pb > best_joint_value + 1e-15) {
      best_joint_value = pa * pb;
      best_joint = static_cast<int>(j);
    }
  }
  const auto& most =
      analysis.recommendations[static_cast<std::size_t>(RobustRule::most_acceptable)];
  ASSERT_TRUE(most.package);
  EXPECT_NEAR(analysis.packages[*most.package].joint_acceptance.value, best_joint_value, 1e-12);
  (void)best_joint;
}

// Theorem 2 and the robust solutions, on random mixtures: the minimum over every combination of
// the Nash product equals the product of each party's minimum gain (for robustly rational
// packages), and robust Nash / KS / chance-constrained Nash are the brute-force optima.
TEST(Robust, RobustSolutionsMatchBruteForceOnRandomMixtures) {
  std::mt19937_64 random(20261204);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 20; ++trial) {
    Mixtures m = random_mixtures(random);
    m.r_a = {{0.2 + 0.2 * unit(random), 0.5}, {0.2 + 0.3 * unit(random), 0.5}};
    if (m.r_a[0].first == m.r_a[1].first) m.r_a.pop_back();
    if (m.r_a[0].first > m.r_a.back().first) std::swap(m.r_a[0], m.r_a.back());
    m.r_b = 0.2 + 0.3 * unit(random);
    const auto scenario = scenario_from(m.yaml());
    RobustOptions options;
    options.listed = 18;
    options.alpha = 0.5;
    const RobustAnalysis analysis = analyse_robust(*scenario, options);
    // YAML wrote the numbers with 6 decimals: use what the scenario holds.
    const auto& ua = *scenario->party(0).uncertainty;
    const auto& ub = *scenario->party(1).uncertainty;
    const double high_r_a = ua.walk_away.highest(), r_b = ub.walk_away.highest();
    double best_robust = -1.0, best_chance = -1.0;
    Outcome robust_choice, chance_choice;
    for (const auto& x : all_packages()) {
      double min_a = 1e9, min_b = 1e9, min_product = 1e9;
      for (const auto& ca : ua.mixture)
        for (const auto& cb : ub.mixture) {
          const double ga = utility(kValuesA, ca.weights, x) - high_r_a;
          const double gb = utility(kValuesB, cb.weights, x) - r_b;
          min_a = std::min(min_a, ga);
          min_b = std::min(min_b, gb);
          min_product = std::min(min_product, ga * gb);
        }
      const RobustPackage* got = find(analysis, outcome_of(x));
      ASSERT_NE(got, nullptr);
      if (min_a >= 0 && min_b >= 0) {
        EXPECT_NEAR(min_product, min_a * min_b, 1e-12);  // Theorem 2
        if (min_a * min_b > best_robust) {
          best_robust = min_a * min_b;
          robust_choice = outcome_of(x);
        }
      }
      if (got->nominal_nash_product && got->joint_acceptance.value >= 0.5 &&
          *got->nominal_nash_product > best_chance) {
        best_chance = *got->nominal_nash_product;
        chance_choice = outcome_of(x);
      }
    }
    const auto& robust =
        analysis.recommendations[static_cast<std::size_t>(RobustRule::robust_nash)];
    if (best_robust < 0) {
      EXPECT_FALSE(robust.package) << trial;
    } else {
      ASSERT_TRUE(robust.package) << trial;
      EXPECT_NEAR(robust.criterion, best_robust, 1e-12);
      EXPECT_EQ(analysis.packages[*robust.package].outcome, robust_choice);
    }
    const auto& chance =
        analysis.recommendations[static_cast<std::size_t>(RobustRule::chance_constrained_nash)];
    if (best_chance < 0) {
      EXPECT_FALSE(chance.package);
    } else {
      ASSERT_TRUE(chance.package);
      EXPECT_NEAR(chance.criterion, best_chance, 1e-12);
    }
  }
}

namespace {

// Two issues, party A's weight of issue a uniform on [0.3, 0.7] (a segment: one free weight).
std::string segment_yaml(const std::string& walk_away) {
  return std::string(R"(parley: 1
name: segment
issues:
  - {name: a, options: [x, y, z]}
  - {name: b, options: [p, q, r]}
parties:
  - name: A
    walk_away: 0.5
    weights: {a: 0.5, b: 0.5}
    utilities:
      a: {x: 1, y: 0.6, z: 0}
      b: {p: 0, q: 0.45, r: 1}
    uncertainty:
      weights: {a: [0.3, 0.7]}
      walk_away: )") +
         walk_away + R"(
  - name: B
    walk_away: 0.3
    weights: {a: 0.5, b: 0.5}
    utilities:
      a: {x: 0, y: 0.5, z: 1}
      b: {p: 1, q: 0.5, r: 0}
)";
}

// P(t a0 + (1 - t) a1 >= r), t uniform on [0.3, 0.7] and r drawn from `law`, by a fine
// midpoint grid over (t, r).
double segment_oracle(double a0, double a1, const WalkAwayLaw& law) {
  const int steps = 4000;
  double p = 0.0;
  for (int i = 0; i < steps; ++i) {
    const double t = 0.3 + 0.4 * (i + 0.5) / steps;
    const double u = t * a0 + (1 - t) * a1;
    p += law.probability_at_most(u);
  }
  return p / steps;
}

}  // namespace

TEST(Robust, OneFreeWeightIsExactAgainstTheClosedFormAndMonteCarloAgrees) {
  for (const std::string law_text : {"0.5", "[0.4, 0.6]", "{triangular: [0.35, 0.55, 0.7]}",
                                     "{values: [0.45, 0.6], probabilities: [0.25, 0.75]}"}) {
    const auto scenario = scenario_from(segment_yaml(law_text));
    const WalkAwayLaw& law = scenario->party(0).uncertainty->walk_away;
    RobustOptions options;
    options.listed = 9;
    options.samples = 20'000;
    const RobustAnalysis exact = analyse_robust(*scenario, options);
    options.monte_carlo = true;
    const RobustAnalysis mc = analyse_robust(*scenario, options);
    EXPECT_TRUE(exact.parties[0].acceptance_exact) << law_text;
    EXPECT_FALSE(mc.parties[0].acceptance_exact);
    const std::vector<double> a0 = {1, 0.6, 0}, a1 = {0, 0.45, 1};
    int checked = 0;
    for (ValueIndex x = 0; x < 3; ++x)
      for (ValueIndex y = 0; y < 3; ++y) {
        const RobustPackage* e = find(exact, {x, y});
        const RobustPackage* m = find(mc, {x, y});
        ASSERT_TRUE(e && m);
        const double oracle = segment_oracle(a0[x], a1[y], law);
        // The grid's own error is below 1e-4 (piecewise-linear integrand, 4000 cells).
        EXPECT_NEAR(e->acceptance[0].value, oracle, 2e-4) << law_text << " " << x << y;
        // Monte Carlo within 4 standard errors of the exact value (or exactly right when the
        // probability is 0 or 1).
        const double se = m->acceptance[0].standard_error;
        EXPECT_LE(std::fabs(m->acceptance[0].value - e->acceptance[0].value),
                  std::max(4.0 * se, 1e-12))
            << law_text << " " << x << y;
        // E[u]: the midpoint weight 0.5.
        EXPECT_NEAR(e->expected_utility[0].value, 0.5 * a0[x] + 0.5 * a1[y], 1e-12);
        EXPECT_NEAR(e->min_utility[0],
                    std::min(0.3 * a0[x] + 0.7 * a1[y], 0.7 * a0[x] + 0.3 * a1[y]), 1e-12);
        ++checked;
      }
    EXPECT_EQ(checked, 9);
  }
}

// The questions on the Monte Carlo path: A's weight of a is uniform on [0.3, 0.7] (hit-and-run
// on a segment), so "does a weigh at least t of A's total?" has P(yes) = (0.7 - t) / 0.4 exactly;
// each weight question's estimate is within 4 standard errors of it, and a comparison of two
// packages for A (a line in the weight) likewise.
TEST(Robust, QuestionsOnTheMonteCarloPathAgreeWithTheSegmentsClosedForm) {
  const auto scenario = scenario_from(segment_yaml("[0.4, 0.6]"));
  RobustOptions options;
  options.samples = 20'000;
  options.questions = 10'000;
  const RobustAnalysis analysis = analyse_robust(*scenario, options);
  const std::vector<double> a0 = {1, 0.6, 0}, a1 = {0, 0.45, 1};
  int weights = 0, comparisons = 0;
  for (const auto& q : analysis.questions) {
    EXPECT_FALSE(q.yes.exact);
    EXPECT_EQ(q.party, 0u);  // B's preferences are known: nothing to ask B
    double exact = -1.0;
    if (q.kind == RobustQuestion::Kind::weight) {
      // a's and b's weights are both uniform on [0.3, 0.7] (b's is 1 - a's).
      exact = std::clamp((0.7 - q.threshold) / 0.4, 0.0, 1.0);
      ++weights;
    } else if (q.kind == RobustQuestion::Kind::compare) {
      // t a(x) + (1 - t) b(x) >= t a(y) + (1 - t) b(y): t (da - db) >= -db, t uniform.
      const double da = a0[q.first[0]] - a0[q.second[0]], db = a1[q.first[1]] - a1[q.second[1]];
      const double slope = da - db;
      if (slope == 0.0) continue;
      const double cut = -db / slope;
      exact = slope > 0 ? std::clamp((0.7 - cut) / 0.4, 0.0, 1.0)
                        : std::clamp((cut - 0.3) / 0.4, 0.0, 1.0);
      ++comparisons;
    } else {
      continue;
    }
    EXPECT_LE(std::fabs(q.yes.value - exact), 4.0 * q.yes.standard_error + 1e-12)
        << to_string(q.kind) << " " << q.yes.value << " vs " << exact;
  }
  EXPECT_GE(weights, 1);  // one per weight: a threshold on a, or on b
  EXPECT_GE(comparisons, 2);
}

TEST(Robust, TwoFreeWeightsAreExactAgainstAGridOverTheSimplex) {
  const auto scenario = scenario_from(R"(parley: 1
name: polygon
issues:
  - {name: a, options: [x, y]}
  - {name: b, options: [p, q]}
  - {name: c, options: [s, t]}
parties:
  - name: A
    walk_away: 0.45
    weights: {a: 0.3, b: 0.3, c: 0.4}
    utilities:
      a: {x: 1, y: 0.2}
      b: {p: 0, q: 0.9}
      c: {s: 0.7, t: 0}
    uncertainty:
      weights: {a: [0.2, 0.5], b: [0.1, 0.4]}
      ratios:
        - {issues: [c], over: [a], at_least: 0.5}
  - name: B
    walk_away: 0.2
    weights: {a: 0.3, b: 0.3, c: 0.4}
    utilities:
      a: {x: 0, y: 1}
      b: {p: 1, q: 0}
      c: {s: 0, t: 1}
)");
  RobustOptions options;
  options.listed = 8;
  const RobustAnalysis analysis = analyse_robust(*scenario, options);
  ASSERT_TRUE(analysis.parties[0].acceptance_exact) << analysis.parties[0].acceptance_method;
  ASSERT_TRUE(analysis.parties[0].mean_weight_exactness.exact);
  // Grid: w1 = i/G, w2 = j/G (uniform in area on the simplex's projection), w3 = 1 - w1 - w2.
  const int G = 1500;
  const double values[3][2] = {{1, 0.2}, {0, 0.9}, {0.7, 0}};
  std::vector<std::array<double, 3>> inside;
  for (int i = 0; i <= G; ++i)
    for (int j = 0; i + j <= G; ++j) {
      const double w1 = (i + 0.0) / G, w2 = (j + 0.0) / G, w3 = 1 - w1 - w2;
      if (w1 < 0.2 || w1 > 0.5 || w2 < 0.1 || w2 > 0.4 || w3 < 0.5 * w1) continue;
      inside.push_back({w1, w2, w3});
    }
  ASSERT_GT(inside.size(), 10000u);
  std::array<double, 3> mean{0, 0, 0};
  for (const auto& w : inside)
    for (int k = 0; k < 3; ++k) mean[k] += w[k] / inside.size();
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(analysis.parties[0].mean_weights[k], mean[k], 2e-3);
  for (ValueIndex a = 0; a < 2; ++a)
    for (ValueIndex b = 0; b < 2; ++b)
      for (ValueIndex c = 0; c < 2; ++c) {
        std::size_t accepted = 0;
        for (const auto& w : inside)
          accepted += w[0] * values[0][a] + w[1] * values[1][b] + w[2] * values[2][c] >= 0.45;
        const RobustPackage* got = find(analysis, {a, b, c});
        ASSERT_NE(got, nullptr);
        EXPECT_NEAR(got->acceptance[0].value, static_cast<double>(accepted) / inside.size(), 4e-3)
            << a << b << c;
      }
}

TEST(Robust, OptionValueIntervalsAgreeWithTheirClosedForm) {
  // Known weights 0.5 / 0.5; A's value of b=q uniform on [0.2, 0.8]: for (a=y, b=q) the
  // utility is 0.3 + 0.5 V, V ~ U[0.2, 0.8], so P(u >= 0.5) = P(V >= 0.4) = 2/3.
  const auto scenario = scenario_from(R"(parley: 1
name: values
issues:
  - {name: a, options: [x, y]}
  - {name: b, options: [p, q]}
parties:
  - name: A
    walk_away: 0.5
    weights: {a: 0.5, b: 0.5}
    utilities:
      a: {x: 1, y: 0.6}
      b: {p: 0, q: 0.5}
    uncertainty:
      utilities:
        b: {q: [0.2, 0.8]}
  - name: B
    walk_away: 0.2
    weights: {a: 0.5, b: 0.5}
    utilities:
      a: {x: 0, y: 1}
      b: {p: 1, q: 0}
)");
  RobustOptions options;
  options.samples = 40'000;
  options.listed = 4;
  const RobustAnalysis analysis = analyse_robust(*scenario, options);
  const RobustPackage* got = find(analysis, {1, 1});
  ASSERT_NE(got, nullptr);
  EXPECT_FALSE(got->acceptance[0].exact);
  EXPECT_GT(got->acceptance[0].standard_error, 0.0);
  EXPECT_LE(std::fabs(got->acceptance[0].value - 2.0 / 3.0),
            4.0 * got->acceptance[0].standard_error);
  EXPECT_NEAR(got->min_utility[0], 0.3 + 0.1, 1e-12);
  EXPECT_NEAR(got->max_utility[0], 0.3 + 0.4, 1e-12);
  EXPECT_NEAR(got->expected_utility[0].value, 0.55, 1e-12);
}

// The same seed gives the same report, byte for byte; another seed another (Monte Carlo) one.
TEST(Robust, SameSeedSameBytes) {
  const auto scenario = scenario_from(segment_yaml("[0.4, 0.6]"));
  RobustOptions options;
  options.samples = 3000;
  options.monte_carlo = true;
  const std::string first = render_robust_json(*scenario, analyse_robust(*scenario, options));
  const std::string second = render_robust_json(*scenario, analyse_robust(*scenario, options));
  EXPECT_EQ(first, second);
  // Any number of threads: the same bytes.
  for (std::size_t threads : {1u, 3u, 7u}) {
    options.threads = threads;
    EXPECT_EQ(render_robust_json(*scenario, analyse_robust(*scenario, options)), first) << threads;
  }
  options.threads = 0;
  options.seed = 2;
  EXPECT_NE(first, render_robust_json(*scenario, analyse_robust(*scenario, options)));
}

namespace {

// The nominal Nash package of the segment scenario with A's weight of `a` set to t (the other
// rescaled), by brute force; -1 when no package is acceptable to both.
int nash_at(double t) {
  const double a0[3] = {1, 0.6, 0}, a1[3] = {0, 0.45, 1};
  const double b0[3] = {0, 0.5, 1}, b1[3] = {1, 0.5, 0};
  double best = -1.0;
  int choice = -1;
  for (int x = 0; x < 3; ++x)
    for (int y = 0; y < 3; ++y) {
      const double ga = t * a0[x] + (1 - t) * a1[y] - 0.5;
      const double gb = 0.5 * b0[x] + 0.5 * b1[y] - 0.3;
      if (ga < 0 || gb < 0) continue;
      if (ga * gb > best) {
        best = ga * gb;
        choice = 3 * x + y;
      }
    }
  return choice;
}

}  // namespace

TEST(Robust, StabilityIntervalIsWhereBruteForceKeepsTheNashPackage) {
  const auto scenario = scenario_from(segment_yaml("0.5"));
  const RobustAnalysis analysis = analyse_robust(*scenario, {});
  const auto& nominal =
      analysis.recommendations[static_cast<std::size_t>(RobustRule::nominal_nash)];
  ASSERT_TRUE(nominal.package);
  const Outcome xs = analysis.packages[*nominal.package].outcome;
  const int expected = nash_at(0.5);
  ASSERT_EQ(static_cast<int>(3 * xs[0] + xs[1]), expected);
  ASSERT_EQ(analysis.sensitivity.size(), 2u);
  const PartySensitivity& a = analysis.sensitivity[0];
  ASSERT_FALSE(a.weights.empty());
  const WeightStability& w = a.weights[0];
  EXPECT_EQ(w.issue, 0u);
  EXPECT_NEAR(w.nominal, 0.5, 1e-12);
  EXPECT_NEAR(w.set_low, 0.3, 1e-12);
  EXPECT_NEAR(w.set_high, 0.7, 1e-12);
  ASSERT_LT(w.low, w.high);
  for (int j = 1; j < 20; ++j) {
    const double t = w.low + (w.high - w.low) * j / 20.0;
    EXPECT_EQ(nash_at(t), expected) << t;
  }
  if (w.high < 1.0) {
    const int after = nash_at(std::min(1.0, w.high + 1e-7));
    EXPECT_NE(after, expected);
    if (w.above) {
      EXPECT_EQ(after, static_cast<int>(3 * (*w.above)[0] + (*w.above)[1]));
    }
  }
  if (w.low > 0.0) {
    const int before = nash_at(std::max(0.0, w.low - 1e-7));
    EXPECT_NE(before, expected);
    if (w.below) {
      EXPECT_EQ(before, static_cast<int>(3 * (*w.below)[0] + (*w.below)[1]));
    }
  }
  // With two issues the L-infinity change of the weight vector moves w_a by the same amount:
  // the distance is that to the nearer end of the stability interval where something changes.
  double d = 2.0;
  if (w.high < 1.0) d = std::min(d, w.high - 0.5);
  if (w.low > 0.0) d = std::min(d, 0.5 - w.low);
  if (d < 2.0) {
    ASSERT_TRUE(a.distance);
    EXPECT_NEAR(*a.distance, d, 1e-9);
  } else {
    EXPECT_FALSE(a.distance);
  }
}

TEST(Robust, ConflictingStatementsAreReportedWithThePairNeverRelaxed) {
  const std::string text = std::string(kIssues) + R"(parties:
  - name: A
    weights: {a: 0.4, b: 0.3, c: 0.3}
)" + utilities_yaml(kValuesA) +
                           R"(    uncertainty:
      weights: {a: [0.1, 0.2], b: [0.05, 0.3]}
      ratios:
        - {issues: [a], over: [b], at_least: 2}
        - {issues: [c], over: [a], between: [0.5, 1]}
  - name: B
    weights: {a: 0.4, b: 0.3, c: 0.3}
)" + utilities_yaml(kValuesB);
  try {
    scenario_from(text);
    FAIL() << "expected a conflict";
  } catch (const InputError& e) {
    const std::string message = e.what();
    // a <= 0.2 and c <= a force b >= 0.6, beyond b's 0.3: weight of a, weight of b and the
    // second ratio cannot all hold; no pair alone is impossible... the message names them.
    EXPECT_NE(message.find("cannot all hold"), std::string::npos) << message;
    EXPECT_NE(message.find("test.yaml:"), std::string::npos) << message;
    EXPECT_NE(message.find("c weighs 0.5 to 1 times a"), std::string::npos) << message;
  }
}

TEST(Robust, UncertaintyRoundTripsThroughTheNativeWriter) {
  const auto scenario = scenario_from(Mixtures().yaml());
  const std::string written = to_native(*scenario);
  EXPECT_NE(written.find("uncertainty:"), std::string::npos);
  const auto again = scenario_from(written);
  ASSERT_TRUE(again->party(0).uncertainty);
  EXPECT_EQ(again->party(0).uncertainty->statements, scenario->party(0).uncertainty->statements);
  EXPECT_EQ(to_native(*again), written);
  const RobustAnalysis a = analyse_robust(*scenario, {});
  const RobustAnalysis b = analyse_robust(*again, {});
  EXPECT_EQ(render_robust_json(*scenario, a), render_robust_json(*again, b));
}

TEST(Robust, WhatIfFixesAnIssueAndSetsAWalkAway) {
  const auto scenario = scenario_from(segment_yaml("[0.4, 0.6]"));
  RobustOptions options;
  add_what_if(*scenario, options, "fix", "a=y");
  add_what_if(*scenario, options, "walk-away", "A=0.45");
  const RobustAnalysis analysis = analyse_robust(*scenario, options);
  EXPECT_EQ(analysis.package_count, 3u);
  for (const auto& p : analysis.packages) EXPECT_EQ(p.outcome[0], 1u);
  EXPECT_EQ(analysis.parties[0].walk_away_law, "0.45");
  EXPECT_THROW(add_what_if(*scenario, options, "fix", "a=nowhere"), InputError);
  EXPECT_THROW(add_what_if(*scenario, options, "weight", "A.a=1.5"), InputError);
  EXPECT_THROW(add_what_if(*scenario, options, "walk-away", "C=0.3"), InputError);
  RobustOptions outside;
  add_what_if(*scenario, outside, "weight", "A.a=0.9");  // the statements allow [0.3, 0.7]
  EXPECT_THROW(analyse_robust(*scenario, outside), InputError);
  RobustOptions inside;
  add_what_if(*scenario, inside, "weight", "A.a=0.6");
  const RobustAnalysis cut = analyse_robust(*scenario, inside);
  EXPECT_NEAR(cut.parties[0].mean_weights[0], 0.6, 1e-12);
}

namespace {

// One combination of the mixtures' atoms: its mass, A's weights and walk-away, B's weights, and
// the brute-force Nash choice (-1: no agreement).
struct Combination {
  double mass;
  std::vector<double> wa;
  double ra;
  std::vector<double> wb;
  int nash;
};

std::vector<Combination> combinations(const Scenario& scenario) {
  const auto& ua = *scenario.party(0).uncertainty;
  const auto& ub = *scenario.party(1).uncertainty;
  const double rb = ub.walk_away.highest();
  const auto packages = all_packages();
  std::vector<Combination> out;
  for (const auto& ca : ua.mixture)
    for (const auto& [ra, qa] : ua.walk_away.atoms)
      for (const auto& cb : ub.mixture) {
        Combination c{ca.probability * qa * cb.probability, ca.weights, ra, cb.weights, -1};
        double best = -1.0;
        for (std::size_t j = 0; j < packages.size(); ++j) {
          const double ga = utility(kValuesA, ca.weights, packages[j]) - ra;
          const double gb = utility(kValuesB, cb.weights, packages[j]) - rb;
          if (ga >= 0 && gb >= 0 && ga * gb > best) {
            best = ga * gb;
            c.nash = static_cast<int>(j);
          }
        }
        out.push_back(std::move(c));
      }
  return out;
}

double entropy(const std::map<int, double>& masses) {
  double total = 0.0, h = 0.0;
  for (const auto& [choice, m] : masses) total += m;
  for (const auto& [choice, m] : masses)
    if (m > 0) h -= m / total * std::log2(m / total);
  return h;
}

// The information (bits) an answer brings about the Nash choice, by brute force; P(yes) too.
std::pair<double, double> information(const std::vector<Combination>& combos,
                                      const std::function<bool(const Combination&)>& yes) {
  std::map<int, double> all, when_yes, when_no;
  double p_yes = 0.0;
  for (const auto& c : combos) {
    all[c.nash] += c.mass;
    (yes(c) ? when_yes : when_no)[c.nash] += c.mass;
    p_yes += yes(c) ? c.mass : 0.0;
  }
  return {entropy(all) - p_yes * entropy(when_yes) - (1 - p_yes) * entropy(when_no), p_yes};
}

int package_index(const Outcome& o) { return static_cast<int>(o[0] * 6 + o[1] * 3 + o[2]); }

}  // namespace

// The questions to ask next, on random mixtures (every combination exact): each reported
// question's P(yes) and information equal brute force over the combinations, they come most
// informative first, and no comparison or acceptance question about the packages that are ever
// the Nash choice brings more than the first.
TEST(Robust, QuestionsToAskNextMatchBruteForceInformation) {
  std::mt19937_64 random(20261205);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int checked = 0, optimality_checked = 0;
  std::map<RobustQuestion::Kind, int> kinds;
  for (int trial = 0; trial < 20; ++trial) {
    SCOPED_TRACE(trial);
    Mixtures m = random_mixtures(random);
    m.r_b = 0.1 + 0.2 * unit(random);
    const auto scenario = scenario_from(m.yaml());
    RobustOptions options;
    options.questions = 1000;  // every question that brings something, to check each
    const RobustAnalysis analysis = analyse_robust(*scenario, options);
    const auto combos = combinations(*scenario);
    std::map<int, double> choices;
    for (const auto& c : combos) choices[c.nash] += c.mass;
    EXPECT_NEAR(analysis.nash_entropy, entropy(choices), 1e-12);
    if (choices.size() < 2) {
      EXPECT_TRUE(analysis.questions.empty());
      continue;
    }
    const auto packages = all_packages();
    auto answer = [&](const RobustQuestion& q) -> std::function<bool(const Combination&)> {
      const Package x =
          q.first.empty() ? Package{} : packages[static_cast<std::size_t>(package_index(q.first))];
      switch (q.kind) {
        case RobustQuestion::Kind::compare: {
          const Package y = packages[static_cast<std::size_t>(package_index(q.second))];
          return [=](const Combination& c) {
            return q.party == 0 ? utility(kValuesA, c.wa, x) >= utility(kValuesA, c.wa, y)
                                : utility(kValuesB, c.wb, x) >= utility(kValuesB, c.wb, y);
          };
        }
        case RobustQuestion::Kind::accept:
          return [=, rb = scenario->party(1).reservation_value](const Combination& c) {
            return q.party == 0 ? utility(kValuesA, c.wa, x) >= c.ra
                                : utility(kValuesB, c.wb, x) >= rb;
          };
        case RobustQuestion::Kind::weight:
          return [=](const Combination& c) {
            return (q.party == 0 ? c.wa : c.wb)[q.issue] >= q.threshold;
          };
      }
      return {};
    };
    ASSERT_FALSE(analysis.questions.empty());
    for (std::size_t j = 0; j < analysis.questions.size(); ++j) {
      const RobustQuestion& q = analysis.questions[j];
      const auto [info, p_yes] = information(combos, answer(q));
      EXPECT_NEAR(q.information, info, 1e-12) << j;
      EXPECT_NEAR(q.yes.value, p_yes, 1e-12) << j;
      EXPECT_TRUE(q.yes.exact);
      if (j > 0) {
        EXPECT_LE(q.information, analysis.questions[j - 1].information);
      }
      ++checked;
      ++kinds[q.kind];
    }
    // No better comparison or acceptance question among the Nash choices (at most 8 of them
    // are candidates first: check only when they all are).
    std::vector<int> nash_packages;
    for (const auto& [choice, mass] : choices)
      if (choice >= 0) nash_packages.push_back(choice);
    if (nash_packages.size() > 8) continue;
    const double best = analysis.questions.front().information;
    ++optimality_checked;
    for (std::size_t party = 0; party < 2; ++party)
      for (int a : nash_packages) {
        const Package x = packages[static_cast<std::size_t>(a)];
        const double r = party == 0 ? 0.0 : scenario->party(1).reservation_value;
        const auto [accept_info, p] = information(combos, [&](const Combination& c) {
          return party == 0 ? utility(kValuesA, c.wa, x) >= c.ra : utility(kValuesB, c.wb, x) >= r;
        });
        EXPECT_LE(accept_info, best + 1e-12);
        for (int b : nash_packages) {
          const Package y = packages[static_cast<std::size_t>(b)];
          const auto [compare_info, q] = information(combos, [&](const Combination& c) {
            return party == 0 ? utility(kValuesA, c.wa, x) >= utility(kValuesA, c.wa, y)
                              : utility(kValuesB, c.wb, x) >= utility(kValuesB, c.wb, y);
          });
          EXPECT_LE(compare_info, best + 1e-12);
        }
      }
  }
  EXPECT_GT(checked, 20);
  EXPECT_GT(optimality_checked, 5);
  EXPECT_EQ(kinds.size(), 3u);  // every kind of question was checked
}

namespace {

// Six issues of four options (4,096 packages), random value tables, mixtures of weights on both
// sides and a discrete walk-away for A: small enough to enumerate, large enough that the
// frontiers hold only some of the packages.
struct SixIssues {
  std::vector<std::vector<std::vector<double>>> values;  // party, issue, option
  std::vector<std::vector<std::vector<double>>> atoms;   // party, component, issue
  std::vector<std::vector<double>> probabilities;        // party, component

  explicit SixIssues(std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    values.assign(2, std::vector<std::vector<double>>(6, std::vector<double>(4)));
    for (std::size_t p = 0; p < 2; ++p)
      for (auto& issue : values[p]) {
        // Opposed: A's values fall along the options, B's rise (with noise), best worth 1.
        for (std::size_t o = 0; o < 4; ++o) {
          const double trend = p == 0 ? 1.0 - o / 3.0 : o / 3.0;
          issue[o] = std::round((0.7 * trend + 0.3 * unit(random)) * 1000.0) / 1000.0;
        }
        const double best = *std::max_element(issue.begin(), issue.end());
        for (double& v : issue) v = std::round(v / best * 1000.0) / 1000.0;
      }
    for (std::size_t components : {3u, 2u}) {
      atoms.emplace_back();
      probabilities.emplace_back();
      for (std::size_t h = 0; h < components; ++h) {
        std::vector<double> w(6);
        for (double& x : w) x = 1.0 + std::round(unit(random) * 9.0);
        atoms.back().push_back(w);
        probabilities.back().push_back(h == 0 ? 0.5 : 0.5 / static_cast<double>(components - 1));
      }
    }
  }
  std::string yaml() const {
    std::string text = "parley: 1\nname: six\nissues:\n";
    for (int i = 0; i < 6; ++i)
      text += "  - {name: i" + std::to_string(i) + ", options: [o0, o1, o2, o3]}\n";
    text += "parties:\n";
    for (int p = 0; p < 2; ++p) {
      text += std::string("  - name: ") + (p ? "B" : "A") + "\n    walk_away: 0.3\n";
      text += "    weights: {i0: 1, i1: 1, i2: 1, i3: 1, i4: 1, i5: 1}\n    utilities:\n";
      for (int i = 0; i < 6; ++i) {
        text += "      i" + std::to_string(i) + ": {";
        for (int o = 0; o < 4; ++o)
          text += (o ? ", o" : "o") + std::to_string(o) + ": " + std::to_string(values[p][i][o]);
        text += "}\n";
      }
      text += "    uncertainty:\n      mixture:\n";
      for (std::size_t h = 0; h < atoms[p].size(); ++h) {
        text += "        - {probability: " + std::to_string(probabilities[p][h]) + ", weights: {";
        for (int i = 0; i < 6; ++i)
          text += (i ? ", i" : "i") + std::to_string(i) + ": " + std::to_string(atoms[p][h][i]);
        text += "}}\n";
      }
      if (p == 0) text += "      walk_away: {values: [0.25, 0.4], probabilities: [0.5, 0.5]}\n";
    }
    return text;
  }
};

}  // namespace

// Large spaces: forced into candidate mode (max_packages below the space's 4,096 packages), with
// few enough atoms that every combination of them is a candidate parameter vector. Every draw's
// Nash choice is Pareto-optimal for its draw, so it is a candidate: the Nash acceptabilities
// over the candidates are those of the full enumeration and sum with no agreement to 1;
// per-package numbers do not depend on the set; and no candidate is necessarily dominated by a
// package of the nominal frontier (brute force over every package).
TEST(Robust, LargeSpaceCandidatesHoldEveryDrawsNashChoice) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    const SixIssues six(seed);
    const auto scenario = scenario_from(six.yaml());
    RobustOptions full_options;
    full_options.listed = 4096;
    RobustOptions candidate_options = full_options;
    candidate_options.max_packages = 4000;
    const RobustAnalysis full = analyse_robust(*scenario, full_options);
    const RobustAnalysis candidates = analyse_robust(*scenario, candidate_options);
    EXPECT_FALSE(full.candidates_only);
    ASSERT_TRUE(candidates.candidates_only);
    EXPECT_EQ(candidates.space_size, "4096");
    EXPECT_EQ(candidates.candidate_vectors, 12u);  // A: mean + 3 components; B: mean + 2
    EXPECT_LT(candidates.package_count, 1000u);
    EXPECT_GT(candidates.package_count, 50u);  // 301, 401 and 129 for these seeds
    ASSERT_EQ(candidates.packages.size(), candidates.package_count);  // all listed
    double total = candidates.no_agreement.value;
    for (const auto& p : candidates.packages) {
      const RobustPackage* f = find(full, p.outcome);
      ASSERT_NE(f, nullptr);
      total += p.nash_acceptability.value;
      EXPECT_NEAR(p.nash_acceptability.value, f->nash_acceptability.value, 1e-12);
      for (std::size_t q = 0; q < 2; ++q) {
        EXPECT_NEAR(p.acceptance[q].value, f->acceptance[q].value, 1e-12);
        EXPECT_NEAR(p.expected_utility[q].value, f->expected_utility[q].value, 1e-12);
        EXPECT_NEAR(p.min_utility[q], f->min_utility[q], 1e-12);
        EXPECT_NEAR(p.max_utility[q], f->max_utility[q], 1e-12);
      }
    }
    EXPECT_NEAR(total, 1.0, 1e-12);
    EXPECT_NEAR(candidates.no_agreement.value, full.no_agreement.value, 1e-12);
    for (RobustRule rule : {RobustRule::nominal_nash, RobustRule::most_often_nash}) {
      const auto& a = full.recommendations[static_cast<std::size_t>(rule)];
      const auto& b = candidates.recommendations[static_cast<std::size_t>(rule)];
      ASSERT_TRUE(a.package && b.package);
      EXPECT_EQ(full.packages[*a.package].outcome, candidates.packages[*b.package].outcome);
      EXPECT_NEAR(a.criterion, b.criterion, 1e-12);
    }
    // Brute force over the 4,096 packages with the scenario's (normalised) atoms.
    std::vector<const PartyUncertainty*> u{scenario->party(0).uncertainty.get(),
                                           scenario->party(1).uncertainty.get()};
    auto value = [&](std::size_t p, const std::vector<double>& w, const Outcome& x) {
      double sum = 0.0;
      for (std::size_t i = 0; i < 6; ++i) sum += w[i] * six.values[p][i][x[i]];
      return sum;
    };
    auto mean = [&](std::size_t p, const Outcome& x) {
      double sum = 0.0;
      for (const auto& c : u[p]->mixture) sum += c.probability * value(p, c.weights, x);
      return sum;
    };
    std::vector<Outcome> all;
    for (std::uint32_t index = 0; index < 4096; ++index) {
      Outcome x(6);
      for (std::size_t i = 0; i < 6; ++i) x[i] = (index >> (2 * (5 - i))) & 3u;
      all.push_back(x);
    }
    std::vector<Outcome> nominal_frontier;
    for (const auto& y : all) {
      bool pareto = true;
      for (const auto& z : all) {
        if (mean(0, z) >= mean(0, y) - 1e-12 && mean(1, z) >= mean(1, y) - 1e-12 &&
            (mean(0, z) > mean(0, y) + 1e-12 || mean(1, z) > mean(1, y) + 1e-12)) {
          pareto = false;
          break;
        }
      }
      if (pareto) nominal_frontier.push_back(y);
    }
    for (const auto& p : candidates.packages)
      for (const auto& y : nominal_frontier) {
        bool at_least = true;
        for (std::size_t q = 0; q < 2; ++q)
          for (const auto& c : u[q]->mixture)
            at_least = at_least && value(q, c.weights, y) >= value(q, c.weights, p.outcome) - 1e-12;
        const bool better =
            mean(0, y) > mean(0, p.outcome) + 1e-12 || mean(1, y) > mean(1, p.outcome) + 1e-12;
        EXPECT_FALSE(at_least && better);
      }
  }
}

// utility_of: a bound on a whole package's utility is a linear statement on the weights. With
// a(x) = 1, b(p) = 0, u(x, p) = w_a: "utility of {a=x, b=p} between 0.3 and 0.6" is w_a in
// [0.3, 0.6]; bounds that cannot hold are refused naming both; a package must name every issue.
TEST(Robust, UtilityBoundsOfPackagesAreLinearStatementsOnTheWeights) {
  auto yaml = [](const std::string& bounds) {
    return std::string(R"(parley: 1
name: bounds
issues:
  - {name: a, options: [x, y]}
  - {name: b, options: [p, q]}
parties:
  - name: A
    walk_away: 0.2
    weights: {a: 0.5, b: 0.5}
    utilities:
      a: {x: 1, y: 0}
      b: {p: 0, q: 1}
    uncertainty:
      utility_of:
)") + bounds +
           R"(
  - name: B
    walk_away: 0.2
    weights: {a: 0.5, b: 0.5}
    utilities:
      a: {x: 0, y: 1}
      b: {p: 1, q: 0}
)";
  };
  const auto scenario =
      scenario_from(yaml("        - {package: {a: x, b: p}, between: [0.3, 0.6]}"));
  const PartyUncertainty& u = *scenario->party(0).uncertainty;
  ASSERT_TRUE(u.weight_set);
  const std::vector<double> wa{1.0, 0.0};
  EXPECT_NEAR(u.weight_set->minimum(wa), 0.3, 1e-12);
  EXPECT_NEAR(u.weight_set->maximum(wa), 0.6, 1e-12);
  ASSERT_EQ(u.statements.size(), 1u);
  EXPECT_EQ(u.statements[0], "utility of {a=x, b=p} between 0.3 and 0.6");
  // One free weight: exact acceptance. P(u(x, q) = 1 >= 0.2) = 1; P(u(y, p) = 0) = 0;
  // u(x, p) = w_a uniform on [0.3, 0.6] >= 0.2 always.
  RobustOptions options;
  options.listed = 4;
  const RobustAnalysis analysis = analyse_robust(*scenario, options);
  EXPECT_TRUE(analysis.parties[0].acceptance_exact);
  const RobustPackage* xp = find(analysis, {0, 0});
  ASSERT_NE(xp, nullptr);
  EXPECT_NEAR(xp->expected_utility[0].value, 0.45, 1e-12);
  EXPECT_NEAR(xp->min_utility[0], 0.3, 1e-12);
  // Round trip through the native writer.
  Warnings warnings;
  const auto again = parse_native(to_native(*scenario), "again.yaml", warnings);
  EXPECT_EQ(again->party(0).uncertainty->statements, u.statements);
  // Conflicting bounds name both; a partial package is refused.
  try {
    scenario_from(
        yaml("        - {package: {a: x, b: p}, between: [0.3, 0.4]}\n"
             "        - {package: {a: y, b: q}, between: [0.8, 0.9]}"));
    ADD_FAILURE() << "loaded";
  } catch (const InputError& e) {
    // u(y, q) = w_b = 1 - w_a in [0.8, 0.9] needs w_a in [0.1, 0.2]: no w_a in [0.3, 0.4].
    EXPECT_NE(std::string(e.what()).find("utility of {a=x, b=p} between 0.3 and 0.4"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("utility of {a=y, b=q} between 0.8 and 0.9"),
              std::string::npos)
        << e.what();
  }
  try {
    scenario_from(yaml("        - {package: {a: x}, between: [0.3, 0.6]}"));
    ADD_FAILURE() << "loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("a package without 'b'"), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), 15);
  }
}
