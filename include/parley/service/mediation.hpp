// The mediation state machine behind `parley serve`: a neutral place where each side says what it
// values without telling the other side.
//
// Phases of a negotiation (stored in SQLite, every change one transaction):
//  1. collecting: a mediator created the negotiation (categorical issues, the parties) and got one
//     secret token per party plus its own; each party submits its preferences privately (issue
//     weights, option scores 0..100, a walk-away value in [0,1] or a walk-away package) and may
//     replace them until the last party submits.
//  2. drafting: on the last submission the engine builds a Scenario (linear-additive utilities,
//     GENIUS score semantics: e(v) = score / best score of the issue) and analyse() proposes the
//     Nash, Kalai-Smorodinsky and egalitarian (maximin gain) packages. A single-text round
//     (Raiffa, "The Art and Science of Negotiation", 1982, ch. 14) follows: the draft starts at
//     the Nash package; a party accepts or rejects the draft; a party or the mediator may change
//     the draft (the proposer of a change accepts it); rejecting a change restores the text it
//     changed. Every change bumps the draft version and clears the votes.
//  3. agreed: when every party accepts the same draft version, the package and the time are
//     recorded; the agreement can be downloaded as a Markdown document.
// What each role sees: a party sees its own preferences and its own utility of every package,
// never another party's; the mediator sees proposals, the draft and the votes, and the
// preferences of parties that chose to share them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "parley/error.hpp"
#include "parley/issue.hpp"
#include "parley/outcome.hpp"
#include "parley/service/store.hpp"
#include "parley/utility.hpp"

namespace parley::service {

// An unknown token (HTTP 401) or a known token used where its role may not go (HTTP 403).
class AccessDenied : public Error {
 public:
  AccessDenied(std::string message, bool authenticated)
      : Error(std::move(message)), authenticated_(authenticated) {}
  bool authenticated() const noexcept { return authenticated_; }

 private:
  bool authenticated_;
};

// A request that does not fit the negotiation's state: wrong phase, stale draft version (HTTP 409).
class StateConflict : public Error {
 public:
  using Error::Error;
};

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
};

enum class Role { mediator, party };
const char* to_string(Role role) noexcept;

// Who is calling, as established from a token.
struct Caller {
  std::string negotiation_id;
  Role role = Role::party;
  std::size_t party = 0;  // parties only
};

struct NegotiationSpec {
  std::string title;
  std::vector<Issue> issues;  // categorical
  std::vector<std::string> parties;
};

// {"title": "...", "issues": [{"name": "...", "options": ["...", ...]}, ...],
//  "parties": ["...", ...]}; throws InputError (file "request") when invalid.
NegotiationSpec parse_negotiation_spec(const nlohmann::json& body, const Limits& limits);

struct PartyPreferences {
  std::vector<double> weights;              // one per issue, summing to 1
  std::vector<std::vector<double>> scores;  // per issue, per option, in [0,100]
  std::optional<double> walk_away_value;    // in [0,1], or
  std::optional<Outcome> walk_away_package;
  bool share_with_mediator = false;

  std::shared_ptr<const LinearAdditiveUtility> utility(const std::vector<Issue>& issues) const;
  // The walk-away value, or the utility of the walk-away package.
  double reservation_value(const std::vector<Issue>& issues) const;
};

// {"weights": {issue: w >= 0}, "scores": {issue: {option: 0..100}},
//  "walk_away": {"value": v} | {"package": {issue: option}}, "share_with_mediator": bool};
// every issue and option must be present; weights are normalised to sum 1 (their sum must be
// positive); each issue needs a positive score. Throws InputError (file "request").
PartyPreferences parse_preferences(const nlohmann::json& body, const std::vector<Issue>& issues);
nlohmann::json to_json(const PartyPreferences& preferences, const std::vector<Issue>& issues);

// A package as {issue: option}, every issue once; throws InputError naming `field`.
Outcome parse_package(const nlohmann::json& body, const std::vector<Issue>& issues,
                      std::string_view field);
nlohmann::json package_json(const Outcome& package, const std::vector<Issue>& issues);

// The secrets handed out when a negotiation is created; returned once, stored only as hashes.
struct Invitation {
  std::string negotiation_id;
  std::string mediator_token;
  std::vector<std::string> party_names;
  std::vector<std::string> party_tokens;
};

class Mediation {
 public:
  explicit Mediation(Database& database, Limits limits = {});

  const Limits& limits() const noexcept { return limits_; }

  Invitation create(const NegotiationSpec& spec);
  // Throws AccessDenied(authenticated=false) for an empty or unknown token.
  Caller authenticate(std::string_view token);

  // What a party may see (its own preferences and utilities only) / what the mediator may see.
  nlohmann::json party_view(const Caller& caller);
  nlohmann::json mediator_view(const Caller& caller);

  // Stores a party's preferences (the JSON of parse_preferences; collecting phase only); the last
  // submission computes the proposals and opens the draft, in the same transaction. Returns the
  // party view.
  nlohmann::json submit_preferences(const Caller& caller, const nlohmann::json& preferences);
  // The caller's utility of each package, under `preferences` when given (checking a ranking
  // before submitting), else under its submitted preferences.
  std::vector<double> evaluate(const Caller& caller, const std::vector<nlohmann::json>& packages,
                               const std::optional<nlohmann::json>& preferences);
  // Single-text round: vote on draft `version`; change the draft to `package`.
  nlohmann::json vote(const Caller& caller, std::int64_t version, bool accept);
  nlohmann::json change_draft(const Caller& caller, std::int64_t version,
                              const nlohmann::json& package);
  // The agreement as a Markdown document (agreed phase only).
  std::string agreement_document(const Caller& caller);

 private:
  Database& database_;
  Limits limits_;
};

}  // namespace parley::service
