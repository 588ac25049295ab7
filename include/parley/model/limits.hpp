// Size limits of scenarios, checked by every loader and by the model itself (docs/errors.md,
// "Limits"): anything larger is refused with an InputError naming the file and field, before it
// can exhaust memory or the stack.
#pragma once

#include <cstddef>
#include <cstdint>

namespace parley::limits {

// Bytes of a scenario file (native YAML, GENIUS XML, GeniusWeb JSON): 16 MiB, 190 times the
// largest file of the GENIUS / GeniusWeb corpus (86 KB). The binding memory limit: yaml-cpp holds
// about 100 bytes per byte of dense YAML, so a native file costs at most about 1.6 GB.
inline constexpr std::uint64_t max_file_bytes = std::uint64_t{16} << 20;
// Bytes of a name: scenario, issue, option, party, value label, hyper-rectangle node type.
inline constexpr std::size_t max_name_bytes = 1024;
// Bytes of a free text: description, notes, label, a metadata value.
inline constexpr std::size_t max_text_bytes = 64 * 1024;
// Options of one categorical issue (integer and real ranges may have up to
// Issue::max_cardinality = 2^24 values, which they do not store one by one).
inline constexpr std::size_t max_options = 1'000'000;
// Issues of a scenario.
inline constexpr std::size_t max_issues = 10'000;
// Parties of a scenario.
inline constexpr std::size_t max_parties = 1'000;
// Nesting of a file: YAML / JSON collections inside one another, GENIUS <objective> elements,
// utility nodes (native `nodes:`, GENIUS <ufun>).
inline constexpr int max_depth = 64;

}  // namespace parley::limits
