// Issues of a multi-issue negotiation and their options.
//
// An issue is categorical (named options), an integer range, or a real range. Real ranges carry a
// declared discretisation (the number of evenly spaced points, ends included) used whenever
// something must enumerate them; utilities of real issues can still be evaluated at any point.
// Every issue therefore has a finite list of values, addressed by a 0-based value index.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

enum class IssueKind { categorical, integer, real };

const char* to_string(IssueKind kind) noexcept;

// One option of a categorical issue.
struct Option {
  std::string name;         // identifier, unique within the issue (e.g. "joint")
  std::string description;  // optional free text for people
};

class Issue {
 public:
  // Largest number of values an issue may have (value indices are 32-bit).
  static constexpr std::uint64_t max_cardinality = 1u << 24;
  // Default discretisation of real issues when a file declares none.
  static constexpr std::uint32_t default_real_steps = 11;

  // Factories refuse more than limits::max_options options (InputError without a file: loaders
  // add theirs). Texts are checked by check_texts(), which every loader and build_party() call.
  static Issue categorical(std::string name, std::vector<Option> options,
                           std::string description = {}, std::string label = {});
  static Issue integer(std::string name, std::int64_t lower, std::int64_t upper,
                       std::string description = {}, std::string label = {});
  static Issue real(std::string name, double lower, double upper,
                    std::uint32_t steps = default_real_steps, std::string description = {},
                    std::string label = {});

  // Throws InputError (without a file) when the name, label, description or an option's name or
  // description is not valid UTF-8 without NUL bytes (support/text.hpp) or is longer than
  // limits::max_name_bytes (names, label) / limits::max_text_bytes (descriptions). Loaders and
  // build_party() call it at the boundary; code that builds issues itself may hold any bytes.
  void check_texts() const;

  const std::string& name() const noexcept { return name_; }
  // Human title; equals name() when none was given.
  const std::string& label() const noexcept { return label_.empty() ? name_ : label_; }
  bool has_label() const noexcept { return !label_.empty(); }
  const std::string& description() const noexcept { return description_; }
  IssueKind kind() const noexcept { return kind_; }

  // Number of values (options, integers in the range, or discretisation points).
  std::uint32_t cardinality() const noexcept { return cardinality_; }

  // Categorical only (empty otherwise).
  const std::vector<Option>& options() const noexcept { return options_; }
  // Integer bounds (inclusive); for real issues, lower_real()/upper_real().
  std::int64_t lower_integer() const noexcept { return lower_int_; }
  std::int64_t upper_integer() const noexcept { return upper_int_; }
  double lower_real() const noexcept { return lower_real_; }
  double upper_real() const noexcept { return upper_real_; }

  // The number a value stands for: integer lower+i, real lower+i*(upper-lower)/(steps-1),
  // categorical the index itself.
  double numeric_value(std::uint32_t index) const;
  // Text of a value: option name, integer, or real number in shortest round-trip form.
  std::string value_label(std::uint32_t index) const;
  // Inverse of value_label (numbers are matched by value; real values must hit a grid point).
  // O(log n) for options (a sorted index), O(1) for ranges.
  std::optional<std::uint32_t> find_value(std::string_view label) const;

 private:
  Issue() = default;
  std::string name_;
  std::string label_;
  std::string description_;
  IssueKind kind_ = IssueKind::categorical;
  std::vector<Option> options_;
  std::vector<std::uint32_t> by_name_;  // option indices sorted by name (categorical only)
  std::int64_t lower_int_ = 0;
  std::int64_t upper_int_ = 0;
  double lower_real_ = 0.0;
  double upper_real_ = 0.0;
  std::uint32_t cardinality_ = 0;
};

// Shortest decimal text that reads back to the same double ("0.1", "1e+30").
std::string format_number(double value);

}  // namespace parley
