// Hostile tournament files and journals (issue 15): globs, counts and texts are bounded with an
// InputError or UnsupportedError naming the limit; journal lines that are torn, huge, not UTF-8,
// nested too deep or out of range are dropped and counted, and the rows around them kept.
#include <filesystem>
#include <fstream>

#include "tournament_test_support.hpp"

namespace parley {
namespace {

using test::TemporaryFolder;

std::string spec_error(const std::string& text, const std::string& base, std::string* field) {
  try {
    parse_tournament_spec(text, "t.yaml", base);
  } catch (const InputError& e) {
    if (field) *field = e.field();
    return e.what();
  }
  return "no error";
}

TEST(TournamentFile, GlobThroughASymlinkLoopIsBoundedByTheMatchLimit) {
  // Two links back to their own folder: every level of "*/" doubles the paths; 20 levels would
  // be a million. The walk stops at the first 100,000 matches with an InputError.
  TemporaryFolder folder("glob-loop");
  std::filesystem::create_directory_symlink(".", folder.path() / "a");
  std::filesystem::create_directory_symlink(".", folder.path() / "b");
  std::string pattern;
  for (int level = 0; level < 20; ++level) pattern += "*/";
  pattern += "*.yaml";
  std::string field;
  const auto message = spec_error("agents: [alpha]\nscenarios: ['" + pattern + "']\n",
                                  folder.path().string(), &field);
  EXPECT_EQ(field, "scenarios[0]");
  EXPECT_NE(message.find("more than 100000 paths matched"), std::string::npos) << message;
  EXPECT_NE(message.find("expected a glob matching at most 100000 paths after looking at most "
                         "1000000 directory entries"),
            std::string::npos)
      << message;
  // Through a loop, a glob goes no deeper than its pattern: three levels, nothing matches.
  const auto shallow =
      spec_error("agents: [alpha]\nscenarios: ['*/*/*/*.yaml']\n", folder.path().string(), &field);
  EXPECT_NE(shallow.find("(matches nothing)"), std::string::npos) << shallow;
}

// A tournament file is read as UTF-8 only: a bad byte is refused at its line.
TEST(TournamentFile, InvalidUtf8IsAnInputErrorNamingTheLine) {
  std::string field;
  const auto message = spec_error(
      "agents: [\"al\xff"
      "pha\"]\nscenarios: [x.yaml]\n",
      test::source_dir().string(), &field);
  EXPECT_EQ(field, "YAML");
  EXPECT_NE(message.find("t.yaml:1:"), std::string::npos) << message;
  EXPECT_NE(message.find("invalid leading UTF-8 octet (byte 0xFF)"), std::string::npos) << message;
  EXPECT_EQ(message.find('\xff'), std::string::npos) << message;
}

// Fuzz finding F5: "path: []" was accepted as a scenario without a file.
TEST(TournamentFile, EmptyPathListIsAnInputErrorNamingTheField) {
  for (const bool text_only : {false, true}) {
    const std::string spec = "agents: [b]\nscenarios:\n- path: []\n";
    try {
      if (text_only)
        parse_tournament_spec_text(spec, "t.yaml");
      else
        parse_tournament_spec(spec, "t.yaml", test::source_dir().string());
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "scenarios[0].path");
      EXPECT_EQ(e.line(), 3);
      EXPECT_EQ(e.found(), "an empty list");
      EXPECT_EQ(e.expected(), "a path, or a list of files");
    }
  }
}

TEST(TournamentFile, TooManyAgentsIsAnInputErrorWithTheLimit) {
  std::string agents = "agents: [";
  for (int a = 0; a <= 10'000; ++a) agents += (a ? ",a" : "a") + std::to_string(a);
  std::string field;
  const auto message =
      spec_error(agents + "]\nscenarios: [x.yaml]\n", test::source_dir().string(), &field);
  EXPECT_EQ(field, "agents");
  EXPECT_NE(message.find("found 10001 agents, expected at most 10000 agents"), std::string::npos)
      << message;
}

TEST(TournamentFile, TextParseKeepsGlobsAsWrittenWithoutTheFilesystem) {
  const auto spec =
      parse_tournament_spec_text("agents: [alpha]\nscenarios: ['/**/*', {path: [a, 'b*']}]\n", "t");
  ASSERT_EQ(spec.scenarios.size(), 2u);
  EXPECT_EQ(spec.scenarios[0].paths, (std::vector<std::string>{"/**/*"}));
  EXPECT_EQ(spec.scenarios[1].paths, (std::vector<std::string>{"a", "b*"}));
}

TEST(JobPlan, AbsurdNegotiationCountIsUnsupportedNamingTheLimit) {
  TournamentSpec spec;
  for (int a = 0; a < 101; ++a) spec.agents.push_back("agent" + std::to_string(a));
  spec.repetitions = 1'000'000;  // 101 x 101 ordered pairs x 10^6 > 10^10
  try {
    JobPlan plan(spec, {2});
    FAIL() << "accepted " << plan.size() << " negotiations";
  } catch (const UnsupportedError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("more than 10000000000 negotiations"), std::string::npos) << message;
    EXPECT_NE(message.find("10201 agent assignments"), std::string::npos) << message;
  }
  spec.repetitions = 980'000;  // 10201 x 980,000 = 9,996,980,000: within the limit
  EXPECT_EQ(JobPlan(spec, {2}).size(), 9'996'980'000ULL);
}

ResultRow simple_row(std::uint64_t index) {
  ResultRow row;
  row.index = index;
  row.scenario = "s";
  row.agents = {"a", "b"};
  row.utilities = {0.5, 0.5};
  row.payoffs = {0.5, 0.5};
  row.advantages = {0.5, 0.5};
  row.end = "deadline";
  return row;
}

TEST(Journal, HugeInvalidDeepAndOutOfRangeLinesAreDroppedAndTheRowsAroundThemKept) {
  TemporaryFolder out("journal-hostile");
  std::filesystem::create_directories(out.path() / "journal");
  {
    std::ofstream file(out.path() / "journal" / "part-R0-W0-S0.jsonl", std::ios::binary);
    file << to_json_line(simple_row(0), true) << "\n";
    file << std::string(3u << 20, 'x') << "\n";  // 3 MiB: not a row
    file << to_json_line(simple_row(1), true) << "\n";
    auto bad_text = to_json_line(simple_row(2), true);
    bad_text.replace(bad_text.find("\"s\""), 3, "\"\xff\"");  // not UTF-8
    file << bad_text << "\n";
    file << std::string(100'000, '[') << std::string(100'000, ']') << "\n";  // nested deep
    file << to_json_line(simple_row(99), true) << "\n";  // index beyond the jobs
    file << to_json_line(simple_row(2), true) << "\n";
    file << std::string(2u << 20, '{');  // torn and huge
  }
  const JournalState state = read_journal(out.path().string(), 3);
  EXPECT_EQ(state.done_count, 3u);
  EXPECT_EQ(state.dropped_lines, 5u);
  EXPECT_EQ(state.done, (std::vector<bool>{true, true, true}));
  EXPECT_FALSE(parse_json_line(std::string(100'000, '[') + std::string(100'000, ']')));
}

TEST(ResultRow, FailureMessageThatIsNotUtf8IsWrittenWithReplacementCharacters) {
  ResultRow row = simple_row(4);
  row.end = "failure";
  row.failure = "exception: bad \xff byte";
  std::string line;
  ASSERT_NO_THROW(line = to_json_line(row, false));
  const auto back = parse_json_line(line);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->failure, "exception: bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace parley
