#include <gtest/gtest.h>

#include <memory>

#include "parley/model/scenario.hpp"
#include "parley/support/error.hpp"

using namespace parley;

namespace {
Party make_party(const std::string& name, const std::vector<Issue>& issues,
                 std::vector<double> weights) {
  std::vector<ValueFunction> f;
  for (const auto& issue : issues) {
    std::vector<double> scores;
    for (std::uint32_t v = 0; v < issue.cardinality(); ++v) scores.push_back(v + 1.0);
    f.push_back(ValueFunction::from_scores(scores));
  }
  Party p;
  p.name = name;
  p.utility = std::make_shared<LinearAdditiveUtility>(issues, std::move(weights), std::move(f));
  return p;
}
}  // namespace

TEST(Scenario, DescribesItselfAndParsesPackages) {
  std::vector<Issue> issues{Issue::categorical("A", {{"x", ""}, {"y", ""}}),
                            Issue::integer("B", 1, 3)};
  Scenario s("test", issues,
             {make_party("P", issues, {0.5, 0.5}), make_party("Q", issues, {0.2, 0.8})});
  EXPECT_TRUE(s.is_linear_additive());
  EXPECT_EQ(s.space().size(), 6u);
  auto o = s.parse_outcome("B=2, A=y");
  EXPECT_EQ(o, (Outcome{1, 1}));
  EXPECT_EQ(s.describe(o), "A=y, B=2");
  // P: 0.5*1 + 0.5*(2/3)
  EXPECT_NEAR(s.utility(0, o), 0.5 + 0.5 * 2.0 / 3.0, 1e-12);
  EXPECT_THROW(s.parse_outcome("A=y"), InputError);
  EXPECT_THROW(s.parse_outcome("A=z, B=1"), InputError);
  EXPECT_THROW(s.parse_outcome("C=1, A=x, B=1"), InputError);
  EXPECT_EQ(s.find_party("Q"), 1u);
}

TEST(Scenario, NeedsTwoDistinctParties) {
  std::vector<Issue> issues{Issue::integer("B", 1, 3)};
  EXPECT_THROW(Scenario("one", issues, {make_party("P", issues, {1})}), InputError);
  EXPECT_THROW(
      Scenario("dup", issues, {make_party("P", issues, {1}), make_party("P", issues, {1})}),
      InputError);
}
