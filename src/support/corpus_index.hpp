// The index of the shared scenario corpus (../shared/scenarios/INDEX.md): one table row per
// scenario folder, read once here for the C++ tests and benchmarks (the Python tests use
// python/tests/corpus_index.py, which reads the same columns the same way).
//
// A row reads "| folder | profiles | #issues | values/issue | outcomes | issue types | prof type
// | discount | reservation | source |"; header and separator rows are skipped, and a row whose
// counts are not numbers is an InputError naming INDEX.md, its line and the column.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace parley::detail {

struct CorpusIndexRow {
  std::string folder;  // relative to the corpus root, e.g. "genius/anac2010/Travel"
  int profiles = 0;
  std::size_t issue_count = 0;
  std::string values_per_issue;  // "4,4,3", "5x10", "[1..10]", "R[0,1]"
  std::string outcomes;          // "188,160" or "continuous"
  std::string issue_types;
  std::string profile_type;  // linear, nonlinear, constraint, LinearAdditive, ...
  std::string discount;
  std::string reservation;
  std::string source;
  long line = 0;  // in INDEX.md

  // The outcome count (thousands separators dropped) when the space is discrete and the count
  // fits in 64 bits.
  std::optional<std::uint64_t> outcome_count() const;
  // Linear-additive profiles (GENIUS "linear" or GeniusWeb "LinearAdditive").
  bool linear() const { return profile_type == "linear" || profile_type == "LinearAdditive"; }
};

// The rows of `corpus_root`/INDEX.md in file order. InputError when the file is missing or a
// row is malformed.
std::vector<CorpusIndexRow> read_corpus_index(const std::filesystem::path& corpus_root);

}  // namespace parley::detail
