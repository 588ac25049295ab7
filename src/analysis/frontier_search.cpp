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
// Deterministic for a seed when the budget is counted in evaluations.
#include <chrono>
#include <cmath>
#include <random>

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
  FrontierSearch(const Scenario& scenario, const FrontierOptions& options)
      : scenario_(scenario),
        options_(options),
        parties_(scenario.party_count()),
        issues_(scenario.issue_count()),
        random_(options.seed),
        cancel_(options.cancelled, 64),
        start_(std::chrono::steady_clock::now()) {
    if (options.max_evaluations == 0 && !(options.time_budget_seconds > 0.0))
      throw InputError("frontier options", std::nullopt, "time_budget_seconds",
                       format_number(options.time_budget_seconds),
                       "a positive number of seconds (or max_evaluations > 0)");
    lowest_.assign(parties_, INFINITY);
    highest_.assign(parties_, -INFINITY);
    utilities_.resize(parties_);
    rectangles_.resize(parties_);
    for (std::size_t j = 0; j < parties_; ++j)
      if (const auto* rectangles = scenario.party(j).utility->as_hyper_rectangle())
        for (const auto& node : rectangles->nodes()) collect_rectangles(node, rectangles_[j]);
  }

  Frontier run(SearchRecord* record) {
    const std::size_t initial_samples = 16 * parties_;
    Outcome outcome(issues_);
    for (std::size_t s = 0; s < initial_samples && !out_of_budget(); ++s) {
      random_outcome(outcome);
      evaluate(outcome);
    }
    std::vector<double> weights(parties_);
    for (std::uint64_t run = 0; !out_of_budget(); ++run) {
      choose_weights(run, weights);
      local_search(weights);
      report_progress();
    }
    if (record != nullptr) {
      record->lowest = lowest_;
      record->highest = highest_;
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

  bool out_of_budget() {
    if (options_.max_evaluations > 0) return evaluations_ >= options_.max_evaluations;
    if (evaluations_ % 64 != 0 && !clock_expired_) return false;
    clock_expired_ = elapsed() >= options_.time_budget_seconds;
    return clock_expired_;
  }

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  void report_progress() {
    if (!options_.progress) return;
    const double fraction =
        options_.max_evaluations > 0
            ? static_cast<double>(evaluations_) / static_cast<double>(options_.max_evaluations)
            : elapsed() / options_.time_budget_seconds;
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
    cancel_.tick();  // offer() costs up to the archive's size: poll often
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
    archive_.push_back({outcome, utilities});
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

  Frontier finish() {
    UtilityRange ranges{lowest_, highest_, false};
    const std::vector<double> epsilon = tolerance_epsilon(ranges, options_.tolerance);
    std::vector<double> coords;
    coords.reserve(archive_.size() * parties_);
    for (const auto& entry : archive_)
      coords.insert(coords.end(), entry.utilities.begin(), entry.utilities.end());
    auto lex_less = [&](std::uint32_t a, std::uint32_t b) {
      return archive_[a].outcome < archive_[b].outcome;
    };
    Skyline<decltype(lex_less)> skyline(coords.data(), parties_, epsilon.data(), lex_less);
    skyline.poll_cancelled(options_.cancelled);
    std::vector<std::uint32_t> ids(archive_.size());
    std::iota(ids.begin(), ids.end(), 0u);
    std::vector<Outcome> outcomes;
    for (auto id : skyline.run(std::move(ids))) outcomes.push_back(archive_[id].outcome);
    Frontier frontier;
    frontier.packages = make_packages(scenario_, std::move(outcomes));
    frontier.method = FrontierMethod::anytime_search;
    frontier.exact = false;
    frontier.evaluated = evaluations_;
    return frontier;
  }

  const Scenario& scenario_;
  const FrontierOptions& options_;
  std::size_t parties_;
  std::size_t issues_;
  std::mt19937_64 random_;
  CancelCheck cancel_;
  std::chrono::steady_clock::time_point start_;
  bool clock_expired_ = false;
  double next_report_ = 0.0;
  std::uint64_t evaluations_ = 0;
  std::vector<double> lowest_, highest_, utilities_;
  std::vector<std::vector<RectangleMove>> rectangles_;
  std::vector<Package> archive_;
};

}  // namespace

Frontier search_frontier(const Scenario& scenario, const FrontierOptions& options,
                         SearchRecord* record) {
  return FrontierSearch(scenario, options).run(record);
}

}  // namespace parley::detail
