// Internal to the manipulate area: the parts behind the facade (manipulate.cpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "parley/analysis/analysis.hpp"
#include "parley/manipulate/manipulate.hpp"

namespace parley::detail {

// bargaining.cpp: nash, kalai_smorodinsky, egalitarian, utilitarian over a scenario's packages.
ManipulationResult manipulate_bargaining(const Scenario& scenario,
                                         const ManipulationOptions& options);

// adjusted_winner.cpp: Adjusted Winner (two parties); the manipulator reports points (a vector
// of non-negative numbers summing to 100), the other party's points are its true ones.
ManipulationResult manipulate_adjusted_winner(const fair::DivisionInstance& instance,
                                              const ManipulationOptions& options);

// fisher.cpp: maximum Nash welfare over divisible goods with additive (linear) valuations, i.e.
// the Eisenberg-Gale program with equal budgets (the Fisher-market equilibrium); the manipulator
// reports a linear valuation, the others theirs truthfully.
ManipulationResult manipulate_max_nash_welfare(const fair::DivisionInstance& instance,
                                               const ManipulationOptions& options);

// fisher.cpp: the equilibrium of a linear Fisher market with equal budgets (one each), i.e. the
// maximum-Nash-welfare allocation of divisible items (one unit each) by the Eisenberg-Gale
// program (with unequal budgets: the budget-weighted program). A party valuing nothing gets
// nothing and has no budget; an item nobody values has price 0 and goes to nobody. Prices and
// utilities are unique; among the equilibrium allocations, the one whose spending matrix has
// maximum entropy (a matrix scaling on the spending edges that can be positive; parties with
// the same report get the same bundle). Found by Newton's method on the smoothed dual (log
// prices, temperature 1, 0.1, ... 1e-13), then rebuilt exactly from a spanning forest of its
// max-bang-per-buck graph (price ratios are value ratios, prices add up to the budgets) and
// verified within kFisherTolerance: every party spends its budget, every valued item is paid
// its price and given out in full, and money goes only to max-bang-per-buck items (the relative
// gap, or the share of the item bought at it when smaller). UnsupportedError when no certified
// equilibrium is found (a near-degenerate market; none seen on random tests).
inline constexpr double kFisherTolerance = 1e-9;

struct FisherEquilibrium {
  std::vector<double> prices;                 // [item]
  std::vector<std::vector<double>> spending;  // [agent][item]
  std::vector<std::vector<double>> shares;    // [agent][item]: spending / price
  std::vector<double> utilities;              // [agent], by the values solved for
  // Max-bang-per-buck (agent, item) pairs, ties within a relative 1e-10.
  std::vector<std::pair<std::size_t, std::size_t>> tight;
  double violation = 0.0;  // the largest violation of an equilibrium condition found
};

// values[agent][item] >= 0, finite. `hint` (an equilibrium of a nearby market of the same size)
// is tried first: its max-bang-per-buck graph, verified, skips the Newton solve.
FisherEquilibrium fisher_equilibrium(const std::vector<std::vector<double>>& values,
                                     const FisherEquilibrium* hint = nullptr);
// The same with budgets[agent] >= 0 (the tolerance is then in units of the budgets).
FisherEquilibrium fisher_market(const std::vector<std::vector<double>>& values,
                                const std::vector<double>& budgets,
                                const FisherEquilibrium* hint = nullptr);

// The analysis's solution a bargaining rule is (nash, kalai_smorodinsky, egalitarian,
// utilitarian, nash_lottery); Error for a division rule (a bug of the caller).
SolutionKind solution_kind(ManipulationRule rule);

// `value` with `digits` digits after the point ("0.622"): render.cpp.
std::string fixed_text(double value, int digits = 3);

// What every result derives from its utilities: gain, incentive ratio, losses (call once
// truthful_utilities, best_utilities and party are set).
void settle_gains(ManipulationResult& result);

}  // namespace parley::detail
