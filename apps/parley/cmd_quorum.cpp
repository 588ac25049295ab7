// parley quorum: which packages pass when a deal needs a quorum of acceptances including named
// veto holders, and which passing package to recommend (docs/analysis.md, "Quorum and veto
// rules"). Exit codes: 0 success (also when nothing passes: that is a finding), 1 an error, 2 bad
// usage.
#include <iostream>

#include "cli_common.hpp"
#include "parley/analysis/quorum.hpp"

namespace parley::cli {
namespace {

struct QuorumArgs {
  ScenarioArgs scenario;
  std::string required = "all";
  std::vector<std::string> veto;
  bool json = false;
};

int quorum(const QuorumArgs& args) {
  const auto scenario = args.scenario.load();
  const QuorumRule rule = parse_quorum(*scenario, args.required, args.veto);
  FrontierOptions frontier;
  install_interrupt_handler();
  frontier.cancelled = interrupted;
  const QuorumAnalysis analysis = analyse_quorum(*scenario, rule, frontier);
  std::cout << (args.json ? quorum_json(*scenario, analysis) : render_quorum(*scenario, analysis));
  return 0;
}

}  // namespace

// Defines the options of `parley quorum` and its runner (main.cpp: only when it is named).
static void define_quorum(CLI::App* command, Runner& run) {
  auto args = std::make_shared<QuorumArgs>();
  args->scenario.add_to(*command);
  command
      ->add_option("--required", args->required,
                   "Acceptances a deal needs: all (unanimity), n-1, n-K, majority (more than "
                   "half), 2/3 (at least two thirds), or a number")
      ->capture_default_str();
  command
      ->add_option("--veto", args->veto,
                   "A party whose acceptance is always needed (repeatable or comma-separated)")
      ->delimiter(',');
  command->add_flag("--json", args->json, "Print JSON (schema parley-quorum/1)");
  command->callback([&run, args] { run = [args] { return quorum(*args); }; });
}

Command quorum_command() {
  return {"quorum",
          "Quorum and veto rules: which packages pass when a deal needs q acceptances including "
          "named veto holders, whom each leaves out, and the package to recommend",
          define_quorum};
}

}  // namespace parley::cli
