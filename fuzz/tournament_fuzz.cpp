// Fuzz target: the tournament file readers. parley::parse_tournament_spec_text (no filesystem)
// and parley::parse_tournament_spec, whose relative scenario paths and globs resolve against a
// scratch folder holding a few scenario files (a.yaml, b.yaml, genius/domain.xml,
// genius/profile.xml), so that plain paths and globs can match. The two agree: what the expanding
// reader accepts, the text reader accepts with the same settings and agents. Files whose paths
// leave the scratch folder go through the text reader only (below).
#include <filesystem>
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "parley/tournament/tournament.hpp"

namespace {

const std::string& base_folder() {
  static const std::string base = [] {
    namespace fs = std::filesystem;
    const fs::path folder = parley::fuzz::scratch_folder() / "tournament";
    fs::create_directories(folder / "genius");
    for (const char* name : {"a.yaml", "b.yaml", "genius/domain.xml", "genius/profile.xml"})
      parley::fuzz::write_file(folder / name, "# a scenario file\n");
    return folder.string();
  }();
  return base;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(parley::fuzz::as_text(data, size));
  std::optional<parley::TournamentSpec> written;
  try {
    written = parley::parse_tournament_spec_text(text, "fuzz-tournament.yaml");
  } catch (const parley::Error&) {
    // refused, as documented
  }
  // A path out of the scratch folder (absolute, or through "..") would make the expanding reader
  // walk this machine's files: bounded (at most 10^6 entries, tests/tournament/hostile_test.cpp)
  // but slow, and different from machine to machine. The text reader alone checks those.
  if (written)
    for (const auto& source : written->scenarios)
      for (const auto& path : source.paths)
        if (path.starts_with('/') || path.find("..") != std::string::npos) return 0;
  // A file the text reader refuses gives no paths to check, but the expanding reader may still
  // expand its globs before refusing it (its checks come in another order): a glob such as
  // "/*/*/x" walked /proc and /sys past the 10-second limit on a loaded machine (2.86 M
  // executions into the campaign of 2026-12-04). Such files go through the text reader only.
  if (!written && text.find_first_of("*?[") != std::string::npos &&
      (text.find('/') != std::string::npos || text.find("..") != std::string::npos))
    return 0;
  parley::TournamentSpec spec;
  try {
    spec = parley::parse_tournament_spec(text, "fuzz-tournament.yaml", base_folder());
  } catch (const parley::Error&) {
    return 0;  // refused, as documented
  }
  if (spec.agents.empty() || spec.scenarios.empty())
    parley::fuzz::fail("an accepted tournament without agents or scenarios");
  for (const auto& source : spec.scenarios)
    if (source.paths.empty()) parley::fuzz::fail("an accepted scenario entry without a path");
  if (!written) parley::fuzz::fail("parse_tournament_spec accepts what _text refuses");
  if (written->agents != spec.agents || written->name != spec.name || written->seed != spec.seed ||
      written->repetitions != spec.repetitions || written->protocol != spec.protocol ||
      written->deadline_rounds != spec.deadline_rounds)
    parley::fuzz::fail("parse_tournament_spec and _text read different settings");
  return 0;
}
