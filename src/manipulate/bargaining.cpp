// Manipulating the bargaining rules (nash, kalai-smorodinsky, egalitarian, utilitarian) over a
// scenario's packages; docs/manipulation.md.
//
// The mediator is parley's own analysis (include/parley/analysis/analysis.hpp) run on the
// reported scenario: the truthful scenario with the manipulator's preferences replaced by its
// report. Every outcome this file reports comes from that analysis; the algorithms below only
// choose which reports to try.
//
// Walk-away reports (one dimension). The rule picks among the frontier packages that are
// individually rational (IR) under the reports. Let C be the frontier packages IR for every other
// party, v_1 < ... < v_m the manipulator's distinct true utilities over C. For a reported
// walk-away d in (v_{k-1}, v_k] the candidates are S_k = {p in C : u_i(p) >= v_k}; within such a
// segment each package's criterion is an explicit function of d:
//  - Nash: P_p (u_p - d), P_p the product of the others' gains (a line);
//  - egalitarian: min(u_p - d, c_p), c_p the others' smallest gain;
//  - Kalai-Smorodinsky: min((u_p - d) / (I - d), c_p), I the manipulator's best utility over S_k,
//    c_p the others' smallest relative gain (their ideals over S_k);
//  - utilitarian: the sum of utilities, constant.
// So the winner changes only at computable points: the envelope crossings of the lines (Nash);
// the kinks h(u_p, d) = c_p and, between two kinks, the one point where the best uncapped package
// meets the best capped value (egalitarian, KS). These breakpoints and the segment ends are
// evaluated by the analysis, with the open pieces between them (at their midpoints): the exact
// intervals of reports reaching each outcome, within the analysis' tie tolerance (1e-9).
// The reservation theorem (docs/manipulation.md) bounds what any report of any kind can reach:
// the manipulator's best package among those IR for the others (or walking away).
//
// Weight reports under Nash (the manipulator's value functions and walk-away stay its own): x is
// the Nash choice iff w.a(x) >= d and g(x)(w.a(x) - d) >= g(y)(w.a(y) - d) for every y IR for the
// others with g(y) > 0 (g: the product of the others' gains; a y not IR for the manipulator
// satisfies it by itself). That is a polytope in w: one LP per candidate package, candidates in
// decreasing true utility, the first with an interior point (a strict margin) wins; its report is
// confirmed by the analysis. Rows and candidates are limited to the packages undominated in (the
// manipulator's option values, the others' utilities): a dominated package's constraint follows
// from its dominator's. Value reports (weights and option values) are the same LP in the
// variables z_k(o) = w_k v_k(o) with sum_k max_o z_k(o) = 1. The other rules' weight and value
// reports: a seeded random search over the simplex (a lower bound, said so).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>

#include "fair/milp_solver.hpp"
#include "manipulate/manipulate_internal.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/robust/robust.hpp"
#include "parley/support/error.hpp"

namespace parley::detail {
namespace {

constexpr double kTolerance = 1e-9;

std::string number(double value, int digits = 4) {
  std::ostringstream out;
  out.precision(digits);
  out << std::fixed << value;
  std::string text = out.str();
  while (text.size() > 1 && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// The mediator's choice: one package, a lottery between two (nash-lottery), or no agreement (no
// package). A lottery's packages are kept in Outcome order, so that two reports reaching the same
// two packages with other probabilities compare as the same packages.
struct Choice {
  std::vector<Outcome> packages;
  std::vector<double> probabilities;

  bool agreement() const noexcept { return !packages.empty(); }
  bool lottery() const noexcept { return packages.size() > 1; }
  bool same_packages(const Choice& other) const { return packages == other.packages; }
};

// The mediator: parley's analysis of a reported scenario.
class Mediator {
 public:
  Mediator(const Scenario& truth, ManipulationRule rule, std::size_t party,
           std::function<bool()> cancelled)
      : truth_(truth), kind_(solution_kind(rule)), party_(party), cancelled_(std::move(cancelled)) {
    options_.count_limit = 0;  // the rational share is not needed: one sample, no count
    options_.share_samples = 1;
    options_.frontier.method = FrontierMethod::enumeration;
    options_.lotteries = rule == ManipulationRule::nash_lottery;
    Analysis truthful = analyse(truth_, options_);
    truthful_ = chosen(truthful.solutions);
    frontier_ = std::move(truthful.frontier);
  }

  const Frontier& frontier() const noexcept { return frontier_; }
  // The rule's choice on the truthful scenario itself.
  const Choice& truthful() const noexcept { return truthful_; }

  // The rule's choice when the manipulator reports walk-away `d` (its utility as it is).
  Choice with_walk_away(double d) const {
    poll();
    const Scenario reported = replaced(reported_party(d));
    const AgreementZone zone = agreement_zone(reported, frontier_, options_);
    return chosen(bargaining_solutions(reported, zone, frontier_.tolerance, options_.lotteries));
  }

  // The rule's choice under a whole reported party (the frontier is computed again).
  Choice with_party(Party party) const {
    poll();
    return chosen(analyse(replaced(std::move(party)), options_).solutions);
  }

  Party reported_party(double walk_away) const {
    Party party = truth_.party(party_);
    party.reservation_value = walk_away;
    party.reservation_outcome.reset();
    party.uncertainty.reset();
    return party;
  }

  // True (expected) utilities of a choice (no agreement: every party's walk-away).
  std::vector<double> utilities(const Choice& choice) const {
    std::vector<double> values(truth_.party_count(), 0.0);
    for (std::size_t p = 0; p < truth_.party_count(); ++p) {
      if (!choice.agreement()) values[p] = truth_.party(p).reservation_value;
      for (std::size_t k = 0; k < choice.packages.size(); ++k)
        values[p] += choice.probabilities[k] * truth_.utility(p, choice.packages[k]);
    }
    return values;
  }

  std::string describe(const Choice& choice) const {
    if (!choice.agreement()) return "no agreement";
    if (!choice.lottery()) return truth_.describe(choice.packages.front());
    // The likelier package first.
    const std::size_t first = choice.probabilities[1] > choice.probabilities[0] ? 1 : 0;
    return "lottery: " + number(choice.probabilities[first], 3) + " x " +
           truth_.describe(choice.packages[first]) + "; " +
           number(choice.probabilities[1 - first], 3) + " x " +
           truth_.describe(choice.packages[1 - first]);
  }

  // A lottery's two packages, without their probabilities.
  std::string describe_packages(const Choice& choice) const {
    if (!choice.lottery()) return describe(choice);
    return "lottery between " + truth_.describe(choice.packages[0]) + " and " +
           truth_.describe(choice.packages[1]) + " (the probabilities move with the report)";
  }

 private:
  void poll() const {
    if (cancelled_ && cancelled_()) throw Cancelled("manipulation analysis cancelled");
  }

  Scenario replaced(Party party) const {
    std::vector<Party> parties = truth_.parties();
    parties[party_] = std::move(party);
    return Scenario(truth_.name(), truth_.issues(), std::move(parties), truth_.description());
  }

  Choice chosen(const std::vector<Solution>& solutions) const {
    Choice choice;
    for (const auto& solution : solutions) {
      if (solution.kind != kind_) continue;
      for (std::size_t k = 0; k < solution.packages.size(); ++k) {
        choice.packages.push_back(solution.packages[k].outcome);
        choice.probabilities.push_back(solution.packages.size() > 1 &&
                                               k < solution.probabilities.size()
                                           ? solution.probabilities[k]
                                           : 1.0);
      }
      if (choice.packages.size() == 2 && choice.packages[1] < choice.packages[0]) {
        std::swap(choice.packages[0], choice.packages[1]);
        std::swap(choice.probabilities[0], choice.probabilities[1]);
      }
      break;
    }
    return choice;
  }

  const Scenario& truth_;
  SolutionKind kind_;
  std::size_t party_;
  std::function<bool()> cancelled_;
  AnalysisOptions options_;
  Frontier frontier_;
  Choice truthful_;
};

// ---------------------------------------------------------------------------------------------
// Walk-away reports: the breakpoints.

struct Candidate {
  double own = 0.0;            // the manipulator's true utility
  std::vector<double> others;  // every party's utility (the manipulator's slot unused)
};

// Points inside (lo, hi) where the rule's winner among `set` may change.
void segment_events(ManipulationRule rule, const Scenario& scenario, std::size_t party,
                    const std::vector<Candidate>& set, double lo, double hi,
                    std::vector<double>& events) {
  if (set.empty() || rule == ManipulationRule::utilitarian) return;
  const std::size_t n = scenario.party_count();
  const auto inside = [&](double d) {
    if (d > lo && d < hi && std::isfinite(d)) events.push_back(d);
  };
  if (rule == ManipulationRule::nash_lottery) {
    // Two parties, o the other. The choice maximises (a - d)(b - r) over the upper convex hull of
    // the set's points (a, b) = (own, other utility). On a hull edge from Q to P (a_Q < a_P,
    // b_Q > b_P) the best point is Q + t* (P - Q), t* = (da (b_Q - r) - db (a_Q - d)) / (2 da db),
    // affine in d: the winner changes only where t* reaches 0 or 1 on some edge.
    const std::size_t o = party == 0 ? 1 : 0;
    const double r = scenario.party(o).reservation_value;
    std::vector<std::pair<double, double>> points;
    for (const auto& c : set) points.emplace_back(c.own, c.others[o]);
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    std::vector<std::pair<double, double>> hull;  // upper hull, own ascending
    for (const auto& q : points) {
      while (hull.size() >= 2) {
        const auto& a = hull[hull.size() - 2];
        const auto& b = hull.back();
        const double cross = (b.first - a.first) * (q.second - a.second) -
                             (b.second - a.second) * (q.first - a.first);
        if (cross < 0.0) break;  // a right turn: b stays
        hull.pop_back();
      }
      hull.push_back(q);
    }
    for (std::size_t e = 0; e + 1 < hull.size(); ++e) {
      const auto& q = hull[e];
      const auto& p = hull[e + 1];
      const double da = p.first - q.first, db = q.second - p.second;
      if (!(da > 0.0) || !(db > 0.0)) continue;
      const double base = q.first - da * (q.second - r) / db;  // t* = 0
      inside(base);
      inside(base + 2.0 * da);  // t* = 1
    }
    return;
  }
  if (rule == ManipulationRule::nash) {
    // Lines f_p(d) = P_p (u_p - d): a kinetic sweep of the upper envelope from lo to hi.
    std::vector<double> slope(set.size()), at_zero(set.size());
    for (std::size_t s = 0; s < set.size(); ++s) {
      double product = 1.0;
      for (std::size_t j = 0; j < n; ++j)
        if (j != party)
          product *= std::max(0.0, set[s].others[j] - scenario.party(j).reservation_value);
      slope[s] = product;
      at_zero[s] = product * set[s].own;
    }
    const auto value = [&](std::size_t s, double d) { return at_zero[s] - slope[s] * d; };
    double d = lo;
    std::size_t winner = 0;
    for (std::size_t s = 1; s < set.size(); ++s)
      if (value(s, d) > value(winner, d) ||
          (value(s, d) == value(winner, d) && slope[s] < slope[winner]))
        winner = s;
    for (std::size_t guard = 0; guard <= set.size(); ++guard) {
      double next = hi;
      std::size_t by = winner;
      for (std::size_t s = 0; s < set.size(); ++s) {
        if (slope[s] >= slope[winner]) continue;  // never catches up after d
        const double cross = (at_zero[winner] - at_zero[s]) / (slope[winner] - slope[s]);
        if (cross > d && cross < next) {
          next = cross;
          by = s;
        }
      }
      if (by == winner) break;
      inside(next);
      d = next;
      winner = by;
    }
    return;
  }
  // Egalitarian and KS: f_p(d) = min(h(u_p, d), c_p), h decreasing in d, increasing in u.
  double ideal = 0.0;  // KS: the manipulator's best utility over the set
  std::vector<double> ideal_other(n, -std::numeric_limits<double>::infinity());
  for (const auto& c : set) {
    ideal = std::max(ideal, c.own);
    for (std::size_t j = 0; j < n; ++j) ideal_other[j] = std::max(ideal_other[j], c.others[j]);
  }
  const bool ks = rule == ManipulationRule::kalai_smorodinsky;
  std::vector<double> cap(set.size()), kink(set.size());
  for (std::size_t s = 0; s < set.size(); ++s) {
    double smallest = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < n; ++j) {
      if (j == party) continue;
      const double r = scenario.party(j).reservation_value;
      const double gain = set[s].others[j] - r;
      const double span = ideal_other[j] - r;
      smallest = std::min(smallest, ks ? (span > 0.0 ? gain / span : 1.0) : gain);
    }
    cap[s] = smallest;
    // h(u, k) = cap: egalitarian u - k = c; KS (u - k) = c (I - k).
    kink[s] = ks ? (cap[s] < 1.0 ? (set[s].own - cap[s] * ideal) / (1.0 - cap[s])
                                 : -std::numeric_limits<double>::infinity())
                 : set[s].own - cap[s];
    inside(kink[s]);
  }
  // Between consecutive kinks: capped packages (kink >= d) give their cap, the others h(u, d);
  // the best of each side is fixed there, so they cross at most once.
  std::vector<double> cuts = {lo};
  for (const double k : kink)
    if (k > lo && k < hi) cuts.push_back(k);
  cuts.push_back(hi);
  std::sort(cuts.begin(), cuts.end());
  for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
    const double mid = 0.5 * (cuts[c] + cuts[c + 1]);
    double best_cap = -std::numeric_limits<double>::infinity();
    double best_free = -std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < set.size(); ++s) {
      if (kink[s] >= mid)
        best_cap = std::max(best_cap, cap[s]);
      else
        best_free = std::max(best_free, set[s].own);
    }
    if (!std::isfinite(best_cap) || !std::isfinite(best_free)) continue;
    if (ks) {
      if (best_cap < 1.0) inside((best_free - best_cap * ideal) / (1.0 - best_cap));
    } else {
      inside(best_free - best_cap);
    }
  }
}

struct Piece {
  double from, to;
  bool from_included, to_included;
  Choice outcome;  // a lottery: its packages (the probabilities move with the report)
  // True utilities at `from` and at `to` (equal unless the outcome is a lottery, whose expected
  // utilities are affine in the report along the piece).
  std::vector<double> at_from, at_to;
};

std::vector<Piece> walk_away_pieces(const Mediator& mediator, const Scenario& scenario,
                                    ManipulationRule rule, std::size_t party) {
  const std::size_t n = scenario.party_count();
  std::vector<Candidate> rational;  // frontier packages IR for every other party
  double top = 1.0;
  for (const auto& p : mediator.frontier().packages) {
    bool ok = true;
    for (std::size_t j = 0; j < n && ok; ++j)
      ok = j == party || p.utilities[j] >= scenario.party(j).reservation_value;
    if (ok) rational.push_back({p.utilities[party], p.utilities});
    top = std::max(top, p.utilities[party]);
  }
  std::vector<double> levels;
  for (const auto& c : rational) levels.push_back(c.own);
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  std::vector<double> points = {0.0, top};
  for (const double v : levels)
    if (v > 0.0 && v < top) points.push_back(v);
  double lo = 0.0;
  for (const double v : levels) {
    if (v <= 0.0) continue;
    std::vector<Candidate> set;
    for (const auto& c : rational)
      if (c.own >= v) set.push_back(c);
    segment_events(rule, scenario, party, set, lo, std::min(v, top), points);
    lo = v;
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  // Evaluate every breakpoint and every open piece between two (at its midpoint); merge.
  std::vector<Piece> pieces;
  const auto add = [&](double from, double to, bool from_in, bool to_in, Choice outcome) {
    if (!pieces.empty() && pieces.back().outcome.same_packages(outcome)) {
      pieces.back().to = to;
      pieces.back().to_included = to_in;
      return;
    }
    pieces.push_back({from, to, from_in, to_in, std::move(outcome), {}, {}});
  };
  for (std::size_t k = 0; k < points.size(); ++k) {
    add(points[k], points[k], true, true, mediator.with_walk_away(points[k]));
    if (k + 1 < points.size())
      add(points[k], points[k + 1], false, false,
          mediator.with_walk_away(0.5 * (points[k] + points[k + 1])));
  }
  for (auto& piece : pieces) {
    piece.at_from = piece.at_to = mediator.utilities(piece.outcome);
    if (!piece.outcome.lottery() || piece.from == piece.to) continue;
    // The same two packages throughout: the expected utilities are affine in the report (the
    // hull edge's t* is); two interior evaluations give them at both ends.
    const double q1 = piece.from + 0.25 * (piece.to - piece.from);
    const double q3 = piece.from + 0.75 * (piece.to - piece.from);
    const auto u1 = mediator.utilities(mediator.with_walk_away(q1));
    const auto u3 = mediator.utilities(mediator.with_walk_away(q3));
    for (std::size_t p = 0; p < u1.size(); ++p) {
      const double slope = (u3[p] - u1[p]) / (q3 - q1);
      piece.at_from[p] = u1[p] - slope * (q1 - piece.from);
      piece.at_to[p] = u3[p] + slope * (piece.to - q3);
    }
  }
  return pieces;
}

// A report inside a piece: its end nearest `target` when included, else its midpoint (or the
// point `step` inside the open end nearest `target`).
double point_in(const Piece& piece, double target) {
  if (piece.from == piece.to) return piece.from;
  const double nearest_end =
      std::abs(piece.from - target) <= std::abs(piece.to - target) ? piece.from : piece.to;
  const bool included = nearest_end == piece.from ? piece.from_included : piece.to_included;
  if (included) return nearest_end;
  const double step = std::min(1e-6, 0.25 * (piece.to - piece.from));
  return nearest_end == piece.from ? piece.from + step : piece.to - step;
}

double distance_to(const Piece& piece, double target) {
  if (target >= piece.from && target <= piece.to) return 0.0;
  return target < piece.from ? piece.from - target : target - piece.to;
}

// ---------------------------------------------------------------------------------------------
// Weight and value reports.

struct Packages {
  std::vector<Outcome> outcomes;
  std::vector<std::vector<double>> utilities;  // [package][party]
};

Packages enumerate(const Scenario& scenario) {
  Packages all;
  Outcome outcome(scenario.issue_count(), 0);
  do {
    all.utilities.push_back(scenario.utilities(outcome));
    all.outcomes.push_back(outcome);
  } while (scenario.space().next(outcome));
  return all;
}

// The product of the others' gains (0 when one of them is not above its walk-away).
double others_product(const Scenario& scenario, std::size_t party, const std::vector<double>& u) {
  double product = 1.0;
  for (std::size_t j = 0; j < scenario.party_count(); ++j)
    if (j != party) product *= std::max(0.0, u[j] - scenario.party(j).reservation_value);
  return product;
}

// Indices of the packages no other package weakly dominates in `vectors` (kept in order).
std::vector<std::size_t> undominated(const std::vector<std::vector<double>>& vectors,
                                     const std::vector<std::size_t>& among) {
  std::vector<std::size_t> order = among;
  // Larger sums first: a dominator always has a sum at least as large.
  std::vector<double> sums(vectors.size(), 0.0);
  for (const auto i : among)
    for (const double v : vectors[i]) sums[i] += v;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return sums[a] > sums[b]; });
  std::vector<std::size_t> kept;
  for (const auto i : order) {
    bool dominated = false;
    for (const auto k : kept) {
      bool all_ge = true;
      for (std::size_t d = 0; d < vectors[i].size() && all_ge; ++d)
        all_ge = vectors[k][d] >= vectors[i][d];
      if (all_ge) {
        dominated = true;
        break;
      }
    }
    if (!dominated) kept.push_back(i);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

// The manipulator's report space for the LPs: per issue, the options' values (weights: the true
// value functions, fixed; values: free).
struct LinearReports {
  std::size_t issues = 0;
  std::vector<std::vector<double>> true_values;  // [issue][option]: e_k(o)
  std::vector<double> true_weights;
};

LinearReports linear_reports(const Scenario& scenario, std::size_t party) {
  const auto* linear = scenario.party(party).utility->as_linear_additive();
  if (!linear)
    throw InputError(scenario.name(), std::nullopt, "reports",
                     "a party whose utility is not linear-additive",
                     "linear-additive preferences (weights and option values) for weight and "
                     "value reports; --reports walk-away works with any");
  LinearReports reports;
  reports.issues = scenario.issue_count();
  reports.true_weights = linear->weights();
  for (std::size_t k = 0; k < reports.issues; ++k) {
    std::vector<double> values;
    for (std::uint32_t o = 0; o < scenario.issue(k).cardinality(); ++o)
      values.push_back(linear->value_utility(k, o));
    reports.true_values.push_back(std::move(values));
  }
  return reports;
}

// A reported linear-additive party: `weights` and per-issue option values (utilities tables).
Party reported_linear(const Scenario& scenario, std::size_t party,
                      const std::vector<double>& weights,
                      const std::vector<std::vector<double>>& values) {
  Party reported = scenario.party(party);
  std::vector<ValueFunction> functions;
  for (const auto& table : values) functions.push_back(ValueFunction::from_utilities(table));
  reported.utility =
      std::make_shared<LinearAdditiveUtility>(scenario.issues(), weights, std::move(functions));
  reported.uncertainty.reset();
  // A walk-away given as a no-deal package is that package's reported utility.
  if (reported.reservation_outcome)
    reported.reservation_value = reported.utility->utility(*reported.reservation_outcome);
  return reported;
}

std::string weights_text(const Scenario& scenario, const std::vector<double>& weights) {
  std::string text = "weights";
  for (std::size_t k = 0; k < weights.size(); ++k)
    text += (k ? ", " : " ") + scenario.issue(k).name() + " " + number(weights[k], 3);
  return text;
}

std::string values_text(const Scenario& scenario, const std::vector<double>& weights,
                        const std::vector<std::vector<double>>& values) {
  std::string text = weights_text(scenario, weights) + "; values";
  for (std::size_t k = 0; k < values.size(); ++k) {
    text += (k ? "; " : " ") + scenario.issue(k).name() + ":";
    for (std::uint32_t o = 0; o < values[k].size(); ++o)
      text += (o ? ", " : " ") + scenario.issue(k).value_label(o) + " " + number(values[k][o], 3);
  }
  return text;
}

struct LinearReport {
  std::vector<double> weights;
  std::vector<std::vector<double>> values;
  double margin = 0.0;
};

// Nash: a report under which `x` is the strict Nash choice among `rows` (the LP's largest
// margin), or empty. With `free_values`, the option values are reported too.
std::optional<LinearReport> nash_polytope(const Scenario& scenario, std::size_t party,
                                          const LinearReports& space, const Packages& all,
                                          std::size_t x, const std::vector<std::size_t>& rows,
                                          bool free_values,
                                          const std::optional<std::vector<double>>& anchor,
                                          double required_margin) {
  fair::detail::MilpModel model;
  model.maximise = true;
  const std::size_t K = space.issues;
  // Columns: weights: w_k (K); values: z_k(o) for every option, then M_k (K); then the margin t.
  std::vector<std::size_t> first(K + 1, 0);
  if (free_values)
    for (std::size_t k = 0; k < K; ++k) first[k + 1] = first[k] + space.true_values[k].size();
  const std::size_t columns = free_values ? first[K] + K : K;
  const std::size_t t = columns;
  model.lower.assign(columns + 1, 0.0);
  model.upper.assign(columns + 1, 1.0);
  model.lower[t] = -1.0;
  model.objective.assign(columns + 1, 0.0);
  model.objective[t] = 1.0;
  model.integer.assign(columns + 1, 0);
  // The reported utility of a package as coefficients.
  const auto utility_row = [&](const Outcome& o, std::map<int, double>& row, double scale) {
    for (std::size_t k = 0; k < K; ++k) {
      if (free_values)
        row[static_cast<int>(first[k] + o[k])] += scale;
      else
        row[static_cast<int>(k)] += scale * space.true_values[k][o[k]];
    }
  };
  const double d = scenario.party(party).reservation_value;
  const auto& reservation = scenario.party(party).reservation_outcome;
  const auto add = [&](const std::map<int, double>& coefficients, char sense, double rhs) {
    fair::detail::MilpModel::Row row;
    for (const auto& [column, value] : coefficients)
      if (value != 0.0) {
        row.columns.push_back(column);
        row.coefficients.push_back(value);
      }
    row.sense = sense;
    row.rhs = rhs;
    model.rows.push_back(std::move(row));
  };
  // Normalisation: sum_k w_k = 1, or sum_k M_k = 1 with M_k >= z_k(o).
  {
    std::map<int, double> row;
    for (std::size_t k = 0; k < K; ++k) row[static_cast<int>(free_values ? first[K] + k : k)] = 1.0;
    add(row, 'E', 1.0);
    if (free_values)
      for (std::size_t k = 0; k < K; ++k)
        for (std::size_t o = 0; o < space.true_values[k].size(); ++o)
          add({{static_cast<int>(first[K] + k), 1.0}, {static_cast<int>(first[k] + o), -1.0}}, 'G',
              0.0);
  }
  // (u'(p) - d'): the walk-away is a number, or the reported utility of the no-deal package.
  const auto gain_row = [&](const Outcome& o, std::map<int, double>& row, double scale,
                            double& constant) {
    utility_row(o, row, scale);
    if (reservation)
      utility_row(*reservation, row, -scale);
    else
      constant += scale * d;  // moves to the right-hand side
  };
  const double gx = others_product(scenario, party, all.utilities[x]);
  // IR with a margin: u'(x) - d' - t >= 0.
  {
    std::map<int, double> row;
    double constant = 0.0;
    gain_row(all.outcomes[x], row, 1.0, constant);
    row[static_cast<int>(t)] -= 1.0;
    add(row, 'G', constant);
  }
  // One row per other package y (g(x) gain'(x) - g(y) gain'(y) - t >= 0), added lazily: the
  // LP starts with the rows of the largest g(y) and gets, round after round, the rows its
  // solution violates (constraint generation); the answer is that of the LP with every row.
  std::vector<fair::detail::MilpModel::Row> pending;
  std::vector<double> weight_of_row;
  for (const auto y : rows) {
    if (y == x) continue;
    const double gy = others_product(scenario, party, all.utilities[y]);
    if (gy <= 0.0) continue;
    std::map<int, double> row;
    double constant = 0.0;
    gain_row(all.outcomes[x], row, gx, constant);
    double other = 0.0;
    gain_row(all.outcomes[y], row, -gy, other);
    constant += other;
    row[static_cast<int>(t)] -= 1.0;
    fair::detail::MilpModel::Row built;
    for (const auto& [column, value] : row)
      if (value != 0.0) {
        built.columns.push_back(column);
        built.coefficients.push_back(value);
      }
    built.sense = 'G';
    built.rhs = constant;
    pending.push_back(std::move(built));
    weight_of_row.push_back(gy);
  }
  {
    std::vector<std::size_t> order(pending.size());
    for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return weight_of_row[a] > weight_of_row[b];
    });
    std::vector<fair::detail::MilpModel::Row> sorted;
    for (const auto r : order) sorted.push_back(std::move(pending[r]));
    pending = std::move(sorted);
  }
  std::vector<char> active(pending.size(), 0);
  const auto activate = [&](std::size_t r) {
    active[r] = 1;
    model.rows.push_back(pending[r]);
  };
  for (std::size_t r = 0; r < std::min<std::size_t>(pending.size(), 32); ++r) activate(r);
  if (anchor) {
    // Minimum deviation: the smallest max-coordinate change from `anchor` (the true weights)
    // with a margin of at least `required_margin`: minimise s.
    model.lower.push_back(0.0);
    model.upper.push_back(1.0);
    model.integer.push_back(0);
    const int s = static_cast<int>(model.lower.size() - 1);
    model.objective.assign(model.lower.size(), 0.0);
    model.objective[static_cast<std::size_t>(s)] = -1.0;
    model.lower[t] = required_margin;
    for (std::size_t k = 0; k < K; ++k) {
      add({{static_cast<int>(k), 1.0}, {s, -1.0}}, 'L', (*anchor)[k]);
      add({{static_cast<int>(k), 1.0}, {s, 1.0}}, 'G', (*anchor)[k]);
    }
  }
  fair::detail::MilpSolution solution;
  for (;;) {
    solution = fair::detail::solve_milp(model, 0);
    if (!solution.optimal) return std::nullopt;
    // The most violated rows not yet in the LP.
    std::vector<std::pair<double, std::size_t>> violated;
    for (std::size_t r = 0; r < pending.size(); ++r) {
      if (active[r]) continue;
      double lhs = 0.0;
      for (std::size_t c = 0; c < pending[r].columns.size(); ++c)
        lhs += pending[r].coefficients[c] *
               solution.values[static_cast<std::size_t>(pending[r].columns[c])];
      if (lhs < pending[r].rhs - 1e-12) violated.emplace_back(lhs - pending[r].rhs, r);
    }
    if (violated.empty()) break;
    std::sort(violated.begin(), violated.end());
    for (std::size_t v = 0; v < std::min<std::size_t>(violated.size(), 64); ++v)
      activate(violated[v].second);
  }
  const double margin = solution.values[t];
  if (margin < required_margin - 1e-12) return std::nullopt;
  LinearReport report;
  report.margin = margin;
  if (free_values) {
    report.weights.assign(K, 0.0);
    for (std::size_t k = 0; k < K; ++k) {
      const double top = std::max(0.0, solution.values[first[K] + k]);
      report.weights[k] = top;
      std::vector<double> values;
      for (std::size_t o = 0; o < space.true_values[k].size(); ++o)
        values.push_back(top > 0.0 ? std::clamp(solution.values[first[k] + o] / top, 0.0, 1.0)
                                   : 0.0);
      report.values.push_back(std::move(values));
    }
  } else {
    for (std::size_t k = 0; k < K; ++k) report.weights.push_back(std::max(0.0, solution.values[k]));
    report.values = space.true_values;
  }
  double sum = 0.0;
  for (const double w : report.weights) sum += w;
  if (sum <= 0.0) return std::nullopt;
  for (auto& w : report.weights) w /= sum;
  return report;
}

// A uniform point of the simplex of dimension `k`.
std::vector<double> simplex_point(std::mt19937_64& generator, std::size_t k) {
  std::exponential_distribution<double> draw(1.0);
  std::vector<double> point(k);
  double sum = 0.0;
  for (auto& p : point) sum += (p = draw(generator));
  for (auto& p : point) p /= sum;
  return point;
}

// ---------------------------------------------------------------------------------------------
// The bayes information model: the manipulator knows its own preferences only; the others'
// are drawn from their uncertainty (parley robust's laws) and reported truthfully. Every
// candidate report is judged on the same draws (common random numbers): its gain in a draw is
// the manipulator's true utility of the rule's choice under the report minus under the truth.

struct Judged {
  ManipulationReport report;
  std::vector<double> gains;  // per draw
};

BayesianRisk summarise(const Judged& judged, std::uint64_t samples, std::uint64_t seed) {
  BayesianRisk risk;
  risk.samples = samples;
  risk.seed = seed;
  risk.report = judged.report;
  const double n = static_cast<double>(judged.gains.size());
  double sum = 0.0, squares = 0.0, losses = 0.0, gains = 0.0, worst = 0.0;
  for (const double g : judged.gains) {
    sum += g;
    squares += g * g;
    if (g < -1e-12) losses += 1.0;
    if (g > 1e-12) gains += 1.0;
    worst = std::max(worst, -g);
  }
  risk.expected_gain = sum / n;
  if (std::abs(risk.expected_gain) < 1e-12) risk.expected_gain = 0.0;
  risk.probability_of_loss = losses / n;
  risk.probability_of_gain = gains / n;
  risk.worst_loss = worst < 1e-12 ? 0.0 : worst;
  if (n > 1.0) {
    const double variance = std::max(0.0, (squares - sum * sum / n) / (n - 1.0));
    risk.standard_error = std::sqrt(variance / n);
  }
  return risk;
}

void bayes_risk(ManipulationResult& result, const Scenario& scenario,
                const ManipulationOptions& options, bool one_dimensional) {
  const std::size_t i = options.party;
  const std::size_t n = scenario.party_count();
  bool uncertain = false;
  for (std::size_t j = 0; j < n; ++j) uncertain |= j != i && scenario.party(j).uncertainty;
  // Without uncertainty every draw is the truth: one draw says it all.
  const std::uint64_t samples = uncertain ? options.samples : 1;
  std::vector<std::vector<Party>> drawn(n);
  for (std::size_t j = 0; j < n; ++j)
    if (j != i) drawn[j] = draw_preferences(scenario, j, samples, options.seed);
  // The scenario of each draw and its mediator.
  std::vector<Scenario> worlds;
  worlds.reserve(samples);
  for (std::uint64_t s = 0; s < samples; ++s) {
    std::vector<Party> parties = scenario.parties();
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) parties[j] = drawn[j][s];
    parties[i].uncertainty.reset();
    worlds.emplace_back(scenario.name(), scenario.issues(), std::move(parties),
                        scenario.description());
  }
  std::vector<std::unique_ptr<Mediator>> mediators;
  std::vector<double> truthful(samples);
  for (std::uint64_t s = 0; s < samples; ++s) {
    mediators.push_back(std::make_unique<Mediator>(worlds[s], options.rule, i, options.cancelled));
    truthful[s] = mediators.back()->utilities(mediators.back()->truthful())[i];
  }
  std::vector<Judged> judged;
  const auto judge = [&](ManipulationReport report,
                         const std::function<Choice(const Mediator&)>& choose) {
    Judged one{std::move(report), {}};
    for (std::uint64_t s = 0; s < samples; ++s)
      one.gains.push_back(mediators[s]->utilities(choose(*mediators[s]))[i] - truthful[s]);
    judged.push_back(std::move(one));
  };
  const ManipulationReport& full = result.best_report;
  std::size_t full_index = 0;
  if (one_dimensional) {
    // Candidates: the truth, the full-information best report, each draw's best report by the
    // reservation theorem (the manipulator's best utility among the frontier packages that
    // draw's others accept), and a grid from the truth up.
    const double d0 = scenario.party(i).reservation_value;
    std::vector<double> reports = {d0, full.walk_away.value_or(d0)};
    double top = d0;
    for (std::uint64_t s = 0; s < samples; ++s)
      for (const auto& p : mediators[s]->frontier().packages) {
        bool ok = true;
        for (std::size_t j = 0; j < n && ok; ++j)
          ok = j == i || p.utilities[j] >= worlds[s].party(j).reservation_value;
        top = std::max(top, p.utilities[i]);
        if (ok && p.utilities[i] > d0) reports.push_back(p.utilities[i]);
      }
    for (double d = d0 + options.grid_step; d < top; d += options.grid_step) reports.push_back(d);
    std::sort(reports.begin(), reports.end());
    reports.erase(std::unique(reports.begin(), reports.end()), reports.end());
    for (const double d : reports) {
      ManipulationReport report;
      report.walk_away = d;
      report.text = "walk-away " + number(d, 6);
      if (d == full.walk_away.value_or(d0)) full_index = judged.size();
      judge(std::move(report), [d](const Mediator& m) { return m.with_walk_away(d); });
    }
  } else {
    // Candidates: the truth, the full-information best report, and seeded random reports.
    const LinearReports space = linear_reports(scenario, i);
    const bool free_values = options.reports == ReportSpace::values;
    std::vector<std::pair<std::vector<double>, std::vector<std::vector<double>>>> reports;
    reports.emplace_back(space.true_weights, space.true_values);
    reports.emplace_back(full.weights.empty() ? space.true_weights : full.weights,
                         full.values.empty() ? space.true_values : full.values);
    full_index = 1;
    std::mt19937_64 generator(options.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::size_t extra =
        std::max<std::size_t>(20, static_cast<std::size_t>(std::ceil(1.0 / options.grid_step)));
    for (std::size_t r = 0; r < extra; ++r) {
      auto weights = simplex_point(generator, space.issues);
      auto values = space.true_values;
      if (free_values)
        for (auto& table : values) {
          double best_value = 0.0;
          for (auto& v : table) best_value = std::max(best_value, v = unit(generator));
          for (auto& v : table) v = best_value > 0.0 ? v / best_value : 0.0;
        }
      reports.emplace_back(std::move(weights), std::move(values));
    }
    for (const auto& [weights, values] : reports) {
      ManipulationReport report;
      report.weights = weights;
      if (free_values) report.values = values;
      report.text =
          free_values ? values_text(scenario, weights, values) : weights_text(scenario, weights);
      const Party party = reported_linear(scenario, i, weights, values);
      judge(std::move(report), [&party](const Mediator& m) { return m.with_party(party); });
    }
  }
  // The best in expectation; ties: the earlier candidate (the truth first).
  std::size_t best = 0;
  std::vector<double> means;
  for (const auto& one : judged)
    means.push_back(std::accumulate(one.gains.begin(), one.gains.end(), 0.0) /
                    static_cast<double>(samples));
  for (std::size_t c = 1; c < judged.size(); ++c)
    if (means[c] > means[best] + 1e-12) best = c;
  result.information = InformationModel::bayes;
  result.assumptions =
      "The best report, gain and intervals assume full information: the manipulator knows "
      "every other party's true preferences, and they report truthfully (the worst case for the "
      "mediator). Utilities are true utilities; only the mediator sees the reports.";
  result.bayes_candidates = judged.size();
  result.bayes_best = summarise(judged[best], samples, options.seed);
  result.bayes_of_full_information = summarise(judged[full_index], samples, options.seed);
  result.assumptions +=
      uncertain ? " Bayes: the manipulator does not know the others' preferences; " +
                      std::to_string(samples) +
                      " draws from their uncertainty (parley robust's laws, seed " +
                      std::to_string(options.seed) +
                      "), the others truthful, every report judged on the same draws."
                : " Bayes: no other party carries uncertainty, so the draws are the truth and "
                  "bayes equals full information.";
}

void fill_common(ManipulationResult& result, const Scenario& scenario,
                 const ManipulationOptions& options) {
  result.rule = options.rule;
  result.reports = options.reports;
  result.party = options.party;
  for (const auto& p : scenario.parties()) result.parties.push_back(p.name);
  result.tie_breaking =
      "The mediator is parley solve's rule on the reported preferences: it chooses among the "
      "Pareto-optimal packages that every party's reported walk-away accepts; two criterion "
      "values within 1e-9 of the criterion's scale are equal, and among equal packages the one "
      "with the larger sum of relative gains wins, then the first in frontier order (the first "
      "party's utility descending). With no acceptable package there is no agreement and every "
      "party gets its true walk-away value.";
  result.assumptions =
      "Full information: the manipulator knows every other party's true preferences, and they "
      "report truthfully (the worst case for the mediator). Utilities are true utilities; only "
      "the mediator sees the reports.";
}

}  // namespace

ManipulationResult manipulate_bargaining(const Scenario& scenario,
                                         const ManipulationOptions& options) {
  const std::size_t i = options.party;
  if (!scenario.can_enumerate(options.max_packages))
    throw InputError(scenario.name(), std::nullopt, "packages", scenario.space().size_text(),
                     "at most " + std::to_string(options.max_packages) +
                         " packages (manipulation analysis enumerates them; raise "
                         "--max-packages)");
  ManipulationResult result;
  fill_common(result, scenario, options);
  const Mediator mediator(scenario, options.rule, i, options.cancelled);
  // The truthful outcome is the analysis of the scenario itself.
  const Choice& reference = mediator.truthful();
  result.truthful_outcome = mediator.describe(reference);
  result.truthful_utilities = mediator.utilities(reference);
  result.truthful_report.walk_away = scenario.party(i).reservation_value;
  result.truthful_report.text = "walk-away " + number(scenario.party(i).reservation_value);

  // The reservation theorem's bound: the best package for i among those IR for the others.
  double bound = scenario.party(i).reservation_value;
  for (const auto& p : mediator.frontier().packages) {
    bool ok = true;
    for (std::size_t j = 0; j < scenario.party_count() && ok; ++j)
      ok = j == i || p.utilities[j] >= scenario.party(j).reservation_value;
    if (ok) bound = std::max(bound, p.utilities[i]);
  }

  const bool one_dimensional =
      options.reports == ReportSpace::walk_away || options.reports == ReportSpace::all;
  if (one_dimensional) {
    const auto pieces = walk_away_pieces(mediator, scenario, options.rule, i);
    const double d0 = scenario.party(i).reservation_value;
    const double truthful_u = result.truthful_utilities[i];
    // Candidates for the best report: each constant piece (its report nearest the truth), and
    // both ends of each lottery piece (its expected utilities are affine along it, so its best
    // is at an end; an excluded end is approached, not reached).
    struct Option {
      double value, distance, report;
      bool reached;
      std::vector<double> utilities;
    };
    std::optional<Option> best;
    const auto consider = [&](Option option) {
      if (!best || option.value > best->value + 1e-12 ||
          (option.value >= best->value - 1e-12 &&
           ((option.reached && !best->reached) ||
            (option.reached == best->reached && option.distance < best->distance))))
        best = std::move(option);
    };
    // The reports of a piece giving a strict gain (a lottery piece: part of it).
    std::optional<Piece> nearest_gain;
    const auto gain_region = [&](const Piece& piece) -> std::optional<Piece> {
      const double f = piece.at_from[i] - truthful_u, t = piece.at_to[i] - truthful_u;
      if (f > 1e-12 && t > 1e-12) return piece;
      if (f <= 1e-12 && t <= 1e-12) return std::nullopt;
      const double cross = piece.from + (piece.to - piece.from) * (1e-12 - f) / (t - f);
      Piece part = piece;
      if (t > f) {
        part.from = cross;
        part.from_included = false;
      } else {
        part.to = cross;
        part.to_included = false;
      }
      return part;
    };
    for (const auto& piece : pieces) {
      const bool moving = piece.outcome.lottery() && piece.from < piece.to;
      if (!moving) {
        consider(
            {piece.at_from[i], distance_to(piece, d0), point_in(piece, d0), true, piece.at_from});
      } else {
        const double step = std::min(1e-6, 0.25 * (piece.to - piece.from));
        consider({piece.at_from[i], std::abs(piece.from - d0),
                  piece.from_included ? piece.from : piece.from + step, piece.from_included,
                  piece.at_from});
        consider({piece.at_to[i], std::abs(piece.to - d0),
                  piece.to_included ? piece.to : piece.to - step, piece.to_included, piece.at_to});
      }
      if (const auto region = gain_region(piece))
        if (!nearest_gain || distance_to(*region, d0) < distance_to(*nearest_gain, d0))
          nearest_gain = region;
      ReportInterval interval;
      interval.from = piece.from;
      interval.to = piece.to;
      interval.from_included = piece.from_included;
      interval.to_included = piece.to_included;
      interval.outcome =
          moving ? mediator.describe_packages(piece.outcome) : mediator.describe(piece.outcome);
      interval.utilities = piece.at_from;
      if (moving) interval.utilities_to = piece.at_to;
      result.intervals.push_back(std::move(interval));
    }
    const double report = best->report;
    const auto reached = mediator.with_walk_away(report);
    result.best_report.walk_away = report;
    result.best_report.text = "walk-away " + number(report, 6);
    result.best_outcome = mediator.describe(reached);
    result.best_utilities = mediator.utilities(reached);
    if (!best->reached) {
      // The limit of a lottery's expected utilities at an excluded end: a supremum.
      result.supremum = true;
      result.best_utilities = best->utilities;
    }
    if (result.best_utilities[i] < result.truthful_utilities[i]) {
      result.best_report = result.truthful_report;
      result.best_outcome = result.truthful_outcome;
      result.best_utilities = result.truthful_utilities;
      result.supremum = false;
    }
    if (nearest_gain) {
      result.minimum_deviation = distance_to(*nearest_gain, d0);
      const double at = point_in(*nearest_gain, d0);
      result.minimum_deviation_report.walk_away = at;
      result.minimum_deviation_report.text = "walk-away " + number(at, 6);
    }
    std::size_t changes = pieces.size();
    result.method = "exact breakpoints of the walk-away report (" + std::to_string(changes) +
                    " pieces over [0, " + number(pieces.back().to) +
                    "], each evaluated by the analysis); by the reservation theorem no report " +
                    "of any kind can give " + scenario.party(i).name + " more than " +
                    number(bound) + ", its best package among those the others accept";
    if (options.reports == ReportSpace::all)
      result.method +=
          ": walk-away reports reach it, so reporting weights and values as well "
          "adds nothing";
  } else {
    const LinearReports space = linear_reports(scenario, i);
    const bool free_values = options.reports == ReportSpace::values;
    const Packages all = enumerate(scenario);
    // Packages the others accept, and among them those undominated in (option values, others).
    std::vector<std::size_t> rational;
    for (std::size_t x = 0; x < all.outcomes.size(); ++x) {
      bool ok = true;
      for (std::size_t j = 0; j < scenario.party_count() && ok; ++j)
        ok = j == i || all.utilities[x][j] >= scenario.party(j).reservation_value;
      if (ok) rational.push_back(x);
    }
    std::vector<std::vector<double>> profile(all.outcomes.size());
    for (const auto x : rational) {
      for (std::size_t k = 0; k < space.issues; ++k)
        if (!free_values) profile[x].push_back(space.true_values[k][all.outcomes[x][k]]);
      for (std::size_t j = 0; j < scenario.party_count(); ++j)
        if (j != i) profile[x].push_back(all.utilities[x][j]);
    }
    // With free option values, packages differ by their options: only the others' utilities
    // and the package itself can dominate (the identical package); keep every rational one.
    const std::vector<std::size_t> rows = free_values ? rational : undominated(profile, rational);
    std::vector<std::size_t> candidates = rows;
    std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
      return all.utilities[a][i] > all.utilities[b][i];
    });
    std::optional<Party> best_party;
    std::string best_text;
    std::size_t tried = 0;
    if (options.rule == ManipulationRule::nash) {
      for (const auto x : candidates) {
        if (all.utilities[x][i] <= result.truthful_utilities[i] + 1e-12) break;
        if (options.cancelled && options.cancelled())
          throw Cancelled("manipulation analysis cancelled");
        ++tried;
        const auto report =
            nash_polytope(scenario, i, space, all, x, rows, free_values, std::nullopt, 1e-9);
        if (!report) continue;
        Party party = reported_linear(scenario, i, report->weights, report->values);
        const auto reached = mediator.with_party(party);
        if (reached.agreement() && mediator.utilities(reached)[i] >= all.utilities[x][i] - 1e-12) {
          best_party = std::move(party);
          best_text = free_values ? values_text(scenario, report->weights, report->values)
                                  : weights_text(scenario, report->weights);
          // Minimum deviation (weights): the closest report with a strict margin.
          if (!free_values && options.minimum_deviation) {
            std::optional<double> smallest;
            std::vector<double> closest;
            for (const auto y : candidates) {
              if (all.utilities[y][i] <= result.truthful_utilities[i] + 1e-12) break;
              const auto near =
                  nash_polytope(scenario, i, space, all, y, rows, false, space.true_weights, 1e-9);
              if (!near) continue;
              double change = 0.0;
              for (std::size_t k = 0; k < space.issues; ++k)
                change = std::max(change, std::abs(near->weights[k] - space.true_weights[k]));
              if (!smallest || change < *smallest) {
                smallest = change;
                closest = near->weights;
              }
            }
            if (smallest) {
              result.minimum_deviation = smallest;
              result.minimum_deviation_report.weights = closest;
              result.minimum_deviation_report.text = weights_text(scenario, closest);
            }
          }
          break;
        }
      }
      result.minimum_deviation_known = !free_values && options.minimum_deviation;
      result.method = "one linear program per candidate package, in decreasing true utility (" +
                      std::to_string(tried) + " LPs over " + std::to_string(rows.size()) +
                      " undominated packages the others accept), the report confirmed by the "
                      "analysis";
    } else {
      // A seeded random search over the simplex (and the option values): a lower bound.
      std::mt19937_64 generator(1);
      const std::size_t draws = std::max<std::size_t>(
          200, static_cast<std::size_t>(std::ceil(1.0 / std::pow(options.grid_step, 2.0))));
      double best_value = result.truthful_utilities[i];
      for (std::size_t draw = 0; draw < draws; ++draw) {
        auto weights = simplex_point(generator, space.issues);
        auto values = space.true_values;
        if (free_values) {
          std::uniform_real_distribution<double> unit(0.0, 1.0);
          for (auto& table : values) {
            double top = 0.0;
            for (auto& v : table) top = std::max(top, v = unit(generator));
            for (auto& v : table) v = top > 0.0 ? v / top : 0.0;
          }
        }
        Party party = reported_linear(scenario, i, weights, values);
        const auto reached = mediator.with_party(party);
        const double value = mediator.utilities(reached)[i];
        if (value > best_value + 1e-12) {
          best_value = value;
          best_party = std::move(party);
          best_text = free_values ? values_text(scenario, weights, values)
                                  : weights_text(scenario, weights);
        }
      }
      result.exact = false;
      result.minimum_deviation_known = false;
      result.method = "a seeded random search over " + std::to_string(draws) +
                      " reports (a lower bound on what misreporting gains; the exact method "
                      "covers Nash); by the reservation theorem no report can give more than " +
                      number(bound);
    }
    if (best_party) {
      const auto reached = mediator.with_party(*best_party);
      const auto* linear = best_party->utility->as_linear_additive();
      result.best_report.weights = linear->weights();
      if (free_values) {
        for (std::size_t k = 0; k < space.issues; ++k) {
          std::vector<double> values;
          for (std::uint32_t o = 0; o < scenario.issue(k).cardinality(); ++o)
            values.push_back(linear->value_utility(k, o));
          result.best_report.values.push_back(std::move(values));
        }
      }
      result.best_report.text = best_text;
      result.best_outcome = mediator.describe(reached);
      result.best_utilities = mediator.utilities(reached);
    } else {
      result.best_report = result.truthful_report;
      result.best_report.weights = space.true_weights;
      result.best_report.text = weights_text(scenario, space.true_weights);
      result.best_outcome = result.truthful_outcome;
      result.best_utilities = result.truthful_utilities;
    }
    result.truthful_report.weights = space.true_weights;
    result.truthful_report.text = weights_text(scenario, space.true_weights);
  }
  settle_gains(result);
  if (options.information == InformationModel::bayes)
    bayes_risk(result, scenario, options, one_dimensional);
  // The sentence.
  const std::string& name = scenario.party(i).name;
  std::ostringstream line;
  const char* rule = to_string(options.rule);
  if (result.gain > 0.0) {
    line << "Under " << rule << " with self-reported "
         << (one_dimensional                          ? "walk-away values"
             : options.reports == ReportSpace::values ? "weights and option values"
                                                      : "weights")
         << ", " << name << " could raise its utility from "
         << number(result.truthful_utilities[i], 3) << " to " << number(result.best_utilities[i], 3)
         << " by reporting " << result.best_report.text;
    if (one_dimensional && !result.intervals.empty()) {
      // The reports reaching that utility, as intervals.
      std::string ranges;
      for (const auto& interval : result.intervals)
        if (interval.utilities[i] >= result.best_utilities[i] - 1e-12 &&
            interval.from != interval.to)
          ranges += (ranges.empty() ? "" : " or ") + number(interval.from, 3) + "-" +
                    number(interval.to, 3);
      if (!ranges.empty()) line << " (any walk-away in " << ranges << ")";
    }
    std::string losers;
    for (std::size_t p = 0; p < result.losses.size(); ++p)
      if (p != i && result.losses[p] > 1e-12)
        losers += (losers.empty() ? "" : ", ") + scenario.party(p).name + " loses " +
                  number(result.losses[p], 3);
    if (!losers.empty()) line << "; " << losers;
    line << ".";
  } else {
    line << "Under " << rule << ", no " << (one_dimensional ? "walk-away" : "such") << " report "
         << (result.exact ? "gives " : "found gives ") << name << " more than its truthful "
         << number(result.truthful_utilities[i], 3) << ".";
  }
  if (result.bayes_best && result.bayes_of_full_information) {
    const BayesianRisk& full = *result.bayes_of_full_information;
    const BayesianRisk& bayes = *result.bayes_best;
    const auto percent = [](double p) { return number(100.0 * p, 1) + "%"; };
    line << " Not knowing the others' preferences (" << bayes.samples << " draws), ";
    if (result.gain > 0.0)
      line << "that report gains " << number(full.expected_gain, 3) << " on average and does "
           << "worse than the truth with probability " << percent(full.probability_of_loss) << "; ";
    if (bayes.expected_gain > 0.0)
      line << "the report best on average (" << bayes.report.text << ") gains "
           << number(bayes.expected_gain, 3) << ", with probability "
           << percent(bayes.probability_of_loss) << " of doing worse.";
    else
      line << "no report tried gains on average: telling the truth is the safe choice.";
  }
  result.sentence = line.str();
  return result;
}

}  // namespace parley::detail
