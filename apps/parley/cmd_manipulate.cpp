// parley manipulate: how much one party could gain by misreporting its preferences to a mediator
// rule, and the summary table of every party and rule (docs/manipulation.md). Exit codes: 0
// success (also when a rule is manipulable: that is a finding), 1 an error, 2 bad usage.
#include <iostream>

#include "cli_common.hpp"
#include "parley/manipulate/manipulate.hpp"

namespace parley::cli {
namespace {

struct ManipulateArgs {
  ScenarioArgs scenario;
  std::string rule = "nash", party, reports = "walk-away";
  bool table = false, json = false, variants = false;
  bool reports_given = false;
  std::string info = "full";
  std::uint64_t samples = ManipulationOptions{}.samples, seed = ManipulationOptions{}.seed;
  double epsilon = VariantOptions{}.epsilon;
  double grid_step = ManipulationOptions{}.grid_step;
  std::uint64_t max_packages = ManipulationOptions{}.max_packages;
};

std::size_t party_index(const std::vector<std::string>& names, const std::string& given,
                        const std::string& origin) {
  for (std::size_t p = 0; p < names.size(); ++p)
    if (names[p] == given) return p;
  std::string known;
  for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
  throw InputError(origin, std::nullopt, "--party", "'" + given + "'", "one of: " + known);
}

int manipulate(const ManipulateArgs& args) {
  ManipulationOptions options;
  const auto rule = parse_manipulation_rule(args.rule);
  if (!rule)
    throw InputError("command line", std::nullopt, "--rule", "'" + args.rule + "'",
                     "nash, ks (kalai-smorodinsky), egalitarian, utilitarian, nash-lottery, "
                     "adjusted-winner (aw) or mnw");
  const auto reports = parse_report_space(args.reports);
  if (!reports)
    throw InputError("command line", std::nullopt, "--reports", "'" + args.reports + "'",
                     "walk-away, weights, values or all");
  const auto information = parse_information_model(args.info);
  if (!information)
    throw InputError("command line", std::nullopt, "--info", "'" + args.info + "'",
                     "full or bayes");
  options.rule = *rule;
  options.reports = *reports;
  options.information = *information;
  options.samples = args.samples;
  options.seed = args.seed;
  // Division rules have one report space (points, valuations): the default follows the rule.
  if (is_division_rule(*rule) && !args.reports_given) options.reports = ReportSpace::weights;
  options.grid_step = args.grid_step;
  options.max_packages = args.max_packages;
  install_interrupt_handler();
  options.cancelled = interrupted;
  if (args.variants) {
    VariantOptions variant_options;
    variant_options.epsilon = args.epsilon;
    const ManipulationVariants variants =
        is_table(args.scenario.paths)
            ? analyse_variants(fair::load_division_table(args.scenario.paths.front()), options,
                               variant_options)
            : analyse_variants(*args.scenario.load(), options, variant_options);
    std::cout << (args.json ? variants_json(variants) : render_variants(variants));
    return 0;
  }
  std::vector<ManipulationResult> results;
  if (is_table(args.scenario.paths)) {
    const auto instance = fair::load_division_table(args.scenario.paths.front());
    if (args.table) {
      for (const auto division :
           {ManipulationRule::adjusted_winner, ManipulationRule::max_nash_welfare}) {
        if (division == ManipulationRule::adjusted_winner && instance.agent_count() != 2) continue;
        for (std::size_t p = 0; p < instance.agent_count(); ++p) {
          options.rule = division;
          options.party = p;
          options.reports = ReportSpace::weights;
          results.push_back(analyse_manipulation(instance, options));
        }
      }
    } else {
      if (args.party.empty())
        throw InputError("command line", std::nullopt, "--party", "nothing",
                         "the manipulating party's name (or --table for every party)");
      options.party = party_index(instance.agents, args.party, instance.origin);
      results.push_back(analyse_manipulation(instance, options));
    }
  } else {
    const auto scenario = args.scenario.load();
    if (args.table) {
      results = manipulation_table(*scenario, options);
    } else {
      if (args.party.empty())
        throw InputError("command line", std::nullopt, "--party", "nothing",
                         "the manipulating party's name (or --table for every party)");
      std::vector<std::string> names;
      for (const auto& p : scenario->parties()) names.push_back(p.name);
      options.party = party_index(names, args.party, scenario->name());
      results.push_back(analyse_manipulation(*scenario, options));
    }
  }
  if (args.json)
    std::cout << manipulation_json(results);
  else if (args.table)
    std::cout << render_manipulation_table(results);
  else
    std::cout << render_manipulation(results.front());
  return 0;
}

}  // namespace

// Defines the options of `parley manipulate` and its runner (main.cpp: only when it is named).
static void define_manipulate(CLI::App* command, Runner& run) {
  auto args = std::make_shared<ManipulateArgs>();
  args->scenario.add_to(*command);
  command
      ->add_option("--rule", args->rule,
                   "The mediator's rule: nash, ks, egalitarian, utilitarian, adjusted-winner (aw, "
                   "two parties, a division scenario or table), mnw (maximum Nash welfare, "
                   "divisible goods) or nash-lottery (two parties: lotteries between two "
                   "packages)")
      ->capture_default_str();
  command->add_option("--party", args->party, "The party who misreports (its name)");
  auto* reports = command->add_option(
      "--reports", args->reports,
      "What it may misreport: walk-away (its walk-away value), weights (its issue "
      "weights; division rules: its points or valuations), values (weights and "
      "option values), all (default: walk-away; weights for adjusted-winner and mnw)");
  command->add_flag("--table", args->table,
                    "Every party under every rule that fits, side by side (--reports applies to "
                    "the bargaining rules)");
  command->add_flag("--json", args->json,
                    "Print JSON (schema parley-manipulation/1: docs/manipulation.md)");
  command
      ->add_option("--info", args->info,
                   "What the manipulator knows: full (the others' true preferences: the worst "
                   "case) or bayes (their uncertainty, as parley robust reads it: expected gain "
                   "and P(loss) of each report)")
      ->capture_default_str();
  command
      ->add_option("--samples", args->samples,
                   "bayes: draws of the others' preferences (the same draws for every report)")
      ->capture_default_str()
      ->check(whole_number(1, 1'000'000));
  command->add_option("--seed", args->seed, "bayes: the draws' seed")->capture_default_str();
  command->add_flag("--variants", args->variants,
                    "The rule against its less manipulable variants (walk-away from the no-deal "
                    "package, the hardest-to-manipulate compromise, truthful baselines): each "
                    "one's cost in efficiency and fairness and its largest gain from misreporting");
  command
      ->add_option("--epsilon", args->epsilon,
                   "--variants: the hardest-to-manipulate compromise is chosen among packages "
                   "within this share of the largest Nash product")
      ->capture_default_str()
      ->check(real_number(0.0, 0.999, true));
  command
      ->add_option("--grid-step", args->grid_step,
                   "Step of the searches over multi-dimensional reports (weights on [0, 1]; "
                   "points: 100 x step)")
      ->capture_default_str()
      ->check(real_number(0.0, 0.5, false));
  command
      ->add_option("--max-packages", args->max_packages,
                   "Packages enumerated at most (the bargaining rules are exact over all of them)")
      ->capture_default_str()
      ->check(whole_number(1, std::uint64_t{1} << 32));
  command->callback([&run, args, reports] {
    args->reports_given = reports->count() > 0;
    run = [args] { return manipulate(*args); };
  });
}

Command manipulate_command() {
  return {"manipulate",
          "How much a party could gain by misreporting its preferences to a mediator rule (Nash, "
          "Kalai-Smorodinsky, egalitarian, utilitarian, lottery Nash, Adjusted Winner, maximum "
          "Nash welfare): the best misreport, the reports reaching each outcome, the others' "
          "losses, the risk when the others are uncertain, less manipulable variants",
          define_manipulate};
}

}  // namespace parley::cli
