// Scenario files and tournament files read booleans and numbers with one checked reader
// (src/support/yaml_fields.hpp): every spelling below is accepted or refused by both, with the
// same value, and errors name the file, line, column, field, what was found and what was
// expected.
#include <optional>
#include <string>

#include "parley/io/io.hpp"
#include "parley/tournament/tournament.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// A scenario whose party a has `walk_away: NUMBER` on line 11, its integer issue `range: [1,
// WHOLE]` on line 6, and `clip: BOOLEAN` on line 14.
std::string scenario_text(const std::string& number, const std::string& whole,
                          const std::string& boolean) {
  return "parley: 1\n"                 // 1
         "name: fields\n"              // 2
         "issues:\n"                   // 3
         "  - name: x\n"               // 4
         "    options: [low, high]\n"  // 5
         "  - {name: n, range: [1, " +
         whole +
         "]}\n"                                  // 6
         "parties:\n"                            // 7
         "  - name: a\n"                         // 8
         "    weights: {x: 0.5, n: 0.5}\n"       // 9
         "    scores: {x: {low: 0, high: 1}}\n"  // 10
         "    walk_away: " +
         number +
         "\n"                // 11
         "    functions:\n"  // 12
         "      n:\n"        // 13
         "        linear: {slope: 0.3, offset: 0, clip: " +
         boolean +
         "}\n"  // 14
         "  - name: b\n"
         "    weights: {x: 1, n: 0}\n"
         "    scores: {x: {low: 1, high: 0}}\n";
}

// A tournament file with limits.seconds NUMBER on line 4, `repetitions: WHOLE` on line 5 and
// `self_play: BOOLEAN` on line 6.
std::string tournament_text(const std::string& number, const std::string& whole,
                            const std::string& boolean) {
  return "agents: [boulware]\n"                    // 1
         "scenarios: [examples/job-offer.yaml]\n"  // 2
         "limits:\n"                               // 3
         "  seconds: " +
         number +
         "\n"  // 4
         "repetitions: " +
         whole +
         "\n"  // 5
         "self_play: " +
         boolean + "\n";  // 6
}

struct Read {
  std::optional<double> number;
  std::optional<long> whole;
  std::optional<bool> boolean;
  std::string error;  // field and found of the InputError when refused
  long line = 0;
  std::optional<long> column;
};

Read from_scenario(const std::string& number, const std::string& whole,
                   const std::string& boolean) {
  Read read;
  try {
    Warnings warnings;
    const auto s = parse_native(scenario_text(number, whole, boolean), "s.yaml", warnings);
    read.number = s->party(0).reservation_value;
    read.whole = s->issue(1).upper_integer();
    // clip: the line 0.3 * (n - 1) exceeds 1 from n = 5; clipped it stays at 1.
    if (read.whole && *read.whole >= 5) {
      Outcome top{0, static_cast<ValueIndex>(*read.whole - 1)};
      read.boolean = s->utilities(top)[0] <= 0.5 + 1e-12;
    }
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "s.yaml");
    read.error = e.field() + ": found " + e.found();
    read.line = e.line().value_or(-1);
    read.column = e.column();
  }
  return read;
}

Read from_tournament(const std::string& number, const std::string& whole,
                     const std::string& boolean) {
  Read read;
  try {
    const auto spec = parse_tournament_spec(tournament_text(number, whole, boolean), "t.yaml",
                                            test::source_dir().string());
    read.number = spec.limit_seconds;
    read.whole = spec.repetitions;
    read.boolean = spec.self_play;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "t.yaml");
    read.error = e.field() + ": found " + e.found();
    read.line = e.line().value_or(-1);
    read.column = e.column();
  }
  return read;
}

struct Spelling {
  std::string text;
  std::optional<bool> value;  // nullopt: refused
};

TEST(SupportYamlFields, BooleansAreReadAlikeInScenarioAndTournamentFiles) {
  const std::vector<Spelling> table = {
      {"true", true},
      {"True", true},
      {"TRUE", true},
      {"yes", true},
      {"Yes", true},
      {"YES", true},
      {"on", true},
      {"On", true},
      {"ON", true},
      {"false", false},
      {"False", false},
      {"FALSE", false},
      {"no", false},
      {"No", false},
      {"NO", false},
      {"off", false},
      {"Off", false},
      {"OFF", false},
      {"y", std::nullopt},
      {"n", std::nullopt},
      {"tRUE", std::nullopt},
      {"1", std::nullopt},
      {"0", std::nullopt},
      {"yes!", std::nullopt},
      {"[true]", std::nullopt},
      {"~", std::nullopt},
  };
  for (const auto& row : table) {
    SCOPED_TRACE("boolean " + row.text);
    const Read scenario = from_scenario("0.25", "9", row.text);
    const Read tournament = from_tournament("2", "3", row.text);
    EXPECT_EQ(scenario.boolean, row.value) << scenario.error;
    EXPECT_EQ(tournament.boolean, row.value) << tournament.error;
    if (row.value) continue;
    EXPECT_EQ(scenario.line, 14);
    EXPECT_EQ(tournament.line, 6);
    EXPECT_TRUE(scenario.column && tournament.column);
    // Same wording of what was found; only the field's name differs.
    EXPECT_EQ(scenario.error.substr(scenario.error.find(": found")),
              tournament.error.substr(tournament.error.find(": found")));
  }
}

struct NumberSpelling {
  std::string text;
  std::optional<double> value;
};

TEST(SupportYamlFields, NumbersAreReadAlikeInScenarioAndTournamentFiles) {
  const std::vector<NumberSpelling> table = {
      {"0.5", 0.5},
      {"+0.5", 0.5},
      {".5", 0.5},
      {"5e-1", 0.5},
      {"5E-1", 0.5},
      {"0.50", 0.5},
      {"1", 1.0},
      {"0", 0.0},
      {"0.1", 0.1},
      {"-0", 0.0},
      {"0.7500000000000001", 0.7500000000000001},
      {"0x0.8p0", std::nullopt},
      {"0,5", std::nullopt},
      {"1/2", std::nullopt},
      {"half", std::nullopt},
      {".inf", std::nullopt},
      {"-.inf", std::nullopt},
      {".nan", std::nullopt},
      {"NaN", std::nullopt},
      {"infinity", std::nullopt},
      {"1e999", std::nullopt},
      {"0.5.1", std::nullopt},
      {"+-1", std::nullopt},
      {"''", std::nullopt},
      {"[0.5]", std::nullopt},
      {"{a: 1}", std::nullopt},
  };
  for (const auto& row : table) {
    SCOPED_TRACE("number " + row.text);
    const Read scenario = from_scenario(row.text, "9", "true");
    const Read tournament = from_tournament(row.text, "3", "true");
    EXPECT_EQ(scenario.number, row.value) << scenario.error;
    EXPECT_EQ(tournament.number, row.value) << tournament.error;
    if (row.value) continue;
    EXPECT_EQ(scenario.line, 11);
    EXPECT_EQ(tournament.line, 4);
    EXPECT_EQ(scenario.error.substr(scenario.error.find(": found")),
              tournament.error.substr(tournament.error.find(": found")));
  }
}

TEST(SupportYamlFields, WholeNumbersAreReadAlikeInScenarioAndTournamentFiles) {
  const std::vector<std::pair<std::string, std::optional<long>>> table = {
      {"7", 7},
      {"+7", 7},
      {"07", 7},
      {"10", 10},
      {"7.0", std::nullopt},
      {"7e0", std::nullopt},
      {"0x7", std::nullopt},
      {"seven", std::nullopt},
      {"7 apples", std::nullopt},
      {"[7]", std::nullopt},
      {"99999999999999999999999", std::nullopt},
  };
  for (const auto& [text, value] : table) {
    SCOPED_TRACE("whole number " + text);
    const Read scenario = from_scenario("0.25", text, "true");
    const Read tournament = from_tournament("2", text, "true");
    EXPECT_EQ(scenario.whole, value) << scenario.error;
    EXPECT_EQ(tournament.whole, value) << tournament.error;
    if (value) continue;
    EXPECT_EQ(scenario.line, 6);
    EXPECT_EQ(tournament.line, 5);
    EXPECT_EQ(scenario.error.substr(scenario.error.find(": found")),
              tournament.error.substr(tournament.error.find(": found")));
  }
}

TEST(SupportYamlFields, ErrorMessagesNameFileLineColumnFieldFoundAndExpected) {
  try {
    parse_tournament_spec(tournament_text("2", "3", "maybe"), "t.yaml",
                          test::source_dir().string());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "t.yaml:6:12: self_play: found 'maybe', expected true or false");
  }
  try {
    parse_tournament_spec(tournament_text("-1", "3", "true"), "t.yaml",
                          test::source_dir().string());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "t.yaml:4:12: limits.seconds: found '-1', expected a number in [0, 1e+06]");
  }
  try {
    parse_tournament_spec(tournament_text("2", "0", "true"), "t.yaml", test::source_dir().string());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "t.yaml:5:14: repetitions: found '0', expected a whole number from 1 to 1000000");
  }
  try {
    Warnings warnings;
    parse_native(scenario_text(".nan", "9", "true"), "s.yaml", warnings);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 11);
    EXPECT_EQ(e.column(), 16);
    EXPECT_EQ(e.found(), "non-finite number '.nan'");
    EXPECT_EQ(e.expected(), "a finite number");
  }
}

}  // namespace
}  // namespace parley
