// `parley divide --json` end to end on the repository's example tables: the JSON (schema
// parley-divide/1, docs/fair-division.md) carries what the text report rounds or leaves out,
// warnings go to stderr and into the JSON, bad input prints nothing on stdout and exits 1.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_test_support.hpp"

namespace {

using parley::test::ParleyRun;
using parley::test::run_parley;

std::string example(const std::string& name) {
  return std::string("'") + PARLEY_SOURCE_DIR + "/examples/" + name + "'";
}

TEST(DivideCli, JsonCarriesTheInitialOwnersAndExactSplit) {
  const auto run = run_parley("divide " + example("estate-points.csv") + " --json");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["schema"], "parley-divide/1");
  EXPECT_EQ(j["method"], "adjusted-winner");
  // Brams and Taylor's divorce (tests/cases/division/aw-brams-taylor-divorce.yaml).
  EXPECT_EQ(j["adjusted_winner"]["initial_owner"],
            nlohmann::json::array({"Bob", "Carol", "Bob", "Bob", "Carol"}));
  EXPECT_EQ(j["adjusted_winner"]["split"]["kept"]["exact"], "5/6");
  EXPECT_EQ(j["adjusted_winner"]["totals"][0]["exact"], "170/3");
  EXPECT_EQ(run_parley("divide " + example("estate-points.csv") + " --json").out, run.out);
  // Without --json: the text report, unchanged.
  const auto text = run_parley("divide " + example("estate-points.csv"));
  EXPECT_EQ(text.out.rfind("Adjusted Winner (Brams and Taylor) between Bob and Carol", 0), 0u)
      << text.out;
}

TEST(DivideCli, JsonGivesRentPricesAtFullPrecision) {
  const auto run = run_parley("divide " + example("rent-rooms.csv") + " --json");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["method"], "rent");
  double sum = 0;
  for (const auto& price : j["rent"]["prices"]) sum += price.get<double>();
  EXPECT_NEAR(sum, j["rent"]["total"]["value"].get<double>(), 1e-6);
  EXPECT_EQ(j["rent"]["rooms"].size(), j["instance"]["agents"].size());
}

TEST(DivideCli, BadInputPrintsNoJsonAndExitsOne) {
  const auto run = run_parley("divide '" + std::string(PARLEY_SOURCE_DIR) +
                              "/tests/fair/data/bad-cell.csv' --json");
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(run.out.empty()) << run.out;
}

}  // namespace
