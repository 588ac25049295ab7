// The Pareto frontier (efficient packages) of a scenario, for any number of parties.
//
// Methods:
//  - enumeration: every outcome evaluated, then an O(N log N) sweep (two parties) or a skyline
//    (more parties); for spaces small enough to enumerate;
//  - linear_dp: for linear-additive utilities, issues are combined one at a time keeping only
//    non-dominated partial packages (with back pointers to rebuild each package), so the cost
//    follows the frontier's size, not the space's; exact at any size (10^200 outcomes) as long
//    as the frontier itself fits the budget;
//  - anytime_search: for spaces whose exact frontier does not fit the budget, a seeded search
//    returning an approximation with quality figures (hypervolume, and for linear-additive
//    utilities a bound on the hypervolume still missing).
//
// Work budget (docs/analysis.md#budgets). Every method counts its work in units of one term:
// evaluating a package costs, per party, one unit per issue (linear-additive) or per rectangle
// (hyper-rectangle); a partial package of linear_dp costs one unit per party; each dominance
// comparison costs one unit per party. The budget decides what is returned: the same scenario,
// options, seed and budget give the same frontier, byte for byte, on any machine and load.
// automatic predicts the exact methods' cost from the issue sizes and party count before
// starting; it runs an exact method when the prediction fits the budget (or may fit: linear_dp
// is tried and abandoned, deterministically, as soon as it exceeds the budget) and the anytime
// search otherwise. The optional wall-clock cap (time_cap_seconds) only ever stops a
// computation early, and the result says so (Frontier::stop): such a result is not
// reproducible.
//
// Tolerance (documented in docs/analysis.md): utilities u, v of party j are equal when
// |u - v| <= tolerance * range_j, where range_j is party j's utility range over the space
// (max - min, or 1 when that is 0). Dominance uses the same test, so the frontier does not change
// when a party's utility is rescaled by a positive affine map. Packages whose utility vectors are
// all equal within tolerance form one frontier point, represented by the smallest package in
// index order (lexicographic on value indices, issue 0 first).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parley/model/scenario.hpp"

namespace parley {

// An outcome with the utility of each party (in party order).
struct Package {
  Outcome outcome;
  std::vector<double> utilities;
};

enum class FrontierMethod { automatic, enumeration, linear_dp, anytime_search };

const char* to_string(FrontierMethod method) noexcept;

// Why a computation ended: it finished, it spent its work budget (anytime search: the normal
// end), or the wall-clock cap stopped it first.
enum class StopReason { finished, budget, time_cap };

const char* to_string(StopReason reason) noexcept;  // "finished", "budget", "time-cap"

// Default work budget: every scenario of the corpus answers within a few seconds with it.
inline constexpr std::uint64_t kDefaultWorkBudget = 1'000'000'000;

struct FrontierOptions {
  FrontierMethod method = FrontierMethod::automatic;
  double tolerance = 1e-9;
  // automatic: never enumerate more than this many outcomes, whatever the budget.
  std::uint64_t enumeration_limit = 20'000'000;
  // Work budget in units (see above); decides the result. Must be > 0.
  std::uint64_t budget = kDefaultWorkBudget;
  // Optional wall-clock cap in seconds (0: none). Only stops early; Frontier::stop says so.
  double time_cap_seconds = 0.0;
  std::uint64_t seed = 1;
  // Optional frontier to measure an approximation against (e.g. GENIUS pareto.xml points).
  std::vector<std::vector<double>> reference;
  // Called now and then with the fraction done (0..1) and a short phase name; may be empty.
  std::function<void(double, const std::string&)> progress;
  // Polled now and then (every few thousand steps of each long loop, in pareto_frontier and in
  // analyse); when it returns true the computation throws parley::Cancelled. May be empty. Lets a
  // caller cap the time or stop on request without the library reading a clock.
  std::function<bool()> cancelled;
};

// Each party's utility range over the whole space (max - min); exact for linear-additive
// utilities, by enumeration when the space is small, else estimated by search (flag says which).
struct UtilityRange {
  std::vector<double> min, max;
  bool exact = true;
};

struct Frontier {
  // Sorted by the first party's utility, descending (then the second party's, descending...).
  std::vector<Package> packages;
  FrontierMethod method = FrontierMethod::enumeration;
  bool exact = true;
  double tolerance = 1e-9;
  // Why the method was chosen (automatic), in one sentence: the predicted cost against the budget.
  std::string method_reason;
  // Outcomes evaluated (enumeration, search) or candidate partial packages examined (linear_dp).
  std::uint64_t evaluated = 0;
  // Work units spent (all methods tried, see above) and the budget they were counted against.
  std::uint64_t work = 0;
  std::uint64_t budget = 0;
  StopReason stop = StopReason::finished;
  // Largest working memory the method held at once (bytes, estimated from its data structures).
  std::uint64_t peak_bytes = 0;
  double seconds = 0.0;
  // Each party's utility range over the space (exact, or the extremes the search met).
  UtilityRange ranges;
  // Approximations only: hypervolume dominated by the found points (reference point: each
  // party's minimum utility, here 0), and when options.reference was given, the mean and maximum
  // distance from each reference point to the nearest found point (generational distance).
  std::optional<double> hypervolume;
  // Approximations of linear-additive spaces: an upper bound on the share of the utility box
  // [min, max] that the true frontier dominates but the found points do not (a seeded
  // Monte-Carlo estimate against the supporting hyperplanes the search proved), 0..1.
  std::optional<double> gap_bound;
  // Approximations: the share of that box the found points dominate (same estimate), 0..1.
  std::optional<double> dominated_share;
  std::optional<double> reference_hypervolume;
  std::optional<double> mean_distance_to_reference;
  std::optional<double> max_distance_to_reference;
};

// The frontier by the best method for the scenario (see FrontierOptions::method).
// Throws UnsupportedError when the requested method cannot run on the scenario, saying why.
Frontier pareto_frontier(const Scenario& scenario, const FrontierOptions& options = {});

// Tolerance-aware dominance between two utility vectors (a dominates b).
bool dominates(const std::vector<double>& a, const std::vector<double>& b,
               const std::vector<double>& epsilon);

UtilityRange utility_ranges(const Scenario& scenario, const FrontierOptions& options = {});

// Hypervolume of the region dominated by the points and dominating the reference point (points
// not above the reference point in every coordinate add nothing). Exact for two parties (sort and
// sum) and three (slicing along the third coordinate); throws UnsupportedError for more.
double hypervolume(const std::vector<std::vector<double>>& points,
                   const std::vector<double>& reference_point);

// Reads a frontier as GENIUS ships it next to ANAC 2014 domains (`pareto.xml`: despite the name, a
// plain-text list of `u1, u2` lines; blank lines ignored). Every line must hold the same number of
// comma-separated finite numbers. Throws InputError (file, line) on anything else.
std::vector<std::vector<double>> read_reference_frontier(const std::string& path);

}  // namespace parley
