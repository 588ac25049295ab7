// `parley solve --json` is deterministic under the default work budget (issue 13): the ANAC 2014
// 10-issue nonlinear domain (anytime search) solved twice, the second time while every hardware
// thread spins, prints the same JSON byte for byte once timing keys are removed (label: corpus).
#include <gtest/gtest.h>

#include <string>

#include "../analysis/budget_test_support.hpp"
#include "cli_test_support.hpp"
#include "test_support.hpp"

namespace {

TEST(BudgetCli, SolveJsonIsTheSameUnderLoad) {
  PARLEY_REQUIRE_CORPUS();
  const auto folder = parley::test::corpus_dir() / "genius" / "anac2014" / "10issues";
  const std::string arguments = "solve --json '" + folder.string() + "'";
  const auto first = parley::test::run_parley(arguments);
  ASSERT_EQ(first.status, 0) << first.out;
  parley::test::ParleyRun second;
  {
    parley::test::BusyLoad load;
    second = parley::test::run_parley(arguments);
  }
  ASSERT_EQ(second.status, 0) << second.out;
  // A report that says nothing about the frontier would compare equal trivially.
  ASSERT_NE(first.out.find("\"hypervolume\""), std::string::npos) << first.out.substr(0, 2000);
  EXPECT_TRUE(parley::test::same_report(first.out, second.out));
}

}  // namespace
