// atlas3: Atlas3, the winner of ANAC 2015 (multilateral), and its opponent model (BOA component
// `atlas3`).
//
// Paper: A. Mori & T. Ito 2017, "Atlas3: a negotiating agent based on expecting lower limit of
// concession function", in K. Fujita et al. (eds), Modern Approaches to Agent-based Complex
// Automated Negotiation (Studies in Computational Intelligence 674, Springer). The competition
// it won, ANAC 2015, is described in the same book (Fujita et al., "The Sixth Automated
// Negotiating Agents Competition (ANAC 2015)"): 3-party SAOP with discounts and reservation
// values.
//
// Strategy. Atlas3 concedes along a time-dependent concession function whose lower limit is the
// utility it can expect from the end game, analysed as a game between compromising (accepting
// the best bid the opponents support) and waiting (insisting, hoping the opponents compromise):
//  - u_c: the compromise utility, the best own utility among the bids every other party has
//    supported (offered or accepted); while there is none, the smallest over the other parties
//    of the best own utility among the bids that party supported (r while one has supported
//    nothing);
//  - waiting pays at the deadline, discounted by s = delta^(1-t) relative to now: u_max * s when
//    the opponents compromise, r * s (reservation value) when nobody does; when both sides
//    compromise at once each is equally likely to have its bid taken: (u_max s + u_c) / 2;
//  - assuming the opponents face the mirror game, they compromise with the mixed-equilibrium
//    probability that makes compromising and waiting equally good:
//      q = (u_c - r s) / ((u_c - r s) + (u_max s - u_c) / 2),
//    and the expected utility of the equilibrium is E = u_c + q (u_max s - u_c) / 2
//    (E = u_c when waiting cannot beat compromising, u_max s <= u_c; q = 0 when u_c <= r s);
//  - the lower limit L(t) = max(r, min(u_max, E)), and the concession function
//      th(t) = L(t) + (u_max - L(t)) (1 - t^(1/e)).
// Acceptance: an offer worth at least th(t) (and never below the reservation value); in the final
// phase also one worth at least the bid it would offer next, and on its last turn any offer
// above the reservation value. Bids: the best fully supported bid when it reaches th(t); else,
// among packages in a band just above th(t), the one the least satisfied opponent (by the models)
// likes best. Final phase: the bids the opponents supported (most supporters first, then the
// best for Atlas3), above the reservation value, offered in turn.
//
// Opponent model (`atlas3`, make_atlas3_model): the frequency of every value in the party's
// supported bids (its offers; Atlas3 also feeds it the bids the party accepts). Estimate: the
// mean over issues of the share of the supported bids holding the outcome's value,
// (1/m) sum_i count_i(value) / N: 1 for a bid the party always supported, 0 before any update.
// As a BOA component it learns from offers only (OpponentModels sees no acceptances).
//
// Choices where the description is silent:
//  - the end game's payoffs: both compromising splits the difference; the opponents' compromise
//    probability comes from the mirror of Atlas3's own game (their utilities are unknown);
//  - e = 0.2 (the concession exponent of th), final phase = the last 3 own turns (registry
//    parameters; with a time limit only, turns are predicted from the time between own turns);
//  - the band above th is 0.03 of the utility range, 64 packages evenly spread in it; with no
//    model yet the lowest package above th; the first offer is the best package (th(0) = u_max);
//  - multilateral scoring by the least satisfied opponent (min of the models' estimates);
//  - the negotiation is ended only when no indexed package reaches the reservation value.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "library.hpp"

namespace parley::agents {
namespace {

constexpr const char* kAtlas3Reference =
    "Mori & Ito 2017, Atlas3: a negotiating agent based on expecting lower limit of concession "
    "function (Modern Approaches to Agent-based Complex Automated Negotiation)";

// Atlas3's opponent model (see the file comment).
class Atlas3Model final : public PartyModel {
 public:
  void reset(const PartyView& view) override {
    const auto cards = view.space().cardinalities();
    counts_.assign(cards.size(), {});
    for (std::size_t i = 0; i < cards.size(); ++i) counts_[i].reset(cards[i]);
    updates_ = 0;
  }
  void update(const Outcome& offer, double) override {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i][offer[i]] += 1.0;
    ++updates_;
  }
  bool empty() const override { return updates_ == 0; }
  double estimate(const Outcome& outcome) const override {
    if (updates_ == 0 || counts_.empty()) return 0.0;
    double sum = 0.0;
    for (std::size_t i = 0; i < counts_.size(); ++i) sum += counts_[i].at(outcome[i]);
    return sum / (static_cast<double>(updates_) * static_cast<double>(counts_.size()));
  }

 private:
  std::vector<ValueTable> counts_;
  std::size_t updates_ = 0;
};

class Atlas3Agent final : public Negotiator {
 public:
  Atlas3Agent(double e, std::size_t final_turns) : e_(e), final_turns_(final_turns) {}

  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    self_ = view.position();
    parties_ = view.party_count();
    rounds_ = info.rounds;
    r_ = view.reservation_value();
    delta_ = std::clamp(view.discount_factor(), 0.0, 1.0);
    u_max_ = view.index().max_utility();
    band_ = kBand * (u_max_ - view.index().min_utility());
    models_.clear();
    models_.resize(parties_);
    for (std::size_t j = 0; j < parties_; ++j) {
      if (j == self_) continue;
      models_[j] = make_atlas3_model();
      models_[j]->reset(view);
    }
    best_by_party_.assign(parties_, -1.0);
  }

  // Offers and acceptances are both support: they feed the models and the supported-bid history.
  void observe(const ObservedAction& action) override {
    if (action.kind == ObservedAction::Kind::end_negotiation || !action.offer ||
        action.actor == self_ || action.actor >= parties_)
      return;
    models_[action.actor]->update(*action.offer, action.when.time);
    auto [it, inserted] = support_.try_emplace(*action.offer);
    Support& s = it->second;
    if (inserted) {
      s.utility = view_->utility(*action.offer);
      s.by.assign(parties_, false);
    }
    if (!s.by[action.actor]) {
      s.by[action.actor] = true;
      ++s.count;
      list_dirty_ = true;
    }
    best_by_party_[action.actor] = std::max(best_by_party_[action.actor], s.utility);
    if (s.count + 1 == parties_ && s.utility > best_full_utility_) {
      best_full_utility_ = s.utility;
      best_full_ = it->first;
    }
  }

  void propose(const TurnState& state, Outcome& offer) override {
    note_turn(state.time);
    if (final_phase(state)) {
      const auto& list = final_list();
      if (!list.empty()) {
        offer = list[final_next_ % list.size()]->first;
        ++final_next_;
        return;
      }
    }
    const double th = threshold(state.time);
    if (best_full_ && best_full_utility_ >= th) {
      offer = *best_full_;
      return;
    }
    const auto& index = view_->index();
    const double high = std::min(u_max_, th + band_);
    const auto [first, last] = index.range(th, high);
    std::size_t entry;
    if (first >= last) {
      const auto above = index.range(th, u_max_);
      entry = above.first < above.second ? above.first : index.best_entry();
    } else if (support_.empty()) {
      entry = first;
    } else {
      entry = best_in_band(index, th, high, kSamples, [this](std::size_t e) {
        view_->index().outcome(e, scratch_);
        return least_satisfied(scratch_);
      });
    }
    index.outcome(entry, offer);
  }

  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    note_turn(state.time);
    const double u = view_->utility(standing_offer);
    if (u >= r_) {
      if (u >= threshold(state.time)) return Response::accept;
      if (final_phase(state)) {
        if (last_turn(state)) return Response::accept;
        const auto& list = final_list();
        if (!list.empty() && u >= list[final_next_ % list.size()]->second.utility)
          return Response::accept;
      }
    }
    if (u_max_ < r_) return Response::end_negotiation;  // nothing beats walking away
    return Response::reject;
  }

  std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const override {
    if (seat == self_ || seat >= models_.size() || !models_[seat]) return std::nullopt;
    return models_[seat]->estimate(outcome);
  }

 private:
  static constexpr double kBand = 0.03;
  static constexpr std::size_t kSamples = 64;

  struct Support {
    double utility = 0.0;
    std::vector<bool> by;  // which parties offered or accepted the bid
    std::size_t count = 0;
  };
  using SupportMap = std::map<Outcome, Support>;

  // The compromise utility u_c (see the file comment); nullopt while some party supported nothing.
  std::optional<double> compromise_utility() const {
    if (best_full_) return best_full_utility_;
    double u = u_max_;
    for (std::size_t j = 0; j < parties_; ++j) {
      if (j == self_) continue;
      if (best_by_party_[j] < 0.0) return std::nullopt;
      u = std::min(u, best_by_party_[j]);
    }
    return u;
  }

  // L(t): the expected utility of the end game's mixed equilibrium, at least r.
  double lower_limit(double t) const {
    const auto uc = compromise_utility();
    if (!uc) return std::min(r_, u_max_);
    const double s = std::pow(delta_, 1.0 - t);
    const double hold = u_max_ * s, breakdown = r_ * s;
    double expected;
    if (hold <= *uc) {
      expected = *uc;
    } else if (*uc <= breakdown) {
      expected = breakdown;
    } else {
      const double gain = (hold - *uc) / 2.0;
      const double q = (*uc - breakdown) / ((*uc - breakdown) + gain);
      expected = *uc + q * gain;
    }
    return std::max(r_, std::min(u_max_, expected));
  }

  double threshold(double t) const {
    const double low = lower_limit(t);
    if (low >= u_max_) return low;
    return low + (u_max_ - low) * (1.0 - std::pow(t, 1.0 / e_));
  }

  double least_satisfied(const Outcome& outcome) const {
    double u = 1.0;
    for (const auto& m : models_)
      if (m) u = std::min(u, m->estimate(outcome));
    return u;
  }

  // The supported bids above the reservation value, most supporters first, then best for us.
  const std::vector<SupportMap::const_iterator>& final_list() {
    if (list_dirty_) {
      list_.clear();
      for (auto it = support_.cbegin(); it != support_.cend(); ++it)
        if (it->second.utility >= r_) list_.push_back(it);
      std::stable_sort(list_.begin(), list_.end(), [](const auto& a, const auto& b) {
        if (a->second.count != b->second.count) return a->second.count > b->second.count;
        return a->second.utility > b->second.utility;
      });
      list_dirty_ = false;
    }
    return list_;
  }

  void note_turn(double t) {
    if (t > last_turn_time_) {
      if (last_turn_time_ >= 0.0) step_ = t - last_turn_time_;
      last_turn_time_ = t;
    }
  }
  // Own turns left after this one: known with a round deadline, predicted with a time limit.
  bool within_last_turns(const TurnState& state, std::size_t turns) const {
    if (rounds_ > 0) return state.round + turns >= rounds_;
    return step_ > 0.0 && state.time + static_cast<double>(turns) * step_ >= 1.0;
  }
  bool last_turn(const TurnState& state) const { return within_last_turns(state, 1); }
  bool final_phase(const TurnState& state) const {
    return within_last_turns(state, std::max<std::size_t>(final_turns_, 1));
  }

  double e_;
  std::size_t final_turns_;
  const PartyView* view_ = nullptr;
  std::size_t self_ = 0, parties_ = 2, rounds_ = 0;
  double r_ = 0.0, delta_ = 1.0, u_max_ = 1.0, band_ = 0.0;
  std::vector<std::unique_ptr<PartyModel>> models_;
  SupportMap support_;
  std::vector<double> best_by_party_;
  std::optional<Outcome> best_full_;
  double best_full_utility_ = -1.0;
  std::vector<SupportMap::const_iterator> list_;
  bool list_dirty_ = true;
  std::size_t final_next_ = 0;
  double last_turn_time_ = -1.0, step_ = 0.0;
  Outcome scratch_;
};

}  // namespace

std::unique_ptr<PartyModel> make_atlas3_model() { return std::make_unique<Atlas3Model>(); }

AgentRow atlas3_row() {
  return {
      {"atlas3",
       AgentRole::agent,
       "ANAC 2015 winner: concession bounded below by the expected end-game utility",
       kAtlas3Reference,
       {number_parameter("e", 0.2, 0, 100, "exponent of the concession function above L(t)", true),
        number_parameter("final_turns", 3, 1, 1000,
                         "own turns at the end offering the supported bids", false, false, true)}},
      [](const AgentSpec& spec) {
        return std::make_unique<Atlas3Agent>(spec.number("e"),
                                             static_cast<std::size_t>(spec.number("final_turns")));
      }};
}

ComponentRow<OpponentModel> atlas3_model_row() {
  return {{"atlas3",
           AgentRole::opponent_model,
           "Atlas3's model: frequency of each value in the party's supported bids",
           kAtlas3Reference,
           {}},
          [](const AgentSpec&) { return std::make_unique<OpponentModel>(make_atlas3_model); }};
}

}  // namespace parley::agents
