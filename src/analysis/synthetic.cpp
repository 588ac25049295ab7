#include "parley/analysis/synthetic.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "parley/support/error.hpp"

namespace parley {
namespace {

class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  double next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t state_;
};

}  // namespace

ScenarioPtr make_synthetic_scenario(std::size_t issues, std::size_t options, std::size_t parties) {
  const std::string origin = "synthetic scenario";
  if (issues < 1)
    throw InputError(origin, std::nullopt, "issues", std::to_string(issues), "at least 1");
  if (options < 1 || options > Issue::max_cardinality)
    throw InputError(origin, std::nullopt, "options", std::to_string(options),
                     "between 1 and " + std::to_string(Issue::max_cardinality));
  if (parties < 2)
    throw InputError(origin, std::nullopt, "parties", std::to_string(parties), "at least 2");
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
    std::vector<double> weights(issues);
    double total = 0.0;
    for (auto& weight : weights) {
      weight = random.next();
      total += weight;
    }
    for (auto& weight : weights)
      weight = total > 0.0 ? weight / total : 1.0 / static_cast<double>(issues);
    Party party;
    party.name = "p" + std::to_string(j);
    party.utility = std::make_shared<LinearAdditiveUtility>(issue_list, std::move(weights),
                                                            std::move(functions));
    party.source = origin;
    party_list.push_back(std::move(party));
  }
  return std::make_shared<const Scenario>(
      "synthetic-" + std::to_string(issues) + "x" + std::to_string(options) + "-" +
          std::to_string(parties),
      std::move(issue_list), std::move(party_list), "Synthetic linear-additive scenario", origin);
}

}  // namespace parley
