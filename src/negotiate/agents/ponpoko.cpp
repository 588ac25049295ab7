// ponpoko: PonPokoAgent, winner of ANAC 2017 (individual utility), by Takaki Matsune.
//
// Paper: R. Aydoğan, K. Fujita, T. Baarslag, C. M. Jonker and T. Ito, "ANAC 2017: Repeated
// Multilateral Negotiation League", in Advances in Automated Negotiations (ACAN 2018), Studies in
// Computational Intelligence 905, Springer, 2021, pp. 101-115 (the winners' descriptions).
//
// Strategy: two thresholds bound the utility of what PonPoko offers, a high one and a low one,
// and both move with the normalised time t following one of five patterns, drawn at random at
// the start of the session so that opponents cannot learn the strategy from earlier sessions
// (several patterns oscillate with |sin|, so the band widens and narrows). Each turn PonPoko
// offers a package drawn uniformly among its packages whose utility lies between the
// thresholds, and accepts an offer whose utility is above the low threshold. The five patterns
// as published, with levels in units of the best utility:
//   0: high = 1 - 0.1 t,               low = high - 0.1 |sin 40t|
//   1: high = 1,                       low = 1 - 0.22 t
//   2: high = 1 - 0.1 t,               low = high - 0.15 |sin 20t|
//   3: high = 1 - 0.05 t,              low = 1 - 0.1 t (1 - 0.3 t once t > 0.99)
//   4: high = 1 - 0.15 t |sin 20t|,    low = 1 - 0.21 t |sin 20t|
// No opponent model: PonPoko only looks at the utility of the offer it answers.
//
// Choices where the description is silent:
//  - Levels are fractions of the best indexed utility (GENIUS profiles are normalised so that
//    the best package is worth 1, which makes this the published form there); both thresholds
//    are raised to the reservation value, so PonPoko never offers or accepts below it.
//  - The pattern is drawn from SessionInfo::seed (uniform over the five); the `pattern`
//    parameter forces one (-1, the default, draws it).
//  - When no package lies between the thresholds, PonPoko lowers the low threshold until one
//    does, i.e. it offers the best package below the high threshold (the published agent lowers
//    it in small steps, which ends on the same package up to the step); when every package is
//    above the high threshold it offers the least of them.
//  - Acceptance is strict (utility > low threshold), as described ("above").
//  - Multilateral: the same rule answers whichever offer stands; offers are not addressed to a
//    particular opponent.
#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

#include "library.hpp"

namespace parley::agents {
namespace {

// The published thresholds of pattern `pattern` at time t, as fractions of the best utility.
struct Levels {
  double low = 1.0, high = 1.0;
};

Levels pattern_levels(int pattern, double t) {
  switch (pattern) {
    case 0:
      return {1.0 - 0.1 * t - 0.1 * std::abs(std::sin(40.0 * t)), 1.0 - 0.1 * t};
    case 1:
      return {1.0 - 0.22 * t, 1.0};
    case 2:
      return {1.0 - 0.1 * t - 0.15 * std::abs(std::sin(20.0 * t)), 1.0 - 0.1 * t};
    case 3:
      return {t > 0.99 ? 1.0 - 0.3 * t : 1.0 - 0.1 * t, 1.0 - 0.05 * t};
    default:
      return {1.0 - 0.21 * t * std::abs(std::sin(20.0 * t)),
              1.0 - 0.15 * t * std::abs(std::sin(20.0 * t))};
  }
}

constexpr int kPatterns = 5;

class PonPokoAgent final : public Negotiator {
 public:
  explicit PonPokoAgent(int pattern) : forced_pattern_(pattern) {}

  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    rng_.seed(info.seed);
    // The draw happens even when the pattern is forced, so that forcing the drawn pattern gives
    // the same session.
    const int drawn = std::min(kPatterns - 1, static_cast<int>(unit_random(rng_()) * kPatterns));
    pattern_ = forced_pattern_ >= 0 ? forced_pattern_ : drawn;
  }

  void propose(const TurnState& state, Outcome& offer) override {
    const auto& index = view_->index();
    const auto [low, high] = thresholds(state.time);
    std::size_t entry = 0;
    const auto [first, last] = index.range(low, high);
    if (first < last) {
      entry =
          first + static_cast<std::size_t>(unit_random(rng_()) * static_cast<double>(last - first));
      entry = std::min(entry, last - 1);
    } else {
      // Nothing in the band: the best package below the high threshold (lowering the low
      // threshold until one appears), or the least package above it when there is none.
      const auto below = index.range(-INFINITY, high);
      entry = below.second > below.first ? below.second - 1 : index.range(high, INFINITY).first;
      if (entry >= index.size()) entry = index.best_entry();
      // Never below the reservation value while the index holds something above it.
      if (index.utility(entry) < view_->reservation_value()) {
        const auto rational = index.range(view_->reservation_value(), INFINITY);
        entry = rational.first < rational.second ? rational.first : index.best_entry();
      }
    }
    index.outcome(entry, offer);
  }

  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    const double u = view_->utility(standing_offer);
    return u > thresholds(state.time).first && u >= view_->reservation_value() ? Response::accept
                                                                               : Response::reject;
  }

 private:
  // (low, high) in utility: the pattern's levels times the best utility, raised to the
  // reservation value.
  std::pair<double, double> thresholds(double t) const {
    const Levels levels = pattern_levels(pattern_, t);
    const double best = view_->index().max_utility(), r = view_->reservation_value();
    return {std::max(levels.low * best, r), std::max(levels.high * best, r)};
  }

  int forced_pattern_;
  int pattern_ = 0;
  const PartyView* view_ = nullptr;
  std::mt19937_64 rng_;
};

}  // namespace

AgentRow ponpoko_row() {
  return {{"ponpoko",
           AgentRole::agent,
           "offers between a high and a low threshold that oscillate with time, following one of "
           "five patterns drawn at random (ANAC 2017 winner)",
           "Aydoğan, Fujita, Baarslag, Jonker & Ito 2021, ANAC 2017: Repeated Multilateral "
           "Negotiation League, Advances in Automated Negotiations (PonPokoAgent, T. Matsune)",
           {number_parameter("pattern", -1, -1, kPatterns - 1,
                             "threshold pattern 0-4; -1 draws one from the session seed", false,
                             false, true)}},
          [](const AgentSpec& spec) {
            return std::make_unique<PonPokoAgent>(static_cast<int>(spec.number("pattern")));
          }};
}

}  // namespace parley::agents
