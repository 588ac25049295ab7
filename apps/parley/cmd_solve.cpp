// parley solve: the zone of agreement, the bargaining solutions and their explanation.
// Exit codes: 0 success (also when there is no zone of agreement: that is a finding, reported),
// 1 an error, 2 bad command-line usage.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <limits>
#include <map>

#include "cli_common.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/fair/fair_division.hpp"

namespace parley::cli {
namespace {

struct SolveArgs {
  ScenarioArgs scenario;
  bool json = false;
  std::string frontier_listing = "all";
  bool lotteries = false;
  bool proofs = false;
  std::string plot;
  std::uint64_t budget = kDefaultWorkBudget;
  double time_cap = 0.0;
  double tolerance = 1e-9;
  std::uint64_t seed = 1;
  FrontierMethod method = FrontierMethod::automatic;
};

// Progress on stderr, one line rewritten in place (only when stderr is a terminal).
void show_progress(double fraction, const std::string& phase) {
  std::fprintf(stderr, "\r%-40s %5.1f%%", phase.c_str(), 100.0 * fraction);
  std::fflush(stderr);
}

int solve(const SolveArgs& args) {
  // Output paths first: a bad one fails before the (possibly long) analysis, nothing printed.
  if (!args.plot.empty()) check_plot_path(args.plot, "--plot");
  const auto scenario = args.scenario.load();
  // From here every long step polls the flag: Ctrl-C stops cleanly (exit 130, nothing printed).
  install_interrupt_handler();
  AnalysisOptions options;
  options.frontier.cancelled = interrupted;
  options.frontier.method = args.method;
  options.frontier.tolerance = args.tolerance;
  options.frontier.budget = args.budget;
  options.frontier.time_cap_seconds = args.time_cap;
  options.frontier.seed = args.seed;
  options.seed = args.seed;
  options.lotteries = args.lotteries;
  const bool terminal = isatty(fileno(stderr)) != 0;
  if (terminal) options.frontier.progress = show_progress;
  const Analysis analysis = analyse(*scenario, options);
  if (terminal) std::fprintf(stderr, "\r%-48s\r", "");
  if (args.json) {
    // Streamed: the document is never held whole in memory (docs/solve-json.md).
    write_report_json(std::cout, *scenario, analysis,
                      {parse_frontier_listing(args.frontier_listing)});
    std::cout << '\n';
  } else {
    std::cout << render_report(*scenario, analysis);
    if (args.proofs)
      std::cout << "\nProofs (parley certify: exact arithmetic, checkable with parley check)\n\n"
                << solution_proofs(*scenario, args.lotteries).first;
  }
  // A scenario whose issues are "who gets item X" can also be divided fairly: show the division
  // beside the bargaining compromises so the mediator can compare the two approaches.
  if (!args.json && fair::is_division_scenario(*scenario)) {
    Warnings warnings;
    const auto instance = fair::division_instance_from_scenario(*scenario, warnings);
    const auto division =
        fair::divide(instance, fair::default_division_method(instance), {}, warnings);
    print_warnings(warnings);
    std::cout << "\nFair division of the same items, for comparison (parley divide):\n\n"
              << fair::describe_division(division);
  }
  if (!args.plot.empty()) {
    PlotOptions plot_options;
    plot_options.seed = args.seed;
    plot_analysis(*scenario, analysis, args.plot, plot_options);
    if (!args.json) std::cout << "\nPlot written to " << args.plot << "\n";
  }
  return 0;
}

}  // namespace

// Defines the options of `parley solve` and its runner (main.cpp: only when it is named).
static void define_solve(CLI::App* command, Runner& run) {
  auto args = std::make_shared<SolveArgs>();
  args->scenario.add_to(*command);
  auto* json = command->add_flag("--json", args->json, "Print JSON (schema: docs/solve-json.md)");
  command
      ->add_option("--frontier", args->frontier_listing,
                   "With --json: which efficient packages to list: all, zone (only those in the "
                   "zone of agreement) or none (counts only)")
      ->check(CLI::IsMember({"all", "zone", "none"}))
      ->capture_default_str()
      ->needs(json);
  command->add_flag("--lotteries", args->lotteries,
                    "Also the lottery solutions (two parties): drawing lots between two packages, "
                    "only for divisible or repeatable matters");
  command
      ->add_flag("--proofs", args->proofs,
                 "Also prove each solution's claim in exact arithmetic and say the proof in "
                 "words, case by case (parley certify writes the checkable certificate)")
      ->excludes(json);
  command->add_option("--plot", args->plot, "Draw the utility space into FILE.svg or FILE.png");
  command
      ->add_option("--budget", args->budget,
                   "Work budget in units (a few nanoseconds each): it decides the result, which "
                   "is the same on any machine; exact when the exact method fits, else the best "
                   "approximation the budget reaches")
      ->capture_default_str()
      ->check(whole_number(1, std::uint64_t{1} << 62));
  command
      ->add_option("--time-cap,--time-budget", args->time_cap,
                   "Optional wall-clock cap in seconds: stops the frontier computation early, "
                   "and the report says so (such a result is not reproducible); 0: none")
      ->check(real_number(0.0, 1e9));
  command
      ->add_option("--tolerance", args->tolerance,
                   "Utilities within tolerance x the party's utility range count as equal (0 "
                   "still compares floating-point sums: it is not exact arithmetic)")
      ->check(real_number(0.0, 0.1));
  command->add_option("--seed", args->seed, "Seed of every random choice (sampling, search)")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  const std::map<std::string, FrontierMethod> methods = {
      {"auto", FrontierMethod::automatic},
      {"enumeration", FrontierMethod::enumeration},
      {"linear-dp", FrontierMethod::linear_dp},
      {"search", FrontierMethod::anytime_search}};
  command
      ->add_option("--method", args->method,
                   "Frontier method: auto, enumeration, linear-dp, search")
      ->transform(CLI::CheckedTransformer(methods, CLI::ignore_case));
  command->callback([&run, args] { run = [args] { return solve(*args); }; });
}

Command solve_command() {
  return {"solve",
          "Find the zone of agreement and the compromises (Nash, Kalai-Smorodinsky, egalitarian, "
          "utilitarian), and explain them issue by issue",
          define_solve};
}

}  // namespace parley::cli
