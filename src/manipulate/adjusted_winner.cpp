// Adjusted Winner manipulation (two parties, full information): the manipulator's best point
// report against the other party's true points, found in closed form and checked by parley's own
// Adjusted Winner (src/fair/adjusted_winner.cpp) in exact rational arithmetic.
//
// Notation: t = the manipulator's true points, q = the other's points (both scaled to 100, as
// Adjusted Winner scales them), r = the manipulator's report, x = its share of each item.
//
// The bound (why no report beats the knapsack). On any reports Adjusted Winner ends equitable,
// r.x = q.(1-x) = E, and efficient on the reports: there is a ratio L with r_i >= L q_i wherever
// x_i > 0 and r_i <= L q_i wherever x_i < 1 (the leader holds only items it bid at least as much
// on, and hands them over by increasing ratio). If E < 50, then r.x < 50 < r.(1-x) and
// q.x > 50 > q.(1-x); L q.x <= r.x gives L < 1, and r.(1-x) <= L q.(1-x) < 50 contradicts it. So
// the other always keeps E >= 50 of its own points, q.x <= 50, and the manipulator's true value
// t.x is at most V* = max { t.y : q.y <= 50, 0 <= y <= 1 }, a fractional knapsack: items by true
// points per point of the other (t_i / q_i) decreasing, whole while they fit, the crossing item k
// split with y_k = (50 - q(S)) / q_k (S: the whole items before it).
//
// The supremum is V*. When the items the manipulator values (t_i > 0) are worth less than 50 to
// the other, V* = 100 and bidding a point or less above the other on them (taken from the items it
// does not value) reaches it: the manipulator wins them and the other, ahead, only hands over
// items worth nothing to the manipulator. Otherwise the knapsack binds and every optimum has
// q.y = 50; reaching it needs E = 50, so L = 1 and r.x = q.x, which forces r_i = q_i on every
// item: the only report that can reach V* is a copy of the other's points, where the tie rule
// decides (checked exactly). Otherwise V* is a supremum approached by bidding d above the other
// on k and c_i d above on each item of S (c_i: the least integer above q_i / q_k, so that k has
// the smallest ratio), the extra points taken off the items after k: the manipulator wins S and k
// and, being ahead, the items after k it still ties; it hands those over first (ratio 1), then
// splits k, and its share of k tends to y_k as d -> 0. When the items after k are worth nothing to
// the other: bid d above on S and |S| d below on k, which the other, ahead, hands over first.
// d goes down by tenths from 0.01 until the report is within 0.01 points of V*.
//
// The smallest change that gains. The truthful outcome is itself greedy in t_i / q_i, so its value
// is the knapsack's at the capacity q.x0 it reached. A gain exists iff that capacity is below 50
// and the knapsack still grows there; then moving d points from an item the manipulator holds to
// one the other holds lowers E continuously without breaking the order, and every d > 0 gains:
// the smallest change is an infimum of 0, never reached. A concrete move of 0.01 points (or less)
// is given, checked exactly.
//
// Every report shown is re-run through fair::adjusted_winner; an outcome above V* or a missing
// construction would break the argument above and is reported as an internal error.
#include <algorithm>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "manipulate/manipulate_internal.hpp"
#include "parley/support/error.hpp"

namespace parley::detail {
namespace {

using boost::multiprecision::cpp_int;
using fair::Rational;

// How close to V* an approaching report should come before d stops getting smaller.
Rational supremum_tolerance() { return Rational(1, 100); }

struct Setting {
  const fair::DivisionInstance* instance = nullptr;
  const ManipulationOptions* options = nullptr;
  std::size_t manipulator = 0, other = 1;
  std::vector<Rational> truth;   // the manipulator's true points, summing to 100
  std::vector<Rational> others;  // the other party's points, summing to 100
  std::string name, other_name;

  std::size_t item_count() const { return truth.size(); }
  void poll() const {
    if (options->cancelled && options->cancelled())
      throw Cancelled("the manipulation analysis was cancelled");
  }
};

struct Outcome {
  std::vector<Rational> share;  // the manipulator's share of each item
  Rational manipulator_value;   // its true points received
  Rational other_value;         // the other's true points received
};

std::vector<Rational> scaled_to_100(const std::vector<Rational>& values) {
  const Rational total = std::accumulate(values.begin(), values.end(), Rational(0));
  std::vector<Rational> points;
  points.reserve(values.size());
  for (const auto& v : values)
    points.push_back(total == 0 ? Rational(0) : Rational(v * 100 / total));
  return points;
}

Outcome outcome_of_shares(const Setting& s, std::vector<Rational> share) {
  Outcome outcome;
  outcome.share = std::move(share);
  for (std::size_t i = 0; i < s.item_count(); ++i) {
    outcome.manipulator_value += s.truth[i] * outcome.share[i];
    outcome.other_value += s.others[i] * (1 - outcome.share[i]);
  }
  return outcome;
}

// Adjusted Winner exactly as parley divides, on the manipulator's report and the other's points.
Outcome evaluate(const Setting& s, const std::vector<Rational>& report) {
  fair::DivisionInstance reported = *s.instance;
  reported.values[s.manipulator] = report;
  reported.values[s.other] = s.others;
  Warnings ignored;
  const fair::AdjustedWinnerResult aw = fair::adjusted_winner(reported, ignored);
  std::vector<Rational> share;
  for (const auto& first : aw.share_of_first)
    share.push_back(s.manipulator == 0 ? first : Rational(1 - first));
  return outcome_of_shares(s, std::move(share));
}

// Rounded to at most `decimals` decimals, trailing zeros dropped: "40.01", "33.333333", "20".
std::string decimal(const Rational& value, int decimals) {
  cpp_int scale = 1;
  for (int d = 0; d < decimals; ++d) scale *= 10;
  const Rational scaled = boost::multiprecision::abs(value) * scale;
  const cpp_int num = boost::multiprecision::numerator(scaled);
  const cpp_int den = boost::multiprecision::denominator(scaled);
  std::string digits = cpp_int((2 * num + den) / (2 * den)).str();
  const bool negative = value < 0 && digits != "0";
  if (decimals > 0) {
    if (digits.size() <= static_cast<std::size_t>(decimals))
      digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), ".");
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  return (negative ? "-" : "") + digits;
}

double to_double(const Rational& value) { return value.convert_to<double>(); }

std::string list_text(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t k = 0; k < names.size(); ++k)
    text += (k == 0 ? "" : k + 1 == names.size() ? " and " : ", ") + names[k];
  return text;
}

ManipulationReport points_report(const Setting& s, const std::vector<Rational>& points,
                                 int decimals) {
  ManipulationReport report;
  report.text = "points";
  for (std::size_t i = 0; i < points.size(); ++i) {
    report.weights.push_back(to_double(points[i]));
    report.text += (i ? ", " : " ") + s.instance->items[i] + " " + decimal(points[i], decimals);
  }
  return report;
}

// "Anna: house, car; Ben: pension; piano split 62.5% Anna / 37.5% Ben", parties in table order.
std::string outcome_text(const Setting& s, const std::vector<Rational>& manipulator_share) {
  const auto& names = s.instance->agents;
  std::vector<std::string> whole[2];
  std::vector<std::string> splits;
  for (std::size_t i = 0; i < manipulator_share.size(); ++i) {
    const Rational first =
        s.manipulator == 0 ? manipulator_share[i] : Rational(1 - manipulator_share[i]);
    if (first == 1)
      whole[0].push_back(s.instance->items[i]);
    else if (first == 0)
      whole[1].push_back(s.instance->items[i]);
    else
      splits.push_back(s.instance->items[i] + " split " + decimal(first * 100, 2) + "% " +
                       names[0] + " / " + decimal((1 - first) * 100, 2) + "% " + names[1]);
  }
  std::string text;
  for (std::size_t a = 0; a < 2; ++a) {
    std::string items;
    for (std::size_t k = 0; k < whole[a].size(); ++k) items += (k ? ", " : "") + whole[a][k];
    text += (a ? "; " : "") + names[a] + ": " + (items.empty() ? "nothing" : items);
  }
  for (const auto& split : splits) text += "; " + split;
  return text;
}

// How a report stands against the other's points: "above Ben's points on house and car, below on
// piano".
std::string bids_text(const Setting& s, const std::vector<Rational>& report) {
  std::vector<std::string> above, below, equal;
  for (std::size_t i = 0; i < report.size(); ++i) {
    if (report[i] > s.others[i])
      above.push_back(s.instance->items[i]);
    else if (report[i] < s.others[i])
      below.push_back(s.instance->items[i]);
    else if (s.others[i] > 0)
      equal.push_back(s.instance->items[i]);
  }
  std::vector<std::string> parts;
  if (!above.empty()) parts.push_back("above " + s.other_name + "'s points on " + list_text(above));
  if (!below.empty())
    parts.push_back((parts.empty() ? "below " + s.other_name + "'s points on " : "below on ") +
                    list_text(below));
  if (!equal.empty())
    parts.push_back((parts.empty() ? "equal to " + s.other_name + "'s points on " : "equal on ") +
                    list_text(equal));
  std::string text;
  for (std::size_t k = 0; k < parts.size(); ++k) text += (k ? ", " : "") + parts[k];
  return text;
}

// The fractional knapsack V* of the head comment.
struct Knapsack {
  Rational value;
  std::vector<std::size_t> whole;    // S
  std::optional<std::size_t> split;  // k: absent when the valued items fit (V* = 100)
  Rational split_share;              // y_k, in (0, 1]
  std::vector<std::size_t> rest;     // every other item (the other's at the limit)
};

Knapsack knapsack(const Setting& s) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < s.item_count(); ++i)
    if (s.truth[i] > 0) order.push_back(i);
  // Decreasing t_i / q_i by cross-multiplication (q_i = 0: an infinite ratio, first); equal
  // ratios in table order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return s.truth[a] * s.others[b] > s.truth[b] * s.others[a];
  });
  Knapsack sack;
  Rational capacity = 50;
  std::vector<char> taken(s.item_count(), 0);
  for (const auto i : order) {
    if (s.others[i] < capacity) {
      capacity -= s.others[i];
      sack.value += s.truth[i];
      sack.whole.push_back(i);
      taken[i] = 1;
      continue;
    }
    sack.split = i;
    sack.split_share = capacity / s.others[i];
    sack.value += s.truth[i] * sack.split_share;
    taken[i] = 1;
    break;
  }
  for (std::size_t i = 0; i < s.item_count(); ++i)
    if (!taken[i]) sack.rest.push_back(i);
  return sack;
}

// Takes `amount` points off the report on `items`, largest points first (table order among
// equals), never below 0. False when they do not hold that many.
bool take_points(std::vector<Rational>& report, std::vector<std::size_t> items, Rational amount) {
  std::stable_sort(items.begin(), items.end(),
                   [&](std::size_t a, std::size_t b) { return report[a] > report[b]; });
  for (const auto j : items) {
    if (amount == 0) break;
    const Rational cut = std::min(amount, report[j]);
    report[j] -= cut;
    amount -= cut;
  }
  return amount == 0;
}

// d = 10^-exponent.
Rational power_of_ten(int exponent) {
  cpp_int scale = 1;
  for (int e = 0; e < exponent; ++e) scale *= 10;
  return Rational(cpp_int(1), scale);
}

struct Candidate {
  std::vector<Rational> report;
  Outcome outcome;
  int decimals = 6;  // to show the report without hiding its margin
};

// The valued items fit: a point (or a tenth, ...) above the other on each of them, taken from the
// items the manipulator does not value. Reaches V* = 100.
std::optional<Candidate> fitting_report(const Setting& s, const Knapsack& sack) {
  const Rational valued_by_other =
      std::accumulate(sack.whole.begin(), sack.whole.end(), Rational(0),
                      [&](const Rational& sum, std::size_t i) { return sum + s.others[i]; });
  const auto count = static_cast<long>(sack.whole.size());
  for (int exponent = 0; exponent <= 9; ++exponent) {
    s.poll();
    const Rational d = power_of_ten(exponent);
    if (d * count >= 100 - 2 * valued_by_other) continue;
    std::vector<Rational> report = s.others;
    for (const auto i : sack.whole) report[i] += d;
    if (!take_points(report, sack.rest, d * count)) continue;
    Outcome outcome = evaluate(s, report);
    if (outcome.manipulator_value == 100)
      return Candidate{report, outcome, std::max(6, exponent + 2)};
  }
  return std::nullopt;
}

// The knapsack binds and no tie reaches V*: reports approaching it (head comment), d = 0.01,
// 0.001, ... until within supremum_tolerance() of V*; the closest one found.
std::optional<Candidate> approaching_report(const Setting& s, const Knapsack& sack) {
  const std::size_t k = *sack.split;
  const Rational rest_points =
      std::accumulate(sack.rest.begin(), sack.rest.end(), Rational(0),
                      [&](const Rational& sum, std::size_t i) { return sum + s.others[i]; });
  std::optional<Candidate> best;
  for (int exponent = 2; exponent <= 12; ++exponent) {
    s.poll();
    const Rational d = power_of_ten(exponent);
    std::vector<Rational> report = s.others;
    if (rest_points > 0) {
      // Win S and k, k with the smallest ratio; the extra points come off the items after k.
      report[k] += d;
      Rational extra = d;
      for (const auto i : sack.whole) {
        cpp_int multiple = 1;
        if (s.others[i] != 0) {
          const Rational times = s.others[i] / s.others[k];
          multiple +=
              boost::multiprecision::numerator(times) / boost::multiprecision::denominator(times);
        }
        report[i] += d * Rational(multiple);
        extra += d * Rational(multiple);
      }
      if (!take_points(report, sack.rest, extra)) continue;
    } else if (!sack.whole.empty()) {
      // The items after k are worth nothing to the other: win S, leave k to the other, which is
      // ahead and hands k over first.
      for (const auto i : sack.whole) report[i] += d;
      report[k] -= d * static_cast<long>(sack.whole.size());
      if (report[k] < 0) continue;
    } else {
      return std::nullopt;  // k is the only item: the tie at the other's points reaches V*
    }
    Outcome outcome = evaluate(s, report);
    if (outcome.manipulator_value > sack.value)
      throw std::logic_error("manipulate: an Adjusted Winner report beat the knapsack bound");
    if (!best || outcome.manipulator_value > best->outcome.manipulator_value)
      best = Candidate{report, outcome, std::max(6, exponent + 2)};
    if (sack.value - outcome.manipulator_value <= supremum_tolerance()) break;
  }
  return best;
}

// The limit of the approaching reports: their outcome with k's share at y_k.
Outcome limit_outcome(const Setting& s, const Knapsack& sack, const Outcome& near) {
  std::vector<Rational> share = near.share;
  share[*sack.split] = sack.split_share;
  return outcome_of_shares(s, std::move(share));
}

// A move of d points from an item the manipulator holds to one the other holds that gains: the
// largest gain at the largest d in 0.01, 0.001, ... that has one. The moves tried first lower the
// items of highest ratio t_i / q_i the manipulator holds and raise those of lowest ratio the other
// holds (a few of each, so that long tables stay fast); every pair only when none of them gains.
std::optional<Candidate> smallest_gaining_move(const Setting& s, const Outcome& truthful,
                                               std::string& move_text) {
  constexpr std::size_t kFirstTried = 8;
  const auto by_ratio = [&](std::size_t a, std::size_t b) {
    return s.truth[a] * s.others[b] > s.truth[b] * s.others[a];
  };
  std::vector<std::size_t> held, given;  // by decreasing t_i / q_i
  for (std::size_t i = 0; i < s.item_count(); ++i) {
    if (truthful.share[i] > 0 && s.truth[i] > 0) held.push_back(i);
    if (truthful.share[i] < 1 && s.others[i] > 0) given.push_back(i);
  }
  std::stable_sort(held.begin(), held.end(), by_ratio);
  std::stable_sort(given.begin(), given.end(), by_ratio);
  std::reverse(given.begin(), given.end());
  for (const bool every_pair : {false, true}) {
    if (every_pair && held.size() <= kFirstTried && given.size() <= kFirstTried) break;
    for (int exponent = 2; exponent <= 12; ++exponent) {
      const Rational d = power_of_ten(exponent);
      std::optional<Candidate> best;
      for (std::size_t a = 0; a < held.size() && (every_pair || a < kFirstTried); ++a) {
        const std::size_t i = held[a];
        if (s.truth[i] < d) continue;
        for (std::size_t b = 0; b < given.size() && (every_pair || b < kFirstTried); ++b) {
          const std::size_t j = given[b];
          if (j == i) continue;
          s.poll();
          std::vector<Rational> report = s.truth;
          report[i] -= d;
          report[j] += d;
          Outcome outcome = evaluate(s, report);
          if (outcome.manipulator_value > truthful.manipulator_value &&
              (!best || outcome.manipulator_value > best->outcome.manipulator_value)) {
            best = Candidate{report, outcome, std::max(6, exponent + 2)};
            move_text = "moving " + decimal(d, exponent) + " points from " + s.instance->items[i] +
                        " to " + s.instance->items[j];
          }
        }
      }
      if (best) return best;
    }
  }
  return std::nullopt;
}

std::string tie_rules(const fair::DivisionInstance& instance) {
  return "Adjusted Winner as parley divides (Brams and Taylor 1996, ch. 4), on the reported "
         "points, each party's scaled to sum to 100. Winner phase: each item goes to the party "
         "that puts more points on it; items with equal points (ties) go to the party that is "
         "ahead after the untied items, and to " +
         instance.agents[0] +
         " (the first party) when the two are level. Adjustment: the party then ahead hands "
         "items to the other in increasing order of the ratio of its points to the other's "
         "(tied items, ratio 1, therefore move first; an item the other gives 0 points moves "
         "last; an item both give 0 points stays where it is); items with equal ratios move in "
         "table order, the first listed first. Items move whole while the giver stays at least "
         "level; the first item that would put it behind is the one split, so that both "
         "totals are equal.";
}

std::string points1(const Rational& value) { return decimal(value, 1); }

// Two values with the fewest decimals (at least `decimals`, at most 9) that tell them apart.
std::pair<std::string, std::string> distinct(const Rational& a, const Rational& b,
                                             int decimals = 2) {
  for (int d = decimals;; ++d) {
    std::pair<std::string, std::string> texts{decimal(a, d), decimal(b, d)};
    if (texts.first != texts.second || d == 9) return texts;
  }
}

}  // namespace

ManipulationResult manipulate_adjusted_winner(const fair::DivisionInstance& instance,
                                              const ManipulationOptions& options) {
  if (instance.agent_count() != 2)
    throw UnsupportedError(instance.origin + ": Adjusted Winner divides between two parties; " +
                           std::to_string(instance.agent_count()) +
                           " were given (use mnw for more)");
  if (options.reports != ReportSpace::weights)
    throw InputError(instance.origin, std::nullopt, "reports", to_string(options.reports),
                     "weights: Adjusted Winner reports are points, one number per item (use "
                     "--reports weights)");
  if (options.party >= 2)
    throw InputError(instance.origin, std::nullopt, "party", std::to_string(options.party),
                     "0 or 1 (Adjusted Winner divides between two parties)");

  Setting s;
  s.instance = &instance;
  s.options = &options;
  s.manipulator = options.party;
  s.other = 1 - options.party;
  s.name = instance.agents[s.manipulator];
  s.other_name = instance.agents[s.other];

  ManipulationResult result;
  result.rule = options.rule;
  result.reports = options.reports;
  result.party = options.party;
  result.parties = instance.agents;
  result.tie_breaking = tie_rules(instance);
  result.assumptions =
      "Full information: " + s.name + " knows " + s.other_name + "'s true points and " +
      s.other_name +
      " reports them truthfully (the worst case for the mediator). Payoffs are true points out "
      "of 100, each party's points scaled to sum to 100 as Adjusted Winner scales them; the "
      "mediator sees only the reports.";

  // The truthful division; fair::adjusted_winner also refuses a party that values nothing.
  {
    Warnings ignored;
    fair::adjusted_winner(instance, ignored);
  }
  s.truth = scaled_to_100(instance.values[s.manipulator]);
  s.others = scaled_to_100(instance.values[s.other]);
  const Outcome truthful = evaluate(s, s.truth);
  result.truthful_report = points_report(s, s.truth, 6);
  result.truthful_outcome = outcome_text(s, truthful.share);
  result.truthful_utilities.assign(2, 0.0);
  result.truthful_utilities[s.manipulator] = to_double(truthful.manipulator_value);
  result.truthful_utilities[s.other] = to_double(truthful.other_value);

  const Knapsack sack = knapsack(s);
  const Rational bound = sack.value;

  enum class Reach { truth, fitting, copy, supremum };
  Reach reach = Reach::truth;
  std::optional<Candidate> best;
  if (truthful.manipulator_value == bound) {
    best = Candidate{s.truth, truthful, 6};
  } else if (!sack.split) {
    reach = Reach::fitting;
    best = fitting_report(s, sack);
  } else if (Outcome tie = evaluate(s, s.others); tie.manipulator_value == bound) {
    reach = Reach::copy;
    best = Candidate{s.others, tie, 6};
  } else {
    reach = Reach::supremum;
    best = approaching_report(s, sack);
    result.supremum = true;
  }
  if (!best) throw std::logic_error("manipulate: no Adjusted Winner report reached the bound");

  result.exact = true;
  result.method = "closed form, exact in rational arithmetic: whatever " + s.name +
                  " reports, Adjusted Winner is equitable and efficient on the reports, so " +
                  s.other_name + " keeps at least 50 of their own points and " + s.name +
                  " gets at most the fractional knapsack of " + s.name + "'s true points with " +
                  s.other_name + "'s points as sizes and 50 as capacity (" + decimal(bound, 2) +
                  "); ";
  switch (reach) {
    case Reach::truth:
      result.method += "the truthful report reaches it";
      break;
    case Reach::fitting:
      result.method += "the items " + s.name + " values are worth less than 50 to " + s.other_name +
                       ", so bidding just above " + s.other_name + " on them reaches it";
      break;
    case Reach::copy:
      result.method += "when the knapsack binds only a copy of " + s.other_name +
                       "'s points can reach it, and under the tie rule it does";
      break;
    case Reach::supremum:
      result.method += "when the knapsack binds only a copy of " + s.other_name +
                       "'s points could reach it, and under the tie rule it does not: bids "
                       "just above " +
                       s.other_name + "'s on the knapsack's items approach it";
      break;
  }
  result.method += "; every report shown is re-run through parley's Adjusted Winner";

  const Outcome reached = result.supremum ? limit_outcome(s, sack, best->outcome) : best->outcome;
  result.best_report = points_report(s, best->report, best->decimals);
  result.best_outcome = outcome_text(s, reached.share);
  result.best_utilities.assign(2, 0.0);
  result.best_utilities[s.manipulator] = to_double(reached.manipulator_value);
  result.best_utilities[s.other] = to_double(reached.other_value);
  settle_gains(result);

  const std::string truthful_text = points1(truthful.manipulator_value);
  if (bound == truthful.manipulator_value) {
    result.sentence = "Under Adjusted Winner, " + s.name +
                      " cannot gain by misreporting: the truthful report already gives " + s.name +
                      " " + truthful_text + " points (of their true 100), " +
                      (bound == 100 ? "everything " + s.name + " values"
                                    : "the most any report can, since " + s.other_name +
                                          " keeps at least 50 of their own points whatever " +
                                          s.name + " reports") +
                      ".";
    return result;
  }

  // The smallest change that gains: an infimum of 0 (head comment), shown by a small move.
  std::string move_text;
  const auto move = smallest_gaining_move(s, truthful, move_text);
  if (!move) throw std::logic_error("manipulate: no small Adjusted Winner misreport gains");
  const auto [before, after] =
      distinct(truthful.manipulator_value, move->outcome.manipulator_value);
  result.minimum_deviation = 0.0;
  result.minimum_deviation_report = points_report(s, move->report, move->decimals);
  result.minimum_deviation_report.text +=
      ": " + move_text + " already raises " + s.name + "'s true points from " + before + " to " +
      after +
      "; any smaller move of this kind gains too, so the smallest change that gains is an "
      "infimum of 0, never reached";

  // The best misreport is a copy of the other's points, give or take a margin: say so.
  std::string warning;
  if (reach == Reach::copy) {
    warning = "Warning: the best report copies " + s.other_name +
              "'s points, a tie on every item, so the tie rule decides its outcome (" +
              instance.agents[0] +
              " takes the tied items and hands them over in table order); under another tie "
              "rule, or if " +
              s.other_name + "'s points are misjudged at all, it can turn into a loss.";
  } else {
    Rational margin = 0;
    for (std::size_t i = 0; i < s.item_count(); ++i)
      margin =
          std::max(margin, Rational(boost::multiprecision::abs(best->report[i] - s.others[i])));
    warning = "Warning: the best report is within " + decimal(margin, best->decimals) +
              (margin == 1 ? " point" : " points") + " of " + s.other_name +
              "'s own points on every item (a near tie): if " + s.other_name +
              "'s points are misjudged by more than that, the outcome changes and the misreport "
              "can turn into a loss (Scheller 2017).";
  }
  result.assumptions += " " + warning;

  const auto [from, to] = distinct(truthful.manipulator_value, bound, 1);
  result.sentence =
      "Under Adjusted Winner, " + s.name + " could raise their share from " + from + " to " + to +
      " points (of their true 100) by reporting " +
      result.best_report.text.substr(std::string("points ").size()) + " (" +
      (reach == Reach::copy ? "exactly " + s.other_name + "'s points, a tie on every item"
                            : bids_text(s, best->report)) +
      ")";
  if (result.supremum) {
    const auto [near, limit] = distinct(best->outcome.manipulator_value, bound);
    result.sentence += "; " + limit + " is a supremum: this report reaches " + near +
                       ", bids closer to " + s.other_name + "'s come as close as wanted";
  }
  const Rational loss = truthful.other_value - reached.other_value;
  result.sentence += "; " + s.other_name + " would " +
                     (loss == 0  ? std::string("lose nothing")
                      : loss > 0 ? "lose " + points1(loss)
                                 : "gain " + points1(Rational(-loss))) +
                     ". " + warning;
  return result;
}

}  // namespace parley::detail
