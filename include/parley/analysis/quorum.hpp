// Quorum and veto rules for multilateral negotiations: which packages pass when a deal needs q
// acceptances including named veto holders (treaties and coalitions: "n-1 including the veto
// holders", a two-thirds majority, unanimity), and which passing package to recommend.
//
// A party accepts a package exactly when the package is individually rational for it in the
// sense of parley/analysis/analysis.hpp (and docs/analysis.md, "Zone of possible agreement"):
// u_j(x) >= r_j - tolerance * range_j, r_j its reservation value (walk-away), range_j its utility
// range over the space (the frontier's ranges; 1 when 0) and tolerance FrontierOptions::tolerance.
// Under unanimity without veto the passing packages are therefore exactly the zone of agreement.
//
// Acceptance grows with utility and a rule only counts acceptances, so a package dominated by
// another passes no more easily: the Pareto-optimal passing packages are the frontier packages
// that pass (`QuorumAnalysis::frontier`, in frontier order).
//
// The recommended package: among those, the ones with the most acceptances; among these, the one
// maximising the product over its accepting parties of their relative gains
// g_j(x) / (I_j - r_j), g_j = u_j - r_j (a gain negative within tolerance counts as 0), I_j the
// best utility of party j over the passing frontier packages it accepts (a party with I_j = r_j
// counts 1). Relative gains put different coalitions on one scale, whatever each party's utility
// scale; the most acceptances first keeps every party on board whenever some passing package
// allows it (a product over fewer parties would otherwise win by leaving out parties whose
// gains are small). Ties: values within tolerance are equal; then the largest sum of relative
// gains (within tolerance * n); then frontier order. With everyone on board this is parley
// solve's Nash solution, package for package (tested); `recommended_with_everyone` is the Nash
// package among the frontier packages every party accepts.
//
// Docs: docs/analysis.md, "Quorum and veto rules".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/analysis/frontier.hpp"
#include "parley/model/scenario.hpp"

namespace parley {

// A deal passes when at least `required` parties accept it and every veto holder is among them.
struct QuorumRule {
  std::size_t required = 0;       // acceptances needed (1..n)
  std::vector<std::size_t> veto;  // parties whose acceptance is always needed (party indices)

  // "3 of 4 parties, including russia", "2 of 5 parties, including a and b", "every party".
  std::string text(const Scenario& scenario) const;
  // The same over the parties' names (veto indices into them).
  std::string text(const std::vector<std::string>& names) const;
};

// The scenario's party names, in party order.
std::vector<std::string> party_names(const Scenario& scenario);

// Reads a rule. `required`: "all" or "unanimity" (n), "n-1" ... "n-K" (n - K), "majority" (more
// than half: n/2 + 1 rounded down), "2/3" (at least two thirds, rounded up: ceil(2n/3)) or an
// integer; keywords in any case, surrounding blanks ignored. `veto`: party names. Throws
// InputError (file: the scenario's name) naming the field "quorum" for any other text or a
// number of acceptances outside 1..n, and "veto" for an unknown or repeated party name. Veto
// holders beyond `required` are allowed (they then raise the real threshold).
QuorumRule parse_quorum(const Scenario& scenario, std::string_view required,
                        const std::vector<std::string>& veto);
// The same over the parties' names: errors name `file` and the fields field_prefix + "quorum" /
// field_prefix + "veto" (the mediation service: file "request", prefix "rule.").
QuorumRule parse_quorum(const std::vector<std::string>& names, std::string_view required,
                        const std::vector<std::string>& veto, const std::string& file,
                        const std::string& field_prefix = {});

// True when `accepts` (one flag per party) has at least rule.required true flags, every veto
// holder's among them.
bool passes(const QuorumRule& rule, const std::vector<bool>& accepts);

struct PassingPackage {
  Package package;                    // utilities per party
  std::vector<bool> accepts;          // per party
  std::vector<std::size_t> left_out;  // parties below their walk-away, ascending
};

struct QuorumAnalysis {
  QuorumRule rule;
  // Over the whole space, when it has at most count_limit packages: how many pass, how many
  // every party accepts, and the space's size. Otherwise nothing is counted (all three 0,
  // counted_exactly false, and a sentence says so): no estimate is given.
  std::uint64_t passing = 0, unanimous = 0;
  std::uint64_t total = 0;
  bool counted_exactly = true;
  // The Pareto-optimal packages that pass, in frontier order. Exact when the frontier is
  // (frontier_exact; else the passing packages of the anytime search's approximation).
  std::vector<PassingPackage> frontier;
  bool frontier_exact = true;
  std::size_t frontier_size = 0;  // every efficient package, passing or not
  // The recommended package under the rule (see the header comment); empty when nothing passes.
  std::optional<PassingPackage> recommended;
  // The Nash package among frontier packages every party accepts (parley solve's Nash solution);
  // empty when no package has everyone's acceptance.
  std::optional<PassingPackage> recommended_with_everyone;
  // Plain language: the counts, the recommended package and whom it leaves out (their utility
  // against their walk-away), exposure and pivotal parties, what was not counted.
  std::vector<std::string> sentences;
  // Per party: how many passing frontier packages leave it out (its exposure under the rule).
  std::vector<std::uint64_t> left_out_count;
  // Per party: some passing frontier package would fail without its acceptance (it accepts the
  // package and is a veto holder or one of exactly `required` acceptances).
  std::vector<bool> pivotal;
};

// Computes the frontier with `frontier` (pareto_frontier), keeps its passing packages, counts
// the space when it has at most `count_limit` packages (honouring frontier.cancelled: throws
// Cancelled). Throws InputError when the rule does not fit the scenario (required outside
// 1..n, a veto index out of range or repeated).
QuorumAnalysis analyse_quorum(const Scenario& scenario, const QuorumRule& rule,
                              const FrontierOptions& frontier = {},
                              std::uint64_t count_limit = 20'000'000);

// Readable text: the rule, the counts, the recommended package issue by issue, the table of
// passing frontier packages (at most 20 listed), each party's exposure.
std::string render_quorum(const Scenario& scenario, const QuorumAnalysis& analysis);
// JSON, schema "parley-quorum/1" (docs/analysis.md, "Quorum and veto rules").
std::string quorum_json(const Scenario& scenario, const QuorumAnalysis& analysis);

}  // namespace parley
