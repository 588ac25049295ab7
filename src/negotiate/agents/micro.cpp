// micro: MiCRO, the benchmark strategy of Dave de Jonge (also entered, in a submitted form, in
// the ANAC leagues).
//
// Paper: D. de Jonge, "An Analysis of the Linear Bilateral ANAC Domains Using the MiCRO Benchmark
// Strategy", Proceedings of the 31st International Joint Conference on Artificial Intelligence
// (IJCAI 2022).
//
// Strategy: MiCRO sorts its packages from best
// to worst, w_1, w_2, ..., keeping only those worth at least its reservation value. Let m be the
// number of distinct packages it has proposed (always w_1..w_m) and n the number of distinct
// packages the opponent has proposed. When it must offer and m <= n (the opponent has made at
// least as many distinct offers as MiCRO), it concedes by one step: it proposes w_{m+1}.
// Otherwise (or when no rational package is left) it proposes again one of w_1..w_m, drawn
// uniformly. It accepts an offer worth at least as much as the package it would propose next:
// w_{m+1} when it is ready to concede, else its lowest proposal w_m. It has no opponent model and
// no notion of time: it concedes exactly as fast as the opponent does.
//
// Choices where the description is silent:
//  - Multilateral: n is the smallest number of distinct packages any other party has proposed
//    or accepted (accepting a package signals it as much as proposing it; bilaterally an accept
//    ends the session, so this is the published rule). MiCRO concedes only when every opponent
//    has moved as often as it has.
//  - The packages are the OfferIndex entries in descending utility (ties: the index order); on
//    huge spaces the index is a catalogue of a few thousand packages, so MiCRO walks down the
//    catalogue.
//  - When even w_1 is below the reservation value MiCRO still proposes w_1 (it must offer
//    something) but never accepts below the reservation value.
//  - The ANAC 2022/2023 variants' extra rule (prefer a package of equal utility the opponent has
//    proposed) is not part of the paper and is left out.
#include <algorithm>
#include <limits>
#include <memory>
#include <random>
#include <set>

#include "library.hpp"

namespace parley::agents {
namespace {

class MiCROAgent final : public Negotiator {
 public:
  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    rng_.seed(info.seed);
    proposed_ = 0;
    received_.assign(view.party_count(), {});
  }

  void observe(const ObservedAction& action) override {
    if (action.kind == ObservedAction::Kind::end_negotiation || !action.offer) return;
    if (action.actor == view_->position() || action.actor >= received_.size()) return;
    received_[action.actor].insert(*action.offer);
  }

  void propose(const TurnState&, Outcome& offer) override {
    std::size_t j = 0;  // 0-based rank of the package to propose
    if (proposed_ == 0 || (ready() && can_concede())) {
      j = proposed_++;
    } else {
      j = std::min(proposed_ - 1,
                   static_cast<std::size_t>(unit_random(rng_()) * static_cast<double>(proposed_)));
    }
    view_->index().outcome(ranked(j), offer);
  }

  Response respond(const TurnState&, const Outcome& standing_offer) override {
    const double u = view_->utility(standing_offer);
    // The package it would propose next: w_{m+1} when ready to concede, else its lowest w_m.
    const std::size_t j = proposed_ == 0 || (ready() && can_concede()) ? proposed_ : proposed_ - 1;
    const double threshold = view_->index().utility(ranked(j));
    return u >= threshold && u >= view_->reservation_value() ? Response::accept : Response::reject;
  }

 private:
  // The index entry of w_{j+1}: entries in descending utility.
  std::size_t ranked(std::size_t j) const { return view_->index().size() - 1 - j; }

  // m <= n: every other party has proposed (or accepted) at least as many distinct packages.
  bool ready() const {
    std::size_t n = std::numeric_limits<std::size_t>::max();
    for (std::size_t p = 0; p < received_.size(); ++p)
      if (p != view_->position()) n = std::min(n, received_[p].size());
    return proposed_ <= n;
  }

  // A next package exists and is worth at least the reservation value.
  bool can_concede() const {
    const auto& index = view_->index();
    return proposed_ < index.size() &&
           index.utility(ranked(proposed_)) >= view_->reservation_value();
  }

  const PartyView* view_ = nullptr;
  std::mt19937_64 rng_;
  std::size_t proposed_ = 0;  // m
  std::vector<std::set<Outcome>> received_;
};

}  // namespace

AgentRow micro_row() {
  return {{"micro",
           AgentRole::agent,
           "concedes one package down its ranking only after the opponent has made as many "
           "distinct offers; accepts what beats its next proposal (MiCRO)",
           "de Jonge 2022, An Analysis of the Linear Bilateral ANAC Domains Using the MiCRO "
           "Benchmark Strategy, IJCAI 2022",
           {}},
          [](const AgentSpec&) { return std::make_unique<MiCROAgent>(); }};
}

}  // namespace parley::agents
