// parley improve: the Pareto improvements of an agreed package under the parties' preferences
// (docs/analysis.md, "Improving an agreement"). Exit codes: 0 success (also when the agreement
// cannot be improved: that is a finding), 1 an error, 2 bad usage.
#include <iostream>

#include "cli_common.hpp"
#include "parley/analysis/improvements.hpp"

namespace parley::cli {
namespace {

struct ImproveArgs {
  ScenarioArgs scenario;
  std::string package;
  bool status_quo = false, json = false;
  std::size_t limit = ImprovementOptions{}.limit;
};

int improve(const ImproveArgs& args) {
  const auto scenario = args.scenario.load();
  if (args.package.empty() == !args.status_quo)
    throw InputError("command line", std::nullopt, "--package",
                     args.status_quo ? "both --package and --status-quo" : "nothing",
                     "the agreed package: --package \"ISSUE=OPTION, ...\" or --status-quo");
  Outcome agreed;
  if (args.status_quo) {
    if (!scenario->status_quo())
      throw InputError(scenario->name(), std::nullopt, "--status-quo",
                       "a scenario without a status quo",
                       "a scenario with a top-level 'status_quo:' package, or --package");
    agreed = *scenario->status_quo();
  } else {
    agreed = scenario->parse_outcome(args.package, "--package");
  }
  ImprovementOptions options;
  options.limit = args.limit;
  install_interrupt_handler();
  options.frontier.cancelled = interrupted;
  const ImprovementAnalysis analysis = improve_agreement(*scenario, agreed, options);
  std::cout << (args.json ? improvements_json(*scenario, analysis)
                          : render_improvements(*scenario, analysis));
  return 0;
}

}  // namespace

// Defines the options of `parley improve` and its runner (main.cpp: only when it is named).
static void define_improve(CLI::App* command, Runner& run) {
  auto args = std::make_shared<ImproveArgs>();
  args->scenario.add_to(*command);
  command->add_option("--package", args->package,
                      "The agreed package: \"ISSUE=OPTION, ...\" (every issue)");
  command->add_flag("--status-quo", args->status_quo,
                    "Improve on the scenario's status quo package instead");
  command->add_option("--limit", args->limit, "Improvements listed at most (best first)")
      ->capture_default_str()
      ->check(whole_number(0, 1'000'000));
  command->add_flag("--json", args->json, "Print JSON (schema parley-improvements/1)");
  command->callback([&run, args] { run = [args] { return improve(*args); }; });
}

Command improve_command() {
  return {"improve",
          "Improving an agreement: the packages every party likes at least as much as the agreed "
          "one and some party likes more, best first, with what changes",
          define_improve};
}

}  // namespace parley::cli
