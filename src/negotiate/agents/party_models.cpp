// bayesian and scalable_bayesian: opponent models that learn the other party's linear-additive
// utility function by Bayesian learning from its offers.
//
// Papers:
//  - Hindriks & Tykhonov 2008, "Opponent modelling in automated multi-issue negotiation using
//    Bayesian learning", AAMAS 2008 (Proceedings of the 7th International Joint Conference on
//    Autonomous Agents and Multiagent Systems, pp. 331-338): the `bayesian` model.
//  - The scalable form of the same model (same authors, same line of work), as described in
//    Baarslag, Hendrikx, Hindriks & Jonker 2016, "Learning about the opponent in automated
//    bilateral negotiation: a comprehensive survey of opponent modeling techniques", Autonomous
//    Agents and Multi-Agent Systems 30(5), section on Bayesian learning of preferences: issues
//    are assumed independent, so each issue's weight and evaluation function are learnt by
//    their own Bayesian update, and the cost is linear in the number of issues and values: the
//    `scalable_bayesian` model.
//
// The model (both forms). The opponent's utility is assumed linear-additive,
// u(b) = sum_i w_i e_i(b_i). A hypothesis fixes the weights and the evaluation functions:
//  - weights from a ranking of the issues: the issue of rank r (1 = least important, n = most)
//    weighs w = 2r / (n(n+1)) (the weights of a ranking sum to 1);
//  - each issue's evaluation function is one of three shapes over the value's position
//    x = v / (m-1) in the issue's value order: downhill (1 - x), uphill (x) or triangular
//    (1 at a peak p, falling linearly to 0 at both ends); downhill and uphill are the triangles
//    peaked at 0 and at 1.
// The prior is uniform. After the opponent's offer b_t at time t, each hypothesis h is reweighted
// by Bayes' rule, P(h | b_t) ~ P(h) P(b_t | h), where P(b_t | h) is the density at u_h(b_t) of a
// normal distribution centred on u'(t), the utility the opponent is expected to give its own
// offer at t, with spread sigma: the paper's assumption that the opponent concedes along a
// time-dependent curve. The estimate of an outcome is its expected utility under the posterior.
//
// Choices where the description is silent:
//  - The expected utility of the opponent's offer: u'(t) = 1 - concession * t with t the
//    normalised time of the offer (a linear time-dependent concession from 1); defaults
//    concession = 0.2 and sigma = 0.25 (registry parameters). The paper states the rule with its
//    own constants for its round-based setting; parley's time is normalised. On scripted
//    Boulware-like opponents over eight corpus scenarios, concessions 0.15-0.3 gave the best
//    Pearson correlations and 0.5 clearly worse ones; sigma 0.1-0.4 mattered little.
//  - Shapes: an issue of m <= 11 values has one triangle peaked at each value (m hypotheses,
//    downhill and uphill among them); a larger issue has 11 peaks evenly spaced over [0,1], so a
//    16 M-value integer issue costs 11 hypotheses and nothing per value (its evaluations are
//    computed from the value's position). An issue of one value has the constant shape 1.
//    Categorical issues are taken in their option order (the paper's shapes assume an ordered
//    issue; an unordered one is learnt only as well as its order allows).
//  - bayesian, bounding the hypothesis space (the paper enumerates the product of the n!
//    rankings and of every issue's shapes). At most H = clamp(16,384 / n, 64, 1,024) joint
//    hypotheses are kept, so that an update costs about 16,384 issue evaluations plus the
//    rescoring below (tens of microseconds). When the whole product has at most H hypotheses
//    (e.g. 3 issues of 5, 4 and 3 values: 3! x 60 = 360) it is enumerated and the model is the
//    paper's exactly. Otherwise the model keeps H distinct hypotheses, first drawn uniformly (a
//    fixed-seed std::mt19937_64, so every run starts from the same set), and after each offer
//    replaces the least likely ones by neighbours of the most likely one (two issues of adjacent
//    ranks swapped, or one issue given another shape) that are more likely than they are.
//    Neighbours are scored on every offer seen so far, so the posterior stays the exact
//    posterior restricted to the hypotheses kept; a neighbour differs from the best hypothesis
//    in one or two terms, so scoring it costs one pass over the offers; about 16,384 offer
//    evaluations of neighbours per offer (at least one neighbour, at most one cycle through
//    the n - 1 + sum(shapes - 1) neighbours), the enumeration resuming where the previous offer
//    left it. The offers seen are kept as value positions (n + 1 doubles per offer) while the
//    search goes on; it stops, and the set is then fixed, when the best hypothesis' pass over
//    the offers would cost more than 65,536 issue evaluations (after 5,461 offers of 12
//    issues), so that long sessions keep a bounded cost per offer. Hypotheses below e^-40 of the
//    most likely one are left out of the estimate (together they weigh less than 5e-15 of it).
//  - scalable_bayesian: each issue has its own weight hypotheses (11 levels 0, 0.1, ..., 1,
//    normalised by the sum of the expected weights) and its own shape hypotheses. An issue's
//    hypotheses are updated with the utility of the offer computed from that hypothesis for
//    this issue and the current expected weights and evaluations of the other issues (all issues
//    updated from the posteriors before the offer). An update costs O(n (11 + shapes)).
//  - Before the first offer the estimate is the prior expectation (not 0).
//  - Multilateral: one model per other party (OpponentModels), each learning from that party's
//    offers only, with the same expected concession.
//  - Deterministic: no randomness but the fixed-seed initial draw of `bayesian`; ties between
//    equally likely hypotheses go to the first kept.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "library.hpp"
#include "parley/model/limits.hpp"

namespace parley::agents {
namespace {

inline constexpr const char* kHindriksTykhonov =
    "Hindriks & Tykhonov 2008, Opponent modelling in automated multi-issue negotiation using "
    "Bayesian learning (AAMAS 2008)";
inline constexpr const char* kScalableReference =
    "Hindriks & Tykhonov 2008 (AAMAS), scalable form: independent per-issue learning, as in "
    "Baarslag, Hendrikx, Hindriks & Jonker 2016 (JAAMAS 30(5))";
constexpr double kDefaultSigma = 0.25;
constexpr double kDefaultConcession = 0.2;

// The paper's likelihood: the opponent's offer at time t is expected to have utility u'(t) for it,
// with a normal spread sigma.
struct LearningRule {
  double sigma = kDefaultSigma;
  double concession = kDefaultConcession;
  double expected(double t) const { return std::clamp(1.0 - concession * t, 0.0, 1.0); }
  // log P(b | h) up to a constant, for a hypothesis giving the offer utility u.
  double log_likelihood(double u, double expected_utility) const {
    const double d = u - expected_utility;
    return -d * d / (2.0 * sigma * sigma);
  }
};

// The evaluation-function hypotheses of one issue: triangles over the value's position.
constexpr std::size_t kMaxShapes = 11;

class Shapes {
 public:
  explicit Shapes(std::uint32_t cardinality) : cardinality_(cardinality) {
    const std::size_t count = cardinality <= 1 ? 1 : std::min<std::size_t>(cardinality, kMaxShapes);
    for (std::size_t s = 0; s < count; ++s)
      peaks_.push_back(count == 1 ? 0.0 : static_cast<double>(s) / static_cast<double>(count - 1));
  }
  std::size_t size() const noexcept { return peaks_.size(); }
  double position(ValueIndex v) const noexcept {
    return cardinality_ > 1 ? static_cast<double>(v) / static_cast<double>(cardinality_ - 1) : 0.0;
  }
  // e_s(x): 1 at the peak, linear down to 0 at x = 0 and x = 1 (downhill: peak 0; uphill: 1).
  double value(std::size_t shape, double x) const noexcept {
    if (cardinality_ <= 1) return 1.0;
    const double p = peaks_[shape];
    if (x <= p) return p > 0.0 ? x / p : 1.0;
    return (1.0 - x) / (1.0 - p);
  }

 private:
  std::uint32_t cardinality_;
  std::vector<double> peaks_;
};

// Every issue's shape values at the positions of one offer: values[i * kMaxShapes + s].
void shape_values(const std::vector<Shapes>& shapes, const double* positions,
                  std::vector<double>& values) {
  values.assign(shapes.size() * kMaxShapes, 0.0);
  for (std::size_t i = 0; i < shapes.size(); ++i)
    for (std::size_t s = 0; s < shapes[i].size(); ++s)
      values[i * kMaxShapes + s] = shapes[i].value(s, positions[i]);
}

// The posterior probabilities of log-likelihoods (shifted by their maximum).
void normalise(const double* logs, double* probabilities, std::size_t count) {
  const double top = *std::max_element(logs, logs + count);
  double total = 0.0;
  for (std::size_t k = 0; k < count; ++k) total += probabilities[k] = std::exp(logs[k] - top);
  for (std::size_t k = 0; k < count; ++k) probabilities[k] /= total;
}

// ---- bayesian: joint hypotheses (ranking, shapes) ----

class BayesianModel final : public PartyModel {
 public:
  explicit BayesianModel(LearningRule rule) : rule_(rule) {}

  void reset(const PartyView& view) override {
    const auto& cards = view.space().cardinalities();
    n_ = cards.size();
    shapes_.clear();
    for (const auto m : cards) shapes_.emplace_back(m);
    weight_scale_ = n_ == 0 ? 0.0 : 2.0 / (static_cast<double>(n_) * static_cast<double>(n_ + 1));
    capacity_ = std::clamp<std::size_t>(kWorkBudget / std::max<std::size_t>(n_, 1), kMinHypotheses,
                                        kMaxHypotheses);
    hypothesis_ranks_.clear();
    hypothesis_shapes_.clear();
    log_likelihood_.clear();
    keys_.clear();
    history_.clear();
    offers_ = 0;
    cursor_ = 0;
    // Size of the whole product n! x prod(shapes), saturated above the capacity.
    std::size_t total = 1;
    for (std::size_t k = 2; k <= n_ && total <= capacity_; ++k) total *= k;
    for (std::size_t i = 0; i < n_ && total <= capacity_; ++i) total *= shapes_[i].size();
    exact_ = total <= capacity_;
    searching_ = !exact_;
    // Neighbour moves: n-1 swaps of adjacent ranks, then each issue's other shapes.
    shape_move_start_.clear();
    move_count_ = n_ == 0 ? 0 : n_ - 1;
    for (std::size_t i = 0; i < n_; ++i) {
      shape_move_start_.push_back(move_count_);
      move_count_ += shapes_[i].size() - 1;
    }
    if (exact_)
      enumerate_all();
    else
      draw_initial();
    refresh();
  }

  void update(const Outcome& offer, double time) override {
    ++offers_;
    if (n_ == 0) return;
    const double expected = rule_.expected(time);
    positions_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) positions_[i] = shapes_[i].position(offer[i]);
    shape_values(shapes_, positions_.data(), values_);
    for (std::size_t h = 0; h < count(); ++h)
      log_likelihood_[h] += rule_.log_likelihood(utility(h, values_), expected);
    // The search goes on while rescoring one neighbour on every offer stays within the limit.
    if (searching_ && (history_.size() / (n_ + 1) + 1) * n_ > kReplayLimit) {
      searching_ = false;  // the set is fixed from now on
      history_ = {};
    }
    if (searching_) {
      history_.insert(history_.end(), positions_.begin(), positions_.end());
      history_.push_back(expected);
      explore();
    }
    refresh();
  }

  bool empty() const noexcept override { return offers_ == 0; }

  double estimate(const Outcome& outcome) const override {
    double u = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      const double x = shapes_[i].position(outcome[i]);
      for (std::size_t s = 0; s < shapes_[i].size(); ++s)
        u += coefficients_[i * kMaxShapes + s] * shapes_[i].value(s, x);
    }
    return std::clamp(u, 0.0, 1.0);
  }

 private:
  static constexpr std::size_t kWorkBudget = 16'384;  // issue evaluations per update
  static constexpr std::size_t kMinHypotheses = 64, kMaxHypotheses = 1'024;
  static constexpr std::size_t kReplayLimit = 65'536;  // issue evaluations to rescore one
  static_assert(limits::max_issues < 65'536, "ranks are 16-bit");

  std::size_t count() const noexcept { return log_likelihood_.size(); }

  // u_h(b) = sum_i w(rank_i) e_{shape_i}(b_i), from the offer's shape values.
  double utility(std::size_t h, const std::vector<double>& values) const {
    const std::uint16_t* rank = &hypothesis_ranks_[h * n_];
    const std::uint8_t* shape = &hypothesis_shapes_[h * n_];
    double u = 0.0;
    for (std::size_t i = 0; i < n_; ++i) u += rank[i] * values[i * kMaxShapes + shape[i]];
    return u * weight_scale_;
  }

  std::string key(const std::uint16_t* rank, const std::uint8_t* shape) const {
    std::string k(3 * n_, '\0');
    for (std::size_t i = 0; i < n_; ++i) {
      k[3 * i] = static_cast<char>(rank[i] & 0xff);
      k[3 * i + 1] = static_cast<char>(rank[i] >> 8);
      k[3 * i + 2] = static_cast<char>(shape[i]);
    }
    return k;
  }

  bool add(const std::vector<std::uint16_t>& rank, const std::vector<std::uint8_t>& shape,
           double log_likelihood) {
    if (!keys_.insert(key(rank.data(), shape.data())).second) return false;
    hypothesis_ranks_.insert(hypothesis_ranks_.end(), rank.begin(), rank.end());
    hypothesis_shapes_.insert(hypothesis_shapes_.end(), shape.begin(), shape.end());
    log_likelihood_.push_back(log_likelihood);
    return true;
  }

  // The whole product: every ranking (lexicographic) times every shape combination.
  void enumerate_all() {
    std::vector<std::uint16_t> rank(n_);
    for (std::size_t i = 0; i < n_; ++i) rank[i] = static_cast<std::uint16_t>(i + 1);
    std::vector<std::uint8_t> shape(n_, 0);
    do {
      std::fill(shape.begin(), shape.end(), 0);
      while (true) {
        add(rank, shape, 0.0);
        std::size_t i = n_;
        while (i > 0 && ++shape[i - 1] == shapes_[i - 1].size()) shape[--i] = 0;
        if (i == 0) break;
      }
    } while (std::next_permutation(rank.begin(), rank.end()));
  }

  // `capacity_` distinct hypotheses drawn uniformly with a fixed seed.
  void draw_initial() {
    std::mt19937_64 rng(0x5eed'ba7e'51a0'2008ull);
    auto below = [&](std::size_t bound) {
      return std::min(bound - 1,
                      static_cast<std::size_t>(unit_random(rng()) * static_cast<double>(bound)));
    };
    std::vector<std::uint16_t> rank(n_);
    std::vector<std::uint8_t> shape(n_);
    for (std::size_t attempt = 0; attempt < 4 * capacity_ && count() < capacity_; ++attempt) {
      for (std::size_t i = 0; i < n_; ++i) rank[i] = static_cast<std::uint16_t>(i + 1);
      for (std::size_t i = n_; i > 1; --i) std::swap(rank[i - 1], rank[below(i)]);
      for (std::size_t i = 0; i < n_; ++i)
        shape[i] = static_cast<std::uint8_t>(below(shapes_[i].size()));
      add(rank, shape, 0.0);
    }
  }

  // Replaces the least likely hypotheses by neighbours of the most likely one that are more
  // likely than they are. A neighbour differs from the best in one issue's shape or in the ranks
  // of two issues ranked next to each other, so its utility for every offer seen is the best's
  // plus one or two terms: scoring it costs one pass over the offers, not n.
  void explore() {
    if (count() < 2 || move_count_ == 0) return;
    const std::size_t best = static_cast<std::size_t>(
        std::max_element(log_likelihood_.begin(), log_likelihood_.end()) - log_likelihood_.begin());
    const std::vector<std::uint16_t> best_rank(hypothesis_ranks_.begin() + best * n_,
                                               hypothesis_ranks_.begin() + (best + 1) * n_);
    const std::vector<std::uint8_t> best_shape(hypothesis_shapes_.begin() + best * n_,
                                               hypothesis_shapes_.begin() + (best + 1) * n_);
    std::vector<std::size_t> issue_of_rank(n_ + 1);
    for (std::size_t i = 0; i < n_; ++i) issue_of_rank[best_rank[i]] = i;
    // The best hypothesis' utility of every offer seen.
    const std::size_t offers = history_.size() / (n_ + 1);
    const double* row = history_.data();
    best_utility_.resize(offers);
    for (std::size_t t = 0; t < offers; ++t, row += n_ + 1) {
      double u = 0.0;
      for (std::size_t i = 0; i < n_; ++i)
        u += best_rank[i] * shapes_[i].value(best_shape[i], row[i]);
      best_utility_[t] = u * weight_scale_;
    }
    // The offer's evaluation of issue i under shape s.
    auto e = [&](std::size_t t, std::size_t i, std::size_t s) {
      return shapes_[i].value(s, history_[t * (n_ + 1) + i]);
    };
    auto expected = [&](std::size_t t) { return history_[t * (n_ + 1) + n_]; };
    const std::size_t budget = std::max<std::size_t>(1, kWorkBudget / offers);
    const std::size_t moves = move_count_;
    struct Candidate {
      double log_likelihood;
      std::vector<std::uint16_t> rank;
      std::vector<std::uint8_t> shape;
    };
    std::vector<Candidate> candidates;
    std::size_t tried = 0;
    for (; tried < moves && candidates.size() < budget; ++tried) {
      const std::size_t move = (cursor_ + tried) % moves;
      Candidate c{0.0, best_rank, best_shape};
      std::size_t a = 0, b = 0, to = 0;
      const bool swap = move < n_ - 1;
      if (swap) {  // the issues ranked move+1 and move+2 trade ranks
        a = issue_of_rank[move + 1];
        b = issue_of_rank[move + 2];
        std::swap(c.rank[a], c.rank[b]);
      } else {  // one issue takes another shape
        a = static_cast<std::size_t>(
                std::upper_bound(shape_move_start_.begin(), shape_move_start_.end(), move) -
                shape_move_start_.begin()) -
            1;
        const std::size_t k = move - shape_move_start_[a];
        to = k < best_shape[a] ? k : k + 1;
        c.shape[a] = static_cast<std::uint8_t>(to);
      }
      if (keys_.count(key(c.rank.data(), c.shape.data()))) continue;
      for (std::size_t t = 0; t < offers; ++t) {
        double delta;
        if (swap) {
          const double ea = e(t, a, best_shape[a]), eb = e(t, b, best_shape[b]);
          delta = (static_cast<double>(best_rank[b]) - best_rank[a]) * (ea - eb);
        } else {
          delta = best_rank[a] * (e(t, a, to) - e(t, a, best_shape[a]));
        }
        c.log_likelihood +=
            rule_.log_likelihood(best_utility_[t] + delta * weight_scale_, expected(t));
      }
      candidates.push_back(std::move(c));
    }
    cursor_ = (cursor_ + tried) % moves;
    // The most likely candidates replace the least likely hypotheses (never the best) they beat.
    std::vector<std::size_t> worst;
    worst.reserve(count() - 1);
    for (std::size_t h = 0; h < count(); ++h)
      if (h != best) worst.push_back(h);
    const std::size_t replace = std::min(candidates.size(), worst.size());
    std::partial_sort(worst.begin(), worst.begin() + static_cast<std::ptrdiff_t>(replace),
                      worst.end(), [&](std::size_t x, std::size_t y) {
                        return log_likelihood_[x] != log_likelihood_[y]
                                   ? log_likelihood_[x] < log_likelihood_[y]
                                   : x < y;
                      });
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [](const Candidate& x, const Candidate& y) { return x.log_likelihood > y.log_likelihood; });
    for (std::size_t k = 0; k < replace; ++k) {
      const std::size_t h = worst[k];
      const Candidate& c = candidates[k];
      if (!(c.log_likelihood > log_likelihood_[h])) break;
      keys_.erase(key(&hypothesis_ranks_[h * n_], &hypothesis_shapes_[h * n_]));
      std::copy(c.rank.begin(), c.rank.end(),
                hypothesis_ranks_.begin() + static_cast<std::ptrdiff_t>(h * n_));
      std::copy(c.shape.begin(), c.shape.end(),
                hypothesis_shapes_.begin() + static_cast<std::ptrdiff_t>(h * n_));
      log_likelihood_[h] = c.log_likelihood;
      keys_.insert(key(c.rank.data(), c.shape.data()));
    }
  }

  // coefficients_[i][s] = sum over h of P(h) w_i(h) [shape_i(h) = s]: the posterior expected
  // utility is then sum_i sum_s coefficients_[i][s] e_s(b_i).
  void refresh() {
    coefficients_.assign(n_ * kMaxShapes, 0.0);
    if (count() == 0) return;
    // Hypotheses below e^-40 (4e-18) of the most likely one are left out: all of them together
    // weigh less than 5e-15 of it.
    const double top = *std::max_element(log_likelihood_.begin(), log_likelihood_.end());
    double total = 0.0;
    for (std::size_t h = 0; h < count(); ++h) {
      const double d = log_likelihood_[h] - top;
      if (d < -40.0) continue;
      const double p = std::exp(d);
      total += p;
      for (std::size_t i = 0; i < n_; ++i)
        coefficients_[i * kMaxShapes + hypothesis_shapes_[h * n_ + i]] +=
            p * hypothesis_ranks_[h * n_ + i];
    }
    for (auto& c : coefficients_) c *= weight_scale_ / total;
  }

  LearningRule rule_;
  std::size_t n_ = 0;
  std::vector<Shapes> shapes_;
  double weight_scale_ = 0.0;  // 2 / (n (n + 1))
  std::size_t capacity_ = 0;
  bool exact_ = true;
  bool searching_ = false;  // replacing hypotheses by better neighbours (not exact_)
  // Hypothesis h: the rank (1..n) and shape of issue i at [h n + i], and log_likelihood_[h].
  std::vector<std::uint16_t> hypothesis_ranks_;
  std::vector<std::uint8_t> hypothesis_shapes_;
  std::vector<double> log_likelihood_;
  std::unordered_set<std::string> keys_;
  // Offers seen: n value positions then the expected utility u'(t), per offer.
  std::vector<double> history_;
  std::size_t cursor_ = 0;  // where the neighbour enumeration resumes
  std::size_t move_count_ = 0;
  std::vector<std::size_t> shape_move_start_;  // first move of each issue's shape changes
  std::vector<double> best_utility_;
  std::size_t offers_ = 0;
  std::vector<double> positions_, values_, coefficients_;
};

// ---- scalable_bayesian: independent per-issue hypotheses ----

class ScalableBayesianModel final : public PartyModel {
 public:
  explicit ScalableBayesianModel(LearningRule rule) : rule_(rule) {}

  void reset(const PartyView& view) override {
    const auto& cards = view.space().cardinalities();
    n_ = cards.size();
    shapes_.clear();
    for (const auto m : cards) shapes_.emplace_back(m);
    weight_log_.assign(n_ * kLevels, 0.0);
    shape_log_.assign(n_ * kMaxShapes, 0.0);
    weight_p_.assign(n_ * kLevels, 0.0);
    shape_p_.assign(n_ * kMaxShapes, 0.0);
    mean_weight_.assign(n_, 0.0);
    offers_ = 0;
    refresh();
  }

  void update(const Outcome& offer, double time) override {
    ++offers_;
    if (n_ == 0) return;
    const double expected = rule_.expected(time);
    positions_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) positions_[i] = shapes_[i].position(offer[i]);
    shape_values(shapes_, positions_.data(), values_);
    // The offer's expected evaluation per issue, and the weighted sums over all issues, under the
    // posteriors before this offer.
    mean_value_.assign(n_, 0.0);
    double total_weight = 0.0, total = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t s = 0; s < shapes_[i].size(); ++s)
        mean_value_[i] += shape_p_[i * kMaxShapes + s] * values_[i * kMaxShapes + s];
      total_weight += mean_weight_[i];
      total += mean_weight_[i] * mean_value_[i];
    }
    for (std::size_t i = 0; i < n_; ++i) {
      const double other_weight = total_weight - mean_weight_[i];
      const double other = total - mean_weight_[i] * mean_value_[i];
      for (std::size_t l = 0; l < kLevels; ++l) {
        const double w = level(l), denominator = w + other_weight;
        const double u =
            denominator > 0.0 ? (w * mean_value_[i] + other) / denominator : mean_value_[i];
        weight_log_[i * kLevels + l] += rule_.log_likelihood(u, expected);
      }
      for (std::size_t s = 0; s < shapes_[i].size(); ++s) {
        const double e = values_[i * kMaxShapes + s];
        const double u = total_weight > 0.0 ? (other + mean_weight_[i] * e) / total_weight : e;
        shape_log_[i * kMaxShapes + s] += rule_.log_likelihood(u, expected);
      }
    }
    refresh();
  }

  bool empty() const noexcept override { return offers_ == 0; }

  double estimate(const Outcome& outcome) const override {
    if (n_ == 0) return 0.0;
    double total_weight = 0.0;
    for (const double w : mean_weight_) total_weight += w;
    double u = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      const double x = shapes_[i].position(outcome[i]);
      double e = 0.0;
      for (std::size_t s = 0; s < shapes_[i].size(); ++s)
        e += shape_p_[i * kMaxShapes + s] * shapes_[i].value(s, x);
      u +=
          (total_weight > 0.0 ? mean_weight_[i] / total_weight : 1.0 / static_cast<double>(n_)) * e;
    }
    return std::clamp(u, 0.0, 1.0);
  }

 private:
  static constexpr std::size_t kLevels = 11;  // weight hypotheses 0, 0.1, ..., 1
  static double level(std::size_t l) noexcept {
    return static_cast<double>(l) / static_cast<double>(kLevels - 1);
  }

  // Posteriors from the log-likelihoods (kept shifted so that each issue's best is 0).
  void refresh() {
    for (std::size_t i = 0; i < n_; ++i) {
      double* wl = &weight_log_[i * kLevels];
      double* sl = &shape_log_[i * kMaxShapes];
      const std::size_t shapes = shapes_[i].size();
      const double wt = *std::max_element(wl, wl + kLevels);
      for (std::size_t l = 0; l < kLevels; ++l) wl[l] -= wt;
      const double st = *std::max_element(sl, sl + shapes);
      for (std::size_t s = 0; s < shapes; ++s) sl[s] -= st;
      normalise(wl, &weight_p_[i * kLevels], kLevels);
      normalise(sl, &shape_p_[i * kMaxShapes], shapes);
      mean_weight_[i] = 0.0;
      for (std::size_t l = 0; l < kLevels; ++l)
        mean_weight_[i] += weight_p_[i * kLevels + l] * level(l);
    }
  }

  LearningRule rule_;
  std::size_t n_ = 0;
  std::vector<Shapes> shapes_;
  // Per issue: log-likelihoods and posteriors of the weight levels and of the shapes.
  std::vector<double> weight_log_, shape_log_, weight_p_, shape_p_;
  std::vector<double> mean_weight_;
  std::size_t offers_ = 0;
  std::vector<double> positions_, values_, mean_value_;
};

std::vector<ParameterInfo> learning_parameters() {
  return {number_parameter("sigma", kDefaultSigma, 0, 1,
                           "spread of the opponent's offer utility around the expected one", true),
          number_parameter("concession", kDefaultConcession, 0, 1,
                           "expected concession of the opponent by the deadline: u'(t) = 1 - c t")};
}

LearningRule rule_of(const AgentSpec& spec) {
  return {spec.number("sigma"), spec.number("concession")};
}

}  // namespace

std::unique_ptr<PartyModel> make_bayesian_model() {
  return std::make_unique<BayesianModel>(LearningRule{});
}

std::unique_ptr<PartyModel> make_scalable_bayesian_model() {
  return std::make_unique<ScalableBayesianModel>(LearningRule{});
}

ComponentRow<OpponentModel> bayesian_row() {
  return {{"bayesian", AgentRole::opponent_model,
           "Bayesian learning over issue-weight rankings and evaluation-function shapes",
           kHindriksTykhonov, learning_parameters()},
          [](const AgentSpec& spec) {
            const LearningRule rule = rule_of(spec);
            return std::make_unique<OpponentModel>([rule]() -> std::unique_ptr<PartyModel> {
              return std::make_unique<BayesianModel>(rule);
            });
          }};
}

ComponentRow<OpponentModel> scalable_bayesian_row() {
  return {{"scalable_bayesian", AgentRole::opponent_model,
           "Bayesian learning with independent per-issue hypotheses (linear in the issues)",
           kScalableReference, learning_parameters()},
          [](const AgentSpec& spec) {
            const LearningRule rule = rule_of(spec);
            return std::make_unique<OpponentModel>([rule]() -> std::unique_ptr<PartyModel> {
              return std::make_unique<ScalableBayesianModel>(rule);
            });
          }};
}

}  // namespace parley::agents
