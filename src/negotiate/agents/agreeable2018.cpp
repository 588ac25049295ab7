// agreeable_agent2018: AgreeableAgent2018, winner of ANAC 2018, by Sahar Mirzayi.
//
// Paper: the description of AgreeableAgent2018 in the ANAC 2018 report of the GENIUS league
// (R. Aydoğan, K. Fujita, T. Baarslag, C. M. Jonker, T. Ito et al., "Challenges and main results
// of ANAC 2018"; the published text was not at hand: the strategy below follows its public
// summaries, and the constants not found there are listed as choices).
//
// Strategy: a Boulware time-dependent concession (Faratin et al. 1998 in the GENIUS form
// u(t) = P_min + (P_max - P_min)(1 - f(t)), f(t) = k + (1 - k) t^(1/e), e = 0.1) gives a target
// utility. Early on it offers the least package at or above the target (its best package at
// t = 0). Once the opponent model may be trusted (after a share of the time that grows with
// the size of the domain), it gathers the packages whose utility lies in a small neighbourhood
// above the target and picks one by roulette wheel, each weighted by the opponent's estimated
// utility (a frequency model), so that packages the opponent likes are offered more often.
// It accepts an offer worth at least as much as the bid it would make next (AC_next).
//
// Choices where the description is silent:
//  - The opponent model is the library's frequency model (value counts, issue weights from
//    unchanged issues, van Krimpen et al. 2013), one per opponent; the roulette weight of a
//    package is the mean of the opponents' estimates (multilateral generalisation).
//  - k = 0; P_max is the best indexed utility; P_min the larger of the worst indexed utility and
//    the reservation value, so the agent never offers below the reservation value.
//  - The model is used from t = 0.2 on domains of fewer than 1,000 packages, t = 0.3 below
//    10,000 and t = 0.4 above (domain-size-aware timing as described; the thresholds are ours).
//  - The neighbourhood is [target, target + 0.05 (P_max - P_min)]; the wheel spins over at most
//    64 packages spread evenly over it (bounded work per turn on huge spaces); when every weight
//    is 0 the choice is uniform; when the neighbourhood is empty, the least package at or above
//    the target is offered.
//  - The bid of a turn is computed once (respond() then propose() see the same bid, so the
//    acceptance compares with exactly what would be offered); randomness from the session seed.
//  - Never accepts below the reservation value.
#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

#include "library.hpp"

namespace parley::agents {
namespace {

constexpr double kNeighbourhood = 0.05;
constexpr std::size_t kWheelSize = 64;

class AgreeableAgent2018 final : public Negotiator {
 public:
  explicit AgreeableAgent2018(double e) : e_(e) {}

  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    range_.from(view);
    models_.reset(view);
    rng_.seed(info.seed);
    const double size = view.index().exact() ? static_cast<double>(view.index().size())
                                             : view.space().size_double();
    model_time_ = size < 1000.0 ? 0.2 : size < 10000.0 ? 0.3 : 0.4;
  }

  void observe(const ObservedAction& action) override { models_.observe(action); }

  void propose(const TurnState& state, Outcome& offer) override {
    view_->index().outcome(next_bid(state.time), offer);
  }

  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    const double u = view_->utility(standing_offer);
    const double next = view_->index().utility(next_bid(state.time));
    return u >= next && u >= view_->reservation_value() ? Response::accept : Response::reject;
  }

  std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const override {
    const PartyModel* model = models_.model(seat);
    if (!model) return std::nullopt;
    return model->estimate(outcome);
  }

 private:
  // The least entry at or above `target` (the best entry when none is).
  std::size_t at_or_above(double target) const {
    const auto [first, last] = view_->index().range(target, INFINITY);
    return first < last ? first : view_->index().best_entry();
  }

  std::size_t next_bid(double t) {
    if (t == cached_time_) return cached_entry_;
    cached_time_ = t;
    const auto& index = view_->index();
    const double target = time_dependent_target(range_, e_, 0.0, t);
    if (t < model_time_ || models_.empty()) return cached_entry_ = at_or_above(target);
    const auto [first, last] =
        index.range(target, target + kNeighbourhood * (range_.max - range_.min));
    if (first >= last) return cached_entry_ = at_or_above(target);
    // Roulette wheel over up to kWheelSize packages spread evenly over the neighbourhood.
    const std::size_t count = last - first, slots = std::min(count, kWheelSize);
    entries_.clear();
    weights_.clear();
    double total = 0.0;
    for (std::size_t s = 0; s < slots; ++s) {
      const std::size_t entry = slots == 1 ? first : first + (count - 1) * s / (slots - 1);
      index.outcome(entry, scratch_);
      const double w = std::max(0.0, models_.mean(scratch_));
      entries_.push_back(entry);
      weights_.push_back(w);
      total += w;
    }
    const double spin = unit_random(rng_());
    if (!(total > 0.0))
      return cached_entry_ = entries_[std::min(
                 slots - 1, static_cast<std::size_t>(spin * static_cast<double>(slots)))];
    double cumulative = 0.0;
    for (std::size_t s = 0; s < slots; ++s) {
      cumulative += weights_[s] / total;
      if (spin < cumulative) return cached_entry_ = entries_[s];
    }
    return cached_entry_ = entries_.back();
  }

  double e_;
  double model_time_ = 0.2;
  double cached_time_ = -1.0;
  std::size_t cached_entry_ = 0;
  const PartyView* view_ = nullptr;
  ConcessionRange range_;
  OpponentModels models_;
  std::mt19937_64 rng_;
  Outcome scratch_;
  std::vector<std::size_t> entries_;
  std::vector<double> weights_;
};

}  // namespace

AgentRow agreeable_agent2018_row() {
  return {
      {"agreeable_agent2018",
       AgentRole::agent,
       "Boulware concession; near the target, a roulette wheel weighted by a frequency model "
       "of the opponents picks the bid; accepts what beats its next bid (ANAC 2018 winner)",
       "Aydoğan, Fujita, Baarslag, Jonker, Ito et al., ANAC 2018 report "
       "(AgreeableAgent2018 by S. Mirzayi, winner of the ANAC 2018 GENIUS league)",
       {number_parameter("e", 0.1, 0, 1000, kConcessionExponent, true)}},
      [](const AgentSpec& spec) { return std::make_unique<AgreeableAgent2018>(spec.number("e")); }};
}

}  // namespace parley::agents
