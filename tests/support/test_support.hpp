// Helpers shared by parley's tests: where the corpus is, and a loud skip when it is absent.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "parley/io/io.hpp"
#include "parley/model/scenario.hpp"
#include "parley/support/error.hpp"
#include "support/corpus_index.hpp"

namespace parley::test {

inline std::filesystem::path shared_dir() { return std::filesystem::path(PARLEY_SHARED_DIR); }
inline std::filesystem::path corpus_dir() { return shared_dir() / "scenarios"; }
inline std::filesystem::path source_dir() { return std::filesystem::path(PARLEY_SOURCE_DIR); }
inline bool have_corpus() { return std::filesystem::exists(corpus_dir() / "INDEX.md"); }

// A whole file as bytes ("" when it cannot be read).
inline std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Writes `text` to `path` as bytes (test fixtures).
inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// `text` repeated `times` times (hostile inputs: deep nesting, long names).
inline std::string repeat_text(const std::string& text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

// Charts are drawn by gnuplot (gnuplot-nox, installed by `make test`); tests that draw one skip
// loudly without it.
// The field an action's InputError names, or "no error" when it throws none.
template <typename Action>
std::string input_error_field(Action&& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.field();
  }
  return "no error";
}

inline bool have_gnuplot() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }
#define PARLEY_REQUIRE_GNUPLOT()                                                                \
  do {                                                                                          \
    if (!::parley::test::have_gnuplot())                                                        \
      GTEST_SKIP() << "SKIPPED LOUDLY: gnuplot is not installed (apt-get install gnuplot-nox)"; \
  } while (0)

// One issue "package" with options p0, p1, ...; party j (named "A", "B", ...) has the utility
// points[k][j] for option k and the walk-away value reservation[j] (0 when not given).
inline ScenarioPtr point_scenario(const std::vector<std::vector<double>>& points,
                                  const std::vector<double>& reservation = {}) {
  std::vector<Option> options;
  for (std::size_t k = 0; k < points.size(); ++k) options.push_back({"p" + std::to_string(k), ""});
  std::vector<Issue> issues = {Issue::categorical("package", options)};
  std::vector<Party> parties;
  for (std::size_t j = 0; j < points.front().size(); ++j) {
    std::vector<double> column;
    for (const auto& point : points) column.push_back(point[j]);
    Party party;
    party.name = std::string(1, static_cast<char>('A' + j));
    party.utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::vector<double>{1.0},
        std::vector<ValueFunction>{ValueFunction::from_utilities(column)});
    party.reservation_value = j < reservation.size() ? reservation[j] : 0.0;
    parties.push_back(std::move(party));
  }
  return std::make_shared<Scenario>("points", issues, parties);
}

// The rows of the corpus's INDEX.md (src/support/corpus_index.hpp), read once. Call after
// PARLEY_REQUIRE_CORPUS().
inline const std::vector<detail::CorpusIndexRow>& corpus_index() {
  static const std::vector<detail::CorpusIndexRow> rows = detail::read_corpus_index(corpus_dir());
  return rows;
}

// Load options for a corpus folder (relative to corpus_dir()) that read every profile file it
// holds as a party: a folder of more than two profiles is refused without --profile (io.hpp), so
// tests that used to load such folders whole name every profile, as before.
inline LoadOptions corpus_load_options(const std::string& folder) {
  LoadOptions options;
  const auto profiles = folder_profiles((corpus_dir() / folder).string());
  if (profiles.size() > 2)
    for (const auto& path : profiles)
      options.profiles.push_back(std::filesystem::path(path).filename().string());
  return options;
}

// A corpus folder loaded with corpus_load_options().
inline ScenarioPtr load_corpus_folder(const std::string& folder, Warnings& warnings) {
  return load_scenario({(corpus_dir() / folder).string()}, corpus_load_options(folder), warnings);
}

// Up to `limit` outcomes of a scenario: all of them, in index order, when the space is that
// small, else a sample drawn uniformly with a fixed seed (the same outcomes on every run).
inline std::vector<Outcome> sample_outcomes(const Scenario& s, std::size_t limit,
                                            std::uint64_t seed = 20240601) {
  std::vector<Outcome> outcomes;
  if (s.can_enumerate(limit)) {
    Outcome o(s.issue_count(), 0);
    do outcomes.push_back(o);
    while (s.space().next(o));
    return outcomes;
  }
  std::mt19937_64 random(seed);
  for (std::size_t k = 0; k < limit; ++k) {
    Outcome o(s.issue_count());
    for (std::size_t i = 0; i < o.size(); ++i)
      o[i] = static_cast<ValueIndex>(random() % s.issue(i).cardinality());
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

// A fresh folder for the running test (named after it and the process), removed afterwards.
class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& prefix = "parley-test") {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::string(info ? info->name() : "none") + "-" +
             std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // Every name in the folder, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(path_))
      found.push_back(entry.path().filename().string());
    std::sort(found.begin(), found.end());
    return found;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace parley::test

// Use at the top of a test that reads ../shared/scenarios.
#define PARLEY_REQUIRE_CORPUS()                                                           \
  do {                                                                                    \
    if (!::parley::test::have_corpus())                                                   \
      GTEST_SKIP() << "SKIPPED LOUDLY: the scenario corpus was not found at "             \
                   << ::parley::test::corpus_dir()                                        \
                   << " (place the shared/ folder beside the checkout to run this test)"; \
  } while (0)
