// Manipulation analysis (`parley manipulate`; methods, definitions and proofs in
// docs/manipulation.md, specification ../shared/docs/specs/manipulation.md): how much one party
// could gain by misreporting its preferences to a mediator rule, when the mediator computes its
// compromise from what the parties report.
//
// Every efficient, non-dictatorial rule can be gamed (Gibbard-Satterthwaite, Schummer 1997,
// Myerson-Satterthwaite 1983), so parley measures how much: for a rule R, a manipulator i and a
// space of reports, the truthful outcome; the best misreport and the outcome it reaches (the
// manipulator's utilities are always its true ones); the gain, the incentive ratio (best true
// utility over truthful true utility), each other party's loss, the smallest change of report
// that gives a strict gain; for one-dimensional report spaces, the exact intervals of reports
// reaching each outcome.
//
// Information: `full` (the other parties' true reports are known to the manipulator: the worst
// case for the mediator). Every tie-breaking rule is written out in the result, because it can
// decide the answer.
//
// Rules and report spaces:
//  - bargaining rules over a scenario's packages (nash, kalai-smorodinsky, egalitarian,
//    utilitarian: the definitions and ties of parley solve, include/parley/analysis/analysis.hpp,
//    computed by parley's own analysis on the reported scenario); reports: the walk-away value
//    (exact breakpoints; the reservation theorem of docs/manipulation.md), the issue weights
//    (Nash: one linear program per candidate package; the other rules: a grid search), the value
//    functions with the weights;
//  - Adjusted Winner (two parties, 100 points each; include/parley/fair/fair_division.hpp):
//    reports are point vectors;
//  - maximum Nash welfare over divisible goods (the Eisenberg-Gale program, equal budgets: the
//    Fisher-market equilibrium): reports are linear valuations.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/fair/fair_division.hpp"
#include "parley/model/scenario.hpp"

namespace parley {

enum class ManipulationRule {
  nash,
  kalai_smorodinsky,
  egalitarian,
  utilitarian,
  adjusted_winner,
  max_nash_welfare,
  // Two parties: the lottery Nash solution (parley solve --lotteries): the product of expected
  // gains over the upper convex hull of the IR frontier.
  nash_lottery
};
// "nash", "kalai-smorodinsky", "egalitarian", "utilitarian", "adjusted-winner", "mnw",
// "nash-lottery".
const char* to_string(ManipulationRule rule) noexcept;
// Also reads "ks", "aw", "max-nash-welfare".
std::optional<ManipulationRule> parse_manipulation_rule(std::string_view name);
// True for adjusted_winner and max_nash_welfare (they divide items, not packages).
bool is_division_rule(ManipulationRule rule) noexcept;

enum class ReportSpace {
  walk_away,  // the walk-away value only (the utility function as it truly is)
  weights,    // the issue weights only (bargaining) / the points or valuations (division rules)
  values,     // the weights and the value of every option
  all         // weights, values and the walk-away value
};
const char* to_string(ReportSpace space) noexcept;  // "walk-away", "weights", "values", "all"
std::optional<ReportSpace> parse_report_space(std::string_view name);

// What the manipulator knows about the others.
enum class InformationModel {
  full,  // their true preferences (the worst case for the mediator)
  bayes  // a law over their preferences: their uncertainty (parley robust's model), truthful
};
const char* to_string(InformationModel model) noexcept;  // "full", "bayes"
std::optional<InformationModel> parse_information_model(std::string_view name);

struct ManipulationOptions {
  ManipulationRule rule = ManipulationRule::nash;
  std::size_t party = 0;  // the manipulator
  ReportSpace reports = ReportSpace::walk_away;
  // Grid step of searches over multi-dimensional reports (weights and values on [0, 1]; points of
  // division rules on 0..100 in steps of 100 * grid_step).
  double grid_step = 0.05;
  // Packages enumerated at most (the bargaining rules are exact over all packages).
  std::uint64_t max_packages = 200'000;
  // Compute the smallest change of report that gains (for Nash weight reports one more LP per
  // candidate above the truthful utility); false skips it (minimum_deviation_known is false).
  bool minimum_deviation = true;
  InformationModel information = InformationModel::full;
  // bayes: draws of the others' preferences (the same draws for every candidate report: common
  // random numbers) and their seed.
  std::uint64_t samples = 200;
  std::uint64_t seed = 1;
  // Polled between candidate reports; true stops with Cancelled.
  std::function<bool()> cancelled;
};

// What the manipulator tells the mediator.
struct ManipulationReport {
  std::optional<double> walk_away;
  // Bargaining: one weight per issue (summing to 1). Division rules: one number per item (AW:
  // points summing to 100; MNW: valuations summing to the manipulator's total).
  std::vector<double> weights;
  // Bargaining, `values` and `all`: the value of each option, per issue (0..1).
  std::vector<std::vector<double>> values;
  std::string text;  // in words: "walk-away 0.62", "weights iturup 0.50, economy 0.10, ..."
};

// One-dimensional report spaces: every report in [from, to] (ends included as said) reaches the
// same outcome.
struct ReportInterval {
  double from = 0.0, to = 0.0;
  bool from_included = true, to_included = true;
  std::string outcome;            // "iturup=joint, economy=zone, ..." or "no agreement"
  std::vector<double> utilities;  // every party's true utility of that outcome
  // nash-lottery: a lottery between the same two packages whose probabilities move with the
  // report; `utilities` are the expected utilities at `from`, `utilities_to` those at `to`
  // (empty when the outcome is the same throughout).
  std::vector<double> utilities_to;
};

// The best report under the bayes information model: the others' preferences drawn from their
// uncertainty, the same draws for every report compared.
struct BayesianRisk {
  std::uint64_t samples = 0, seed = 0;
  ManipulationReport report;
  double expected_gain = 0.0;        // E[true utility with the report - truthful]
  double probability_of_loss = 0.0;  // P(the report does worse than the truth)
  double probability_of_gain = 0.0;  // P(it does strictly better)
  double worst_loss = 0.0;           // the largest loss over the draws (>= 0)
  double standard_error = 0.0;       // of expected_gain
};

struct ManipulationResult {
  ManipulationRule rule = ManipulationRule::nash;
  ReportSpace reports = ReportSpace::walk_away;
  std::size_t party = 0;
  std::vector<std::string> parties;
  // The rule's tie-breaking and the information model, in sentences.
  std::string tie_breaking;
  std::string assumptions;
  // How the best report was found ("reservation theorem and exact breakpoints", "one linear
  // program per candidate package: 14 LPs", "grid of step 0.05: 1,771 reports").
  std::string method;
  bool exact = true;  // false: a grid search (a lower bound on what misreporting can gain)

  std::string truthful_outcome;
  std::vector<double> truthful_utilities;  // true utilities, per party
  ManipulationReport truthful_report;

  ManipulationReport best_report;
  std::string best_outcome;
  std::vector<double> best_utilities;  // true utilities, per party
  // The best value is a supremum approached by reports (e.g. bidding just above the other side)
  // rather than reached by one; best_report is then within grid_step of it.
  bool supremum = false;
  double gain = 0.0;  // best_utilities[party] - truthful_utilities[party] (>= 0)
  // best / truthful true utility of the manipulator; empty when the truthful utility is 0.
  std::optional<double> incentive_ratio;
  std::vector<double> losses;  // truthful - best true utility, per party (0 for the manipulator)
  // The smallest change of report that gives a strict gain, on the report's own scale
  // (walk-away: |d' - d|; weights and points: the largest change of one coordinate); empty when
  // no report gains.
  std::optional<double> minimum_deviation;
  ManipulationReport minimum_deviation_report;
  // False when the method does not compute the minimum deviation (searches, value reports).
  bool minimum_deviation_known = true;

  std::vector<ReportInterval> intervals;  // one-dimensional report spaces
  std::string sentence;                   // one line a mediator reads

  InformationModel information = InformationModel::full;
  // bayes: the report of largest expected gain among the candidates tried (the best full-
  // information reports of every draw, the truthful report and a grid), and the full-information
  // best report above judged under the beliefs (Scheller 2017: often a gamble).
  std::optional<BayesianRisk> bayes_best, bayes_of_full_information;
  std::size_t bayes_candidates = 0;
};

// A mechanism's outcome on the truthful profile (the rule itself, a less manipulable variant of
// it, a truthful baseline), with what it costs in efficiency and fairness and how manipulable it
// is.
struct MechanismOutcome {
  std::string name;         // "nash", "serial dictatorship (japan, russia)", "random priority", ...
  std::string description;  // how it chooses, ties written out
  bool truthful = false;    // truthful reporting is a dominant strategy (proved, not measured)
  std::string outcome;      // the package, "lottery: ...", or the allocation in words
  std::vector<double> utilities;  // true (expected) utilities per party
  // Efficiency and fairness on the truthful profile (gains over the true walk-away values).
  double utility_sum = 0.0;
  std::optional<double> nash_product;  // product of gains; empty when some gain is negative
  double smallest_gain = 0.0;          // min over parties of (u - walk-away)
  bool individually_rational = true;   // every gain >= 0
  // Against the reference (the rule with self-reported walk-away values, truthful): how much
  // utility sum and smallest gain this mechanism gives up (negative: it does better).
  double efficiency_cost = 0.0, fairness_cost = 0.0;
  // Manipulability: the largest gain one party could get by misreporting (0 when truthful);
  // empty when not computed (then `note` says why). Exact unless largest_gain_exact is false.
  std::optional<double> largest_gain;
  std::string largest_gain_party;
  bool largest_gain_exact = true;
  std::string note;
};

struct VariantOptions {
  // The hardest-to-manipulate compromise: candidates within epsilon (relative) of the largest
  // Nash product.
  double epsilon = 0.05;
  // Random priority with more parties than this many: a seeded sample of orders.
  std::size_t exact_orders_up_to = 8;
};

// The rule and its less manipulable variants side by side, on the truthful profile.
struct ManipulationVariants {
  std::vector<std::string> parties;
  std::vector<MechanismOutcome> mechanisms;  // the reference first
  std::vector<std::string> sentences;        // what a mediator reads
};

// The bargaining rules over a scenario (linear-additive parties, discrete issues, at most
// options.max_packages packages), or a division rule over a division scenario (every issue
// "who gets item X", include/parley/fair/fair_division.hpp). Throws InputError naming the field
// (an unknown party, a rule that does not fit the scenario), Cancelled.
ManipulationResult analyse_manipulation(const Scenario& scenario,
                                        const ManipulationOptions& options);
// A division rule over a division table.
ManipulationResult analyse_manipulation(const fair::DivisionInstance& instance,
                                        const ManipulationOptions& options);

// Every party under every rule that fits, side by side (the summary table).
std::vector<ManipulationResult> manipulation_table(const Scenario& scenario,
                                                   const ManipulationOptions& options);

// The rule of options.rule (every party's walk-away reports; for division rules its reports)
// against its less manipulable variants: walk-away from an explicit no-deal package, the
// hardest-to-manipulate compromise within epsilon of the Nash product, the truthful baselines
// (serial dictatorship, random priority; Partial Allocation over divisible goods).
ManipulationVariants analyse_variants(const Scenario& scenario, const ManipulationOptions& options,
                                      const VariantOptions& variants = {});
// The hardest-to-manipulate compromise alone (the variants' row): the package, or empty when no
// package gives every party a positive gain. Throws InputError beyond options.max_packages.
std::optional<Outcome> hardest_to_manipulate(const Scenario& scenario, double epsilon,
                                             const ManipulationOptions& options = {});
// A division table under adjusted-winner or mnw: the rule and Partial Allocation (mnw).
ManipulationVariants analyse_variants(const fair::DivisionInstance& instance,
                                      const ManipulationOptions& options,
                                      const VariantOptions& variants = {});
std::string render_variants(const ManipulationVariants& variants);
std::string variants_json(const ManipulationVariants& variants);  // parley-manipulation-variants/1

// Text for people (one result: its sentence, the truthful and best outcomes, the intervals; a
// table: one line per party and rule) and JSON (schema parley-manipulation/1).
std::string render_manipulation(const ManipulationResult& result);
std::string render_manipulation_table(const std::vector<ManipulationResult>& results);
std::string manipulation_json(const std::vector<ManipulationResult>& results);

}  // namespace parley
