#include "parley/service/request.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "support/text.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

constexpr bool is_ows(char c) { return c == ' ' || c == '\t'; }

// RFC 9110 tchar.
constexpr bool is_tchar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// Reads a token at `pos`; empty when there is none.
std::string_view token_at(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < text.size() && is_tchar(text[pos])) ++pos;
  return text.substr(start, pos - start);
}

// Reads a quoted-string at `pos` (which holds '"'); nullopt when it is not one.
std::optional<std::string> quoted_string_at(std::string_view text, std::size_t& pos) {
  std::string value;
  for (++pos; pos < text.size(); ++pos) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c == '"') {
      ++pos;
      return value;
    }
    if (c == '\\') {
      if (++pos == text.size()) return std::nullopt;
      value += text[pos];
    } else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
      value += static_cast<char>(c);
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// The length of the valid UTF-8 character starting `text` (RFC 3629), or 0 when it is not one.
std::size_t utf8_length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char first = byte(0);
  std::size_t length = 0;
  std::uint32_t lower = 0;
  std::uint32_t code = 0;
  if (first < 0x80) return 1;
  if (first >= 0xc2 && first <= 0xdf) {
    length = 2, lower = 0x80, code = first & 0x1f;
  } else if (first >= 0xe0 && first <= 0xef) {
    length = 3, lower = 0x800, code = first & 0x0f;
  } else if (first >= 0xf0 && first <= 0xf4) {
    length = 4, lower = 0x10000, code = first & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (byte(i) & 0x3f);
  }
  if (code < lower || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

// The code point of a valid character of `length` bytes.
std::uint32_t code_point(std::string_view text, std::size_t length) {
  static constexpr unsigned char masks[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  std::uint32_t code = static_cast<unsigned char>(text[0]) & masks[length];
  for (std::size_t i = 1; i < length; ++i)
    code = (code << 6) | (static_cast<unsigned char>(text[i]) & 0x3f);
  return code;
}

// What nlohmann says about a failed parse, without the "[json.exception...] " prefix and without
// its "last read: '...'" quote of the body (which may be long), escaped and short.
std::string parser_reason(const json::exception& error) {
  std::string_view text = error.what();
  if (const auto end = text.find("] "); text.rfind("[json.exception.", 0) == 0 && end != text.npos)
    text.remove_prefix(end + 2);
  if (const auto cut = text.find("; last read:"); cut != text.npos) text = text.substr(0, cut);
  return escape_for_log(text, 160);
}

// The first byte offset where arrays and objects are nested deeper than max_json_depth, scanning
// without recursion (strings skipped); nullopt when the nesting stays within it.
std::optional<std::size_t> too_deep_at(std::string_view body) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_json_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

}  // namespace

RequestError::RequestError(int status, std::string field, std::string found, std::string expected)
    : InputError("request", std::nullopt, std::move(field), std::move(found), std::move(expected)),
      status_(status) {}

bool is_json_media_type(std::string_view text) noexcept {
  std::size_t pos = 0;
  while (pos < text.size() && is_ows(text[pos])) ++pos;
  const auto type = token_at(text, pos);
  if (pos >= text.size() || text[pos] != '/') return false;
  ++pos;
  const auto subtype = token_at(text, pos);
  if (!equals_ignoring_case(type, "application") || !equals_ignoring_case(subtype, "json"))
    return false;
  // *( OWS ";" OWS [ parameter ] ), parameter = token "=" ( token / quoted-string )
  for (;;) {
    while (pos < text.size() && is_ows(text[pos])) ++pos;
    if (pos == text.size()) return true;
    if (text[pos] != ';') return false;
    ++pos;
    while (pos < text.size() && is_ows(text[pos])) ++pos;
    if (pos == text.size() || text[pos] == ';') continue;
    const auto name = token_at(text, pos);
    if (name.empty() || pos == text.size() || text[pos] != '=') return false;
    ++pos;
    std::string value;
    if (pos < text.size() && text[pos] == '"') {
      auto quoted = quoted_string_at(text, pos);
      if (!quoted) return false;
      value = std::move(*quoted);
    } else {
      value = token_at(text, pos);
      if (value.empty()) return false;
    }
    if (equals_ignoring_case(name, "charset") && !equals_ignoring_case(value, "utf-8"))
      return false;
  }
}

json parse_request_body(std::string_view content_type, std::string_view body,
                        std::size_t max_bytes) {
  if (!is_json_media_type(content_type))
    throw RequestError(
        415, "Content-Type", content_type.empty() ? "nothing" : detail::quoted(content_type),
        "application/json (optional parameters; a charset, when given, must be utf-8)");
  if (body.size() > max_bytes)
    throw RequestError(413, "body", std::to_string(body.size()) + " bytes",
                       "at most " + std::to_string(max_bytes) + " bytes");
  if (const auto at = too_deep_at(body))
    throw RequestError(400, "body",
                       "arrays or objects nested deeper than " + std::to_string(max_json_depth) +
                           " levels at byte " + std::to_string(*at),
                       "at most " + std::to_string(max_json_depth) + " nested levels");
  constexpr const char* expected = "one JSON document (RFC 8259) with UTF-8 strings";
  try {
    return json::parse(body.begin(), body.end());
  } catch (const json::parse_error& error) {
    const std::size_t at = std::min<std::size_t>(error.byte > 0 ? error.byte - 1 : 0, body.size());
    throw RequestError(400, "body",
                       "malformed JSON (" + parser_reason(error) + ") at byte " +
                           std::to_string(at) + ", near " + detail::quoted(body.substr(at), 20),
                       expected);
  } catch (const json::out_of_range& error) {
    // 1e309 and the like: nlohmann's parser refuses a number that does not fit a double.
    throw RequestError(400, "body", parser_reason(error), "numbers that fit a double");
  } catch (const json::exception& error) {
    throw RequestError(400, "body", parser_reason(error), expected);
  }
}

std::string escape_for_log(std::string_view text, std::size_t max_bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (pos >= max_bytes) {
      out += "...";
      break;
    }
    const auto rest = text.substr(pos);
    const std::size_t length = utf8_length(rest);
    const auto first = static_cast<unsigned char>(rest[0]);
    bool keep = false;
    if (length == 1)
      keep = first >= 0x20 && first < 0x7f && first != '\\';
    else if (length > 1)
      keep = !(length == 2 && code_point(rest, length) < 0xa0);  // C1 controls
    if (keep && pos + length <= max_bytes) {
      out.append(rest.substr(0, length));
      pos += length;
    } else if (keep) {
      out += "...";
      break;
    } else {
      out += "\\x";
      out += hex[first >> 4];
      out += hex[first & 0xf];
      ++pos;
    }
  }
  return out;
}

}  // namespace parley::service
