// Fuzz target: the tournament journal. Every line of the input goes through
// parley::parse_json_line (an accepted row is written back with to_json_line and read again: the
// same row); then the whole input, as the journal file of a results folder, goes through the
// journal reader (read_journal, as `tournament --resume` reads it).
#include <filesystem>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "parley/tournament/tournament.hpp"
#include "tournament/tournament_internal.hpp"

namespace {

constexpr std::uint64_t kTotalJobs = 64;

void check_line(const std::string& line) {
  const auto row = parley::parse_json_line(line);
  if (!row) return;
  const std::string written = parley::to_json_line(*row, true);
  const auto again = parley::parse_json_line(written);
  if (!again) parley::fuzz::fail("parse_json_line refuses to_json_line's " + written);
  if (parley::to_json_line(*again, true) != written)
    parley::fuzz::fail("a journal row changes when written and read again: " + written);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  const std::string_view input = parley::fuzz::as_text(data, size);
  for (std::size_t start = 0; start <= input.size();) {
    auto end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    check_line(std::string(input.substr(start, end - start)));
    start = end + 1;
  }

  static const fs::path out = [] {
    const fs::path folder = parley::fuzz::scratch_folder() / "results";
    fs::create_directories(folder / "journal");
    return folder;
  }();
  parley::fuzz::write_file(out / "journal" / "part-R0-W0-S0.jsonl", input);
  try {
    const auto state = parley::read_journal(out.string(), kTotalJobs);
    if (state.done_count > kTotalJobs) parley::fuzz::fail("more jobs done than there are");
  } catch (const parley::Error&) {
    // documented (IoError)
  }
  return 0;
}
