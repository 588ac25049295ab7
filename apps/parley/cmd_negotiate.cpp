// parley negotiate: one SAOP session between automated agents, its outcome compared with the
// frontier and the bargaining solutions, optionally its trace (JSONL) and a plot.
// Exit codes: 0 success (with or without agreement: that is a finding), 1 an error, 2 bad usage.
#include <fmt/format.h>

#include <iostream>

#include "cli_common.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiation.hpp"

namespace parley::cli {
namespace {

struct NegotiateArgs {
  ScenarioArgs scenario;
  std::string agents = "boulware,conceder";
  std::size_t rounds = 1000;
  double time_limit = 0.0;
  double turn_budget = 0.0;
  std::uint64_t seed = 1;
  std::string trace;
  std::string plot;
  bool skip_analysis = false;
};

std::string optional_number(const std::optional<double>& value) {
  return value ? fmt::format("{:.4f}", *value) : std::string("-");
}

int negotiate_command(const NegotiateArgs& args) {
  // Agents are checked before the scenario is read: a typo fails fast, listing the valid names.
  const auto agents = parse_agent_list(args.agents, "--agents");
  const auto scenario = args.scenario.load();
  if (agents.size() != scenario->party_count())
    throw InputError("--agents", std::nullopt, "agents", std::to_string(agents.size()) + " agents",
                     std::to_string(scenario->party_count()) + " (one per party of " +
                         scenario->name() + ", in party order)");
  SessionOptions options;
  options.rounds = args.rounds;
  options.time_limit_seconds = args.time_limit;
  options.turn_budget_seconds = args.turn_budget;
  options.seed = args.seed;
  options.record_trace = !args.trace.empty() || !args.plot.empty();
  Session session(scenario, agents, options);
  const auto result = session.run();
  const auto& labels = session.labels();

  std::cout << "Scenario: " << scenario->name() << " (" << scenario->party_count() << " parties, "
            << scenario->space().size_text() << " packages)\n";
  std::cout << "Deadline: "
            << (args.time_limit > 0 ? format_number(args.time_limit) + " s"
                                    : std::to_string(args.rounds) + " rounds")
            << ", seed " << args.seed << "\n";
  switch (result.reason) {
    case EndReason::agreement:
      std::cout << fmt::format("Outcome: agreement in round {} (t = {:.4f}) after {} turns\n",
                               result.round, result.time, result.turns);
      std::cout << "Package: " << scenario->describe(*result.outcome) << "\n";
      break;
    case EndReason::deadline:
      std::cout << "Outcome: no agreement by the deadline (" << result.turns << " turns)\n";
      break;
    case EndReason::walk_away:
      std::cout << fmt::format(
          "Outcome: no agreement, {} walked away in round {}\n",
          scenario->party(result.trace.empty() ? 0 : result.trace.back().actor).name, result.round);
      break;
    case EndReason::failure:
      std::cout << fmt::format("Outcome: failure of {} ({}) in round {}: {}: {}\n",
                               scenario->party(result.failure->party).name,
                               labels[result.failure->party], result.round, result.failure->kind,
                               result.failure->message);
      break;
  }

  std::optional<Frontier> frontier;
  std::vector<Solution> solutions;
  if (!args.skip_analysis) {
    frontier = pareto_frontier(*scenario);
    solutions = bargaining_solutions(*scenario, agreement_zone(*scenario, *frontier));
  }
  auto solution_utility = [&](SolutionKind kind, std::size_t party) -> std::optional<double> {
    for (const auto& s : solutions)
      if (s.kind == kind) return s.utilities[party];
    return std::nullopt;
  };
  std::cout << fmt::format("\n{:<24} {:<28} {:>8} {:>10} {:>8} {:>8}\n", "Party", "Agent",
                           "Utility", "Discounted", "Nash", "KS");
  for (std::size_t p = 0; p < scenario->party_count(); ++p)
    std::cout << fmt::format("{:<24} {:<28} {:>8.4f} {:>10.4f} {:>8} {:>8}\n",
                             scenario->party(p).name, labels[p], result.utilities[p],
                             result.discounted_utilities[p],
                             optional_number(solution_utility(SolutionKind::nash, p)),
                             optional_number(solution_utility(SolutionKind::kalai_smorodinsky, p)));
  if (frontier) {
    const auto assessment = assess_outcome(result.utilities, *frontier, solutions);
    std::cout << fmt::format(
        "\nDistance (utility space): to the frontier {:.4f}{}, to Nash {}, to Kalai-Smorodinsky "
        "{}\n",
        assessment.distance_to_frontier, assessment.pareto_optimal ? " (Pareto-optimal)" : "",
        optional_number(assessment.distance_to_nash),
        optional_number(assessment.distance_to_kalai_smorodinsky));
    if (result.outcome) {
      const auto better = post_settlement_improvements(*scenario, *result.outcome, *frontier);
      if (better.empty()) {
        std::cout << "Post-settlement: the agreement is already on the frontier.\n";
      } else {
        const auto& best = frontier->packages[better.front()];
        std::cout << "Post-settlement: " << better.size()
                  << " frontier packages are better for every party; the best for all is\n  "
                  << scenario->describe(best.outcome) << " (utilities";
        for (double u : best.utilities) std::cout << fmt::format(" {:.4f}", u);
        std::cout << ")\n";
      }
    }
  }
  if (!args.trace.empty()) {
    save_trace(args.trace, *scenario, labels, options, result);
    std::cout << "\nTrace written to " << args.trace << "\n";
  }
  if (!args.plot.empty()) {
    const Frontier drawn = frontier ? *frontier : pareto_frontier(*scenario);
    plot_session(*scenario, labels, result, drawn, args.plot);
    std::cout << "Plot written to " << args.plot << "\n";
  }
  return 0;
}

}  // namespace

void register_negotiate(CLI::App& app, Runner& run) {
  std::string agent_list;
  for (const auto& name : agent_names()) agent_list += (agent_list.empty() ? "" : ", ") + name;
  auto* command = app.add_subcommand(
      "negotiate",
      "Run a negotiation (Stacked Alternating Offers) between automated agents and compare its "
      "outcome with the frontier and the bargaining solutions");
  auto args = std::make_shared<NegotiateArgs>();
  args->scenario.add_to(*command);
  command
      ->add_option("--agents", args->agents,
                   "Comma-separated agents in party order, e.g. boulware(e=0.2),conceder. "
                   "Agents: " +
                       agent_list + " (docs/negotiation.md)")
      ->capture_default_str();
  command->add_option("--rounds", args->rounds, "Round deadline")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}))
      ->capture_default_str();
  command
      ->add_option("--time-limit", args->time_limit,
                   "Wall-clock deadline in seconds instead of rounds (not reproducible)")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--turn-budget", args->turn_budget,
                   "Seconds an agent may take per turn; an agent over budget fails the session")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--seed", args->seed, "Seed of the agents' random choices")
      ->capture_default_str();
  command->add_option("--trace", args->trace, "Write the trace (JSONL, docs/trace-format.md)");
  command->add_option("--plot", args->plot, "Draw the offers over the frontier into FILE.svg/.png");
  command->add_flag("--no-analysis", args->skip_analysis,
                    "Skip the frontier and bargaining solutions (large spaces)");
  command->callback([&run, args] { run = [args] { return negotiate_command(*args); }; });
}

}  // namespace parley::cli
