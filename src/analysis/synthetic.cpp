#include "parley/analysis/synthetic.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>

#include "parley/support/error.hpp"

namespace parley {
namespace {

const std::string kOrigin = "synthetic scenario";

// The generator documented in the header.
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  double next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) * 0x1.0p-53;
  }
  // An integer in [0, n), n >= 1.
  std::size_t below(std::size_t n) {
    const auto drawn = static_cast<std::size_t>(next() * static_cast<double>(n));
    return std::min(n - 1, drawn);
  }

 private:
  std::uint64_t state_;
};

void check_counts(std::size_t issues, std::size_t values, std::size_t least_values,
                  const char* values_field, std::size_t parties) {
  if (issues < 1)
    throw InputError(kOrigin, std::nullopt, "issues", std::to_string(issues), "at least 1");
  if (values < least_values || values > Issue::max_cardinality)
    throw InputError(kOrigin, std::nullopt, values_field, std::to_string(values),
                     "between " + std::to_string(least_values) + " and " +
                         std::to_string(Issue::max_cardinality));
  if (parties < 2)
    throw InputError(kOrigin, std::nullopt, "parties", std::to_string(parties), "at least 2");
}

// Integer issues "i0", "i1", ... over 0 .. values - 1.
std::vector<Issue> integer_issues(std::size_t issues, std::size_t values) {
  std::vector<Issue> list;
  list.reserve(issues);
  for (std::size_t i = 0; i < issues; ++i)
    list.push_back(
        Issue::integer("i" + std::to_string(i), 0, static_cast<std::int64_t>(values) - 1));
  return list;
}

// `count` weights drawn in order and divided by their sum.
std::vector<double> draw_weights(Lcg& random, std::size_t count) {
  std::vector<double> weights(count);
  double total = 0.0;
  for (auto& weight : weights) {
    weight = random.next();
    total += weight;
  }
  for (auto& weight : weights)
    weight = total > 0.0 ? weight / total : 1.0 / static_cast<double>(count);
  return weights;
}

Party make_party(std::size_t j, std::shared_ptr<const UtilityFunction> utility) {
  Party party;
  party.name = "p" + std::to_string(j);
  party.utility = std::move(utility);
  party.source = kOrigin;
  return party;
}

std::string scenario_name(const char* kind, std::size_t issues, std::size_t values,
                          std::size_t parties) {
  return std::string(kind) + std::to_string(issues) + "x" + std::to_string(values) + "-" +
         std::to_string(parties);
}

}  // namespace

ScenarioPtr make_synthetic_scenario(std::size_t issues, std::size_t options, std::size_t parties) {
  check_counts(issues, options, 1, "options", parties);
  std::vector<Issue> issue_list;
  issue_list.reserve(issues);
  for (std::size_t i = 0; i < issues; ++i) {
    std::vector<Option> option_list;
    option_list.reserve(options);
    for (std::size_t v = 0; v < options; ++v) option_list.push_back({"v" + std::to_string(v), {}});
    issue_list.push_back(Issue::categorical("i" + std::to_string(i), std::move(option_list)));
  }
  std::vector<Party> party_list;
  for (std::size_t j = 0; j < parties; ++j) {
    Lcg random(1 + j);
    std::vector<ValueFunction> functions;
    functions.reserve(issues);
    for (std::size_t i = 0; i < issues; ++i) {
      std::vector<double> values(options);
      for (auto& value : values) value = random.next();
      const double best = *std::max_element(values.begin(), values.end());
      for (auto& value : values) value = best > 0.0 ? value / best : 1.0;
      functions.push_back(ValueFunction::from_utilities(std::move(values)));
    }
    auto weights = draw_weights(random, issues);
    party_list.push_back(make_party(j, std::make_shared<LinearAdditiveUtility>(
                                           issue_list, std::move(weights), std::move(functions))));
  }
  return std::make_shared<const Scenario>(scenario_name("synthetic-", issues, options, parties),
                                          std::move(issue_list), std::move(party_list),
                                          "Synthetic linear-additive scenario", kOrigin);
}

ScenarioPtr make_synthetic_numeric_scenario(std::size_t issues, std::size_t values_per_issue,
                                            std::size_t parties) {
  check_counts(issues, values_per_issue, 2, "values_per_issue", parties);
  std::vector<Issue> issue_list = integer_issues(issues, values_per_issue);
  const double step = 1.0 / static_cast<double>(values_per_issue - 1);
  std::vector<Party> party_list;
  for (std::size_t j = 0; j < parties; ++j) {
    Lcg random(1 + j);
    std::vector<ValueFunction> functions;
    functions.reserve(issues);
    for (std::size_t i = 0; i < issues; ++i)
      functions.push_back(random.next() < 0.5 ? ValueFunction::make_linear(step, 0.0, 0.0, true)
                                              : ValueFunction::make_linear(-step, 1.0, 0.0, true));
    auto weights = draw_weights(random, issues);
    party_list.push_back(make_party(j, std::make_shared<LinearAdditiveUtility>(
                                           issue_list, std::move(weights), std::move(functions))));
  }
  return std::make_shared<const Scenario>(
      scenario_name("synthetic-numeric-", issues, values_per_issue, parties), std::move(issue_list),
      std::move(party_list), "Synthetic linear-additive scenario over integer issues", kOrigin);
}

ScenarioPtr make_synthetic_rectangle_scenario(std::size_t issues, std::size_t options,
                                              std::size_t parties,
                                              std::size_t rectangles_per_party) {
  check_counts(issues, options, 1, "options", parties);
  if (rectangles_per_party < 1)
    throw InputError(kOrigin, std::nullopt, "rectangles_per_party",
                     std::to_string(rectangles_per_party), "at least 1");
  std::vector<Issue> issue_list = integer_issues(issues, options);
  std::vector<Party> party_list;
  for (std::size_t j = 0; j < parties; ++j) {
    Lcg random(1 + j);
    UtilityNode node;  // PlainUfun, sum, weight 1
    double max_utility = 0.0;
    std::vector<std::size_t> order(issues);
    for (std::size_t r = 0; r < rectangles_per_party; ++r) {
      const std::size_t k = std::min(issues, 2 + random.below(3));
      std::iota(order.begin(), order.end(), std::size_t{0});
      for (std::size_t t = 0; t < k; ++t) std::swap(order[t], order[t + random.below(issues - t)]);
      HyperRectangle rectangle;
      for (std::size_t t = 0; t < k; ++t) {
        const auto a = static_cast<double>(random.below(options));
        const auto b = static_cast<double>(random.below(options));
        rectangle.bounds.push_back({order[t], std::min(a, b), std::max(a, b)});
      }
      rectangle.utility = static_cast<double>(1 + random.below(100));
      max_utility += rectangle.utility;
      node.rectangles.push_back(std::move(rectangle));
    }
    std::vector<UtilityNode> nodes;
    nodes.push_back(std::move(node));
    party_list.push_back(make_party(
        j, std::make_shared<HyperRectangleUtility>(issue_list, std::move(nodes), max_utility)));
  }
  return std::make_shared<const Scenario>(
      scenario_name("synthetic-rectangles-", issues, options, parties), std::move(issue_list),
      std::move(party_list), "Synthetic hyper-rectangle (ANAC 2014 style) scenario", kOrigin);
}

}  // namespace parley
