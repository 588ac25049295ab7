// parley negotiate: one session (SAOP, AMOP or MOPAC) between automated agents, its outcome
// compared with the frontier and the bargaining solutions, optionally its trace (JSONL) and a plot.
// Exit codes: 0 success (with or without agreement: that is a finding), 1 an error, 2 bad usage,
// 130 stopped by Ctrl-C (143 by SIGTERM): nothing is written then.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <limits>

#include "certify_module.hpp"
#include "cli_common.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/modules.hpp"

namespace parley::cli {
namespace {

struct NegotiateArgs {
  ScenarioArgs scenario;
  std::string agents = "boulware,conceder";
  std::optional<std::size_t> rounds;  // unset: 1000, or unlimited with a time limit
  double time_limit = 0.0;
  double turn_budget = 0.0;
  std::uint64_t seed = 1;
  std::string protocol = "saop";
  std::string quorum;
  std::vector<std::string> veto;
  bool model_quality = false;
  std::string trace;
  std::string plot;
  bool skip_analysis = false;
  // A signed record (docs/records.md).
  std::string record, key, reveal, certificate;
};

std::string optional_number(const std::optional<double>& value) {
  return value ? fmt::format("{:.4f}", *value) : std::string("-");
}

int negotiate_command(const NegotiateArgs& args) {
  // Agents are checked before the scenario is read: a typo fails fast, listing the valid names.
  const auto agents = parse_agent_list(args.agents, "--agents");
  // So are the output paths: a bad one fails before the session, nothing printed or written.
  if (!args.trace.empty()) check_output_path(args.trace, "--trace", {".jsonl", ".json"});
  if (!args.plot.empty()) check_plot_path(args.plot, "--plot");
  if (!args.record.empty()) check_output_path(args.record, "--record", {".jsonl"});
  if (!args.reveal.empty()) check_output_path(args.reveal, "--reveal", {".jsonl"});
  if (!args.certificate.empty()) check_output_path(args.certificate, "--certificate", {".json"});
  const auto scenario = args.scenario.load();
  if (agents.size() != scenario->party_count())
    throw InputError("--agents", std::nullopt, "agents", std::to_string(agents.size()) + " agents",
                     std::to_string(scenario->party_count()) + " (one per party of " +
                         scenario->name() + ", in party order)");
  SessionOptions options;
  options.protocol = parse_protocol(args.protocol, "--protocol");
  if (!args.quorum.empty() || !args.veto.empty()) {
    if (options.protocol != Protocol::mopac)
      throw InputError("--quorum", std::nullopt, args.quorum.empty() ? "--veto" : "--quorum",
                       "a decision rule with --protocol " + args.protocol,
                       "--protocol mopac (the other protocols need every party)");
    options.quorum = parse_quorum(party_names(*scenario), args.quorum.empty() ? "all" : args.quorum,
                                  args.veto, "--quorum");
  }
  if (!args.record.empty() && options.protocol != Protocol::saop)
    throw InputError("--record", std::nullopt, "--protocol", args.protocol,
                     "saop: signed records replay SAOP sessions");
  options.model_quality = args.model_quality;
  options.rounds = args.rounds;
  options.time_limit_seconds = args.time_limit;
  options.turn_budget_seconds = args.turn_budget;
  options.seed = args.seed;
  options.record_trace = !args.trace.empty() || !args.plot.empty() || !args.record.empty();
  const std::size_t rounds = round_limit(options);
  const bool timed = args.time_limit > 0.0;
  install_interrupt_handler();
  options.cancelled = interrupted;
  StatusLine status;
  if (status.enabled())
    options.progress = [&](std::size_t round, double time) {
      if (!status.due()) return;
      status.show(timed ? fmt::format("negotiating: round {}, {:.1f} s of {} s", round,
                                      time * args.time_limit, format_number(args.time_limit))
                        : fmt::format("negotiating: round {} of {}", round, rounds));
    };
  Session session(scenario, agents, options);
  const auto result = session.run();
  status.clear();
  const auto& labels = session.labels();

  std::cout << "Scenario: " << scenario->name() << " (" << scenario->party_count() << " parties, "
            << scenario->space().size_text() << " packages)\n";
  std::string deadline = std::to_string(rounds) + " rounds";
  if (timed)
    deadline = format_number(args.time_limit) + " s (wall clock, not reproducible), " +
               (rounds ? "or " + deadline + " if sooner" : "rounds unlimited");
  std::cout << "Protocol: " << to_string(options.protocol);
  if (options.quorum) std::cout << ", deals need " << options.quorum->text(*scenario);
  std::cout << "\nDeadline: " << deadline << ", seed " << args.seed << "\n";
  // Wall-clock sessions: how far they went and how long they took.
  const std::string played = timed ? fmt::format(", {:.3f} s", result.seconds) : std::string();
  switch (result.reason) {
    case EndReason::agreement:
      std::cout << fmt::format("Outcome: agreement in round {} (t = {:.4f}) after {} turns{}\n",
                               result.round, result.time, result.turns, played);
      std::cout << "Package: " << scenario->describe(*result.outcome) << "\n";
      break;
    case EndReason::deadline:
      std::cout << fmt::format(
          "Outcome: no agreement by the deadline after {} rounds (last t = {:.4f}, {} turns{})\n",
          result.turns > 0 ? result.round + 1 : 0, result.time, result.turns, played);
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
    case EndReason::partial_agreement:
      std::cout << fmt::format("Outcome: {} partial deal(s) by round {} after {} turns{}\n",
                               result.deals.size(), result.round, result.turns, played);
      break;
  }
  if (result.reason != EndReason::agreement)
    for (const auto& deal : result.deals) {
      std::string who;
      for (const auto p : deal.parties) who += (who.empty() ? "" : ", ") + scenario->party(p).name;
      std::cout << fmt::format("Deal of {} in round {} (t = {:.4f}): {}\n", who, deal.round,
                               deal.time, scenario->describe(deal.package));
    }

  std::optional<Frontier> frontier;
  std::vector<Solution> solutions;
  if (!args.skip_analysis) {
    FrontierOptions frontier_options;
    frontier_options.cancelled = interrupted;
    frontier = pareto_frontier(*scenario, frontier_options);
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
        std::cout << "Post-settlement: the agreement is Pareto-optimal (no package is better for "
                     "one party without being worse for another).\n";
      } else {
        const auto& best = frontier->packages[better.front()];
        std::cout << "Post-settlement: " << better.size()
                  << " frontier package(s) leave every party at least as well off and at least "
                     "one better off; the first (largest product of gains) is\n  "
                  << scenario->describe(best.outcome) << " (utilities";
        for (double u : best.utilities) std::cout << fmt::format(" {:.4f}", u);
        std::cout << ")\n";
      }
    }
  }
  if (args.model_quality) {
    if (result.model_quality.empty()) {
      std::cout << "\nOpponent models: none of the agents keeps one.\n";
    } else {
      std::cout << fmt::format(
          "\nOpponent models (Baarslag et al. 2016)\n{:<24} {:<24} {:>8} {:>8} "
          "{:>9} {:>10}\n",
          "Modeller", "Modelled", "Pearson", "Kendall", "Frontier", "Outcomes");
      for (const auto& q : result.model_quality)
        std::cout << fmt::format("{:<24} {:<24} {:>8.4f} {:>8.4f} {:>9.4f} {:>10}{}\n",
                                 scenario->party(q.modeller).name, scenario->party(q.modelled).name,
                                 q.pearson, q.kendall_tau, q.frontier_distance, q.outcomes,
                                 q.exact ? "" : " (sample)");
    }
  }
  // Steps that do not poll: stop before writing anything.
  if (interrupted()) throw Cancelled("the negotiation was cancelled before its files were written");
  if (!args.trace.empty()) {
    save_trace(args.trace, *scenario, labels, options, result);
    std::cout << "\nTrace written to " << args.trace << "\n";
  }
  if (!args.plot.empty()) {
    const Frontier drawn = frontier ? *frontier : pareto_frontier(*scenario);
    plot_session(*scenario, labels, result, drawn, args.plot);
    std::cout << "Plot written to " << args.plot << "\n";
  }
  if (!args.record.empty()) {
    RecordSettings settings;
    settings.scenario = scenario.get();
    settings.result = &result;
    settings.input.agents = labels;
    settings.input.options = options;
    settings.record_path = args.record;
    settings.key_path = args.key;
    settings.reveal_path = args.reveal;
    settings.certificate_path = args.certificate;
    const auto write = reinterpret_cast<decltype(&parley_record_write)>(
        module_function("parley-certify", "parley_record_write", "parley negotiate --record"));
    return write(&settings);
  }
  return 0;
}

// Seconds: finite (CLI11's number checks let nan and inf through), > 0 or >= 0.
CLI::Validator seconds(bool zero_allowed) {
  return CLI::Validator(
      [zero_allowed](const std::string& text) {
        double value = 0;
        const bool good = CLI::detail::lexical_cast(text, value) && std::isfinite(value) &&
                          (value > 0 || (zero_allowed && value == 0));
        return good ? std::string()
                    : "found " + text + ", expected a finite number of seconds " +
                          (zero_allowed ? ">= 0" : "> 0");
      },
      zero_allowed ? "SECONDS>=0" : "SECONDS>0");
}

}  // namespace

// Defines the options of `parley negotiate` and its runner (main.cpp: only when it is named).
static void define_negotiate(CLI::App* command, Runner& run) {
  std::string agent_list;
  for (const auto& name : agent_names()) agent_list += (agent_list.empty() ? "" : ", ") + name;
  auto args = std::make_shared<NegotiateArgs>();
  args->scenario.add_to(*command);
  command
      ->add_option("--agents", args->agents,
                   "Comma-separated agents in party order, e.g. boulware(e=0.2),conceder. "
                   "Agents: " +
                       agent_list + " (docs/negotiation.md)")
      ->capture_default_str();
  auto* rounds = command
                     ->add_option("--rounds", args->rounds,
                                  "Round deadline (default 1000; with --time-limit, rounds are "
                                  "unlimited unless --rounds is given, and the session ends at "
                                  "whichever deadline comes first)")
                     ->check(whole_number(1, 100'000'000));
  auto* time_limit =
      command
          ->add_option("--time-limit", args->time_limit,
                       "Wall-clock deadline in seconds: agents see the elapsed fraction of it as "
                       "their time, and rounds are unlimited unless --rounds is given (not "
                       "reproducible)")
          ->check(seconds(false));
  command
      ->add_option("--turn-budget", args->turn_budget,
                   "Seconds an agent may take per turn; an agent over budget fails the session")
      ->check(seconds(true));
  command
      ->add_option("--protocol", args->protocol,
                   "saop (stacked alternating offers), amop (alternating multiple offers) or "
                   "mopac (multiple offers, partial consensus; docs/negotiation.md)")
      ->capture_default_str();
  command->add_option("--quorum", args->quorum,
                      "mopac: parties a deal needs: all, n-1, majority, 2/3 or a number (default "
                      "all)");
  command
      ->add_option("--veto", args->veto,
                   "mopac: parties every deal must include (names, comma-separated)")
      ->delimiter(',');
  command->add_flag("--model-quality", args->model_quality,
                    "Measure the agents' opponent models after the session (Pearson, Kendall tau, "
                    "frontier distance)");
  command->add_option("--seed", args->seed, "Seed of the agents' random choices")
      ->capture_default_str()
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  auto* trace =
      command->add_option("--trace", args->trace, "Write the trace (JSONL, docs/trace-format.md)");
  auto* plot = command->add_option("--plot", args->plot,
                                   "Draw the offers over the frontier into FILE.svg/.png");
  command->add_flag("--no-analysis", args->skip_analysis,
                    "Skip the frontier and bargaining solutions (large spaces)");
  auto* record = command->add_option(
      "--record", args->record,
      "Write a signed, replayable record (.jsonl, docs/records.md): every event in a hash chain, "
      "the preferences as salted commitments, signed with --key");
  auto* key = command->add_option("--key", args->key,
                                  "The mediator's Ed25519 private key (PEM; parley keygen)");
  command->add_option("--reveal", args->reveal,
                      "With --record: write the salts and preferences that open the "
                      "commitments (.jsonl, for an auditor only)");
  command->add_option("--certificate", args->certificate,
                      "With --record: write the certificate of the agreement's Pareto claim "
                      "(.json); its SHA-256 is in the record");
  record->needs(key);
  key->needs(record);
  command->callback([&run, args, rounds, time_limit, trace, plot, record] {
    if (record->count() > 0 && time_limit->count() > 0)
      throw CLI::ValidationError("--record",
                                 "is for reproducible sessions: a replay plays the "
                                 "session again, which a wall-clock deadline forbids");
    if ((!args->reveal.empty() || !args->certificate.empty()) && args->record.empty())
      throw CLI::ValidationError("--reveal/--certificate", "need --record");
    // A trace grows with every turn: with a time limit it needs a round limit too.
    for (const auto* traced : {trace, plot})
      if (traced->count() > 0 && time_limit->count() > 0 && rounds->count() == 0)
        throw CLI::ValidationError(traced->get_name(),
                                   "with --time-limit needs --rounds (the trace of a session "
                                   "without a round limit grows without bound)");
    run = [args] { return negotiate_command(*args); };
  });
}

Command negotiate_command() {
  return {"negotiate",
          "Run a negotiation (Stacked Alternating Offers) between automated agents and compare its "
          "outcome with the frontier and the bargaining solutions",
          define_negotiate};
}

}  // namespace parley::cli
