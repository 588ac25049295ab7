// `parley report`: the brief written where asked, the output paths checked before any work, the
// PDF through headless Chromium (skipped when no browser is installed) and a clear error when
// there is none.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "parley/analysis/brief.hpp"

namespace parley::test {
namespace {

namespace fs = std::filesystem;

const std::string kExample = std::string("'") + PARLEY_SOURCE_DIR + "/examples/russia-japan.yaml'";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("parley-report-cli-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string path(const std::string& name) const { return (folder_ / name).string(); }
  fs::path folder_;
};

TEST_F(ReportCli, WritesTheBriefAndSaysWhere) {
  const auto run = run_parley("report " + kExample + " --html '" + path("brief.html") + "'", true);
  ASSERT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(run.out, "Brief written to " + path("brief.html") + "\n");
  const std::string html = slurp(path("brief.html"));
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  pugi::xml_document document;
  EXPECT_EQ(document.load_string(html.c_str()).status, pugi::status_ok);
  EXPECT_EQ(document.select_nodes("//svg").size(), 1u);
  EXPECT_STREQ(document.select_node("//h1").node().child_value(), "Russia-Japan peace treaty");
  // No temporary file left beside it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder_)) ++files;
  EXPECT_EQ(files, 1u);

  // The same arguments give the same bytes.
  ASSERT_EQ(run_parley("report " + kExample + " --html '" + path("again.html") + "'").status, 0);
  EXPECT_EQ(slurp(path("again.html")), html);
}

// Parties with uncertain preferences: the "Under uncertainty" section, after the explanations,
// with the same recommendations and sentences as `parley robust --json`; --no-robust leaves it
// out; hostile party names stay text.
TEST_F(ReportCli, UncertainPartiesGetTheUnderUncertaintySection) {
  const auto run = run_parley(
      "report " + kExample + " --robust-samples 300 --html '" + path("brief.html") + "'", true);
  ASSERT_EQ(run.status, 0) << run.out;
  const std::string html = slurp(path("brief.html"));
  pugi::xml_document document;
  ASSERT_EQ(document.load_string(html.c_str()).status, pugi::status_ok);
  std::vector<std::string> ids;
  for (const auto& node : document.select_nodes("//section"))
    ids.push_back(node.node().attribute("id").value());
  const std::vector<std::string> expected{"summary", "plot",         "solutions",
                                          "menu",    "explanations", "uncertainty",
                                          "proofs",  "method",       "glossary"};
  EXPECT_EQ(ids, expected);
  // The "Proofs" section (parley certify): every solution's claim proved, in words.
  const auto proofs = document.select_node("//section[@id='proofs']").node();
  EXPECT_STREQ(proofs.child("h2").child_value(), "Proofs");
  std::vector<std::string> claims;
  for (const auto& node : proofs.select_nodes("h3")) claims.push_back(node.node().child_value());
  EXPECT_EQ(claims, (std::vector<std::string>{"ideal (japan): proved", "ideal (russia): proved",
                                              "nash: proved", "kalai_smorodinsky: proved",
                                              "egalitarian: proved", "utilitarian: proved"}));
  EXPECT_GE(proofs.select_nodes(".//li").size(), 6u);
  // --no-proofs leaves it out.
  ASSERT_EQ(run_parley("report " + kExample + " --robust-samples 300 --no-proofs --html '" +
                       path("plain.html") + "'")
                .status,
            0);
  EXPECT_EQ(slurp(path("plain.html")).find("id=\"proofs\""), std::string::npos);
  const auto section = document.select_node("//section[@id='uncertainty']").node();
  EXPECT_STREQ(section.child("h2").child_value(), "Under uncertainty");
  // The recommendations table: one row per rule, as parley robust --json gives them.
  const auto json = run_parley("robust " + kExample + " --samples 300 --json");
  ASSERT_EQ(json.status, 0);
  const auto rows = section.select_nodes(".//table[1]/tbody/tr");
  ASSERT_EQ(rows.size(), 8u);
  std::regex rule("\"title\": \"([^\"]+)\",\\s*\"package\": (null|[0-9]+)");
  std::size_t row = 0;
  for (auto it = std::sregex_iterator(json.out.begin(), json.out.end(), rule);
       it != std::sregex_iterator() && row < rows.size(); ++it, ++row) {
    const auto cells = rows[row].node().select_nodes("td");
    EXPECT_EQ(std::string(cells[0].node().child_value()), (*it)[1].str());
    EXPECT_EQ(std::string(cells[1].node().child_value()),
              (*it)[2].str() == "null" ? "none" : "#" + (*it)[2].str());
  }
  EXPECT_EQ(row, 8u);
  // Every sentence of the JSON is in the section's "In short" list.
  const std::string section_text = [&] {
    std::ostringstream out;
    section.print(out, "", pugi::format_raw);
    return out.str();
  }();
  std::regex sentences("\"sentences\": \\[([^\\]]*)\\]");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(json.out, match, sentences));
  const std::string list = match[1].str();
  std::regex sentence("\"([^\"]+)\"");
  std::size_t checked = 0;
  for (auto it = std::sregex_iterator(list.begin(), list.end(), sentence);
       it != std::sregex_iterator(); ++it, ++checked)
    EXPECT_NE(section_text.find("<li>" + (*it)[1].str() + "</li>"), std::string::npos)
        << (*it)[1].str();
  EXPECT_GE(checked, 3u);
  EXPECT_NE(section_text.find("Questions to ask next"), std::string::npos);
  EXPECT_NE(section_text.find("The most informative question to ask next"), std::string::npos);

  ASSERT_EQ(
      run_parley("report " + kExample + " --no-robust --html '" + path("plain.html") + "'").status,
      0);
  EXPECT_EQ(slurp(path("plain.html")).find("id=\"uncertainty\""), std::string::npos);

  // Hostile names stay text.
  std::string example = slurp(fs::path(PARLEY_SOURCE_DIR) / "examples/russia-japan.yaml");
  for (std::string::size_type at = 0; (at = example.find("name: japan", at)) != std::string::npos;)
    example.replace(at, 11, "name: \"<b>japan</b> & co\"");
  std::ofstream(path("hostile.yaml")) << example;
  const auto hostile =
      run_parley("report '" + path("hostile.yaml") + "' --robust-samples 200 --html '" +
                     path("hostile.html") + "'",
                 true);
  ASSERT_EQ(hostile.status, 0) << hostile.out;
  const std::string hostile_html = slurp(path("hostile.html"));
  pugi::xml_document hostile_document;
  ASSERT_EQ(hostile_document.load_string(hostile_html.c_str()).status, pugi::status_ok);
  EXPECT_EQ(hostile_document.select_nodes("//section[@id='uncertainty']//b").size(), 0u);
  EXPECT_NE(hostile_html.find("&lt;b&gt;japan&lt;/b&gt; &amp; co"), std::string::npos);
}

TEST_F(ReportCli, LotteriesAndBudgetAreAccepted) {
  const auto run =
      run_parley("report " + kExample + " --lotteries --budget 100000000 --seed 3 --html '" +
                     path("b.html") + "'",
                 true);
  ASSERT_EQ(run.status, 0) << run.out;
  EXPECT_NE(slurp(path("b.html")).find("Drawing lots only suits"), std::string::npos);
}

TEST_F(ReportCli, NeedsAnOutput) {
  const auto run = run_parley("report " + kExample, true);
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.out.find("give --html FILE.html, --pdf FILE.pdf or both"), std::string::npos)
      << run.out;
}

TEST_F(ReportCli, BadNumbersAreUsageErrors) {
  for (const std::string bad : {"--seed -1", "--budget 0", "--budget -5", "--seed 1e3",
                                "--budget 99999999999999999999999"}) {
    const auto run =
        run_parley("report " + kExample + " " + bad + " --html '" + path("b.html") + "'", true);
    EXPECT_EQ(run.status, 2) << bad << ": " << run.out;
  }
  EXPECT_TRUE(fs::is_empty(folder_));
}

TEST_F(ReportCli, BadOutputPathsFailBeforeAnyWork) {
  struct Case {
    std::string arguments, message;
  };
  const Case cases[] = {
      {"--html '" + path("missing/b.html") + "'", "--html: found no folder"},
      {"--html '" + path("b.txt") + "'", "expected a file name ending in .html or .htm"},
      {"--pdf '" + path("b.html") + "'", "expected a file name ending in .pdf"},
      {"--html '" + path("b.html") + "' --pdf '" + path("missing/b.pdf") + "'",
       "--pdf: found no folder"},
      {"--html '" + folder_.string() + "'", "expected a file name ending in .html"},
  };
  for (const auto& c : cases) {
    // A scenario path that does not exist: the output check comes first, so the message is
    // about the output, never about the scenario.
    const auto run = run_parley("report /nonexistent/scenario.yaml " + c.arguments, true);
    EXPECT_EQ(run.status, 1) << c.arguments;
    EXPECT_NE(run.out.find(c.message), std::string::npos) << c.arguments << ": " << run.out;
    EXPECT_EQ(run.out.find("Brief written"), std::string::npos);
  }
  // Nothing was written, not even the good --html of the fourth case.
  EXPECT_TRUE(fs::is_empty(folder_));
}

// The full path of `program` on PATH, or an empty path.
fs::path on_path(const std::string& program) {
  std::stringstream folders(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string folder; std::getline(folders, folder, ':');)
    if (::access((fs::path(folder) / program).c_str(), X_OK) == 0)
      return fs::path(folder) / program;
  return {};
}

TEST_F(ReportCli, WithoutChromiumThePdfFailsClearlyAndTheHtmlIsStillWritten) {
  // A PATH with gnuplot (for the plot) and nothing else.
  const fs::path gnuplot = on_path("gnuplot");
  if (gnuplot.empty()) GTEST_SKIP() << "no gnuplot on PATH";
  fs::create_directories(folder_ / "bin");
  fs::create_symlink(gnuplot, folder_ / "bin" / "gnuplot");
  const std::string command = "env PATH='" + (folder_ / "bin").string() + "' '" + PARLEY_BINARY +
                              "' report " + kExample + " --html '" + path("b.html") + "' --pdf '" +
                              path("b.pdf") + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 1) << out;
  EXPECT_NE(out.find("Brief written to " + path("b.html")), std::string::npos) << out;
  EXPECT_NE(out.find("install the chromium package"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(path("b.html")));
  EXPECT_FALSE(fs::exists(path("b.pdf")));
  EXPECT_FALSE(fs::exists(path("b.pdf.parley-tmp")));
}

TEST_F(ReportCli, PdfThroughChromium) {
  if (find_chromium().empty()) GTEST_SKIP() << "no chromium on PATH: apt-get install chromium";
  const auto run = run_parley("report " + kExample + " --pdf '" + path("brief.pdf") + "'", true);
  ASSERT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(run.out, "PDF written to " + path("brief.pdf") + "\n");
  const std::string pdf = slurp(path("brief.pdf"));
  EXPECT_TRUE(pdf.starts_with("%PDF-"));
  // Pages: one /MediaBox per page, A4 (595 x 842 points, give or take Chromium's rounding).
  const std::regex media_box(R"(/MediaBox \[0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\])");
  std::size_t pages = 0;
  for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), media_box);
       it != std::sregex_iterator(); ++it) {
    ++pages;
    EXPECT_NEAR(std::stod((*it)[1]), 595.3, 1.0);
    EXPECT_NEAR(std::stod((*it)[2]), 841.9, 1.0);
  }
  // The summary, the picture, the table, the menu, the explanations, the method, the glossary:
  // each section after the summary starts a page.
  EXPECT_GE(pages, 7u);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder_)) ++files;
  EXPECT_EQ(files, 1u) << "no temporary file left";
}

TEST_F(ReportCli, PdfToAMissingBrowserPathIsRefusedUpFront) {
  // --pdf with a wrong extension is a bad path whether or not chromium is installed.
  const auto run = run_parley("report " + kExample + " --pdf '" + path("b.PDFX") + "'", true);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("found the extension .pdfx"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace parley::test
