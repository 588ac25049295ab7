// Golden files of the text report: every examples/*.yaml analysed with the default options (and
// Russia-Japan once more with the lotteries), rendered by render_report and compared byte for
// byte with tests/analysis/golden/<example>.txt.
//
// To regenerate after an intended change of the report, run the test with PARLEY_UPDATE_GOLDEN=1
// (it then writes the files and passes), read the diff, and commit the files with the change:
//   PARLEY_UPDATE_GOLDEN=1 build/tests/analysis/parley_report_tests --gtest_filter='ReportGolden*'
//   git diff tests/analysis/golden
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() { return test::source_dir() / "tests" / "analysis" / "golden"; }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first line where two texts differ, for the failure message.
std::string first_difference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string x, y;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, x));
    const bool more_b = static_cast<bool>(std::getline(b, y));
    if (!more_a && !more_b) return "texts differ only in their line endings";
    if (x != y || more_a != more_b)
      return "line " + std::to_string(line) + ":\n  golden: " + (more_a ? x : "<end>") +
             "\n  now:    " + (more_b ? y : "<end>");
  }
}

void check_golden(const std::string& name, const std::string& report) {
  const fs::path path = golden_dir() / (name + ".txt");
  if (const char* update = std::getenv("PARLEY_UPDATE_GOLDEN"); update && *update == '1') {
    fs::create_directories(golden_dir());
    std::ofstream(path, std::ios::binary) << report;
    std::cout << "wrote " << path << "\n";
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing: run with PARLEY_UPDATE_GOLDEN=1";
  const std::string want = read_text(path);
  EXPECT_TRUE(want == report) << name << ": the report differs from " << path << " at "
                              << first_difference(want, report)
                              << "\n(regenerate with PARLEY_UPDATE_GOLDEN=1 if intended)";
}

std::vector<fs::path> examples() {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(test::source_dir() / "examples"))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST(ReportGolden, EveryExample) {
  const auto paths = examples();
  ASSERT_GE(paths.size(), 4u);
  for (const auto& path : paths) {
    SCOPED_TRACE(path.string());
    Warnings warnings;
    const auto scenario = load_scenario(path.string(), warnings);
    check_golden(path.stem().string(), render_report(*scenario, analyse(*scenario)));
  }
}

TEST(ReportGolden, RussiaJapanWithLotteries) {
  Warnings warnings;
  const auto scenario =
      load_scenario((test::source_dir() / "examples" / "russia-japan.yaml").string(), warnings);
  AnalysisOptions options;
  options.lotteries = true;
  check_golden("russia-japan-lotteries", render_report(*scenario, analyse(*scenario, options)));
}

// Every golden file belongs to a test above (a renamed example leaves no stale file behind).
TEST(ReportGolden, NoStaleFiles) {
  std::vector<std::string> expected = {"russia-japan-lotteries.txt"};
  for (const auto& path : examples()) expected.push_back(path.stem().string() + ".txt");
  for (const auto& entry : fs::directory_iterator(golden_dir()))
    EXPECT_NE(std::find(expected.begin(), expected.end(), entry.path().filename().string()),
              expected.end())
        << "stale golden file " << entry.path();
}

}  // namespace
}  // namespace parley
