// Helpers shared by parley's tests: where the corpus is, and a loud skip when it is absent.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace parley::test {

inline std::filesystem::path shared_dir() { return std::filesystem::path(PARLEY_SHARED_DIR); }
inline std::filesystem::path corpus_dir() { return shared_dir() / "scenarios"; }
inline std::filesystem::path source_dir() { return std::filesystem::path(PARLEY_SOURCE_DIR); }
inline bool have_corpus() { return std::filesystem::exists(corpus_dir() / "INDEX.md"); }

}  // namespace parley::test

// Use at the top of a test that reads ../shared/scenarios.
#define PARLEY_REQUIRE_CORPUS()                                                           \
  do {                                                                                    \
    if (!::parley::test::have_corpus())                                                   \
      GTEST_SKIP() << "SKIPPED LOUDLY: the scenario corpus was not found at "             \
                   << ::parley::test::corpus_dir()                                        \
                   << " (place the shared/ folder beside the checkout to run this test)"; \
  } while (0)
