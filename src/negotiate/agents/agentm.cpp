// agentm: AgentM, winner of ANAC 2014.
//
// Paper: M. Niimi & T. Ito, "AgentM", in N. Fukuta, T. Ito, M. Zhang, K. Fujita & V. Robu
// (eds.), Recent Advances in Agent-based Complex Automated Negotiation, Studies in Computational
// Intelligence 638, Springer 2016 (the ANAC 2014 champions' chapters).
//
// Strategy: ANAC 2014 had large non-linear spaces (10^10 to 10^40 outcomes in the corpus's
// genius/anac2014 folders) where no agent can list the bids, so AgentM looks for its bids with a
// simulated-annealing search: from a bid above its current threshold it changes one issue at a
// time, preferring the values the opponent offers most often, keeps only bids whose own utility
// stays above the threshold, and moves towards bids built of the opponent's frequent values
// (downhill moves accepted with probability exp(delta / T), T cooling to 0). The threshold concedes
// with time from the best utility; an offer worth the threshold is accepted, and the opponent's
// best bid is offered back once it is worth the threshold.
//
// Choices where the description is silent:
//  - threshold(t) = top - (top - low) t^(1/e), e = 0.2 (a parameter), top the best utility
//    known (indexed, or found by the start search below), low = max(reservation value, worst
//    indexed utility); when the best bid the opponents have offered is worth the threshold,
//    that bid is offered back (so no offer is below a deal already on the table);
//  - the opponent's frequently offered values: the frequency model of common.hpp (value counts,
//    issue weights from unchanged values) scores a bid, and a move takes the value of the
//    changed issue from one of the opponent's last 64 offers (so values are drawn in proportion
//    to how often they were offered) with probability 0.8, else a uniformly random value;
//  - on a sampled index (large non-linear spaces, where the sample's best package is well below
//    the true best), the agent first anneals on its own utility from the sample's best package
//    (4,000 single-issue moves, once, at start) and concedes from the best bid found;
//  - the search works on our OfferIndex and the utility function only: it starts from the bid
//    of the previous turn when that is still above the threshold, else from the index entry the
//    model rates best among 16 in the band [threshold, threshold + 5% of the range] (before any
//    opponent offer: an index entry drawn at random above the threshold, and no search); it
//    makes `steps` moves per turn (default 64), temperature 0.05 cooling linearly to 0;
//  - acceptance: the standing offer is accepted when worth the threshold (never below the
//    reservation value);
//  - multilateral (n >= 2): one frequency model and one offer history per other party; a bid
//    is scored by the mean of the models' estimates, a move borrows a value from a random other
//    party's recent offer; the bid offered back is the best (for the agent) any other party made.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "library.hpp"

namespace parley::agents {
namespace {

constexpr std::size_t kHistory = 64;     // recent offers kept per other party
constexpr double kBorrow = 0.8;          // probability that a move borrows an opponent value
constexpr double kTemperature = 0.05;    // initial annealing temperature
constexpr double kStartBand = 0.05;      // start band, fraction of the utility range
constexpr std::size_t kStartRated = 16;  // start candidates rated by the model
// The search for the agent's own best bid when the index is a sample (once per session).
constexpr std::size_t kClimbSteps = 4000;
constexpr double kClimbTemperature = 0.02;

class AgentM final : public Negotiator {
 public:
  AgentM(double e, std::size_t steps) : e_(e), steps_(steps) {}
  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    random_.seed(info.seed);
    self_ = view.position();
    models_.reset(view);
    cards_ = view.space().cardinalities();
    const auto& index = view.index();
    index.outcome(index.best_entry(), best_bid_);
    top_ = index.max_utility();
    // A sampled index (a large non-linear space) misses the best bids: anneal towards them.
    if (index.method() == OfferIndex::Method::sample && !cards_.empty()) climb_to_own_best();
    floor_ = std::min(top_, std::max(index.min_utility(), view.reservation_value()));
    history_.assign(view.party_count(), {});
    next_slot_.assign(view.party_count(), 0);
    best_received_ = -std::numeric_limits<double>::infinity();
    best_offer_.clear();
    current_.clear();
  }
  void observe(const ObservedAction& action) override {
    models_.observe(action);
    if (action.kind != ObservedAction::Kind::offer || !action.offer || action.actor == self_ ||
        action.actor >= history_.size())
      return;
    auto& h = history_[action.actor];
    if (h.size() < kHistory) {
      h.push_back(*action.offer);
    } else {
      h[next_slot_[action.actor]] = *action.offer;
      next_slot_[action.actor] = (next_slot_[action.actor] + 1) % kHistory;
    }
    const double u = view_->utility(*action.offer);
    if (u > best_received_) {
      best_received_ = u;
      best_offer_ = *action.offer;
    }
  }
  void propose(const TurnState& state, Outcome& offer) override {
    const double threshold = threshold_at(state.time);
    if (!best_offer_.empty() && best_received_ >= threshold) {
      offer = best_offer_;
    } else {
      search(threshold);
      offer = current_;
    }
  }
  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    const double u = view_->utility(standing_offer);
    if (u < view_->reservation_value()) return Response::reject;
    return u >= threshold_at(state.time) ? Response::accept : Response::reject;
  }
  std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const override {
    const PartyModel* model = models_.model(seat);
    if (!model) return std::nullopt;
    return model->estimate(outcome);
  }

 private:
  double threshold_at(double t) const { return top_ - (top_ - floor_) * std::pow(t, 1.0 / e_); }
  // Simulated annealing on the agent's own utility from the index's best package (once, at
  // start): single-issue changes to random values, kept when better or with probability
  // exp(delta / T). Leaves the best bid found in best_bid_ and its utility in top_.
  void climb_to_own_best() {
    Outcome x = best_bid_, y;
    double ux = top_;
    for (std::size_t step = 0; step < kClimbSteps; ++step) {
      const double temperature =
          kClimbTemperature * (1.0 - static_cast<double>(step) / static_cast<double>(kClimbSteps));
      const std::size_t issue = random_() % cards_.size();
      y = x;
      y[issue] = static_cast<ValueIndex>(random_() % cards_[issue]);
      if (y[issue] == x[issue]) continue;
      const double u = view_->utility(y);
      const double delta = u - ux;
      if (delta < 0.0 &&
          (temperature <= 0.0 || unit_random(random_()) >= std::exp(delta / temperature)))
        continue;
      x.swap(y);
      ux = u;
      if (u > top_) {
        top_ = u;
        best_bid_ = x;
      }
    }
  }
  // Leaves in current_ a bid worth at least `threshold` that the opponents' models rate high.
  void search(double threshold) {
    const auto& index = view_->index();
    if (current_.empty() || view_->utility(current_) < threshold) {
      const auto [first, last] = index.range(threshold, top_);
      if (first >= last) {
        current_ = best_bid_;  // above the index's best: the bid found at start
      } else if (models_.empty()) {
        index.outcome(first + random_() % (last - first), current_);
      } else {
        const double high = threshold + kStartBand * (top_ - floor_);
        const std::size_t entry =
            best_in_band(index, threshold, high, kStartRated, [this, &index](std::size_t e) {
              index.outcome(e, scratch_);
              return models_.mean(scratch_);
            });
        index.outcome(entry, current_);
      }
    }
    if (models_.empty() || cards_.empty()) return;
    // Simulated annealing from current_ over single-issue changes that keep the threshold.
    std::vector<std::size_t> sources;
    for (std::size_t j = 0; j < history_.size(); ++j)
      if (!history_[j].empty()) sources.push_back(j);
    Outcome x = current_, y;
    double score_x = models_.mean(x), best_score = score_x;
    double best_utility = view_->utility(x);
    for (std::size_t step = 0; step < steps_; ++step) {
      const double temperature =
          kTemperature * (1.0 - static_cast<double>(step) / static_cast<double>(steps_));
      const std::size_t issue = random_() % cards_.size();
      y = x;
      if (!sources.empty() && unit_random(random_()) < kBorrow) {
        const auto& h = history_[sources[random_() % sources.size()]];
        y[issue] = h[random_() % h.size()][issue];
      } else {
        y[issue] = static_cast<ValueIndex>(random_() % cards_[issue]);
      }
      if (y[issue] == x[issue]) continue;
      const double u = view_->utility(y);
      if (u < threshold) continue;
      const double score = models_.mean(y);
      const double delta = score - score_x;
      if (delta < 0.0 &&
          (temperature <= 0.0 || unit_random(random_()) >= std::exp(delta / temperature)))
        continue;
      x.swap(y);
      score_x = score;
      if (score > best_score || (score == best_score && u > best_utility)) {
        best_score = score;
        best_utility = u;
        current_ = x;
      }
    }
  }
  double e_;
  std::size_t steps_;
  const PartyView* view_ = nullptr;
  std::mt19937_64 random_;
  std::size_t self_ = 0;
  OpponentModels models_;
  std::vector<std::uint32_t> cards_;
  double top_ = 1.0, floor_ = 0.0;
  std::vector<std::vector<Outcome>> history_;
  std::vector<std::size_t> next_slot_;
  double best_received_ = 0.0;
  Outcome best_offer_, current_, scratch_, best_bid_;
};

}  // namespace

AgentRow agentm_row() {
  return {
      {"agentm",
       AgentRole::agent,
       "ANAC 2014 winner: simulated-annealing bid search towards the opponent's frequent values, "
       "time-based concession",
       "Niimi & Ito 2016, AgentM (Recent Advances in Agent-based Complex Automated Negotiation, "
       "SCI 638)",
       {number_parameter("e", 0.2, 0, 1000, kConcessionExponent, true),
        number_parameter("steps", 64, 0, 10000, "simulated-annealing moves per bid", false, false,
                         true)}},
      [](const AgentSpec& spec) {
        return std::make_unique<AgentM>(spec.number("e"),
                                        static_cast<std::size_t>(spec.number("steps")));
      }};
}

}  // namespace parley::agents
