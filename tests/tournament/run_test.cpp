// Whole tournaments through run_tournament: reproducibility across thread counts, isolation
// modes and ranks; resume; limits; bad input stopped before any work.
#include <cmath>
#include <set>

#include "parley/io/io.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "tournament_test_support.hpp"

namespace parley {
namespace {

using test::example;
using test::read_text;
using test::TemporaryFolder;
using test::write_text;

// Two bilateral example scenarios, three registry agents, both roles, two repetitions.
std::string session_tournament(const TemporaryFolder& folder) {
  const std::string path = folder / "tournament.yaml";
  write_text(path,
             "tournament: reproducible\nseed: 2024\nrepetitions: 2\n"
             "deadline: {rounds: 60}\n"
             "agents: ['boulware(e=0.2)', conceder, linear]\n"
             "scenarios:\n  - " +
                 example("job-offer.yaml") + "\n  - " + example("business-contract.yaml") + "\n");
  return path;
}

std::string scripted_tournament(const TemporaryFolder& folder, const std::string& agents,
                                const std::string& extra = "") {
  const std::string path = folder / "scripted.yaml";
  write_text(path, "seed: 9\ndeadline: {rounds: 40}\nagents: [" + agents + "]\nscenarios: [" +
                       example("job-offer.yaml") + "]\n" + extra);
  return path;
}

TournamentReport run(const std::string& file, const std::string& out, std::uint32_t threads,
                     Isolation isolation, bool resume = false, bool scripted = false) {
  TournamentRunOptions options;
  options.file = file;
  options.out_dir = out;
  options.threads = threads;
  options.isolation = isolation;
  options.resume = resume;
  options.plot = false;
  if (scripted) options.engine = std::make_unique<test::ScriptedEngine>();
  SingleProcess single;
  return run_tournament(std::move(options), single);
}

TEST(Tournament, SameResultsWithOneTwoThreadsAndWorkerProcesses) {
  TemporaryFolder folder("repro");
  const std::string file = session_tournament(folder);
  const auto one = run(file, folder / "one", 1, Isolation::thread);
  const auto two = run(file, folder / "two", 2, Isolation::thread);
  const auto processes = run(file, folder / "processes", 2, Isolation::process);
  // 3 agents -> 9 ordered pairs with self-play, 2 scenarios, 2 repetitions.
  EXPECT_EQ(one.negotiations, 36u);
  EXPECT_EQ(one.ran, 36u);
  EXPECT_EQ(one.failures, 0u);
  for (const char* name : {"results.csv", "results.jsonl", "agents.csv", "scenarios.csv"}) {
    const std::string reference = read_text(folder / ("one/" + std::string(name)));
    EXPECT_FALSE(reference.empty()) << name;
    EXPECT_EQ(read_text(folder / ("two/" + std::string(name))), reference) << name;
    EXPECT_EQ(read_text(folder / ("processes/" + std::string(name))), reference) << name;
  }
  // Every row's utilities are those of its outcome, recomputed here from the scenario file;
  // without agreement, the walk-away values.
  Warnings warnings;
  const auto job_offer = load_scenario(example("job-offer.yaml"), warnings);
  std::ifstream rows(folder / "one/results.jsonl");
  std::string line;
  std::uint64_t index = 0, agreements = 0;
  while (std::getline(rows, line)) {
    const auto row = parse_json_line(line);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->index, index++);
    EXPECT_EQ(row->seed, job_seed(2024, row->index));
    if (row->scenario_index != 0) continue;
    if (row->agreement) {
      ++agreements;
      const auto utilities = job_offer->utilities(job_offer->parse_outcome(row->outcome));
      EXPECT_EQ(row->utilities, utilities);
      EXPECT_GE(row->distance_frontier, 0.0);
    } else {
      EXPECT_EQ(row->utilities[0], job_offer->party(0).reservation_value);
    }
  }
  EXPECT_EQ(index, 36u);
  EXPECT_GT(agreements, 0u);
}

TEST(Tournament, RanksSplitTheWorkAndMergeToTheSameFiles) {
  // What `mpirun -n 3` does, played in one process: each rank runs its partition into the
  // shared folder, then rank 0 merges.
  TemporaryFolder folder("ranks");
  const std::string file = session_tournament(folder);
  run(file, folder / "single", 1, Isolation::thread);
  TournamentSpec spec = load_tournament_spec(file);
  Warnings warnings;
  const auto scenarios = load_tournament_scenarios(spec, warnings);
  auto engine = make_session_engine();
  engine->validate(spec, scenarios);
  const JobPlan plan(spec, {2, 2});
  const std::string out = folder / "ranks";
  prepare_output(out, spec, plan.size(), false);
  const JournalState empty = read_journal(out, plan.size());
  std::uint64_t ran = 0;
  for (std::uint32_t rank = 0; rank < 3; ++rank) {
    RunOptions options;
    options.rank = rank;
    options.isolation = Isolation::thread;
    ran += run_jobs(spec, scenarios, plan, partition(plan.size(), 3, rank, 5), empty, *engine, out,
                    options)
               .ran;
  }
  EXPECT_EQ(ran, plan.size());
  merge_journal(out, plan.size(), 2, nullptr);
  EXPECT_EQ(read_text(out + "/results.csv"), read_text(folder / "single/results.csv"));
  EXPECT_EQ(read_text(out + "/results.jsonl"), read_text(folder / "single/results.jsonl"));
}

TEST(Tournament, ResumeRunsOnlyWhatIsMissingAndDropsATornLine) {
  TemporaryFolder folder("resume");
  const std::string file = session_tournament(folder);
  run(file, folder / "whole", 2, Isolation::thread);
  // A run that stopped after rank 0 of 2 had finished, with half a row written after that.
  TournamentSpec spec = load_tournament_spec(file);
  Warnings warnings;
  const auto scenarios = load_tournament_scenarios(spec, warnings);
  auto engine = make_session_engine();
  engine->validate(spec, scenarios);
  const JobPlan plan(spec, {2, 2});
  const std::string out = folder / "stopped";
  prepare_output(out, spec, plan.size(), false);
  RunOptions options;
  options.isolation = Isolation::thread;
  const auto first = run_jobs(spec, scenarios, plan, partition(plan.size(), 2, 0, 4),
                              read_journal(out, plan.size()), *engine, out, options);
  const auto journal = std::filesystem::path(out) / "journal" / "part-R0-W0-S0.jsonl";
  {
    std::ofstream torn(journal, std::ios::app);
    torn << "{\"index\": 3, \"scenario\": \"Job";
  }
  // Without --resume the folder is refused; with it, only the other rank's share runs.
  EXPECT_THROW(run(file, out, 2, Isolation::thread), InputError);
  const auto resumed = run(file, out, 2, Isolation::process, true);
  EXPECT_EQ(resumed.resumed, first.ran);
  EXPECT_EQ(resumed.dropped_lines, 1u);
  EXPECT_EQ(resumed.ran, plan.size() - first.ran);
  EXPECT_EQ(read_text(out + "/results.csv"), read_text(folder / "whole/results.csv"));
  EXPECT_EQ(read_text(out + "/results.jsonl"), read_text(folder / "whole/results.jsonl"));
  // Resuming a finished run runs nothing and rewrites the same files.
  const auto again = run(file, out, 1, Isolation::thread, true);
  EXPECT_EQ(again.ran, 0u);
  EXPECT_EQ(read_text(out + "/results.csv"), read_text(folder / "whole/results.csv"));
}

// Worker processes beyond the first start once the work left is worth one (runner.cpp,
// process_cost): negotiations that each run to a 40 ms deadline (two hardliners never agree) are,
// so both workers run and both write a journal. (A small tournament keeps one process; that is
// a matter of timing, shown by bench/tournament-latency.sh rather than tested.)
TEST(Tournament, LongNegotiationsAreSharedBetweenWorkerProcesses) {
  TemporaryFolder folder("spread");
  const std::string file = folder / "long.yaml";
  write_text(file,
             "seed: 3\nrepetitions: 6\ndeadline: {seconds: 0.04}\nagents: [hardliner]\n"
             "scenarios: [" +
                 example("job-offer.yaml") + "]\n");
  const auto report = run(file, folder / "out", 2, Isolation::process);
  EXPECT_EQ(report.negotiations, 6u);
  EXPECT_EQ(report.failures, 0u);
  std::set<std::string> journals;
  for (const auto& entry : std::filesystem::directory_iterator(folder / "out/journal"))
    journals.insert(entry.path().filename().string());
  EXPECT_TRUE(journals.count("part-R0-W0-S0.jsonl")) << ::testing::PrintToString(journals);
  EXPECT_TRUE(journals.count("part-R0-W1-S0.jsonl")) << ::testing::PrintToString(journals);
  std::ifstream rows(folder / "out/results.jsonl");
  std::size_t count = 0;
  for (std::string line; std::getline(rows, line); ++count) {
    const auto row = parse_json_line(line);
    ASSERT_TRUE(row);
    EXPECT_FALSE(row->agreement);
    EXPECT_EQ(row->end, "deadline");
  }
  EXPECT_EQ(count, 6u);
}

TEST(Tournament, MisbehavingAgentsFailAloneUnderProcessIsolation) {
#if defined(__SANITIZE_ADDRESS__)
  // The memory limit is an address-space limit (RLIMIT_AS); AddressSanitizer reserves terabytes
  // of address space for its shadow memory, so a limited worker cannot even start under it.
  GTEST_SKIP() << "SKIPPED under AddressSanitizer: memory limits cannot apply (runs in the "
                  "normal build)";
#endif
  TemporaryFolder folder("limits");
  const std::string file = scripted_tournament(folder, "alpha, sleeper, glutton, thrower",
                                               "limits: {seconds: 2, memory_mb: 64}\n");
  const auto report = run(file, folder / "out", 2, Isolation::process, false, true);
  // 4 agents, 16 ordered pairs; only alpha-alpha succeeds.
  EXPECT_EQ(report.negotiations, 16u);
  EXPECT_EQ(report.failures, 15u);
  std::ifstream rows(folder / "out/results.jsonl");
  std::string line;
  std::map<std::string, int> failures;
  while (std::getline(rows, line)) {
    const auto row = parse_json_line(line);
    ASSERT_TRUE(row);
    if (row->agents[0] == "alpha" && row->agents[1] == "alpha") {
      EXPECT_EQ(row->failure, "");
      continue;
    }
    const bool sleeps = row->agents[0] == "sleeper" || row->agents[1] == "sleeper";
    const std::string first = row->agents[0] != "alpha" ? row->agents[0] : row->agents[1];
    if (sleeps && first == "sleeper") {
      EXPECT_EQ(row->failure.rfind("time limit", 0), 0u) << row->failure;
      ++failures["time"];
    } else if (first == "glutton") {
      EXPECT_NE(row->failure.find("memory"), std::string::npos) << row->failure;
      ++failures["memory"];
    } else if (first == "thrower") {
      EXPECT_EQ(row->failure, "exception: thrower gave up");
      ++failures["exception"];
    }
    EXPECT_FALSE(row->agreement);
    EXPECT_EQ(row->end, "failure");
  }
  EXPECT_GT(failures["time"], 0);
  EXPECT_GT(failures["memory"], 0);
  EXPECT_GT(failures["exception"], 0);
}

// limits.turn_seconds: a remote agent that never answers fails each of its negotiations at its
// first turn, named, and the tournament completes.
TEST(Tournament, ASilentRemoteAgentFailsEachNegotiationUnderTheTurnLimit) {
  TemporaryFolder folder("turn-limit");
  const std::string silent = folder / "silent.py";
  write_text(silent,
             "import json, sys\n"
             "for line in sys.stdin:\n"
             "    if json.loads(line)['type'] == 'settings':\n"
             "        print(json.dumps({'type': 'ready'}), flush=True)\n");
  const std::string agent = "exec:python3 " + silent;
  const std::string file = folder / "silent.yaml";
  write_text(file, "seed: 3\ndeadline: {rounds: 10}\nself_play: false\nagents: ['" + agent +
                       "', conceder]\nscenarios: [" + example("job-offer.yaml") +
                       "]\nlimits: {seconds: 0, turn_seconds: 0.3}\n");
  const auto report = run(file, folder / "out", 2, Isolation::thread);
  EXPECT_EQ(report.negotiations, 2u);
  EXPECT_EQ(report.failures, 2u);
  std::ifstream rows(folder / "out/results.jsonl");
  std::string line;
  std::size_t seen = 0;
  while (std::getline(rows, line)) {
    const auto row = parse_json_line(line);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->end, "failure");
    EXPECT_EQ(row->failed_agent, agent);
    EXPECT_NE(row->failure.find("within 0.3 s"), std::string::npos) << row->failure;
    ++seen;
  }
  EXPECT_EQ(seen, 2u);
  // The limit is part of the plan: an unknown key is refused, a negative budget too.
  try {
    parse_tournament_spec(
        "agents: [a]\nscenarios: [" + example("job-offer.yaml") + "]\nlimits: {turn_seconds: -1}\n",
        "t.yaml", folder.path().string());
    ADD_FAILURE() << "a negative turn limit was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "limits.turn_seconds");
  }
  EXPECT_DOUBLE_EQ(parse_tournament_spec("agents: [a]\nscenarios: [" + example("job-offer.yaml") +
                                             "]\nlimits: {turn_seconds: 2.5}\n",
                                         "t.yaml", folder.path().string())
                       .limit_turn_seconds,
                   2.5);
}

// ANAC 2011 Laptop discounts (d = 0.4244 for one party): each row's payoff is its utility times
// d^t at the time the session ended, recomputed here from a session replayed by hand.
TEST(Tournament, PayoffsAreTheDiscountedUtilities) {
  PARLEY_REQUIRE_CORPUS();
  TemporaryFolder folder("payoffs");
  const std::string laptop = (test::corpus_dir() / "genius/anac2011/Laptop").string();
  const std::string file = folder / "discounted.yaml";
  write_text(file,
             "seed: 5\ndeadline: {rounds: 200}\nagents: ['boulware(e=0.2)', conceder]\n"
             "scenarios: [" +
                 laptop + "]\n");
  run(file, folder / "out", 2, Isolation::process);
  Warnings warnings;
  const ScenarioPtr scenario = load_scenario(laptop, warnings);
  std::ifstream rows(folder / "out/results.jsonl");
  std::size_t discounted = 0, checked = 0;
  for (std::string line; std::getline(rows, line);) {
    const auto row = parse_json_line(line);
    ASSERT_TRUE(row);
    SessionOptions options;
    options.rounds = 200;
    options.seed = row->seed;
    const SessionResult session =
        negotiate(scenario, {parse_agent(row->agents[0]), parse_agent(row->agents[1])}, options);
    ASSERT_EQ(row->utilities, session.utilities);
    for (std::size_t p = 0; p < 2; ++p) {
      const double d = scenario->party(p).discount_factor;
      EXPECT_NEAR(row->payoffs[p], row->utilities[p] * std::pow(d, session.time), 1e-12);
      if (d < 1.0 && session.time > 0.0 && row->utilities[p] > 0.0) {
        EXPECT_LT(row->payoffs[p], row->utilities[p]);
        ++discounted;
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, 4u);  // 2 agents, both seats, self-play
  EXPECT_GT(discounted, 0u);
}

// Three parties over two issues, written in the native format.
std::string three_party_scenario(const TemporaryFolder& folder) {
  const std::string path = folder / "three.yaml";
  write_text(path,
             "parley: 1\nname: Three\nissues:\n"
             "  - {name: site, options: [north, east, south, west]}\n"
             "  - {name: budget, options: [low, mid, high]}\n"
             "parties:\n"
             "  - {name: ann, walk_away: 0.2, weights: {site: 0.7, budget: 0.3},\n"
             "     scores: {site: {north: 10, east: 6, south: 3, west: 0}, budget: {low: 0, mid: "
             "5, high: 10}}}\n"
             "  - {name: bob, walk_away: 0.2, weights: {site: 0.4, budget: 0.6},\n"
             "     scores: {site: {north: 2, east: 10, south: 6, west: 0}, budget: {low: 10, mid: "
             "6, high: 0}}}\n"
             "  - {name: cyd, walk_away: 0.3, weights: {site: 0.5, budget: 0.5},\n"
             "     scores: {site: {north: 0, east: 4, south: 10, west: 7}, budget: {low: 3, mid: "
             "10, high: 5}}}\n");
  return path;
}

TEST(Tournament, MopacWithAQuorumAndModelQualityColumns) {
  TemporaryFolder folder("mopac");
  const std::string scenario_path = three_party_scenario(folder);
  const std::string file = folder / "mopac.yaml";
  write_text(file,
             "seed: 3\nprotocol: mopac\nquorum: 2\nmodel_quality: true\nroles: fixed\n"
             "deadline: {rounds: 60}\nagents: [boa, boulware, nash_seeker]\nscenarios: [" +
                 scenario_path + "]\n");
  const auto report = run(file, folder / "out", 2, Isolation::process);
  Warnings warnings;
  const ScenarioPtr scenario = load_scenario(scenario_path, warnings);
  std::ifstream rows(folder / "out/results.jsonl");
  std::size_t checked = 0;
  for (std::string line; std::getline(rows, line);) {
    const auto row = parse_json_line(line);
    ASSERT_TRUE(row) << line;
    // The same session, replayed through the library, gives the row's utilities.
    SessionOptions options;
    options.protocol = Protocol::mopac;
    options.quorum = QuorumRule{2, {}};
    options.rounds = 60;
    options.seed = row->seed;
    options.model_quality = true;
    options.model_quality_options.seed = row->seed;
    std::vector<AgentSpec> agents;
    for (const auto& a : row->agents) agents.push_back(parse_agent(a));
    const SessionResult session = negotiate(scenario, agents, options);
    EXPECT_EQ(row->utilities, session.utilities);
    EXPECT_EQ(row->end, to_string(session.reason));
    ASSERT_EQ(row->model_pearson.size(), 3u);
    for (std::size_t p = 0; p < 3; ++p) {
      // boulware keeps no model; boa and nash_seeker model both others (the mean of the two).
      if (row->agents[p].starts_with("boulware")) {
        EXPECT_TRUE(std::isnan(row->model_pearson[p]));
        continue;
      }
      double sum = 0.0;
      std::size_t count = 0;
      for (const auto& q : session.model_quality)
        if (q.modeller == p) {
          sum += q.pearson;
          ++count;
        }
      ASSERT_EQ(count, 2u) << row->agents[p];
      EXPECT_DOUBLE_EQ(row->model_pearson[p], sum / 2.0);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 10u);  // fixed roles with self-play: every multiset of 3 of the 3 agents
  ASSERT_EQ(report.summary.agents.size(), 3u);
  for (const auto& a : report.summary.agents) {
    EXPECT_EQ(a.model_pearson.count > 0, !a.agent.starts_with("boulware")) << a.agent;
    EXPECT_GE(a.rank_welfare, 1u);
    EXPECT_GE(a.rank_nash, 1u);
  }
  const std::string text = read_text(folder / "out/summary.txt");
  EXPECT_NE(text.find("ANAC tracks"), std::string::npos) << text;
  EXPECT_NE(text.find("Opponent models"), std::string::npos) << text;
  EXPECT_NE(read_text(folder / "out/agents.csv").find("rank_welfare,rank_nash"), std::string::npos);
}

// The champions' tournament of docs/agents.md reads, and every agent and scenario in it checks.
TEST(Tournament, TheChampionsExampleIsValid) {
  PARLEY_REQUIRE_CORPUS();
  TournamentSpec spec = load_tournament_spec(
      (test::source_dir() / "examples/tournaments/anac-champions.yaml").string());
  EXPECT_EQ(spec.agents.size(), 10u);
  EXPECT_EQ(spec.scenarios.size(), 10u);
  EXPECT_TRUE(spec.model_quality);
  Warnings warnings;
  const auto scenarios = load_tournament_scenarios(spec, warnings);
  for (const auto& scenario : scenarios) EXPECT_EQ(scenario->party_count(), 2u);
  make_session_engine()->validate(spec, scenarios);
  EXPECT_EQ(spec.agents[1], "hardheaded(e=0.05,k=0.05,min_utility=0.585,final_phase=0.02)");
}

TEST(Tournament, BadInputIsRefusedBeforeAnyWork) {
  TemporaryFolder folder("bad");
  struct Case {
    std::string text;
    std::string field;
  };
  const std::string scenario = "scenarios: [" + example("job-offer.yaml") + "]\n";
  const std::vector<Case> cases = {
      {"agents: [boulware, no_such_agent]\n" + scenario, "agents[1]"},
      {"agents: ['boulware(e=-3)']\n" + scenario, "agents[0]"},
      // boulware with its default e is the same agent written twice.
      {"agents: [boulware, 'boulware(e=0.2)']\n" + scenario, "agents[1]"},
      {"agents: [boulware]\nprotocol: auction\n" + scenario, "protocol"},
      // A decision rule needs MOPAC; it must read for every scenario.
      {"agents: [boulware]\nquorum: n-1\n" + scenario, "quorum"},
      {"agents: [boulware]\nprotocol: mopac\nquorum: 3\n" + scenario, "quorum"},
      {"agents: [boulware]\nprotocol: mopac\nveto: [nobody]\n" + scenario, "veto"},
      {"agents: [boulware]\nmodel_quality: perhaps\n" + scenario, "model_quality"},
      {"agents: [linear]\nscenarios: [" + folder / "missing.yaml" + "]\n", "scenarios[0]"},
  };
  for (const auto& c : cases) {
    write_text(folder / "bad.yaml", c.text);
    try {
      run(folder / "bad.yaml", folder / "out", 1, Isolation::thread);
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), c.field) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(folder / "out")) << c.text;
  }
  // One agent without self-play cannot fill two seats.
  write_text(folder / "bad.yaml", "agents: [linear]\nself_play: false\n" + scenario);
  EXPECT_THROW(run(folder / "bad.yaml", folder / "out", 1, Isolation::thread), UnsupportedError);
  EXPECT_FALSE(std::filesystem::exists(folder / "out"));
}

}  // namespace
}  // namespace parley
