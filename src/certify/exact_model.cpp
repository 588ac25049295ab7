#include "exact_model.hpp"

#include <algorithm>
#include <cmath>

#include "io/genius_common.hpp"
#include "parley/support/error.hpp"

namespace parley::certify_detail {

mpq_class decimal_rational(const std::string& text) {
  const auto parts = detail::decimal_parts(text);
  if (!parts || parts->exponent > 100'000 || parts->exponent < -100'000)
    throw Error("certificates: '" + text + "' is not a decimal number");
  if (parts->digits.empty()) return 0;
  const mpz_class digits(parts->digits, 10);
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(std::labs(parts->exponent)));
  mpq_class result = parts->exponent >= 0 ? mpq_class(digits * scale) : mpq_class(digits, scale);
  result.canonicalize();
  return parts->negative ? mpq_class(-result) : result;
}

mpq_class written_rational(double value) {
  if (!std::isfinite(value)) throw Error("certificates: a number is not finite");
  return decimal_rational(format_number(value));
}

std::string rational_text(const mpq_class& q) {
  mpq_class c(q);
  c.canonicalize();
  return c.get_den() == 1 ? c.get_num().get_str() : c.get_str();
}

mpq_class simple_rational(double value, long max_denominator) {
  if (!std::isfinite(value)) return 0;
  // Continued-fraction convergents p/q of |value| until q would pass max_denominator.
  const bool negative = value < 0;
  double x = std::fabs(value);
  mpz_class p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  for (int step = 0; step < 64; ++step) {
    const double a = std::floor(x);
    if (a > 1e15) break;
    const mpz_class ai(static_cast<unsigned long>(a));
    const mpz_class p2 = ai * p1 + p0, q2 = ai * q1 + q0;
    if (q2 > max_denominator) break;
    p0 = p1;
    q0 = q1;
    p1 = p2;
    q1 = q2;
    const double fraction = x - a;
    if (fraction < 1e-15) break;
    x = 1.0 / fraction;
  }
  if (q1 == 0) return 0;
  mpq_class result(p1, q1);
  result.canonicalize();
  return negative ? mpq_class(-result) : result;
}

mpq_class ExactModel::utility(std::size_t party, const Outcome& outcome) const {
  mpz_class sum = 0;
  for (std::size_t k = 0; k < issues; ++k) sum += scaled(party, k, outcome[k]);
  mpq_class u(sum, denominator);
  u.canonicalize();
  return u;
}

std::vector<mpq_class> ExactModel::utilities(const Outcome& outcome) const {
  std::vector<mpq_class> u;
  u.reserve(parties);
  for (std::size_t i = 0; i < parties; ++i) u.push_back(utility(i, outcome));
  return u;
}

std::vector<double> ExactModel::approximate_utilities(const Outcome& outcome) const {
  std::vector<double> u(parties, 0.0);
  for (std::size_t i = 0; i < parties; ++i)
    for (std::size_t k = 0; k < issues; ++k) u[i] += approximate(i, k, outcome[k]);
  return u;
}

bool ExactModel::individually_rational(const Outcome& outcome) const {
  for (std::size_t i = 0; i < parties; ++i) {
    // Far from the walk-away, the double sum decides; near it, the exact one.
    double u = 0.0;
    for (std::size_t k = 0; k < issues; ++k) u += approximate(i, k, outcome[k]);
    const double margin = 1e-9 * (std::fabs(u) + std::fabs(reservation_approx[i]) + 1.0);
    if (u < reservation_approx[i] - margin) return false;
    if (u > reservation_approx[i] + margin) continue;
    if (utility(i, outcome) < reservation[i]) return false;
  }
  return true;
}

namespace {

mpq_class clamp01(const mpq_class& e) {
  if (e < 0) return 0;
  if (e > 1) return 1;
  return e;
}

// e(x) of a numeric value function at the exact number x, as ValueFunction::at_number defines it;
// `written` gives the exact value of each parameter.
template <class Written>
mpq_class function_at(const ValueFunction& f, const mpq_class& x, Written&& written_rational) {
  using Kind = ValueFunction::Kind;
  switch (f.kind) {
    case Kind::linear: {
      const mpq_class e =
          written_rational(f.offset) + written_rational(f.slope) * (x - written_rational(f.origin));
      return f.clip ? clamp01(e) : e;
    }
    case Kind::triangular: {
      const mpq_class lower = written_rational(f.lower), upper = written_rational(f.upper),
                      top = written_rational(f.top);
      if (x < lower || x > upper) return 0;
      if (x == top) return 1;
      if (x < top) return top > lower ? mpq_class((x - lower) / (top - lower)) : mpq_class(1);
      return upper > top ? mpq_class((upper - x) / (upper - top)) : mpq_class(1);
    }
    case Kind::constant:
      return written_rational(f.offset);
    case Kind::scores:
    case Kind::utilities:
      break;
  }
  throw Error("certificates: a table has no value at a number");
}

}  // namespace

ExactModel exact_model(const Scenario& scenario) {
  ExactModel model;
  model.parties = scenario.party_count();
  model.issues = scenario.issue_count();
  for (const Issue& issue : scenario.issues()) {
    if (issue.kind() == IssueKind::real)
      throw UnsupportedError(
          "certificates cover discrete issues (options or integer ranges); "
          "issue '" +
          issue.name() + "' is a real range");
    model.offset.push_back(model.values);
    model.cardinality.push_back(issue.cardinality());
    model.values += issue.cardinality();
  }
  if (model.values > kMaxCertifiedValues)
    throw UnsupportedError("certificates list every value of every issue; this scenario has " +
                           std::to_string(model.values) + " values in all (at most " +
                           std::to_string(kMaxCertifiedValues) + ")");
  model.contribution.resize(model.parties * model.values);
  model.approx.resize(model.parties * model.values);
  for (std::size_t i = 0; i < model.parties; ++i) {
    const Party& party = scenario.party(i);
    // A number as the file wrote it: its text when the file wrote more digits than a double
    // holds, else the double's shortest decimal.
    auto written_rational = [&party](double value) {
      const auto found = party.exact_decimals.find(value);
      return found != party.exact_decimals.end() ? decimal_rational(found->second)
                                                 : certify_detail::written_rational(value);
    };
    const LinearAdditiveUtility* linear = party.utility->as_linear_additive();
    if (!linear)
      throw UnsupportedError("certificates need linear-additive preferences; party '" + party.name +
                             "' has " + party.utility->kind_name() +
                             " preferences (their claims can only be checked by enumeration)");
    // Weights as the file wrote them, divided by their exact sum when the loader divided them.
    std::vector<mpq_class> weights;
    const auto& written = linear->written_weights();
    if (written.empty()) {
      for (double w : linear->weights()) weights.push_back(written_rational(w));
    } else {
      mpq_class sum = 0;
      for (double w : written) {
        weights.push_back(written_rational(w));
        sum += weights.back();
      }
      for (auto& w : weights) w /= sum;
    }
    for (std::size_t k = 0; k < model.issues; ++k) {
      const Issue& issue = scenario.issue(k);
      const ValueFunction& f = linear->value_function(k);
      mpq_class best_score = 0;
      if (f.kind == ValueFunction::Kind::scores)
        for (double s : f.table) best_score = std::max(best_score, written_rational(s));
      for (std::uint32_t v = 0; v < issue.cardinality(); ++v) {
        mpq_class e;
        if (f.kind == ValueFunction::Kind::scores)
          e = best_score > 0 ? mpq_class(written_rational(f.table.at(v)) / best_score)
                             : mpq_class(0);
        else if (f.kind == ValueFunction::Kind::utilities)
          e = written_rational(f.table.at(v));
        else
          e = function_at(f,
                          issue.kind() == IssueKind::integer
                              ? mpq_class(mpz_class(
                                    std::to_string(issue.lower_integer() + static_cast<long>(v))))
                              : mpq_class(v),
                          written_rational);
        mpq_class c = weights[k] * e;
        c.canonicalize();
        const std::size_t at = i * model.values + model.offset[k] + v;
        model.approx[at] = c.get_d();
        model.contribution[at] = std::move(c);
      }
    }
  }
  for (const auto& c : model.contribution) {
    mpz_class d = c.get_den();
    mpz_lcm(model.denominator.get_mpz_t(), model.denominator.get_mpz_t(), d.get_mpz_t());
  }
  model.numerator.reserve(model.contribution.size());
  for (const auto& c : model.contribution)
    model.numerator.push_back(c.get_num() * (model.denominator / c.get_den()));
  for (std::size_t i = 0; i < model.parties; ++i) {
    const Party& party = scenario.party(i);
    // A walk-away taken from a package (status quo, walk_away_package, GeniusWeb's reservation
    // bid) is that package's exact utility; a number is the number as written.
    mpq_class d;
    const auto found = party.exact_decimals.find(party.reservation_value);
    if (party.reservation_outcome &&
        party.reservation_value == party.utility->utility(*party.reservation_outcome))
      d = model.utility(i, *party.reservation_outcome);
    else if (found != party.exact_decimals.end())
      d = decimal_rational(found->second);
    else
      d = written_rational(party.reservation_value);
    model.reservation_approx.push_back(d.get_d());
    model.reservation.push_back(std::move(d));
  }
  return model;
}

}  // namespace parley::certify_detail
