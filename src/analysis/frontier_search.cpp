// Anytime frontier search for spaces too large to enumerate with utilities that are not
// linear-additive (ANAC 2014 hyper-rectangles).
//
// Design: repeated local searches, each maximising one weighted scalarisation
// sum_j lambda_j * (u_j - low_j) / (high_j - low_j) of the parties' utilities (weights cycle
// through the parties' extremes, then a golden-ratio sequence for two parties or random simplex
// points for more). A run starts from a random outcome, from the archive member best for its
// weights, or from a random outcome pushed into a few of the parties' constraint rectangles. Its
// moves change one issue to a random value, or move the outcome into a random rewarding rectangle
// of a party (chosen by weight) by changing only the issues outside its bounds; the run ends with
// a full coordinate sweep (every value of every issue) until no single change improves. Every
// evaluated outcome is offered to an archive of mutually non-dominated packages; the final
// frontier is the archive's tolerance skyline, with utilities recomputed by the scenario.
// Linear-additive spaces get a better start: the weighted sum is separable, so its exact
// maximum over the whole space is found issue by issue (a supported efficient package, and a
// supporting hyperplane sum_j lambda_j u_j <= M that bounds the true frontier from above); a
// random walk of single-issue changes around it then collects unsupported packages.
// Work is counted in units (frontier.hpp) against the budget: deterministic for a seed and a
// budget, on any machine; a wall-clock cap only stops it early. What measuring the result costs
// at most is kept back from the search (the dominated share of the utility box and, for
// linear-additive spaces, the bound on what is still missing), by a seeded Monte-Carlo estimate.
#include <cmath>
#include <random>
#include <set>

#include "analysis/frontier_internal.hpp"
#include "parley/support/error.hpp"

namespace parley::detail {
namespace {

// An inclusive rectangle of one party, as value-index ranges per bounded issue.
struct RectangleMove {
  std::vector<std::size_t> issues;
  std::vector<ValueIndex> lowest, highest;
};

class FrontierSearch {
 public:
  FrontierSearch(const Scenario& scenario, const FrontierOptions& options, WorkMeter& meter)
      : scenario_(scenario),
        options_(options),
        parties_(scenario.party_count()),
        issues_(scenario.issue_count()),
        random_(options.seed),
        meter_(meter),
        evaluation_cost_(evaluation_cost(scenario)),
        package_bytes_(package_bytes(scenario)),
        stop_at_(meter.allowance()) {
    lowest_.assign(parties_, INFINITY);
    highest_.assign(parties_, -INFINITY);
    utilities_.resize(parties_);
    rectangles_.resize(parties_);
    for (std::size_t j = 0; j < parties_; ++j)
      if (const auto* rectangles = scenario.party(j).utility->as_hyper_rectangle())
        for (const auto& node : rectangles->nodes()) collect_rectangles(node, rectangles_[j]);
    if (scenario.is_linear_additive()) {
      for (std::size_t j = 0; j < parties_; ++j)
        linear_.push_back(scenario.party(j).utility->as_linear_additive());
      for (std::size_t i = 0; i < issues_; ++i)
        breakpoints_.push_back(union_breakpoints(linear_, i));
    }
  }

  Frontier run() {
    const std::size_t initial_samples = 16 * parties_;
    Outcome outcome(issues_);
    if (!linear_.empty()) {
      // Exact extremes: the ranges are known, and the first runs are each party's best.
      for (std::size_t j = 0; j < parties_; ++j) {
        lowest_[j] = linear_[j]->min_utility();
        highest_[j] = linear_[j]->max_utility();
      }
    }
    for (std::size_t s = 0; s < initial_samples && !out_of_budget(); ++s) {
      random_outcome(outcome);
      evaluate(outcome);
    }
    std::vector<double> weights(parties_);
    for (std::uint64_t run = 0; !out_of_budget(); ++run) {
      choose_weights(run, weights);
      if (linear_.empty()) {
        local_search(weights);
        pareto_local_search();
      } else {
        linear_run(weights);
      }
      report_progress();
    }
    return finish();
  }

 private:
  void collect_rectangles(const UtilityNode& node, std::vector<RectangleMove>& out) const {
    for (const auto& rectangle : node.rectangles) {
      if (rectangle.exclusive || !(rectangle.utility * rectangle.weight > 0.0)) continue;
      RectangleMove move;
      bool possible = true;
      for (const auto& bound : rectangle.bounds) {
        if (bound.issue >= issues_) {
          possible = false;
          break;
        }
        const Issue& issue = scenario_.issue(bound.issue);
        bool found = false;
        ValueIndex first = 0, last = 0;
        for (ValueIndex v = 0; v < issue.cardinality(); ++v) {
          const double x = issue.numeric_value(v);
          if (x >= bound.min && x <= bound.max) {
            if (!found) first = v;
            last = v;
            found = true;
          }
        }
        if (!found) {
          possible = false;
          break;
        }
        move.issues.push_back(bound.issue);
        move.lowest.push_back(first);
        move.highest.push_back(last);
      }
      if (possible && !move.issues.empty()) out.push_back(std::move(move));
    }
    for (const auto& child : node.children) collect_rectangles(child, out);
  }

  std::uint64_t below(std::uint64_t n) { return n <= 1 ? 0 : random_() % n; }
  double unit() { return static_cast<double>(random_() >> 11) * 0x1.0p-53; }

  void random_outcome(Outcome& outcome) {
    for (std::size_t i = 0; i < issues_; ++i)
      outcome[i] = static_cast<ValueIndex>(below(scenario_.issue(i).cardinality()));
  }

  // The search stops when what is left would only pay for measuring the result: 4,096 samples,
  // each compared with every archived package and every supporting hyperplane at worst.
  bool out_of_budget() const {
    if (meter_.time_capped()) return true;
    const std::uint64_t reserve = 4096 * (archive_.size() + hyperplanes_.size() + 1) * parties_;
    return meter_.work() + reserve >= stop_at_;
  }

  void report_progress() {
    if (!options_.progress) return;
    const double fraction = meter_.fraction();
    if (fraction >= next_report_) {
      options_.progress(std::min(1.0, fraction), "search");
      next_report_ = fraction + 0.05;
    }
  }

  // Evaluates an outcome (every party), records extremes, offers it to the archive.
  const std::vector<double>& evaluate(const Outcome& outcome) {
    for (std::size_t j = 0; j < parties_; ++j) {
      utilities_[j] = scenario_.utility(j, outcome);
      lowest_[j] = std::min(lowest_[j], utilities_[j]);
      highest_[j] = std::max(highest_[j], utilities_[j]);
    }
    ++evaluations_;
    // offer() compares with every archived package.
    meter_.spend(evaluation_cost_ + (archive_.size() + 1) * parties_);
    offer(outcome, utilities_);
    return utilities_;
  }

  // Archive of mutually non-dominated packages (exact comparisons; the tolerance is applied at the
  // end, when the ranges are known).
  void offer(const Outcome& outcome, const std::vector<double>& utilities) {
    for (std::size_t a = 0; a < archive_.size(); ++a) {
      const auto& kept = archive_[a].utilities;
      bool all_at_least = true, all_equal = true;
      for (std::size_t j = 0; j < parties_; ++j) {
        all_at_least = all_at_least && kept[j] >= utilities[j];
        all_equal = all_equal && kept[j] == utilities[j];
      }
      if (all_equal) {
        if (outcome < archive_[a].outcome) archive_[a].outcome = outcome;
        return;
      }
      if (all_at_least) return;
    }
    std::size_t write = 0;
    for (std::size_t a = 0; a < archive_.size(); ++a) {
      bool dominated = true;
      for (std::size_t j = 0; j < parties_; ++j)
        dominated = dominated && utilities[j] >= archive_[a].utilities[j];
      if (!dominated) {
        if (write != a) archive_[write] = std::move(archive_[a]);
        ++write;
      }
    }
    archive_.resize(write);
    meter_.spend(package_bytes_);  // the archive's memory
    archive_.push_back({outcome, utilities});
    archive_has_last_ = true;
    peak_archive_ = std::max(peak_archive_, archive_.size());
  }

  void choose_weights(std::uint64_t run, std::vector<double>& weights) {
    std::fill(weights.begin(), weights.end(), 0.0);
    if (run < parties_) {
      weights[run] = 1.0;
    } else if (parties_ == 2) {
      const double golden = 0.6180339887498949;
      const double share = std::fmod(static_cast<double>(run - 1) * golden, 1.0);
      weights[0] = share;
      weights[1] = 1.0 - share;
    } else {
      double total = 0.0;
      for (auto& w : weights) {
        w = -std::log(1.0 - unit());
        total += w;
      }
      for (auto& w : weights) w /= total;
    }
  }

  double scalarise(const std::vector<double>& utilities, const std::vector<double>& weights,
                   const std::vector<double>& scale) const {
    double s = 0.0;
    for (std::size_t j = 0; j < parties_; ++j) s += weights[j] * utilities[j] * scale[j];
    return s;
  }

  // Moves the outcome into a rewarding rectangle of a party drawn by weight; false when none.
  bool rectangle_move(Outcome& outcome, const std::vector<double>& weights) {
    double pick = unit(), cumulative = 0.0;
    std::size_t party = parties_ - 1;
    for (std::size_t j = 0; j < parties_; ++j) {
      cumulative += weights[j];
      if (pick < cumulative) {
        party = j;
        break;
      }
    }
    const auto& candidates = rectangles_[party];
    if (candidates.empty()) return false;
    const RectangleMove& move = candidates[below(candidates.size())];
    bool changed = false;
    for (std::size_t b = 0; b < move.issues.size(); ++b) {
      ValueIndex& value = outcome[move.issues[b]];
      if (value < move.lowest[b] || value > move.highest[b]) {
        value = move.lowest[b] +
                static_cast<ValueIndex>(below(std::uint64_t{move.highest[b] - move.lowest[b]} + 1));
        changed = true;
      }
    }
    return changed;
  }

  void local_search(const std::vector<double>& weights) {
    std::vector<double> scale(parties_);
    for (std::size_t j = 0; j < parties_; ++j) {
      const double range = highest_[j] - lowest_[j];
      scale[j] = range > 0.0 && std::isfinite(range) ? 1.0 / range : 1.0;
    }
    Outcome current(issues_);
    const std::uint64_t start_kind = below(3);
    if (start_kind == 0 && !archive_.empty()) {
      std::size_t best = 0;
      for (std::size_t a = 1; a < archive_.size(); ++a)
        if (scalarise(archive_[a].utilities, weights, scale) >
            scalarise(archive_[best].utilities, weights, scale))
          best = a;
      current = archive_[best].outcome;
    } else {
      random_outcome(current);
      if (start_kind == 2)
        for (int r = 0; r < 4; ++r) rectangle_move(current, weights);
    }
    if (out_of_budget()) return;
    double score = scalarise(evaluate(current), weights, scale);

    Outcome neighbour;
    const std::size_t patience = 8 * issues_ + 16;
    std::size_t failures = 0;
    while (failures < patience && !out_of_budget()) {
      neighbour = current;
      bool moved = false;
      if (unit() < 0.4) moved = rectangle_move(neighbour, weights);
      if (!moved && issues_ > 0) {
        const std::size_t i = below(issues_);
        const std::uint32_t cardinality = scenario_.issue(i).cardinality();
        if (cardinality > 1) {
          const auto shift = static_cast<ValueIndex>(1 + below(cardinality - 1));
          neighbour[i] = (neighbour[i] + shift) % cardinality;
          moved = true;
        }
      }
      if (!moved) {
        ++failures;
        continue;
      }
      const double candidate = scalarise(evaluate(neighbour), weights, scale);
      if (candidate > score) {
        failures = 0;
      } else {
        ++failures;
      }
      if (candidate >= score) {
        score = candidate;
        current.swap(neighbour);
      }
    }
    // Coordinate sweep: every value of every issue, until no single change improves.
    bool improved = true;
    while (improved && !out_of_budget()) {
      improved = false;
      for (std::size_t i = 0; i < issues_ && !out_of_budget(); ++i) {
        const ValueIndex original = current[i];
        ValueIndex best_value = original;
        for (ValueIndex v = 0; v < scenario_.issue(i).cardinality() && !out_of_budget(); ++v) {
          if (v == original) continue;
          current[i] = v;
          const double candidate = scalarise(evaluate(current), weights, scale);
          if (candidate > score) {
            score = candidate;
            best_value = v;
            improved = true;
          }
        }
        current[i] = best_value;
      }
    }
  }

  // Pareto local search: every archived package not explored yet has its single-issue
  // neighbours evaluated (every value of an issue of at most 64 values, else 64 random ones),
  // each offered to the archive; this fills the gaps between the packages the weighted runs
  // found. Explored packages are remembered, so each is explored once.
  void pareto_local_search() {
    for (;;) {
      const Package* next = nullptr;
      for (const auto& entry : archive_)
        if (explored_.count(entry.outcome) == 0) {
          next = &entry;
          break;
        }
      if (next == nullptr || out_of_budget()) return;
      const Outcome centre = next->outcome;
      explored_.insert(centre);
      meter_.spend(package_bytes_);  // the explored set's memory
      Outcome neighbour = centre;
      for (std::size_t i = 0; i < issues_ && !out_of_budget(); ++i) {
        const std::uint32_t k = scenario_.issue(i).cardinality();
        const std::uint32_t tries = std::min<std::uint32_t>(k, 64);
        for (std::uint32_t t = 0; t < tries && !out_of_budget(); ++t) {
          const auto v = k <= 64 ? static_cast<ValueIndex>(t) : static_cast<ValueIndex>(below(k));
          if (v == centre[i]) continue;
          neighbour[i] = v;
          evaluate(neighbour);
        }
        neighbour[i] = centre[i];
      }
    }
  }

  // Linear-additive: the exact maximiser of the normalised weighted sum (issue by issue, smallest
  // value on ties), recorded as a supporting hyperplane, then a random walk of single-issue
  // changes that the archive accepts (packages no archived package dominates).
  void linear_run(const std::vector<double>& weights) {
    std::vector<double> scale(parties_);
    for (std::size_t j = 0; j < parties_; ++j) {
      const double range = highest_[j] - lowest_[j];
      scale[j] = range > 0.0 ? 1.0 / range : 0.0;
    }
    Outcome best(issues_);
    for (std::size_t i = 0; i < issues_; ++i) {
      // The weighted sum of the contributions is linear between two consecutive breakpoints of
      // an analytic issue, so its maximum (the smallest maximiser) is at a breakpoint.
      const std::vector<ValueIndex>& ends = breakpoints_[i];
      const std::uint32_t k = scenario_.issue(i).cardinality();
      const std::uint64_t looked_at = ends.empty() ? k : ends.size();
      meter_.spend(looked_at * parties_);
      double top = -INFINITY;
      for (std::uint64_t n = 0; n < looked_at; ++n) {
        const auto v = ends.empty() ? static_cast<ValueIndex>(n) : ends[n];
        double score = 0.0;
        for (std::size_t j = 0; j < parties_; ++j)
          score += weights[j] * scale[j] * linear_[j]->contribution(i, v);
        if (score > top) top = score, best[i] = v;
      }
      if (meter_.time_capped()) return;
    }
    const std::vector<double> utilities = evaluate(best);
    double bound = 0.0;
    for (std::size_t j = 0; j < parties_; ++j)
      bound += weights[j] * scale[j] * (utilities[j] - lowest_[j]);
    hyperplanes_.push_back({weights, bound});
    // The walk: from the maximiser, change one issue at a time to a random value; keep the
    // change when the archive took the package (no archived package dominates it).
    Outcome current = best;
    const std::size_t steps = 4 * issues_ + 16;
    for (std::size_t step = 0; step < steps && !out_of_budget(); ++step) {
      const std::size_t i = below(issues_);
      const std::uint32_t k = scenario_.issue(i).cardinality();
      if (k < 2) continue;
      const ValueIndex previous = current[i];
      current[i] = static_cast<ValueIndex>((previous + 1 + below(k - 1)) % k);
      archive_has_last_ = false;
      evaluate(current);
      if (!archive_has_last_) current[i] = previous;
    }
  }

  // Share of the normalised utility box [lowest, highest] the found packages dominate, and an
  // upper bound on the share they miss (box points under every supporting hyperplane but not
  // dominated): a seeded Monte-Carlo estimate within the reserved tenth of the budget.
  void measure(Frontier& frontier) {
    const std::size_t count = frontier.packages.size();
    if (count == 0) return;
    std::vector<double> span(parties_);
    for (std::size_t j = 0; j < parties_; ++j) {
      span[j] = highest_[j] - lowest_[j];
      if (!(span[j] > 0.0)) span[j] = 1.0;
    }
    // Frontier order: the first coordinate descending, so the points that can dominate a sample
    // are a prefix (those with a first coordinate at least the sample's).
    std::vector<double> points(count * parties_);
    for (std::size_t p = 0; p < count; ++p)
      for (std::size_t j = 0; j < parties_; ++j)
        points[p * parties_ + j] = (frontier.packages[p].utilities[j] - lowest_[j]) / span[j];
    std::mt19937_64 generator(options_.seed ^ 0x9e3779b97f4a7c15ULL);
    std::vector<double> y(parties_);
    std::uint64_t samples = 0, dominated = 0, under = 0;
    // Each sample is charged the comparisons it made; sampling ends at 4,096 samples or when the
    // budget could not pay for one more (deterministic either way: the comparisons are counted).
    const std::uint64_t worst = (count + hyperplanes_.size() + 1) * parties_;
    while (samples < 4096 && !meter_.time_capped() && meter_.remaining() >= worst) {
      for (auto& c : y) c = static_cast<double>(generator() >> 11) * 0x1.0p-53;
      std::size_t low = 0, high = count;  // first point whose coordinate 0 is below y[0]
      while (low < high) {
        const std::size_t middle = (low + high) / 2;
        if (points[middle * parties_] >= y[0])
          low = middle + 1;
        else
          high = middle;
      }
      std::uint64_t compared = 1;
      bool is_dominated = false;
      for (std::size_t p = 0; p < low && !is_dominated; ++p, ++compared) {
        bool all = true;
        for (std::size_t j = 1; j < parties_ && all; ++j) all = points[p * parties_ + j] >= y[j];
        is_dominated = all;
      }
      bool is_under = is_dominated;
      if (!is_dominated && !linear_.empty()) {
        is_under = true;
        for (const auto& [lambda, bound] : hyperplanes_) {
          ++compared;
          double value = 0.0;
          for (std::size_t j = 0; j < parties_; ++j) value += lambda[j] * y[j];
          if (value > bound + 1e-12) {
            is_under = false;
            break;
          }
        }
      }
      meter_.spend(compared * parties_);
      ++samples;
      dominated += is_dominated ? 1 : 0;
      under += is_under ? 1 : 0;
    }
    if (samples < 256) return;  // too few to say anything
    const double n = static_cast<double>(samples);
    frontier.dominated_share = static_cast<double>(dominated) / n;
    if (!linear_.empty() && !hyperplanes_.empty())
      frontier.gap_bound = static_cast<double>(under - dominated) / n;
  }

  Frontier finish() {
    UtilityRange ranges{lowest_, highest_, !linear_.empty()};
    const std::vector<double> epsilon = tolerance_epsilon(ranges, options_.tolerance);
    std::vector<double> coords;
    coords.reserve(archive_.size() * parties_);
    for (const auto& entry : archive_)
      coords.insert(coords.end(), entry.utilities.begin(), entry.utilities.end());
    auto lex_less = [&](std::uint32_t a, std::uint32_t b) {
      return archive_[a].outcome < archive_[b].outcome;
    };
    Skyline<decltype(lex_less)> skyline(coords.data(), parties_, epsilon.data(), lex_less);
    std::vector<std::uint32_t> ids(archive_.size());
    std::iota(ids.begin(), ids.end(), 0u);
    std::vector<Outcome> outcomes;
    for (auto id : skyline.run(std::move(ids))) outcomes.push_back(archive_[id].outcome);
    Frontier frontier;
    frontier.packages = make_packages(scenario_, std::move(outcomes));
    frontier.method = FrontierMethod::anytime_search;
    frontier.exact = false;
    frontier.evaluated = evaluations_;
    frontier.ranges = ranges;
    frontier.stop = meter_.time_capped() ? StopReason::time_cap : StopReason::budget;
    frontier.peak_bytes =
        peak_archive_ * (parties_ * sizeof(double) + issues_ * sizeof(ValueIndex) +
                         2 * sizeof(std::vector<double>));
    if (!meter_.time_capped()) measure(frontier);
    return frontier;
  }

  const Scenario& scenario_;
  const FrontierOptions& options_;
  std::size_t parties_;
  std::size_t issues_;
  std::mt19937_64 random_;
  WorkMeter& meter_;
  std::uint64_t evaluation_cost_;
  std::uint64_t package_bytes_;
  std::uint64_t stop_at_;
  std::vector<const LinearAdditiveUtility*> linear_;
  std::vector<std::pair<std::vector<double>, double>> hyperplanes_;
  std::vector<std::vector<ValueIndex>> breakpoints_;  // per issue; empty: look at every value
  bool archive_has_last_ = false;
  std::set<Outcome> explored_;
  std::size_t peak_archive_ = 0;
  double next_report_ = 0.0;
  std::uint64_t evaluations_ = 0;
  std::vector<double> lowest_, highest_, utilities_;
  std::vector<std::vector<RectangleMove>> rectangles_;
  std::vector<Package> archive_;
};

}  // namespace

Frontier search_frontier(const Scenario& scenario, const FrontierOptions& options,
                         WorkMeter& meter) {
  return FrontierSearch(scenario, options, meter).run();
}

}  // namespace parley::detail
