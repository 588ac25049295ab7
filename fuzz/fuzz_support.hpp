// What every fuzz target shares (docs/fuzzing.md): a private scratch folder for loaders that read
// files, the split of one input into several files, the line between expected and unexpected
// failures, and the checks run on a scenario a loader accepted.
//
// A fuzz target parses its input and catches parley::Error (and its subclasses InputError,
// IoError, UnsupportedError: the documented outcomes of bad input, docs/errors.md). Anything else
// escaping the parser (std::out_of_range, nlohmann::json::type_error, std::filesystem errors...)
// is a finding: it is left to escape so that libFuzzer reports it. A broken invariant on accepted
// input (a non-finite utility, a written scenario the reader refuses) calls fail(), which aborts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/support/error.hpp"

// libFuzzer's entry point, defined by every target; the replay driver (replay_main.cpp) calls it
// too.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace parley::fuzz {

// The input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A folder private to this process (under $TMPDIR, else /dev/shm, else /tmp), created on first use
// and removed at exit; its contents are whatever the last input wrote.
const std::filesystem::path& scratch_folder();

// Writes `text` to `path` (truncating it); aborts when the system refuses (a broken machine, not
// a finding).
void write_file(const std::filesystem::path& path, std::string_view text);

// The line that separates files inside one input ("--8<--" on a line of its own), so that one
// input holds a domain and its profiles.
inline constexpr std::string_view kFileSeparator = "\n--8<--\n";
// Splits `input` on kFileSeparator into at most `max_parts` parts (the last part keeps any
// further separators).
std::vector<std::string_view> split_files(std::string_view input, std::size_t max_parts);

// Reports a broken invariant on stderr and aborts (libFuzzer records the input as a crash).
[[noreturn]] void fail(const std::string& what);

// Checks run on every scenario a loader accepted, so that late failures are found too:
// descriptions (text and JSON), each party's utility at up to 16 outcomes spread over the space
// (finite), and the native YAML round trip (to_native, parse_native, to_native again: the reader
// accepts what the writer writes, and the text written settles after at most one round).
// Scenarios whose native text exceeds `max_native_bytes` skip the round trip.
void check_scenario(const Scenario& scenario, std::size_t max_native_bytes = 64 * 1024);

}  // namespace parley::fuzz
