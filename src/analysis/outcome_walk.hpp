// Internals of the solutions/report code: walking the whole outcome space with every party's
// utility (incremental prefix sums for linear-additive preferences), and seeded sampling.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "parley/model/scenario.hpp"

namespace parley::detail {

// Calls visit(outcome, utilities) for every outcome in index order (last issue fastest). For
// linear-additive preferences the utilities are prefix sums of the contribution tables, summed
// in issue order like LinearAdditiveUtility::utility, so they are bit-identical to it.
template <class Visit>
void for_each_outcome(const Scenario& scenario, Visit&& visit) {
  const std::size_t parties = scenario.party_count();
  const std::size_t issues = scenario.issue_count();
  const auto& cardinalities = scenario.space().cardinalities();
  for (auto c : cardinalities)
    if (c == 0) return;
  Outcome outcome(issues, 0);
  std::vector<double> utilities(parties);
  if (!scenario.is_linear_additive()) {
    do {
      for (std::size_t j = 0; j < parties; ++j) utilities[j] = scenario.utility(j, outcome);
      visit(static_cast<const Outcome&>(outcome),
            static_cast<const std::vector<double>&>(utilities));
    } while (scenario.space().next(outcome));
    return;
  }
  std::vector<const LinearAdditiveUtility*> linear(parties);
  for (std::size_t j = 0; j < parties; ++j)
    linear[j] = scenario.party(j).utility->as_linear_additive();
  const std::size_t stride = issues + 1;
  std::vector<double> prefix(parties * stride, 0.0);
  auto rebuild_from = [&](std::size_t first_issue) {
    for (std::size_t j = 0; j < parties; ++j)
      for (std::size_t i = first_issue; i < issues; ++i)
        prefix[j * stride + i + 1] =
            prefix[j * stride + i] + linear[j]->contribution(i, outcome[i]);
  };
  rebuild_from(0);
  for (;;) {
    for (std::size_t j = 0; j < parties; ++j) utilities[j] = prefix[j * stride + issues];
    visit(static_cast<const Outcome&>(outcome), static_cast<const std::vector<double>&>(utilities));
    std::size_t position = issues;
    for (;;) {
      if (position == 0) return;
      --position;
      if (++outcome[position] < cardinalities[position]) break;
      outcome[position] = 0;
    }
    rebuild_from(position);
  }
}

// A uniformly drawn outcome (each issue's value independently uniform). Uses the generator's
// raw output modulo the cardinality (bias below 2^-40 for cardinalities up to 2^24) so that the
// same seed gives the same outcomes with every standard library.
inline void draw_outcome(const OutcomeSpace& space, std::mt19937_64& generator, Outcome& outcome) {
  const auto& cardinalities = space.cardinalities();
  outcome.resize(cardinalities.size());
  for (std::size_t i = 0; i < cardinalities.size(); ++i)
    outcome[i] = static_cast<ValueIndex>(generator() % cardinalities[i]);
}

}  // namespace parley::detail
