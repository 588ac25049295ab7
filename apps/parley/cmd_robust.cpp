// parley robust: compromises that hold when the parties' preferences are uncertain
// (docs/robust.md). Exit codes: 0 success (also when no package is robustly acceptable: that is
// a finding), 1 an error, 2 bad command-line usage.
#include <iostream>
#include <limits>

#include "cli_common.hpp"
#include "parley/robust/robust.hpp"

namespace parley::cli {
namespace {

struct RobustArgs {
  ScenarioArgs scenario;
  bool json = false;
  bool monte_carlo = false;
  std::uint64_t samples = RobustOptions{}.samples;
  std::uint64_t seed = 1;
  double alpha = RobustOptions{}.alpha;
  std::uint64_t max_packages = RobustOptions{}.max_packages;
  std::size_t listed = RobustOptions{}.listed;
  std::size_t questions = RobustOptions{}.questions;
  std::size_t candidate_vectors = RobustOptions{}.candidate_vectors;
  std::size_t threads = 0;
  std::vector<std::string> fix, walk_away, weight;
};

int robust(const RobustArgs& args) {
  const auto scenario = args.scenario.load();
  RobustOptions options;
  options.samples = args.samples;
  options.seed = args.seed;
  options.alpha = args.alpha;
  options.max_packages = args.max_packages;
  options.listed = args.listed;
  options.questions = args.questions;
  options.candidate_vectors = args.candidate_vectors;
  options.monte_carlo = args.monte_carlo;
  options.threads = args.threads;
  for (const auto& text : args.fix) add_what_if(*scenario, options, "fix", text);
  for (const auto& text : args.walk_away) add_what_if(*scenario, options, "walk-away", text);
  for (const auto& text : args.weight) add_what_if(*scenario, options, "weight", text);
  install_interrupt_handler();
  options.cancelled = interrupted;
  const RobustAnalysis analysis = analyse_robust(*scenario, options);
  std::cout << (args.json ? render_robust_json(*scenario, analysis)
                          : render_robust_report(*scenario, analysis));
  return 0;
}

}  // namespace

// Defines the options of `parley robust` and its runner (main.cpp: only when it is named).
static void define_robust(CLI::App* command, Runner& run) {
  auto args = std::make_shared<RobustArgs>();
  args->scenario.add_to(*command);
  command->add_flag("--json", args->json, "Print JSON (schema parley-robust/1: docs/robust.md)");
  command
      ->add_option("--samples", args->samples,
                   "Monte Carlo draws of every party's preferences (compromise acceptability, "
                   "and acceptance where no exact method applies)")
      ->capture_default_str()
      ->check(whole_number(1, 100'000'000));
  command->add_option("--seed", args->seed, "Seed of the draws")
      ->capture_default_str()
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  command
      ->add_option("--alpha", args->alpha,
                   "Chance constraint: the chance-constrained Nash package is accepted by every "
                   "party with at least this probability")
      ->capture_default_str()
      ->check(real_number(0.0, 1.0, false));
  command
      ->add_option("--max-packages", args->max_packages,
                   "Packages enumerated at most (the analysis is exact over all of them)")
      ->capture_default_str()
      ->check(whole_number(1, std::uint64_t{1} << 32));
  command
      ->add_option("--listed", args->listed,
                   "Packages listed besides the recommended ones (the most acceptable)")
      ->capture_default_str()
      ->check(whole_number(0, 10'000));
  command
      ->add_option("--candidate-vectors", args->candidate_vectors,
                   "Spaces larger than --max-packages: the candidates are the Pareto frontiers at "
                   "this many parameter vectors (means, mixture components, vertices, draws)")
      ->capture_default_str()
      ->check(whole_number(1, 10'000));
  command
      ->add_option("--questions", args->questions,
                   "Questions to ask next shown, most informative first (what each answer would "
                   "tell about the Nash choice)")
      ->capture_default_str()
      ->check(whole_number(0, 10'000));
  command
      ->add_option("--threads", args->threads,
                   "Threads evaluating the draws (0: one per core); the results do not depend "
                   "on it")
      ->capture_default_str()
      ->check(whole_number(0, 256));
  command->add_flag("--monte-carlo", args->monte_carlo,
                    "Monte Carlo even where an exact method exists (to compare the two)");
  command->add_option("--fix", args->fix,
                      "What-if: fix an issue's option, ISSUE=OPTION (repeatable)");
  command->add_option("--walk-away", args->walk_away,
                      "What-if: set a party's walk-away value, PARTY=VALUE (repeatable)");
  command->add_option("--weight", args->weight,
                      "What-if: set a party's weight of an issue (share of its total, 0 to 1), "
                      "PARTY.ISSUE=VALUE; its other weights are rescaled (repeatable)");
  command->callback([&run, args] { run = [args] { return robust(*args); }; });
}

Command robust_command() {
  return {"robust",
          "Recommend compromises that hold when the parties' preferences are uncertain: "
          "acceptance probabilities, robust and chance-constrained Nash, compromise "
          "acceptability, sensitivity and the question to ask next",
          define_robust};
}

}  // namespace parley::cli
