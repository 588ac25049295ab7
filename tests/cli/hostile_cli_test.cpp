// Hostile files given to the parley binary (issue 15): every command that reads a scenario
// (info, solve, convert, negotiate) must exit with 1 (never a signal, never a hang), print one
// message naming the file and the field, and leave an existing output file unchanged.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;
using test::repeat_text;
using test::write_text_file;

struct Hostile {
  std::string name;      // file name in the scratch folder (or an absolute path)
  std::string content;   // written unless `special`
  bool special = false;  // made by the test (FIFO, symlink, folder, device)
  std::string field;     // what the message must name after the file
};

const std::string kIssue = "parley: 1\nissues:\n  - name: a\n    options: [x, y]\n";
const std::string kParties =
    "parties:\n  - name: p1\n    weights: {a: 1}\n    scores: {a: {x: 1, y: 2}}\n"
    "  - name: p2\n    weights: {a: 1}\n    scores: {a: {x: 2, y: 1}}\n";

std::vector<Hostile> hostile_files() {
  std::string weights = kIssue + kParties;
  weights.replace(weights.find("weights: {a: 1}"), 15, "weights: {a: 1e308}");
  std::string two_weights =
      "parley: 1\nissues:\n  - name: a\n    options: [x, y]\n"
      "  - name: b\n    options: [x, y]\nparties:\n"
      "  - name: p1\n    weights: {a: 1e308, b: 1e308}\n"
      "    scores: {a: {x: 1, y: 2}, b: {x: 1, y: 2}}\n"
      "  - name: p2\n    weights: {a: 1, b: 1}\n"
      "    scores: {a: {x: 1, y: 2}, b: {x: 1, y: 2}}\n";
  std::string negative = kIssue + kParties;
  negative.replace(negative.find("weights: {a: 1}"), 15, "weights: {a: -1}");
  std::string nan = kIssue + kParties;
  nan.replace(nan.find("x: 1,"), 5, "x: .nan,");
  std::string huge = kIssue + kParties;
  huge.replace(huge.find("x: 1,"), 5, "x: 1e309,");
  return {
      {"deep.yaml",
       "parley: 1\nissues: " + repeat_text("[", 100'000) + repeat_text("]", 100'000) + "\n", false,
       "YAML nesting"},
      {"weights.yaml", two_weights, false, "parties.p1.weights"},
      {"negative.yaml", negative, false, "parties.p1.weights.a"},
      {"nan.yaml", nan, false, "parties.p1.scores.a.x"},
      {"huge.yaml", huge, false, "parties.p1.scores.a.x"},
      {"utf8.yaml", "parley: 1\nissues:\n  - name: \"a\xff\"\n    options: [x, y]\n" + kParties,
       false, "YAML syntax"},
      {"nul.yaml", "parley: 1\nissues:\n  - name: \"a\\0\"\n    options: [x, y]\n" + kParties,
       false, "issues[1].name"},
      {"raw-nul.yaml", std::string("parley: 1\nname: a\0b\n", 21) + kIssue.substr(10) + kParties,
       false, ""},
      {"empty.yaml", "", false, "file"},
      {"many-issues.yaml",
       [] {
         std::string text = "parley: 1\nissues:\n";
         for (int i = 0; i < 10'001; ++i)
           text += "  - {name: i" + std::to_string(i) + ", options: [x]}\n";
         return text + kParties;
       }(),
       false, "issues"},
      {"folder.yaml", "", true, "folder"},  // a folder is read as a GENIUS / GeniusWeb one
      {"fifo.yaml", "", true, "path"},
      {"zero.yaml", "", true, "path"},
      {"loop.yaml", "", true, "path"},
      {std::string(300, 'n') + ".yaml", "", true, "path"},
      {"deep-genius", "", true, "objective"},
      {"deep-geniusweb", "", true, "JSON nesting"},
  };
}

void make_special(const fs::path& dir, const Hostile& h) {
  const fs::path path = dir / h.name;
  if (h.name == "folder.yaml") fs::create_directory(path);
  if (h.name == "fifo.yaml") {
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  }
  if (h.name == "zero.yaml") fs::create_symlink("/dev/zero", path);
  if (h.name == "loop.yaml") {
    fs::create_symlink(dir / "loop2.yaml", path);
    fs::create_symlink(path, dir / "loop2.yaml");
  }
  if (h.name == "deep-genius") {
    fs::create_directory(path);
    write_text_file(
        path / "d-domain.xml",
        "<negotiation_template><utility_space>" +
            repeat_text("<objective index=\"0\" name=\"o\">", 50'000) +
            "<issue index=\"1\" name=\"a\" etype=\"discrete\"><item value=\"x\"/></issue>" +
            repeat_text("</objective>", 50'000) + "</utility_space></negotiation_template>");
  }
  if (h.name == "deep-geniusweb") {
    fs::create_directory(path);
    write_text_file(path / "domain.json",
                    "{\"name\": \"d\", \"issuesValues\": {\"a\": " + repeat_text("[", 100'000) +
                        repeat_text("]", 100'000) + "}}");
  }
}

TEST(HostileCli, EveryCommandExitsWith1NamingTheFileAndFieldAndKeepsTheOutput) {
  test::ScratchFolder dir("parley-hostile-cli");
  const fs::path output = dir / "existing-output.yaml";
  const std::string kept = "# an output written before\n";
  write_text_file(output, kept);
  for (const Hostile& h : hostile_files()) {
    if (h.special)
      make_special(dir.path(), h);
    else
      write_text_file(dir / h.name, h.content);
    const std::string path = (dir / h.name).string();
    const std::vector<std::string> commands{
        "info '" + path + "'",
        "solve --json '" + path + "'",
        "convert '" + path + "' --to native '" + output.string() + "' --force",
        "negotiate '" + path + "'",
    };
    for (const std::string& command : commands) {
      // A crash shows as -1 (not a normal exit); a FIFO read would hang (ctest times it out).
      const test::ParleyRun run = test::run_parley(command, true);
      EXPECT_EQ(run.status, 1) << command << "\n" << run.out;
      EXPECT_EQ(run.out.rfind("error: ", 0), 0u) << command << "\n" << run.out;
      // The message names the file (or the folder's file) and the field.
      const std::string named = h.name.substr(0, 20);
      EXPECT_NE(run.out.find(named), std::string::npos) << command << "\n" << run.out;
      if (!h.field.empty()) {
        EXPECT_NE(run.out.find(": " + h.field + ": found "), std::string::npos) << command << "\n"
                                                                                << run.out;
      }
      // One line, valid UTF-8: no raw byte of the file is echoed.
      EXPECT_EQ(run.out.find('\xff'), std::string::npos) << command;
      EXPECT_EQ(run.out.find("json.exception"), std::string::npos) << command;
      EXPECT_EQ(run.out.find("filesystem error"), std::string::npos) << command;
      EXPECT_EQ(test::read_text_file(output), kept) << command;
    }
  }
}

}  // namespace
}  // namespace parley
