#include "support/yaml_fields.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string_view>

#include "parley/support/error.hpp"
#include "support/text.hpp"

namespace parley::detail {
namespace {

// Shortest "%g" form, as people write bounds (1e-06, 1e+06, 0.5).
std::string bound_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

// One spelling in lower case, Capitalised or UPPER CASE.
bool spelled_as(std::string_view text, std::string_view word) {
  if (text.size() != word.size()) return false;
  bool lower = true, capitalised = true, upper = true;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char w = word[i], t = text[i];
    const char u = static_cast<char>(w - 'a' + 'A');
    lower = lower && t == w;
    upper = upper && t == u;
    capitalised = capitalised && t == (i == 0 ? u : w);
  }
  return lower || capitalised || upper;
}

// Leading '+' removed ('+' is a valid YAML number sign that std::from_chars refuses); "+-1" and
// "++1" keep theirs and are refused.
std::string_view without_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+')
    text.remove_prefix(1);
  return text;
}

bool names_non_finite(std::string_view digits) {
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  if (!digits.empty() && digits.front() == '.') digits.remove_prefix(1);
  std::string lower;
  for (char c : digits) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower == "inf" || lower == "infinity" || lower == "nan";
}

template <typename Integer>
std::optional<Integer> parse_integer(std::string_view text) {
  const std::string_view digits = without_plus(text);
  if (digits.empty()) return std::nullopt;
  Integer value{};
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string yaml_found(const yaml::Node& node) {
  if (node.is_scalar()) return quoted(node.scalar());
  if (node.is_list()) return "a list";
  if (node.is_map()) return "a mapping";
  return "nothing";
}

void yaml_fail(const std::string& origin, const yaml::Mark& at, const std::string& field,
               const std::string& found, const std::string& expected) {
  if (at.is_null()) throw InputError(origin, std::nullopt, field, found, expected);
  throw InputError(origin, at.line + 1L, at.column + 1L, field, found, expected);
}

void yaml_fail(const std::string& origin, const yaml::Node& at, const std::string& field,
               const std::string& found, const std::string& expected) {
  yaml_fail(origin, at.mark(), field, found, expected);
}

bool yaml_boolean(const std::string& origin, const yaml::Node& node, const std::string& field) {
  if (node.is_scalar()) {
    const std::string& text = node.scalar();
    for (const std::string_view word : {"true", "yes", "on"})
      if (spelled_as(text, word)) return true;
    for (const std::string_view word : {"false", "no", "off"})
      if (spelled_as(text, word)) return false;
  }
  yaml_fail(origin, node, field, yaml_found(node), "true or false");
}

double yaml_number(const std::string& origin, const yaml::Node& node, const std::string& field,
                   double low, double high) {
  const bool bounded =
      low > std::numeric_limits<double>::lowest() || high < std::numeric_limits<double>::max();
  const std::string expected =
      bounded ? "a number in [" + bound_text(low) + ", " + bound_text(high) + "]" : "a number";
  if (!node.is_scalar()) yaml_fail(origin, node, field, yaml_found(node), expected);
  const std::string& raw = node.scalar();
  if (names_non_finite(raw))
    yaml_fail(origin, node, field, "non-finite number " + quoted(raw), "a finite number");
  const std::string_view digits = without_plus(raw);
  double value = 0.0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc::result_out_of_range)
    yaml_fail(origin, node, field, "non-finite number " + quoted(raw) + " (out of range)",
              "a finite number");
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size())
    yaml_fail(origin, node, field, quoted(raw), expected);
  if (!std::isfinite(value))
    yaml_fail(origin, node, field, "non-finite number " + quoted(raw), "a finite number");
  if (value < low || value > high) yaml_fail(origin, node, field, quoted(raw), expected);
  return value;
}

std::int64_t yaml_whole_number(const std::string& origin, const yaml::Node& node,
                               const std::string& field, std::int64_t low, std::int64_t high) {
  const bool bounded = low > std::numeric_limits<std::int64_t>::min() ||
                       high < std::numeric_limits<std::int64_t>::max();
  const std::string expected =
      bounded ? "a whole number from " + std::to_string(low) + " to " + std::to_string(high)
              : "a whole number";
  if (!node.is_scalar()) yaml_fail(origin, node, field, yaml_found(node), expected);
  const auto value = parse_integer<std::int64_t>(node.scalar());
  if (!value || *value < low || *value > high)
    yaml_fail(origin, node, field, quoted(node.scalar()), expected);
  return *value;
}

std::uint64_t yaml_count(const std::string& origin, const yaml::Node& node,
                         const std::string& field, std::uint64_t low, std::uint64_t high) {
  const std::string expected =
      "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  if (!node.is_scalar()) yaml_fail(origin, node, field, yaml_found(node), expected);
  const auto value = parse_integer<std::uint64_t>(node.scalar());
  if (!value || *value < low || *value > high)
    yaml_fail(origin, node, field, quoted(node.scalar()), expected);
  return *value;
}

}  // namespace parley::detail
