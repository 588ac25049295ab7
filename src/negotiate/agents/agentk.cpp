// agentk: AgentK, winner of ANAC 2010.
//
// Paper: S. Kawaguchi, K. Fujita & T. Ito, "AgentK: Compromising strategy based on estimated
// maximum utility for automated negotiating agents", in T. Ito, M. Zhang, V. Robu, S. Fatima &
// T. Matsuo (eds.), New Trends in Agent-Based Complex Automated Negotiations, Studies in
// Computational Intelligence 383, Springer 2012 (first described as "Compromising strategy based
// on estimated maximum utility for automated negotiation agents competition (ANAC-10)", IEA/AIE
// 2011).
//
// Strategy: the agent keeps the mean mu(t) and variance sigma^2(t) of its own utility for the
// opponent's offers. Reading the offers as uniformly spread, their width is d(t) =
// sqrt(12 sigma^2(t)), and the best the opponent is expected to offer is emax(t) = mu(t) +
// (1 - mu(t)) d(t). The target concedes from 1 towards emax(t) as t^alpha, alpha = 1 + tremor +
// 10 mu - 2 tremor mu (slower when the opponent's offers are already good); ratio(t) limits the
// concession to d(t) + 0.1 when the opponent hardly moves (an uncooperative opponent) and allows
// up to twice the way to emax(t) when it moves a lot (agentk_formula.hpp has the formulas).
// Offers: a bid the opponent itself offered when it is worth the target, else a bid drawn at
// random among the packages above the target. Acceptance: any offer worth the target; below
// it, with probability P = t^5/5 + (u - emax(t)) + (u - target(t)).
//
// Choices where the description is silent:
//  - "1" of the paper's normalised utilities is the agent's best indexed utility (top); the
//    target never goes below the reservation value (nor the worst indexed utility);
//  - tremor = 2 (a parameter); the paper's random jitter of alpha is not modelled;
//  - ratio(t) read as (d(t) + 0.1) / (top - emax(t)), at most 2 (agentk_formula.hpp);
//  - before the opponent's first offer the target is top (no concession, no statistics);
//  - the mean and variance come from observe(): every offer of every other party;
//  - candidates above the target: one index entry drawn uniformly from those worth at least
//    the target (the paper searches random bids and keeps those above it), never enumerating;
//  - multilateral (n >= 2): one mean and variance per other party; the target and emax(t)
//    follow the party with the lowest emax(t) (an agreement needs every party, so the most
//    demanding one bounds what can be had); the offered-back bid is the best any other party
//    has offered; the acceptance probability uses that same emax(t) and target;
//  - no opponent model of preferences: opponent_estimate() is not overridden;
//  - an offer below the reservation value is never accepted, whatever P says.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <vector>

#include "agentk_formula.hpp"
#include "library.hpp"

namespace parley::agents {
namespace {

// Running sums of one party's offers, in the agent's own utility.
struct OfferStatistics {
  double count = 0.0, sum = 0.0, squares = 0.0;
  double mean() const { return sum / count; }
  double variance() const { return std::max(0.0, squares / count - mean() * mean()); }
};

class AgentK final : public Negotiator {
 public:
  explicit AgentK(double tremor) : tremor_(tremor) {}
  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    random_.seed(info.seed);
    self_ = view.position();
    top_ = view.index().max_utility();
    floor_ = std::min(top_, std::max(view.index().min_utility(), view.reservation_value()));
    statistics_.assign(view.party_count(), {});
    best_received_ = -std::numeric_limits<double>::infinity();
    best_offer_.clear();
  }
  void observe(const ObservedAction& action) override {
    if (action.kind != ObservedAction::Kind::offer || !action.offer || action.actor == self_ ||
        action.actor >= statistics_.size())
      return;
    const double u = view_->utility(*action.offer);
    auto& s = statistics_[action.actor];
    s.count += 1.0;
    s.sum += u;
    s.squares += u * u;
    if (u > best_received_) {
      best_received_ = u;
      best_offer_ = *action.offer;
    }
  }
  void propose(const TurnState& state, Outcome& offer) override {
    const Aim aim = aim_at(state.time);
    if (!best_offer_.empty() && best_received_ >= aim.target) {
      offer = best_offer_;
      return;
    }
    const auto& index = view_->index();
    const auto [first, last] = index.range(aim.target, top_);
    const std::size_t entry =
        first < last ? first + random_() % (last - first) : index.best_entry();
    index.outcome(entry, offer);
  }
  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    const double u = view_->utility(standing_offer);
    if (u < view_->reservation_value()) return Response::reject;
    const Aim aim = aim_at(state.time);
    if (u >= aim.target) return Response::accept;
    if (!aim.informed) return Response::reject;
    const double p = agentk::accept_probability(u, aim.emax, aim.target, state.time);
    return unit_random(random_()) < p ? Response::accept : Response::reject;
  }

 private:
  struct Aim {
    double target = 0.0, emax = 0.0;
    bool informed = false;  // false before any other party has offered
  };
  // The target and emax(t) of the most demanding other party (the lowest emax(t)).
  Aim aim_at(double t) const {
    Aim aim{top_, top_, false};
    for (const auto& s : statistics_) {
      if (s.count == 0.0) continue;
      const double emax = std::min(top_, agentk::estimated_max(s.mean(), s.variance(), top_));
      if (aim.informed && emax >= aim.emax) continue;
      aim.informed = true;
      aim.emax = emax;
      aim.target = agentk::target(s.mean(), s.variance(), t, top_, tremor_);
    }
    aim.target = std::max(aim.target, floor_);
    return aim;
  }
  double tremor_;
  const PartyView* view_ = nullptr;
  std::mt19937_64 random_;
  std::size_t self_ = 0;
  double top_ = 1.0, floor_ = 0.0;
  std::vector<OfferStatistics> statistics_;
  double best_received_ = 0.0;
  Outcome best_offer_;
};

}  // namespace

AgentRow agentk_row() {
  return {{"agentk",
           AgentRole::agent,
           "ANAC 2010 winner: concedes towards the estimated best offer of the opponent, accepts "
           "with a probability",
           "Kawaguchi, Fujita & Ito 2012, AgentK: Compromising strategy based on estimated maximum "
           "utility for automated negotiating agents (New Trends in Agent-Based Complex Automated "
           "Negotiations, SCI 383)",
           {number_parameter("tremor", agentk::kTremor, 0, 10,
                             "compromise speed: alpha = 1 + tremor + 10 mu - 2 tremor mu")}},
          [](const AgentSpec& spec) { return std::make_unique<AgentK>(spec.number("tremor")); }};
}

}  // namespace parley::agents
