// hardheaded: HardHeaded, winner of ANAC 2011.
//
// Paper: T. van Krimpen, D. Looije & S. Hajizadeh, "HardHeaded", in T. Ito, M. Zhang, V. Robu &
// T. Matsuo (eds.), Complex Automated Negotiations: Theories, Models, and Software Competitions,
// Studies in Computational Intelligence 435, Springer 2013, pp. 223-227; described in Baarslag et
// al., "Evaluating practical negotiating agents: results and analysis of the 2011 international
// competition", Artificial Intelligence 198, 2013.
//
// Strategy: a Boulware concession in time, p(t) = P_min + (P_max - P_min)(1 - F(t)) with
// F(t) = k + (1 - k) t^(1/e), e = 0.05 and k = 0.05, so the agent hardly concedes before the
// last tenth of the session and never goes below its minimum bid utility P_min (0.585) until the
// final phase. The opponent is learned with the frequency model (value counts; an issue's weight
// grows when the opponent keeps its value between two offers: FrequencyModel in common.hpp).
// Among the bids of similar own utility (a narrow band just above p(t)) it offers the one the
// model rates best for the opponent; a bid the opponent itself offered is offered back when it
// is worth p(t). It accepts an offer worth at least its next bid, or at least the lowest bid it
// has already proposed.
//
// Choices where the description is silent:
//  - P_max is the best indexed utility; P_min = max(min_utility, reservation value, worst indexed
//    utility), at most P_max; the first offer is the best bid;
//  - "similar own utility": the band [p(t), p(t) + 0.02]; at most 32 of its bids (evenly spread
//    over the index entries) are rated by the model; an empty band gives the lowest bid above
//    p(t); before any opponent offer, the lowest bid of the band;
//  - the final phase is the last `final_phase` fraction of the session (default 0.02): there
//    the floor is the reservation value and the agent offers the best bid the opponents have
//    made when it is worth the reservation value (a last-minute agreement); before it, no offer
//    is below P_min;
//  - discount factors do not change the concession (the time curve is the same);
//  - multilateral (n >= 2): one frequency model per other party, bids rated by the mean of the
//    models' estimates; the bid offered back is the best (for the agent) that any other party
//    has made; acceptance is the same rule applied to the standing offer;
//  - an offer below the reservation value is never accepted.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "library.hpp"

namespace parley::agents {
namespace {

// Width of the band of "similar" own utility in which the opponent model chooses.
constexpr double kBand = 0.02;
// Bids of the band rated by the opponent model per turn.
constexpr std::size_t kRated = 32;

struct HardHeadedSettings {
  double e = 0.05, k = 0.05, min_utility = 0.585, final_phase = 0.02;
};

class HardHeaded final : public Negotiator {
 public:
  explicit HardHeaded(HardHeadedSettings settings) : settings_(settings) {}
  void start(const PartyView& view, const SessionInfo&) override {
    view_ = &view;
    self_ = view.position();
    models_.reset(view);
    top_ = view.index().max_utility();
    floor_ = std::min(top_, std::max({settings_.min_utility, view.reservation_value(),
                                      view.index().min_utility()}));
    best_received_ = -std::numeric_limits<double>::infinity();
    best_offer_.clear();
    lowest_offered_ = std::numeric_limits<double>::infinity();
    offers_seen_ = 0;
    cached_time_ = -1.0;
  }
  void observe(const ObservedAction& action) override {
    models_.observe(action);
    if (action.kind != ObservedAction::Kind::offer || !action.offer || action.actor == self_)
      return;
    ++offers_seen_;
    const double u = view_->utility(*action.offer);
    if (u > best_received_) {
      best_received_ = u;
      best_offer_ = *action.offer;
    }
  }
  void propose(const TurnState& state, Outcome& offer) override {
    const double u = next_bid(state.time);
    offer = next_;
    lowest_offered_ = std::min(lowest_offered_, u);
  }
  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    const double u = view_->utility(standing_offer);
    if (u < view_->reservation_value()) return Response::reject;
    return u >= next_bid(state.time) || u >= lowest_offered_ ? Response::accept : Response::reject;
  }
  std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const override {
    const PartyModel* model = models_.model(seat);
    if (!model) return std::nullopt;
    return model->estimate(outcome);
  }

 private:
  // p(t): the Boulware target between P_max and P_min.
  double target(double t) const {
    const double f = settings_.k + (1.0 - settings_.k) * std::pow(t, 1.0 / settings_.e);
    return floor_ + (top_ - floor_) * (1.0 - f);
  }
  // Chooses the bid of this turn into next_ and returns its utility; respond() and propose() of
  // one turn ask for the same bid.
  double next_bid(double t) {
    if (t == cached_time_ && offers_seen_ == cached_offers_) return next_utility_;
    cached_time_ = t;
    cached_offers_ = offers_seen_;
    const auto& index = view_->index();
    const double p = target(t);
    const bool final_phase = t >= 1.0 - settings_.final_phase;
    if (!best_offer_.empty() &&
        (best_received_ >= p || (final_phase && best_received_ >= view_->reservation_value()))) {
      next_ = best_offer_;
      return next_utility_ = best_received_;
    }
    std::size_t entry = index.best_entry();
    if (lowest_offered_ < std::numeric_limits<double>::infinity()) {
      const auto [first, last] = index.range(p, p + kBand);
      if (first < last && !models_.empty()) {
        entry = best_in_band(index, p, p + kBand, kRated, [this, &index](std::size_t e) {
          index.outcome(e, scratch_);
          return models_.mean(scratch_);
        });
      } else if (first < last) {
        entry = first;
      } else {
        const auto above = index.range(p, top_);
        if (above.first < above.second) entry = above.first;
      }
    }
    index.outcome(entry, next_);
    return next_utility_ = index.utility(entry);
  }
  HardHeadedSettings settings_;
  const PartyView* view_ = nullptr;
  std::size_t self_ = 0;
  OpponentModels models_;
  double top_ = 1.0, floor_ = 0.0;
  double best_received_ = 0.0;
  Outcome best_offer_;
  double lowest_offered_ = 0.0;
  std::size_t offers_seen_ = 0, cached_offers_ = 0;
  double cached_time_ = -1.0, next_utility_ = 0.0;
  Outcome next_, scratch_;
};

}  // namespace

AgentRow hardheaded_row() {
  return {
      {"hardheaded",
       AgentRole::agent,
       "ANAC 2011 winner: Boulware concession above a floor, frequency model picks among bids "
       "of similar utility",
       "van Krimpen, Looije & Hajizadeh 2013, HardHeaded (Complex Automated Negotiations: "
       "Theories, Models, and Software Competitions, SCI 435)",
       {number_parameter("e", 0.05, 0, 1, "concession exponent: F(t) = k + (1-k) t^(1/e)", true),
        number_parameter("k", 0.05, 0, 1, "initial concession F(0)", false, true),
        number_parameter("min_utility", 0.585, 0, 1,
                         "minimum bid utility P_min kept until the final phase"),
        number_parameter("final_phase", 0.02, 0, 1,
                         "fraction of the session at its end where the floor is lifted")}},
      [](const AgentSpec& spec) {
        HardHeadedSettings s;
        s.e = spec.number("e");
        s.k = spec.number("k");
        s.min_utility = spec.number("min_utility");
        s.final_phase = spec.number("final_phase");
        return std::make_unique<HardHeaded>(s);
      }};
}

}  // namespace parley::agents
