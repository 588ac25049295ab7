// Small text helpers for messages, shared by every area's error reporting (InputError's "found"
// part and lists of allowed names), and the one UTF-8 check of untrusted text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::detail {

// `text` in single quotes, cut after `limit` bytes (at a character boundary, with "..." inside
// the quotes), so that a message quoting what a file holds stays one readable line. Bytes that
// are not valid UTF-8 and control characters are written as \xNN, so that the message itself is
// always valid UTF-8 on one line, whatever the file held.
std::string quoted(std::string_view text, std::size_t limit = 60);

// "a, b, c"; with more than `limit` names: the first `limit`, then ", ... (N in all)".
std::string join_names(const std::vector<std::string>& names,
                       std::size_t limit = static_cast<std::size_t>(-1));

// The 0-based offset of the first byte of `text` that is not part of a valid UTF-8 character
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence), or
// of its first NUL byte; nullopt when `text` is valid UTF-8 without NUL.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept;

// What invalid_utf8_offset() found, for InputError's "found": "invalid UTF-8 at byte N of 'TEXT'"
// or "a NUL byte at byte N of 'TEXT'" (byte N counted from 0), or "" when `text` is valid.
std::string utf8_problem(std::string_view text);

// Throws InputError(file, line, field, utf8_problem(text), "UTF-8 text without NUL bytes") when
// `text` is not valid UTF-8 or holds a NUL byte. Every loader checks every name and text it reads
// with this (docs/errors.md, "Limits").
void require_utf8(std::string_view text, const std::string& file, std::optional<long> line,
                  const std::string& field);

// Throws InputError(file, line, field, "N bytes", "at most LIMIT bytes") when `text` is longer
// than `limit` bytes.
void require_length(std::string_view text, std::size_t limit, const std::string& file,
                    std::optional<long> line, const std::string& field);

}  // namespace parley::detail
