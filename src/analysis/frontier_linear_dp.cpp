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
    // The block's outcomes are written into one array, row by row, and each package's outcome
    // made from its row (no outcome is allocated zeroed and then overwritten).
    std::vector<Outcome> outcomes(count);
    std::vector<std::uint32_t> entry(count);
    std::iota(entry.begin(), entry.end(), 0u);
    constexpr std::size_t block = 256;
    std::vector<ValueIndex> rows(std::min(block, count) * issues_);
    for (std::size_t begin = 0; begin < count; begin += block) {
      const std::size_t end = std::min(count, begin + block);
      for (std::size_t stage = issues_; stage-- > 0;) {
        const auto& stage_values = values_[stage];
        const auto& stage_parents = parents_[stage];
        ValueIndex* row = rows.data() + stage;
        for (std::size_t e = begin; e < end; ++e, row += issues_) {
          *row = stage_values[entry[e]];
          entry[e] = stage_parents[entry[e]];
        }
      }
      for (std::size_t e = begin; e < end; ++e) {
        const auto row = rows.begin() + static_cast<std::ptrdiff_t>((e - begin) * issues_);
        outcomes[e].assign(row, row + static_cast<std::ptrdiff_t>(issues_));
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
  // equal within epsilon). The merged order is u1 descending; candidates of equal u1 come in any
  // order, which changes nothing: a group is every candidate within epsilon of its leader's u1
  // (the same set whatever the order among equal u1), and what the sweep keeps of a group, and
  // charges for it, does not depend on the order inside it.
  void merge_two_parties(std::size_t stage, const std::vector<ValueIndex>& useful) {
    const std::size_t count = coords_.size() / 2;
    const std::size_t k = useful.size();
    std::vector<double> shift1(k), shift2(k);
    for (std::size_t l = 0; l < k; ++l) {
      shift1[l] = contribution(0, stage, useful[l]);
      shift2[l] = contribution(1, stage, useful[l]);
    }
    // The order key of the u1 of list l's candidate at position p, or of -infinity past the
    // list's end (utilities are finite).
    const std::uint64_t exhausted = order_key(-INFINITY);
    auto key_at = [&](std::size_t l, std::size_t p) {
      return p < count ? order_key(coords_[2 * p] + shift1[l]) : exhausted;
    };
    // position[l]: list l's first candidate not yet taken; after[l]: the key of the one after it
    // (computed ahead, so that taking a candidate does not wait for its successor's sum).
    std::vector<std::size_t> position(k, 0);
    std::vector<std::uint64_t> after(k);
    for (std::size_t l = 0; l < k; ++l) after[l] = key_at(l, 1);
    // Loser tree over `width` leaves, k rounded up to a power of two (the lists past k are empty):
    // every replay then climbs the same number of levels, a loop whose end the processor
    // predicts (with k leaves the depth depends on the list, which is what comes next, and the
    // loop's exit was mispredicted). Internal nodes 1..width-1 (children 2i, 2i + 1; list l is
    // leaf width + l) hold the loser of the match played there (its key beside it, so a replay
    // reads only its path); (win_key, win) is the overall first. An empty list's key is the
    // smallest of all: it never comes first while a candidate is left.
    const std::size_t width = std::bit_ceil(std::max<std::size_t>(k, 1));
    std::vector<std::uint64_t> loser_key(width);
    std::vector<std::uint32_t> loser(width, 0);
    std::uint32_t win = 0;
    std::uint64_t win_key = exhausted;
    {
      std::vector<std::uint32_t> wins(2 * width);
      std::vector<std::uint64_t> win_keys(2 * width);
      for (std::uint32_t l = 0; l < width; ++l) {
        wins[width + l] = l;
        win_keys[width + l] = l < k ? key_at(l, 0) : exhausted;
      }
      for (std::size_t i = width; i-- > 1;) {
        const bool left_first = win_keys[2 * i] >= win_keys[2 * i + 1];
        wins[i] = wins[left_first ? 2 * i : 2 * i + 1];
        win_keys[i] = win_keys[left_first ? 2 * i : 2 * i + 1];
        loser[i] = wins[left_first ? 2 * i + 1 : 2 * i];
        loser_key[i] = win_keys[left_first ? 2 * i + 1 : 2 * i];
      }
      win = wins[width > 1 ? 1 : width];
      win_key = win_keys[width > 1 ? 1 : width];
    }
    // List `list` has a new key: replay its path. Ties go either way (see above), so a match is
    // one comparison of keys: a replay is a chain of about four instructions per level.
    auto replay = [&](std::uint32_t list, std::uint64_t list_key) {
      std::uint32_t c = list;
      std::uint64_t c_key = list_key;
      for (std::size_t node = (width + list) / 2; node >= 1; node /= 2) {
        const std::uint32_t o = loser[node];
        const std::uint64_t o_key = loser_key[node];
        // Selects by a mask and unconditional stores: written as conditionals (or as a minimum
        // and a maximum), the compiler branched on the comparison, and mispredicted.
        std::uint64_t mask = 0 - std::uint64_t{o_key > c_key};
        asm("" : "+r"(mask));  // keeps the compiler from turning the mask back into a branch
        const std::uint64_t key_flip = (o_key ^ c_key) & mask;
        const std::uint32_t list_flip = (o ^ c) & static_cast<std::uint32_t>(mask);
        loser_key[node] = o_key ^ key_flip;
        loser[node] = o ^ list_flip;
        c_key ^= key_flip;
        c ^= list_flip;
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
      replay(l, after[l]);
      after[l] = key_at(l, p + 2);
      // The u1 as the layer's sum gives it (a key holds -0 as +0).
      return Candidate{coords_[2 * p] + shift1[l], coords_[2 * p + 1] + shift2[l],
                       static_cast<std::uint32_t>(p), useful[l]};
    };
    std::vector<Candidate> group;
    // The next layer goes into the previous layer's buffer, and the back pointers into buffers
    // kept from stage to stage (no fresh pages, nothing zeroed at every stage); the stage's back
    // pointers are copied out when it ends, exactly as many as were kept. A stage that throws
    // leaves no back pointers: the layer being built is dropped.
    LayerOut out = layer_room(count + k);
    std::size_t kept = 0;
    // Writes the candidate where the next kept one goes, whether or not it is kept.
    auto write = [&](const Candidate& c) {
      if (kept == out.room) [[unlikely]]
        out = layer_room(2 * out.room);
      out.coords[2 * kept] = c.u1;
      out.coords[2 * kept + 1] = c.u2;
      out.parents[kept] = c.parent;
      out.values[kept] = c.value;
    };
    const double eps1 = epsilon_[0], eps2 = epsilon_[1];
    const std::uint64_t step_units = 2 + heap_log(k);
    constexpr std::uint64_t keep_units = 2 * sizeof(double) + 8;
    const std::size_t candidates = count * k;
    std::size_t remaining = candidates;
    double best = -INFINITY;
    // evaluated_ counts the candidates taken (the group being charged included) when a charge
    // throws, as it did when it counted them one by one.
    struct CountTaken {
      std::uint64_t& evaluated;
      const std::size_t& remaining;
      std::size_t candidates;
      ~CountTaken() { evaluated += candidates - remaining; }
    } count_taken{evaluated_, remaining, candidates};
    while (remaining > 0) {
      // Groups of one (nearly every candidate) are taken in a loop that calls nothing, so that
      // its state stays in registers (the calls below made the compiler keep `best` and `kept`
      // in memory, a chain through memory at every candidate). It stops at a group of two or
      // more, at a charge that would poll or pass the allowance (made below by the meter itself,
      // as every charge was), or with the buffers full. A candidate is written, then counted
      // only if kept: no branch on whether it is (about one time in k, unpredictably).
      double leader = 0.0;
      Candidate first{};
      bool alone = false;
      bool stopped = false;
      {
        double stretch_best = best;
        std::size_t stretch_kept = kept, stretch_remaining = remaining;
        const std::uint64_t quiet = meter_->quiet_room();
        std::uint64_t spent = 0;
        while (stretch_remaining > 0) {
          leader = from_order_key(win_key);
          first = take();
          --stretch_remaining;
          alone = stretch_remaining == 0 || from_order_key(win_key) < leader - eps1;
          const bool keeps = first.u2 > stretch_best + eps2;
          const std::uint64_t units = step_units + (keeps ? keep_units : 0);
          if (!alone || stretch_kept == out.room || units > quiet - spent) {
            stopped = true;
            break;
          }
          spent += units;
          out.coords[2 * stretch_kept] = first.u1;
          out.coords[2 * stretch_kept + 1] = first.u2;
          out.parents[stretch_kept] = first.parent;
          out.values[stretch_kept] = first.value;
          stretch_kept += keeps ? 1 : 0;
          stretch_best = std::max(stretch_best, first.u2);
        }
        best = stretch_best;
        kept = stretch_kept;
        remaining = stretch_remaining;
        meter_->add_quietly(spent);
      }
      if (!stopped) break;
      if (alone) {
        // A group of one whose charge the meter makes (it may poll or throw), or the buffers
        // are full.
        write(first);
        const bool keeps = first.u2 > best + eps2;
        meter_->charge_both(step_units, "combining two parties' partial packages",
                            keeps ? keep_units : 0, "storing partial packages");
        kept += keeps ? 1 : 0;
        best = std::max(best, first.u2);
        continue;
      }
      group.clear();
      group.push_back(first);
      while (remaining > 0 && from_order_key(win_key) >= leader - eps1) {
        group.push_back(take());
        --remaining;
      }
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
        meter_->charge(keep_units, "storing partial packages");
        write(*representative);
        ++kept;
      }
      best = std::max(best, top);
    }
    spare_coords_.resize(2 * kept);
    parents_[stage].assign(out.parents, out.parents + kept);
    values_[stage].assign(out.values, out.values + kept);
    std::swap(coords_, spare_coords_);
  }

  // Where the two-party merge writes the layer it builds: room for `room` partial packages.
  struct LayerOut {
    double* coords;
    std::uint32_t* parents;
    ValueIndex* values;
    std::size_t room;
  };
  // The buffers grown to hold `room` (what they hold is kept).
  [[gnu::noinline]] LayerOut layer_room(std::size_t room) {
    if (spare_coords_.size() < 2 * room) spare_coords_.resize(2 * room);
    if (scratch_parents_.size() < room) {
      scratch_parents_.resize(room);
      scratch_values_.resize(room);
    }
    return {spare_coords_.data(), scratch_parents_.data(), scratch_values_.data(), room};
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
  // The two-party merge's back pointers while a stage is built (kept across stages).
  std::vector<std::uint32_t> scratch_parents_;
  std::vector<ValueIndex> scratch_values_;
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
