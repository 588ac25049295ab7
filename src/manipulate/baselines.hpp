// Internal to the manipulate area: the truthful baselines (baselines.cpp) that the rules and their
// less manipulable variants are compared with (../shared/docs/specs/manipulation.md, "Less
// manipulable variants", item 4). Under each of them truthful reporting is a dominant strategy
// (proved, not measured: largest_gain is 0 by construction), which is what they cost in
// efficiency and fairness is measured against:
//  - serial dictatorship and random priority over a scenario's packages (Abdulkadiroglu & Sonmez,
//    "Random serial dictatorship and the core from random endowments in house allocation
//    problems", Econometrica 1998, for random priority over orders);
//  - Partial Allocation over divisible items with additive valuations (Cole, Gkatzelis & Goel,
//    "Mechanism design for fair division: allocating divisible items without payments", EC 2013):
//    truthful, and each agent keeps at least 1/e of its maximum-Nash-welfare utility.
//
// Ties are part of each rule and are written out in every description: a party keeps every
// package within 1e-12 (absolute) of its best, and the first package left in the scenario's index
// order (OutcomeSpace: issues in scenario order, the last one varying fastest) is chosen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "parley/manipulate/manipulate.hpp"

namespace parley::detail {

// Utilities closer than this to a party's best package count as its best (a tie).
inline constexpr double kBaselineTie = 1e-12;
// Random priority counts the orders of at most this many parties exactly (20! < 2^64).
inline constexpr std::size_t kMostExactPriorityParties = 20;

// The serial dictatorship's package: the parties in `order` each keep, among the packages still
// in play, those of largest true utility (within kBaselineTie); the first package left in index
// order is the outcome. `order`: distinct party indices, at least one (parties left out have no
// say). Walk-away values play no part. Throws InputError naming the scenario and the field
// "packages" when !scenario.can_enumerate(max_packages), "order" when `order` is empty, repeats a
// party or names one the scenario does not have.
Outcome serial_dictatorship_package(const Scenario& scenario, const std::vector<std::size_t>& order,
                                    std::uint64_t max_packages);
// The same as a MechanismOutcome: name "serial dictatorship (japan, russia)", the package and
// every party's true utility of it; a later party may end below its walk-away (the description
// says so).
MechanismOutcome serial_dictatorship(const Scenario& scenario,
                                     const std::vector<std::size_t>& order,
                                     std::uint64_t max_packages);

// A lottery over packages.
struct PackageLottery {
  std::vector<Outcome> packages;      // distinct; likeliest first, equal ones in index order
  std::vector<double> probabilities;  // count / orders, summing to 1 up to rounding
  std::vector<std::uint64_t> counts;  // orders leading to each package
  std::uint64_t orders = 0;           // n! (exact) or the samples drawn
  bool exact = true;                  // every order counted (false: a sample of orders)
};

// Random priority: a uniformly random order of the parties, then the serial dictatorship in that
// order. Exact (every one of the n! orders counted, by a depth-first walk over prefixes that
// stops where one package is left or every remaining party keeps every package in play) when
// party_count <= exact_orders_up_to; otherwise `samples` orders, each the parties in index order
// shuffled by Fisher-Yates (position k = n-1 down to 1 swapped with a position uniform in 0..k,
// drawn by uniform_below of support/random.hpp from one std::mt19937_64(seed)), so a seed gives
// the same lottery with every compiler and standard library. Throws InputError naming the
// scenario and the field: "packages" (as above), "samples" (0 in sampled mode),
// "exact_orders_up_to" (exact mode asked for more than kMostExactPriorityParties parties).
// Cost: one pass over the packages in play per prefix explored, n! n passes at worst (no two
// orders agreeing early); 8 parties over 117,649 packages took 40-90 ms (Release, one core).
PackageLottery random_priority_lottery(const Scenario& scenario, std::uint64_t max_packages,
                                       std::size_t exact_orders_up_to, std::uint64_t samples,
                                       std::uint64_t seed);
// The same as a MechanismOutcome: name "random priority", outcome "lottery: 0.5 x iturup=...;
// 0.5 x ..." (probabilities to four significant digits, likeliest first), expected true
// utilities.
MechanismOutcome random_priority(const Scenario& scenario, std::uint64_t max_packages,
                                 std::size_t exact_orders_up_to, std::uint64_t samples,
                                 std::uint64_t seed);

// Partial Allocation, in numbers.
struct PartialAllocation {
  std::vector<std::vector<double>> shares;  // [agent][item]: what it keeps, after its fraction
  std::vector<double> fractions;            // f_i in [1/e, 1]; 1 for an agent valuing nothing
  std::vector<double> mnw_utilities;        // u_i(x*), in the instance's units
  std::vector<double> utilities;            // f_i u_i(x*): the true utility of what it keeps
  std::vector<double> unallocated;          // [item]: the share nobody keeps (thrown away)
};

// x* the maximum-Nash-welfare allocation (fisher_equilibrium: equal budgets; among several MNW
// allocations the solver's maximum-entropy one; the utilities, and so the fractions, are the same
// for all of them); agent i keeps the fraction f_i = prod_{j != i} u_j(x*) / prod_{j != i}
// u_j(x*_{-i}) of its bundle x*_i, x*_{-i} the MNW allocation of all the items among the others
// only; the rest is thrown away. Each agent's values are first divided by its total (the
// mechanism is unchanged by rescaling one agent's values, and doubles then never overflow). An
// agent valuing nothing gets nothing, has fraction 1 (of an empty bundle) and is left out of the
// others' products (its utility is 0 with or without anyone; counting it would make every
// fraction 0/0). Throws InputError from fair::validate (names, sizes, negative values),
// UnsupportedError when the solver cannot certify an equilibrium.
PartialAllocation compute_partial_allocation(const fair::DivisionInstance& instance);
// The same as a MechanismOutcome: name "partial allocation", outcome "alice: 100% of car, 40% of
// house; bob: ...; unallocated: 60% of house", true utilities in the instance's units, walk-away
// values 0.
MechanismOutcome partial_allocation(const fair::DivisionInstance& instance);

// Fills utility_sum, nash_product, smallest_gain and individually_rational of `m` from m.utilities
// and the true walk-away values (one per party; zeros for division instances). Gains within
// 1e-12 of 0 count as 0 (the noise of an expected utility equal to the walk-away). Throws
// std::invalid_argument when the sizes differ (a bug of the caller, not bad input).
void settle_welfare(MechanismOutcome& m, const std::vector<double>& walk_aways);

}  // namespace parley::detail
