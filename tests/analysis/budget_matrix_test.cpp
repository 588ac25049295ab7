// The work-budget matrix (issue 13): synthetic scenarios over 2-6 parties, up to 200 issues and up
// to 10^6 values per issue, linear-additive and hyper-rectangle utilities, each analysed with the
// DEFAULT options (so the default work budget). Every case must answer within its budget, without
// the wall clock deciding anything (no time cap is set), with a frontier that is non-empty,
// mutually non-dominated and whose utilities are the scenario's; and a second run under a CPU
// load on every hardware thread must give the same report, byte for byte (timing keys aside).
//
// One source, two binaries (tests/analysis/budget.cmake): PARLEY_BUDGET_HEAVY=0 builds the unit
// part (one case per shape, party counts 2-6 all covered, plus the wall-clock cap; about a minute
// on a 2-core machine, and it also runs under the sanitizers), PARLEY_BUDGET_HEAVY=1 the rest of
// the matrix (label corpus: several minutes). bench/bench_budget_matrix.cpp times every case.
#include <gtest/gtest.h>

#include <iostream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "budget_test_support.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/analysis/synthetic.hpp"

namespace parley {
namespace {

enum class Family { linear, numeric, rectangles };

struct MatrixCase {
  Family family;
  std::size_t issues;
  std::size_t values;  // options (linear, rectangles) or integer values (numeric) per issue
  std::size_t parties;
};

#ifndef PARLEY_BUDGET_HEAVY
#error "PARLEY_BUDGET_HEAVY must be 0 (unit part) or 1 (heavy part): see budget.cmake"
#endif

std::string case_name(const MatrixCase& c) {
  const char* family = c.family == Family::linear    ? "linear"
                       : c.family == Family::numeric ? "numeric"
                                                     : "rectangles";
  return std::string(family) + "_" + std::to_string(c.issues) + "x" + std::to_string(c.values) +
         "_" + std::to_string(c.parties) + "p";
}

ScenarioPtr make_case(const MatrixCase& c) {
  switch (c.family) {
    case Family::linear:
      return make_synthetic_scenario(c.issues, c.values, c.parties);
    case Family::numeric:
      return make_synthetic_numeric_scenario(c.issues, c.values, c.parties);
    case Family::rectangles:
      break;
  }
  return make_synthetic_rectangle_scenario(c.issues, c.values, c.parties);
}

void PrintTo(const MatrixCase& c, std::ostream* out) { *out << case_name(c); }

// The matrix: each shape for every party count 2-6. The unit part takes, for each shape, the
// party count given here (every count 2-6 appears at least once); the heavy part the others.
struct Shape {
  Family family;
  std::size_t issues, values;
  std::size_t unit_parties;
};
constexpr Shape kShapes[] = {
    {Family::linear, 10, 10, 3},        {Family::linear, 200, 5, 5},
    {Family::numeric, 2, 1'000'000, 3}, {Family::numeric, 20, 1000, 6},
    {Family::rectangles, 10, 10, 2},    {Family::rectangles, 40, 10, 4},
};

std::vector<MatrixCase> matrix_cases() {
  std::vector<MatrixCase> cases;
  for (const auto& shape : kShapes)
    for (std::size_t parties = 2; parties <= 6; ++parties)
      if ((parties == shape.unit_parties) == (PARLEY_BUDGET_HEAVY == 0))
        cases.push_back({shape.family, shape.issues, shape.values, parties});
  return cases;
}

// Mutual non-dominance of the frontier's utility vectors, within the frontier's tolerance
// (epsilon_j = tolerance * range_j, range 1 when empty, as frontier.hpp defines it). Every pair
// when the frontier is small; for large ones (10^6 packages) every k-th package against all the
// others, k chosen so that at most about 4 million pairs are compared.
void expect_non_dominated(const Frontier& frontier, std::size_t parties) {
  std::vector<double> epsilon(parties, frontier.tolerance);
  ASSERT_EQ(frontier.ranges.min.size(), parties);
  ASSERT_EQ(frontier.ranges.max.size(), parties);
  for (std::size_t j = 0; j < parties; ++j) {
    const double range = frontier.ranges.max[j] - frontier.ranges.min[j];
    epsilon[j] = frontier.tolerance * (range > 0.0 ? range : 1.0);
  }
  const auto& packages = frontier.packages;
  const std::size_t n = packages.size();
  const std::size_t stride = n <= 2000 ? 1 : (n * n) / 4'000'000 + 1;
  std::size_t violations = 0;
  for (std::size_t a = 0; a < packages.size(); a += stride)
    for (std::size_t b = 0; b < packages.size(); ++b)
      if (a != b && (dominates(packages[b].utilities, packages[a].utilities, epsilon) ||
                     dominates(packages[a].utilities, packages[b].utilities, epsilon))) {
        if (++violations <= 3)
          ADD_FAILURE() << "package " << a << " and package " << b << ": one dominates the other";
      }
  EXPECT_EQ(violations, 0u);
}

class BudgetMatrix : public ::testing::TestWithParam<MatrixCase> {};

TEST_P(BudgetMatrix, AnswersWithinTheDefaultBudgetAndTheSameUnderLoad) {
  const MatrixCase c = GetParam();
  const auto scenario = make_case(c);
  ASSERT_EQ(scenario->party_count(), c.parties);
  const AnalysisOptions options;  // the defaults: the point is the default budget
  ASSERT_EQ(options.frontier.budget, kDefaultWorkBudget);
  ASSERT_EQ(options.frontier.time_cap_seconds, 0.0);

  const Analysis first = analyse(*scenario, options);
  const Frontier& frontier = first.frontier;
  std::cout << case_name(c) << ": method " << to_string(frontier.method) << ", exact "
            << frontier.exact << ", stop " << to_string(frontier.stop) << ", work " << frontier.work
            << " / " << frontier.budget << ", size " << frontier.packages.size() << ", "
            << frontier.seconds << " s; " << frontier.method_reason << "\n";
  EXPECT_EQ(frontier.budget, kDefaultWorkBudget);
  EXPECT_LE(frontier.work, frontier.budget);
  EXPECT_GT(frontier.work, 0u);
  EXPECT_NE(frontier.stop, StopReason::time_cap);
  // An exact frontier is one the method finished; an approximation spent its budget.
  EXPECT_EQ(frontier.stop, frontier.exact ? StopReason::finished : StopReason::budget);
  EXPECT_FALSE(frontier.method_reason.empty());
  ASSERT_FALSE(frontier.packages.empty());
  for (const auto& package : frontier.packages) {
    ASSERT_EQ(package.outcome.size(), c.issues);
    ASSERT_EQ(package.utilities, scenario->utilities(package.outcome));
  }
  expect_non_dominated(frontier, c.parties);

  // The load is on while the analysis runs (the computation whose result must not depend on
  // timing); the reports are rendered afterwards. Identical raw texts are identical without their
  // timing keys too, so the JSON is only parsed and stripped when the raw texts differ.
  std::optional<Analysis> second;
  {
    test::BusyLoad load;
    second = analyse(*scenario, options);
  }
  EXPECT_TRUE(test::same_report(render_report_json(*scenario, first),
                                render_report_json(*scenario, *second)));
}

INSTANTIATE_TEST_SUITE_P(Matrix, BudgetMatrix, ::testing::ValuesIn(matrix_cases()),
                         [](const auto& param_info) { return case_name(param_info.param); });

#if PARLEY_BUDGET_HEAVY == 0
// The wall-clock cap only stops a computation early, and says so: a millisecond on a case that
// needs far longer returns what was found by then, marked time_cap.
TEST(BudgetTimeCap, AMillisecondCapStopsABigCaseEarlyWithAFrontier) {
  const auto scenario = make_synthetic_rectangle_scenario(40, 10, 6);
  AnalysisOptions options;
  options.frontier.time_cap_seconds = 0.001;
  const Analysis analysis = analyse(*scenario, options);
  const Frontier& frontier = analysis.frontier;
  EXPECT_EQ(frontier.stop, StopReason::time_cap);
  EXPECT_FALSE(frontier.exact);
  EXPECT_LT(frontier.work, frontier.budget);
  ASSERT_FALSE(frontier.packages.empty());
  for (const auto& package : frontier.packages)
    EXPECT_EQ(package.utilities, scenario->utilities(package.outcome));
  expect_non_dominated(frontier, 6);
}
#endif

}  // namespace
}  // namespace parley
