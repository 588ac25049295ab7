#include "parley/model/outcome.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "parley/support/error.hpp"

namespace parley {

OutcomeSpace::OutcomeSpace(std::vector<std::uint32_t> cardinalities)
    : cardinalities_(std::move(cardinalities)) {
  std::uint64_t product = 1;
  for (auto c : cardinalities_) {
    log10_size_ += std::log10(static_cast<double>(c));
    if (fits_index_ && __builtin_mul_overflow(product, std::uint64_t{c}, &product))
      fits_index_ = false;
  }
}

std::uint64_t OutcomeSpace::size() const {
  if (!fits_index_)
    throw UnsupportedError("the outcome space has " + size_text() +
                           " outcomes, more than a 64-bit count can hold");
  std::uint64_t product = 1;
  for (auto c : cardinalities_) product *= c;
  return product;
}

double OutcomeSpace::size_double() const noexcept {
  double product = 1;
  for (auto c : cardinalities_) product *= c;
  return product;
}

std::string OutcomeSpace::size_text() const {
  // Little-endian base-10^9 big integer: exact whatever the size.
  std::vector<std::uint32_t> limbs{1};
  constexpr std::uint64_t base = 1000000000;
  for (auto c : cardinalities_) {
    std::uint64_t carry = 0;
    for (auto& limb : limbs) {
      const std::uint64_t value = static_cast<std::uint64_t>(limb) * c + carry;
      limb = static_cast<std::uint32_t>(value % base);
      carry = value / base;
    }
    while (carry) {
      limbs.push_back(static_cast<std::uint32_t>(carry % base));
      carry /= base;
    }
  }
  while (limbs.size() > 1 && limbs.back() == 0) limbs.pop_back();
  std::string text = std::to_string(limbs.back());
  for (auto it = limbs.rbegin() + 1; it != limbs.rend(); ++it) {
    std::string part = std::to_string(*it);
    text += std::string(9 - part.size(), '0') + part;
  }
  return text;
}

std::uint64_t OutcomeSpace::index_of(const Outcome& outcome) const {
  if (!fits_index_) throw UnsupportedError("outcome index: the space does not fit 64 bits");
  if (outcome.size() != cardinalities_.size())
    throw Error("outcome has " + std::to_string(outcome.size()) + " values, the space " +
                std::to_string(cardinalities_.size()) + " issues");
  std::uint64_t index = 0;
  for (std::size_t i = 0; i < cardinalities_.size(); ++i) {
    if (outcome[i] >= cardinalities_[i]) throw Error("outcome value index out of range");
    index = index * cardinalities_[i] + outcome[i];
  }
  return index;
}

Outcome OutcomeSpace::outcome_at(std::uint64_t index) const {
  Outcome outcome;
  outcome_at(index, outcome);
  return outcome;
}

void OutcomeSpace::outcome_at(std::uint64_t index, Outcome& out) const {
  if (!fits_index_) throw UnsupportedError("outcome index: the space does not fit 64 bits");
  out.resize(cardinalities_.size());
  for (std::size_t i = cardinalities_.size(); i-- > 0;) {
    out[i] = static_cast<ValueIndex>(index % cardinalities_[i]);
    index /= cardinalities_[i];
  }
  if (index != 0) throw Error("outcome index beyond the size of the space");
}

bool OutcomeSpace::next(Outcome& outcome) const noexcept {
  for (std::size_t i = cardinalities_.size(); i-- > 0;) {
    if (++outcome[i] < cardinalities_[i]) return true;
    outcome[i] = 0;
  }
  return false;
}

bool OutcomeSpace::contains(const Outcome& outcome) const noexcept {
  if (outcome.size() != cardinalities_.size()) return false;
  for (std::size_t i = 0; i < outcome.size(); ++i)
    if (outcome[i] >= cardinalities_[i]) return false;
  return true;
}

}  // namespace parley
