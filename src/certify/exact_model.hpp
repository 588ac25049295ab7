// The scenario's numbers as exact rationals (docs/certificates.md, "The exact reading").
//
// A number the loaders read from a file is a double; the decimal the file wrote is recovered as
// the double's shortest round-trip text (format_number), which is the written text for any
// decimal of at most 15 significant digits, and read as the rational it denotes. What the loaders
// derive (weights divided by their sum, scores divided by the best score, linear functions of
// integer values, walk-away values taken from a package) is recomputed here in rationals from
// those written numbers, never taken from the derived doubles.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>
#include <vector>

#include "parley/model/scenario.hpp"

namespace parley::certify_detail {

// The rational a decimal text denotes ("0.35" -> 7/20, "1e-05", "-3"); nullopt-free: throws
// Error on text that is not a decimal number.
mpq_class decimal_rational(const std::string& text);
// The rational of the shortest round-trip decimal of `value` (finite).
mpq_class written_rational(double value);
// "p/q" in lowest terms ("3", "-7/20").
std::string rational_text(const mpq_class& q);
// A simple fraction close to `value` (continued fractions, denominator at most max_denominator).
mpq_class simple_rational(double value, long max_denominator = 1'000'000);

// v_ik(v) for every party i, issue k and value v, and the reservation values d_i.
struct ExactModel {
  std::size_t parties = 0;
  std::size_t issues = 0;
  std::vector<std::uint32_t> cardinality;  // per issue
  std::vector<std::size_t> offset;         // per issue: start of its values
  std::size_t values = 0;                  // sum of the cardinalities
  std::vector<mpq_class> contribution;     // [party * values + offset[k] + v]
  // The same as integers over one common denominator (contribution = numerator / denominator):
  // the exact searches add and compare integers, without a gcd per operation.
  mpz_class denominator = 1;
  std::vector<mpz_class> numerator;
  std::vector<double> approx;  // the same, rounded to doubles (for the searches)
  std::vector<mpq_class> reservation;
  std::vector<double> reservation_approx;

  const mpq_class& exact(std::size_t party, std::size_t issue, std::uint32_t v) const {
    return contribution[party * values + offset[issue] + v];
  }
  const mpz_class& scaled(std::size_t party, std::size_t issue, std::uint32_t v) const {
    return numerator[party * values + offset[issue] + v];
  }
  double approximate(std::size_t party, std::size_t issue, std::uint32_t v) const {
    return approx[party * values + offset[issue] + v];
  }
  mpq_class utility(std::size_t party, const Outcome& outcome) const;
  std::vector<mpq_class> utilities(const Outcome& outcome) const;
  std::vector<double> approximate_utilities(const Outcome& outcome) const;
  bool individually_rational(const Outcome& outcome) const;
};

// Largest sum of cardinalities a certificate lists value by value.
inline constexpr std::size_t kMaxCertifiedValues = 1'000'000;

// Throws UnsupportedError naming the party or issue when the scenario is not linear-additive
// over discrete issues, or lists more than kMaxCertifiedValues values.
ExactModel exact_model(const Scenario& scenario);

}  // namespace parley::certify_detail
