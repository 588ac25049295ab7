// Shared by the fuzz targets: scratch folder, input splitting, scenario checks (fuzz_support.hpp).
#include "fuzz_support.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include "parley/io/io.hpp"
#include "parley/model/describe.hpp"

namespace parley::fuzz {
namespace fs = std::filesystem;

namespace {

fs::path make_scratch_folder() {
  // Memory-backed when possible: the GENIUS and GeniusWeb targets write files at every input.
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp && *tmp ? tmp : fs::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
  std::string pattern = base + "/parley-fuzz-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("parley fuzz: mkdtemp");
    std::abort();
  }
  return pattern;
}

struct Scratch {
  fs::path path = make_scratch_folder();
  pid_t owner = ::getpid();  // a forked child must not remove its parent's folder
  ~Scratch() {
    std::error_code ignored;
    if (::getpid() == owner) fs::remove_all(path, ignored);
  }
};

// The native text without its "# Written by parley from ORIGIN." line.
std::string without_origin(const std::string& native) {
  static constexpr std::string_view prefix = "# Written by parley from ";
  const auto at = native.find(prefix);
  if (at == std::string::npos) return native;
  const auto end = native.find('\n', at);
  return native.substr(0, at) + (end == std::string::npos ? "" : native.substr(end + 1));
}

}  // namespace

const fs::path& scratch_folder() {
  static const Scratch scratch;
  return scratch.path;
}

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "parley fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

std::vector<std::string_view> split_files(std::string_view input, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const auto at = input.find(kFileSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(input.substr(0, at));
    input.remove_prefix(at + kFileSeparator.size());
  }
  parts.push_back(input);
  return parts;
}

void fail(const std::string& what) {
  std::fprintf(stderr, "parley fuzz: broken invariant: %s\n", what.c_str());
  std::abort();
}

void check_scenario(const Scenario& scenario, std::size_t max_native_bytes) {
  // An accepted scenario is described and written without errors: input the writers cannot
  // hold (text that is not UTF-8...) is refused at the boundary, not late.
  try {
    (void)describe_scenario(scenario);
    (void)describe_scenario_json(scenario);
  } catch (const Error& e) {
    fail(std::string("describing an accepted scenario failed: ") + e.what());
  }

  const OutcomeSpace& space = scenario.space();
  if (space.fits_index() && space.size() > 0) {
    const std::uint64_t size = space.size();
    const std::uint64_t samples = size < 16 ? size : 16;
    Outcome outcome;
    for (std::uint64_t k = 0; k < samples; ++k) {
      // Spread over the space; k * (size / samples) cannot overflow.
      space.outcome_at(k * (size / samples), outcome);
      for (std::size_t p = 0; p < scenario.party_count(); ++p) {
        const double u = scenario.utility(p, outcome);
        if (!std::isfinite(u))
          fail("party " + scenario.party(p).name + " has utility " + std::to_string(u) + " at " +
               scenario.describe(outcome));
      }
    }
  }
  for (const Party& party : scenario.parties())
    if (!std::isfinite(party.reservation_value) || !std::isfinite(party.discount_factor))
      fail("party " + party.name + " has a non-finite reservation value or discount factor");

  std::string native;
  try {
    native = to_native(scenario);
  } catch (const UnsupportedError&) {
    return;  // a model the native format cannot hold (documented)
  } catch (const Error& e) {
    fail(std::string("to_native of an accepted scenario failed: ") + e.what());
  }
  if (native.size() > max_native_bytes) return;
  // The reader accepts what the writer wrote, and one round trip reaches a fixed point: the text
  // written from the re-read scenario reads back to the same text. (The first round may
  // normalise: the reader trims the blanks around texts, which the writer keeps.) The header
  // comment names the file the scenario was read from: the only line that may differ.
  const auto round_trip = [](const std::string& text) {
    Warnings warnings;
    ScenarioPtr again;
    try {
      again = parse_native(text, "to_native", warnings);
    } catch (const Error& e) {
      fail(std::string("parse_native refuses what to_native wrote: ") + e.what() + "\n" + text);
    }
    return to_native(*again);
  };
  const std::string twice = round_trip(native);
  if (without_origin(twice) == without_origin(native)) return;
  const std::string thrice = round_trip(twice);
  if (without_origin(thrice) != without_origin(twice))
    fail("the native round trip does not settle:\n--- written\n" + twice + "--- written from it\n" +
         thrice);
}

}  // namespace parley::fuzz
