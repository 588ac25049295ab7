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

// Sorts (utility, outcome) rows (a catalogue or a sample) by utility, then lexicographically by
// outcome (= index order), and drops repeated rows.
void sort_rows(std::size_t issues, std::vector<double>& utilities,
               std::vector<ValueIndex>& values) {
  const std::size_t n = utilities.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  auto less_outcome = [&](std::uint32_t a, std::uint32_t b) {
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
    if (k > 0) {
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
  // Enumerated entries are 32-bit outcome indices.
  const bool enumerate = scenario.can_enumerate(options.enumeration_limit) &&
                         scenario.space().size() < (std::uint64_t{1} << 32);
  index->method_ = enumerate                               ? Method::enumeration
                   : index->utility_->as_linear_additive() ? Method::greedy_catalogue
                                                           : Method::sample;
  return index;
}

std::shared_ptr<const OfferIndex> OfferIndex::build(const Scenario& scenario, std::size_t party,
                                                    const OfferIndexOptions& options) {
  auto index = lazy(scenario, party, options);
  index->fill();
  return index;
}

namespace {

// Visits every outcome's utility in index order (last issue fastest): visit(index, utility). A
// linear-additive utility is summed by prefix sums, in the same order and from the same 0.0 as
// LinearAdditiveUtility::utility, so each value is bit-identical to utility(outcome); other
// utilities are called per outcome.
class IndexOrderUtilities {
 public:
  IndexOrderUtilities(const UtilityFunction& utility, const OutcomeSpace& space)
      : utility_(utility), space_(space), linear_(utility.as_linear_additive()) {
    if (!linear_) return;
    const std::size_t issues = space.issue_count();
    const auto& cards = space.cardinalities();
    // Per-issue contribution tables (an analytic issue is tabulated for the time of the fill:
    // its cardinality is at most the number of outcomes).
    owned_.resize(issues);
    table_.resize(issues);
    for (std::size_t i = 0; i < issues; ++i) {
      table_[i] = linear_->contributions(i);
      if (table_[i]) continue;
      owned_[i].resize(cards[i]);
      for (ValueIndex v = 0; v < cards[i]; ++v) owned_[i][v] = linear_->contribution(i, v);
      table_[i] = owned_[i].data();
    }
  }

  template <class Visit>
  void visit(Visit&& visit) const {
    const std::size_t issues = space_.issue_count();
    if (!linear_ || issues == 0) {
      Outcome outcome(issues, 0);
      std::uint64_t k = 0;
      do visit(k++, utility_.utility(outcome));
      while (space_.next(outcome));
      return;
    }
    const auto& cards = space_.cardinalities();
    // partial[i]: the sum of the contributions of issues 0..i-1 of the current outcome.
    const std::size_t last = issues - 1;
    std::vector<double> partial(issues, 0.0);
    Outcome outcome(issues, 0);
    for (std::size_t i = 1; i < issues; ++i) partial[i] = partial[i - 1] + table_[i - 1][0];
    const double* last_table = table_[last];
    const std::uint32_t last_card = cards[last];
    std::uint64_t k = 0;
    while (true) {
      const double base = partial[last];
      for (std::uint32_t v = 0; v < last_card; ++v) visit(k++, base + last_table[v]);
      if (last == 0) return;
      // Odometer over issues 0..last-1.
      std::size_t i = last;
      while (true) {
        --i;
        if (++outcome[i] < cards[i]) break;
        outcome[i] = 0;
        if (i == 0) return;
      }
      for (std::size_t j = i; j < last; ++j) partial[j + 1] = partial[j] + table_[j][outcome[j]];
    }
  }

 private:
  const UtilityFunction& utility_;
  const OutcomeSpace& space_;
  const LinearAdditiveUtility* linear_;
  std::vector<std::vector<double>> owned_;
  std::vector<const double*> table_;
};

}  // namespace

// Called for every package twice while filling: defined before fill() so that it is inlined.
inline std::size_t OfferIndex::band_of(const Contents& c, double u) noexcept {
  const double scaled = (u - c.band_low) * c.band_scale;
  if (!(scaled > 0.0)) return 0;  // below the lowest utility, or NaN
  if (scaled >= static_cast<double>(c.bands)) return c.bands - 1;
  return std::min(c.bands - 1, static_cast<std::size_t>(scaled));
}

void OfferIndex::fill() const {
  std::call_once(once_, [this] {
    const auto& space = space_;
    const auto& utility = *utility_;
    const std::size_t issues = issue_count_;
    const auto& cards = space.cardinalities();
    Contents contents;
    // Catalogue and sample: rows sorted and deduplicated at once (at most a few thousand), one
    // sorted band.
    auto from_rows = [&](std::vector<double>& utilities, std::vector<ValueIndex>& values) {
      sort_rows(issues, utilities, values);
      const std::size_t n = utilities.size();
      contents.size = n;
      contents.ids = detail::HugePageArray<std::uint32_t>(n);
      std::iota(contents.ids.begin(), contents.ids.end(), std::uint32_t{0});
      contents.utilities = detail::HugePageArray<double>(n);
      std::copy(utilities.begin(), utilities.end(), contents.utilities.get());
      contents.rows = std::move(values);
      contents.rows.shrink_to_fit();
      contents.bands = 1;
      contents.band_start = {0, static_cast<std::uint32_t>(n)};
      contents.band_sorted = std::make_unique<std::atomic<bool>[]>(1);
      contents.band_sorted[0].store(true, std::memory_order_relaxed);
      contents.min_utility = utilities.front();
      contents.max_utility = utilities.back();
    };
    switch (method_) {
      case Method::enumeration: {
        const std::size_t n = space.size();
        if (n == 0) throw UnsupportedError("offer index: the outcome space is empty");
        const IndexOrderUtilities all(utility, space);
        // The extremes: exact per-issue sums for a linear-additive utility (floating-point
        // addition is monotone, so the sum of the smallest contributions is the smallest sum),
        // else a first pass, which keeps the utilities for the passes below.
        std::vector<double> kept;
        double low = INFINITY, high = -INFINITY;
        if (const auto* linear = utility.as_linear_additive()) {
          low = linear->min_utility();
          high = linear->max_utility();
        } else {
          kept.resize(n);
          all.visit([&](std::uint64_t id, double u) {
            kept[id] = u;
            low = std::min(low, u);
            high = std::max(high, u);
          });
        }
        auto each = [&](auto&& visit) {
          if (kept.empty()) {
            all.visit(visit);
          } else {
            for (std::size_t id = 0; id < n; ++id) visit(id, kept[id]);
          }
        };
        contents.size = n;
        contents.min_utility = low;
        contents.max_utility = high;
        const std::size_t bands = std::max<std::size_t>(1, n / 8);
        contents.bands = bands;
        contents.band_low = low;
        contents.band_scale = high > low ? static_cast<double>(bands) / (high - low) : 0.0;
        // Counting sort by band; within a band, entries stay in index order.
        auto& start = contents.band_start;
        start.assign(bands + 1, 0);
        each([&](std::uint64_t, double u) { ++start[band_of(contents, u) + 1]; });
        for (std::size_t b = 0; b < bands; ++b) start[b + 1] += start[b];
        std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
        contents.ids = detail::HugePageArray<std::uint32_t>(n);
        each([&](std::uint64_t id, double u) {
          contents.ids[next[band_of(contents, u)]++] = static_cast<std::uint32_t>(id);
        });
        contents.utilities = detail::HugePageArray<double>(n);
        contents.band_sorted = std::make_unique<std::atomic<bool>[]>(bands);
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
        std::vector<double> utilities;
        std::vector<ValueIndex> values;
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
        from_rows(utilities, values);
        break;
      }
      case Method::sample: {
        std::mt19937_64 random(options_.seed);
        std::vector<double> utilities;
        std::vector<ValueIndex> values;
        Outcome outcome(issues);
        for (std::uint32_t s = 0; s < std::max<std::uint32_t>(options_.samples, 1); ++s) {
          for (std::size_t i = 0; i < issues; ++i)
            outcome[i] = static_cast<ValueIndex>(random() % cards[i]);
          utilities.push_back(utility.utility(outcome));
          values.insert(values.end(), outcome.begin(), outcome.end());
        }
        from_rows(utilities, values);
        break;
      }
    }
    contents_ = std::move(contents);
    // The best package: the first entry of the highest utility (contents_ is not yet marked
    // filled, and nothing else reads it before).
    contents_.best_entry = bound(contents_, contents_.max_utility, false);
    if (method_ != Method::enumeration) utility_.reset();
    filled_.store(true, std::memory_order_release);
  });
}

std::size_t OfferIndex::band_of_entry(const Contents& c, std::size_t entry) noexcept {
  return static_cast<std::size_t>(
             std::upper_bound(c.band_start.begin(), c.band_start.end(), entry) -
             c.band_start.begin()) -
         1;
}

double OfferIndex::utility_of_index(std::uint64_t id) const {
  thread_local Outcome outcome;
  space_.outcome_at(id, outcome);
  return utility_->utility(outcome);
}

// Bands are sorted in place under the mutex; other bands stay readable meanwhile.
void OfferIndex::sort_band(Contents& c, std::size_t band) const {
  if (c.band_sorted[band].load(std::memory_order_acquire)) return;
  std::lock_guard lock(sort_mutex_);
  if (c.band_sorted[band].load(std::memory_order_relaxed)) return;
  const std::size_t first = c.band_start[band], last = c.band_start[band + 1];
  std::vector<std::pair<double, std::uint32_t>> rows(last - first);
  for (std::size_t e = first; e < last; ++e)
    rows[e - first] = {utility_of_index(c.ids[e]), c.ids[e]};
  std::sort(rows.begin(), rows.end());
  for (std::size_t e = first; e < last; ++e) {
    c.utilities[e] = rows[e - first].first;
    c.ids[e] = rows[e - first].second;
  }
  c.band_sorted[band].store(true, std::memory_order_release);
}

double OfferIndex::utility(std::size_t entry) const {
  auto& c = contents();
  if (entry >= c.size)
    throw std::out_of_range("offer index entry " + std::to_string(entry) + " of " +
                            std::to_string(c.size));
  sort_band(c, band_of_entry(c, entry));
  return c.utilities[entry];
}

std::size_t OfferIndex::lower_bound(double x) const { return bound(contents(), x, false); }
std::size_t OfferIndex::upper_bound(double x) const { return bound(contents(), x, true); }

// Band b holds utilities u with band_of(u) == b, and band_of is monotone, so every entry of a
// band before band_of(x) is < x and every entry of a later band is > x: the answer lies in x's
// band or at its end.
std::size_t OfferIndex::bound(Contents& c, double x, bool upper) const {
  const std::size_t band = band_of(c, x);
  sort_band(c, band);
  const double* first = c.utilities.get() + c.band_start[band];
  const double* last = c.utilities.get() + c.band_start[band + 1];
  const double* found = upper ? std::upper_bound(first, last, x) : std::lower_bound(first, last, x);
  return static_cast<std::size_t>(found - c.utilities.get());
}

std::uint64_t OfferIndex::memory_bytes() const noexcept {
  if (!filled()) return 0;
  const auto& c = contents_;
  // The utilities are allocated for every entry; an enumerated index writes (and so makes
  // resident) only the sorted bands' pages (2 MiB huge pages for arrays from 512 KiB).
  return c.ids.bytes() + c.utilities.bytes() + heap_bytes(c.band_start) +
         c.bands * sizeof(std::atomic<bool>) + heap_bytes(c.rows);
}

void OfferIndex::outcome(std::size_t entry, Outcome& out) const {
  auto& c = contents();
  if (entry >= c.size)
    throw std::out_of_range("offer index entry " + std::to_string(entry) + " of " +
                            std::to_string(c.size));
  sort_band(c, band_of_entry(c, entry));
  const std::uint32_t id = c.ids[entry];
  if (method_ == Method::enumeration) {
    space_.outcome_at(id, out);
    return;
  }
  out.assign(c.rows.begin() + static_cast<std::ptrdiff_t>(std::size_t{id} * issue_count_),
             c.rows.begin() + static_cast<std::ptrdiff_t>((std::size_t{id} + 1) * issue_count_));
}

Outcome OfferIndex::outcome(std::size_t entry) const {
  Outcome out;
  outcome(entry, out);
  return out;
}

std::size_t OfferIndex::nearest(double target) const {
  const std::size_t n = size();
  const std::size_t above = lower_bound(target);
  // Everything is below: the first entry of the highest utility.
  if (above == n) return best_entry();
  if (above == 0) return 0;
  const double below_value = utility(above - 1);
  if (target - below_value < utility(above) - target) return lower_bound(below_value);
  return above;
}

std::pair<std::size_t, std::size_t> OfferIndex::range(double low, double high) const {
  const std::size_t first = lower_bound(low);
  return {first, std::max(first, upper_bound(high))};
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
  view.uncertainty_ = p.uncertainty;
  view.index_ = index ? std::move(index) : OfferIndex::lazy(*scenario, party);
  return view;
}

double PartyView::discounted(double utility, double time) const {
  return discount_factor_ >= 1.0 ? utility : utility * std::pow(discount_factor_, time);
}

const char* to_string(Response response) noexcept { return detail::kResponseNames.name(response); }

}  // namespace parley
