// One vocabulary for a party's preferences, shared by every front-end.
//
// The native YAML format (docs/scenario-format.md), Python's parley.build_scenario and the HTTP
// service's JSON all describe a party with the same words and the same meaning:
//   weights            {issue: weight}: non-negative, not all zero; divided by their sum (with a
//                      warning) when they do not sum to 1
//   scores             {issue: {option: score}}: raw scores >= 0 on any scale (0-10, 0-100...);
//                      an option is worth its score divided by the issue's best score (GENIUS)
//   utilities          {issue: {option: utility in [0, 1]}}: used as written (GeniusWeb)
//   functions          {issue: linear / triangular / constant}: numeric issues only
//   walk_away          the reservation value (utility of no agreement), default 0: a number in
//                      [0, 1] (in the party's utility range when that is wider), or
//                      `status_quo`: the party's utility of the scenario's status-quo package
//   walk_away_package  {issue: option}: the package the party gets without agreement; its utility
//                      is the reservation value unless walk_away is also given
//   discount           discount factor in (0, 1], default 1 (outside: warning, no discount)
//   uncertainty        what is not known: weight intervals, ratio statements, rank orders,
//                      package comparisons and rankings, a mixture or Dirichlet law of weights,
//                      value intervals, a walk-away law (UncertaintyStatements)
// PartyPreferences holds those words as plain data, in the order they were written (so that the
// first mistake reported is the first one in the text); build_party() checks them and makes the
// Party, naming the origin, the field path, what was found and what was expected on any mistake.
// Readers that know where each part was written (the YAML reader) pass a PreferenceLocator so that
// messages carry the line and column.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parley/model/issue.hpp"
#include "parley/model/scenario.hpp"
#include "parley/model/uncertainty.hpp"
#include "parley/model/utility.hpp"
#include "parley/support/error.hpp"

namespace parley {

// name -> number, in the order written.
using NamedNumbers = std::vector<std::pair<std::string, double>>;

struct PartyPreferences {
  std::string name;
  std::string description;
  std::string notes;
  // Absent: "no weights" (unless `utility` is given). Every issue needs a weight (0 allowed).
  std::optional<NamedNumbers> weights;
  // Value functions; every issue with a positive weight has exactly one, in one of these.
  std::vector<std::pair<std::string, NamedNumbers>> scores;      // issue -> option -> score
  std::vector<std::pair<std::string, NamedNumbers>> utilities;   // issue -> option -> utility
  std::vector<std::pair<std::string, ValueFunction>> functions;  // issue -> numeric function
  // A nonlinear utility given whole (the native format's `rectangles`), instead of the above.
  std::shared_ptr<const UtilityFunction> utility;
  std::optional<double> walk_away;
  // `walk_away: status_quo`: the reservation value is the party's utility of the scenario's
  // status quo (which must exist); excludes walk_away and walk_away_package.
  bool walk_away_status_quo = false;
  // issue -> option name, every issue once.
  std::optional<std::vector<std::pair<std::string, std::string>>> walk_away_package;
  std::optional<double> discount;
  // Decimal texts written with more digits than a double holds (Party::exact_decimals).
  std::map<double, std::string> exact_decimals;
  // What is not known about these preferences (the native format's `uncertainty:` block;
  // docs/robust.md); linear-additive parties only.
  std::optional<UncertaintyStatements> uncertainty;
};

// A place in a text (1-based), for messages; empty when unknown.
struct TextPosition {
  std::optional<long> line;
  std::optional<long> column;
};

// Answers where a part of one party's preferences was written. `path` is relative to the party
// ({} is the party itself, {"scores", "price", "low"} the score of option low of issue price);
// `key` asks for the key of that entry rather than its value.
class PreferenceLocator {
 public:
  virtual ~PreferenceLocator() = default;
  virtual TextPosition position(const std::vector<std::string>& path, bool key) const = 0;
};

// Where the preferences come from, for messages and warnings.
struct PreferenceOrigin {
  std::string source = "scenario";  // a file path, "request", "scenario"...
  std::string field;                // the party's field path, e.g. "parties.buyer"
  const PreferenceLocator* locator = nullptr;
};

// Checks the preferences against the issues and builds the party (its `source` is
// origin.source). `status_quo` is the scenario's status-quo package, when it has one (needed by
// `walk_away: status_quo`, which makes it the party's reservation package). Throws InputError on
// any mistake (a walk-away value outside [0, 1] and outside the party's utility range included);
// repairs (weights renormalised, discount out of range) are appended to `warnings` as
// "SOURCE[:LINE:COLUMN]: FIELD: message".
Party build_party(const std::vector<Issue>& issues, const PartyPreferences& preferences,
                  const PreferenceOrigin& origin, Warnings& warnings,
                  const std::optional<Outcome>& status_quo = std::nullopt);

// Gives `party`, built already (a linear-additive utility and its walk-away), the uncertainty
// `statements`, checked as build_party() checks a party's `uncertainty` (weight intervals in the
// scale of the normalised weights). For readers that build parties themselves, such as GENIUS
// uncertain profiles, whose bid ranking becomes a `ranking` statement. Throws InputError as
// build_party() does.
Party with_uncertainty(const std::vector<Issue>& issues, Party party,
                       const UncertaintyStatements& statements, const PreferenceOrigin& origin,
                       Warnings& warnings);

// The walk-away values a party may have: [0, 1], widened to the party's utility range when its
// value functions leave [0, 1] (linear-additive parties; nonlinear ones are capped at 1).
std::pair<double, double> walk_away_range(const UtilityFunction& utility);

// A package written as {issue: option} (every issue once, options by name), such as the native
// format's top-level `status_quo:`. `origin.field` names the package ("status_quo"); the
// locator's paths are relative to it ({} the package, {ISSUE} the option of ISSUE). Throws
// InputError naming the unknown issue or option (with the options expected) or the missing
// issues.
Outcome build_package(const std::vector<Issue>& issues,
                      const std::vector<std::pair<std::string, std::string>>& entries,
                      const PreferenceOrigin& origin);

}  // namespace parley
