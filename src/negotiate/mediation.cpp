// Single-text mediation (Klein et al. 2003).
#include "parley/negotiate/mediation.hpp"

#include <algorithm>

#include "negotiate/enum_names.hpp"
#include "parley/support/error.hpp"

namespace parley {

const char* to_string(MediationRule rule) noexcept {
  return detail::kMediationRuleNames.name(rule);
}

const char* to_string(Vote vote) noexcept { return detail::kVoteNames.name(vote); }

Mediator::Mediator(ScenarioPtr scenario, MediationOptions options)
    : scenario_(std::move(scenario)), options_(std::move(options)), random_(options_.seed) {
  if (!scenario_) throw InputError("mediation", std::nullopt, "scenario", "none", "a scenario");
  const auto& space = scenario_->space();
  draft_ = options_.initial_draft.value_or(Outcome(space.issue_count(), 0));
  if (draft_.size() != space.issue_count() || !space.contains(draft_))
    throw InputError("mediation", std::nullopt, "initial draft", "a package outside the space",
                     "one valid value per issue");
  votes_.assign(scenario_->party_count(), std::nullopt);
  for (std::size_t p = 0; p < scenario_->party_count(); ++p)
    protected_level_.push_back(
        std::max(scenario_->party(p).reservation_value, scenario_->utility(p, draft_)));
}

const Outcome& Mediator::propose() {
  if (pending_) return proposal_;
  proposal_ = draft_;
  const auto& cards = scenario_->space().cardinalities();
  // Issues with a single value cannot change; pick among the others.
  std::vector<std::size_t> movable;
  for (std::size_t i = 0; i < cards.size(); ++i)
    if (cards[i] > 1) movable.push_back(i);
  if (!movable.empty()) {
    const auto issue = movable[random_() % movable.size()];
    // Another value of that issue, uniformly.
    const auto shift = 1 + static_cast<ValueIndex>(random_() % (cards[issue] - 1));
    proposal_[issue] = (proposal_[issue] + shift) % cards[issue];
  }
  std::fill(votes_.begin(), votes_.end(), std::nullopt);
  pending_ = true;
  return proposal_;
}

void Mediator::record_vote(std::size_t party, Vote vote) {
  if (!pending_) throw UnsupportedError("no pending proposal to vote on: call propose() first");
  if (party >= votes_.size())
    throw InputError("mediation", std::nullopt, "party", std::to_string(party),
                     "a party index below " + std::to_string(votes_.size()));
  if (vote == Vote::veto && options_.rule == MediationRule::hill_climbing) vote = Vote::reject;
  votes_[party] = vote;
}

MediationStep Mediator::conclude() {
  if (!pending_) throw UnsupportedError("no pending proposal: call propose() first");
  MediationStep step;
  step.proposal = proposal_;
  std::size_t accepts = 0, rejects = 0, vetoes = 0;
  for (std::size_t p = 0; p < votes_.size(); ++p) {
    if (!votes_[p]) throw UnsupportedError("party " + scenario_->party(p).name + " has not voted");
    step.votes.push_back(*votes_[p]);
    accepts += *votes_[p] == Vote::accept;
    rejects += *votes_[p] == Vote::reject;
    vetoes += *votes_[p] == Vote::veto;
  }
  step.kept = options_.rule == MediationRule::hill_climbing
                  ? accepts == votes_.size()
                  : vetoes == 0 && accepts >= rejects && accepts > 0;
  if (step.kept) {
    draft_ = proposal_;
    ++kept_;
  }
  pending_ = false;
  ++steps_;
  return step;
}

Vote vote_hill_climbing(const PartyView& view, const Outcome& draft, const Outcome& proposal,
                        double protected_level) {
  const double now = view.utility(draft), next = view.utility(proposal);
  if (next >= now) return Vote::accept;
  return next < protected_level ? Vote::veto : Vote::reject;
}

MediationResult mediate(const ScenarioPtr& scenario, const MediationOptions& options) {
  Mediator mediator(scenario, options);
  std::vector<PartyView> views;
  for (std::size_t p = 0; p < scenario->party_count(); ++p)
    views.push_back(PartyView::of(scenario, p, nullptr));
  for (std::size_t s = 0; s < options.steps; ++s) {
    const Outcome proposal = mediator.propose();
    for (std::size_t p = 0; p < views.size(); ++p)
      mediator.record_vote(
          p, vote_hill_climbing(views[p], mediator.draft(), proposal, mediator.protected_level(p)));
    mediator.conclude();
  }
  MediationResult result;
  result.draft = mediator.draft();
  result.utilities = scenario->utilities(result.draft);
  result.steps = mediator.steps_taken();
  result.changes_kept = mediator.changes_kept();
  return result;
}

}  // namespace parley
