// Internals shared by the fair-division sources: exact integer values and the MILP wrapper.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "milp_solver.hpp"
#include "parley/fair/fair_division.hpp"

namespace parley::fair::detail {

// The instance's values multiplied by one common positive integer so that they are all integers
// (indivisible methods and their checks then compute exactly in 64 bits).
struct IntegerValues {
  std::vector<std::vector<std::int64_t>> values;  // [agent][item]
  Rational scale;                                 // integer value = rational value * scale
  std::int64_t total(std::size_t agent) const;
};

// Throws UnsupportedError when the common denominator makes the totals exceed 2^50.
IntegerValues integer_values(const DivisionInstance& instance);

// A mixed-integer linear program solved with CBC (or CLP when it has no integer column), through
// solve_milp (milp_solver.hpp).
class Milp {
 public:
  static constexpr double infinity = 1e30;
  int add_column(double lower, double upper, double objective, bool integer);
  // sense: 'L' (<=), 'G' (>=), 'E' (=).
  void add_row(std::vector<int> columns, std::vector<double> coefficients, char sense, double rhs);
  void set_maximise(bool maximise) { model_.maximise = maximise; }
  std::size_t column_count() const noexcept { return model_.lower.size(); }

  using Solution = MilpSolution;
  // Runs the solver on a copy of the model; deterministic for the same model and node limit
  // (branch-and-bound nodes, counted; 0: no limit).
  Solution solve(int node_limit = 0) const { return solve_milp(model_, node_limit); }
  // Nonzero coefficients of the model so far.
  std::size_t nonzero_count() const noexcept;

 private:
  MilpModel model_;
};

// True when `text` is UTF-8 without NUL bytes (support/text.hpp's check).
bool valid_utf8(std::string_view text) noexcept;

// A table cell for messages: in double quotes, cut after 60 bytes.
std::string quoted_cell(std::string_view text);

// format_rational, followed by "(about 56.67)" when the exact text is a fraction.
std::string readable(const Rational& value);

// Names of the items of a bundle, "{a, b}" ("{}" when empty).
std::string bundle_text(const DivisionInstance& instance, const Allocation& allocation,
                        std::size_t agent);

}  // namespace parley::fair::detail
