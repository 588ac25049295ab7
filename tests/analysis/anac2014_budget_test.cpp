// The ANAC 2014 nonlinear domains (../shared/scenarios/genius/anac2014, 12 folders: 10, 30 and 50
// issues of 10 values, hyper-rectangle utilities, plain / Discounted / withRV variants) analysed
// with the DEFAULT options, i.e. the default work budget (label: corpus). For each folder: three
// runs, the second and third under a CPU load on every hardware thread, must print the same
// report byte for byte (timing keys aside); and the frontier's hypervolume must be at least what
// the old wall-clock search reached.
#include <gtest/gtest.h>

#include <iomanip>
#include <iostream>
#include <optional>
#include <string>

#include "budget_test_support.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

struct Anac2014Case {
  const char* folder;
  // Hypervolume of the frontier found by the OLD code (commit 48bd62b, wall-clock anytime
  // search) in its default time budget of 5 s, measured with that binary on the shared 2-core
  // machine: `parley solve --json --time-budget 5 <folder>` and `parley solve --json <folder>`
  // (the default, also 5 s), frontier.hypervolume; the larger of the two, rounded DOWN to 6
  // decimals (so the test asks for at least what the old search reached). The lead's
  // idle-machine figures, 10issues 0.930918, 30issues 0.984401, 50issues 0.990731, are the same
  // rounded to nearest. With 10 s the old search found the same figures except on 30issueswithRV
  // (0.9791934879 instead of 0.9791688709). The variants do not share their base domain's
  // utility functions (their profiles differ), hence a figure each.
  double old_hypervolume;
};

constexpr Anac2014Case kCases[] = {
    {"10issues", 0.930918},
    {"10issuesDiscounted", 0.924664},
    {"10issuesDiscountedwithRV", 0.947407},
    {"10issueswithRV", 0.871761},
    {"30issues", 0.984400},
    {"30issuesDiscounted", 0.983346},
    {"30issuesDiscountedwithRV", 0.970502},
    {"30issueswithRV", 0.979168},
    {"50issues", 0.990730},
    {"50issuesDiscounted", 0.990788},
    {"50issuesDiscountedwithRV", 0.980815},
    {"50issueswithRV", 0.995903},
};

void PrintTo(const Anac2014Case& c, std::ostream* out) { *out << c.folder; }

class Anac2014Budget : public ::testing::TestWithParam<Anac2014Case> {};

TEST_P(Anac2014Budget, SameReportUnderLoadAndNoWorseThanTheWallClockSearch) {
  PARLEY_REQUIRE_CORPUS();
  const Anac2014Case c = GetParam();
  const auto folder = test::corpus_dir() / "genius" / "anac2014" / c.folder;
  ASSERT_TRUE(std::filesystem::is_directory(folder)) << folder;
  Warnings warnings;
  const auto scenario = load_scenario(folder.string(), warnings);
  ASSERT_EQ(scenario->party_count(), 2u);
  ASSERT_NE(scenario->party(0).utility->as_hyper_rectangle(), nullptr);

  const AnalysisOptions options;  // the defaults: the default work budget, no time cap
  const Analysis first = analyse(*scenario, options);
  const Frontier& frontier = first.frontier;
  std::cout << c.folder << ": method " << to_string(frontier.method) << ", stop "
            << to_string(frontier.stop) << ", work " << frontier.work << " / " << frontier.budget
            << ", size " << frontier.packages.size() << ", hypervolume " << std::setprecision(10)
            << frontier.hypervolume.value_or(-1.0) << std::setprecision(6) << ", "
            << frontier.seconds << " s\n";
  EXPECT_EQ(frontier.budget, kDefaultWorkBudget);
  EXPECT_LE(frontier.work, frontier.budget);
  EXPECT_NE(frontier.stop, StopReason::time_cap);
  ASSERT_FALSE(frontier.packages.empty());
  ASSERT_TRUE(frontier.hypervolume.has_value());
  EXPECT_GE(*frontier.hypervolume, c.old_hypervolume)
      << std::setprecision(12) << "hypervolume " << *frontier.hypervolume
      << " is below the old wall-clock search's " << c.old_hypervolume;

  const std::string expected = render_report_json(*scenario, first);
  for (int run = 2; run <= 3; ++run) {
    std::optional<Analysis> again;
    {
      test::BusyLoad load;
      again = analyse(*scenario, options);
    }
    EXPECT_TRUE(test::same_report(expected, render_report_json(*scenario, *again)))
        << "run " << run;
  }
}

INSTANTIATE_TEST_SUITE_P(Anac2014, Anac2014Budget, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) {
                           return std::string(param_info.param.folder);
                         });

}  // namespace
}  // namespace parley
