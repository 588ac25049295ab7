// Fair division: sharing out items (an estate, a partnership's assets, rooms) among parties with
// additive valuations, next to the bargaining solutions on the same scenario model.
//
// Methods and the references they follow:
//  - Adjusted Winner, two parties spreading 100 points over divisible items (Brams and Taylor,
//    "Fair Division", 1996, ch. 4; "The Win-Win Solution", 1999): winner phase, equitability
//    adjustment in increasing order of point ratios, at most one split item; exact rationals.
//  - Indivisible goods, n agents: maximum Nash welfare (Caragiannis, Kurokawa, Moulin, Procaccia,
//    Shah, Wang, "The Unreasonable Fairness of Maximum Nash Welfare", EC 2016: first maximise the
//    number of agents with positive utility, then the product among them; MILP through CBC with
//    the log-linearisation by secant cuts at integer points), leximin (lexicographic maximisation
//    of the cumulative sums of the smallest utilities, Ogryczak and Sliwinski 2006) and
//    utilitarian allocations; checkers for envy-freeness, EF1, EFX, proportionality, the maximin
//    share (exact) and Pareto optimality (brute force on small instances), with witnesses.
//  - Rent division (Gal, Mash, Procaccia, Zick, "Which Is the Fairest (Rent Division) of Them
//    All?", EC 2016): a welfare-maximising assignment of people to rooms, then the envy-free
//    prices that maximise the minimum utility (an LP solved with CLP through CBC).
//
// A DivisionInstance comes from a table (CSV: `item,<party1>,<party2>...` or `room,...`, one row
// per item) or from a Scenario whose every issue is "who gets item X" (categorical issue whose
// options are exactly the party names); see docs/fair-division.md.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/support/error.hpp"

namespace parley::fair {

// Exact rational number (header-only Boost.Multiprecision).
using Rational = boost::multiprecision::cpp_rational;

// "12.5", "1/3" when the decimal expansion does not stop within six digits.
std::string format_rational(const Rational& value);
// Parses "12", "12.5", "-3", "1/3", "2.5e1"; nullopt when the text is not a number.
std::optional<Rational> parse_rational(std::string_view text);

enum class TableKind { items, rooms };

// Size caps of a division (docs/fair-division.md, "Limits"). A table or scenario beyond them is
// refused with an InputError naming the size found and the cap; validate() checks them too.
inline constexpr std::size_t kMaxDivisionParties = 100;
inline constexpr std::size_t kMaxDivisionItems = 100'000;
inline constexpr std::size_t kMaxDivisionCells = 1'000'000;  // parties x items
// Names (parties, items) are UTF-8 of at most this many bytes.
inline constexpr std::size_t kMaxDivisionNameBytes = 1'000;
// The common denominator of all the values, in bits: exact arithmetic stays fast below it
// ("1/3", "12.5", "1e-40" are fine; hundreds of unrelated fractions are not).
inline constexpr std::size_t kMaxDivisionDenominatorBits = 256;
// A table file (or text) of more bytes is refused before it is parsed.
inline constexpr std::size_t kMaxDivisionTableBytes = 64u << 20;

// Agents with additive valuations over items: values[agent][item] >= 0.
struct DivisionInstance {
  std::vector<std::string> agents;
  std::vector<std::string> items;
  std::vector<std::vector<Rational>> values;
  TableKind kind = TableKind::items;
  // File or scenario the instance came from, for messages.
  std::string origin;

  std::size_t agent_count() const noexcept { return agents.size(); }
  std::size_t item_count() const noexcept { return items.size(); }
  Rational total_value(std::size_t agent) const;
};

// Checks names (non-empty, unique, UTF-8, at most kMaxDivisionNameBytes), sizes (the caps above)
// and signs; throws InputError naming instance.origin and the field.
void validate(const DivisionInstance& instance);

// CSV table: header `item,<party1>,...` (or `room,...`), one row per item, numeric cells.
// Blank lines and lines starting with '#' are skipped; fields may be double-quoted.
DivisionInstance parse_division_table(const std::string& text, const std::string& origin);
DivisionInstance load_division_table(const std::string& path);

// True when every issue of the scenario is categorical and its options are exactly the party
// names (compared without regard to case): issue X then reads "who gets item X". Otherwise
// `reason` (when given) says which issue is not an item.
bool is_division_scenario(const Scenario& scenario, std::string* reason = nullptr);
// Builds the instance of a division scenario. The value of item X to party p is
// weight_X * (e_X(p) - min over other parties q of e_X(q)): what p gains by getting X rather than
// seeing it go elsewhere. Each party's values are then turned into points out of 100 with two
// decimals (largest-remainder rounding), so every party spreads exactly 100 points.
// Throws InputError when the scenario is not a division scenario or a party values nothing.
DivisionInstance division_instance_from_scenario(const Scenario& scenario, Warnings& warnings);

// ---------------------------------------------------------------------------------------------
// Properties checked on a result.

enum class Verdict { holds, fails, not_checked };
const char* to_string(Verdict verdict) noexcept;

struct FairnessCheck {
  std::string property;  // "envy-free", "EF1", "EFX", "proportional", "MMS", "Pareto-optimal",
                         // "equitable", "efficient"
  Verdict verdict = Verdict::not_checked;
  // Why it holds, the witness of a violation, or why it was not checked.
  std::string detail;
};

// ---------------------------------------------------------------------------------------------
// Adjusted Winner.

struct AdjustedWinnerResult {
  // Points actually used: each party's values scaled to sum to 100 (exact).
  std::vector<std::vector<Rational>> points;  // [party][item]
  // Owner of each item after the winner phase (0 or 1); ties go to the party with more points
  // after the untied items, so that they are the first to move.
  std::vector<std::size_t> initial_owner;
  std::vector<Rational> initial_totals;  // [party] after the winner phase
  // Items moved from the leading party, in order (increasing ratio leader/other points).
  std::vector<std::size_t> transfer_order;
  // Share of each item held by party 0 (1: all of it, 0: none).
  std::vector<Rational> share_of_first;
  std::optional<std::size_t> split_item;
  // Fraction of the split item kept by its initial owner.
  Rational split_fraction_kept;
  std::vector<Rational> totals;       // [party] final points
  std::vector<FairnessCheck> checks;  // equitable, envy-free, efficient
};

// Two agents; values are normalised to 100 points per agent, with a warning when they did not
// already sum to 100. Throws UnsupportedError for other agent counts, InputError when an agent
// values nothing.
AdjustedWinnerResult adjusted_winner(const DivisionInstance& instance, Warnings& warnings);

// ---------------------------------------------------------------------------------------------
// Indivisible goods.

// Owner (agent index) of each item.
using Allocation = std::vector<std::size_t>;

// Each item to an agent valuing it most (ties: lowest agent index).
Allocation utilitarian_allocation(const DivisionInstance& instance);
// Maximum Nash welfare (see the header comment); deterministic.
Allocation max_nash_welfare_allocation(const DivisionInstance& instance);
// Leximin: maximises the smallest utility, then the second smallest, and so on (values as given:
// give every agent the same total to compare them on an equal footing).
Allocation leximin_allocation(const DivisionInstance& instance);

// Bounds on the MILP methods, counted and never timed: the same instance and limits give the same
// allocation, byte for byte, on any machine and load (docs/fair-division.md, "Limits").
struct MilpLimits {
  // Predicted size of the MNW MILP (nonzero coefficients, computed before it is built). Beyond
  // it, MNW answers with its approximate method.
  std::size_t model_size_limit = 60'000;
  // Predicted size of leximin's MILPs (one per party), added up; beyond it leximin refuses
  // (UnsupportedError).
  std::size_t leximin_size_limit = 15'000;
  // Branch-and-bound nodes of one CBC solve: at most node_limit, and at most
  // work_limit / (the model's nonzero coefficients) (leximin: work_limit / (parties x nonzero
  // coefficients), as it solves one program per party), at least 10. A solve stopped there gives
  // its best allocation, flagged not exact.
  int node_limit = 5'000;
  std::uint64_t work_limit = 1'000'000;
  // Approximate MNW: work units of the local search (one per single-item move evaluated, one per
  // swap evaluated).
  std::uint64_t local_search_budget = 30'000'000;
};

// An allocation and whether the method's optimum was proven.
struct AllocationResult {
  Allocation allocation;
  bool exact = true;
  std::string note;  // why it is not exact ("" when exact)
};

// Maximum Nash welfare within the limits. When the MILP is predicted larger than
// model_size_limit: the approximate method, a maximum matching (as many agents with positive
// value as possible), each remaining item to the agent whose value grows by the largest factor,
// then single-item moves and swaps that raise the Nash product (exact comparisons) until none
// does or the budget is spent. Not guaranteed to be the maximum: exact == false, and the note
// says so.
AllocationResult max_nash_welfare(const DivisionInstance& instance, const MilpLimits& limits = {});
// Leximin within the limits; UnsupportedError naming the predicted size and the limit beyond it.
AllocationResult leximin(const DivisionInstance& instance, const MilpLimits& limits = {});

// Utility of each agent for its bundle.
std::vector<Rational> bundle_values(const DivisionInstance& instance, const Allocation& allocation);

struct CheckLimits {
  // Exact maximin shares are computed by a branch and bound over partitions with at most this
  // many nodes per agent; beyond it MMS is reported as not checked.
  std::size_t mms_node_limit = 2'000'000;
  // Pareto optimality is checked by enumerating all agents^items allocations up to this many.
  std::size_t pareto_allocation_limit = 1'000'000;
  // Work of all the maximin-share searches together, in units of one bundle looked at (a node of
  // n bundles costs n * n): each agent may spend 1/n of it, so that 100 parties cannot multiply
  // the node limit by 100 x 100 x 100. An agent valuing more than kMaxMmsItems items is not
  // searched (MMS "not checked").
  std::uint64_t mms_work_limit = 100'000'000;
};

// The maximin-share search goes one level deeper per item.
inline constexpr std::size_t kMaxMmsItems = 10'000;

// Maximin share of each agent (the best worst bundle it can guarantee by cutting the items into
// n bundles); nullopt for an agent whose search exceeded the node limit.
std::vector<std::optional<Rational>> maximin_shares(const DivisionInstance& instance,
                                                    std::size_t node_limit = 2'000'000);

// envy-free, EF1, EFX, proportional, MMS, Pareto-optimal; each with its witness.
std::vector<FairnessCheck> check_allocation(const DivisionInstance& instance,
                                            const Allocation& allocation,
                                            const CheckLimits& limits = {});

// ---------------------------------------------------------------------------------------------
// Rent division: items are rooms, one per agent.

struct RentDivision {
  Rational total_rent;
  std::vector<std::size_t> room_of_agent;
  std::vector<double> prices;           // [room], sum to total_rent
  std::vector<double> agent_utilities;  // value of own room minus its price
  std::vector<FairnessCheck> checks;    // envy-free
};

// Maximin envy-free rent division. Needs as many rooms as agents; prices may be negative when
// valuations are very unequal (as in the paper).
RentDivision maximin_rent_division(const DivisionInstance& instance, const Rational& total_rent,
                                   Warnings& warnings);

// ---------------------------------------------------------------------------------------------
// One entry point for front-ends.

enum class DivisionMethod { adjusted_winner, max_nash_welfare, leximin, utilitarian, rent };
// "adjusted-winner", "mnw", "leximin", "utilitarian", "rent".
const char* to_string(DivisionMethod method) noexcept;
std::optional<DivisionMethod> parse_division_method(std::string_view name);
// Adjusted Winner for two agents, rent for a room table, MNW otherwise.
DivisionMethod default_division_method(const DivisionInstance& instance);

struct DivideOptions {
  // Rent method: the total rent; when absent every agent's values must sum to the same amount,
  // which is taken as the rent (Spliddit's convention).
  std::optional<Rational> total_rent;
  CheckLimits limits;
  MilpLimits milp;
};

struct Division {
  DivisionMethod method = DivisionMethod::max_nash_welfare;
  DivisionInstance instance;
  std::optional<AdjustedWinnerResult> adjusted_winner;
  std::optional<Allocation> allocation;  // indivisible methods
  std::vector<Rational> utilities;       // indivisible methods: value of each agent's bundle
  std::optional<RentDivision> rent;
  std::vector<FairnessCheck> checks;
  // False when the method's optimum was not proven within DivideOptions::milp (the approximate
  // MNW, a CBC solve stopped at its node limit); `note` says why.
  bool exact = true;
  std::string note;
};

Division divide(const DivisionInstance& instance, DivisionMethod method,
                const DivideOptions& options, Warnings& warnings);

// Plain-text report: who gets what and why, and what each check means and found.
std::string describe_division(const Division& division);
// The same as JSON (schema "parley-divide/1", docs/fair-division.md), with the warnings of
// loading and dividing: what `parley divide --json` prints. Exact rationals are written as
// {"exact": "5/6", "value": 0.8333333333333334}.
std::string render_division_json(const Division& division, const Warnings& warnings = {});

}  // namespace parley::fair
