// What the mediation service accepts as input: the shape of a negotiation (issues, parties) and a
// party's preferences, validated against size limits.
//
// Preferences use the vocabulary of the native scenario YAML (docs/scenario-format.md), with the
// same meaning, and become a Party through the library's one builder (parley::build_party):
// `weights: {issue: w}` (normalised to sum 1), `scores: {issue: {option: s}}` (an option is worth s
// divided by the issue's best score, GENIUS semantics), `walk_away: 0.45` (a number) and
// `walk_away_package: {issue: option}` (worth its own utility; `walk_away` wins when both are
// given). The service's older spelling `"walk_away": {"value": v}` / `{"package": {...}}` is still
// read, with a deprecation warning.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "parley/model/issue.hpp"
#include "parley/model/outcome.hpp"
#include "parley/model/preferences.hpp"
#include "parley/model/scenario.hpp"
#include "parley/service/mechanisms.hpp"
#include "parley/support/error.hpp"

namespace parley::service {

// Size limits of every request (input validation).
struct Limits {
  std::size_t max_issues = 20;
  std::size_t max_options = 30;
  std::size_t min_parties = 2;
  std::size_t max_parties = 10;
  std::size_t max_name_length = 80;
  std::size_t max_title_length = 200;
  std::size_t max_evaluated_packages = 64;
  std::size_t sample_packages = 5;
  // POST /api/party/manipulation: packages of the negotiation at most, for walk-away reports
  // (exact breakpoints) / for weight and value reports (one LP per candidate package under Nash,
  // a search of 400 reports, each a whole analysis, under the other rules).
  std::uint64_t max_manipulation_packages = 50'000;
  std::uint64_t max_manipulation_search_packages = 5'000;
};

struct NegotiationSpec {
  std::string title;
  std::vector<Issue> issues;  // categorical
  std::vector<std::string> parties;
  // The decision rule (default: unanimity), the deadline and its deal-closer (default: none).
  std::optional<QuorumRule> rule;
  std::string deadline;
  DealCloser at_deadline = DealCloser::none;
};

// {"title": "...", "issues": [{"name": "...", "options": ["...", ...]}, ...],
//  "parties": ["...", ...], optional "rule": {"required": "all" | "n-1" | "majority" | "2/3" |
//  N, "veto": [party, ...]}, "deadline": "YYYY-MM-DDTHH:MM:SSZ" (UTC, after `now`) or
//  "deadline_seconds": S (from `now`, 1 to 31,536,000), "at_deadline": "none" | "final-offer" |
//  "nash" | "kalai-smorodinsky" | "egalitarian"}; throws InputError (file "request") when
// invalid. `now`: UTC, ISO 8601.
NegotiationSpec parse_negotiation_spec(const nlohmann::json& body, const Limits& limits,
                                       const std::string& now = {});

// A party's submission: its preferences in the library's shared vocabulary
// (parley::PartyPreferences, include/parley/model/preferences.hpp; every issue once, in the
// issues' order, scores 0-100 as sent) and the service's own flag.
struct Submission {
  PartyPreferences preferences;
  bool share_with_mediator = false;

  // The party these preferences make, through parley::build_party: a linear-additive utility
  // (weights divided by their sum; an option worth its score over the issue's best score) and
  // the reservation value (walk_away, else the utility of walk_away_package).
  Party party(const std::vector<Issue>& issues) const;
};

// {"weights": {issue: w >= 0}, "scores": {issue: {option: 0..100}}, "walk_away": v in [0,1]
//  and/or "walk_away_package": {issue: option}, "share_with_mediator": bool}; every issue and
// option must be present; the weights' sum must be positive; each issue needs a positive score.
// The deprecated `"walk_away": {"value": v} | {"package": {...}}` is read too and adds a sentence
// to `warnings` (when given). Throws InputError (file "request", the field's path, what was
// found and what was expected).
Submission parse_preferences(const nlohmann::json& body, const std::vector<Issue>& issues,
                             Warnings* warnings = nullptr);
// The stored and returned spelling (the native YAML's names; weights as shares summing to 1).
nlohmann::json to_json(const Submission& submission, const std::vector<Issue>& issues);

// A package as {issue: option}, every issue once; throws InputError naming `field`.
Outcome parse_package(const nlohmann::json& body, const std::vector<Issue>& issues,
                      std::string_view field);
nlohmann::json package_json(const Outcome& package, const std::vector<Issue>& issues);

// The issues as {"name", "options"} objects, and back (the stored spec of a negotiation).
nlohmann::json issues_json(const std::vector<Issue>& issues);
std::vector<Issue> issues_from_json(const nlohmann::json& issues);

}  // namespace parley::service
