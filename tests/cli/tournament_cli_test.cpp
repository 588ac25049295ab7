// `parley tournament` stopped by Ctrl-C: exit 130, "cancelled" on stderr, no final file (nor a
// temporary one) in the output folder, finished negotiations kept in the journal; --resume then
// completes the tournament with results identical to an uninterrupted run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "negotiate_cli_support.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

// 4 agents, every ordered pair (16), 25 repetitions: 400 negotiations of up to 20,000 rounds,
// about a second or two on one worker; the interrupt comes as soon as the first rows are in.
const char* tournament_yaml = R"(tournament: interrupted
repetitions: 25
deadline: {rounds: 20000}
agents: [boulware, conceder, linear, hardliner]
scenarios: [")" PARLEY_SOURCE_DIR R"(/examples/russia-japan.yaml"]
)";
constexpr std::size_t negotiations = 400;

std::size_t journal_rows(const fs::path& out) {
  std::size_t rows = 0;
  std::error_code error;
  if (!fs::exists(out / "journal", error)) return 0;
  for (const auto& entry : fs::directory_iterator(out / "journal")) {
    const std::string text = parley::test::read_text(entry.path().string());
    for (char c : text) rows += c == '\n';
  }
  return rows;
}

void expect_interrupted_then_resumed(const std::string& isolation) {
  parley::test::ScratchFolder folder("parley-tournament-signal");
  const fs::path file = folder / "t.yaml";
  std::ofstream(file) << tournament_yaml;
  const fs::path whole = folder / "whole", cut = folder / "cut";
  const std::string common = " --threads 1 --no-plot --quiet --isolation " + isolation;
  const auto reference = parley::test::run_parley("tournament '" + file.string() + "' --out '" +
                                                  whole.string() + "'" + common);
  ASSERT_EQ(reference.status, 0);

  const std::string out = (folder / "out.txt").string(), err = (folder / "err.txt").string();
  const pid_t pid =
      parley::test::spawn_parley({"tournament", file.string(), "--out", cut.string(), "--threads",
                                  "1", "--no-plot", "--quiet", "--isolation", isolation},
                                 out, err);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(parley::test::eventually([&] { return journal_rows(cut) > 0; }));
  ::kill(pid, SIGINT);
  ASSERT_EQ(parley::test::exit_code(pid), 130) << parley::test::read_text(err);
  const std::string said = parley::test::read_text(err);
  EXPECT_NE(said.find("cancelled\n"), std::string::npos) << said;
  EXPECT_NE(said.find("--resume"), std::string::npos) << said;
  // Only the journal and the manifest: no result, summary or temporary file.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(cut)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"journal", "tournament.json"}));
  const std::size_t kept = journal_rows(cut);
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, negotiations) << "stopped before the end";

  const auto resumed = parley::test::run_parley(
      "tournament '" + file.string() + "' --out '" + cut.string() + "' --resume" + common, true);
  ASSERT_EQ(resumed.status, 0) << resumed.out;
  EXPECT_NE(resumed.out.find(std::to_string(kept) + " resumed"), std::string::npos) << resumed.out;
  EXPECT_EQ(parley::test::read_text((cut / "results.jsonl").string()),
            parley::test::read_text((whole / "results.jsonl").string()));
  EXPECT_EQ(parley::test::read_text((cut / "results.csv").string()),
            parley::test::read_text((whole / "results.csv").string()));
}

TEST(TournamentCli, CtrlCStopsWorkerProcessesCleanlyAndResumeCompletes) {
  expect_interrupted_then_resumed("process");
}

TEST(TournamentCli, CtrlCStopsWorkerThreadsCleanlyAndResumeCompletes) {
  expect_interrupted_then_resumed("thread");
}

}  // namespace
