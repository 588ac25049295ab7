#include "parley/model/issue.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "model/enum_names.hpp"
#include "parley/model/limits.hpp"
#include "parley/support/error.hpp"
#include "support/text.hpp"

namespace parley {

const char* to_string(IssueKind kind) noexcept { return detail::kIssueKindNames.name(kind); }

std::string format_number(double value) {
  if (value == 0.0) return "0";  // also folds -0
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return std::to_string(value);
  return std::string(buffer, end);
}

namespace {

void check_name(std::string_view text, const std::string& field) {
  detail::require_utf8(text, "", std::nullopt, field);
  detail::require_length(text, limits::max_name_bytes, "", std::nullopt, field);
}

void check_text(std::string_view text, const std::string& field) {
  detail::require_utf8(text, "", std::nullopt, field);
  detail::require_length(text, limits::max_text_bytes, "", std::nullopt, field);
}

}  // namespace

Issue Issue::categorical(std::string name, std::vector<Option> options, std::string description,
                         std::string label) {
  if (options.empty())
    throw InputError("", std::nullopt, "issue '" + name + "'", "no options", "at least one option");
  if (options.size() > limits::max_options)
    throw InputError("", std::nullopt, "issue '" + name + "'",
                     std::to_string(options.size()) + " options",
                     "at most " + std::to_string(limits::max_options) + " options");
  // Duplicates found by sorting (O(n log n)); the sorted index then serves find_value.
  std::vector<std::uint32_t> by_name(options.size());
  std::iota(by_name.begin(), by_name.end(), 0u);
  std::stable_sort(by_name.begin(), by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
    return options[a].name < options[b].name;
  });
  for (std::size_t k = 1; k < by_name.size(); ++k)
    if (options[by_name[k - 1]].name == options[by_name[k]].name)
      throw InputError("", std::nullopt, "issue '" + name + "'",
                       "option " + detail::quoted(options[by_name[k]].name) + " twice",
                       "distinct option names");
  Issue issue;
  issue.by_name_ = std::move(by_name);
  issue.name_ = std::move(name);
  issue.label_ = std::move(label);
  issue.description_ = std::move(description);
  issue.kind_ = IssueKind::categorical;
  issue.cardinality_ = static_cast<std::uint32_t>(options.size());
  issue.options_ = std::move(options);
  return issue;
}

Issue Issue::integer(std::string name, std::int64_t lower, std::int64_t upper,
                     std::string description, std::string label) {
  if (lower > upper)
    throw InputError("", std::nullopt, "issue '" + name + "'",
                     "range " + std::to_string(lower) + ".." + std::to_string(upper),
                     "lower bound <= upper bound");
  // upper - lower can overflow int64 for absurd ranges: compare in long double first.
  const long double span = static_cast<long double>(upper) - static_cast<long double>(lower);
  if (span + 1 > static_cast<long double>(max_cardinality))
    throw InputError("", std::nullopt, "issue '" + name + "'",
                     "range " + std::to_string(lower) + ".." + std::to_string(upper),
                     "at most " + std::to_string(max_cardinality) + " values");
  Issue issue;
  issue.name_ = std::move(name);
  issue.label_ = std::move(label);
  issue.description_ = std::move(description);
  issue.kind_ = IssueKind::integer;
  issue.lower_int_ = lower;
  issue.upper_int_ = upper;
  issue.cardinality_ = static_cast<std::uint32_t>(upper - lower + 1);
  return issue;
}

Issue Issue::real(std::string name, double lower, double upper, std::uint32_t steps,
                  std::string description, std::string label) {
  if (!std::isfinite(lower) || !std::isfinite(upper))
    throw InputError("", std::nullopt, "issue '" + name + "'", "a non-finite bound",
                     "finite numbers");
  // The grid is lower + (upper - lower) * i / (steps - 1): the width must be finite too.
  if (!std::isfinite(upper - lower))
    throw InputError("", std::nullopt, "issue '" + name + "'",
                     "range " + format_number(lower) + ".." + format_number(upper) +
                         " (its width overflows to infinity)",
                     "a range whose width is a finite number");
  if (lower > upper)
    throw InputError("", std::nullopt, "issue '" + name + "'",
                     "range " + format_number(lower) + ".." + format_number(upper),
                     "lower bound <= upper bound");
  if (steps < 1 || steps > max_cardinality || (steps == 1 && lower != upper) ||
      (lower == upper && steps != 1 && steps != default_real_steps))
    throw InputError(
        "", std::nullopt, "issue '" + name + "' steps", std::to_string(steps),
        "2 to " + std::to_string(max_cardinality) + " points (1 only when lower == upper)");
  Issue issue;
  issue.name_ = std::move(name);
  issue.label_ = std::move(label);
  issue.description_ = std::move(description);
  issue.kind_ = IssueKind::real;
  issue.lower_real_ = lower;
  issue.upper_real_ = upper;
  issue.cardinality_ = lower == upper ? 1 : steps;
  return issue;
}

void Issue::check_texts() const {
  check_name(name_, "issue name");
  check_name(label_, "issue '" + name_ + "' label");
  check_text(description_, "issue '" + name_ + "' description");
  for (std::size_t o = 0; o < options_.size(); ++o) {
    const std::string field = "issue '" + name_ + "' option " + std::to_string(o + 1);
    // An option is named by its name in every format (the native reader refuses an empty one).
    if (options_[o].name.empty())
      throw InputError("", std::nullopt, field, "an empty name", "a non-empty name");
    check_name(options_[o].name, field);
    check_text(options_[o].description, field + " description");
  }
}

double Issue::numeric_value(std::uint32_t index) const {
  switch (kind_) {
    case IssueKind::categorical:
      return static_cast<double>(index);
    case IssueKind::integer:
      return static_cast<double>(lower_int_ + static_cast<std::int64_t>(index));
    case IssueKind::real:
      if (cardinality_ <= 1) return lower_real_;
      if (index + 1 == cardinality_) return upper_real_;
      return lower_real_ + (upper_real_ - lower_real_) * static_cast<double>(index) /
                               static_cast<double>(cardinality_ - 1);
  }
  return 0.0;
}

std::string Issue::value_label(std::uint32_t index) const {
  switch (kind_) {
    case IssueKind::categorical:
      return options_.at(index).name;
    case IssueKind::integer:
      return std::to_string(lower_int_ + static_cast<std::int64_t>(index));
    case IssueKind::real:
      return format_number(numeric_value(index));
  }
  return {};
}

std::optional<std::uint32_t> Issue::find_value(std::string_view label) const {
  switch (kind_) {
    case IssueKind::categorical: {
      const auto it = std::lower_bound(
          by_name_.begin(), by_name_.end(), label,
          [&](std::uint32_t a, std::string_view b) { return options_[a].name < b; });
      if (it == by_name_.end() || options_[*it].name != label) return std::nullopt;
      return *it;
    }
    case IssueKind::integer: {
      std::int64_t value = 0;
      auto [end, ec] = std::from_chars(label.data(), label.data() + label.size(), value);
      if (ec != std::errc() || end != label.data() + label.size()) {
        // Accept "3.0" written for an integer.
        double number = 0;
        auto [e2, ec2] = std::from_chars(label.data(), label.data() + label.size(), number);
        if (ec2 != std::errc() || e2 != label.data() + label.size() || number != std::floor(number))
          return std::nullopt;
        // Beyond what an int64 holds ("1e300"), the conversion is undefined: no such value
        // (fuzz finding F6, UBSan).
        if (!(std::fabs(number) < 9.0e18)) return std::nullopt;
        value = static_cast<std::int64_t>(number);
      }
      if (value < lower_int_ || value > upper_int_) return std::nullopt;
      return static_cast<std::uint32_t>(value - lower_int_);
    }
    case IssueKind::real: {
      double number = 0;
      auto [end, ec] = std::from_chars(label.data(), label.data() + label.size(), number);
      if (ec != std::errc() || end != label.data() + label.size()) return std::nullopt;
      if (!std::isfinite(number)) return std::nullopt;
      // The first grid point within the tolerance, as a scan from the lower end finds it, by
      // binary search (a grid may hold 2^24 points): points rise with the index, so the points
      // below the first one with value + tolerance >= number all fall short.
      const auto tolerance = [](double v) { return 1e-9 * std::max(1.0, std::fabs(v)); };
      std::uint32_t low = 0, high = cardinality_;  // first index in [low, high)
      while (low < high) {
        const std::uint32_t mid = low + (high - low) / 2;
        const double v = numeric_value(mid);
        if (v + tolerance(v) < number)
          low = mid + 1;
        else
          high = mid;
      }
      if (low < cardinality_) {
        const double v = numeric_value(low);
        if (std::fabs(v - number) <= tolerance(v)) return low;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace parley
