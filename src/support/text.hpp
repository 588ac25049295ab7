// Small text helpers for messages, shared by every area's error reporting (InputError's "found"
// part and lists of allowed names).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley::detail {

// `text` in single quotes, cut after `limit` characters (with "..." inside the quotes), so that a
// message quoting what a file holds stays one readable line.
std::string quoted(std::string_view text, std::size_t limit = 60);

// "a, b, c"; with more than `limit` names: the first `limit`, then ", ... (N in all)".
std::string join_names(const std::vector<std::string>& names,
                       std::size_t limit = static_cast<std::size_t>(-1));

}  // namespace parley::detail
