#include "parley/model/weight_set.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "parley/support/error.hpp"

namespace parley {
namespace {

// Tolerances. Weights live in [0, 1], so absolute tolerances on weights are relative ones.
// A vertex is on a half-space's hyperplane when |a . w - b| is at most this, with a scaled so
// that max_j |a_j| = 1 (then |a . w| <= 1 on the simplex).
constexpr double kOnHyperplane = 1e-12;
// Single-weight bounds closer than this fix the weight; a sum of bounds this close to 1 is tight.
constexpr double kBoundSlack = 1e-12;
// Two vertices closer than this in every coordinate are one (rounding of degenerate cuts).
constexpr double kSameVertex = 1e-10;
// Gram-Schmidt: a residual shorter than this times the longest vertex difference is no direction.
constexpr double kRankTolerance = 1e-10;
// A rate c . d at most this times sum_j |c_j d_j| is rounding: the constraint is parallel to d.
constexpr double kParallel = 1e-13;
// A value c . w within this times max(1, max_j |c_j|) of a threshold counts as reaching it.
constexpr double kValueTolerance = 1e-12;
// step(): entries in [-kNegativeRoundOff, 0) are set to 0; a sum further than kSumDrift from 1
// is divided out.
constexpr double kNegativeRoundOff = 1e-15;
constexpr double kSumDrift = 1e-12;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

using StatementRefs = std::vector<const WeightStatement*>;

StatementRefs refs_of(const std::vector<WeightStatement>& statements) {
  StatementRefs refs;
  for (const WeightStatement& s : statements) refs.push_back(&s);
  return refs;
}

double dot(std::span<const double> a, std::span<const double> b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

double max_abs(std::span<const double> v) {
  double m = 0.0;
  for (const double x : v) m = std::max(m, std::abs(x));
  return m;
}

double value_tolerance(std::span<const double> c) {
  return kValueTolerance * std::max(1.0, max_abs(c));
}

std::size_t nonzero_count(const WeightStatement& s) {
  return static_cast<std::size_t>(
      std::ranges::count_if(s.coefficients, [](double x) { return x != 0.0; }));
}

bool bounds_one_weight(const WeightStatement& s) { return nonzero_count(s) == 1; }

// Per weight, the tightest bounds the single-weight statements put on it, within [0, 1] where
// they are looser (a lower bound above 1 or an upper bound below 0 stays, making W empty).
struct WeightBounds {
  std::vector<double> lower, upper;
};

WeightBounds bounds_of(std::size_t issue_count, const StatementRefs& statements) {
  WeightBounds bounds{std::vector<double>(issue_count, 0.0), std::vector<double>(issue_count, 1.0)};
  for (const WeightStatement* s : statements) {
    if (!bounds_one_weight(*s)) continue;
    const auto it = std::ranges::find_if(s->coefficients, [](double x) { return x != 0.0; });
    const auto k = static_cast<std::size_t>(it - s->coefficients.begin());
    const double a = *it;
    double low = s->lower / a;
    double high = s->upper / a;
    if (a < 0) std::swap(low, high);
    bounds.lower[k] = std::max(bounds.lower[k], low);
    bounds.upper[k] = std::min(bounds.upper[k], high);
  }
  return bounds;
}

// Some w in the box with sum w = 1 exists: sum(lower) <= 1 <= sum(upper), lower <= upper.
bool bounds_can_hold(const WeightBounds& bounds) {
  double lower_sum = 0.0, upper_sum = 0.0;
  for (std::size_t k = 0; k < bounds.lower.size(); ++k) {
    if (!(bounds.lower[k] <= bounds.upper[k] + kBoundSlack)) return false;
    lower_sum += bounds.lower[k];
    upper_sum += bounds.upper[k];
  }
  return lower_sum <= 1.0 + kBoundSlack && upper_sum >= 1.0 - kBoundSlack;
}

[[noreturn]] void throw_too_many_vertices(std::size_t statement_count, std::size_t issue_count,
                                          std::size_t vertex_limit) {
  throw UnsupportedError("weight statements: " + std::to_string(statement_count) +
                         " statements on " + std::to_string(issue_count) +
                         " issues give more than " + std::to_string(vertex_limit) +
                         " vertices, the limit for statements that involve several weights "
                         "(bounds on single weights have no such limit)");
}

// a . w >= b with max_j |a_j| = 1 (or a = 0: a statement without a non-zero coefficient).
struct HalfSpace {
  std::vector<double> normal;
  double offset = 0.0;
};

// A two-sided statement is two half-spaces, an equality too; an infinite bound is none (or,
// lower = +inf or upper = -inf, one that no w satisfies).
std::vector<HalfSpace> half_spaces_of(const StatementRefs& statements) {
  std::vector<HalfSpace> result;
  for (const WeightStatement* s : statements) {
    double scale = max_abs(s->coefficients);
    if (scale == 0.0) scale = 1.0;
    if (s->lower > -kInfinity) {
      HalfSpace h;
      for (const double c : s->coefficients) h.normal.push_back(c / scale);
      h.offset = s->lower / scale;
      result.push_back(std::move(h));
    }
    if (s->upper < kInfinity) {
      HalfSpace h;
      for (const double c : s->coefficients) h.normal.push_back(-c / scale);
      h.offset = -s->upper / scale;
      result.push_back(std::move(h));
    }
  }
  return result;
}

// Vertices of the simplex cut by half-spaces, with for each vertex the set of constraints tight
// there (bits 0..n-1: w_j >= 0; bit n + h: half-space h), flat.
struct VertexTable {
  std::size_t issue_count = 0;
  std::size_t words = 0;
  std::vector<double> points;
  std::vector<std::uint64_t> tight;

  std::size_t size() const { return points.size() / issue_count; }
  std::span<const double> point(std::size_t i) const {
    return {points.data() + i * issue_count, issue_count};
  }
  std::span<const std::uint64_t> tight_set(std::size_t i) const {
    return {tight.data() + i * words, words};
  }
  std::span<std::uint64_t> tight_set(std::size_t i) { return {tight.data() + i * words, words}; }
  void set_tight(std::size_t i, std::size_t bit) {
    tight[i * words + bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
};

bool contains_all(std::span<const std::uint64_t> set, std::span<const std::uint64_t> subset) {
  for (std::size_t w = 0; w < set.size(); ++w) {
    if ((subset[w] & ~set[w]) != 0) return false;
  }
  return true;
}

// Merges vertices closer than kSameVertex (their tight sets united), keeping the first one of
// each group in table order. Candidates are found through the order of the first coordinate,
// where near vertices lie within kSameVertex of each other.
void merge_near_vertices(VertexTable& table) {
  const std::size_t count = table.size();
  const std::size_t n = table.issue_count;
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::ranges::stable_sort(order, [&](std::size_t a, std::size_t b) {
    return table.points[a * n] < table.points[b * n];
  });
  std::vector<char> removed(count, 0);
  bool any_removed = false;
  for (std::size_t oi = 0; oi < count; ++oi) {
    const std::size_t i = order[oi];
    if (removed[i]) continue;
    for (std::size_t oj = oi + 1; oj < count; ++oj) {
      const std::size_t j = order[oj];
      if (table.points[j * n] - table.points[i * n] > kSameVertex) break;
      if (removed[j]) continue;
      bool same = true;
      for (std::size_t k = 0; k < n && same; ++k) {
        same = std::abs(table.points[j * n + k] - table.points[i * n + k]) <= kSameVertex;
      }
      if (!same) continue;
      // Keep the earlier of the two in table order, so the result does not depend on ties.
      const std::size_t keep = std::min(i, j), drop = std::max(i, j);
      for (std::size_t w = 0; w < table.words; ++w) {
        table.tight[keep * table.words + w] |= table.tight[drop * table.words + w];
      }
      removed[drop] = 1;
      any_removed = true;
      if (drop == i) break;
    }
  }
  if (!any_removed) return;
  VertexTable kept{table.issue_count, table.words, {}, {}};
  for (std::size_t i = 0; i < count; ++i) {
    if (removed[i]) continue;
    kept.points.insert(kept.points.end(), table.point(i).begin(), table.point(i).end());
    kept.tight.insert(kept.tight.end(), table.tight_set(i).begin(), table.tight_set(i).end());
  }
  table = std::move(kept);
}

// The double description method on a polytope (no rays): start from the simplex's vertices and
// cut by one half-space at a time. The new vertices are where the edges between a vertex inside
// and a vertex outside cross the hyperplane; two vertices are adjacent when no third vertex is
// tight on every constraint tight at both (the smallest face holding both is then the segment
// between them; exact under degeneracy as long as the tight sets are complete, which they are:
// each stage marks the vertices on the new hyperplane, and a new vertex, inside an edge, is tight
// exactly on the edge's constraints and the new one). Empty result: W is empty.
std::vector<std::vector<double>> polytope_vertices(std::size_t issue_count,
                                                   const std::vector<HalfSpace>& half_spaces,
                                                   std::size_t vertex_limit,
                                                   std::size_t statement_count) {
  const std::size_t n = issue_count;
  VertexTable table{n, (n + half_spaces.size() + 63) / 64, {}, {}};
  if (n > vertex_limit) throw_too_many_vertices(statement_count, n, vertex_limit);
  table.points.assign(n * n, 0.0);
  table.tight.assign(n * table.words, 0);
  for (std::size_t i = 0; i < n; ++i) {
    table.points[i * n + i] = 1.0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j != i) table.set_tight(i, j);
    }
  }
  // An edge has constraints of rank n - 2 tight on it besides sum w = 1.
  const std::size_t edge_tight_count = n >= 2 ? n - 2 : 0;
  std::vector<double> values;
  std::vector<std::uint64_t> common(table.words);
  for (std::size_t h = 0; h < half_spaces.size(); ++h) {
    const HalfSpace& half_space = half_spaces[h];
    const std::size_t bit = n + h;
    const std::size_t count = table.size();
    values.resize(count);
    bool any_inside = false, any_outside = false;
    for (std::size_t i = 0; i < count; ++i) {
      values[i] = dot(half_space.normal, table.point(i)) - half_space.offset;
      if (values[i] < -kOnHyperplane) {
        any_outside = true;
      } else {
        any_inside = true;
      }
    }
    if (!any_inside) return {};
    if (!any_outside) {
      for (std::size_t i = 0; i < count; ++i) {
        if (values[i] <= kOnHyperplane) table.set_tight(i, bit);
      }
      continue;
    }
    VertexTable next{n, table.words, {}, {}};
    for (std::size_t i = 0; i < count; ++i) {
      if (values[i] < -kOnHyperplane) continue;
      next.points.insert(next.points.end(), table.point(i).begin(), table.point(i).end());
      next.tight.insert(next.tight.end(), table.tight_set(i).begin(), table.tight_set(i).end());
      if (values[i] <= kOnHyperplane) next.set_tight(next.size() - 1, bit);
    }
    for (std::size_t p = 0; p < count; ++p) {
      if (values[p] <= kOnHyperplane) continue;
      for (std::size_t m = 0; m < count; ++m) {
        if (values[m] >= -kOnHyperplane) continue;
        std::size_t common_count = 0;
        for (std::size_t w = 0; w < table.words; ++w) {
          common[w] = table.tight[p * table.words + w] & table.tight[m * table.words + w];
          common_count += static_cast<std::size_t>(std::popcount(common[w]));
        }
        if (common_count < edge_tight_count) continue;
        bool adjacent = true;
        for (std::size_t r = 0; r < count && adjacent; ++r) {
          if (r != p && r != m && contains_all(table.tight_set(r), common)) adjacent = false;
        }
        if (!adjacent) continue;
        if (next.size() >= vertex_limit) throw_too_many_vertices(statement_count, n, vertex_limit);
        const double vp = values[p], vm = values[m];
        for (std::size_t k = 0; k < n; ++k) {
          next.points.push_back((vp * table.points[m * n + k] - vm * table.points[p * n + k]) /
                                (vp - vm));
        }
        next.tight.insert(next.tight.end(), common.begin(), common.end());
        next.set_tight(next.size() - 1, bit);
      }
    }
    merge_near_vertices(next);
    table = std::move(next);
  }
  std::vector<std::vector<double>> vertices;
  vertices.reserve(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    vertices.emplace_back(table.point(i).begin(), table.point(i).end());
  }
  std::ranges::sort(vertices);
  return vertices;
}

// The vertices of { lower <= w <= upper, sum w = 1 } (bounds within kBoundSlack already made
// equal): every weight at a bound except at most one strictly between its bounds. A depth-first
// walk over the free weights choosing "at its upper bound" or not, pruned when the chosen upper
// bounds exceed the mass to place or cannot reach it any more.
std::vector<std::vector<double>> box_vertices(const WeightBounds& bounds, std::size_t vertex_limit,
                                              std::size_t statement_count) {
  const std::size_t n = bounds.lower.size();
  std::vector<std::size_t> free;
  for (std::size_t k = 0; k < n; ++k) {
    if (bounds.upper[k] > bounds.lower[k]) free.push_back(k);
  }
  const double mass = 1.0 - std::accumulate(bounds.lower.begin(), bounds.lower.end(), 0.0);
  std::vector<double> rest_width(free.size() + 1, 0.0);
  for (std::size_t f = free.size(); f-- > 0;) {
    rest_width[f] = rest_width[f + 1] + (bounds.upper[free[f]] - bounds.lower[free[f]]);
  }
  std::vector<std::vector<double>> vertices;
  std::vector<char> at_upper(free.size(), 0);
  const auto emit = [&](std::size_t inside, double amount) {
    if (vertices.size() >= vertex_limit) {
      throw UnsupportedError("bounds on single weights: " + std::to_string(statement_count) +
                             " statements on " + std::to_string(n) + " issues give more than " +
                             std::to_string(vertex_limit) +
                             " vertices (minimum, maximum, interior points and sampling need "
                             "none; only vertices() and exact shares do)");
    }
    std::vector<double> w = bounds.lower;
    for (std::size_t f = 0; f < free.size(); ++f) {
      if (at_upper[f]) w[free[f]] = bounds.upper[free[f]];
    }
    if (inside < free.size()) w[free[inside]] += amount;
    vertices.push_back(std::move(w));
  };
  const std::function<void(std::size_t, double, double)> walk = [&](std::size_t f, double placed,
                                                                    double widest_skipped) {
    if (placed > mass + kBoundSlack) return;
    if (placed + rest_width[f] + widest_skipped < mass - kBoundSlack) return;
    if (f == free.size()) {
      const double left = mass - placed;
      if (std::abs(left) <= kBoundSlack) {
        emit(free.size(), 0.0);
        return;
      }
      for (std::size_t g = 0; g < free.size(); ++g) {
        const double width = bounds.upper[free[g]] - bounds.lower[free[g]];
        if (!at_upper[g] && left > kBoundSlack && left < width - kBoundSlack) emit(g, left);
      }
      return;
    }
    const double width = bounds.upper[free[f]] - bounds.lower[free[f]];
    at_upper[f] = 1;
    walk(f + 1, placed + width, widest_skipped);
    at_upper[f] = 0;
    walk(f + 1, placed, std::max(widest_skipped, width));
  };
  walk(0, 0.0, 0.0);
  std::ranges::sort(vertices);
  return vertices;
}

bool can_hold(std::size_t issue_count, const StatementRefs& statements, std::size_t vertex_limit) {
  if (std::ranges::all_of(statements,
                          [](const WeightStatement* s) { return bounds_one_weight(*s); })) {
    return bounds_can_hold(bounds_of(issue_count, statements));
  }
  return !polytope_vertices(issue_count, half_spaces_of(statements), vertex_limit,
                            statements.size())
              .empty();
}

// An orthonormal basis of the span of the differences from the first vertex: Gram-Schmidt, each
// time on the longest remaining residual (so that short, ill-conditioned differences come last
// and rounding-sized ones never count), orthogonalised twice for accuracy.
std::vector<std::vector<double>> directions_of(const std::vector<std::vector<double>>& vertices) {
  std::vector<std::vector<double>> basis;
  if (vertices.size() < 2) return basis;
  const std::size_t n = vertices.front().size();
  std::vector<std::vector<double>> residuals;
  double longest = 0.0;
  for (std::size_t i = 1; i < vertices.size(); ++i) {
    std::vector<double> d(n);
    for (std::size_t k = 0; k < n; ++k) d[k] = vertices[i][k] - vertices[0][k];
    longest = std::max(longest, std::sqrt(dot(d, d)));
    residuals.push_back(std::move(d));
  }
  const auto remove_component = [](std::vector<double>& v, const std::vector<double>& q) {
    const double along = dot(v, q);
    for (std::size_t k = 0; k < v.size(); ++k) v[k] -= along * q[k];
  };
  while (basis.size() + 1 < n) {
    std::size_t best = 0;
    double best_norm = -1.0;
    for (std::size_t i = 0; i < residuals.size(); ++i) {
      const double norm = std::sqrt(dot(residuals[i], residuals[i]));
      if (norm > best_norm) {
        best_norm = norm;
        best = i;
      }
    }
    if (!(best_norm > kRankTolerance * longest)) break;
    std::vector<double> q = residuals[best];
    for (const auto& b : basis) remove_component(q, b);
    const double norm = std::sqrt(dot(q, q));
    for (double& x : q) x /= norm;
    for (auto& r : residuals) remove_component(r, q);
    basis.push_back(std::move(q));
  }
  return basis;
}

// Orthonormal basis of { d : d_k = 0 outside `free`, sum d = 0 }: Helmert's contrasts on the free
// coordinates (the i-th: 1 on the first i, -i on the next, over sqrt(i (i + 1))).
std::vector<std::vector<double>> contrast_basis(std::size_t issue_count,
                                                const std::vector<std::size_t>& free) {
  std::vector<std::vector<double>> basis;
  for (std::size_t i = 1; i < free.size(); ++i) {
    std::vector<double> b(issue_count, 0.0);
    const double size = static_cast<double>(i);
    const double scale = std::sqrt(size * (size + 1.0));
    for (std::size_t j = 0; j < i; ++j) b[free[j]] = 1.0 / scale;
    b[free[i]] = -size / scale;
    basis.push_back(std::move(b));
  }
  return basis;
}

void check_size(std::span<const double> v, std::size_t issue_count, const char* what) {
  if (v.size() != issue_count) {
    throw std::invalid_argument(std::string("WeightSet: ") + what + " has " +
                                std::to_string(v.size()) + " entries, expected " +
                                std::to_string(issue_count) + " (one per issue)");
  }
}

// A convex polygon in the plane of W's two basis directions, through the mean of the vertices,
// counter-clockwise.
struct PlanePolygon {
  std::vector<double> origin;
  std::vector<std::array<double, 2>> corners;
  std::vector<std::size_t> vertex_of;  // the index in vertices() of each corner
};

PlanePolygon plane_polygon(const std::vector<std::vector<double>>& vertices,
                           const std::vector<std::vector<double>>& basis) {
  const std::size_t n = basis.front().size();
  PlanePolygon polygon;
  polygon.origin.assign(n, 0.0);
  for (const auto& v : vertices) {
    for (std::size_t k = 0; k < n; ++k) polygon.origin[k] += v[k];
  }
  for (double& x : polygon.origin) x /= static_cast<double>(vertices.size());
  std::vector<std::array<double, 2>> projected;
  std::vector<double> relative(n);
  for (const auto& v : vertices) {
    for (std::size_t k = 0; k < n; ++k) relative[k] = v[k] - polygon.origin[k];
    projected.push_back({dot(relative, basis[0]), dot(relative, basis[1])});
  }
  // Angular order around the origin by half-plane, then cross product: no atan2, so the order
  // is the same everywhere.
  const auto upper_half = [](const std::array<double, 2>& p) {
    return p[1] > 0 || (p[1] == 0 && p[0] > 0);
  };
  std::vector<std::size_t> order(vertices.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::ranges::stable_sort(order, [&](std::size_t a, std::size_t b) {
    const auto& p = projected[a];
    const auto& q = projected[b];
    if (upper_half(p) != upper_half(q)) return upper_half(p);
    return p[0] * q[1] - p[1] * q[0] > 0;
  });
  for (const std::size_t i : order) {
    polygon.corners.push_back(projected[i]);
    polygon.vertex_of.push_back(i);
  }
  return polygon;
}

double signed_area(const std::vector<std::array<double, 2>>& corners) {
  double twice = 0.0;
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const auto& p = corners[i];
    const auto& q = corners[(i + 1) % corners.size()];
    twice += p[0] * q[1] - q[0] * p[1];
  }
  return twice / 2.0;
}

void check_statement(const WeightStatement& statement, std::size_t index, std::size_t issue_count) {
  const auto fail = [&](const std::string& what) {
    throw std::invalid_argument("WeightSet: statement " + std::to_string(index) + " (\"" +
                                statement.text + "\", " + statement.field + ") " + what);
  };
  if (statement.coefficients.size() != issue_count) {
    fail("has " + std::to_string(statement.coefficients.size()) + " coefficients, expected " +
         std::to_string(issue_count));
  }
  if (!std::ranges::all_of(statement.coefficients, [](double c) { return std::isfinite(c); })) {
    fail("has a coefficient that is not a finite number");
  }
  if (std::isnan(statement.lower) || std::isnan(statement.upper)) fail("has a bound that is NaN");
  if (statement.lower > statement.upper) {
    fail("has lower bound " + std::to_string(statement.lower) + " above upper bound " +
         std::to_string(statement.upper));
  }
}

}  // namespace

WeightSet::WeightSet(std::size_t issue_count, std::vector<WeightStatement> statements,
                     std::size_t vertex_limit)
    : issue_count_(issue_count), statements_(std::move(statements)), vertex_limit_(vertex_limit) {
  if (issue_count_ == 0) throw std::invalid_argument("WeightSet: no issue (expected at least 1)");
  for (std::size_t s = 0; s < statements_.size(); ++s) {
    check_statement(statements_[s], s, issue_count_);
  }
  single_weight_bounds_ = std::ranges::all_of(statements_, bounds_one_weight);
  WeightBounds bounds = bounds_of(issue_count_, refs_of(statements_));
  weight_lower_ = std::move(bounds.lower);
  weight_upper_ = std::move(bounds.upper);

  if (single_weight_bounds_) {
    empty_ = !bounds_can_hold({weight_lower_, weight_upper_});
    if (!empty_) {
      // Bounds within kBoundSlack fix the weight exactly, so that vertices and directions agree.
      std::vector<std::size_t> free;
      double lower_sum = 0.0, upper_sum = 0.0;
      for (std::size_t k = 0; k < issue_count_; ++k) {
        if (weight_upper_[k] - weight_lower_[k] <= kBoundSlack) weight_upper_[k] = weight_lower_[k];
        if (weight_upper_[k] > weight_lower_[k]) free.push_back(k);
        lower_sum += weight_lower_[k];
        upper_sum += weight_upper_[k];
      }
      const bool sum_tight = lower_sum >= 1.0 - kBoundSlack || upper_sum <= 1.0 + kBoundSlack;
      if (!sum_tight && free.size() >= 2) {
        basis_ = contrast_basis(issue_count_, free);
        affine_dimension_ = basis_.size();
      }
      // Exact shares need the vertices; at dimension 2 or less there are at most six.
      if (affine_dimension_ <= 2) {
        try {
          compute_vertices();
        } catch (const UnsupportedError&) {
          // A vertex limit below six: vertices() and exact shares will say so when asked.
        }
      }
    }
  } else {
    compute_vertices();
    empty_ = vertices_.empty();
    if (!empty_) {
      basis_ = directions_of(vertices_);
      affine_dimension_ = basis_.size();
    }
  }
  if (empty_) find_conflict();
}

void WeightSet::compute_vertices() const {
  if (single_weight_bounds_) {
    vertices_ = box_vertices({weight_lower_, weight_upper_}, vertex_limit_, statements_.size());
  } else {
    vertices_ = polytope_vertices(issue_count_, half_spaces_of(refs_of(statements_)), vertex_limit_,
                                  statements_.size());
  }
  vertices_done_ = true;
}

// Singles, then pairs, then a deletion filter. A subset whose vertices pass the limit counts as
// able to hold: the result then still cannot hold but may not be minimal.
void WeightSet::find_conflict() {
  const auto holds = [&](const std::vector<std::size_t>& indices) {
    StatementRefs subset;
    for (const std::size_t i : indices) subset.push_back(&statements_[i]);
    try {
      return can_hold(issue_count_, subset, vertex_limit_);
    } catch (const UnsupportedError&) {
      return true;
    }
  };
  const std::size_t count = statements_.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (!holds({i})) {
      conflict_ = {i};
      return;
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t j = i + 1; j < count; ++j) {
      if (!holds({i, j})) {
        conflict_ = {i, j};
        return;
      }
    }
  }
  std::vector<std::size_t> kept(count);
  std::iota(kept.begin(), kept.end(), std::size_t{0});
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<std::size_t> trial;
    for (const std::size_t j : kept) {
      if (j != i) trial.push_back(j);
    }
    if (!holds(trial)) kept = std::move(trial);
  }
  conflict_ = std::move(kept);
}

std::size_t WeightSet::affine_dimension() const {
  if (empty_) throw std::logic_error("WeightSet::affine_dimension: the weight set is empty");
  return affine_dimension_;
}

const std::vector<std::vector<double>>& WeightSet::direction_basis() const {
  if (empty_) throw std::logic_error("WeightSet::direction_basis: the weight set is empty");
  return basis_;
}

const std::vector<std::vector<double>>& WeightSet::vertices() const {
  if (empty_) throw std::logic_error("WeightSet::vertices: the weight set is empty");
  if (!vertices_done_) compute_vertices();
  return vertices_;
}

namespace {

// Single-weight bounds: start from the lower bounds and give the remaining mass to the weights
// in the order of c (ascending to minimise, descending to maximise; ties by index), each up to
// its upper bound.
std::vector<double> greedy_point(std::span<const double> c, const std::vector<double>& lower,
                                 const std::vector<double>& upper, bool maximise) {
  std::vector<std::size_t> order(c.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::ranges::stable_sort(
      order, [&](std::size_t a, std::size_t b) { return maximise ? c[a] > c[b] : c[a] < c[b]; });
  std::vector<double> w = lower;
  double left = 1.0 - std::accumulate(lower.begin(), lower.end(), 0.0);
  for (const std::size_t k : order) {
    if (left <= 0.0) break;
    const double give = std::min(left, upper[k] - lower[k]);
    w[k] += give;
    left -= give;
  }
  return w;
}

// The first vertex (in vertices() order) within tolerance of the extreme value of c.
const std::vector<double>& extreme_vertex(const std::vector<std::vector<double>>& vertices,
                                          std::span<const double> c, bool maximise) {
  const double sign = maximise ? -1.0 : 1.0;
  double best = kInfinity;
  for (const auto& v : vertices) best = std::min(best, sign * dot(c, v));
  const double tolerance = value_tolerance(c);
  for (const auto& v : vertices) {
    if (sign * dot(c, v) <= best + tolerance) return v;
  }
  return vertices.front();
}

}  // namespace

double WeightSet::minimum(std::span<const double> c) const {
  if (single_weight_bounds_) return dot(c, argmin(c));
  check_size(c, issue_count_, "the linear function");
  if (empty_) throw std::logic_error("WeightSet::minimum: the weight set is empty");
  double best = kInfinity;
  for (const auto& v : vertices_) best = std::min(best, dot(c, v));
  return best;
}

double WeightSet::maximum(std::span<const double> c) const {
  if (single_weight_bounds_) return dot(c, argmax(c));
  check_size(c, issue_count_, "the linear function");
  if (empty_) throw std::logic_error("WeightSet::maximum: the weight set is empty");
  double best = -kInfinity;
  for (const auto& v : vertices_) best = std::max(best, dot(c, v));
  return best;
}

std::vector<double> WeightSet::argmin(std::span<const double> c) const {
  check_size(c, issue_count_, "the linear function");
  if (empty_) throw std::logic_error("WeightSet::argmin: the weight set is empty");
  if (single_weight_bounds_) return greedy_point(c, weight_lower_, weight_upper_, false);
  return extreme_vertex(vertices_, c, false);
}

std::vector<double> WeightSet::argmax(std::span<const double> c) const {
  check_size(c, issue_count_, "the linear function");
  if (empty_) throw std::logic_error("WeightSet::argmax: the weight set is empty");
  if (single_weight_bounds_) return greedy_point(c, weight_lower_, weight_upper_, true);
  return extreme_vertex(vertices_, c, true);
}

// Each statement's tolerance is scaled by max(1, max_j |c_j|): c . w moves by up to that much
// when w moves by `tolerance` in every weight.
bool WeightSet::contains(std::span<const double> w, double tolerance) const {
  check_size(w, issue_count_, "the weight vector");
  if (empty_) return false;
  double sum = 0.0;
  for (const double x : w) {
    if (!(x >= -tolerance)) return false;
    sum += x;
  }
  if (!(std::abs(sum - 1.0) <= tolerance)) return false;
  for (const WeightStatement& s : statements_) {
    const double value = dot(s.coefficients, w);
    const double slack = tolerance * std::max(1.0, max_abs(s.coefficients));
    if (!(value >= s.lower - slack && value <= s.upper + slack)) return false;
  }
  return true;
}

bool WeightSet::exact_shares() const { return !empty_ && affine_dimension_ <= 2; }

// c . w >= threshold - kValueTolerance * max(1, max_j |c_j|) counts as c . w >= threshold, so that
// a point, or a whole segment or polygon, where c . w equals the threshold up to rounding has
// share 1. Within a segment or polygon the crossing itself is computed without tolerance.
double WeightSet::share_at_least(std::span<const double> c, double threshold) const {
  check_size(c, issue_count_, "the linear function");
  if (empty_) throw std::logic_error("WeightSet::share_at_least: the weight set is empty");
  if (affine_dimension_ > 2) {
    throw UnsupportedError(
        "exact shares of a weight set need an affine dimension of at most 2; "
        "this one has " +
        std::to_string(affine_dimension_));
  }
  const auto& corners = vertices();
  const double tolerance = value_tolerance(c);
  if (affine_dimension_ == 0) return dot(c, corners.front()) >= threshold - tolerance ? 1.0 : 0.0;
  if (affine_dimension_ == 1) {
    std::size_t low = 0, high = 0;
    std::vector<double> along(corners.size());
    for (std::size_t i = 0; i < corners.size(); ++i) {
      along[i] = dot(corners[i], basis_[0]);
      if (along[i] < along[low]) low = i;
      if (along[i] > along[high]) high = i;
    }
    const double at_low = dot(c, corners[low]) - threshold;
    const double at_high = dot(c, corners[high]) - threshold;
    const bool low_in = at_low >= -tolerance, high_in = at_high >= -tolerance;
    if (low_in && high_in) return 1.0;
    if (!low_in && !high_in) return 0.0;
    // The fraction of the segment on the side of the end that is in.
    const double from_in_end = low_in ? at_low / (at_low - at_high) : at_high / (at_high - at_low);
    return std::clamp(from_in_end, 0.0, 1.0);
  }
  const PlanePolygon polygon = plane_polygon(corners, basis_);
  const std::size_t size = polygon.corners.size();
  std::vector<double> excess(size);
  for (std::size_t i = 0; i < size; ++i) {
    excess[i] = dot(c, corners[polygon.vertex_of[i]]) - threshold;
  }
  // Sutherland-Hodgman against the one half-plane c . w >= threshold.
  std::vector<std::array<double, 2>> clipped;
  for (std::size_t i = 0; i < size; ++i) {
    const std::size_t j = (i + 1) % size;
    const bool i_in = excess[i] >= -tolerance, j_in = excess[j] >= -tolerance;
    if (i_in) clipped.push_back(polygon.corners[i]);
    if (i_in != j_in) {
      const double r = std::clamp(excess[i] / (excess[i] - excess[j]), 0.0, 1.0);
      const auto& p = polygon.corners[i];
      const auto& q = polygon.corners[j];
      clipped.push_back({p[0] + r * (q[0] - p[0]), p[1] + r * (q[1] - p[1])});
    }
  }
  const double area = signed_area(polygon.corners);
  if (!(area > 0.0)) return 0.0;
  return std::clamp(signed_area(clipped) / area, 0.0, 1.0);
}

std::vector<double> WeightSet::centroid() const {
  if (empty_) throw std::logic_error("WeightSet::centroid: the weight set is empty");
  if (affine_dimension_ > 2) {
    throw UnsupportedError(
        "the exact centroid of a weight set needs an affine dimension of at "
        "most 2; this one has " +
        std::to_string(affine_dimension_));
  }
  const auto& corners = vertices();
  if (affine_dimension_ == 0) return corners.front();
  std::vector<double> result(issue_count_);
  if (affine_dimension_ == 1) {
    std::size_t low = 0, high = 0;
    for (std::size_t i = 0; i < corners.size(); ++i) {
      if (dot(corners[i], basis_[0]) < dot(corners[low], basis_[0])) low = i;
      if (dot(corners[i], basis_[0]) > dot(corners[high], basis_[0])) high = i;
    }
    for (std::size_t k = 0; k < issue_count_; ++k) {
      result[k] = (corners[low][k] + corners[high][k]) / 2.0;
    }
    return result;
  }
  // The area centroid of the polygon (shoelace), not the mean of its corners.
  const PlanePolygon polygon = plane_polygon(corners, basis_);
  const auto& p = polygon.corners;
  double twice_area = 0.0, x = 0.0, y = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto& a = p[i];
    const auto& b = p[(i + 1) % p.size()];
    const double cross = a[0] * b[1] - b[0] * a[1];
    twice_area += cross;
    x += (a[0] + b[0]) * cross;
    y += (a[1] + b[1]) * cross;
  }
  x /= 3.0 * twice_area;
  y /= 3.0 * twice_area;
  for (std::size_t k = 0; k < issue_count_; ++k) {
    result[k] = polygon.origin[k] + x * basis_[0][k] + y * basis_[1][k];
  }
  return result;
}

// Single-weight bounds: w = lower + t (upper - lower) with t = (1 - sum lower) / sum(upper -
// lower), strictly between the bounds of every free weight when 0 < t < 1 (t is 0 or 1 exactly
// when the sum is tight, and W is that point). Otherwise the mean of the vertices.
std::vector<double> WeightSet::interior_point() const {
  if (empty_) throw std::logic_error("WeightSet::interior_point: the weight set is empty");
  std::vector<double> w(issue_count_, 0.0);
  if (single_weight_bounds_) {
    double lower_sum = 0.0, width_sum = 0.0;
    for (std::size_t k = 0; k < issue_count_; ++k) {
      lower_sum += weight_lower_[k];
      width_sum += weight_upper_[k] - weight_lower_[k];
    }
    const double t = width_sum > 0.0 ? std::clamp((1.0 - lower_sum) / width_sum, 0.0, 1.0) : 0.0;
    for (std::size_t k = 0; k < issue_count_; ++k) {
      w[k] = weight_lower_[k] + t * (weight_upper_[k] - weight_lower_[k]);
    }
    return w;
  }
  for (const auto& v : vertices_) {
    for (std::size_t k = 0; k < issue_count_; ++k) w[k] += v[k];
  }
  for (double& x : w) x /= static_cast<double>(vertices_.size());
  return w;
}

// Constraints whose rate along the direction is rounding-sized are ignored (a basis direction of
// a set with an equality statement has rounding-sized components across it); a direction whose
// entries do not sum to 0 leaves the simplex at once: [0, 0].
std::pair<double, double> WeightSet::chord(std::span<const double> state,
                                           std::span<const double> direction) const {
  check_size(state, issue_count_, "the state");
  check_size(direction, issue_count_, "the direction");
  if (empty_) throw std::logic_error("WeightSet::chord: the weight set is empty");
  double low = -kInfinity, high = kInfinity;
  // lower <= value + t * rate <= upper
  const auto limit = [&](double value, double rate, double lower, double upper) {
    if (rate > 0) {
      low = std::max(low, (lower - value) / rate);
      high = std::min(high, (upper - value) / rate);
    } else {
      low = std::max(low, (upper - value) / rate);
      high = std::min(high, (lower - value) / rate);
    }
  };
  const double largest = max_abs(direction);
  double sum = 0.0, magnitude = 0.0;
  for (const double d : direction) {
    sum += d;
    magnitude += std::abs(d);
  }
  if (largest == 0.0 || std::abs(sum) > kSumDrift * magnitude) return {0.0, 0.0};
  for (std::size_t k = 0; k < issue_count_; ++k) {
    if (std::abs(direction[k]) <= kParallel * largest) continue;
    if (single_weight_bounds_) {
      limit(state[k], direction[k], weight_lower_[k], weight_upper_[k]);
    } else {
      limit(state[k], direction[k], 0.0, kInfinity);
    }
  }
  if (!single_weight_bounds_) {
    for (const WeightStatement& s : statements_) {
      double rate = 0.0, rate_magnitude = 0.0;
      for (std::size_t k = 0; k < issue_count_; ++k) {
        rate += s.coefficients[k] * direction[k];
        rate_magnitude += std::abs(s.coefficients[k] * direction[k]);
      }
      if (std::abs(rate) <= kParallel * rate_magnitude) continue;
      limit(dot(s.coefficients, state), rate, s.lower, s.upper);
    }
  }
  // A state a rounding error outside W must not give an interval that excludes 0.
  return {std::min(low, 0.0), std::max(high, 0.0)};
}

// After the move, entries in [-1e-15, 0) (rounding) become 0; the state is divided by its sum
// only when that sum drifts more than 1e-12 from 1, so that ordinary steps are not rescaled.
void WeightSet::step(std::vector<double>& state, std::mt19937_64& random) const {
  check_size(state, issue_count_, "the state");
  if (empty_) throw std::logic_error("WeightSet::step: the weight set is empty");
  if (basis_.empty()) return;
  std::vector<double> direction(issue_count_, 0.0);
  for (const auto& b : basis_) {
    const double s = 2.0 * uniform_unit(random) - 1.0;
    for (std::size_t k = 0; k < issue_count_; ++k) direction[k] += s * b[k];
  }
  const auto [low, high] = chord(state, direction);
  const double t = low + (high - low) * uniform_unit(random);
  double sum = 0.0;
  for (std::size_t k = 0; k < issue_count_; ++k) {
    state[k] += t * direction[k];
    if (state[k] < 0.0 && state[k] >= -kNegativeRoundOff) state[k] = 0.0;
    sum += state[k];
  }
  if (std::abs(sum - 1.0) > kSumDrift) {
    for (double& x : state) x /= sum;
  }
}

}  // namespace parley
