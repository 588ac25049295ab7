#include "parley/model/issue.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include "model/enum_names.hpp"
#include "parley/support/error.hpp"

namespace parley {

const char* to_string(IssueKind kind) noexcept { return detail::kIssueKindNames.name(kind); }

std::string format_number(double value) {
  if (value == 0.0) return "0";  // also folds -0
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return std::to_string(value);
  return std::string(buffer, end);
}

Issue Issue::categorical(std::string name, std::vector<Option> options, std::string description,
                         std::string label) {
  if (options.empty())
    throw InputError("", std::nullopt, "issue '" + name + "'", "no options", "at least one option");
  if (options.size() > max_cardinality)
    throw InputError("", std::nullopt, "issue '" + name + "'",
                     std::to_string(options.size()) + " options",
                     "at most " + std::to_string(max_cardinality));
  std::set<std::string> seen;
  for (const auto& option : options) {
    if (!seen.insert(option.name).second)
      throw InputError("", std::nullopt, "issue '" + name + "'",
                       "option '" + option.name + "' twice", "distinct option names");
  }
  Issue issue;
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
    case IssueKind::categorical:
      for (std::uint32_t i = 0; i < options_.size(); ++i)
        if (options_[i].name == label) return i;
      return std::nullopt;
    case IssueKind::integer: {
      std::int64_t value = 0;
      auto [end, ec] = std::from_chars(label.data(), label.data() + label.size(), value);
      if (ec != std::errc() || end != label.data() + label.size()) {
        // Accept "3.0" written for an integer.
        double number = 0;
        auto [e2, ec2] = std::from_chars(label.data(), label.data() + label.size(), number);
        if (ec2 != std::errc() || e2 != label.data() + label.size() || number != std::floor(number))
          return std::nullopt;
        value = static_cast<std::int64_t>(number);
      }
      if (value < lower_int_ || value > upper_int_) return std::nullopt;
      return static_cast<std::uint32_t>(value - lower_int_);
    }
    case IssueKind::real: {
      double number = 0;
      auto [end, ec] = std::from_chars(label.data(), label.data() + label.size(), number);
      if (ec != std::errc() || end != label.data() + label.size()) return std::nullopt;
      for (std::uint32_t i = 0; i < cardinality_; ++i) {
        const double v = numeric_value(i);
        if (std::fabs(v - number) <= 1e-9 * std::max(1.0, std::fabs(v))) return i;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace parley
