// The less manipulable variants of a rule, side by side with it on the truthful profile
// (include/parley/manipulate/manipulate.hpp, analyse_variants; docs/manipulation.md, "Less
// manipulable variants").
//
// Every mechanism is run on the truthful profile and judged with the true utilities and the true
// walk-away values: its total utility, the Nash product of the gains, the smallest gain, whether
// everyone is at least at its walk-away; its costs are the reference's total and smallest gain
// minus its own. Its manipulability is the largest gain one party can get by misreporting (full
// information), computed with the machinery of the rules:
//  - the reference (the rule with self-reported walk-away values): every party's exact best
//    walk-away report (by the reservation theorem the best report of any kind under Nash, KS and
//    egalitarian);
//  - walk-away from the no-deal package (the scenario's status quo, or the package given): a
//    walk-away cannot be reported, it is the reported utility of that package; what is left is
//    misreporting the weights (Nash: one LP per candidate, exact; the other rules: a search);
//  - the hardest-to-manipulate compromise within epsilon of the Nash product: for a candidate x
//    the rule M_x keeps x while x stays within epsilon of the largest reported Nash product, and
//    falls back to Nash otherwise. A party's best walk-away report against M_x is exact: on each
//    piece of its walk-away reports where Nash chooses y, x stays near iff
//    g(x)(u(x) - d) >= (1 - epsilon) g(y)(u(y) - d) (g: the product of the others' gains), a
//    linear condition in d, so the reports that push x out form an interval; the party gains
//    u(y) - u(x) when it is not empty. The compromise is the x with the smallest largest gain
//    (ties: the larger Nash product, then frontier order);
//  - the truthful baselines (baselines.hpp): largest gain 0 by construction.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "manipulate/baselines.hpp"
#include "manipulate/manipulate_internal.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/support/error.hpp"
#include "support/random.hpp"

namespace parley {
namespace {

std::string decimal(double value, int digits = 3) { return detail::fixed_text(value, digits); }

std::vector<double> walk_aways(const Scenario& scenario) {
  std::vector<double> values;
  for (const auto& p : scenario.parties()) values.push_back(p.reservation_value);
  return values;
}

// The rule's choice on a scenario, as a mechanism outcome (true utilities from `truth`).
MechanismOutcome rule_outcome(const Scenario& truth, const Scenario& used, ManipulationRule rule,
                              std::string name, std::string description) {
  AnalysisOptions options;
  options.count_limit = 0;
  options.share_samples = 1;
  options.frontier.method = FrontierMethod::enumeration;
  options.lotteries = rule == ManipulationRule::nash_lottery;
  const Analysis analysis = analyse(used, options);
  const SolutionKind kind = detail::solution_kind(rule);
  MechanismOutcome m;
  m.name = std::move(name);
  m.description = std::move(description);
  m.utilities = walk_aways(truth);
  m.outcome = "no agreement";
  for (const auto& solution : analysis.solutions) {
    if (solution.kind != kind) continue;
    if (solution.packages.empty()) break;
    m.utilities.assign(truth.party_count(), 0.0);
    m.outcome.clear();
    for (std::size_t k = 0; k < solution.packages.size(); ++k) {
      const double p = solution.packages.size() > 1 ? solution.probabilities.at(k) : 1.0;
      for (std::size_t j = 0; j < truth.party_count(); ++j)
        m.utilities[j] += p * truth.utility(j, solution.packages[k].outcome);
      m.outcome += (k ? "; " : (solution.packages.size() > 1 ? "lottery: " : "")) +
                   (solution.packages.size() > 1 ? decimal(p) + " x " : std::string()) +
                   truth.describe(solution.packages[k].outcome);
    }
    break;
  }
  detail::settle_welfare(m, walk_aways(truth));
  return m;
}

// The largest gain over every party of `scenario` under `options` (rule, reports) and who gets it.
void largest_gain(MechanismOutcome& m, const Scenario& scenario, ManipulationOptions options) {
  m.largest_gain = 0.0;
  m.largest_gain_exact = true;
  for (std::size_t p = 0; p < scenario.party_count(); ++p) {
    options.party = p;
    options.information = InformationModel::full;
    options.minimum_deviation = false;  // only the gain is needed
    const ManipulationResult r = analyse_manipulation(scenario, options);
    m.largest_gain_exact = m.largest_gain_exact && r.exact;
    if (r.gain > *m.largest_gain + 1e-12) {
      m.largest_gain = r.gain;
      m.largest_gain_party = scenario.party(p).name;
    }
  }
}

// The scenario with every party's walk-away the utility of `package` (a no-deal package).
Scenario with_no_deal(const Scenario& scenario, const Outcome& package) {
  std::vector<Party> parties = scenario.parties();
  for (auto& p : parties) {
    p.reservation_outcome = package;
    p.reservation_value = p.utility->utility(package);
    p.uncertainty.reset();
  }
  return Scenario(scenario.name(), scenario.issues(), std::move(parties), scenario.description(),
                  scenario.name(), package);
}

// The Nash product of gains (0 when a gain is not positive).
double nash_product(const std::vector<double>& u, const std::vector<double>& r) {
  double product = 1.0;
  for (std::size_t j = 0; j < u.size(); ++j) product *= std::max(0.0, u[j] - r[j]);
  return product;
}

struct Hardest {
  MechanismOutcome outcome;
  Outcome package;
  std::size_t candidates = 0;
};

// The hardest-to-manipulate compromise among the IR frontier packages within epsilon of the
// largest Nash product (see the file's comment).
std::optional<Hardest> hardest_compromise(const Scenario& scenario,
                                          const ManipulationOptions& options, double epsilon) {
  const std::size_t n = scenario.party_count();
  const std::vector<double> r = walk_aways(scenario);
  AnalysisOptions analysis_options;
  analysis_options.count_limit = 0;
  analysis_options.share_samples = 1;
  analysis_options.frontier.method = FrontierMethod::enumeration;
  const Analysis analysis = analyse(scenario, analysis_options);
  double best_product = 0.0;
  for (const auto& p : analysis.frontier.packages)
    best_product = std::max(best_product, nash_product(p.utilities, r));
  if (!(best_product > 0.0)) return std::nullopt;
  std::vector<const Package*> near;
  for (const auto& p : analysis.frontier.packages) {
    bool rational = true;
    for (std::size_t j = 0; j < n && rational; ++j) rational = p.utilities[j] >= r[j];
    if (rational && nash_product(p.utilities, r) >= (1.0 - epsilon) * best_product)
      near.push_back(&p);
  }
  // Every party's walk-away reports under Nash: the exact pieces.
  std::vector<ManipulationResult> pieces;
  for (std::size_t i = 0; i < n; ++i) {
    ManipulationOptions one = options;
    one.rule = ManipulationRule::nash;
    one.reports = ReportSpace::walk_away;
    one.information = InformationModel::full;
    one.party = i;
    pieces.push_back(analyse_manipulation(scenario, one));
  }
  const auto others_product = [&](std::size_t i, const std::vector<double>& u) {
    double product = 1.0;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) product *= std::max(0.0, u[j] - r[j]);
    return product;
  };
  std::optional<Hardest> best;
  double best_gain = std::numeric_limits<double>::infinity(), best_nash = 0.0;
  for (const Package* x : near) {
    double largest = 0.0;
    std::string who;
    for (std::size_t i = 0; i < n; ++i) {
      const double ux = x->utilities[i], gx = others_product(i, x->utilities);
      for (const auto& interval : pieces[i].intervals) {
        const auto& uy = interval.utilities;
        const double gain = uy[i] - ux;
        if (gain <= largest + 1e-12 || gain <= 1e-12) continue;
        // x is pushed out of the near set by a report d of the piece when d > u(x) (x not IR
        // for i) or g(x)(u(x) - d) < (1 - eps) g(y)(u(y) - d), i.e. d (g(x) - c) > g(x) u(x) -
        // c u(y) with c = (1 - eps) g(y). No agreement (y empty) never gains: skipped above.
        const double c = (1.0 - epsilon) * others_product(i, uy);
        const double slope = gx - c, level = gx * ux - c * uy[i];
        // Some report d of the piece with a d > b: the piece's upper end above b / a (a > 0), its
        // lower end below it (a < 0); an open end still has reports just inside it.
        const auto some = [&](double a_, double b_) {
          if (a_ > 0.0) return interval.to > b_ / a_;
          if (a_ < 0.0) return interval.from < b_ / a_;
          return 0.0 > b_;
        };
        const bool out = some(1.0, ux) || some(slope, level);
        if (out) {
          largest = gain;
          who = scenario.party(i).name;
        }
      }
    }
    const double product = nash_product(x->utilities, r);
    if (!best || largest < best_gain - 1e-12 ||
        (largest <= best_gain + 1e-12 && product > best_nash + 1e-12 * best_product)) {
      Hardest h;
      h.candidates = near.size();
      h.outcome.name =
          "hardest to manipulate within " + decimal(100.0 * epsilon, 0) + "% of the Nash product";
      h.outcome.outcome = scenario.describe(x->outcome);
      h.outcome.utilities = x->utilities;
      h.package = x->outcome;
      h.outcome.largest_gain = largest;
      h.outcome.largest_gain_party = who;
      best = std::move(h);
      best_gain = largest;
      best_nash = product;
    }
  }
  if (!best) return std::nullopt;
  best->outcome.description =
      "Among the " + std::to_string(best->candidates) +
      " Pareto-optimal packages every party accepts whose Nash product is within " +
      decimal(100.0 * epsilon, 0) +
      "% of the largest, the one whose rule (keep it while it stays within that margin of the "
      "reported Nash product, else Nash on the reports) leaves the smallest largest gain to a "
      "party misreporting its walk-away; ties: the larger Nash product, then frontier order.";
  best->outcome.note =
      "Its Nash product is " + decimal(100.0 * best_nash / best_product, 1) +
      "% of the largest. Manipulability measured against walk-away misreports (exact), which "
      "by the reservation theorem are the strongest misreports against Nash itself.";
  detail::settle_welfare(best->outcome, r);
  return best;
}

// ---------------------------------------------------------------------------------------------
// Ordinal reports: each party ranks its issues (most important first) and each issue's options;
// the mediator turns the ranks into utilities (rank-order-centroid weights, Barron & Barrett
// 1996: w_r = (1/K) sum_{j >= r} 1/j for the issue ranked r of K; option values 1 - rank / (m - 1),
// rank the number of options ranked strictly better, so ties share a value) and the walk-away is
// the converted utility of the no-deal package.

struct Ordinal {
  std::vector<std::size_t> issues;             // most important first
  std::vector<std::vector<std::size_t>> rank;  // [issue][option]: options strictly better
};

Ordinal truthful_ordinal(const Scenario& scenario, std::size_t party) {
  const auto* linear = scenario.party(party).utility->as_linear_additive();
  Ordinal o;
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) o.issues.push_back(k);
  std::stable_sort(o.issues.begin(), o.issues.end(), [&](std::size_t a, std::size_t b) {
    return linear->weights()[a] > linear->weights()[b];
  });
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const std::uint32_t m = scenario.issue(k).cardinality();
    std::vector<std::size_t> ranks(m, 0);
    for (std::uint32_t a = 0; a < m; ++a)
      for (std::uint32_t b = 0; b < m; ++b)
        ranks[a] += linear->value_utility(k, b) > linear->value_utility(k, a) ? 1 : 0;
    o.rank.push_back(std::move(ranks));
  }
  return o;
}

Party ordinal_party(const Scenario& scenario, std::size_t party, const Ordinal& o,
                    const Outcome& no_deal) {
  const std::size_t K = scenario.issue_count();
  std::vector<double> weights(K, 0.0);
  for (std::size_t r = 0; r < K; ++r) {
    double w = 0.0;
    for (std::size_t j = r + 1; j <= K; ++j) w += 1.0 / static_cast<double>(j);
    weights[o.issues[r]] = w / static_cast<double>(K);
  }
  std::vector<ValueFunction> functions;
  for (std::size_t k = 0; k < K; ++k) {
    const std::size_t m = o.rank[k].size();
    std::vector<double> table;
    for (const std::size_t r : o.rank[k])
      table.push_back(m > 1 ? 1.0 - static_cast<double>(r) / static_cast<double>(m - 1) : 1.0);
    functions.push_back(ValueFunction::from_utilities(std::move(table)));
  }
  Party reported = scenario.party(party);
  reported.utility =
      std::make_shared<LinearAdditiveUtility>(scenario.issues(), weights, std::move(functions));
  reported.uncertainty.reset();
  reported.reservation_outcome = no_deal;
  reported.reservation_value = reported.utility->utility(no_deal);
  return reported;
}

// The ordinal mediator's outcome, every party's report given.
MechanismOutcome ordinal_outcome(const Scenario& scenario, const std::vector<Ordinal>& reports,
                                 const Outcome& no_deal, ManipulationRule rule) {
  std::vector<Party> parties;
  for (std::size_t p = 0; p < scenario.party_count(); ++p)
    parties.push_back(ordinal_party(scenario, p, reports[p], no_deal));
  const Scenario reported(scenario.name(), scenario.issues(), std::move(parties),
                          scenario.description());
  return rule_outcome(scenario, reported, rule, "", "");
}

// The ordinal variant: the truthful rankings' outcome, and for each party a search over its
// rankings (the others truthful): seeded random rankings, then a local search by adjacent swaps
// of the issue order and of each issue's options from the best found. A lower bound on the
// largest gain (the space has K! prod m_k! strict rankings alone).
MechanismOutcome ordinal_variant(const Scenario& scenario, const ManipulationOptions& options,
                                 const Outcome& no_deal) {
  const std::size_t n = scenario.party_count(), K = scenario.issue_count();
  std::vector<Ordinal> truth;
  for (std::size_t p = 0; p < n; ++p) truth.push_back(truthful_ordinal(scenario, p));
  MechanismOutcome m = ordinal_outcome(scenario, truth, no_deal, options.rule);
  m.name = std::string(to_string(options.rule)) + " with ordinal reports";
  m.description =
      "Each party only ranks its issues and each issue's options; the mediator turns the ranks "
      "into utilities (rank-order-centroid weights; option values evenly spaced from 1 for the "
      "best to 0 for the worst, tied options sharing a value) and takes each walk-away as the "
      "converted utility of the status quo package.";
  m.largest_gain = 0.0;
  m.largest_gain_exact = false;
  std::mt19937_64 random(detail::splitmix64(options.seed));
  const std::size_t budget = 400;  // evaluations per party
  std::size_t evaluations = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<Ordinal> reports = truth;
    const double truthful = m.utilities[i];
    double best = truthful;
    Ordinal best_report = truth[i];
    std::size_t used = 0;
    const auto judge = [&](const Ordinal& report) {
      if (options.cancelled && options.cancelled())
        throw Cancelled("manipulation analysis cancelled");
      reports[i] = report;
      ++used;
      const double u = ordinal_outcome(scenario, reports, no_deal, options.rule).utilities[i];
      if (u > best + 1e-12) {
        best = u;
        best_report = report;
        return true;
      }
      return false;
    };
    // Random strict rankings (Fisher-Yates with portable draws).
    const auto shuffle = [&](std::vector<std::size_t>& order) {
      for (std::size_t k = order.size(); k > 1; --k)
        std::swap(order[k - 1], order[detail::uniform_below(random, k)]);
    };
    for (std::size_t r = 0; r < budget / 2; ++r) {
      Ordinal report;
      report.issues.resize(K);
      for (std::size_t k = 0; k < K; ++k) report.issues[k] = k;
      shuffle(report.issues);
      for (std::size_t k = 0; k < K; ++k) {
        std::vector<std::size_t> ranks(truth[i].rank[k].size());
        for (std::size_t o = 0; o < ranks.size(); ++o) ranks[o] = o;
        shuffle(ranks);
        report.rank.push_back(std::move(ranks));
      }
      judge(report);
    }
    // Local search: adjacent swaps from the best found, while they improve and budget lasts.
    bool improved = true;
    while (improved && used < budget) {
      improved = false;
      const Ordinal from = best_report;
      for (std::size_t k = 0; k + 1 < K && !improved && used < budget; ++k) {
        Ordinal next = from;
        std::swap(next.issues[k], next.issues[k + 1]);
        improved = judge(next);
      }
      for (std::size_t k = 0; k < K && !improved && used < budget; ++k)
        for (std::size_t a = 0; a < from.rank[k].size() && !improved && used < budget; ++a)
          for (std::size_t b = 0; b < from.rank[k].size() && !improved && used < budget; ++b) {
            if (from.rank[k][b] != from.rank[k][a] + 1) continue;  // adjacent ranks
            Ordinal next = from;
            std::swap(next.rank[k][a], next.rank[k][b]);
            improved = judge(next);
          }
    }
    evaluations += used;
    if (best - truthful > *m.largest_gain + 1e-12) {
      m.largest_gain = best - truthful;
      m.largest_gain_party = scenario.party(i).name;
    }
  }
  m.note = "Largest gain found by a search over each party's rankings (" +
           std::to_string(evaluations) +
           " reports judged: seeded random rankings, then adjacent swaps): a lower bound. "
           "Walk-away values cannot be overstated: they follow the rankings.";
  return m;
}

void price(ManipulationVariants& variants) {
  const MechanismOutcome& reference = variants.mechanisms.front();
  for (auto& m : variants.mechanisms) {
    m.efficiency_cost = reference.utility_sum - m.utility_sum;
    m.fairness_cost = reference.smallest_gain - m.smallest_gain;
    if (std::abs(m.efficiency_cost) < 1e-12) m.efficiency_cost = 0.0;
    if (std::abs(m.fairness_cost) < 1e-12) m.fairness_cost = 0.0;
  }
}

void describe(ManipulationVariants& variants) {
  const MechanismOutcome& reference = variants.mechanisms.front();
  std::ostringstream first;
  first << "Under " << reference.name << ", ";
  if (reference.largest_gain && *reference.largest_gain > 1e-12)
    first << reference.largest_gain_party << " could gain up to "
          << decimal(*reference.largest_gain) << " by misreporting.";
  else
    first << "no party can gain by misreporting.";
  variants.sentences.push_back(first.str());
  for (std::size_t k = 1; k < variants.mechanisms.size(); ++k) {
    const MechanismOutcome& m = variants.mechanisms[k];
    std::ostringstream line;
    std::string name = m.name;
    if (!name.empty())
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    line << name << ": ";
    const double before = reference.largest_gain.value_or(0.0);
    if (!m.largest_gain)
      line << "manipulability not computed";
    else if (m.truthful)
      line << "nobody gains by misreporting (truthful)";
    else if (*m.largest_gain > 1e-12)
      line << "the largest gain "
           << (*m.largest_gain < before - 1e-12   ? "drops to "
               : *m.largest_gain > before + 1e-12 ? "rises to "
                                                  : "stays at ")
           << decimal(*m.largest_gain) << " (" << m.largest_gain_party
           << (m.largest_gain_exact ? "" : ", found by a search") << ")";
    else
      line << "nobody gains by misreporting" << (m.largest_gain_exact ? "" : " (by a search)");
    line << "; it costs " << decimal(m.efficiency_cost) << " in total utility and "
         << decimal(m.fairness_cost) << " in the smallest gain";
    if (!m.individually_rational) line << ", and leaves someone below its walk-away";
    line << ".";
    variants.sentences.push_back(line.str());
  }
}

}  // namespace

std::optional<Outcome> hardest_to_manipulate(const Scenario& scenario, double epsilon,
                                             const ManipulationOptions& options) {
  if (!(epsilon >= 0.0 && epsilon < 1.0))
    throw InputError("options", std::nullopt, "epsilon", decimal(epsilon, 6), "a share in [0, 1)");
  if (!scenario.can_enumerate(options.max_packages))
    throw InputError(scenario.name(), std::nullopt, "packages", scenario.space().size_text(),
                     "at most " + std::to_string(options.max_packages) + " packages");
  const auto hardest = hardest_compromise(scenario, options, epsilon);
  if (!hardest) return std::nullopt;
  return hardest->package;
}

ManipulationVariants analyse_variants(const Scenario& scenario, const ManipulationOptions& options,
                                      const VariantOptions& variants) {
  if (!(variants.epsilon >= 0.0 && variants.epsilon < 1.0))
    throw InputError("options", std::nullopt, "epsilon", decimal(variants.epsilon, 6),
                     "a share in [0, 1)");
  if (is_division_rule(options.rule)) {
    Warnings warnings;
    if (!fair::is_division_scenario(scenario))
      throw InputError(scenario.name(), std::nullopt, "rule", to_string(options.rule),
                       "a scenario whose every issue is 'who gets item X' for a division rule");
    return analyse_variants(fair::division_instance_from_scenario(scenario, warnings), options,
                            variants);
  }
  if (!scenario.can_enumerate(options.max_packages))
    throw InputError(scenario.name(), std::nullopt, "packages", scenario.space().size_text(),
                     "at most " + std::to_string(options.max_packages) +
                         " packages (manipulation analysis enumerates them; raise "
                         "--max-packages)");
  if (options.rule == ManipulationRule::nash_lottery && scenario.party_count() != 2)
    throw InputError(scenario.name(), std::nullopt, "rule", "nash-lottery",
                     "two parties (lottery solutions are defined for two parties)");
  ManipulationVariants out;
  for (const auto& p : scenario.parties()) out.parties.push_back(p.name);
  const std::string rule = to_string(options.rule);
  // The reference: the rule with self-reported walk-away values.
  {
    MechanismOutcome m = rule_outcome(
        scenario, scenario, options.rule, rule + " (self-reported walk-away values)",
        "parley solve's " + rule + " on the reported preferences, walk-away values as reported.");
    ManipulationOptions walk = options;
    walk.reports = ReportSpace::walk_away;
    largest_gain(m, scenario, walk);
    m.note = "Largest gain over every party's exact best walk-away report.";
    out.mechanisms.push_back(std::move(m));
  }
  // Walk-away from the no-deal package.
  if (scenario.status_quo()) {
    const Scenario fixed = with_no_deal(scenario, *scenario.status_quo());
    MechanismOutcome m = rule_outcome(
        scenario, fixed, options.rule, rule + " with walk-away from the no-deal package",
        "Each party's walk-away is its reported utility of the status quo package (" +
            scenario.describe(*scenario.status_quo()) +
            "), not a number it states: misreporting it means misreporting the weights.");
    ManipulationOptions weights = options;
    weights.reports = ReportSpace::weights;
    const bool linear = std::all_of(scenario.parties().begin(), scenario.parties().end(),
                                    [](const Party& p) { return p.utility->as_linear_additive(); });
    if (linear) {
      largest_gain(m, fixed, weights);
      m.note = "Largest gain over every party's best weight report" +
               std::string(m.largest_gain_exact ? " (exact: one LP per candidate package)."
                                                : " (a search: a lower bound).");
    } else {
      m.note = "Manipulability not computed: a party's preferences are not linear-additive.";
    }
    out.mechanisms.push_back(std::move(m));
  } else {
    MechanismOutcome m;
    m.name = rule + " with walk-away from the no-deal package";
    m.description = "Not available: the scenario names no status quo package (status_quo:).";
    m.note = m.description;
    m.utilities = walk_aways(scenario);
    m.outcome = "-";
    detail::settle_welfare(m, walk_aways(scenario));
    out.mechanisms.push_back(std::move(m));
  }
  // Ordinal reports with the walk-away from the no-deal package.
  if (scenario.status_quo() &&
      std::all_of(scenario.parties().begin(), scenario.parties().end(),
                  [](const Party& p) { return p.utility->as_linear_additive(); }))
    out.mechanisms.push_back(ordinal_variant(scenario, options, *scenario.status_quo()));
  // The hardest-to-manipulate compromise.
  if (auto hardest = hardest_compromise(scenario, options, variants.epsilon))
    out.mechanisms.push_back(std::move(hardest->outcome));
  // The truthful baselines.
  std::vector<std::size_t> order(scenario.party_count());
  for (std::size_t p = 0; p < order.size(); ++p) order[p] = p;
  out.mechanisms.push_back(detail::serial_dictatorship(scenario, order, options.max_packages));
  out.mechanisms.push_back(detail::random_priority(
      scenario, options.max_packages, variants.exact_orders_up_to, options.samples, options.seed));
  price(out);
  describe(out);
  return out;
}

ManipulationVariants analyse_variants(const fair::DivisionInstance& instance,
                                      const ManipulationOptions& options,
                                      const VariantOptions& variants) {
  (void)variants;
  if (!is_division_rule(options.rule))
    throw InputError(instance.origin, std::nullopt, "rule", to_string(options.rule),
                     "adjusted-winner or mnw for a division table");
  ManipulationVariants out;
  out.parties = instance.agents;
  const std::size_t n = instance.agent_count();
  // The reference: the rule's truthful outcome and every party's best report.
  MechanismOutcome reference;
  reference.name = to_string(options.rule);
  reference.largest_gain = 0.0;
  for (std::size_t p = 0; p < n; ++p) {
    ManipulationOptions one = options;
    one.party = p;
    one.reports = ReportSpace::weights;
    one.information = InformationModel::full;
    const ManipulationResult r = analyse_manipulation(instance, one);
    if (p == 0) {
      reference.utilities = r.truthful_utilities;
      reference.outcome = r.truthful_outcome;
      reference.description = r.tie_breaking;
    }
    reference.largest_gain_exact = reference.largest_gain_exact && r.exact;
    if (r.gain > *reference.largest_gain + 1e-12) {
      reference.largest_gain = r.gain;
      reference.largest_gain_party = instance.agents[p];
    }
  }
  reference.note = "Largest gain over every party's best report of its values.";
  detail::settle_welfare(reference, std::vector<double>(n, 0.0));
  out.mechanisms.push_back(std::move(reference));
  if (options.rule == ManipulationRule::max_nash_welfare)
    out.mechanisms.push_back(detail::partial_allocation(instance));
  price(out);
  describe(out);
  return out;
}

std::string render_variants(const ManipulationVariants& variants) {
  std::ostringstream out;
  out << "The rule and its less manipulable variants, on the truthful profile\n\n";
  for (const auto& m : variants.mechanisms) {
    out << "  " << m.name << (m.truthful ? " [truthful]" : "") << "\n"
        << "    outcome: " << m.outcome << "\n    utilities:";
    for (std::size_t p = 0; p < m.utilities.size() && p < variants.parties.size(); ++p)
      out << (p ? ", " : " ") << variants.parties[p] << " " << decimal(m.utilities[p]);
    out << "\n    total " << decimal(m.utility_sum) << ", smallest gain "
        << decimal(m.smallest_gain) << ", Nash product "
        << (m.nash_product ? decimal(*m.nash_product, 4) : std::string("- (someone below)"))
        << "; cost: " << decimal(m.efficiency_cost) << " total, " << decimal(m.fairness_cost)
        << " smallest gain\n    largest gain from misreporting: "
        << (m.largest_gain
                ? decimal(*m.largest_gain) +
                      (m.largest_gain_party.empty() ? std::string()
                                                    : " (" + m.largest_gain_party + ")") +
                      (m.largest_gain_exact ? "" : " [search]")
                : std::string("not computed"))
        << "\n    " << m.description << "\n";
    if (!m.note.empty() && m.note != m.description) out << "    " << m.note << "\n";
    out << "\n";
  }
  for (const auto& s : variants.sentences) out << "  - " << s << "\n";
  return out.str();
}

std::string variants_json(const ManipulationVariants& variants) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : variants.mechanisms)
    list.push_back(
        {{"name", m.name},
         {"description", m.description},
         {"truthful", m.truthful},
         {"outcome", m.outcome},
         {"utilities", m.utilities},
         {"utility_sum", m.utility_sum},
         {"nash_product", m.nash_product ? nlohmann::json(*m.nash_product) : nlohmann::json()},
         {"smallest_gain", m.smallest_gain},
         {"individually_rational", m.individually_rational},
         {"efficiency_cost", m.efficiency_cost},
         {"fairness_cost", m.fairness_cost},
         {"largest_gain", m.largest_gain ? nlohmann::json(*m.largest_gain) : nlohmann::json()},
         {"largest_gain_party", m.largest_gain_party},
         {"largest_gain_exact", m.largest_gain_exact},
         {"note", m.note}});
  return nlohmann::json{{"schema", "parley-manipulation-variants/1"},
                        {"parties", variants.parties},
                        {"mechanisms", std::move(list)},
                        {"sentences", variants.sentences}}
             .dump(2) +
         "\n";
}

}  // namespace parley
