// Fuzz target: the GENIUS XML reader (parley::load_genius) on a domain and its profiles written
// to a scratch folder (scenario_files_fuzz.hpp), then the checks of an accepted scenario.
#include "scenario_files_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return parley::fuzz::load_scenario_files(data, size, &parley::load_genius, ".xml");
}
