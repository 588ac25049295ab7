#include "prover.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "parley/support/error.hpp"

namespace parley::certify_detail {

// ---------------------------------------------------------------------------------------------
// Nodes

Node::Node(const ExactModel& model, const std::vector<std::size_t>& order)
    : model_(model), order_(order) {
  sum_d_.assign(model.parties, 0.0);
  sum_z_.assign(model.parties, mpz_class(0));
}

void Node::push(std::uint32_t v) {
  const std::size_t n = model_.parties, k = order_[depth_];
  for (std::size_t i = 0; i < n; ++i) {
    sum_d_.push_back(sum_d_[depth_ * n + i] + model_.approximate(i, k, v));
    sum_z_.push_back(sum_z_[depth_ * n + i] + model_.scaled(i, k, v));
  }
  fixed_.push_back(v);
  ++depth_;
}

void Node::pop() {
  const std::size_t n = model_.parties;
  sum_d_.resize(sum_d_.size() - n);
  sum_z_.resize(sum_z_.size() - n);
  fixed_.pop_back();
  --depth_;
}

Outcome Node::package() const {
  Outcome outcome(model_.issues, 0);
  for (std::size_t j = 0; j < depth_; ++j) outcome[order_[j]] = fixed_[j];
  return outcome;
}

double Node::maxw(const std::vector<double>& c, std::vector<double>* argmax) const {
  const std::size_t n = model_.parties;
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += c[i] * sum_d_[depth_ * n + i];
  if (argmax) argmax->assign(sum_d_.begin() + depth_ * n, sum_d_.begin() + (depth_ + 1) * n);
  for (std::size_t j = depth_; j < order_.size(); ++j) {
    const std::size_t k = order_[j];
    double best = -std::numeric_limits<double>::infinity();
    std::uint32_t best_v = 0;
    for (std::uint32_t v = 0; v < model_.cardinality[k]; ++v) {
      double s = 0.0;
      for (std::size_t i = 0; i < n; ++i) s += c[i] * model_.approximate(i, k, v);
      if (s > best) {
        best = s;
        best_v = v;
      }
    }
    total += best;
    if (argmax)
      for (std::size_t i = 0; i < n; ++i) (*argmax)[i] += model_.approximate(i, k, best_v);
  }
  return total;
}

mpq_class Node::maxw(const std::vector<mpq_class>& c) const {
  const std::size_t n = model_.parties;
  // c times the lcm of its denominators is integral: the sum is then computed in integers over
  // the model's common denominator and divided once at the end.
  mpz_class common = 1;
  for (const auto& x : c) mpz_lcm(common.get_mpz_t(), common.get_mpz_t(), x.get_den_mpz_t());
  std::vector<mpz_class> a(n);
  std::vector<double> cd(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = c[i].get_num() * (common / c[i].get_den());
    cd[i] = c[i].get_d();
  }
  mpz_class total = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (sgn(a[i]) != 0) total += a[i] * sum_z_[depth_ * n + i];
  // Each issue's maximum: only the values whose double score is within a margin far above
  // rounding of the best double score can be the maximum; they are compared exactly.
  std::vector<double> score;
  mpz_class s, best;
  for (std::size_t j = depth_; j < order_.size(); ++j) {
    const std::size_t k = order_[j];
    const std::uint32_t count = model_.cardinality[k];
    score.assign(count, 0.0);
    double top = -std::numeric_limits<double>::infinity(), magnitude = 0.0;
    for (std::uint32_t v = 0; v < count; ++v) {
      for (std::size_t i = 0; i < n; ++i) {
        const double term = cd[i] * model_.approximate(i, k, v);
        score[v] += term;
        magnitude = std::max(magnitude, std::fabs(term));
      }
      top = std::max(top, score[v]);
    }
    const double margin = 1e-9 * (magnitude * static_cast<double>(n) + 1e-300);
    bool first = true;
    for (std::uint32_t v = 0; v < count; ++v) {
      if (score[v] < top - margin) continue;
      s = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (sgn(a[i]) != 0) s += a[i] * model_.scaled(i, k, v);
      if (first || s > best) best = s;
      first = false;
    }
    total += best;
  }
  mpq_class result(total, common * model_.denominator);
  result.canonicalize();
  return result;
}

std::string Node::describe(const Scenario& scenario) const {
  std::string text;
  for (std::size_t j = 0; j < depth_; ++j) {
    const Issue& issue = scenario.issue(order_[j]);
    if (j > 0) text += j + 1 == depth_ ? " and " : ", ";
    text += issue.label() + " is '" + issue.value_label(fixed_[j]) + "'";
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Numbers

std::string approx_text(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

std::string approx_text(const mpq_class& q) { return approx_text(q.get_d()); }

mpq_class nash_product(const ExactModel& model, const std::vector<mpq_class>& u) {
  mpq_class p = 1;
  for (std::size_t i = 0; i < model.parties; ++i) p *= u[i] - model.reservation[i];
  return p;
}

mpq_class min_ratio(const ExactModel& model, const std::vector<mpq_class>& u,
                    const std::vector<mpq_class>& scale) {
  // Parties with scale 0 count as 1 (fully satisfied); relative gains of IR packages are at most
  // 1 for KS, while egalitarian gains (scale 1) may exceed 1.
  std::optional<mpq_class> t;
  bool satisfied = false;
  for (std::size_t i = 0; i < model.parties; ++i) {
    if (sgn(scale[i]) <= 0) {
      satisfied = true;
      continue;
    }
    const mpq_class g = (u[i] - model.reservation[i]) / scale[i];
    if (!t || g < *t) t = g;
  }
  if (!t) return 1;
  if (satisfied && *t > 1) return 1;
  return *t;
}

bool dominates(const std::vector<mpq_class>& a, const std::vector<mpq_class>& b) {
  bool strict = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] < b[i]) return false;
    if (a[i] > b[i]) strict = true;
  }
  return strict;
}

namespace {

mpq_class dot(const std::vector<mpq_class>& a, const std::vector<mpq_class>& b) {
  mpq_class s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

std::vector<double> to_doubles(const std::vector<mpq_class>& q) {
  std::vector<double> d;
  for (const auto& x : q) d.push_back(x.get_d());
  return d;
}

Json rationals_json(const std::vector<mpq_class>& q) {
  Json array = Json::array();
  for (const auto& x : q) array.push_back(rational_text(x));
  return array;
}

// Candidate exact versions of a double vector: simple fractions first, then the doubles' exact
// binary values (ugly but exact where a bound is tight). `positive`: no entry may be 0.
std::vector<std::vector<mpq_class>> rationalisations(const std::vector<double>& w, bool positive) {
  std::vector<std::vector<mpq_class>> out;
  for (long denominator : {1'000'000L, 1'000'000'000'000L}) {
    std::vector<mpq_class> q;
    for (double x : w) {
      mpq_class r = simple_rational(std::max(x, 0.0), denominator);
      if (positive && sgn(r) <= 0) r = mpq_class(1, denominator);
      q.push_back(r);
    }
    if (std::find(out.begin(), out.end(), q) == out.end()) out.push_back(std::move(q));
  }
  std::vector<mpq_class> exact;
  for (double x : w) exact.push_back(mpq_class(std::max(x, positive ? 1e-300 : 0.0)));
  out.push_back(std::move(exact));
  return out;
}

// The same on the simplex of `active` parties: the last active entry makes the sum exactly 1.
std::vector<std::vector<mpq_class>> simplex_rationalisations(const std::vector<double>& w,
                                                             const std::vector<bool>& active) {
  std::vector<std::vector<mpq_class>> out;
  for (auto q : rationalisations(w, false)) {
    std::size_t last = active.size();
    mpq_class sum = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
      if (!active[i]) q[i] = 0;
      if (active[i]) last = i;
    }
    if (last == active.size()) continue;
    for (std::size_t i = 0; i < q.size(); ++i)
      if (i != last) sum += q[i];
    q[last] = 1 - sum;
    if (sgn(q[last]) < 0) continue;
    if (std::find(out.begin(), out.end(), q) == out.end()) out.push_back(std::move(q));
  }
  return out;
}

// The minimiser of a convex (or unimodal) f on [a, b], by `steps` golden-section steps.
template <class F>
double golden_section(F&& f, double a, double b, int steps) {
  const double phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double x1 = b - phi * (b - a), x2 = a + phi * (b - a);
  double f1 = f(x1), f2 = f(x2);
  for (int step = 0; step < steps; ++step) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - phi * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + phi * (b - a);
      f2 = f(x2);
    }
  }
  return (a + b) / 2.0;
}

// Minimises f over the simplex of the active parties (f convex or nearly so): golden section for
// two, exponentiated subgradient steps for more. f returns the value and fills a subgradient.
template <class F>
std::vector<double> minimise_on_simplex(std::size_t n, const std::vector<bool>& active, F&& f) {
  std::vector<std::size_t> on;
  for (std::size_t i = 0; i < n; ++i)
    if (active[i]) on.push_back(i);
  std::vector<double> w(n, 0.0), g(n, 0.0);
  if (on.empty()) return w;
  if (on.size() == 1) {
    w[on[0]] = 1.0;
    return w;
  }
  if (on.size() == 2) {
    auto at = [&](double t) {
      w[on[0]] = t;
      w[on[1]] = 1.0 - t;
      return f(w, g);
    };
    at(golden_section(at, 0.0, 1.0, 60));
    return w;
  }
  for (std::size_t i : on) w[i] = 1.0 / static_cast<double>(on.size());
  std::vector<double> best = w;
  double best_value = f(w, g);
  for (int step = 0; step < 200; ++step) {
    double scale = 0.0;
    for (std::size_t i : on) scale = std::max(scale, std::fabs(g[i]));
    if (scale == 0.0) break;
    const double eta = 2.0 / std::sqrt(static_cast<double>(step) + 1.0) / scale;
    double sum = 0.0;
    for (std::size_t i : on) {
      w[i] *= std::exp(-eta * g[i]);
      w[i] = std::max(w[i], 1e-12);
      sum += w[i];
    }
    for (std::size_t i : on) w[i] /= sum;
    const double value = f(w, g);
    if (value < best_value) {
      best_value = value;
      best = w;
    }
  }
  return best;
}

std::string party_weights_text(const Scenario& scenario, const std::vector<mpq_class>& w) {
  std::string text;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (i > 0) text += i + 1 == w.size() ? " and " : ", ";
    text += scenario.party(i).name + " " + approx_text(w[i]);
  }
  return text;
}

std::string node_prefix(const Scenario& scenario, const Node& node) {
  const std::string where = node.describe(scenario);
  return where.empty() ? "Whatever the package, " : "If " + where + ", ";
}

// The sentence of a package below some party's walk-away.
std::string below_walk_away(const Scenario& scenario, const Outcome& package) {
  // Sentences only: the doubles name the party; the claims themselves are checked exactly.
  const auto u = scenario.utilities(package);
  std::size_t party = 0;
  double worst = INFINITY;
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u[i] - scenario.party(i).reservation_value < worst) {
      worst = u[i] - scenario.party(i).reservation_value;
      party = i;
    }
  return "The package " + scenario.describe(package) + " gives " + scenario.party(party).name +
         " " + approx_text(u[party]) + ", below its walk-away " +
         approx_text(scenario.party(party).reservation_value) + ".";
}

// The `not_ir` leaf shared by every claim over IR packages.
std::optional<Leaf> not_ir_leaf(const Scenario& scenario, const Node& node) {
  const ExactModel& model = node.model();
  std::vector<double> c(model.parties, 0.0);
  for (std::size_t i = 0; i < model.parties; ++i) {
    std::fill(c.begin(), c.end(), 0.0);
    c[i] = 1.0;
    const double best = node.maxw(c);
    if (best > model.reservation_approx[i] + 1e-12) continue;
    std::vector<mpq_class> e(model.parties, mpq_class(0));
    e[i] = 1;
    const mpq_class exact = node.maxw(e);
    if (exact < model.reservation[i])
      return Leaf{Json{{"leaf", "not_ir"}, {"party", i}},
                  node_prefix(scenario, node) + scenario.party(i).name + " gets at most " +
                      approx_text(exact) + " < its walk-away " + approx_text(model.reservation[i]) +
                      ": no package here is acceptable."};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Pareto-optimality of one package over the whole space.

class ParetoLogic final : public ClaimLogic {
 public:
  ParetoLogic(const Scenario& scenario, const ExactModel& model, const Outcome& package)
      : scenario_(scenario), model_(model) {
    u_ = model.utilities(package);
    ud_ = to_doubles(u_);
    std::vector<std::size_t> all(model.issues);
    for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
    const Node root(model, all);
    for (std::size_t i = 0; i < model.parties; ++i) {
      std::vector<double> e(model.parties, 0.0), f = e;
      e[i] = 1.0;
      f[i] = -1.0;
      // The largest utility range, for tolerances.
      scale_ = std::max(scale_, root.maxw(e) + root.maxw(f));
    }
    scale_ = std::max(scale_, 1e-300);
  }

  std::optional<Leaf> leaf(const Node& node) override {
    const std::size_t n = model_.parties;
    std::vector<double> c(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      std::fill(c.begin(), c.end(), 0.0);
      c[i] = 1.0;
      if (node.maxw(c) >= ud_[i]) continue;
      std::vector<mpq_class> e(n, mpq_class(0));
      e[i] = 1;
      const mpq_class best = node.maxw(e);
      if (best < u_[i])
        return Leaf{Json{{"leaf", "party"}, {"party", i}},
                    node_prefix(scenario_, node) + "the best " + scenario_.party(i).name +
                        " can get is " + approx_text(best) + " < " + approx_text(u_[i]) +
                        ": nothing here is as good for " + scenario_.party(i).name + "."};
    }
    const std::vector<bool> all(n, true);
    const auto mu =
        minimise_on_simplex(n, all, [&](const std::vector<double>& w, std::vector<double>& g) {
          std::vector<double> at;
          const double value = node.maxw(w, &at) - dot(w, ud_);
          for (std::size_t i = 0; i < n; ++i) g[i] = at[i] - ud_[i];
          return value;
        });
    if (node.maxw(mu) - dot(mu, ud_) > 1e-9 * scale_) return std::nullopt;
    for (const auto& q : rationalisations(mu, true)) {
      const mpq_class best = node.maxw(q), own = dot(q, u_);
      if (best <= own)
        return Leaf{Json{{"leaf", "mu"}, {"mu", rationals_json(q)}},
                    node_prefix(scenario_, node) + "weighing " + party_weights_text(scenario_, q) +
                        ", the best score of any package is " + approx_text(best) +
                        " <= this package's " + approx_text(own) +
                        ", so none is better for one side without being worse for another."};
    }
    return std::nullopt;
  }

  bool package_ok(const Outcome& package) override {
    return !dominates(model_.utilities(package), u_);
  }

  std::string package_words(const Outcome& package) override {
    return "The package " + scenario_.describe(package) + " does not give everyone as much.";
  }

 private:
  const Scenario& scenario_;
  const ExactModel& model_;
  std::vector<mpq_class> u_;
  std::vector<double> ud_;
  double scale_ = 0.0;
};

class ZoneEmptyLogic final : public ClaimLogic {
 public:
  ZoneEmptyLogic(const Scenario& scenario, const ExactModel& model)
      : scenario_(scenario), model_(model) {}
  std::optional<Leaf> leaf(const Node& node) override { return not_ir_leaf(scenario_, node); }
  bool package_ok(const Outcome& package) override {
    return !model_.individually_rational(package);
  }
  std::string package_words(const Outcome& package) override {
    return below_walk_away(scenario_, package);
  }

 private:
  const Scenario& scenario_;
  const ExactModel& model_;
};

// For every IR package: c·u <= bound (Lagrangian leaves).
class LinearBoundLogic final : public ClaimLogic {
 public:
  LinearBoundLogic(const Scenario& scenario, const ExactModel& model, std::vector<mpq_class> c,
                   mpq_class bound, std::string what)
      : scenario_(scenario),
        model_(model),
        c_(std::move(c)),
        cd_(to_doubles(c_)),
        bound_(std::move(bound)),
        bound_d_(bound_.get_d()),
        what_(std::move(what)) {
    for (double x : cd_) scale_ += std::fabs(x);
    scale_ = std::max(scale_, 1e-300);
  }

  std::optional<Leaf> leaf(const Node& node) override {
    if (auto l = not_ir_leaf(scenario_, node)) return l;
    const std::size_t n = model_.parties;
    std::vector<double> lambda(n, 0.0);
    auto g_of = [&](const std::vector<double>& l) {
      std::vector<double> c = cd_;
      for (std::size_t i = 0; i < n; ++i) c[i] += l[i];
      return node.maxw(c) - dot(l, model_.reservation_approx);
    };
    double value = g_of(lambda);
    if (value > bound_d_ + 1e-9 * scale_) {
      // Coordinate-wise golden sections (g is convex in lambda).
      for (int round = 0; round < 3 && value > bound_d_; ++round) {
        for (std::size_t j = 0; j < n; ++j) {
          auto at = [&](double x) {
            lambda[j] = x;
            return g_of(lambda);
          };
          // The minimum may sit at 0, where golden sections only approach it.
          const double mid = golden_section(at, 0.0, 100.0 * scale_, 50);
          const double at_mid = at(mid), at_zero = at(0.0);
          lambda[j] = at_zero <= at_mid ? 0.0 : mid;
          value = std::min(at_zero, at_mid);
        }
      }
      if (value > bound_d_ + 1e-9 * scale_) return std::nullopt;
    }
    for (const auto& q : rationalisations(lambda, false)) {
      std::vector<mpq_class> c = c_;
      for (std::size_t i = 0; i < n; ++i) c[i] += q[i];
      const mpq_class best = node.maxw(c) - dot(q, model_.reservation);
      if (best <= bound_) {
        const bool plain =
            std::all_of(q.begin(), q.end(), [](const mpq_class& x) { return sgn(x) == 0; });
        return Leaf{Json{{"leaf", "lagrange"}, {"lambda", rationals_json(q)}},
                    node_prefix(scenario_, node) + what_ + " is at most " + approx_text(best) +
                        " <= " + approx_text(bound_) +
                        (plain ? "."
                               : " for the acceptable packages (walk-away multipliers " +
                                     party_weights_text(scenario_, q) + ").")};
      }
      if (std::all_of(lambda.begin(), lambda.end(), [](double x) { return x == 0.0; })) break;
    }
    return std::nullopt;
  }

  bool package_ok(const Outcome& package) override {
    return !model_.individually_rational(package) || dot(c_, model_.utilities(package)) <= bound_;
  }

  std::string package_words(const Outcome& package) override {
    if (!model_.individually_rational(package)) return below_walk_away(scenario_, package);
    return "The package " + scenario_.describe(package) + ": " + what_ + " " +
           approx_text(dot(c_, model_.utilities(package))) + " <= " + approx_text(bound_) + ".";
  }

 private:
  const Scenario& scenario_;
  const ExactModel& model_;
  std::vector<mpq_class> c_;
  std::vector<double> cd_;
  mpq_class bound_;
  double bound_d_;
  std::string what_;
  double scale_ = 0.0;
};

class NashLogic final : public ClaimLogic {
 public:
  NashLogic(const Scenario& scenario, const ExactModel& model, mpq_class bound)
      : scenario_(scenario), model_(model), bound_(std::move(bound)), bound_d_(bound_.get_d()) {}

  std::optional<Leaf> leaf(const Node& node) override {
    if (auto l = not_ir_leaf(scenario_, node)) return l;
    const std::size_t n = model_.parties;
    const double nn = static_cast<double>(n);
    // log of the AM-GM bound: -sum log w_i + n log((maxw(N, w) - w.d) / n).
    auto log_bound = [&](const std::vector<double>& w, std::vector<double>& g) {
      std::vector<double> at;
      const double gain = node.maxw(w, &at) - dot(w, model_.reservation_approx);
      double value = 0.0;
      for (std::size_t i = 0; i < n; ++i) value -= std::log(std::max(w[i], 1e-300));
      if (gain <= 0.0) {
        std::fill(g.begin(), g.end(), 0.0);
        return -std::numeric_limits<double>::infinity();
      }
      value += nn * std::log(gain / nn);
      for (std::size_t i = 0; i < n; ++i)
        g[i] = -1.0 / std::max(w[i], 1e-300) + nn * (at[i] - model_.reservation_approx[i]) / gain;
      return value;
    };
    const std::vector<bool> all(n, true);
    const auto w = minimise_on_simplex(n, all, log_bound);
    std::vector<double> g(n);
    const double value = log_bound(w, g);
    if (bound_d_ <= 0.0 || value > std::log(bound_d_) + 1e-9) return std::nullopt;
    for (const auto& q : rationalisations(w, true)) {
      mpq_class gain = node.maxw(q) - dot(q, model_.reservation);
      if (sgn(gain) < 0) gain = 0;
      mpq_class b = 1;
      const mpq_class average = gain / static_cast<long>(n);
      for (std::size_t i = 0; i < n; ++i) b *= average / q[i];
      if (b <= bound_)
        return Leaf{Json{{"leaf", "amgm"}, {"w", rationals_json(q)}},
                    node_prefix(scenario_, node) + "the product of gains is at most " +
                        approx_text(b) + " <= " + approx_text(bound_) +
                        " (the arithmetic-geometric mean bound with weights " +
                        party_weights_text(scenario_, q) + ")."};
    }
    return std::nullopt;
  }

  bool package_ok(const Outcome& package) override {
    return !model_.individually_rational(package) ||
           nash_product(model_, model_.utilities(package)) <= bound_;
  }

  std::string package_words(const Outcome& package) override {
    if (!model_.individually_rational(package)) return below_walk_away(scenario_, package);
    return "The package " + scenario_.describe(package) + ": product of gains " +
           approx_text(nash_product(model_, model_.utilities(package))) +
           " <= " + approx_text(bound_) + ".";
  }

 private:
  const Scenario& scenario_;
  const ExactModel& model_;
  mpq_class bound_;
  double bound_d_;
};

class MinRatioLogic final : public ClaimLogic {
 public:
  MinRatioLogic(const Scenario& scenario, const ExactModel& model, std::vector<mpq_class> scale,
                mpq_class bound, std::string what)
      : scenario_(scenario),
        model_(model),
        scale_(std::move(scale)),
        bound_(std::move(bound)),
        bound_d_(bound_.get_d()),
        what_(std::move(what)) {}

  std::optional<Leaf> leaf(const Node& node) override {
    if (auto l = not_ir_leaf(scenario_, node)) return l;
    const std::size_t n = model_.parties;
    std::vector<bool> active(n);
    std::vector<double> inverse(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      active[i] = sgn(scale_[i]) > 0;
      if (active[i]) inverse[i] = 1.0 / scale_[i].get_d();
    }
    auto average = [&](const std::vector<double>& w, std::vector<double>& g) {
      std::vector<double> c(n, 0.0), at;
      double shift = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        c[i] = w[i] * inverse[i];
        shift += c[i] * model_.reservation_approx[i];
      }
      const double value = node.maxw(c, &at) - shift;
      for (std::size_t i = 0; i < n; ++i)
        g[i] = (at[i] - model_.reservation_approx[i]) * inverse[i];
      return value;
    };
    const auto w = minimise_on_simplex(n, active, average);
    std::vector<double> g(n);
    if (average(w, g) > bound_d_ + 1e-9) return std::nullopt;
    for (const auto& q : simplex_rationalisations(w, active)) {
      std::vector<mpq_class> c(n, mpq_class(0));
      mpq_class shift = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (active[i]) {
          c[i] = q[i] / scale_[i];
          shift += c[i] * model_.reservation[i];
        }
      const mpq_class best = node.maxw(c) - shift;
      if (best <= bound_)
        return Leaf{Json{{"leaf", "wavg"}, {"w", rationals_json(q)}},
                    node_prefix(scenario_, node) + "the smallest " + what_ + " is at most " +
                        approx_text(best) + " <= " + approx_text(bound_) +
                        " (its average with weights " + party_weights_text(scenario_, q) + ")."};
    }
    return std::nullopt;
  }

  bool package_ok(const Outcome& package) override {
    return !model_.individually_rational(package) ||
           min_ratio(model_, model_.utilities(package), scale_) <= bound_;
  }

  std::string package_words(const Outcome& package) override {
    if (!model_.individually_rational(package)) return below_walk_away(scenario_, package);
    return "The package " + scenario_.describe(package) + ": smallest " + what_ + " " +
           approx_text(min_ratio(model_, model_.utilities(package), scale_)) +
           " <= " + approx_text(bound_) + ".";
  }

 private:
  const Scenario& scenario_;
  const ExactModel& model_;
  std::vector<mpq_class> scale_;
  mpq_class bound_;
  double bound_d_;
  std::string what_;
};

// ---------------------------------------------------------------------------------------------
// The search

struct CapReached {};
struct Refuted {
  Outcome package;
};

class Search {
 public:
  Search(const Scenario& scenario, ClaimLogic& logic, const ProveSettings& settings,
         TreeResult& result)
      : scenario_(scenario), logic_(logic), settings_(settings), result_(result) {}

  Json visit(Node& node) {
    if (++result_.nodes > settings_.node_cap) throw CapReached{};
    if ((result_.nodes & 255) == 0 && settings_.cancelled && *settings_.cancelled &&
        (*settings_.cancelled)())
      throw Cancelled("certify: cancelled");
    if (node.complete()) {
      const Outcome package = node.package();
      if (!logic_.package_ok(package)) throw Refuted{package};
      record(logic_.package_words(package));
      return Json{{"leaf", "package"}};
    }
    if (auto leaf = logic_.leaf(node)) {
      record(std::move(leaf->words));
      return std::move(leaf->json);
    }
    Json children = Json::array();
    const std::uint32_t count = node.next_cardinality();
    for (std::uint32_t v = 0; v < count; ++v) {
      node.push(v);
      children.push_back(visit(node));
      node.pop();
    }
    return Json{{"split", std::move(children)}};
  }

 private:
  void record(std::string words) {
    ++result_.leaves;
    if (result_.words.size() < settings_.words) result_.words.push_back(std::move(words));
  }

  const Scenario& scenario_;
  ClaimLogic& logic_;
  const ProveSettings& settings_;
  TreeResult& result_;
};

}  // namespace

TreeResult prove(const Scenario& scenario, const ExactModel& model,
                 const std::vector<std::size_t>& order, ClaimLogic& logic,
                 const ProveSettings& settings) {
  TreeResult result;
  Node node(model, order);
  Search search(scenario, logic, settings, result);
  try {
    result.tree = search.visit(node);
    result.kind = TreeResult::Kind::proved;
  } catch (const CapReached&) {
    result.kind = TreeResult::Kind::cap;
    result.tree = Json();
  } catch (const Refuted& refuted) {
    result.kind = TreeResult::Kind::refuted;
    result.counterexample = refuted.package;
    result.tree = Json();
  }
  return result;
}

std::unique_ptr<ClaimLogic> pareto_logic(const Scenario& scenario, const ExactModel& model,
                                         const Outcome& package) {
  return std::make_unique<ParetoLogic>(scenario, model, package);
}

std::unique_ptr<ClaimLogic> zone_empty_logic(const Scenario& scenario, const ExactModel& model) {
  return std::make_unique<ZoneEmptyLogic>(scenario, model);
}

std::unique_ptr<ClaimLogic> linear_bound_logic(const Scenario& scenario, const ExactModel& model,
                                               std::vector<mpq_class> c, mpq_class bound,
                                               std::string what) {
  return std::make_unique<LinearBoundLogic>(scenario, model, std::move(c), std::move(bound),
                                            std::move(what));
}

std::unique_ptr<ClaimLogic> nash_logic(const Scenario& scenario, const ExactModel& model,
                                       mpq_class bound) {
  return std::make_unique<NashLogic>(scenario, model, std::move(bound));
}

std::unique_ptr<ClaimLogic> min_ratio_logic(const Scenario& scenario, const ExactModel& model,
                                            std::vector<mpq_class> scale, mpq_class bound,
                                            std::string what) {
  return std::make_unique<MinRatioLogic>(scenario, model, std::move(scale), std::move(bound),
                                         std::move(what));
}

}  // namespace parley::certify_detail
