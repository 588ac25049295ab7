// Synthetic linear-additive scenarios for tests and benchmarks, reproducible on any platform.
//
// make_synthetic_scenario(issues, options, parties): categorical issues "i0", "i1", ... with
// options "v0", "v1", ...; party j (0-based, named "p<j>") draws from a 64-bit linear
// congruential generator x <- x * 6364136223846793005 + 1442695040888963407 (mod 2^64, Knuth's
// MMIX constants) seeded with 1 + j, each draw giving u = (x >> 11) / 2^53 in [0, 1). For each
// issue in order it draws the `options` option values and divides them by their maximum; then it
// draws the `issues` weights and divides them by their sum. Reservation values are 0. The values
// are stored as already-normalised utilities (ValueFunction::from_utilities).
#pragma once

#include <cstddef>

#include "parley/model/scenario.hpp"

namespace parley {

// Throws InputError when issues < 1, options < 1 or parties < 2.
ScenarioPtr make_synthetic_scenario(std::size_t issues, std::size_t options,
                                    std::size_t parties = 2);

}  // namespace parley
