// A tournament with an agent added through an AgentRegistry: the engine validates and builds it
// by its registry name, and the per-negotiation results equal those of the library agent it
// mirrors (thread isolation, as Python agents run).
#include "parley/negotiate/agents.hpp"
#include "tournament_test_support.hpp"

namespace parley {
namespace {

using test::example;
using test::read_text;
using test::TemporaryFolder;
using test::write_text;

std::shared_ptr<const AgentRegistry> echo_registry() {
  auto registry = std::make_shared<AgentRegistry>();
  AgentInfo info;
  info.name = "echo_boulware";
  ParameterInfo e;
  e.name = "e";
  e.default_number = 0.2;
  e.min = 0;
  e.max = 1;
  e.min_exclusive = e.max_exclusive = true;
  info.parameters.push_back(e);
  registry->add(info, [](const AgentSpec& spec) {
    return make_negotiator(parse_agent("boulware(e=" + format_number(spec.number("e")) + ")"));
  });
  return registry;
}

TournamentReport run(const TemporaryFolder& folder, const std::string& name,
                     const std::string& agents, std::shared_ptr<const AgentRegistry> registry) {
  const std::string file = folder / (name + ".yaml");
  write_text(file, "seed: 77\ndeadline: {rounds: 50}\nagents: [" + agents + "]\nscenarios: [" +
                       example("job-offer.yaml") + "]\n");
  TournamentRunOptions options;
  options.file = file;
  options.out_dir = folder / name;
  options.threads = 2;
  options.isolation = Isolation::thread;
  options.plot = false;
  if (registry) options.engine = make_session_engine(std::move(registry));
  SingleProcess single;
  return run_tournament(std::move(options), single);
}

std::vector<ResultRow> rows_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<ResultRow> rows;
  std::string line;
  while (std::getline(in, line)) rows.push_back(*parse_json_line(line));
  return rows;
}

TEST(TournamentAddedAgents, SameResultsAsTheLibraryAgentTheyMirror) {
  TemporaryFolder folder("added");
  const auto library = run(folder, "library", "'boulware(e=0.3)', conceder", nullptr);
  const auto added = run(folder, "added", "'echo_boulware(e=0.3)', conceder", echo_registry());
  EXPECT_EQ(added.negotiations, 4u);
  EXPECT_EQ(added.failures, 0u);
  const auto expected = rows_of(folder / "library/results.jsonl");
  const auto got = rows_of(folder / "added/results.jsonl");
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(got[k].outcome, expected[k].outcome) << k;
    EXPECT_EQ(got[k].utilities, expected[k].utilities) << k;
    EXPECT_EQ(got[k].rounds, expected[k].rounds) << k;
    EXPECT_EQ(got[k].end, expected[k].end) << k;
    for (std::size_t p = 0; p < got[k].agents.size(); ++p) {
      const bool echo = got[k].agents[p] == "echo_boulware(e=0.3)";
      EXPECT_EQ(echo, expected[k].agents[p] == "boulware(e=0.3)") << k;
    }
  }
  ASSERT_EQ(added.summary.agents.size(), 2u);
}

TEST(TournamentAddedAgents, UnknownWithoutTheRegistry) {
  TemporaryFolder folder("unknown");
  EXPECT_THROW(run(folder, "plain", "'echo_boulware(e=0.3)', conceder", nullptr), InputError);
}

}  // namespace
}  // namespace parley
