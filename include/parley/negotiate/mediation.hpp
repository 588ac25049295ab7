// Single-text mediation after Klein, Faratin, Sayama & Bar-Yam, "Negotiating complex contracts"
// (Group Decision and Negotiation 12, 2003): a mediator holds one draft package, proposes a
// change (one issue set to another value, drawn from a seeded PRNG), every party votes on it and
// the mediator keeps or reverts it.
//
// Rules:
//  - hill_climbing (Klein et al.'s unanimous mediator): the change is kept only when every party
//    accepts it;
//  - veto (parley's variant): a party may veto a change that would take it below its protected
//    level (its reservation value, or its utility for the starting draft if higher); the change
//    is kept when nobody vetoes and at least as many parties accept as reject.
// Automatic voters (vote_hill_climbing) accept a change that does not lower their own utility,
// reject one that does, and veto one that takes them below their protected level; they read only
// their PartyView. The Mediator is step-able (propose, record votes, conclude) so that a service
// can collect votes from people between steps.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/negotiate/negotiator.hpp"

namespace parley {

enum class MediationRule { hill_climbing, veto };
enum class Vote { accept, reject, veto };

const char* to_string(MediationRule rule) noexcept;
const char* to_string(Vote vote) noexcept;

struct MediationOptions {
  MediationRule rule = MediationRule::hill_climbing;
  std::uint64_t seed = 1;
  std::size_t steps = 1000;  // proposals made by run()
  // Starting draft; empty: every issue at value 0.
  std::optional<Outcome> initial_draft;
};

struct MediationStep {
  Outcome proposal;
  std::vector<Vote> votes;
  bool kept = false;
};

class Mediator {
 public:
  Mediator(ScenarioPtr scenario, MediationOptions options = {});

  const Outcome& draft() const noexcept { return draft_; }
  // The next proposed change of the draft (one issue changed); stays pending until conclude().
  const Outcome& propose();
  bool pending() const noexcept { return pending_; }
  const Outcome& proposal() const noexcept { return proposal_; }
  void record_vote(std::size_t party, Vote vote);
  // Keeps or reverts the pending proposal by the rule; every party must have voted.
  MediationStep conclude();
  std::size_t steps_taken() const noexcept { return steps_; }
  std::size_t changes_kept() const noexcept { return kept_; }
  // The level below which a party may veto (max of reservation and starting-draft utility).
  double protected_level(std::size_t party) const { return protected_level_.at(party); }

 private:
  ScenarioPtr scenario_;
  MediationOptions options_;
  std::mt19937_64 random_;
  Outcome draft_;
  Outcome proposal_;
  std::vector<std::optional<Vote>> votes_;
  std::vector<double> protected_level_;
  bool pending_ = false;
  std::size_t steps_ = 0;
  std::size_t kept_ = 0;
};

// An automatic voter's decision from its own view; `protected_level` as in the Mediator.
Vote vote_hill_climbing(const PartyView& view, const Outcome& draft, const Outcome& proposal,
                        double protected_level);

struct MediationResult {
  Outcome draft;
  std::vector<double> utilities;
  std::size_t steps = 0;
  std::size_t changes_kept = 0;
};

// Runs options.steps proposals with automatic hill-climbing voters.
MediationResult mediate(const ScenarioPtr& scenario, const MediationOptions& options = {});

}  // namespace parley
