// Every GENIUS and GeniusWeb scenario of the corpus (../shared/scenarios) converted to the native
// format and read back gives exactly the same utilities (on every outcome of spaces up to 2000
// outcomes, else on 2000 seeded random outcomes), reservation values and discount factors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>

#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;

// Folders named in INDEX.md under genius/ and geniusweb/.
std::vector<std::string> corpus_folders() {
  std::vector<std::string> folders;
  for (const auto& row : test::corpus_index())
    if (row.folder.rfind("genius/", 0) == 0 || row.folder.rfind("geniusweb/", 0) == 0)
      folders.push_back(row.folder);
  return folders;
}

TEST(NativeCorpus, EveryGeniusScenarioRoundTripsThroughTheNativeFormat) {
  PARLEY_REQUIRE_CORPUS();
  const auto folders = corpus_folders();
  ASSERT_GE(folders.size(), 180u) << "INDEX.md lists fewer folders than expected";
  std::size_t converted = 0, refused = 0, outcomes_compared = 0;
  for (const auto& folder : folders) {
    if (folder.find("Railway") != std::string::npos) continue;  // constraint profiles
    SCOPED_TRACE(folder);
    Warnings warnings;
    ScenarioPtr original;
    try {
      original = test::load_corpus_folder(folder, warnings);
    } catch (const Error& error) {
      // Folders that are not a complete scenario on their own (a single profile) are refused by
      // the GENIUS loader; that is its business, not this format's.
      std::cout << "[ native  ] refused by the loader: " << error.what() << "\n";
      ++refused;
      continue;
    }
    const std::string text = to_native(*original);
    Warnings again_warnings;
    ScenarioPtr again;
    try {
      again = parse_native(text, folder + ".yaml", again_warnings);
    } catch (const Error& error) {
      ADD_FAILURE() << "the native text does not read back: " << error.what();
      continue;
    }
    EXPECT_TRUE(again_warnings.empty()) << again_warnings.front();
    ASSERT_EQ(again->issue_count(), original->issue_count());
    ASSERT_EQ(again->party_count(), original->party_count());
    for (std::size_t i = 0; i < original->issue_count(); ++i) {
      EXPECT_EQ(again->issue(i).name(), original->issue(i).name());
      EXPECT_EQ(again->issue(i).cardinality(), original->issue(i).cardinality());
    }
    for (std::size_t p = 0; p < original->party_count(); ++p) {
      EXPECT_EQ(again->party(p).reservation_value, original->party(p).reservation_value);
      EXPECT_EQ(again->party(p).discount_factor, original->party(p).discount_factor);
      EXPECT_EQ(again->party(p).utility->kind_name(), original->party(p).utility->kind_name());
    }
    for (const auto& outcome : test::sample_outcomes(*original, 2000, 20240611)) {
      for (std::size_t p = 0; p < original->party_count(); ++p)
        ASSERT_EQ(again->utility(p, outcome), original->utility(p, outcome))
            << original->party(p).name << " at " << original->describe(outcome);
      ++outcomes_compared;
    }
    ++converted;
  }
  std::cout << "[ native  ] " << converted << " corpus scenarios round-tripped, "
            << outcomes_compared << " outcomes compared, " << refused
            << " folders refused by the loader\n";
  EXPECT_GE(converted, 175u);  // 180 when written
}

}  // namespace
}  // namespace parley
