#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <ranges>

#include "negotiate/enum_names.hpp"
#include "parley/negotiate/negotiator.hpp"
#include "parley/support/error.hpp"

namespace parley {

namespace {

// Sorts (utility, outcome) rows by utility, then lexicographically by outcome (= index order).
// rows_in_index_order: the rows were produced in index order, so the row number breaks ties.
void sort_rows(std::size_t issues, std::vector<double>& utilities, std::vector<ValueIndex>& values,
               bool deduplicate, bool rows_in_index_order) {
  const std::size_t n = utilities.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  auto less_outcome = [&](std::uint32_t a, std::uint32_t b) {
    if (rows_in_index_order) return a < b;
    return std::lexicographical_compare(
        values.begin() + a * issues, values.begin() + (a + 1) * issues, values.begin() + b * issues,
        values.begin() + (b + 1) * issues);
  };
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (utilities[a] != utilities[b]) return utilities[a] < utilities[b];
    return less_outcome(a, b);
  });
  std::vector<double> sorted_utilities;
  std::vector<ValueIndex> sorted_values;
  sorted_utilities.reserve(n);
  sorted_values.reserve(n * issues);
  for (std::size_t k = 0; k < n; ++k) {
    const auto row = order[k];
    if (deduplicate && k > 0) {
      const auto previous = order[k - 1];
      if (utilities[previous] == utilities[row] &&
          std::equal(values.begin() + row * issues, values.begin() + (row + 1) * issues,
                     values.begin() + previous * issues))
        continue;
    }
    sorted_utilities.push_back(utilities[row]);
    sorted_values.insert(sorted_values.end(), values.begin() + row * issues,
                         values.begin() + (row + 1) * issues);
  }
  utilities = std::move(sorted_utilities);
  values = std::move(sorted_values);
}

// First index in [first, last) where pred turns false (pred true on a prefix).
template <class Pred>
std::uint32_t partition_index(std::uint32_t first, std::uint32_t last, Pred&& pred) {
  return *std::ranges::partition_point(std::views::iota(first, last + 1),
                                       [&](std::uint32_t v) { return v < last && pred(v); });
}

// The values of one issue whose contribution is closest to a wanted one, in O(log values):
// candidates() yields, for the closest contribution at or above the wanted one and the closest
// below it, the smallest value index holding it. A tabulated issue keeps its value indices sorted
// by (contribution, index) (4 bytes a value, for the time of the build); an analytic issue keeps
// nothing: its contribution is monotone between consecutive breakpoints, so each such segment is
// inverted by binary search.
class ClosestValues {
 public:
  ClosestValues(const LinearAdditiveUtility& u, std::size_t issue) : u_(&u), issue_(issue) {
    if (!u.tabulated(issue)) return;
    const double* table = u.contributions(issue);
    order_.resize(u.value_count(issue));
    std::iota(order_.begin(), order_.end(), ValueIndex{0});
    std::sort(order_.begin(), order_.end(), [table](ValueIndex a, ValueIndex b) {
      return table[a] != table[b] ? table[a] < table[b] : a < b;
    });
  }

  void candidates(double wanted, std::vector<ValueIndex>& out) const {
    out.clear();
    if (u_->tabulated(issue_)) {
      const double* table = u_->contributions(issue_);
      auto below = [table](ValueIndex v, double x) { return table[v] < x; };
      const auto at_or_above = std::lower_bound(order_.begin(), order_.end(), wanted, below);
      if (at_or_above != order_.end()) out.push_back(*at_or_above);
      if (at_or_above != order_.begin()) {
        const double lower = table[*(at_or_above - 1)];
        out.push_back(*std::lower_bound(order_.begin(), at_or_above, lower, below));
      }
      return;
    }
    auto c = [this](ValueIndex v) { return u_->contribution(issue_, v); };
    const auto& points = u_->breakpoints(issue_);
    if (points.size() == 1) out.push_back(points[0]);
    for (std::size_t k = 0; k + 1 < points.size(); ++k) {
      const ValueIndex first = points[k], last = points[k + 1];
      const double c_first = c(first), c_last = c(last);
      if (c_first == c_last) {  // monotone with equal ends: constant
        out.push_back(first);
        continue;
      }
      const bool rising = c_first < c_last;
      // v: the first value reaching `wanted` (none before it does, so it is also the first
      // value holding its contribution); v - 1 the last one short of it.
      const ValueIndex v = partition_index(
          first, last + 1, [&](ValueIndex x) { return rising ? c(x) < wanted : c(x) > wanted; });
      if (v <= last) out.push_back(v);
      if (v > first) {
        const double short_of = c(v - 1);
        out.push_back(partition_index(first, v - 1, [&](ValueIndex x) {
          return rising ? c(x) < short_of : c(x) > short_of;
        }));
      }
    }
  }

 private:
  const LinearAdditiveUtility* u_;
  std::size_t issue_;
  std::vector<ValueIndex> order_;
};

// Greedy single-issue swaps from `current` towards a target utility (linear-additive): at each
// step the swap that brings the utility closest to the target (by more than 1e-15; ties to the
// first issue, then the smallest value index), until no swap improves.
void greedy_towards(const LinearAdditiveUtility& u, const std::vector<ClosestValues>& closest,
                    double target, Outcome& current, std::vector<ValueIndex>& candidates) {
  const std::size_t issues = closest.size();
  double value = u.utility(current);
  const std::size_t max_steps = 4 * issues + 4;
  for (std::size_t step = 0; step < max_steps; ++step) {
    double best_gap = std::abs(value - target);
    std::size_t best_issue = issues;
    ValueIndex best_value = 0;
    for (std::size_t i = 0; i < issues; ++i) {
      const double base = value - u.contribution(i, current[i]);
      closest[i].candidates(target - base, candidates);
      double issue_gap = INFINITY;
      ValueIndex issue_value = 0;
      for (ValueIndex v : candidates) {
        const double gap = std::abs(base + u.contribution(i, v) - target);
        if (gap < issue_gap || (gap == issue_gap && v < issue_value)) {
          issue_gap = gap;
          issue_value = v;
        }
      }
      if (issue_gap < best_gap - 1e-15) {
        best_gap = issue_gap;
        best_issue = i;
        best_value = issue_value;
      }
    }
    if (best_issue == issues) break;
    value +=
        u.contribution(best_issue, best_value) - u.contribution(best_issue, current[best_issue]);
    current[best_issue] = best_value;
  }
}

template <class T>
std::uint64_t heap_bytes(const std::vector<T>& vector) {
  return vector.capacity() * sizeof(T);
}

}  // namespace

const char* to_string(OfferIndex::Method method) noexcept {
  return detail::kOfferIndexMethodNames.name(method);
}

std::shared_ptr<const OfferIndex> OfferIndex::lazy(const Scenario& scenario, std::size_t party,
                                                   const OfferIndexOptions& options) {
  if (party >= scenario.party_count())
    throw InputError("scenario", std::nullopt, "party", std::to_string(party),
                     "a party index below " + std::to_string(scenario.party_count()));
  std::shared_ptr<OfferIndex> index(new OfferIndex());
  index->utility_ = scenario.party(party).utility;
  index->space_ = scenario.space();
  index->options_ = options;
  index->issue_count_ = scenario.space().issue_count();
  index->method_ = scenario.can_enumerate(options.enumeration_limit) ? Method::enumeration
                   : index->utility_->as_linear_additive()           ? Method::greedy_catalogue
                                                                     : Method::sample;
  return index;
}

std::shared_ptr<const OfferIndex> OfferIndex::build(const Scenario& scenario, std::size_t party,
                                                    const OfferIndexOptions& options) {
  auto index = lazy(scenario, party, options);
  index->fill();
  return index;
}

void OfferIndex::fill() const {
  std::call_once(once_, [this] {
    const auto& space = space_;
    const auto& utility = *utility_;
    const std::size_t issues = issue_count_;
    const auto& cards = space.cardinalities();
    Contents contents;
    auto& utilities = contents.utilities;
    auto& values = contents.values;
    switch (method_) {
      case Method::enumeration: {
        const auto n = space.size();
        utilities.reserve(n);
        values.reserve(n * issues);
        Outcome outcome(issues, 0);
        do {
          utilities.push_back(utility.utility(outcome));
          values.insert(values.end(), outcome.begin(), outcome.end());
        } while (space.next(outcome));
        sort_rows(issues, utilities, values, false, true);
        break;
      }
      case Method::greedy_catalogue: {
        const auto& linear = *utility.as_linear_additive();
        std::vector<ClosestValues> closest;
        closest.reserve(issues);
        Outcome best(issues), worst(issues);
        for (std::size_t i = 0; i < issues; ++i) {
          closest.emplace_back(linear, i);
          best[i] = linear.best_value(i);
          worst[i] = linear.worst_value(i);
        }
        const double high = linear.utility(best), low = linear.utility(worst);
        const std::uint32_t targets = std::max<std::uint32_t>(options_.catalogue_targets, 2);
        utilities.reserve(2 * static_cast<std::size_t>(targets));
        values.reserve(2 * static_cast<std::size_t>(targets) * issues);
        auto add = [&](const Outcome& o) {
          utilities.push_back(linear.utility(o));
          values.insert(values.end(), o.begin(), o.end());
        };
        add(best);
        add(worst);
        Outcome current;
        std::vector<ValueIndex> candidates;
        // From both ends: single swaps from one end can stall short of a target (e.g. just
        // below a level of a few-option issue) that the walk from the other end reaches.
        for (std::uint32_t k = 1; k + 1 < targets; ++k) {
          const double target = high - (high - low) * k / (targets - 1);
          for (const Outcome* start : {&best, &worst}) {
            current = *start;
            greedy_towards(linear, closest, target, current, candidates);
            add(current);
          }
        }
        sort_rows(issues, utilities, values, true, false);
        break;
      }
      case Method::sample: {
        std::mt19937_64 random(options_.seed);
        Outcome outcome(issues);
        for (std::uint32_t s = 0; s < std::max<std::uint32_t>(options_.samples, 1); ++s) {
          for (std::size_t i = 0; i < issues; ++i)
            outcome[i] = static_cast<ValueIndex>(random() % cards[i]);
          utilities.push_back(utility.utility(outcome));
          values.insert(values.end(), outcome.begin(), outcome.end());
        }
        sort_rows(issues, utilities, values, true, false);
        break;
      }
    }
    utilities.shrink_to_fit();
    values.shrink_to_fit();
    // The best package: the first entry of the highest utility.
    const double top = utilities.back();
    contents.best_entry = static_cast<std::size_t>(
        std::lower_bound(utilities.begin(), utilities.end(), top) - utilities.begin());
    contents_ = std::move(contents);
    utility_.reset();
    filled_.store(true, std::memory_order_release);
  });
}

std::uint64_t OfferIndex::memory_bytes() const noexcept {
  if (!filled()) return 0;
  return heap_bytes(contents_.utilities) + heap_bytes(contents_.values);
}

void OfferIndex::outcome(std::size_t entry, Outcome& out) const {
  const auto& values = contents().values;
  out.assign(values.begin() + entry * issue_count_, values.begin() + (entry + 1) * issue_count_);
}

Outcome OfferIndex::outcome(std::size_t entry) const {
  Outcome out;
  outcome(entry, out);
  return out;
}

std::size_t OfferIndex::nearest(double target) const {
  const auto& utilities = contents().utilities;
  const auto begin = utilities.begin();
  const auto above = std::lower_bound(begin, utilities.end(), target);
  if (above == utilities.end()) {
    // Everything is below: the first entry of the highest utility.
    return static_cast<std::size_t>(std::lower_bound(begin, utilities.end(), utilities.back()) -
                                    begin);
  }
  if (above == begin) return 0;
  const double below_value = *(above - 1);
  if (target - below_value < *above - target)
    return static_cast<std::size_t>(std::lower_bound(begin, above, below_value) - begin);
  return static_cast<std::size_t>(above - begin);
}

std::pair<std::size_t, std::size_t> OfferIndex::range(double low, double high) const {
  const auto& utilities = contents().utilities;
  const auto begin = utilities.begin();
  const auto first = std::lower_bound(begin, utilities.end(), low);
  const auto last = std::upper_bound(first, utilities.end(), high);
  return {static_cast<std::size_t>(first - begin), static_cast<std::size_t>(last - begin)};
}

std::shared_ptr<const OfferIndex> OfferIndexCache::get(const ScenarioPtr& scenario,
                                                       std::size_t party) {
  const auto key = std::make_pair(scenario.get(), party);
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found != entries_.end() && found->second.scenario.lock() == scenario)
      return found->second.index;
  }
  // Made outside the lock (cheap: it is filled on first use); two threads may each make one, the
  // first stored wins and the other is never filled.
  auto index = OfferIndex::lazy(*scenario, party, options_);
  std::lock_guard lock(mutex_);
  auto& entry = entries_[key];
  if (entry.scenario.lock() != scenario) entry = Entry{scenario, index};
  return entry.index;
}

PartyView PartyView::of(const ScenarioPtr& scenario, std::size_t party,
                        std::shared_ptr<const OfferIndex> index) {
  if (!scenario || party >= scenario->party_count())
    throw InputError("scenario", std::nullopt, "party", std::to_string(party),
                     "a party of the scenario");
  const auto& p = scenario->party(party);
  PartyView view;
  view.name_ = p.name;
  view.position_ = party;
  view.party_count_ = scenario->party_count();
  // Aliasing pointer: keeps the scenario alive but exposes only its issue list.
  view.issues_ = std::shared_ptr<const std::vector<Issue>>(scenario, &scenario->issues());
  view.space_ = scenario->space();
  view.utility_ = p.utility;
  view.reservation_value_ = p.reservation_value;
  view.discount_factor_ = p.discount_factor;
  view.index_ = index ? std::move(index) : OfferIndex::lazy(*scenario, party);
  return view;
}

double PartyView::discounted(double utility, double time) const {
  return discount_factor_ >= 1.0 ? utility : utility * std::pow(discount_factor_, time);
}

const char* to_string(Response response) noexcept { return detail::kResponseNames.name(response); }

}  // namespace parley
