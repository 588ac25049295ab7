// Tournament files, job numbering and the partition, checked against brute-force enumeration.
#include <algorithm>
#include <map>
#include <set>

#include "tournament_test_support.hpp"

namespace parley {
namespace {

using test::example;
using test::TemporaryFolder;

TournamentSpec spec_with(std::size_t agents, RoleMode roles, bool self_play,
                         std::uint32_t repetitions = 1) {
  TournamentSpec spec;
  for (std::size_t a = 0; a < agents; ++a) spec.agents.push_back("agent" + std::to_string(a));
  spec.roles = roles;
  spec.self_play = self_play;
  spec.repetitions = repetitions;
  spec.seed = 7;
  return spec;
}

// Every tuple of agents for `parties` seats, filtered by the rules written plainly.
std::vector<std::vector<std::uint32_t>> brute_force_assignments(std::uint32_t agents,
                                                                std::size_t parties, RoleMode roles,
                                                                bool self_play) {
  std::vector<std::vector<std::uint32_t>> all;
  std::vector<std::uint32_t> tuple(parties, 0);
  for (;;) {
    bool keep = true;
    for (std::size_t i = 0; i < parties; ++i)
      for (std::size_t j = i + 1; j < parties; ++j) {
        if (!self_play && tuple[i] == tuple[j]) keep = false;
        if (roles == RoleMode::fixed && tuple[i] > tuple[j]) keep = false;
      }
    if (keep) all.push_back(tuple);
    std::size_t k = parties;
    while (k > 0 && ++tuple[k - 1] == agents) tuple[--k] = 0;
    if (k == 0) break;
  }
  return all;
}

TEST(JobPlan, AssignmentsMatchBruteForce) {
  for (std::uint32_t agents : {1u, 2u, 4u, 5u})
    for (std::size_t parties : {2u, 3u})
      for (RoleMode roles : {RoleMode::all, RoleMode::fixed})
        for (bool self_play : {true, false}) {
          const auto expected = brute_force_assignments(agents, parties, roles, self_play);
          const auto spec = spec_with(agents, roles, self_play, 3);
          if (expected.empty()) {
            EXPECT_THROW(JobPlan(spec, {parties}), UnsupportedError);
            continue;
          }
          const JobPlan plan(spec, {parties});
          ASSERT_EQ(plan.size(), expected.size() * 3) << agents << " agents, " << parties;
          for (std::uint64_t i = 0; i < plan.size(); ++i) {
            const Job job = plan.job(i);
            EXPECT_EQ(job.agents, expected[i / 3]);
            EXPECT_EQ(job.repetition, i % 3);
          }
        }
}

TEST(JobPlan, KnownCountsOfTheNegmasBenchmark) {
  // 4 agents, bilateral, both roles with self-play: 16 ordered pairs; 3 scenarios, 2 repetitions.
  const JobPlan plan(spec_with(4, RoleMode::all, true, 2), {2, 2, 2});
  EXPECT_EQ(plan.size(), 96u);
  EXPECT_EQ(plan.scenario_first(1), 32u);
  EXPECT_EQ(plan.scenario_count(2), 32u);
  // Without self-play: 4 * 3 = 12 ordered pairs; one role only: C(4,2) = 6.
  EXPECT_EQ(JobPlan(spec_with(4, RoleMode::all, false), {2}).size(), 12u);
  EXPECT_EQ(JobPlan(spec_with(4, RoleMode::fixed, false), {2}).size(), 6u);
  EXPECT_EQ(JobPlan(spec_with(4, RoleMode::fixed, true), {2}).size(), 10u);
}

TEST(JobPlan, MixedPartyCountsAndScenarioOrder) {
  const JobPlan plan(spec_with(3, RoleMode::all, false), {2, 3, 2});
  // 6 ordered pairs, 6 ordered triples, 6 ordered pairs.
  ASSERT_EQ(plan.size(), 18u);
  EXPECT_EQ(plan.job(5).scenario, 0u);
  EXPECT_EQ(plan.job(6).scenario, 1u);
  EXPECT_EQ(plan.job(6).agents.size(), 3u);
  EXPECT_EQ(plan.job(12).scenario, 2u);
  EXPECT_EQ(plan.job(12).agents, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_THROW(plan.job(18), UnsupportedError);
}

TEST(JobPlan, SeedsDependOnlyOnTournamentSeedAndIndex) {
  const JobPlan one(spec_with(4, RoleMode::all, true, 1), {2, 2});
  const JobPlan other(spec_with(2, RoleMode::fixed, true, 5), {2});
  std::set<std::uint64_t> seen;
  for (std::uint64_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one.job(i).seed, job_seed(7, i));
    seen.insert(one.job(i).seed);
  }
  EXPECT_EQ(seen.size(), one.size());
  for (std::uint64_t i = 0; i < other.size(); ++i) EXPECT_EQ(other.job(i).seed, job_seed(7, i));
  EXPECT_NE(job_seed(7, 0), job_seed(8, 0));
}

TEST(Partition, EveryJobExactlyOnceAndSizesAgree) {
  for (std::uint64_t total : {0ull, 1ull, 63ull, 64ull, 65ull, 1000ull, 12345ull})
    for (std::uint32_t ranks : {1u, 2u, 3u, 7u, 64u})
      for (std::uint64_t block : {1ull, 5ull, 64ull}) {
        std::vector<int> owner(total, -1);
        for (std::uint32_t r = 0; r < ranks; ++r) {
          std::uint64_t count = 0, previous_end = 0;
          for (const auto& range : partition(total, ranks, r, block)) {
            EXPECT_LT(range.first, range.last);
            EXPECT_GE(range.first, previous_end);  // increasing order
            previous_end = range.last;
            for (std::uint64_t i = range.first; i < range.last; ++i) {
              EXPECT_EQ(owner[i], -1) << "job " << i << " given twice";
              owner[i] = static_cast<int>(r);
            }
            count += range.last - range.first;
          }
          // One block per rank per round: shares differ by at most one block.
          EXPECT_LE(count, (total / (std::uint64_t{ranks} * block) + 1) * block);
          EXPECT_GE(count + block, total / (std::uint64_t{ranks} * block) * block);
          EXPECT_EQ(count, partition_size(total, ranks, r, block))
              << total << " jobs, rank " << r << " of " << ranks << ", block " << block;
        }
        EXPECT_EQ(std::count(owner.begin(), owner.end(), -1), 0);
      }
  EXPECT_THROW(partition(10, 2, 2), UnsupportedError);
}

TEST(TournamentFile, ReadsEverySetting) {
  TemporaryFolder folder("spec");
  const std::string text =
      "tournament: demo\nseed: 42\nrepetitions: 3\nprotocol: sao\n"
      "deadline: {rounds: 50}\nroles: fixed\nself_play: false\n"
      "agents: [alpha, beta]\n"
      "scenarios:\n  - " +
      example("job-offer.yaml") + "\n" + "  - path: " + example("business-contract.yaml") + "\n" +
      "limits: {seconds: 2.5, memory_mb: 256}\n";
  const auto spec = parse_tournament_spec(text, "demo.yaml", folder.path().string());
  EXPECT_EQ(spec.name, "demo");
  EXPECT_EQ(spec.seed, 42u);
  EXPECT_EQ(spec.repetitions, 3u);
  EXPECT_EQ(spec.deadline_rounds, 50u);
  EXPECT_EQ(spec.roles, RoleMode::fixed);
  EXPECT_FALSE(spec.self_play);
  EXPECT_EQ(spec.agents, (std::vector<std::string>{"alpha", "beta"}));
  ASSERT_EQ(spec.scenarios.size(), 2u);
  EXPECT_EQ(spec.scenarios[1].paths.front(), example("business-contract.yaml"));
  EXPECT_DOUBLE_EQ(spec.limit_seconds, 2.5);
  EXPECT_EQ(spec.limit_memory_megabytes, 256u);
}

TEST(TournamentFile, GlobsAreExpandedRelativeToTheFileAndSorted) {
  const std::string text = "agents: [alpha]\nscenarios: ['*-o*.yaml']\n";
  const auto spec =
      parse_tournament_spec(text, "t.yaml", (test::source_dir() / "examples").string());
  // job-offer.yaml only: business-contract, divorce-settlement and russia-japan do not match.
  ASSERT_EQ(spec.scenarios.size(), 1u);
  EXPECT_EQ(std::filesystem::path(spec.scenarios[0].paths[0]).filename(), "job-offer.yaml");
  const auto all = parse_tournament_spec("agents: [alpha]\nscenarios: ['*.yaml']\n", "t.yaml",
                                         (test::source_dir() / "examples").string());
  ASSERT_EQ(all.scenarios.size(), 4u);
  EXPECT_TRUE(std::is_sorted(all.scenarios.begin(), all.scenarios.end(),
                             [](const auto& a, const auto& b) { return a.paths < b.paths; }));
}

struct BadFile {
  std::string text;
  std::string field;
  long line;
};

TEST(TournamentFile, BadInputNamesTheFieldAndLine) {
  const std::string scenario = "scenarios: [" + example("job-offer.yaml") + "]\n";
  const std::vector<BadFile> cases = {
      {"agents: [alpha]\n" + scenario + "repetitons: 2\n", "repetitons", 3},
      {"agents: []\n" + scenario, "agents", 1},
      {"agents: [alpha, alpha]\n" + scenario, "agents[1]", 1},
      {"agents: [alpha]\nscenarios: [no/such/folder]\n", "scenarios[0]", 2},
      {"agents: [alpha]\nscenarios: ['nothing-*.yaml']\n", "scenarios[0]", 2},
      {"agents: [alpha]\n" + scenario + "repetitions: 0\n", "repetitions", 3},
      {"agents: [alpha]\n" + scenario + "seed: -1\n", "seed", 3},
      {"agents: [alpha]\n" + scenario + "deadline: {rounds: 0}\n", "deadline.rounds", 3},
      {"agents: [alpha]\n" + scenario + "deadline: {turns: 5}\n", "deadline.turns", 3},
      {"agents: [alpha]\n" + scenario + "roles: both\n", "roles", 3},
      {"agents: [alpha]\n" + scenario + "limits: {seconds: -1}\n", "limits.seconds", 3},
      {"agents: [alpha]\n" + scenario + "deadline: {seconds: 5}\nlimits: {seconds: 1}\n",
       "limits.seconds", 4},
      {"agents: [alpha\n", "YAML", 2},
  };
  for (const auto& c : cases) {
    try {
      parse_tournament_spec(c.text, "bad.yaml", test::source_dir().string());
      ADD_FAILURE() << "accepted:\n" << c.text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "bad.yaml");
      EXPECT_EQ(e.field(), c.field) << c.text << "\n" << e.what();
      EXPECT_EQ(e.line().value_or(-1), c.line) << c.text << "\n" << e.what();
    }
  }
}

}  // namespace
}  // namespace parley
