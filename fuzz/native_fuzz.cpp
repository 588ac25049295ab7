// Fuzz target: the native YAML scenario reader (parley::parse_native), then the checks of an
// accepted scenario (fuzz_support.hpp: descriptions, utilities, the native round trip).
#include <string>

#include "fuzz_support.hpp"
#include "parley/io/io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(parley::fuzz::as_text(data, size));
  parley::Warnings warnings;
  parley::ScenarioPtr scenario;
  try {
    scenario = parley::parse_native(text, "fuzz.yaml", warnings);
  } catch (const parley::Error&) {
    return 0;  // refused, as documented
  }
  parley::fuzz::check_scenario(*scenario);
  return 0;
}
