// Synthetic scenarios for tests and benchmarks, reproducible on any platform.
//
// Every generator draws from one 64-bit linear congruential generator per party,
// x <- x * 6364136223846793005 + 1442695040888963407 (mod 2^64, Knuth's MMIX constants), seeded
// with 1 + j for party j (0-based, named "p<j>"). A draw gives u = (x >> 11) / 2^53 in [0, 1); an
// integer draw below n gives min(n - 1, floor(u * n)). Only integer and IEEE double arithmetic is
// used (never std::uniform_*_distribution, whose output differs between standard libraries), so
// the same arguments give the same scenario, bit for bit, everywhere. Reservation values are 0.
//
// make_synthetic_scenario(issues, options, parties): linear-additive; categorical issues "i0",
// "i1", ... with options "v0", "v1", .... For each issue in order party j draws the `options`
// option values and divides them by their maximum; then it draws the `issues` weights and divides
// them by their sum. The values are stored as already-normalised utilities
// (ValueFunction::from_utilities).
//
// make_synthetic_numeric_scenario(issues, values_per_issue, parties): linear-additive over integer
// issues "i0", "i1", ... ranging over 0 .. values_per_issue - 1. For each issue in order party j
// draws u: u < 0.5 gives the increasing function e(x) = x / (values - 1) (make_linear(1 / (values
// - 1), 0, 0, clip)), otherwise the decreasing e(x) = 1 - x / (values - 1) (make_linear(-1 /
// (values - 1), 1, 0, clip)); so parties conflict on some issues and agree on others. Then it
// draws the `issues` weights and divides them by their sum.
//
// make_synthetic_rectangle_scenario(issues, options, parties, rectangles_per_party): ANAC 2014
// style hyper-rectangle utilities over integer issues "i0", "i1", ... ranging over
// 0 .. options - 1. Party j draws `rectangles_per_party` INCLUDES rectangles, each as follows:
// k = 2 + (integer draw below 3), capped at `issues`, bounded issues; the issues are the first k
// of the list 0 .. issues - 1 after a partial Fisher-Yates shuffle (for t = 0 .. k-1: swap
// positions t and t + (integer draw below issues - t)), kept in that order; for each of them two
// integer draws a, b below `options` give the interval [min(a, b), max(a, b)]; last, the
// rectangle's utility is 1 + (integer draw below 100), its weight 1. The rectangles form one
// PlainUfun node summing them; max_utility is the sum of the party's rectangle utilities (so the
// utility is the share of rectangles' utility the outcome collects, 0..1).
#pragma once

#include <cstddef>

#include "parley/model/scenario.hpp"

namespace parley {

// Throws InputError when issues < 1, options < 1 or parties < 2.
ScenarioPtr make_synthetic_scenario(std::size_t issues, std::size_t options,
                                    std::size_t parties = 2);

// Throws InputError when issues < 1, values_per_issue < 2 (or above Issue::max_cardinality) or
// parties < 2.
ScenarioPtr make_synthetic_numeric_scenario(std::size_t issues, std::size_t values_per_issue,
                                            std::size_t parties = 2);

// Throws InputError when issues < 1, options < 1 (or above Issue::max_cardinality), parties < 2
// or rectangles_per_party < 1.
ScenarioPtr make_synthetic_rectangle_scenario(std::size_t issues, std::size_t options,
                                              std::size_t parties = 2,
                                              std::size_t rectangles_per_party = 20);

}  // namespace parley
