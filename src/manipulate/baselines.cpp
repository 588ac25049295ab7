// The truthful baselines (baselines.hpp): serial dictatorship and random priority over a
// scenario's packages, Partial Allocation over divisible items.
#include "manipulate/baselines.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include "manipulate/manipulate_internal.hpp"
#include "parley/support/error.hpp"
#include "support/random.hpp"

namespace parley::detail {
namespace {

// Every party's true utility of every package, by package index (OutcomeSpace::outcome_at gives
// the package back: a space that can be enumerated fits the index).
struct PackageTable {
  std::vector<std::vector<double>> utility;  // [party][package]
  std::size_t size() const noexcept { return utility.front().size(); }
};

PackageTable enumerate_packages(const Scenario& scenario, std::uint64_t max_packages,
                                const std::string& mechanism) {
  if (!scenario.can_enumerate(max_packages))
    throw InputError(scenario.name(), std::nullopt, "packages", scenario.space().size_text(),
                     "at most " + std::to_string(max_packages) + " packages (" + mechanism +
                         " enumerates them; raise --max-packages)");
  PackageTable table;
  table.utility.resize(scenario.party_count());
  Outcome outcome(scenario.issue_count(), 0);
  do {
    for (std::size_t p = 0; p < scenario.party_count(); ++p)
      table.utility[p].push_back(scenario.utility(p, outcome));
  } while (scenario.space().next(outcome));
  return table;
}

// The packages of `in_play` (kept in order) whose utility is within kBaselineTie of the best.
std::vector<std::size_t> keep_best(const std::vector<double>& utility,
                                   const std::vector<std::size_t>& in_play) {
  double best = -std::numeric_limits<double>::infinity();
  for (const auto x : in_play) best = std::max(best, utility[x]);
  std::vector<std::size_t> kept;
  for (const auto x : in_play)
    if (utility[x] >= best - kBaselineTie) kept.push_back(x);
  return kept;
}

// The package chosen when the parties order[from...] choose in turn among `in_play`.
std::size_t dictate(const PackageTable& table, const std::vector<std::size_t>& order,
                    std::size_t from, std::vector<std::size_t> in_play) {
  for (std::size_t k = from; k < order.size() && in_play.size() > 1; ++k)
    in_play = keep_best(table.utility[order[k]], in_play);
  return in_play.front();
}

std::vector<std::size_t> every_package(const PackageTable& table) {
  std::vector<std::size_t> all(table.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  return all;
}

std::string party_names(const Scenario& scenario, const std::vector<std::size_t>& order) {
  std::string text;
  for (const auto p : order) text += (text.empty() ? "" : ", ") + scenario.party(p).name;
  return text;
}

void check_order(const Scenario& scenario, const std::vector<std::size_t>& order) {
  std::vector<bool> seen(scenario.party_count(), false);
  bool valid = !order.empty();
  for (const auto p : order) {
    valid = valid && p < seen.size() && !seen[p];
    if (p < seen.size()) seen[p] = true;
  }
  if (valid) return;
  std::string found;
  for (const auto p : order) found += (found.empty() ? "" : ", ") + std::to_string(p);
  throw InputError(scenario.name(), std::nullopt, "order",
                   found.empty() ? "no party" : "parties " + found,
                   "distinct party indices from 0 to " +
                       std::to_string(scenario.party_count() - 1) + ", at least one");
}

// How a dictator chooses, ties written out (shared by both descriptions).
constexpr const char* kDictatorRule =
    "each keep, among the packages still in play, those of largest true utility (ties: every "
    "package within 1e-12 of the largest stays in play); the first package left in the "
    "scenario's index order (issues in scenario order, the last one varying fastest) is the "
    "outcome. Walk-away values play no part: a later party may end below its walk-away.";

std::vector<double> walk_aways(const Scenario& scenario) {
  std::vector<double> values;
  for (const auto& party : scenario.parties()) values.push_back(party.reservation_value);
  return values;
}

// "0.5", "0.3333", "1".
std::string probability_text(double p) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", p);
  return text;
}

// The exact lottery: a depth-first walk over the prefixes of orders. A prefix of k parties
// stands for (n - k)! orders; it ends where one package is left or every remaining party would
// keep every package in play (the first one is then chosen whatever the order).
void count_orders(const PackageTable& table, const std::vector<std::size_t>& remaining,
                  const std::vector<std::size_t>& in_play,
                  const std::vector<std::uint64_t>& factorial,
                  std::map<std::size_t, std::uint64_t>& counts) {
  const std::uint64_t orders = factorial[remaining.size()];
  if (in_play.size() == 1 || remaining.empty()) {
    counts[in_play.front()] += orders;
    return;
  }
  std::vector<std::vector<std::size_t>> kept;
  bool everyone_keeps_all = true;
  for (const auto r : remaining) {
    kept.push_back(keep_best(table.utility[r], in_play));
    everyone_keeps_all = everyone_keeps_all && kept.back().size() == in_play.size();
  }
  if (everyone_keeps_all) {
    counts[in_play.front()] += orders;
    return;
  }
  for (std::size_t k = 0; k < remaining.size(); ++k) {
    std::vector<std::size_t> rest = remaining;
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(k));
    count_orders(table, rest, kept[k], factorial, counts);
  }
}

// The parties in index order shuffled by Fisher-Yates (Durstenfeld's form): position k, from
// n - 1 down to 1, swapped with a position uniform in 0..k. uniform_below rejects the top
// partial block of mt19937_64's outputs (whose sequence the standard fixes), so the draw has no
// modulo bias and no implementation-defined distribution in it.
std::vector<std::size_t> shuffled_order(std::size_t n, std::mt19937_64& random) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t k = n; k-- > 1;) std::swap(order[k], order[uniform_below(random, k + 1)]);
  return order;
}

// "100%", "40%", "62.5%"; never "0%" or "100%" for a share strictly between 0 and 1.
std::string percent(double share) {
  if (share >= 1.0 - 1e-9) return "100%";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", 100.0 * share);
  std::string s = text;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "0") return "<0.1%";
  if (s == "100") return ">99.9%";
  return s + "%";
}

// Shares at or below this are the solver's rounding, not a piece of an item.
constexpr double kShareShown = 1e-9;

// "alice: 100% of car, 40% of house; bob: nothing; unallocated: 60% of house".
std::string describe_shares(const fair::DivisionInstance& instance, const PartialAllocation& pa) {
  std::string text;
  for (std::size_t i = 0; i < instance.agent_count(); ++i) {
    std::string bundle;
    for (std::size_t j = 0; j < instance.item_count(); ++j)
      if (pa.shares[i][j] > kShareShown)
        bundle +=
            (bundle.empty() ? "" : ", ") + percent(pa.shares[i][j]) + " of " + instance.items[j];
    text += (text.empty() ? "" : "; ") + instance.agents[i] + ": " +
            (bundle.empty() ? "nothing" : bundle);
  }
  std::string left;
  for (std::size_t j = 0; j < instance.item_count(); ++j)
    if (pa.unallocated[j] > kShareShown)
      left += (left.empty() ? "" : ", ") + percent(pa.unallocated[j]) + " of " + instance.items[j];
  return text + "; unallocated: " + (left.empty() ? "nothing" : left);
}

// The fields every baseline shares.
MechanismOutcome truthful_outcome(std::string name, std::string description, std::string outcome,
                                  std::vector<double> utilities,
                                  const std::vector<double>& walk_away_values) {
  MechanismOutcome m;
  m.name = std::move(name);
  m.description = std::move(description);
  m.truthful = true;
  m.outcome = std::move(outcome);
  m.utilities = std::move(utilities);
  m.largest_gain = 0.0;
  m.largest_gain_exact = true;
  settle_welfare(m, walk_away_values);
  return m;
}

}  // namespace

Outcome serial_dictatorship_package(const Scenario& scenario, const std::vector<std::size_t>& order,
                                    std::uint64_t max_packages) {
  check_order(scenario, order);
  const PackageTable table = enumerate_packages(scenario, max_packages, "serial dictatorship");
  return scenario.space().outcome_at(dictate(table, order, 0, every_package(table)));
}

MechanismOutcome serial_dictatorship(const Scenario& scenario,
                                     const std::vector<std::size_t>& order,
                                     std::uint64_t max_packages) {
  const Outcome package = serial_dictatorship_package(scenario, order, max_packages);
  const std::string names = party_names(scenario, order);
  std::string description = "Serial dictatorship: the parties in the order " + names + " " +
                            kDictatorRule +
                            " Truthful: what a party is offered is what the parties before it "
                            "left, whatever it reports, and it keeps its best of that.";
  if (order.size() < scenario.party_count())
    description += " Parties not in the order have no say.";
  return truthful_outcome("serial dictatorship (" + names + ")", std::move(description),
                          scenario.describe(package), scenario.utilities(package),
                          walk_aways(scenario));
}

PackageLottery random_priority_lottery(const Scenario& scenario, std::uint64_t max_packages,
                                       std::size_t exact_orders_up_to, std::uint64_t samples,
                                       std::uint64_t seed) {
  const std::size_t n = scenario.party_count();
  const bool exact = n <= exact_orders_up_to;
  if (exact && n > kMostExactPriorityParties)
    throw InputError(scenario.name(), std::nullopt, "exact_orders_up_to",
                     std::to_string(exact_orders_up_to) + " with " + std::to_string(n) + " parties",
                     "exact orders for at most " + std::to_string(kMostExactPriorityParties) +
                         " parties (20! orders); a smaller value samples the orders");
  if (!exact && samples == 0)
    throw InputError(
        scenario.name(), std::nullopt, "samples", "0",
        "at least one order to sample (random priority over " + std::to_string(n) + " parties)");
  const PackageTable table = enumerate_packages(scenario, max_packages, "random priority");
  std::map<std::size_t, std::uint64_t> counts;
  PackageLottery lottery;
  lottery.exact = exact;
  if (exact) {
    std::vector<std::uint64_t> factorial(n + 1, 1);
    for (std::size_t k = 1; k <= n; ++k) factorial[k] = factorial[k - 1] * k;
    std::vector<std::size_t> parties(n);
    std::iota(parties.begin(), parties.end(), std::size_t{0});
    count_orders(table, parties, every_package(table), factorial, counts);
    lottery.orders = factorial[n];
  } else {
    // The first dictator's choice, once per party: the rest of an order filters far fewer.
    const std::vector<std::size_t> all = every_package(table);
    std::vector<std::vector<std::size_t>> first(n);
    std::vector<bool> known(n, false);
    std::mt19937_64 random(seed);
    for (std::uint64_t s = 0; s < samples; ++s) {
      const std::vector<std::size_t> order = shuffled_order(n, random);
      if (!known[order[0]]) {
        first[order[0]] = keep_best(table.utility[order[0]], all);
        known[order[0]] = true;
      }
      ++counts[dictate(table, order, 1, first[order[0]])];
    }
    lottery.orders = samples;
  }
  std::vector<std::pair<std::size_t, std::uint64_t>> ranked(counts.begin(), counts.end());
  // counts is in package index order, so a stable sort keeps equal counts in index order.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [package, count] : ranked) {
    lottery.packages.push_back(scenario.space().outcome_at(package));
    lottery.counts.push_back(count);
    lottery.probabilities.push_back(static_cast<double>(count) /
                                    static_cast<double>(lottery.orders));
  }
  return lottery;
}

MechanismOutcome random_priority(const Scenario& scenario, std::uint64_t max_packages,
                                 std::size_t exact_orders_up_to, std::uint64_t samples,
                                 std::uint64_t seed) {
  const PackageLottery lottery =
      random_priority_lottery(scenario, max_packages, exact_orders_up_to, samples, seed);
  const std::size_t n = scenario.party_count();
  std::string text = "lottery: ";
  std::vector<double> expected(n, 0.0);
  for (std::size_t k = 0; k < lottery.packages.size(); ++k) {
    text += (k ? "; " : "") + probability_text(lottery.probabilities[k]) + " x " +
            scenario.describe(lottery.packages[k]);
    for (std::size_t p = 0; p < n; ++p)
      expected[p] += lottery.probabilities[k] * scenario.utility(p, lottery.packages[k]);
  }
  std::string description =
      std::string(
          "Random priority: a uniformly random order of the parties, then the serial "
          "dictatorship in that order: the parties in turn ") +
      kDictatorRule + " ";
  if (lottery.exact)
    description += "The lottery is exact: all " + std::to_string(lottery.orders) +
                   " orders counted, each with probability 1/" + std::to_string(lottery.orders) +
                   ".";
  else
    description +=
        "The lottery is estimated from " + std::to_string(lottery.orders) +
        " orders drawn with seed " + std::to_string(seed) +
        " (std::mt19937_64; each order the parties in index order shuffled by Fisher-Yates, "
        "position k = n-1 down to 1 swapped with a position uniform in 0..k drawn by rejection "
        "without modulo bias): probabilities are frequencies.";
  description +=
      " Utilities are expected utilities. Truthful in expectation: every order is a serial "
      "dictatorship, and the order does not depend on the reports.";
  return truthful_outcome("random priority", std::move(description), std::move(text),
                          std::move(expected), walk_aways(scenario));
}

PartialAllocation compute_partial_allocation(const fair::DivisionInstance& instance) {
  fair::validate(instance);
  const std::size_t n = instance.agent_count(), m = instance.item_count();
  std::vector<double> totals(n, 0.0);
  std::vector<bool> active(n, false);
  std::vector<std::vector<double>> values(n, std::vector<double>(m, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    const fair::Rational total = instance.total_value(i);
    if (total <= 0) continue;
    active[i] = true;
    totals[i] = static_cast<double>(total);
    for (std::size_t j = 0; j < m; ++j)
      values[i][j] = static_cast<double>(fair::Rational(instance.values[i][j] / total));
  }
  const FisherEquilibrium whole = fisher_equilibrium(values);
  PartialAllocation pa;
  pa.fractions.assign(n, 1.0);
  pa.mnw_utilities.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) pa.mnw_utilities[i] = whole.utilities[i] * totals[i];
  for (std::size_t i = 0; i < n; ++i) {
    if (!active[i]) continue;
    // x*_{-i}: agent i valuing nothing has no budget and gets nothing (fisher_equilibrium), the
    // same as leaving it out; the market keeps its size, so x* serves as the hint.
    std::vector<std::vector<double>> others = values;
    others[i].assign(m, 0.0);
    const FisherEquilibrium without = fisher_equilibrium(others, &whole);
    // The ratio of products as a sum of logs: the products of many small utilities underflow.
    double log_ratio = 0.0;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i && active[j])
        log_ratio += std::log(whole.utilities[j]) - std::log(without.utilities[j]);
    // x* restricted to the others is one of their allocations, so f_i <= 1 up to rounding.
    pa.fractions[i] = std::clamp(std::exp(log_ratio), 0.0, 1.0);
  }
  pa.shares.assign(n, std::vector<double>(m, 0.0));
  pa.unallocated.assign(m, 1.0);
  pa.utilities.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    pa.utilities[i] = pa.fractions[i] * pa.mnw_utilities[i];
    for (std::size_t j = 0; j < m; ++j) {
      pa.shares[i][j] = pa.fractions[i] * whole.shares[i][j];
      pa.unallocated[j] -= pa.shares[i][j];
    }
  }
  for (auto& left : pa.unallocated) left = std::max(0.0, left);
  return pa;
}

MechanismOutcome partial_allocation(const fair::DivisionInstance& instance) {
  const PartialAllocation pa = compute_partial_allocation(instance);
  std::string fractions;
  for (std::size_t i = 0; i < instance.agent_count(); ++i)
    fractions += (i ? ", " : "") + instance.agents[i] + " " + probability_text(pa.fractions[i]);
  std::string description =
      "Partial Allocation (Cole, Gkatzelis & Goel, EC 2013): x* is the maximum-Nash-welfare "
      "allocation of the divisible items (the Fisher-market equilibrium with equal budgets; "
      "among several, the one whose spending has maximum entropy: the utilities, and so the "
      "fractions, are the same for all of them); each agent i keeps the fraction "
      "f_i = prod_{j != i} u_j(x*) / prod_{j != i} u_j(x*_{-i}) of its bundle, x*_{-i} being "
      "the MNW allocation of all the items among the others alone, and the rest is thrown "
      "away. Fractions kept: " +
      fractions +
      ". An agent valuing nothing gets nothing and is left out of the others' products. "
      "Truthful: an agent's report cannot move the denominator, and the true value of what it "
      "keeps is the true Nash welfare of the allocation chosen divided by that denominator, "
      "which the truthful x* maximises. Each agent gets at least 1/e of its MNW utility.";
  return truthful_outcome("partial allocation", std::move(description),
                          describe_shares(instance, pa), pa.utilities,
                          std::vector<double>(instance.agent_count(), 0.0));
}

void settle_welfare(MechanismOutcome& m, const std::vector<double>& walk_aways) {
  if (walk_aways.size() != m.utilities.size())
    throw std::invalid_argument("settle_welfare: " + std::to_string(m.utilities.size()) +
                                " utilities but " + std::to_string(walk_aways.size()) +
                                " walk-away values");
  m.utility_sum = 0.0;
  m.smallest_gain = std::numeric_limits<double>::infinity();
  m.individually_rational = true;
  double product = 1.0;
  for (std::size_t p = 0; p < m.utilities.size(); ++p) {
    double gain = m.utilities[p] - walk_aways[p];
    if (std::abs(gain) < 1e-12) gain = 0.0;
    m.utility_sum += m.utilities[p];
    m.smallest_gain = std::min(m.smallest_gain, gain);
    m.individually_rational = m.individually_rational && gain >= 0.0;
    product *= gain;
  }
  if (m.utilities.empty()) m.smallest_gain = 0.0;
  m.nash_product.reset();
  if (m.individually_rational) m.nash_product = product;
}

}  // namespace parley::detail
