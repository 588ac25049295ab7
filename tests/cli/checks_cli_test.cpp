// Checks before work, end to end through the `parley` binary: numeric flags that are negative,
// overflow or not finite are usage errors (exit 2) naming the flag; bad output paths fail before
// any computation (exit 1, no report printed, nothing written); convert never overwrites its
// input and replaces an existing output only with --force; a folder of more than two profiles
// needs --profile.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::run_parley;

const std::string job_offer = "'" PARLEY_SOURCE_DIR "/examples/job-offer.yaml'";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct BadFlag {
  std::string arguments;  // after "parley "
  std::string message;    // a part of what parley prints
};

// Every numeric option of every command: negative, overflowing, not finite, not a whole number.
TEST(ChecksCli, BadNumbersAreUsageErrorsNamingTheFlag) {
  const std::string rooms = "'" PARLEY_SOURCE_DIR "/examples/rent-rooms.csv'";
  const std::string tournament = "'" PARLEY_SOURCE_DIR "/examples/tournaments/";
  const std::vector<BadFlag> cases = {
      {"solve " + job_offer + " --seed -1",
       "--seed: found -1, expected a whole number from 0 to 18446744073709551615 (no negative "
       "numbers)"},
      {"solve " + job_offer + " --seed 18446744073709551616",
       "--seed: found 18446744073709551616, expected a whole number from 0 to "
       "18446744073709551615 (too large)"},
      {"solve " + job_offer + " --seed 1.5", "--seed: found 1.5, expected a whole number"},
      {"solve " + job_offer + " --budget 0",
       "--budget: found 0, expected a whole number from 1 to 4611686018427387904"},
      {"solve " + job_offer + " --budget -5", "--budget: found -5"},
      {"solve " + job_offer + " --budget 99999999999999999999", "(too large)"},
      {"solve " + job_offer + " --time-cap -1",
       "--time-cap: found -1, expected a finite number >= 0 and <= 1000000000"},
      {"solve " + job_offer + " --time-cap nan", "--time-cap: found nan"},
      {"solve " + job_offer + " --tolerance -0.1",
       "--tolerance: found -0.1, expected a finite number >= 0 and <= 0.1"},
      {"solve " + job_offer + " --tolerance inf", "--tolerance: found inf"},
      {"solve " + job_offer + " --real-steps -1",
       "--real-steps: found -1, expected a whole number from 2 to 1000000"},
      {"info " + job_offer + " --real-steps 1", "--real-steps: found 1"},
      {"negotiate " + job_offer + " --seed -1", "--seed: found -1"},
      {"negotiate " + job_offer + " --rounds 99999999999999999999",
       "--rounds: found 99999999999999999999, expected a whole number from 1 to 100000000 (too "
       "large)"},
      {"negotiate " + job_offer + " --rounds -3", "--rounds: found -3"},
      {"negotiate " + job_offer + " --time-limit -1",
       "--time-limit: found -1, expected a finite number of seconds > 0"},
      {"negotiate " + job_offer + " --turn-budget -1", "--turn-budget: found -1"},
      {"tournament " + tournament + "bundled.yaml' --out x --threads -1",
       "--threads: found -1, expected a whole number from 1 to 4096"},
      {"tournament " + tournament + "bundled.yaml' --out x --sync-interval -1",
       "--sync-interval: found -1"},
      {"serve --port -1", "--port: found -1, expected a whole number from 0 to 65535"},
      {"serve --port 65536", "--port: found 65536"},
      {"serve --threads 0", "--threads: found 0, expected a whole number from 1 to 4096"},
      {"serve --rate -5", "--rate: found -5, expected a finite number > 0"},
      {"serve --rate 0", "--rate: found 0"},
      {"serve --burst nan", "--burst: found nan"},
      {"serve --analysis-seconds -1", "--analysis-seconds: found -1"},
      {"serve --analysis-budget 0", "--analysis-budget: found 0"},
      {"serve --analysis-workers -1", "--analysis-workers: found -1"},
      {"serve --analysis-queue 0", "--analysis-queue: found 0"},
  };
  for (const auto& c : cases) {
    const auto run = run_parley(c.arguments, true);
    EXPECT_EQ(run.status, 2) << c.arguments << ": " << run.out;
    EXPECT_NE(run.out.find(c.message), std::string::npos) << c.arguments << ": " << run.out;
  }
  // --rent is a number read exactly (a fraction); a negative total is refused before the table
  // is read.
  const auto rent = run_parley("divide " + rooms + " --rent -5", true);
  EXPECT_EQ(rent.status, 1) << rent.out;
  EXPECT_NE(rent.out.find("--rent: found \"-5\", expected a total rent >= 0"), std::string::npos)
      << rent.out;
  EXPECT_EQ(rent.out.find("envy"), std::string::npos) << "no division printed: " << rent.out;
}

// A bad output path fails before any work: exit 1, the message names the path and the option,
// no report is printed and nothing is written.
TEST(ChecksCli, BadOutputPathsFailBeforeAnyWork) {
  parley::test::ScratchFolder folder("parley-checks-cli");
  const std::string here = folder.path().string();
  fs::create_directories(folder / "locked");
  fs::permissions(folder / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  const bool root = ::geteuid() == 0;  // root writes anywhere: the locked case proves nothing
  struct Case {
    std::string arguments, message;
  };
  std::vector<Case> cases = {
      {"solve " + job_offer + " --plot '" + here + "/x.pdf'",
       "--plot: found the extension '.pdf', expected a file name ending in .svg or .png"},
      {"solve " + job_offer + " --plot '" + here + "/missing/x.svg'",
       "--plot: found no folder '" + here + "/missing'"},
      {"solve " + job_offer + " --json --plot '" + here + "'", "--plot: found a folder"},
      {"negotiate " + job_offer + " --trace '" + here + "/missing/t.jsonl'",
       here + "/missing/t.jsonl: --trace: found no folder '" + here + "/missing'"},
      {"negotiate " + job_offer + " --trace '" + here + "/t.txt'",
       "--trace: found the extension '.txt', expected a file name ending in .jsonl or .json"},
      {"negotiate " + job_offer + " --plot '" + here + "/p.gif'",
       "--plot: found the extension '.gif'"},
      {"tournament '" PARLEY_SOURCE_DIR "/examples/tournaments/bundled.yaml' --out '" + here +
           "/file.txt'",
       "--out: found an existing file, expected a folder"},
      {"convert " + job_offer + " --to native '" + here + "/missing/x.yaml'",
       "OUT: found no folder '" + here + "/missing'"},
  };
  if (!root) {
    cases.push_back(
        {"solve " + job_offer + " --plot '" + here + "/locked/x.svg'", "which cannot be written"});
    cases.push_back({"negotiate " + job_offer + " --trace '" + here + "/locked/t.jsonl'",
                     "which cannot be written"});
  }
  std::ofstream(folder / "file.txt") << "keep";
  for (const auto& c : cases) {
    const auto run = run_parley(c.arguments, true);
    EXPECT_EQ(run.status, 1) << c.arguments << ": " << run.out;
    EXPECT_NE(run.out.find(c.message), std::string::npos) << c.arguments << ": " << run.out;
    // Nothing of the work: no report (solve), no session (negotiate), no JSON.
    for (const char* work : {"Summary", "Zone", "Outcome:", "Negotiation:", "{", "wrote"})
      EXPECT_EQ(run.out.find(work), std::string::npos) << c.arguments << ": " << run.out;
    EXPECT_EQ(folder.names(), (std::vector<std::string>{"file.txt", "locked"})) << c.arguments;
  }
  EXPECT_EQ(read_file(folder / "file.txt"), "keep");
  fs::permissions(folder / "locked", fs::perms::owner_all);
}

TEST(ChecksCli, ConvertNeverOverwritesItsInputAndReplacesAnOutputOnlyWithForce) {
  parley::test::ScratchFolder folder("parley-checks-convert");
  const fs::path input = folder / "in.yaml";
  fs::copy_file(PARLEY_SOURCE_DIR "/examples/job-offer.yaml", input);
  const std::string original = read_file(input);
  const std::string in = "'" + input.string() + "'";
  // The input itself, under other spellings too, with or without --force.
  for (const std::string& target :
       {input.string(), (folder / "." / "in.yaml").string(),
        (folder.path().parent_path() / folder.path().filename() / "in.yaml").string()}) {
    for (const char* force : {"", " --force"}) {
      const auto run = run_parley("convert " + in + " --to native '" + target + "'" + force, true);
      EXPECT_EQ(run.status, 1) << target << force << ": " << run.out;
      EXPECT_NE(run.out.find("OUT: found the input"), std::string::npos) << run.out;
    }
  }
  EXPECT_EQ(read_file(input), original);
  // A new output is written; written again only with --force (and then replaced whole).
  const std::string out = "'" + (folder / "out.yaml").string() + "'";
  ASSERT_EQ(run_parley("convert " + in + " --to native " + out).status, 0);
  const std::string first = read_file(folder / "out.yaml");
  EXPECT_NE(first.find("parley: 1"), std::string::npos);
  std::ofstream(folder / "out.yaml") << "edited by hand";
  const auto again = run_parley("convert " + in + " --to native " + out, true);
  EXPECT_EQ(again.status, 1) << again.out;
  EXPECT_NE(again.out.find("OUT: found an existing file, expected a new file name, or --force"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(read_file(folder / "out.yaml"), "edited by hand");
  ASSERT_EQ(run_parley("convert " + in + " --to native " + out + " --force").status, 0);
  EXPECT_EQ(read_file(folder / "out.yaml"), first);
  // Folders: a non-empty one needs --force; the input folder is never a target.
  const std::string genius = "'" + (folder / "genius").string() + "'";
  ASSERT_EQ(run_parley("convert " + in + " --to genius " + genius).status, 0);
  const auto refill = run_parley("convert " + in + " --to genius " + genius, true);
  EXPECT_EQ(refill.status, 1) << refill.out;
  EXPECT_NE(refill.out.find("a folder that is not empty"), std::string::npos) << refill.out;
  EXPECT_EQ(run_parley("convert " + in + " --to genius " + genius + " --force").status, 0);
  const auto onto_input =
      run_parley("convert " + genius + " --to genius " + genius + " --force", true);
  EXPECT_EQ(onto_input.status, 1) << onto_input.out;
  EXPECT_NE(onto_input.out.find("OUT: found the input"), std::string::npos) << onto_input.out;
  EXPECT_EQ(read_file(input), original);
}

TEST(ChecksCli, AFolderOfMoreProfilesThanPartiesNeedsProfile) {
  PARLEY_REQUIRE_CORPUS();
  const std::string folder =
      "'" + (parley::test::corpus_dir() / "genius/anac2016/AgentHp2").string() + "'";
  const auto refused = run_parley("info " + folder, true);
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.out.find("profiles: found 3 profile files (consumer.xml, producer.xml, "
                             "provider.xml)"),
            std::string::npos)
      << refused.out;
  EXPECT_NE(refused.out.find("--profile consumer.xml --profile producer.xml --profile "
                             "provider.xml (or --parties 3) for three parties"),
            std::string::npos)
      << refused.out;
  const auto named = run_parley(
      "info " + folder + " --profile consumer.xml --profile producer.xml --profile provider.xml");
  EXPECT_EQ(named.status, 0) << named.out;
  EXPECT_NE(named.out.find("consumer:"), std::string::npos) << named.out;
  EXPECT_NE(named.out.find("provider:"), std::string::npos) << named.out;
  const auto two = run_parley("info " + folder + " --profile provider.xml --profile consumer.xml");
  EXPECT_EQ(two.status, 0) << two.out;
  EXPECT_EQ(two.out.find("producer:"), std::string::npos) << two.out;
  // --parties 3: the folder's three profiles, in name order, are the parties.
  const auto three = run_parley("info " + folder + " --parties 3");
  EXPECT_EQ(three.status, 0) << three.out;
  EXPECT_EQ(three.out, named.out);
  const auto wrong = run_parley("info " + folder + " --parties 4", true);
  EXPECT_EQ(wrong.status, 1) << wrong.out;
  EXPECT_NE(wrong.out.find("--parties: found 3 profile files, expected exactly 4"),
            std::string::npos)
      << wrong.out;
  const auto both = run_parley("info " + folder + " --parties 3 --profile consumer.xml", true);
  EXPECT_EQ(both.status, 2) << both.out;
}

}  // namespace
