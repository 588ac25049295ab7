// The state machine of one mediated negotiation (`parley serve`), with no storage and no HTTP:
// a plain state and transitions that validate a request against it and return the new state with
// what happened.
//
// Phases:
//  1. collecting: a mediator created the negotiation (categorical issues, the parties); each party
//     submits its preferences privately and may replace them while the phase lasts.
//  2. analysing: the last submission (or the mediator's request to analyse again) closes the
//     preferences; the service analyses the scenario they make outside every lock and then calls
//     analysis_done(), or analysis_stopped() when the analysis hit its time cap or failed. The
//     mediator may cancel it (cancel_analysis()). Stopping or cancelling returns the negotiation
//     to collecting with every submission kept and a notice saying why.
//  3. drafting: the analysis proposed the Nash, Kalai-Smorodinsky and egalitarian (maximin gain)
//     packages; a single-text round (Raiffa, "The Art and Science of Negotiation", 1982, ch. 14)
//     follows: the draft starts at the Nash package; a party accepts or rejects the draft; a party
//     or the mediator may change it (the proposer of a change accepts it); rejecting a change
//     restores the text it changed. Every change bumps the draft version and clears the votes.
//  4. agreed: every party accepted the same draft version (or enough of them under the
//     negotiation's quorum rule); the package and the time are recorded.
//  5. closed: the deadline passed (or the mediator closed the negotiation) without agreement and
//     the deal-closer chosen at creation found none.
// Beside the single text, the deal-closing mechanisms (parley/service/mechanisms.hpp): sealed
// acceptances, the mediator's proposal, improvements after agreement, final offers for
// arbitration at the deadline, blind bidding on a numeric issue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "parley/model/issue.hpp"
#include "parley/model/outcome.hpp"
#include "parley/service/mechanisms.hpp"
#include "parley/service/preferences.hpp"
#include "parley/support/error.hpp"

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

enum class Role { mediator, party };
const char* to_string(Role role) noexcept;

// Who is calling, as established from a token.
struct Caller {
  std::string negotiation_id;
  Role role = Role::party;
  std::size_t party = 0;  // parties only
};

// Storage and JSON spell phases, votes and roles by their names (one table per enum,
// src/service/enum_names.hpp, read by to_string and by the store).
enum class Phase { collecting, analysing, drafting, agreed, closed };
const char* to_string(Phase phase) noexcept;

enum class Vote { accept, reject };
const char* to_string(Vote vote) noexcept;

// Why an analysis ended without proposals.
enum class AnalysisStop { cancelled, time_cap, failed };

struct Proposal {
  std::string kind;   // "nash", "kalai-smorodinsky", "egalitarian"
  std::string title;  // "Nash bargaining solution", ...
  Outcome package;
};

// How the proposals were found.
struct AnalysisSummary {
  std::string method;  // the frontier method: "linear-dp", "enumeration", "anytime-search"
  bool exact = true;   // false: an approximate frontier (a deterministic search budget)
  std::uint64_t evaluated = 0;
  std::uint64_t budget = 0;  // the work budget it ran under (0: not recorded, older analyses)
};

struct Draft {
  std::int64_t version = 0;
  Outcome package;
  std::optional<Outcome> previous;  // the text a change replaced (restored when it is rejected)
  std::string proposed_by;
};

struct Agreement {
  std::int64_t version = 0;
  Outcome package;
  std::string agreed_at;  // UTC, ISO 8601
};

struct PartyState {
  std::string name;
  std::optional<nlohmann::json> preferences;  // as to_json(PartyPreferences) spells them
  bool shared = false;
  // The record's commitment to these preferences and its salt (64 hex digits each; empty
  // before the first submission). The salt is the party's secret: only its reveal shows it.
  std::string commitment;
  std::string salt;
  std::optional<Vote> vote;
  std::int64_t vote_version = -1;  // the draft version the vote is for
};

struct NegotiationState {
  std::string id;
  std::string title;
  std::string created_at;
  std::vector<Issue> issues;
  Phase phase = Phase::collecting;
  // Bumped each time the negotiation enters `analysing`: a result counts only for its round.
  std::int64_t analysis_round = 0;
  std::vector<Proposal> proposals;
  std::optional<AnalysisSummary> analysis;
  // Why the last analysis ended without proposals (for every role to read); empty otherwise.
  std::string notice;
  std::optional<Draft> draft;
  std::optional<Agreement> agreement;
  std::vector<PartyState> parties;
  NegotiationSettings settings;  // the decision rule, the deadline and its deal-closer
  MechanismState mechanisms;

  bool everyone_submitted() const noexcept;
  // The current draft's votes that accept it.
  std::size_t accepted_count() const noexcept;
  // The parties' names, in party order.
  std::vector<std::string> party_names() const;
  // The labels sealed acceptances may mark: the proposals' kinds, then "draft 1" ... "draft v"
  // (the draft versions whose text is kept), and the package each stands for.
  std::vector<std::string> sealed_items() const;
  std::optional<Outcome> sealed_item_package(const std::string& item) const;
};

// The new state and what happened, one sentence per event (an audit trail without preferences),
// and the same events as lines of the negotiation's signed record (docs/records.md, "Records of
// the mediation service"): JSON objects without `prev` and `at`, which the store adds when it
// appends them. A replay applies the recorded events through these same transitions and compares
// what they write with what was recorded.
struct Transition {
  NegotiationState state;
  std::vector<std::string> events;
  std::vector<nlohmann::json> record = {};
};

NegotiationState new_negotiation(std::string id, const NegotiationSpec& spec,
                                 std::string created_at);
// The first line of the negotiation's record: the negotiation as created (no preferences).
nlohmann::json opening_event(const NegotiationState& state);

// A party's preferences (stored spelling; collecting only), with the record's commitment to them
// and its salt (record::canonical_submission). The last one moves to analysing.
Transition submit(const NegotiationState& state, std::size_t party,
                  const nlohmann::json& preferences, bool shared, std::string salt = {},
                  std::string commitment = {});
// The mediator asks for the analysis again (collecting, every party submitted): to analysing.
Transition start_analysis(const NegotiationState& state);
// The analysis of `round` found proposals: drafting, with the first draft (version 1).
Transition analysis_done(const NegotiationState& state, std::int64_t round,
                         std::vector<Proposal> proposals, Outcome first_draft,
                         AnalysisSummary summary);
// The analysis of `round` ended without proposals: back to collecting, submissions kept, and a
// notice saying why (`detail`: the cap in seconds, the error message).
Transition analysis_stopped(const NegotiationState& state, std::int64_t round, AnalysisStop why,
                            const std::string& detail);
// The mediator cancels the running analysis: back to collecting, submissions kept.
Transition cancel_analysis(const NegotiationState& state);
// Single-text round.
Transition vote(const NegotiationState& state, std::size_t party, std::int64_t version, bool accept,
                const std::string& now);
Transition change_draft(const NegotiationState& state, const Caller& caller, std::int64_t version,
                        const Outcome& package);

// --- The deal-closing mechanisms (docs/mechanisms.md, "In the service") ---
// A secret step takes the party's answer and its seal (mechanisms.hpp, seal_answer); a replay
// passes no answer (only the recorded commitment) and applies the recorded result with the
// matching *_result transition, which the live step calls itself when the result is known.

// Sealed acceptances (drafting): the items `party` would accept (replacing its earlier marks).
// When some items now pass the rule, the first in sealed_items() order becomes the agreement.
Transition mark_sealed(const NegotiationState& state, std::size_t party,
                       const std::optional<std::vector<std::string>>& items, SealedAnswer seal,
                       const std::string& now);
Transition sealed_match(const NegotiationState& state, const std::string& item,
                        const std::string& now);

// The mediator's proposal (drafting): one package put to every party (replacing an open one).
Transition open_mediator_proposal(const NegotiationState& state, const Outcome& package,
                                  const std::string& source);
// A party's secret yes or no on proposal `id`; once every party answered, the result.
Transition answer_mediator_proposal(const NegotiationState& state, std::size_t party,
                                    std::int64_t id, std::optional<bool> yes, SealedAnswer seal,
                                    const std::string& now);
Transition mediator_proposal_result(const NegotiationState& state, std::int64_t id, bool passed,
                                    const std::string& now);

// Improvements after agreement (agreed): the ranked Pareto improvements offered (none: the
// agreement stands at once); approvals are sealed; one improvement is adopted when every party
// approved it (the first in rank), the agreement stands when every party answered without one, or
// when the mediator closes the round.
Transition offer_improvements(const NegotiationState& state, std::vector<Outcome> packages);
Transition approve_improvements(const NegotiationState& state, std::size_t party,
                                std::int64_t round,
                                const std::optional<std::vector<std::string>>& labels,
                                SealedAnswer seal);
Transition improvement_result(const NegotiationState& state, std::int64_t round,
                              std::optional<std::size_t> adopted);
Transition close_improvements(const NegotiationState& state);

// A party's sealed final offer for arbitration at the deadline (before agreement and closing).
Transition submit_final_offer(const NegotiationState& state, std::size_t party,
                              const std::optional<Outcome>& package, SealedAnswer seal);
// The party whose final offer the arbitrator chooses: the offer whose utilities (under the
// submitted preferences) are nearest, in Euclidean distance, to those of the analysis's Nash
// proposal, the arbitrator's own judgement of a fair deal; a tie goes to the lower party index.
// Empty without offers, without the Nash proposal or without every party's preferences.
std::optional<std::size_t> arbitrate_final_offers(const NegotiationState& state);
// The deadline passed (by_mediator: the mediator closed the negotiation early): the deal-closer
// decides. `chosen`: arbitrate_final_offers(state) (final-offer arbitration only);
// `chosen_package`: the chosen offer as recorded, for a replay that does not know the sealed
// offers.
Transition reach_deadline(const NegotiationState& state, bool by_mediator,
                          std::optional<std::size_t> chosen, const std::string& now,
                          const std::optional<Outcome>& chosen_package = std::nullopt);

// Blind bidding on a numeric issue between two parties (any phase but closed; one at a time).
Transition open_blind_bidding(const NegotiationState& state, BlindBiddingState bidding);
Transition place_blind_bid(const NegotiationState& state, std::size_t party,
                           std::optional<double> secret, std::optional<double> visible,
                           SealedAnswer seal);
Transition blind_round_result(const NegotiationState& state, std::size_t round, bool settled,
                              std::optional<double> value);
// The neutral's fair value after the last round without settlement (the mediator is the neutral):
// the END settlement at the closer side's last secret bid; `value` is that settlement.
Transition blind_neutral(const NegotiationState& state, double fair, double value);

}  // namespace parley::service
