// Checked reading of scalar YAML fields, shared by the scenario reader (src/io/native_yaml.cpp)
// and the tournament reader (src/tournament/spec.cpp), so that both files accept the same
// spellings of booleans and numbers and word their errors the same way:
// InputError "FILE:LINE:COLUMN: FIELD: found FOUND, expected EXPECTED".
//
// Accepted spellings (docs/scenario-format.md, docs/tournament.md):
//  - booleans: true, yes, on / false, no, off, each in lower case, Capitalised or UPPER CASE
//    (YAML 1.1's words without its single letters y and n, which read too easily as names);
//  - numbers: decimal, with an optional sign and exponent (0.5, +.5, -2, 1e-3); not hexadecimal,
//    not .inf or .nan (numbers must be finite);
//  - whole numbers: decimal digits with an optional sign; no fraction, no exponent.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "support/yaml_document.hpp"

namespace parley::detail {

// What a node holds, for "found ...": 'text' (quoted, cut at 60 characters), "a list",
// "a mapping" or "nothing".
std::string yaml_found(const yaml::Node& node);

// InputError at `at` (line and column when the node has a position).
[[noreturn]] void yaml_fail(const std::string& origin, const yaml::Node& at,
                            const std::string& field, const std::string& found,
                            const std::string& expected);
[[noreturn]] void yaml_fail(const std::string& origin, const yaml::Mark& at,
                            const std::string& field, const std::string& found,
                            const std::string& expected);

bool yaml_boolean(const std::string& origin, const yaml::Node& node, const std::string& field);

// A finite number in [low, high] ("a number" when unbounded, else "a number in [low, high]").
double yaml_number(const std::string& origin, const yaml::Node& node, const std::string& field,
                   double low = std::numeric_limits<double>::lowest(),
                   double high = std::numeric_limits<double>::max());

// A whole number in [low, high] ("a whole number" when unbounded, else "a whole number from
// LOW to HIGH").
std::int64_t yaml_whole_number(const std::string& origin, const yaml::Node& node,
                               const std::string& field,
                               std::int64_t low = std::numeric_limits<std::int64_t>::min(),
                               std::int64_t high = std::numeric_limits<std::int64_t>::max());

// A non-negative whole number in [low, high], up to 2^64 - 1 (seeds, counts).
std::uint64_t yaml_count(const std::string& origin, const yaml::Node& node,
                         const std::string& field, std::uint64_t low = 0,
                         std::uint64_t high = std::numeric_limits<std::uint64_t>::max());

}  // namespace parley::detail
