// Internal: the spellings of the scenario formats (src/support/enum_table.hpp), shared by
// to_string() and the readers that parse them.
#pragma once

#include "parley/io/io.hpp"
#include "support/enum_table.hpp"

namespace parley::detail {

inline constexpr auto kFormatNames = enum_table<Format>(
    {{Format::native, "native"}, {Format::genius, "genius"}, {Format::geniusweb, "geniusweb"}});
static_assert(kFormatNames.complete(Format::geniusweb));

}  // namespace parley::detail
