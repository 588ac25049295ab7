// cuhkagent: CUHKAgent, the winner of ANAC 2012, and its opponent model (BOA component `cuhk`).
//
// Papers: J. Hao & H.-F. Leung 2014, "CUHKAgent: an adaptive negotiation strategy for bilateral
// negotiations over multiple items", in I. Marsa-Maestre et al. (eds), Novel Insights in
// Agent-based Complex Automated Negotiation (Studies in Computational Intelligence 535,
// Springer); J. Hao, S. Song, H.-F. Leung & Z. Ming 2014, "An efficient and robust negotiating
// strategy in bilateral negotiations over multiple items", Engineering Applications of
// Artificial Intelligence 34; the strategy was first published as ABiNeS (Hao & Leung 2012,
// "ABiNeS: an adaptive bilateral negotiating strategy over multiple items", IAT 2012).
//
// Strategy. The agent exploits its opponent until the non-exploitation point lambda, then stops
// conceding. Its acceptance threshold falls from its best utility u_max to u_max * delta^(1-lambda)
// at t = lambda: reaching an agreement there is worth (discounted) what u_max would be worth at
// the deadline, so no further concession can pay (discounting awareness):
//   l(t) = u_max - (u_max - u_lambda) (t / lambda)^alpha   for t < lambda,
//   l(t) = u_lambda                                         for t >= lambda,
//   u_lambda = max(reservation, worst indexed, u_max * delta^(1-lambda)).
// lambda starts at lambda_min + (1 - lambda_min) delta^beta (no discount: lambda = 1, the agent
// never concedes before its final phase) and adapts to the opponent's toughness: in every window
// of normalised time the opponent's concession degree sigma is the share of its offers in the
// window that are bids it never offered before; before lambda is reached, a concessive opponent
// postpones it, lambda += w (1 - lambda) sigma, so a conceding opponent is exploited longer and a
// hardliner is met earlier. Bids: when the opponent's best offer so far reaches the threshold
// the agent proposes it back; otherwise, epsilon-greedily, a random package above the threshold
// (probability epsilon) or the package near the threshold its opponent model rates highest.
// Acceptance: an offer worth at least the threshold; in the final phase one at least as good as
// the opponent's best offer so far (the agent then proposes that best offer itself), and on its
// last turn anything above its reservation value. Reservation handling: never below the
// reservation value; with a discount, when the threshold at lambda would fall to the reservation
// value (u_max * delta^(1-lambda) <= reservation), the agent ends the negotiation once lambda is
// reached and the offer is below its threshold (the reservation value now beats any later deal).
//
// Opponent model (`cuhk`, make_cuhk_model): learns from the modelled party's first 100 distinct
// bids (a repeated bid carries no new information; early bids show its preferences best). A value's
// score is how often it appears among those bids relative to the most frequent value; an
// issue's weight grows with how often its value stays the same between consecutive distinct bids
// (an issue the opponent rarely changes matters to it): w_i = (1 + kept_i) / sum_j (1 + kept_j).
// Estimate: sum_i w_i count_i(value) / max_count_i, 0 before the first bid.
//
// Choices where the description is silent:
//  - alpha = 2, beta = 1.5, lambda_min = 0.08, epsilon = 0.1 (registry parameters); the window
//    is 0.05 of the session, w = 0.1; sigma counts a bid as new the first time that opponent
//    offers it; windows close when an offer of a later window is observed.
//  - "near the threshold": the band [l, l + 0.03 (u_max - u_min)], 64 packages evenly spread in
//    it scored by the model (the mean over opponents when there are several); an empty band
//    gives the lowest package above l.
//  - Final phase: the last 2% of the session, or the agent's last turn when the round deadline
//    is known (with a time limit only, the last turn is predicted from the time between its own
//    turns).
//  - Multilateral (n > 2): sigma is averaged over the opponents that offered in the window; "the
//    opponent's best offer" is the best package any other party offered; the bid choice uses
//    the mean of the opponents' models.
//  - The model's cap of 100 distinct bids and its weight formula w_i = (1 + kept_i) / sum.
//  - The negotiation is also ended when no indexed package reaches the reservation value.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <unordered_map>
#include <vector>

#include "library.hpp"

namespace parley::agents {
namespace {

constexpr const char* kCuhkReference =
    "Hao & Leung 2014, CUHKAgent: an adaptive negotiation strategy for bilateral negotiations "
    "over multiple items (Novel Insights in Agent-based Complex Automated Negotiation); Hao, "
    "Song, Leung & Ming 2014, An efficient and robust negotiating strategy in bilateral "
    "negotiations over multiple items (Engineering Applications of Artificial Intelligence)";

// CUHKAgent's opponent model (see the file comment).
class CuhkModel final : public PartyModel {
 public:
  void reset(const PartyView& view) override {
    const auto cards = view.space().cardinalities();
    counts_.assign(cards.size(), {});
    for (std::size_t i = 0; i < cards.size(); ++i) counts_[i].reset(cards[i]);
    max_count_.assign(cards.size(), 0.0);
    kept_.assign(cards.size(), 0.0);
    seen_.clear();
    previous_.clear();
  }
  void update(const Outcome& offer, double) override {
    if (seen_.size() >= kBidLimit || !seen_.insert(offer).second) return;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (!previous_.empty() && offer[i] == previous_[i]) kept_[i] += 1.0;
      const double c = (counts_[i][offer[i]] += 1.0);
      max_count_[i] = std::max(max_count_[i], c);
    }
    previous_ = offer;
  }
  bool empty() const override { return seen_.empty(); }
  double estimate(const Outcome& outcome) const override {
    if (seen_.empty()) return 0.0;
    double total = 0.0, u = 0.0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      const double w = 1.0 + kept_[i];
      total += w;
      u += w * counts_[i].at(outcome[i]) / max_count_[i];
    }
    return total > 0.0 ? u / total : 0.0;
  }

 private:
  static constexpr std::size_t kBidLimit = 100;
  std::vector<ValueTable> counts_;
  std::vector<double> max_count_;
  std::vector<double> kept_;
  std::set<Outcome> seen_;
  Outcome previous_;
};

struct CuhkParameters {
  double alpha = 2.0, beta = 1.5, lambda_min = 0.08, epsilon = 0.1;
};

class CuhkAgent final : public Negotiator {
 public:
  explicit CuhkAgent(const CuhkParameters& p) : p_(p), models_(make_cuhk_model) {}

  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    self_ = view.position();
    rounds_ = info.rounds;
    rng_.seed(info.seed);
    range_.from(view);
    u_max_ = view.index().max_utility();
    band_ = kBand * (u_max_ - view.index().min_utility());
    delta_ = std::clamp(view.discount_factor(), 0.0, 1.0);
    lambda_ = p_.lambda_min + (1.0 - p_.lambda_min) * std::pow(delta_, p_.beta);
    models_.reset(view);
    windows_.assign(view.party_count(), {});
    window_end_ = kWindow;
  }

  void observe(const ObservedAction& action) override {
    models_.observe(action);
    if (action.kind != ObservedAction::Kind::offer || !action.offer || action.actor == self_ ||
        action.actor >= windows_.size())
      return;
    close_windows(action.when.time);
    auto& w = windows_[action.actor];
    ++w.offers;
    if (w.seen.insert(*action.offer).second) ++w.fresh;
    const double u = view_->utility(*action.offer);
    if (!best_ || u > best_utility_) {
      best_ = *action.offer;
      best_utility_ = u;
    }
  }

  void propose(const TurnState& state, Outcome& offer) override {
    note_turn(state.time);
    const double l = threshold(state.time);
    const double r = view_->reservation_value();
    if (best_ && best_utility_ >= r && (best_utility_ >= l || final_phase(state))) {
      offer = *best_;
      return;
    }
    const auto& index = view_->index();
    const double high = std::min(u_max_, l + band_);
    const auto [first, last] = index.range(l, high);
    std::size_t entry;
    if (first >= last) {
      const auto above = index.range(l, u_max_);
      entry = above.first < above.second ? above.first : index.best_entry();
    } else if (unit_random(rng_()) < p_.epsilon) {
      entry = first + static_cast<std::size_t>(rng_() % (last - first));
    } else if (models_.empty()) {
      entry = first;
    } else {
      entry = best_in_band(index, l, high, kSamples, [this](std::size_t e) {
        view_->index().outcome(e, scratch_);
        return models_.mean(scratch_);
      });
    }
    index.outcome(entry, offer);
  }

  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    note_turn(state.time);
    const double u = view_->utility(standing_offer);
    const double r = view_->reservation_value();
    if (u >= r) {
      if (u >= threshold(state.time)) return Response::accept;
      if (final_phase(state) && best_ && u >= best_utility_) return Response::accept;
      if (last_turn(state)) return Response::accept;
    }
    if (u_max_ < r) return Response::end_negotiation;  // nothing beats walking away
    if (delta_ < 1.0 && state.time >= lambda_ && u_max_ * std::pow(delta_, 1.0 - lambda_) <= r)
      return Response::end_negotiation;
    return Response::reject;
  }

  std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const override {
    const PartyModel* model = seat == self_ ? nullptr : models_.model(seat);
    if (!model) return std::nullopt;
    return model->estimate(outcome);
  }

 private:
  static constexpr double kWindow = 0.05;  // adaptation window (normalised time)
  static constexpr double kWeight = 0.1;   // w: how far one window moves lambda
  static constexpr double kBand = 0.03;    // bid band above the threshold, share of the range
  static constexpr double kFinal = 0.02;   // final phase: the last 2% of the session
  static constexpr std::size_t kSamples = 64;

  struct Window {
    std::set<Outcome> seen;  // every bid this opponent offered
    std::size_t offers = 0, fresh = 0;
  };

  double threshold(double t) const {
    const double u_lambda = std::max(range_.min, u_max_ * std::pow(delta_, 1.0 - lambda_));
    if (t >= lambda_) return u_lambda;
    return u_max_ - (u_max_ - u_lambda) * std::pow(t / lambda_, p_.alpha);
  }

  // Closes every window that ended before time t: the opponents' concession degree postpones
  // the non-exploitation point while it is still ahead.
  void close_windows(double t) {
    while (t >= window_end_) {
      double sum = 0.0;
      std::size_t opponents = 0;
      for (auto& w : windows_) {
        if (w.offers == 0) continue;
        sum += static_cast<double>(w.fresh) / static_cast<double>(w.offers);
        ++opponents;
        w.offers = w.fresh = 0;
      }
      if (opponents > 0 && window_end_ < lambda_)
        lambda_ += kWeight * (1.0 - lambda_) * sum / static_cast<double>(opponents);
      window_end_ += kWindow;
    }
  }

  // Own turn times, to predict the last turn when the round deadline is unknown.
  void note_turn(double t) {
    if (t > last_turn_time_) {
      if (last_turn_time_ >= 0.0) step_ = t - last_turn_time_;
      last_turn_time_ = t;
    }
  }
  bool last_turn(const TurnState& state) const {
    if (rounds_ > 0) return state.round + 1 >= rounds_;
    return step_ > 0.0 && state.time + step_ >= 1.0;
  }
  bool final_phase(const TurnState& state) const {
    return state.time >= 1.0 - kFinal || last_turn(state);
  }

  CuhkParameters p_;
  const PartyView* view_ = nullptr;
  std::size_t self_ = 0, rounds_ = 0;
  std::mt19937_64 rng_;
  ConcessionRange range_;
  double u_max_ = 1.0, band_ = 0.0, delta_ = 1.0, lambda_ = 1.0;
  OpponentModels models_;
  std::vector<Window> windows_;
  double window_end_ = kWindow;
  std::optional<Outcome> best_;  // the best offer (for this agent) any other party made
  double best_utility_ = 0.0;
  double last_turn_time_ = -1.0, step_ = 0.0;
  Outcome scratch_;
};

}  // namespace

std::unique_ptr<PartyModel> make_cuhk_model() { return std::make_unique<CuhkModel>(); }

AgentRow cuhkagent_row() {
  return {
      {"cuhkagent",
       AgentRole::agent,
       "ANAC 2012 winner: adaptive non-exploitation point, discount-aware threshold",
       kCuhkReference,
       {number_parameter("alpha", 2, 0, 100, "concession exponent before lambda", true),
        number_parameter("beta", 1.5, 0, 100,
                         "discount sensitivity: lambda = lambda_min + (1-lambda_min) delta^beta"),
        number_parameter("lambda_min", 0.08, 0, 1, "earliest non-exploitation point"),
        number_parameter("epsilon", 0.1, 0, 1, "probability of a random bid above the threshold")}},
      [](const AgentSpec& spec) {
        CuhkParameters p;
        p.alpha = spec.number("alpha");
        p.beta = spec.number("beta");
        p.lambda_min = spec.number("lambda_min");
        p.epsilon = spec.number("epsilon");
        return std::make_unique<CuhkAgent>(p);
      }};
}

ComponentRow<OpponentModel> cuhk_model_row() {
  return {{"cuhk",
           AgentRole::opponent_model,
           "CUHKAgent's model: value frequencies over distinct bids, weights from unchanged issues",
           kCuhkReference,
           {}},
          [](const AgentSpec&) { return std::make_unique<OpponentModel>(make_cuhk_model); }};
}

}  // namespace parley::agents
