#include "support/text.hpp"

#include <cstdint>
#include <cstring>

#include "parley/support/error.hpp"

namespace parley::detail {
namespace {

// Length of the valid UTF-8 character starting at text[at], 0 when the bytes there are not one.
std::size_t character_length(std::string_view text, std::size_t at) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char first = byte(at);
  if (first < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (first >= 0xC2 && first <= 0xDF) {
    length = 2;
  } else if (first >= 0xE0 && first <= 0xEF) {
    length = 3;
    if (first == 0xE0) low = 0xA0;   // overlong
    if (first == 0xED) high = 0x9F;  // surrogates
  } else if (first >= 0xF0 && first <= 0xF4) {
    length = 4;
    if (first == 0xF0) low = 0x90;   // overlong
    if (first == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
  return length;
}

constexpr char kHex[] = "0123456789ABCDEF";

void append_escaped(std::string& out, unsigned char byte) {
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

}  // namespace

std::string quoted(std::string_view text, std::size_t limit) {
  std::string out = "'";
  std::size_t i = 0;
  while (i < text.size()) {
    if (i >= limit) {
      out += "...";
      break;
    }
    const std::size_t length = character_length(text, i);
    const auto first = static_cast<unsigned char>(text[i]);
    if (length == 0 || (length == 1 && (first < 0x20 || first == 0x7F))) {
      append_escaped(out, first);
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out + "'";
}

std::string join_names(const std::vector<std::string>& names, std::size_t limit) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    if (i) text += ", ";
    text += names[i];
  }
  if (names.size() > limit) text += ", ... (" + std::to_string(names.size()) + " in all)";
  return text;
}

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    // Eight ASCII bytes at a time while none is NUL or above 0x7F (the common case).
    while (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
      if (((word | ((word - ones) & ~word)) & highs) != 0) break;  // a high bit, or a zero byte
      i += 8;
    }
    if (i >= text.size()) break;
    if (text[i] == '\0') return i;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = character_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

std::string utf8_problem(std::string_view text) {
  const auto at = invalid_utf8_offset(text);
  if (!at) return {};
  return std::string(text[*at] == '\0' ? "a NUL byte" : "invalid UTF-8") + " at byte " +
         std::to_string(*at) + " of " + quoted(text);
}

void require_utf8(std::string_view text, const std::string& file, std::optional<long> line,
                  const std::string& field) {
  if (invalid_utf8_offset(text))
    throw InputError(file, line, field, utf8_problem(text), "UTF-8 text without NUL bytes");
}

void require_length(std::string_view text, std::size_t limit, const std::string& file,
                    std::optional<long> line, const std::string& field) {
  if (text.size() > limit)
    throw InputError(file, line, field,
                     std::to_string(text.size()) + " bytes (" + quoted(text, 40) + ")",
                     "at most " + std::to_string(limit) + " bytes");
}

}  // namespace parley::detail
