#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "negotiate/enum_names.hpp"
#include "parley/negotiate/negotiator.hpp"
#include "parley/support/error.hpp"

namespace parley {

namespace {

// Sorts (utility, outcome) rows by utility, then lexicographically by outcome (= index order).
void sort_rows(std::size_t issues, std::vector<double>& utilities, std::vector<ValueIndex>& values,
               bool deduplicate) {
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

// Greedy single-issue swaps from `start` towards a target utility (linear-additive).
void greedy_towards(const LinearAdditiveUtility& u, const std::vector<std::uint32_t>& cards,
                    double target, Outcome& current) {
  double value = u.utility(current);
  const std::size_t max_steps = 4 * cards.size() + 4;
  for (std::size_t step = 0; step < max_steps; ++step) {
    double best_gap = std::abs(value - target);
    std::size_t best_issue = cards.size();
    ValueIndex best_value = 0;
    for (std::size_t i = 0; i < cards.size(); ++i) {
      const double base = value - u.contribution(i, current[i]);
      for (ValueIndex v = 0; v < cards[i]; ++v) {
        const double gap = std::abs(base + u.contribution(i, v) - target);
        if (gap < best_gap - 1e-15) {
          best_gap = gap;
          best_issue = i;
          best_value = v;
        }
      }
    }
    if (best_issue == cards.size()) break;
    value +=
        u.contribution(best_issue, best_value) - u.contribution(best_issue, current[best_issue]);
    current[best_issue] = best_value;
  }
}

}  // namespace

const char* to_string(OfferIndex::Method method) noexcept {
  return detail::kOfferIndexMethodNames.name(method);
}

std::shared_ptr<const OfferIndex> OfferIndex::build(const Scenario& scenario, std::size_t party,
                                                    const OfferIndexOptions& options) {
  if (party >= scenario.party_count())
    throw InputError("scenario", std::nullopt, "party", std::to_string(party),
                     "a party index below " + std::to_string(scenario.party_count()));
  std::shared_ptr<OfferIndex> index(new OfferIndex());
  const auto& space = scenario.space();
  const auto& utility = *scenario.party(party).utility;
  const std::size_t issues = space.issue_count();
  const auto& cards = space.cardinalities();
  index->issue_count_ = issues;
  auto& utilities = index->utilities_;
  auto& values = index->values_;
  if (scenario.can_enumerate(options.enumeration_limit)) {
    index->method_ = Method::enumeration;
    const auto n = space.size();
    utilities.reserve(n);
    values.reserve(n * issues);
    Outcome outcome(issues, 0);
    do {
      utilities.push_back(utility.utility(outcome));
      values.insert(values.end(), outcome.begin(), outcome.end());
    } while (space.next(outcome));
    sort_rows(issues, utilities, values, false);
  } else if (const auto* linear = utility.as_linear_additive()) {
    index->method_ = Method::greedy_catalogue;
    Outcome best(issues), worst(issues);
    for (std::size_t i = 0; i < issues; ++i) {
      best[i] = linear->best_value(i);
      worst[i] = linear->worst_value(i);
    }
    const double high = linear->utility(best), low = linear->utility(worst);
    const std::uint32_t targets = std::max<std::uint32_t>(options.catalogue_targets, 2);
    auto add = [&](const Outcome& o) {
      utilities.push_back(linear->utility(o));
      values.insert(values.end(), o.begin(), o.end());
    };
    add(best);
    add(worst);
    Outcome current;
    for (std::uint32_t k = 1; k + 1 < targets; ++k) {
      const double target = high - (high - low) * k / (targets - 1);
      current = best;
      greedy_towards(*linear, cards, target, current);
      add(current);
    }
    sort_rows(issues, utilities, values, true);
  } else {
    index->method_ = Method::sample;
    std::mt19937_64 random(options.seed);
    Outcome outcome(issues);
    for (std::uint32_t s = 0; s < std::max<std::uint32_t>(options.samples, 1); ++s) {
      for (std::size_t i = 0; i < issues; ++i)
        outcome[i] = static_cast<ValueIndex>(random() % cards[i]);
      utilities.push_back(utility.utility(outcome));
      values.insert(values.end(), outcome.begin(), outcome.end());
    }
    sort_rows(issues, utilities, values, true);
  }
  // The best package: the first entry of the highest utility.
  const double top = utilities.back();
  index->best_entry_ = static_cast<std::size_t>(
      std::lower_bound(utilities.begin(), utilities.end(), top) - utilities.begin());
  return index;
}

void OfferIndex::outcome(std::size_t entry, Outcome& out) const {
  out.assign(values_.begin() + entry * issue_count_, values_.begin() + (entry + 1) * issue_count_);
}

Outcome OfferIndex::outcome(std::size_t entry) const {
  Outcome out;
  outcome(entry, out);
  return out;
}

std::size_t OfferIndex::nearest(double target) const noexcept {
  const auto begin = utilities_.begin();
  const auto above = std::lower_bound(begin, utilities_.end(), target);
  if (above == utilities_.end()) {
    // Everything is below: the first entry of the highest utility.
    return static_cast<std::size_t>(std::lower_bound(begin, utilities_.end(), utilities_.back()) -
                                    begin);
  }
  if (above == begin) return 0;
  const double below_value = *(above - 1);
  if (target - below_value < *above - target)
    return static_cast<std::size_t>(std::lower_bound(begin, above, below_value) - begin);
  return static_cast<std::size_t>(above - begin);
}

std::pair<std::size_t, std::size_t> OfferIndex::range(double low, double high) const noexcept {
  const auto begin = utilities_.begin();
  const auto first = std::lower_bound(begin, utilities_.end(), low);
  const auto last = std::upper_bound(first, utilities_.end(), high);
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
  // Built outside the lock; two threads may build the same index once each, the first stored wins.
  auto index = OfferIndex::build(*scenario, party, options_);
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
  view.index_ = index ? std::move(index) : OfferIndex::build(*scenario, party);
  return view;
}

double PartyView::discounted(double utility, double time) const {
  return discount_factor_ >= 1.0 ? utility : utility * std::pow(discount_factor_, time);
}

const char* to_string(Response response) noexcept { return detail::kResponseNames.name(response); }

}  // namespace parley
