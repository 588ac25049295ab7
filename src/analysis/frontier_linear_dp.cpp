// Linear-additive frontier without enumerating the space: issues are combined one at a time (in
// scenario order, so partial sums are bit-identical to LinearAdditiveUtility::utility and the
// lexicographic order of packages extends stage by stage), keeping only the non-dominated partial
// packages with a back pointer (parent partial package, value) per stage.
//
// Why pruning is exact: if partial package p is dominated by q on issues 0..s, then p + r is
// dominated by q + r for every completion r (the same differences). Ties keep the smaller
// package, which stays smaller after any common completion.
#include <algorithm>
#include <bit>
#include <cmath>

#include "analysis/frontier_internal.hpp"
#include "parley/support/error.hpp"

namespace parley::detail {
namespace {

// An unsigned integer ordered as the double is (not NaN; -0 counts as +0, as == says): the
// two-party merge's keys, compared and selected with integer masks (on doubles the compiler
// branched on every comparison of a replay, and those branches were mispredicted).
inline std::uint64_t order_key(double x) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(x + 0.0);  // -0 + 0 is +0
  constexpr std::uint64_t sign = std::uint64_t{1} << 63;
  return bits ^ ((bits & sign) != 0 ? ~std::uint64_t{0} : sign);
}

// The double of order_key's key (+0 for -0).
inline double from_order_key(std::uint64_t key) noexcept {
  constexpr std::uint64_t sign = std::uint64_t{1} << 63;
  return std::bit_cast<double>(key ^ ((key & sign) != 0 ? sign : ~std::uint64_t{0}));
}

class LinearDp {
 public:
  LinearDp(const Scenario& scenario, const FrontierOptions& options, WorkMeter* meter)
      : scenario_(scenario),
        options_(options),
        parties_(scenario.party_count()),
        issues_(scenario.issue_count()),
        meter_(meter) {
    for (std::size_t j = 0; j < parties_; ++j) {
      const auto* linear = scenario.party(j).utility->as_linear_additive();
      if (linear == nullptr)
        throw UnsupportedError("linear_dp: party '" + scenario.party(j).name + "' of '" +
                               scenario.name() + "' has a " +
                               scenario.party(j).utility->kind_name() +
                               " utility, not a linear-additive one (use enumeration or "
                               "anytime_search)");
      linear_.push_back(linear);
    }
    for (const auto* linear : linear_) {
      ranges_.min.push_back(linear->min_utility());
      ranges_.max.push_back(linear->max_utility());
    }
    epsilon_ = tolerance_epsilon(ranges_, options.tolerance);
    parents_.resize(issues_);
    values_.resize(issues_);
  }

  // Whether the parties pull in opposite directions between values a and b of an issue (some
  // contribution rises by more than the tolerance while another falls): see candidate_values.
  bool conflicting(std::size_t issue, ValueIndex a, ValueIndex b) const {
    bool rises = false, falls = false;
    for (std::size_t j = 0; j < parties_; ++j) {
      const double delta = contribution(j, issue, b) - contribution(j, issue, a);
      rises = rises || delta > epsilon_[j];
      falls = falls || delta < -epsilon_[j];
    }
    return rises && falls;
  }

  // At most this many values of the issue can be useful: its cardinality, or for an analytic
  // issue the candidates above (counted without listing them).
  std::uint64_t useful_bound(std::size_t issue) const {
    const std::vector<ValueIndex> ends = union_breakpoints(linear_, issue);
    if (ends.empty()) return scenario_.issue(issue).cardinality();
    std::uint64_t count = ends.size();
    for (std::size_t b = 0; b + 1 < ends.size(); ++b) {
      if (ends[b + 1] - ends[b] < 2) continue;
      if (conflicting(issue, ends[b], ends[b + 1])) count += ends[b + 1] - ends[b] - 1;
    }
    return count;
  }

  // Upper bound on the work of run(): every stage combines at most the product of the useful
  // value counts so far (saturating at 2^62), and the frontier's packages are stored. Reads only
  // the issue sizes (and breakpoints): no skyline is computed.
  std::uint64_t cost_bound() {
    constexpr std::uint64_t cap = std::uint64_t{1} << 62;
    auto times = [](std::uint64_t a, std::uint64_t b) {
      return (a == 0 || b == 0) ? 0 : (a > cap / b ? cap : a * b);
    };
    std::uint64_t layer = 1, total = 0;
    for (std::size_t stage = 0; stage < issues_; ++stage) {
      const std::uint64_t useful = useful_bound(stage);
      const std::uint64_t candidates = times(layer, useful);
      std::uint64_t log = 1;
      while (log < 62 && (std::uint64_t{1} << log) < candidates) ++log;
      // Combining (parties units each), then the skyline: a sort (2-3 parties) or the window,
      // whose comparisons are bounded by candidates x kept layer.
      const std::uint64_t skyline =
          parties_ <= 3 ? times(candidates, log) : times(candidates, candidates);
      total = std::min(cap, total + times(candidates, parties_ * 9 + 12) +
                                times(skyline, parties_) + times(useful, parties_ * 24));
      layer = candidates;
    }
    return std::min(cap, total + times(layer, package_bytes(scenario_)));
  }

  Frontier run() {
    coords_.assign(parties_, 0.0);  // the empty partial package
    for (std::size_t stage = 0; stage < issues_; ++stage) {
      meter_->poll();
      if (meter_->time_capped()) return complete_from(stage);
      try {
        const std::vector<ValueIndex> useful = useful_values(stage);
        if (parties_ == 2)
          merge_two_parties(stage, useful);
        else
          skyline_stage(stage, useful);
      } catch (const TimeCapReached&) {
        return complete_from(stage);
      }
      peak_bytes_ = std::max(peak_bytes_, layer_bytes());
      meter_->hold(peak_bytes_);
      if (options_.progress)
        options_.progress(static_cast<double>(stage + 1) / static_cast<double>(issues_),
                          "linear-dp");
    }
    Frontier frontier = assemble(true);
    frontier.peak_bytes = std::max<std::uint64_t>(
        peak_bytes_, layer_bytes() + frontier.packages.size() * package_bytes(scenario_));
    return frontier;
  }

 private:
  std::uint64_t layer_bytes() const {
    std::uint64_t bytes = coords_.size() * sizeof(double);
    for (std::size_t s = 0; s < issues_; ++s)
      bytes += parents_[s].size() * (sizeof(std::uint32_t) + sizeof(ValueIndex));
    return bytes;
  }

  // The clock stopped the combination at `stage`: finish every partial package of the last
  // complete layer with, on each remaining issue, the value of largest total relative
  // contribution (sum over parties of contribution / range). An approximation (stop = time_cap).
  Frontier complete_from(std::size_t stage) {
    for (std::size_t s = stage; s < issues_; ++s) {
      const std::uint32_t k = scenario_.issue(s).cardinality();
      ValueIndex best = 0;
      double best_score = -INFINITY;
      for (ValueIndex v = 0; v < k; ++v) {
        double score = 0.0;
        for (std::size_t j = 0; j < parties_; ++j) {
          const double range = ranges_.max[j] - ranges_.min[j];
          score += contribution(j, s, v) / (range > 0.0 ? range : 1.0);
        }
        if (score > best_score) best_score = score, best = v;
      }
      const std::size_t count = coords_.size() / parties_;
      parents_[s].resize(count);
      values_[s].assign(count, best);
      std::iota(parents_[s].begin(), parents_[s].end(), 0u);
    }
    // The completed packages may dominate one another: keep the non-dominated ones.
    Frontier frontier = assemble(false);
    std::vector<double> coords;
    for (const auto& package : frontier.packages)
      coords.insert(coords.end(), package.utilities.begin(), package.utilities.end());
    auto lex_less = [&](std::uint32_t a, std::uint32_t b) {
      return frontier.packages[a].outcome < frontier.packages[b].outcome;
    };
    Skyline<decltype(lex_less)> skyline(coords.data(), parties_, epsilon_.data(), lex_less);
    std::vector<std::uint32_t> ids(frontier.packages.size());
    std::iota(ids.begin(), ids.end(), 0u);
    std::vector<Outcome> kept;
    for (auto id : skyline.run(std::move(ids))) kept.push_back(frontier.packages[id].outcome);
    frontier.packages = make_packages(scenario_, std::move(kept));
    return frontier;
  }

  Frontier assemble(bool exact) {
    const std::size_t count = coords_.size() / parties_;
    if (exact) meter_->charge(count * package_bytes(scenario_), "storing the frontier's packages");
    // Back pointers followed one stage at a time for a block of packages: the block's outcomes
    // stay in cache while every stage writes one value into each (a whole layer at a time missed
    // the cache on every write once the outcomes outgrew it), and neighbouring packages share
    // most of their ancestors, so each stage's arrays are read over a short stretch.
    std::vector<Outcome> outcomes(count, Outcome(issues_, 0));
    std::vector<std::uint32_t> entry(count);
    std::iota(entry.begin(), entry.end(), 0u);
    constexpr std::size_t block = 256;
    for (std::size_t begin = 0; begin < count; begin += block) {
      const std::size_t end = std::min(count, begin + block);
      for (std::size_t stage = issues_; stage-- > 0;) {
        const auto& stage_values = values_[stage];
        const auto& stage_parents = parents_[stage];
        for (std::size_t e = begin; e < end; ++e) {
          outcomes[e][stage] = stage_values[entry[e]];
          entry[e] = stage_parents[entry[e]];
        }
      }
    }
    Frontier frontier;
    if (exact) {
      // The layer's utilities are the packages' utilities, bit for bit (partial sums from 0.0 in
      // issue order, as LinearAdditiveUtility::utility adds them): no re-evaluation.
      frontier.packages.resize(count);
      for (std::size_t e = 0; e < count; ++e) {
        auto& package = frontier.packages[e];
        package.utilities.assign(coords_.begin() + static_cast<std::ptrdiff_t>(e * parties_),
                                 coords_.begin() + static_cast<std::ptrdiff_t>((e + 1) * parties_));
        package.outcome = std::move(outcomes[e]);
      }
      sort_packages(frontier.packages);
    } else {
      frontier.packages = make_packages(scenario_, std::move(outcomes));
    }
    frontier.method = FrontierMethod::linear_dp;
    frontier.exact = exact;
    frontier.stop = exact ? StopReason::finished : StopReason::time_cap;
    frontier.evaluated = evaluated_;
    frontier.ranges = ranges_;
    frontier.peak_bytes = peak_bytes_;
    return frontier;
  }

  double contribution(std::size_t party, std::size_t issue, ValueIndex v) const {
    return linear_[party]->contribution(issue, v);
  }

  // Values of the issue not dominated by another value of it (a package using a dominated value
  // is dominated by the same package using the better one); ties keep the smaller index.
  std::vector<ValueIndex> useful_values(std::size_t issue) const {
    const std::vector<ValueIndex> candidates = candidate_values(issue);
    const std::size_t n = candidates.size();
    if (meter_ != nullptr) {
      // Charged before anything is allocated: the values' utilities, and for 2-3 parties the
      // sort of the skyline (more parties: the window charges its comparisons as it goes).
      std::uint64_t log = 1;
      while ((std::size_t{1} << log) < n) ++log;
      meter_->charge(std::uint64_t{n} * parties_ * (parties_ <= 3 ? 1 + log : 1),
                     "the useful values of an issue");
    }
    if (meter_ != nullptr) meter_->hold(n * (parties_ * sizeof(double) + 8));
    std::vector<double> points(n * parties_);
    for (std::size_t c = 0; c < n; ++c)
      for (std::size_t j = 0; j < parties_; ++j)
        points[c * parties_ + j] = contribution(j, issue, candidates[c]);
    std::vector<std::uint32_t> ids(n);
    std::iota(ids.begin(), ids.end(), 0u);
    // Candidates are in increasing value order, so positions compare like values.
    auto smaller = [](std::uint32_t a, std::uint32_t b) { return a < b; };
    Skyline<decltype(smaller)> skyline(points.data(), parties_, epsilon_.data(), smaller);
    if (meter_ != nullptr && parties_ > 3) skyline.charge_to(meter_);
    std::vector<ValueIndex> useful;
    for (auto position : skyline.run(std::move(ids))) useful.push_back(candidates[position]);
    std::sort(useful.begin(), useful.end());
    return useful;
  }

  // The values of an issue that may be useful, in increasing order. Tabulated issues: every
  // value. Issues every party evaluates analytically (huge numeric issues): the breakpoints, plus
  // the inside of each stretch between two consecutive breakpoints where the parties pull in
  // opposite directions (some contribution rises while another falls); on a stretch where none
  // falls the right end is at least as good as every inside value for everyone, where none
  // rises the left end is, so their inside values are dominated or tied by an end (in a tie the
  // left end, the smaller value, represents them; a stretch whose ends differ by less than the
  // tolerance is one tie). Without this, a 16 M-value issue costs 16 M candidates even when
  // both parties simply want more of it.
  std::vector<ValueIndex> candidate_values(std::size_t issue) const {
    const std::vector<ValueIndex> ends = union_breakpoints(linear_, issue);
    std::vector<ValueIndex> values;
    if (ends.empty()) {
      values.resize(scenario_.issue(issue).cardinality());
      std::iota(values.begin(), values.end(), ValueIndex{0});
      return values;
    }
    for (std::size_t b = 0; b < ends.size(); ++b) {
      values.push_back(ends[b]);
      if (b + 1 == ends.size() || ends[b + 1] - ends[b] < 2) continue;
      if (conflicting(issue, ends[b], ends[b + 1])) {
        if (meter_ != nullptr) meter_->charge(ends[b + 1] - ends[b], "a conflicting stretch");
        for (ValueIndex v = ends[b] + 1; v < ends[b + 1]; ++v) values.push_back(v);
      }
    }
    return values;
  }

  // Package order of two candidates of this stage: (parent at stage-1, value).
  bool package_less(std::size_t stage, std::uint32_t parent_a, ValueIndex value_a,
                    std::uint32_t parent_b, ValueIndex value_b) const {
    int decided = value_a < value_b ? -1 : (value_a > value_b ? 1 : 0);
    std::size_t s = stage;
    while (parent_a != parent_b) {
      --s;  // parents differ, so stage >= 1 here: the root is shared
      const ValueIndex a = values_[s][parent_a], b = values_[s][parent_b];
      if (a != b) decided = a < b ? -1 : 1;
      parent_a = parents_[s][parent_a];
      parent_b = parents_[s][parent_b];
    }
    return decided < 0;
  }

  // Two parties: the layer is sorted by u1 descending; each useful value shifts it into another
  // sorted list; a k-way merge of the lists (a tournament tree of losers: about log2(k)
  // comparisons per candidate, no reordering of the lists' heads) feeds the sweep (groups of u1
  // equal within epsilon). The merged order is u1 descending, ties by list then position; a
  // group depends only on the u1 values, so any exact merge gives the same layer.
  void merge_two_parties(std::size_t stage, const std::vector<ValueIndex>& useful) {
    const std::size_t count = coords_.size() / 2;
    const std::size_t k = useful.size();
    std::vector<double> shift1(k), shift2(k);
    for (std::size_t l = 0; l < k; ++l) {
      shift1[l] = contribution(0, stage, useful[l]);
      shift2[l] = contribution(1, stage, useful[l]);
    }
    // key[l]: the order key of the u1 of list l's next candidate, of -infinity once the list is
    // exhausted (utilities are finite). Candidate (key a, list i) comes before (key b, list j)
    // when a > b, or a == b and i < j.
    const std::uint64_t exhausted = order_key(-INFINITY);
    std::vector<std::uint64_t> key(k);
    std::vector<std::size_t> position(k, 0);
    for (std::size_t l = 0; l < k; ++l)
      key[l] = count > 0 ? order_key(coords_[0] + shift1[l]) : exhausted;
    auto before = [](std::uint64_t a, std::uint32_t i, std::uint64_t b, std::uint32_t j) {
      return (a > b) | ((a == b) & (i < j));
    };
    // Loser tree: internal nodes 1..k-1 (children 2i, 2i + 1; list l is leaf k + l) hold the
    // loser of the match played there (its key beside it, so a replay reads only its path);
    // (win_key, win) is the overall first.
    std::vector<std::uint64_t> loser_key(std::max<std::size_t>(k, 1));
    std::vector<std::uint32_t> loser(std::max<std::size_t>(k, 1), 0);
    std::uint32_t win = 0;
    {
      std::vector<std::uint32_t> wins(2 * k);
      for (std::uint32_t l = 0; l < k; ++l) wins[k + l] = l;
      for (std::size_t i = k; i-- > 1;) {
        const std::uint32_t a = wins[2 * i], b = wins[2 * i + 1];
        const bool a_first = before(key[a], a, key[b], b);
        wins[i] = a_first ? a : b;
        loser[i] = a_first ? b : a;
        loser_key[i] = key[loser[i]];
      }
      win = k > 1 ? wins[1] : 0;
    }
    std::uint64_t win_key = k > 0 ? key[win] : exhausted;
    // List `list` has a new key: replay its path (branch-free selects).
    auto replay = [&](std::uint32_t list, std::uint64_t list_key) {
      std::uint32_t c = list;
      std::uint64_t c_key = list_key;
      for (std::size_t node = (k + list) / 2; node >= 1; node /= 2) {
        const std::uint32_t o = loser[node];
        const std::uint64_t o_key = loser_key[node];
        // Selects by masks and unconditional stores: written as conditionals, even on integer
        // keys, the compiler branched on the comparison.
        const std::uint64_t swap =
            std::uint64_t{o_key > c_key} | (std::uint64_t{o_key == c_key} & std::uint64_t{o < c});
        const std::uint64_t key_flip = (o_key ^ c_key) & (0 - swap);
        const std::uint32_t list_flip = (o ^ c) & (0u - static_cast<std::uint32_t>(swap));
        loser[node] = o ^ list_flip;
        loser_key[node] = o_key ^ key_flip;
        c ^= list_flip;
        c_key ^= key_flip;
      }
      win = c;
      win_key = c_key;
    };

    struct Candidate {
      double u1, u2;
      std::uint32_t parent;
      ValueIndex value;
    };
    // Takes the first candidate of the merge and advances its list.
    auto take = [&]() -> Candidate {
      const std::uint32_t l = win;
      const std::size_t p = position[l]++;
      // The u1 as the layer's sum gives it (win_key may hold -0 as +0).
      const Candidate c{coords_[2 * p] + shift1[l], coords_[2 * p + 1] + shift2[l],
                        static_cast<std::uint32_t>(p), useful[l]};
      replay(l, position[l] < count ? order_key(coords_[2 * position[l]] + shift1[l]) : exhausted);
      return c;
    };
    std::vector<Candidate> group;
    // The next layer goes into the previous layer's buffer (no fresh pages at every stage).
    std::vector<double>& next_coords = spare_coords_;
    next_coords.clear();
    std::vector<std::uint32_t>& parents = parents_[stage];
    std::vector<ValueIndex>& values = values_[stage];
    next_coords.reserve(2 * count + 2 * k);
    parents.reserve(count + k);
    values.reserve(count + k);
    const double eps1 = epsilon_[0], eps2 = epsilon_[1];
    const std::uint64_t step_units = 2 + heap_log(k);
    std::size_t remaining = count * k;
    double best = -INFINITY;
    auto keep = [&](const Candidate& c) {
      meter_->charge(2 * sizeof(double) + 8, "storing partial packages");
      next_coords.push_back(c.u1);
      next_coords.push_back(c.u2);
      parents.push_back(c.parent);
      values.push_back(c.value);
    };
    while (remaining > 0) {
      const double leader = from_order_key(win_key);
      const Candidate first = take();
      --remaining;
      if (remaining == 0 || from_order_key(win_key) < leader - eps1) {
        // A group of one (nearly always).
        evaluated_ += 1;
        meter_->charge(step_units, "combining two parties' partial packages");
        if (first.u2 > best + eps2) keep(first);
        best = std::max(best, first.u2);
        continue;
      }
      group.clear();
      group.push_back(first);
      while (remaining > 0 && from_order_key(win_key) >= leader - eps1) {
        group.push_back(take());
        --remaining;
      }
      evaluated_ += group.size();
      // Each candidate: a merge step (charged as log k) and its two utilities.
      meter_->charge(group.size() * step_units, "combining two parties' partial packages");
      double top = -INFINITY;
      for (const auto& c : group) top = std::max(top, c.u2);
      if (top > best + eps2) {
        const Candidate* representative = nullptr;
        for (const auto& c : group)
          if (c.u2 >= top - eps2 && (representative == nullptr ||
                                     package_less(stage, c.parent, c.value, representative->parent,
                                                  representative->value)))
            representative = &c;
        keep(*representative);
      }
      best = std::max(best, top);
    }
    std::swap(coords_, next_coords);
  }

  static std::uint64_t heap_log(std::size_t k) {
    std::uint64_t log = 1;
    while ((std::size_t{1} << log) < k) ++log;
    return log;
  }

  // Three or more parties: every (partial package, useful value) pair, then a skyline.
  void skyline_stage(std::size_t stage, const std::vector<ValueIndex>& useful) {
    const std::size_t count = coords_.size() / parties_;
    const std::size_t candidates = count * useful.size();
    // Each candidate's utilities, then its memory (utilities, parent, value, id).
    meter_->charge(candidates * parties_ + candidates * (parties_ * sizeof(double) + 12),
                   "combining partial packages");
    if (candidates > std::numeric_limits<std::uint32_t>::max())
      throw WorkExceeded{"combining partial packages (more than 2^32 at one issue)"};
    std::vector<double> points(candidates * parties_);
    std::vector<std::uint32_t> candidate_parent(candidates);
    std::vector<ValueIndex> candidate_value(candidates);
    std::size_t c = 0;
    for (std::size_t p = 0; p < count; ++p)
      for (ValueIndex v : useful) {
        for (std::size_t j = 0; j < parties_; ++j)
          points[c * parties_ + j] = coords_[p * parties_ + j] + contribution(j, stage, v);
        candidate_parent[c] = static_cast<std::uint32_t>(p);
        candidate_value[c] = v;
        ++c;
      }
    evaluated_ += candidates;
    auto less = [&](std::uint32_t a, std::uint32_t b) {
      return package_less(stage, candidate_parent[a], candidate_value[a], candidate_parent[b],
                          candidate_value[b]);
    };
    Skyline<decltype(less)> skyline(points.data(), parties_, epsilon_.data(), less);
    skyline.charge_to(meter_);
    std::vector<std::uint32_t> ids(candidates);
    std::iota(ids.begin(), ids.end(), 0u);
    const std::vector<std::uint32_t> kept = skyline.run(std::move(ids));
    std::vector<double> next_coords(kept.size() * parties_);
    parents_[stage].resize(kept.size());
    values_[stage].resize(kept.size());
    for (std::size_t e = 0; e < kept.size(); ++e) {
      std::copy_n(points.data() + std::size_t{kept[e]} * parties_, parties_,
                  next_coords.data() + e * parties_);
      parents_[stage][e] = candidate_parent[kept[e]];
      values_[stage][e] = candidate_value[kept[e]];
    }
    coords_ = std::move(next_coords);
    peak_bytes_ = std::max<std::uint64_t>(
        peak_bytes_, layer_bytes() + candidates * (parties_ * sizeof(double) + 12));
    meter_->hold(peak_bytes_);
  }

  const Scenario& scenario_;
  const FrontierOptions& options_;
  std::size_t parties_;
  std::size_t issues_;
  std::vector<const LinearAdditiveUtility*> linear_;
  std::vector<double> epsilon_;
  // The current layer's utilities, row-major (parties_ per partial package), and the buffer the
  // two-party merge fills with the next one.
  std::vector<double> coords_, spare_coords_;
  // Back pointers of every stage: parent index in the previous stage's layer, and the value.
  std::vector<std::vector<std::uint32_t>> parents_;
  std::vector<std::vector<ValueIndex>> values_;
  std::uint64_t evaluated_ = 0;
  std::uint64_t peak_bytes_ = 0;
  UtilityRange ranges_;
  WorkMeter* meter_ = nullptr;
};

}  // namespace

Frontier linear_dp_frontier(const Scenario& scenario, const FrontierOptions& options,
                            WorkMeter& meter) {
  return LinearDp(scenario, options, &meter).run();
}

std::uint64_t linear_dp_cost_bound(const Scenario& scenario, const FrontierOptions& options) {
  return LinearDp(scenario, options, nullptr).cost_bound();
}

}  // namespace parley::detail
