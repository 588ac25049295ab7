// Outcomes (packages) and the outcome space.
//
// An outcome holds one value index per issue. The space is the Cartesian product of the issues'
// values; it is never materialised. Where the number of outcomes fits in 64 bits an outcome also
// has a mixed-radix index (last issue varying fastest, as itertools.product and NegMAS enumerate).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace parley {

using ValueIndex = std::uint32_t;
// One value index per issue, in the scenario's issue order.
using Outcome = std::vector<ValueIndex>;

class OutcomeSpace {
 public:
  OutcomeSpace() = default;
  explicit OutcomeSpace(std::vector<std::uint32_t> cardinalities);

  std::size_t issue_count() const noexcept { return cardinalities_.size(); }
  const std::vector<std::uint32_t>& cardinalities() const noexcept { return cardinalities_; }

  // True when the number of outcomes fits in an unsigned 64-bit integer.
  bool fits_index() const noexcept { return fits_index_; }
  // Number of outcomes; throws UnsupportedError when !fits_index().
  std::uint64_t size() const;
  // Number of outcomes as a double (may be +inf beyond 1e308) and its base-10 logarithm.
  double size_double() const noexcept;
  double log10_size() const noexcept { return log10_size_; }
  // Exact decimal text of the number of outcomes, whatever its size.
  std::string size_text() const;

  // Mixed-radix index; both require fits_index().
  std::uint64_t index_of(const Outcome& outcome) const;
  Outcome outcome_at(std::uint64_t index) const;
  void outcome_at(std::uint64_t index, Outcome& out) const;

  // Advances an outcome to the next one in index order; false after the last.
  bool next(Outcome& outcome) const noexcept;

  // True when every value index is within its issue's range.
  bool contains(const Outcome& outcome) const noexcept;

 private:
  std::vector<std::uint32_t> cardinalities_;
  bool fits_index_ = true;
  double log10_size_ = 0.0;
};

}  // namespace parley
