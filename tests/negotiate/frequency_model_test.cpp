// The frequency opponent model (src/negotiate/agents/common.hpp) on a small and on a huge
// integer issue: counts are a dense table up to FrequencyModel's limit and a map of the values
// seen beyond it; the estimates must be the hand-computed ones either way.
#include <gtest/gtest.h>

#include "negotiate/agents/common.hpp"
#include "parley/model/scenario.hpp"

namespace parley {
namespace {

// Two parties; issue 0 an integer range [0, upper], issue 1 three options.
ScenarioPtr scenario_with_range(std::int64_t upper) {
  std::vector<Issue> issues{Issue::integer("amount", 0, upper),
                            Issue::categorical("extra", {{"a", {}}, {"b", {}}, {"c", {}}})};
  std::vector<Party> parties(2);
  for (std::size_t j = 0; j < 2; ++j) {
    parties[j].name = j == 0 ? "buyer" : "seller";
    parties[j].utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::vector<double>{0.5, 0.5},
        std::vector<ValueFunction>{ValueFunction::make_linear(j == 0 ? -1.0 / upper : 1.0 / upper,
                                                              j == 0 ? 1.0 : 0.0, 0.0, false),
                                   ValueFunction::from_scores({1, 2, 3})});
  }
  return std::make_shared<const Scenario>("range", issues, parties);
}

void expect_hand_computed_estimates(std::int64_t upper, ValueIndex first, ValueIndex second,
                                    ValueIndex unseen) {
  SCOPED_TRACE(upper);
  const auto s = scenario_with_range(upper);
  agents::FrequencyModel model;
  model.reset(PartyView::of(s, 0, nullptr));
  EXPECT_TRUE(model.empty());
  EXPECT_EQ(model.estimate({first, 1}), 0.0);
  model.update({first, 1}, 0.0);
  // Weights 1/2 each; every count 1 of a maximum of 1.
  EXPECT_DOUBLE_EQ(model.estimate({first, 1}), 1.0);
  EXPECT_DOUBLE_EQ(model.estimate({unseen, 1}), 0.5);
  model.update({second, 1}, 0.0);
  // Issue 1 repeated: its weight gains 0.2 / 2 before normalising: (0.5, 0.6) / 1.1.
  const double w0 = 0.5 / 1.1, w1 = 0.6 / 1.1;
  EXPECT_DOUBLE_EQ(model.estimate({first, 1}), w0 * 1.0 + w1 * 2.0 / 2.0);
  EXPECT_DOUBLE_EQ(model.estimate({unseen, 1}), w1);
  EXPECT_DOUBLE_EQ(model.estimate({second, 0}), w0);
  EXPECT_DOUBLE_EQ(model.estimate({unseen, 2}), 0.0);
}

TEST(FrequencyModel, DenseAndSparseCountsGiveTheSameEstimates) {
  expect_hand_computed_estimates(99, 70, 80, 90);                               // a dense table
  expect_hand_computed_estimates(15'999'999, 7'000'000, 8'000'000, 9'000'000);  // a map
}

}  // namespace
}  // namespace parley
