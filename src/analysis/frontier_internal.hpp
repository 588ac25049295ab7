// Internals shared by the frontier methods: tolerance tests, the skyline (non-dominated filter
// with one representative per tie cluster) and the final assembly of a Frontier.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include <optional>
#include "parley/analysis/frontier.hpp"

#include "parley/support/error.hpp"

namespace parley::detail {

// a dominates b: no coordinate worse by more than epsilon, one better by more than epsilon.
inline bool tolerant_dominates(const double* a, const double* b, const double* epsilon,
                               std::size_t dims) noexcept {
  bool strictly_better = false;
  for (std::size_t j = 0; j < dims; ++j) {
    if (a[j] < b[j] - epsilon[j]) return false;
    if (a[j] > b[j] + epsilon[j]) strictly_better = true;
  }
  return strictly_better;
}

// Every coordinate equal within epsilon.
inline bool tolerant_equal(const double* a, const double* b, const double* epsilon,
                           std::size_t dims) noexcept {
  for (std::size_t j = 0; j < dims; ++j)
    if (a[j] < b[j] - epsilon[j] || a[j] > b[j] + epsilon[j]) return false;
  return true;
}

// epsilon_j = tolerance * range_j, a zero range counting as 1.
std::vector<double> tolerance_epsilon(const UtilityRange& ranges, double tolerance);

// Polls FrontierOptions::cancelled every `every` ticks (and on poll()); throws Cancelled when it
// fires. Cheap when no hook is set.
class CancelCheck {
 public:
  CancelCheck() = default;  // never fires
  explicit CancelCheck(const std::function<bool()>& hook, std::uint32_t every = 4096)
      : hook_(hook ? &hook : nullptr), every_(every) {}
  void tick() {
    if (hook_ != nullptr && ++count_ >= every_) {
      count_ = 0;
      poll();
    }
  }
  void poll() const {
    if (hook_ != nullptr && (*hook_)()) throw Cancelled("the analysis was cancelled");
  }

 private:
  const std::function<bool()>* hook_ = nullptr;
  std::uint32_t every_ = 4096;
  std::uint32_t count_ = 0;
};

// Counts the work of a computation in units (frontier.hpp) against an allowance, polls the
// cancellation hook and the optional wall-clock deadline every 2^16 units (and on poll()).
// Exact methods call charge(), which throws WorkExceeded past the allowance and TimeCapReached
// past the deadline; the anytime search calls spend() and stops when done() says so.
struct WorkExceeded {
  std::string where;  // what the method was doing, for Frontier::method_reason
};
struct TimeCapReached {};

class WorkMeter {
 public:
  using Clock = std::chrono::steady_clock;
  WorkMeter(const FrontierOptions& options, std::uint64_t allowance,
            std::optional<Clock::time_point> deadline)
      : hook_(options.cancelled ? &options.cancelled : nullptr),
        allowance_(allowance),
        deadline_(deadline) {
    update_quiet_limit();
  }

  void spend(std::uint64_t units) {
    work_ += units;
    if (work_ >= next_poll_) poll();
  }
  // Called once per candidate by the exact methods: the common case (no poll due, within the
  // allowance, no time cap) is one addition and one comparison, inlined; the rest is out of line.
  void charge(std::uint64_t units, const char* where) {
    const std::uint64_t work = work_ + units;
    if (work < quiet_limit_) [[likely]] {
      work_ = work;
      return;
    }
    charge_slowly(units, where);
  }
  // charge(first, first_where) then charge(second, second_where), as one addition in the common
  // case (second may be 0: a charge of nothing changes nothing).
  void charge_both(std::uint64_t first, const char* first_where, std::uint64_t second,
                   const char* second_where) {
    const std::uint64_t work = work_ + first + second;
    if (work < quiet_limit_ && work >= work_) [[likely]] {
      work_ = work;
      return;
    }
    charge_slowly(first, first_where);
    if (second != 0) charge_slowly(second, second_where);
  }
  // How many units charges can add without polling, passing the allowance or meeting the time
  // cap: a caller may add up to that many with add_quietly() instead of charging them one by one
  // (the same work, polls and throws).
  std::uint64_t quiet_room() const noexcept {
    return quiet_limit_ > work_ ? quiet_limit_ - work_ - 1 : 0;
  }
  void add_quietly(std::uint64_t units) noexcept { work_ += units; }
  // Cancellation (throws Cancelled) and the clock.
  void poll() {
    next_poll_ = work_ + kPollEvery;
    if (hook_ != nullptr && (*hook_)()) throw Cancelled("the analysis was cancelled");
    if (deadline_ && Clock::now() >= *deadline_) capped_ = true;
    update_quiet_limit();
  }
  // The largest working memory a method reported holding (bytes).
  void hold(std::uint64_t bytes) noexcept { peak_bytes_ = std::max(peak_bytes_, bytes); }
  std::uint64_t peak_bytes() const noexcept { return peak_bytes_; }
  bool over_allowance() const noexcept { return work_ >= allowance_; }
  bool time_capped() const noexcept { return capped_; }
  bool done() const noexcept { return over_allowance() || capped_; }
  std::uint64_t work() const noexcept { return work_; }
  std::uint64_t allowance() const noexcept { return allowance_; }
  std::uint64_t remaining() const noexcept { return work_ >= allowance_ ? 0 : allowance_ - work_; }
  double fraction() const noexcept {
    return allowance_ == 0
               ? 1.0
               : std::min(1.0, static_cast<double>(work_) / static_cast<double>(allowance_));
  }

 private:
  [[gnu::noinline]] void charge_slowly(std::uint64_t units, const char* where) {
    spend(units);
    if (work_ > allowance_) throw WorkExceeded{where};
    if (capped_) throw TimeCapReached{};
  }
  // charge() may only add while the work stays below this: no poll due (next_poll_), within the
  // allowance (allowance_ + 1, saturating), and not capped (0).
  void update_quiet_limit() noexcept {
    const std::uint64_t past_allowance = allowance_ == UINT64_MAX ? UINT64_MAX : allowance_ + 1;
    quiet_limit_ = capped_ ? 0 : std::min(next_poll_, past_allowance);
  }
  static constexpr std::uint64_t kPollEvery = std::uint64_t{1} << 16;
  const std::function<bool()>* hook_ = nullptr;
  std::uint64_t allowance_ = 0;
  std::optional<Clock::time_point> deadline_;
  std::uint64_t work_ = 0;
  std::uint64_t next_poll_ = kPollEvery;
  std::uint64_t quiet_limit_ = 0;
  std::uint64_t peak_bytes_ = 0;
  bool capped_ = false;
};

// Work units of evaluating one package for every party: per party, its issue count
// (linear-additive) or its rectangle bounds plus one per rectangle (hyper-rectangle), or its
// issue count for any other kind.
std::uint64_t evaluation_cost(const Scenario& scenario);

// Memory is work too: every byte a method keeps is charged one unit, so the working memory of a
// frontier computation stays below its budget in bytes. One package (outcome and utilities, with
// the vectors' headers and allocation overhead):
inline std::uint64_t package_bytes(const Scenario& scenario) {
  return scenario.issue_count() * sizeof(ValueIndex) + scenario.party_count() * sizeof(double) +
         2 * sizeof(std::vector<double>) + 32;
}

// For linear-additive parties: the sorted union of every party's breakpoints of an issue when
// every party evaluates it analytically (LinearAdditiveUtility::breakpoints), so that between
// two consecutive ones every contribution is linear; empty when some party holds a table (then
// every value must be looked at).
inline std::vector<ValueIndex> union_breakpoints(
    const std::vector<const LinearAdditiveUtility*>& linear, std::size_t issue) {
  std::vector<ValueIndex> all;
  for (const auto* u : linear) {
    if (u->tabulated(issue)) return {};
    const auto& own = u->breakpoints(issue);
    all.insert(all.end(), own.begin(), own.end());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

// Checks the options every method shares (tolerance finite and >= 0); throws InputError.
void validate_options(const FrontierOptions& options);

// Builds the packages of a frontier from its outcomes: utilities recomputed with the scenario's
// own functions, sorted by utilities descending (first party first), then outcome ascending.
std::vector<Package> make_packages(const Scenario& scenario, std::vector<Outcome> outcomes);

// Sorts packages in frontier order (see Frontier::packages).
void sort_packages(std::vector<Package>& packages);

// Non-dominated filter over points stored row-major (dims doubles per id). Among points equal
// within epsilon on every coordinate one survives: the smallest by `lex_less` (package order).
// Two coordinates: sort and sweep; three: sweep on the first, staircase on the other two; more:
// block-nested-loop window over points sorted by scaled sum. Points whose first coordinate is
// within epsilon of a group leader's are treated as equal in that coordinate.
template <class LexLess>
class Skyline {
 public:
  Skyline(const double* coords, std::size_t dims, const double* epsilon, LexLess lex_less)
      : coords_(coords), dims_(dims), epsilon_(epsilon), lex_less_(lex_less) {}
  // Charges the work to `meter` (comparisons times dims; sorting n log n): the window method
  // is quadratic, so an exact method exceeding its allowance stops here (WorkExceeded).
  void charge_to(WorkMeter* meter) { meter_ = meter; }

  std::vector<std::uint32_t> run(std::vector<std::uint32_t> ids) {
    std::vector<std::uint32_t> out;
    if (ids.empty()) return out;
    if (meter_ != nullptr && dims_ <= 3) {
      std::uint64_t log = 1;
      while ((std::uint64_t{1} << log) < ids.size()) ++log;
      meter_->charge(ids.size() * dims_ * log, "the skyline");
    }
    if (dims_ == 1) {
      sweep1(ids, 0, out);
    } else if (dims_ == 2) {
      sweep2(ids, 0, 1, out);
    } else if (dims_ == 3) {
      sweep3(ids, out);
    } else {
      window(ids, out);
    }
    return out;
  }

 private:
  double at(std::uint32_t id, std::size_t d) const { return coords_[std::size_t{id} * dims_ + d]; }
  const double* row(std::uint32_t id) const { return coords_ + std::size_t{id} * dims_; }

  void sweep1(std::vector<std::uint32_t>& ids, std::size_t d0, std::vector<std::uint32_t>& out) {
    double top = -std::numeric_limits<double>::infinity();
    for (auto id : ids) top = std::max(top, at(id, d0));
    bool found = false;
    std::uint32_t best = 0;
    for (auto id : ids)
      if (at(id, d0) >= top - epsilon_[d0] && (!found || lex_less_(id, best))) {
        best = id;
        found = true;
      }
    out.push_back(best);
  }

  // Two coordinates d0, d1.
  void sweep2(std::vector<std::uint32_t>& ids, std::size_t d0, std::size_t d1,
              std::vector<std::uint32_t>& out) {
    std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
      const double a0 = at(a, d0), b0 = at(b, d0);
      if (a0 != b0) return a0 > b0;
      return at(a, d1) > at(b, d1);
    });
    const double eps0 = epsilon_[d0], eps1 = epsilon_[d1];
    double best = -std::numeric_limits<double>::infinity();
    std::size_t start = 0;
    while (start < ids.size()) {
      const double leader = at(ids[start], d0);
      std::size_t end = start + 1;
      while (end < ids.size() && at(ids[end], d0) >= leader - eps0) ++end;
      double top = -std::numeric_limits<double>::infinity();
      for (std::size_t i = start; i < end; ++i) top = std::max(top, at(ids[i], d1));
      if (top > best + eps1) {
        std::uint32_t representative = 0;
        bool found = false;
        for (std::size_t i = start; i < end; ++i)
          if (at(ids[i], d1) >= top - eps1 && (!found || lex_less_(ids[i], representative))) {
            representative = ids[i];
            found = true;
          }
        out.push_back(representative);
      }
      best = std::max(best, top);
      start = end;
    }
  }

  // Three coordinates: sweep on 0 by groups, staircase over (1, 2) of the groups kept so far.
  void sweep3(std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>& out) {
    std::sort(ids.begin(), ids.end(),
              [&](std::uint32_t a, std::uint32_t b) { return at(a, 0) > at(b, 0); });
    std::map<double, double> staircase;  // key: coordinate 1 ascending; value 2 descending
    auto covered = [&](std::uint32_t id) {
      auto it = staircase.lower_bound(at(id, 1) - epsilon_[1]);
      return it != staircase.end() && it->second >= at(id, 2) - epsilon_[2];
    };
    auto insert = [&](double key, double value) {
      auto it = staircase.lower_bound(key);
      if (it != staircase.end() && it->second >= value) return;
      if (it != staircase.end() && it->first == key) it = staircase.erase(it);
      while (it != staircase.begin()) {
        auto previous = std::prev(it);
        if (previous->second > value) break;
        staircase.erase(previous);
      }
      staircase.emplace_hint(it, key, value);
    };
    std::vector<std::uint32_t> group, kept;
    std::size_t start = 0;
    while (start < ids.size()) {
      const double leader = at(ids[start], 0);
      std::size_t end = start + 1;
      while (end < ids.size() && at(ids[end], 0) >= leader - epsilon_[0]) ++end;
      group.clear();
      for (std::size_t i = start; i < end; ++i)
        if (!covered(ids[i])) group.push_back(ids[i]);
      if (!group.empty()) {
        kept.clear();
        sweep2(group, 1, 2, kept);
        for (auto id : kept) {
          out.push_back(id);
          insert(at(id, 1), at(id, 2));
        }
      }
      start = end;
    }
  }

  // Any number of coordinates: block-nested-loop over points sorted by scaled sum.
  void window(std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>& out) {
    std::vector<double> score(ids.size());
    std::vector<std::uint32_t> order(ids.size());
    std::iota(order.begin(), order.end(), 0u);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      double s = 0.0;
      for (std::size_t j = 0; j < dims_; ++j) s += at(ids[i], j) / epsilon_[j];
      score[i] = s;
    }
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return score[a] > score[b]; });
    std::vector<std::uint32_t>& kept = out;
    const std::size_t base = kept.size();
    for (auto position : order) {
      const std::uint32_t id = ids[position];
      bool dropped = false;
      std::uint64_t compared = 1;
      for (std::size_t w = base; w < kept.size(); ++w, ++compared) {
        const std::uint32_t other = kept[w];
        if (tolerant_dominates(row(other), row(id), epsilon_, dims_)) {
          dropped = true;
          break;
        }
        if (tolerant_equal(row(other), row(id), epsilon_, dims_)) {
          if (lex_less_(id, other)) kept[w] = id;
          dropped = true;
          break;
        }
      }
      if (!dropped) {
        std::size_t write = base;
        for (std::size_t w = base; w < kept.size(); ++w)
          if (!tolerant_dominates(row(id), row(kept[w]), epsilon_, dims_)) kept[write++] = kept[w];
        compared += kept.size() - base;
        kept.resize(write);
        kept.push_back(id);
      }
      // The comparisons this point really made (each up to dims coordinates).
      if (meter_ != nullptr) meter_->charge(compared * dims_, "the skyline");
    }
  }

  const double* coords_;
  std::size_t dims_;
  const double* epsilon_;
  LexLess lex_less_;
  WorkMeter* meter_ = nullptr;
};

// Method implementations (each fills packages, method, exact, evaluated, ranges, peak_bytes),
// charging their work to the meter. The exact ones throw WorkExceeded / TimeCapReached (caught
// by pareto_frontier); linear_dp, cut by the clock, may instead return a completed partial
// layer when `complete_on_time_cap` (an approximation, stop = time_cap).
Frontier enumerate_frontier(const Scenario& scenario, const FrontierOptions& options,
                            WorkMeter& meter);
Frontier linear_dp_frontier(const Scenario& scenario, const FrontierOptions& options,
                            WorkMeter& meter);
// Upper bound on linear_dp's work (saturating), from the useful values of each issue.
std::uint64_t linear_dp_cost_bound(const Scenario& scenario, const FrontierOptions& options);
Frontier search_frontier(const Scenario& scenario, const FrontierOptions& options,
                         WorkMeter& meter);

// Quality figures of an approximation (hypervolume, distances to options.reference).
void measure_against_reference(Frontier& frontier, const FrontierOptions& options);

}  // namespace parley::detail
