// The deal-closing mechanisms of the mediation service (issue 20; docs/mechanisms.md, "In the
// service"): the state they keep beside the single text. The transitions that change it are in
// parley/service/negotiation.hpp with the others; the rules themselves are the library's
// (parley/negotiate/sealed_acceptance.hpp, parley/negotiate/blind_bidding.hpp,
// parley/analysis/quorum.hpp, parley/analysis/improvements.hpp).
//
// Secrets: a party's marks, yes/no answers, approvals, final offers and blind bids are kept by the
// service (the parties and the mediator see only what each mechanism reveals) and enter the
// signed record as commitments, SHA-256(salt || canonical answer), like the preferences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "parley/analysis/quorum.hpp"
#include "parley/model/outcome.hpp"
#include "parley/negotiate/blind_bidding.hpp"

namespace parley::service {

// What decides at the deadline when there is no agreement by then.
enum class DealCloser {
  none,               // the negotiation closes without agreement
  final_offer,        // final-offer arbitration over the parties' sealed final offers
  nash,               // the pre-agreed rule: the analysis's Nash proposal is adopted
  kalai_smorodinsky,  // ... its Kalai-Smorodinsky proposal
  egalitarian,        // ... its egalitarian (maximin gain) proposal
};
const char* to_string(DealCloser closer) noexcept;  // "none", "final-offer", "nash", ...
std::optional<DealCloser> parse_deal_closer(std::string_view text);

// UTC times as the service writes them ("2026-12-31T12:00:00Z") and seconds since 1970.
std::optional<std::int64_t> parse_utc(const std::string& text);
std::string format_utc(std::int64_t seconds);

// How the negotiation decides (set when it is created; never changes).
struct NegotiationSettings {
  // A draft, a sealed acceptance or a mediator's proposal passes with `required` acceptances
  // including every veto holder (parley::passes). Unanimity: required = number of parties.
  QuorumRule rule;
  std::string deadline;  // UTC, ISO 8601 ("2026-12-31T12:00:00Z"); empty: none
  DealCloser at_deadline = DealCloser::none;

  bool unanimous(std::size_t parties) const noexcept {
    return rule.required >= parties;  // veto holders add nothing under unanimity
  }
};

// One party's secret answer in a sealed mechanism. `value` is what the party sent (marks, a yes or
// no, a package, a bid) and stays with the service; `commitment` enters the record. In a replay
// of a record the value is unknown (empty) and only the commitment is there.
struct SealedAnswer {
  std::optional<nlohmann::json> value;
  std::string salt, commitment;
  bool given() const noexcept { return !commitment.empty(); }
};

// The mediator's proposal: one package put to every party, each saying yes or no secretly. It
// passes under the negotiation's rule (under unanimity: everyone said yes) and then is the
// agreement; otherwise every party learns only that it did not pass, once all have answered.
struct MediatorsProposal {
  std::int64_t id = 0;  // 1, 2, ... over the negotiation
  Outcome package;
  std::string source;                 // "the mediator", "nash", "kalai-smorodinsky", ...
  std::vector<SealedAnswer> answers;  // per party
  std::string result = "open";        // "open", "passed", "not passed", "withdrawn"
};

// Improvements after agreement: Pareto improvements of the agreement under the submitted
// preferences, each adopted only on every party's secret approval.
struct ImprovementRound {
  std::int64_t id = 0;
  Outcome agreed;                       // the agreement they improve on
  std::vector<Outcome> packages;        // ranked (parley::improve_agreement)
  std::vector<SealedAnswer> approvals;  // per party: the improvements it approves (labels)
  std::string result = "open";          // "open", "adopted", "stands"
  std::optional<std::size_t> adopted;   // index into packages
};

// Blind bidding on one numeric issue beside the categorical ones, between two of the parties.
struct BlindBiddingState {
  std::string issue, unit;
  std::size_t low = 0, high = 1;  // the parties on the low side (pays) and the high side
  BlindBiddingRules rules;
  struct Bid {
    std::size_t round = 1;
    BlindSide side = BlindSide::low;
    std::optional<double> visible;  // public
    SealedAnswer secret;            // value: the secret bid (a number)
  };
  std::vector<Bid> bids;  // in the order placed (a later bid of a side in a round replaces)
  struct Round {
    std::size_t round = 0;
    bool settled = false;
    std::optional<double> value;
  };
  std::vector<Round> rounds;         // closed rounds, public
  std::optional<double> fair;        // the neutral's judgement (END)
  std::optional<double> settlement;  // settled value, by a crossing or by the neutral
  std::string settled_by;            // "crossing", "neutral"
};

// Everything the mechanisms keep, stored with the negotiation.
struct MechanismState {
  std::vector<Outcome> drafts;                // the package of each draft version (version - 1)
  std::vector<SealedAnswer> sealed;           // per party: the items it would accept (labels)
  std::optional<MediatorsProposal> proposal;  // the latest mediator's proposal
  std::optional<ImprovementRound> improvements;
  std::vector<SealedAnswer> final_offers;  // per party: its final offer (a package)
  std::optional<BlindBiddingState> blind;
  // How the agreement was reached, or why the negotiation closed without one.
  std::string agreed_by;      // "single-text", "sealed-acceptances", "mediator-proposal", ...
  std::string agreed_item;    // "draft 3", "nash", ... (sealed acceptances)
  std::string closed_reason;  // closed phase only
};
// Storage (one JSON column each; service/store.cpp).
nlohmann::json settings_json(const NegotiationSettings& settings);
NegotiationSettings settings_from_json(const nlohmann::json& stored);
nlohmann::json mechanisms_json(const MechanismState& state);
MechanismState mechanisms_from_json(const nlohmann::json& stored);

// A fresh salt and the commitment to a sealed answer of `party` in `mechanism`:
// SHA-256(salt || canonical {"answer": value, "mechanism": ..., "party": ...}).
SealedAnswer seal_answer(const std::string& mechanism, const std::string& party,
                         const nlohmann::json& value);

// The library's blind bidding with every bid of `state` placed and its rounds closed (the
// service's secrets are needed: throws StateConflict on a replayed state without them).
BlindBidding rebuild_blind_bidding(const BlindBiddingState& state);

}  // namespace parley::service
