// agentgg: AgentGG, winner of ANAC 2019 (individual utility), by Shaobo Xu (and Peihao Ren).
//
// Paper: R. Aydoğan, T. Baarslag, K. Fujita, J. Mell, J. Gratch, D. de Jonge, Y. Mohammad,
// S. Nakadai, S. Morinaga, H. Osawa, C. Aranha and C. M. Jonker, "Challenges and Main Results of
// the Automated Negotiating Agents Competition (ANAC) 2019", Multi-Agent Systems and Agreement
// Technologies (EUMAS/AT 2020), LNCS 12520, Springer, 2020.
//
// Strategy: ANAC 2019 gave each agent only a ranking of a few packages instead of its utility
// function. AgentGG reasons with "importance maps" instead of utilities: a score per value of
// each issue, the importance of a package being the sum over its issues. Its own map is learnt
// from the ranked packages (values that appear in well-ranked packages are important); the
// opponent's map from the opponent's offers (values it offers often are important to it). A
// package's importance ratio (importance minus the least possible, over the span) plays the
// role of a normalised utility. A lower threshold on that ratio falls in phases over time, from
// 0.9999 through 0.99 and 0.9 to levels tied to an estimate of the Nash point, which AgentGG
// takes from the best opponent offer (for itself) seen in the first moments after the opponent
// starts offering; the upper threshold is 0.1 above it. It offers, among packages whose ratio
// lies between the thresholds, the one the opponent's map rates highest, and accepts an offer
// whose ratio reaches the lower threshold (in the last instants, anything above its walk-away).
//
// Choices where the description is silent:
//  - Own importance from the ranking (the bids of PartyView::uncertainty()->written.rankings,
//    best first): the package at position p of a ranking of L packages scores 1 - p/(L-1); a
//    value's importance is the mean score of the ranked packages holding it, minus 1/2 (a Borda
//    count: values of important issues spread far from 0); values in no ranked package score 0.
//    Without a ranking (the utility is known, or the uncertainty holds other statements only)
//    the importance is the utility itself, so the ratio is the normalised utility.
//  - Opponent importance: how often each value appeared in that opponent's offers, divided by
//    the number of offers and of issues (in [0,1]; opponent_estimate() returns it). With
//    several opponents the bid score is the mean over them, and the Nash estimate uses every
//    opponent's offers.
//  - Nash estimate N = m + (1 - m)/1.7, m the best own ratio among the opponents' offers until
//    0.003 of the time after their first offer (then frozen).
//  - Lower threshold L(t): 0.9999 before t = 0.01, 0.99 before 0.02, 0.99 - 0.5 (t - 0.02) until
//    0.2 (reaching 0.9), then linear between the knots 0.9 at t = 0.2, N + 0.3 (1 - N) at 0.5,
//    N + 0.15 (1 - N) at 0.9, N + 0.05 (1 - N) at 0.98, N - 0.35 (1 - N) at 0.995 and
//    N - 0.4 (1 - N) at 0.999 (each knot capped by the previous one, so L never rises), with
//    floors R + 0.3 from 0.9, R + 0.25 from 0.98 and R + 0.2 from 0.995, and never below R (R:
//    the walk-away as a ratio: the normalised reservation value with a known utility, the
//    reservation value itself with a ranking). After t = 0.999 it accepts any ratio above R.
//    These phase times and coefficients follow the public descriptions of the agent; the
//    piecewise-linear form between them is ours.
//  - Offers with a known utility: up to 100 random packages of the offer index in the band,
//    the best for the opponents' maps (the first of equals); the least package above the band
//    when it is empty. With a ranking, the index (sorted by the hidden true utility) is not
//    used: 200 packages are drawn per turn by redrawing each issue of the most important package
//    with a probability set so that the expected ratio falls in the band, and the same choice
//    is made among them (the nearest above the band, else the most important package, when
//    none falls in it). The ranking alone then decides every offer.
//  - The library's rules for every agent are kept with the true utility as the only veto: no
//    offer and no accept below the reservation value (with a reservation value of 0 they never
//    act, so an uncertain AgentGG depends on its ranking only).
//  - Randomness from the session seed; per turn at most a few hundred packages are scored.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>
#include <random>
#include <unordered_map>

#include "library.hpp"

namespace parley::agents {
namespace {

// The opponent's importance map: value counts over its offers.
struct OpponentMap {
  std::vector<ValueTable> counts;
  std::size_t offers = 0;
  void reset(const std::vector<std::uint32_t>& cards) {
    counts.resize(cards.size());
    for (std::size_t i = 0; i < cards.size(); ++i) counts[i].reset(cards[i]);
    offers = 0;
  }
  void update(const Outcome& offer) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i][offer[i]] += 1.0;
    ++offers;
  }
  double estimate(const Outcome& outcome) const {
    if (offers == 0 || counts.empty()) return 0.0;
    double sum = 0.0;
    for (std::size_t i = 0; i < counts.size(); ++i) sum += counts[i].at(outcome[i]);
    return sum / (static_cast<double>(offers) * static_cast<double>(counts.size()));
  }
};

constexpr double kNashWindow = 0.003;
constexpr double kNashDivisor = 1.7;
constexpr double kBandWidth = 0.1;
constexpr double kFinalTime = 0.999;
constexpr std::size_t kIndexSamples = 100;
constexpr std::size_t kDrawnPackages = 200;

class AgentGG final : public Negotiator {
 public:
  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    rng_.seed(info.seed);
    const auto& cards = view.space().cardinalities();
    issues_ = cards.size();
    opponents_.assign(view.party_count(), {});
    for (std::size_t p = 0; p < opponents_.size(); ++p)
      if (p != view.position()) opponents_[p].reset(cards);
    const auto* uncertainty = view.uncertainty();
    ranked_ = uncertainty && !uncertainty->written.rankings.empty();
    if (ranked_) {
      learn_from_ranking(uncertainty->written.rankings);
      reservation_ratio_ = std::clamp(view.reservation_value(), 0.0, 1.0);
    } else {
      const auto& index = view.index();
      utility_low_ = index.min_utility();
      utility_span_ = index.max_utility() - index.min_utility();
      reservation_ratio_ = std::clamp(ratio_of_utility(view.reservation_value()), 0.0, 1.0);
    }
    best_opponent_ratio_ = 0.0;
    first_opponent_time_ = -1.0;
    nash_frozen_ = false;
  }

  void observe(const ObservedAction& action) override {
    if (action.kind != ObservedAction::Kind::offer || !action.offer) return;
    if (action.actor == view_->position() || action.actor >= opponents_.size()) return;
    opponents_[action.actor].update(*action.offer);
    if (first_opponent_time_ < 0.0) first_opponent_time_ = action.when.time;
    if (!nash_frozen_) {
      best_opponent_ratio_ = std::max(best_opponent_ratio_, ratio(*action.offer));
      if (action.when.time >= first_opponent_time_ + kNashWindow) nash_frozen_ = true;
    }
  }

  void propose(const TurnState& state, Outcome& offer) override {
    const double low = lower_ratio(state.time), high = low + kBandWidth;
    if (ranked_) {
      draw_offer(low, high, offer);
    } else {
      view_->index().outcome(index_offer(low, high), offer);
    }
    // The library's rule: never offer below the reservation value (a veto by the true utility).
    const double r = view_->reservation_value();
    if (view_->utility(offer) < r) {
      if (ranked_ && view_->utility(best_package_) >= r) {
        offer = best_package_;
      } else {
        const auto& index = view_->index();
        const auto [first, last] = index.range(r, INFINITY);
        index.outcome(first < last ? first : index.best_entry(), offer);
      }
    }
  }

  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    if (view_->utility(standing_offer) < view_->reservation_value()) return Response::reject;
    const double x = ratio(standing_offer);
    const bool accept =
        x >= lower_ratio(state.time) || (state.time >= kFinalTime && x > reservation_ratio_);
    return accept ? Response::accept : Response::reject;
  }

  std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const override {
    if (seat == view_->position() || seat >= opponents_.size()) return std::nullopt;
    return opponents_[seat].estimate(outcome);
  }

 private:
  // ---- Own importance.

  void learn_from_ranking(
      const std::vector<std::vector<UncertaintyStatements::PartialPackage>>& rankings) {
    const auto& issues = view_->issues();
    std::unordered_map<std::string, std::size_t> issue_of;
    for (std::size_t i = 0; i < issues.size(); ++i) issue_of.emplace(issues[i].name(), i);
    std::vector<ValueTable> sums(issues_), counts(issues_);
    for (std::size_t i = 0; i < issues_; ++i) {
      sums[i].reset(issues[i].cardinality());
      counts[i].reset(issues[i].cardinality());
    }
    for (const auto& ranking : rankings) {
      const std::size_t length = ranking.size();
      for (std::size_t pos = 0; pos < length; ++pos) {
        const double score =
            length > 1 ? 1.0 - static_cast<double>(pos) / static_cast<double>(length - 1) : 1.0;
        for (const auto& [issue_name, option] : ranking[pos]) {
          const auto found = issue_of.find(issue_name);
          if (found == issue_of.end()) continue;
          const auto value = issues[found->second].find_value(option);
          if (!value) continue;
          sums[found->second][*value] += score;
          counts[found->second][*value] += 1.0;
        }
      }
    }
    own_.assign(issues_, {});
    best_value_.assign(issues_, 0);
    issue_drop_.assign(issues_, 0.0);
    importance_low_ = 0.0;
    double high = 0.0;
    for (std::size_t i = 0; i < issues_; ++i) {
      own_[i].reset(issues[i].cardinality());
      const std::uint32_t cardinality = issues[i].cardinality();
      // Values never ranked keep importance 0.
      double best = -INFINITY, worst = INFINITY, total = 0.0;
      ValueIndex best_value = 0;
      bool any_unranked = counts[i].unstored() > 0;
      counts[i].each([&](ValueIndex v, double count) {
        if (count > 0.0) {
          const double importance = sums[i].at(v) / count - 0.5;
          own_[i][v] = importance;
          total += importance;
          if (importance > best || (importance == best && v < best_value)) {
            best = importance;
            best_value = v;
          }
          worst = std::min(worst, importance);
        } else {
          any_unranked = true;
        }
      });
      if (any_unranked) {
        worst = std::min(worst, 0.0);
        if (!(best >= 0.0)) {
          // An unranked value (worth 0) beats every ranked one: the smallest such value.
          best = 0.0;
          for (ValueIndex v = 0; v < cardinality; ++v)
            if (counts[i].at(v) == 0.0) {
              best_value = v;
              break;
            }
        }
      }
      best_value_[i] = best_value;
      high += best;
      importance_low_ += worst;
      issue_drop_[i] = best - total / static_cast<double>(cardinality);
    }
    importance_span_ = high - importance_low_;
    for (auto& drop : issue_drop_) drop = importance_span_ > 0.0 ? drop / importance_span_ : 0.0;
    best_package_.assign(best_value_.begin(), best_value_.end());
  }

  double ratio_of_utility(double u) const {
    return utility_span_ > 0.0 ? (u - utility_low_) / utility_span_ : 1.0;
  }

  // The package's importance ratio: normalised own importance (or utility), in [0,1].
  double ratio(const Outcome& outcome) const {
    if (!ranked_) return ratio_of_utility(view_->utility(outcome));
    if (!(importance_span_ > 0.0)) return 1.0;
    double importance = 0.0;
    for (std::size_t i = 0; i < issues_; ++i) importance += own_[i].at(outcome[i]);
    return (importance - importance_low_) / importance_span_;
  }

  // ---- Thresholds.

  double nash_ratio() const {
    return best_opponent_ratio_ + (1.0 - best_opponent_ratio_) / kNashDivisor;
  }

  double lower_ratio(double t) const {
    double level = 0.0;
    if (t < 0.01) {
      level = 0.9999;
    } else if (t < 0.02) {
      level = 0.99;
    } else if (t < 0.2) {
      level = 0.99 - 0.5 * (t - 0.02);
    } else {
      const double n = nash_ratio(), gap = 1.0 - n;
      static constexpr double times[] = {0.2, 0.5, 0.9, 0.98, 0.995, kFinalTime};
      double knots[] = {0.9,          n + 0.3 * gap, n + 0.15 * gap, n + 0.05 * gap, n - 0.35 * gap,
                        n - 0.4 * gap};
      for (std::size_t k = 1; k < std::size(knots); ++k)
        knots[k] = std::min(knots[k], knots[k - 1]);
      level = knots[std::size(knots) - 1];
      for (std::size_t k = 1; k < std::size(knots); ++k) {
        if (t < times[k]) {
          const double w = (t - times[k - 1]) / (times[k] - times[k - 1]);
          level = knots[k - 1] + w * (knots[k] - knots[k - 1]);
          break;
        }
      }
      const double r = reservation_ratio_;
      if (t >= 0.995) {
        level = std::max(level, r + 0.2);
      } else if (t >= 0.98) {
        level = std::max(level, r + 0.25);
      } else if (t >= 0.9) {
        level = std::max(level, r + 0.3);
      }
    }
    return std::min(1.0, std::max(level, reservation_ratio_));
  }

  // ---- Offers.

  // Mean importance of the package to the other parties.
  double opponent_score(const Outcome& outcome) const {
    double sum = 0.0;
    for (std::size_t p = 0; p < opponents_.size(); ++p)
      if (p != view_->position()) sum += opponents_[p].estimate(outcome);
    return opponents_.size() > 1 ? sum / static_cast<double>(opponents_.size() - 1) : 0.0;
  }

  // Known utility: random packages of the index in the band, the best for the opponents.
  std::size_t index_offer(double low, double high) {
    const auto& index = view_->index();
    const double lo = utility_low_ + low * utility_span_, hi = utility_low_ + high * utility_span_;
    const auto [first, last] = index.range(lo, hi);
    if (first >= last) {
      const auto above = index.range(lo, INFINITY);
      return above.first < above.second ? above.first : index.best_entry();
    }
    const std::size_t count = last - first;
    std::size_t best = first;
    double best_score = -1.0;
    for (std::size_t s = 0; s < std::min(count, kIndexSamples); ++s) {
      std::size_t entry = first + s;
      if (count > kIndexSamples)
        entry = first + std::min(count - 1, static_cast<std::size_t>(unit_random(rng_()) *
                                                                     static_cast<double>(count)));
      index.outcome(entry, scratch_);
      const double score = opponent_score(scratch_);
      if (score > best_score) {
        best_score = score;
        best = entry;
      }
    }
    return best;
  }

  // Ranking only: packages drawn around the most important one, the best for the opponents.
  void draw_offer(double low, double high, Outcome& offer) {
    const auto& cards = view_->space().cardinalities();
    double total_drop = 0.0;
    for (double d : issue_drop_) total_drop += d;
    const double wanted = std::clamp(1.0 - 0.5 * (low + std::min(high, 1.0)), 0.0, 1.0);
    const double rate = total_drop > 0.0 ? std::min(1.0, wanted / total_drop) : 1.0;
    bool found = false, found_above = false;
    double best_score = -1.0, nearest_above = INFINITY;
    offer = best_package_;
    Outcome above = best_package_;
    for (std::size_t s = 0; s < kDrawnPackages; ++s) {
      scratch_.assign(best_value_.begin(), best_value_.end());
      if (s > 0) {
        const double q = std::min(1.0, rate * (0.5 + unit_random(rng_())));
        for (std::size_t i = 0; i < issues_; ++i)
          if (unit_random(rng_()) < q)
            scratch_[i] = static_cast<ValueIndex>(std::min<double>(
                cards[i] - 1.0, std::floor(unit_random(rng_()) * static_cast<double>(cards[i]))));
      }
      const double x = ratio(scratch_);
      if (x >= low && x <= high) {
        const double score = opponent_score(scratch_);
        if (!found || score > best_score) {
          found = true;
          best_score = score;
          offer = scratch_;
        }
      } else if (!found && x >= low && x < nearest_above) {
        found_above = true;
        nearest_above = x;
        above = scratch_;
      }
    }
    if (!found && found_above) offer = above;
  }

  const PartyView* view_ = nullptr;
  std::mt19937_64 rng_;
  std::size_t issues_ = 0;
  bool ranked_ = false;
  // Known utility: the ratio is (u - utility_low_) / utility_span_.
  double utility_low_ = 0.0, utility_span_ = 1.0;
  // Ranking: own importance per issue value, its least total and span, the most important value
  // per issue and package, and each issue's expected ratio drop when its value is redrawn.
  std::vector<ValueTable> own_;
  double importance_low_ = 0.0, importance_span_ = 0.0;
  std::vector<ValueIndex> best_value_;
  Outcome best_package_;
  std::vector<double> issue_drop_;
  double reservation_ratio_ = 0.0;
  std::vector<OpponentMap> opponents_;
  double best_opponent_ratio_ = 0.0;
  double first_opponent_time_ = -1.0;
  bool nash_frozen_ = false;
  Outcome scratch_;
};

}  // namespace

AgentRow agentgg_row() {
  return {{"agentgg",
           AgentRole::agent,
           "importance maps of values (from its bid ranking under preference uncertainty, and "
           "from the opponent's offers); phased thresholds tied to an estimated Nash point (ANAC "
           "2019 winner)",
           "Aydoğan et al. 2020, Challenges and Main Results of the Automated Negotiating Agents "
           "Competition (ANAC) 2019, EUMAS/AT 2020, LNCS 12520 (AgentGG by S. Xu)",
           {}},
          [](const AgentSpec&) { return std::make_unique<AgentGG>(); }};
}

}  // namespace parley::agents
