// Linear-additive frontier without enumerating the space: issues are combined one at a time (in
// scenario order, so partial sums are bit-identical to LinearAdditiveUtility::utility and the
// lexicographic order of packages extends stage by stage), keeping only the non-dominated partial
// packages with a back pointer (parent partial package, value) per stage.
//
// Why pruning is exact: if partial package p is dominated by q on issues 0..s, then p + r is
// dominated by q + r for every completion r (the same differences). Ties keep the smaller
// package, which stays smaller after any common completion.
#include <cmath>

#include "analysis/frontier_internal.hpp"
#include "parley/support/error.hpp"

namespace parley::detail {
namespace {

class LinearDp {
 public:
  LinearDp(const Scenario& scenario, const FrontierOptions& options)
      : scenario_(scenario),
        options_(options),
        parties_(scenario.party_count()),
        issues_(scenario.issue_count()),
        cancel_(options.cancelled) {
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
    UtilityRange ranges;
    for (const auto* linear : linear_) {
      ranges.min.push_back(linear->min_utility());
      ranges.max.push_back(linear->max_utility());
    }
    epsilon_ = tolerance_epsilon(ranges, options.tolerance);
    parents_.resize(issues_);
    values_.resize(issues_);
  }

  Frontier run() {
    coords_.assign(parties_, 0.0);  // the empty partial package
    for (std::size_t stage = 0; stage < issues_; ++stage) {
      cancel_.poll();
      const std::vector<ValueIndex> useful = useful_values(stage);
      if (parties_ == 2)
        merge_two_parties(stage, useful);
      else
        skyline_stage(stage, useful);
      if (options_.progress)
        options_.progress(static_cast<double>(stage + 1) / static_cast<double>(issues_),
                          "linear-dp");
    }
    const std::size_t count = coords_.size() / parties_;
    std::vector<Outcome> outcomes(count, Outcome(issues_, 0));
    for (std::size_t e = 0; e < count; ++e) {
      std::uint32_t entry = static_cast<std::uint32_t>(e);
      for (std::size_t stage = issues_; stage-- > 0;) {
        outcomes[e][stage] = values_[stage][entry];
        entry = parents_[stage][entry];
      }
    }
    Frontier frontier;
    frontier.packages = make_packages(scenario_, std::move(outcomes));
    frontier.method = FrontierMethod::linear_dp;
    frontier.exact = true;
    frontier.evaluated = evaluated_;
    return frontier;
  }

 private:
  double contribution(std::size_t party, std::size_t issue, ValueIndex v) const {
    return linear_[party]->contributions(issue)[v];
  }

  // Values of the issue not dominated by another value of it (a package using a dominated value
  // is dominated by the same package using the better one); ties keep the smaller index.
  std::vector<ValueIndex> useful_values(std::size_t issue) const {
    const std::uint32_t k = scenario_.issue(issue).cardinality();
    std::vector<double> points(std::size_t{k} * parties_);
    for (ValueIndex v = 0; v < k; ++v)
      for (std::size_t j = 0; j < parties_; ++j)
        points[std::size_t{v} * parties_ + j] = contribution(j, issue, v);
    std::vector<std::uint32_t> ids(k);
    std::iota(ids.begin(), ids.end(), 0u);
    auto smaller = [](std::uint32_t a, std::uint32_t b) { return a < b; };
    Skyline<decltype(smaller)> skyline(points.data(), parties_, epsilon_.data(), smaller);
    std::vector<ValueIndex> useful = skyline.run(std::move(ids));
    std::sort(useful.begin(), useful.end());
    return useful;
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
  // sorted list; a k-way merge feeds the sweep (groups of u1 equal within epsilon).
  void merge_two_parties(std::size_t stage, const std::vector<ValueIndex>& useful) {
    const std::size_t count = coords_.size() / 2;
    const std::size_t k = useful.size();
    std::vector<double> shift1(k), shift2(k);
    for (std::size_t l = 0; l < k; ++l) {
      shift1[l] = contribution(0, stage, useful[l]);
      shift2[l] = contribution(1, stage, useful[l]);
    }
    struct Head {
      double u1;
      std::uint32_t list;
    };
    auto lower_priority = [](const Head& a, const Head& b) {
      if (a.u1 != b.u1) return a.u1 < b.u1;
      return a.list > b.list;
    };
    std::vector<Head> heap;
    std::vector<std::size_t> position(k, 0);
    for (std::uint32_t l = 0; l < k; ++l) heap.push_back({coords_[0] + shift1[l], l});
    std::make_heap(heap.begin(), heap.end(), lower_priority);

    struct Candidate {
      double u1, u2;
      std::uint32_t parent;
      ValueIndex value;
    };
    std::vector<Candidate> group;
    std::vector<double> next_coords;
    std::vector<std::uint32_t>& parents = parents_[stage];
    std::vector<ValueIndex>& values = values_[stage];
    const double eps1 = epsilon_[0], eps2 = epsilon_[1];
    double best = -INFINITY;
    while (!heap.empty()) {
      cancel_.tick();
      const double leader = heap.front().u1;
      group.clear();
      while (!heap.empty() && heap.front().u1 >= leader - eps1) {
        std::pop_heap(heap.begin(), heap.end(), lower_priority);
        Head& head = heap.back();
        const std::size_t p = position[head.list]++;
        group.push_back({head.u1, coords_[2 * p + 1] + shift2[head.list],
                         static_cast<std::uint32_t>(p), useful[head.list]});
        if (position[head.list] < count) {
          head.u1 = coords_[2 * position[head.list]] + shift1[head.list];
          std::push_heap(heap.begin(), heap.end(), lower_priority);
        } else {
          heap.pop_back();
        }
      }
      evaluated_ += group.size();
      double top = -INFINITY;
      for (const auto& c : group) top = std::max(top, c.u2);
      if (top > best + eps2) {
        const Candidate* representative = nullptr;
        for (const auto& c : group)
          if (c.u2 >= top - eps2 && (representative == nullptr ||
                                     package_less(stage, c.parent, c.value, representative->parent,
                                                  representative->value)))
            representative = &c;
        next_coords.push_back(representative->u1);
        next_coords.push_back(representative->u2);
        parents.push_back(representative->parent);
        values.push_back(representative->value);
      }
      best = std::max(best, top);
    }
    coords_ = std::move(next_coords);
  }

  // Three or more parties: every (partial package, useful value) pair, then a skyline.
  void skyline_stage(std::size_t stage, const std::vector<ValueIndex>& useful) {
    const std::size_t count = coords_.size() / parties_;
    const std::size_t candidates = count * useful.size();
    if (candidates > std::numeric_limits<std::uint32_t>::max())
      throw UnsupportedError("linear_dp: " + std::to_string(candidates) +
                             " partial packages at issue '" + scenario_.issue(stage).name() +
                             "' exceed what the skyline can index");
    std::vector<double> points(candidates * parties_);
    std::vector<std::uint32_t> candidate_parent(candidates);
    std::vector<ValueIndex> candidate_value(candidates);
    std::size_t c = 0;
    for (std::size_t p = 0; p < count; ++p)
      for (ValueIndex v : useful) {
        cancel_.tick();
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
    skyline.poll_cancelled(options_.cancelled);
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
  }

  const Scenario& scenario_;
  const FrontierOptions& options_;
  std::size_t parties_;
  std::size_t issues_;
  std::vector<const LinearAdditiveUtility*> linear_;
  std::vector<double> epsilon_;
  // The current layer's utilities, row-major (parties_ per partial package).
  std::vector<double> coords_;
  // Back pointers of every stage: parent index in the previous stage's layer, and the value.
  std::vector<std::vector<std::uint32_t>> parents_;
  std::vector<std::vector<ValueIndex>> values_;
  std::uint64_t evaluated_ = 0;
  CancelCheck cancel_;
};

}  // namespace

Frontier linear_dp_frontier(const Scenario& scenario, const FrontierOptions& options) {
  return LinearDp(scenario, options).run();
}

}  // namespace parley::detail
