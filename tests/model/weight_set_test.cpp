// WeightSet (include/parley/model/weight_set.hpp) against independent computations: vertices by
// brute force (every k-subset of the constraints' hyperplanes solved as a linear system), extremes
// over a grid of the simplex, shares by hand and by Monte Carlo rejection sampling, centroids by
// hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "parley/model/weight_set.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

WeightStatement statement(std::vector<double> coefficients, double lower, double upper,
                          std::string text = "") {
  WeightStatement s;
  s.coefficients = std::move(coefficients);
  s.lower = lower;
  s.upper = upper;
  s.text = std::move(text);
  s.field = "test";
  return s;
}

// lower <= w_k <= upper, k among n issues.
WeightStatement bound(std::size_t n, std::size_t k, double lower, double upper) {
  std::vector<double> c(n, 0.0);
  c[k] = 1.0;
  return statement(std::move(c), lower, upper, "bound on w" + std::to_string(k));
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

// Gaussian elimination with partial pivoting; nothing when the system is singular.
std::optional<std::vector<double>> solve(std::vector<std::vector<double>> a,
                                         std::vector<double> b) {
  const std::size_t n = b.size();
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (std::abs(a[pivot][col]) < 1e-9) return std::nullopt;
    std::swap(a[pivot], a[col]);
    std::swap(b[pivot], b[col]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      const double f = a[r][col] / a[col][col];
      for (std::size_t c = col; c < n; ++c) a[r][c] -= f * a[col][c];
      b[r] -= f * b[col];
    }
  }
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = b[i] / a[i][i];
  return x;
}

bool feasible(const std::vector<double>& w, const std::vector<WeightStatement>& statements,
              double tolerance) {
  double sum = 0.0;
  for (const double x : w) {
    if (x < -tolerance) return false;
    sum += x;
  }
  if (std::abs(sum - 1.0) > tolerance) return false;
  for (const auto& s : statements) {
    const double v = dot(s.coefficients, w);
    if (v < s.lower - tolerance || v > s.upper + tolerance) return false;
  }
  return true;
}

// Every vertex of W is the solution of sum w = 1 and n - 1 of the hyperplanes w_j = 0,
// c_s . w = lower_s, c_s . w = upper_s, that satisfies all the constraints.
std::vector<std::vector<double>> brute_force_vertices(
    std::size_t n, const std::vector<WeightStatement>& statements) {
  std::vector<std::pair<std::vector<double>, double>> planes;
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> e(n, 0.0);
    e[j] = 1.0;
    planes.emplace_back(e, 0.0);
  }
  for (const auto& s : statements) {
    if (std::isfinite(s.lower)) planes.emplace_back(s.coefficients, s.lower);
    if (std::isfinite(s.upper) && s.upper != s.lower) planes.emplace_back(s.coefficients, s.upper);
  }
  std::vector<std::vector<double>> found;
  std::vector<std::size_t> chosen;
  const auto visit = [&](auto&& self, std::size_t from) -> void {
    if (chosen.size() + 1 == n) {
      std::vector<std::vector<double>> a{std::vector<double>(n, 1.0)};
      std::vector<double> b{1.0};
      for (const std::size_t p : chosen) {
        a.push_back(planes[p].first);
        b.push_back(planes[p].second);
      }
      const auto w = solve(a, b);
      if (!w || !feasible(*w, statements, 1e-9)) return;
      for (const auto& v : found) {
        double distance = 0.0;
        for (std::size_t k = 0; k < n; ++k) distance = std::max(distance, std::abs(v[k] - (*w)[k]));
        if (distance < 1e-9) return;
      }
      found.push_back(*w);
      return;
    }
    for (std::size_t p = from; p < planes.size(); ++p) {
      chosen.push_back(p);
      self(self, p + 1);
      chosen.pop_back();
    }
  };
  visit(visit, 0);
  return found;
}

// Same points, in any order, each within `tolerance` in every coordinate.
void expect_same_points(const std::vector<std::vector<double>>& actual,
                        const std::vector<std::vector<double>>& expected, double tolerance = 1e-9) {
  ASSERT_EQ(actual.size(), expected.size());
  std::vector<char> used(actual.size(), 0);
  for (const auto& e : expected) {
    bool matched = false;
    for (std::size_t i = 0; i < actual.size() && !matched; ++i) {
      if (used[i]) continue;
      bool close = true;
      for (std::size_t k = 0; k < e.size(); ++k)
        close &= std::abs(actual[i][k] - e[k]) <= tolerance;
      if (close) used[i] = matched = 1;
    }
    EXPECT_TRUE(matched) << "expected vertex not found, first coordinate " << e[0];
  }
}

// The rank of a set of vectors (Gaussian elimination, tolerance 1e-9).
std::size_t rank_of(std::vector<std::vector<double>> rows) {
  std::size_t rank = 0;
  if (rows.empty()) return 0;
  const std::size_t n = rows.front().size();
  for (std::size_t col = 0; col < n && rank < rows.size(); ++col) {
    std::size_t pivot = rank;
    for (std::size_t r = rank; r < rows.size(); ++r) {
      if (std::abs(rows[r][col]) > std::abs(rows[pivot][col])) pivot = r;
    }
    if (std::abs(rows[pivot][col]) < 1e-9) continue;
    std::swap(rows[pivot], rows[rank]);
    for (std::size_t r = rank + 1; r < rows.size(); ++r) {
      const double f = rows[r][col] / rows[rank][col];
      for (std::size_t c = col; c < n; ++c) rows[r][c] -= f * rows[rank][c];
    }
    ++rank;
  }
  return rank;
}

std::size_t brute_force_dimension(const std::vector<std::vector<double>>& vertices) {
  std::vector<std::vector<double>> differences;
  for (std::size_t i = 1; i < vertices.size(); ++i) {
    std::vector<double> d(vertices[i].size());
    for (std::size_t k = 0; k < d.size(); ++k) d[k] = vertices[i][k] - vertices[0][k];
    differences.push_back(d);
  }
  return rank_of(differences);
}

// Checks vertices, dimension, extremes and the interior point against the brute force.
void check_against_brute_force(std::size_t n, const std::vector<WeightStatement>& statements) {
  const WeightSet set(n, statements);
  const auto expected = brute_force_vertices(n, statements);
  ASSERT_EQ(set.empty(), expected.empty());
  if (expected.empty()) return;
  expect_same_points(set.vertices(), expected);
  EXPECT_TRUE(std::is_sorted(set.vertices().begin(), set.vertices().end()));
  EXPECT_EQ(set.affine_dimension(), brute_force_dimension(expected));
  EXPECT_EQ(set.direction_basis().size(), set.affine_dimension());
  const std::vector<std::vector<double>> functions{
      std::vector<double>(n, 1.0), [&] {
        std::vector<double> c(n);
        for (std::size_t k = 0; k < n; ++k) c[k] = std::sin(1.0 + 2.0 * static_cast<double>(k));
        return c;
      }()};
  for (const auto& c : functions) {
    double low = kInf, high = -kInf;
    for (const auto& v : expected) {
      low = std::min(low, dot(c, v));
      high = std::max(high, dot(c, v));
    }
    EXPECT_NEAR(set.minimum(c), low, 1e-9);
    EXPECT_NEAR(set.maximum(c), high, 1e-9);
    EXPECT_NEAR(dot(c, set.argmin(c)), low, 1e-9);
    EXPECT_NEAR(dot(c, set.argmax(c)), high, 1e-9);
  }
  EXPECT_TRUE(set.contains(set.interior_point()));
}

// Uniform on the simplex of 3 weights: the spacings of two sorted uniforms.
std::vector<double> uniform_simplex_point(std::mt19937_64& random) {
  double a = uniform_unit(random), b = uniform_unit(random);
  if (a > b) std::swap(a, b);
  return {a, b - a, 1.0 - b};
}

// The quadrilateral simplex cut by w1 <= 0.5, as a statement on all three weights so that it
// goes through the vertex computation: w1 - 0.5 w2 - 0.5 w3 <= 0.25 is 1.5 w1 - 0.5 <= 0.25.
// Vertices (0,0,1), (0,1,0), (0.5,0.5,0), (0.5,0,0.5). Its area centroid, by hand: the triangle
// (area 1/2 in (w1, w2), centroid (1/3, 1/3)) minus the corner w1 >= 0.5 (area 1/8, centroid
// (2/3, 1/6)) is (1/12, 7/48) / (3/8) = (2/9, 7/18), so w = (2/9, 7/18, 7/18); the mean of the
// vertices (1/4, 3/8, 3/8) differs.
std::vector<WeightStatement> quadrilateral() {
  return {statement({1.0, -0.5, -0.5}, -kInf, 0.25, "w1 at most 0.5")};
}
const std::vector<double> kQuadrilateralCentroid{2.0 / 9.0, 7.0 / 18.0, 7.0 / 18.0};

// ---------------------------------------------------------------------------------------------
// Single-weight bounds

TEST(WeightSetSingle, EmptinessBothWays) {
  {
    const WeightSet set(3, {bound(3, 0, 0.5, 1), bound(3, 1, 0.5, 1)});
    ASSERT_FALSE(set.empty());
    EXPECT_TRUE(set.single_weight_bounds());
    EXPECT_EQ(set.affine_dimension(), 0u);
    expect_same_points(set.vertices(), {{0.5, 0.5, 0.0}});
  }
  {
    const WeightSet set(3, {bound(3, 0, 0.5, 1), bound(3, 1, 0.6, 1)});
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.conflict(), (std::vector<std::size_t>{0, 1}));
  }
  {  // upper bounds summing to 0.9: no pair is impossible (the third weight takes the rest)
    const WeightSet set(3, {bound(3, 0, 0, 0.2), bound(3, 1, 0, 0.3), bound(3, 2, 0, 0.4)});
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.conflict(), (std::vector<std::size_t>{0, 1, 2}));
  }
  {  // upper bounds summing to exactly 1: the single point
    const WeightSet set(3, {bound(3, 0, 0, 0.2), bound(3, 1, 0, 0.3), bound(3, 2, 0, 0.5)});
    ASSERT_FALSE(set.empty());
    EXPECT_EQ(set.affine_dimension(), 0u);
    const auto p = set.interior_point();
    EXPECT_NEAR(p[0], 0.2, 1e-15);
    EXPECT_NEAR(p[1], 0.3, 1e-15);
    EXPECT_NEAR(p[2], 0.5, 1e-15);
  }
  {  // negative coefficient: -2 w1 >= -0.8 is w1 <= 0.4, against w1 >= 0.5
    const WeightSet set(3, {statement({0, 1, 0}, 0.1, 0.2), statement({-2, 0, 0}, -0.8, kInf),
                            statement({1, 0, 0}, 0.5, kInf)});
    EXPECT_TRUE(set.single_weight_bounds());
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.conflict(), (std::vector<std::size_t>{1, 2}));
  }
  {  // the same weight bounded from both sides by 0.3 written two ways (3 w1 <= 0.9)
    const WeightSet set(3, {statement({1, 0, 0}, 0.3, kInf), statement({3, 0, 0}, -kInf, 0.9)});
    ASSERT_FALSE(set.empty());
    EXPECT_EQ(set.affine_dimension(), 1u);
    EXPECT_TRUE(set.conflict().empty());
  }
}

// min / max of c . w against every point of the simplex on a 0.01 grid. The bounds are multiples
// of 0.01, so the vertices are grid points and the grid extremes are the exact extremes.
TEST(WeightSetSingle, GreedyExtremesMatchAGridOfTheSimplex) {
  // 0.1 <= w1 <= 0.5 (written 0.2 <= 2 w1 <= 1), w2 >= 0.2, w3 <= 0.6 (written -w3 >= -0.6)
  const std::vector<WeightStatement> statements{statement({2, 0, 0}, 0.2, 1.0),
                                                statement({0, 1, 0}, 0.2, kInf),
                                                statement({0, 0, -1}, -0.6, kInf)};
  const WeightSet set(3, statements);
  ASSERT_TRUE(set.single_weight_bounds());
  ASSERT_FALSE(set.empty());
  const std::vector<std::vector<double>> functions{{1, 2, 3},  {-1, 0.5, 2}, {0, 0, 1},
                                                   {3, -2, 1}, {1, 1, 1},    {0.7, 0.7, -0.2}};
  for (const auto& c : functions) {
    double low = kInf, high = -kInf;
    int feasible_points = 0;
    for (int i = 0; i <= 100; ++i) {
      for (int j = 0; i + j <= 100; ++j) {
        const int l = 100 - i - j;
        if (i < 10 || i > 50 || j < 20 || l > 60) continue;  // exact integer test of the bounds
        ++feasible_points;
        const double v = dot(c, {i / 100.0, j / 100.0, l / 100.0});
        low = std::min(low, v);
        high = std::max(high, v);
      }
    }
    ASSERT_GT(feasible_points, 100);
    EXPECT_NEAR(set.minimum(c), low, 1e-12);
    EXPECT_NEAR(set.maximum(c), high, 1e-12);
    EXPECT_TRUE(set.contains(set.argmin(c)));
    EXPECT_TRUE(set.contains(set.argmax(c)));
    EXPECT_NEAR(dot(c, set.argmin(c)), low, 1e-12);
    EXPECT_NEAR(dot(c, set.argmax(c)), high, 1e-12);
  }
  // Vertices by enumeration of the bounds, and by the general method: a vacuous statement on all
  // weights (w1 + w2 + w3 <= 2) sends the same set through the double description method.
  check_against_brute_force(3, statements);
  auto general = statements;
  general.push_back(statement({1, 1, 1}, -kInf, 2.0));
  const WeightSet through_vertices(3, general);
  ASSERT_FALSE(through_vertices.single_weight_bounds());
  expect_same_points(set.vertices(), through_vertices.vertices());
  EXPECT_EQ(set.affine_dimension(), through_vertices.affine_dimension());
}

// 200 issues, every weight bounded: everything but vertices() works without vertices (a vertex
// limit of 10 would be exceeded at once). Expected values by hand: lower bounds 0.05 (w0) and
// 0.001 (others) leave 1 - 0.249 = 0.751 to place; c_j = j.
//  - min: all of it on w0 (c = 0, room 0.95): sum_{j>=1} 0.001 j = 0.001 * 19900 = 19.9;
//  - max: w199 down to w161 filled to 0.02 (39 * 0.019 = 0.741), 0.010 on w160:
//    19.9 + 0.019 * (161 + ... + 199 = 7020) + 0.010 * 160 = 19.9 + 133.38 + 1.6 = 154.88.
TEST(WeightSetSingle, TwoHundredIssuesNeedNoVertices) {
  constexpr std::size_t n = 200;
  std::vector<WeightStatement> statements{bound(n, 0, 0.05, kInf)};
  for (std::size_t k = 1; k < n; ++k) statements.push_back(bound(n, k, 0.001, 0.02));
  const WeightSet set(n, statements, 10);
  ASSERT_FALSE(set.empty());
  std::vector<double> c(n);
  std::iota(c.begin(), c.end(), 0.0);
  EXPECT_NEAR(set.minimum(c), 19.9, 1e-9);
  EXPECT_NEAR(set.maximum(c), 154.88, 1e-9);
  const auto top = set.argmax(c);
  EXPECT_NEAR(top[160], 0.011, 1e-12);
  EXPECT_NEAR(top[161], 0.02, 1e-12);
  EXPECT_NEAR(top[159], 0.001, 1e-12);
  EXPECT_EQ(set.affine_dimension(), n - 1);
  const auto& basis = set.direction_basis();
  ASSERT_EQ(basis.size(), n - 1);
  for (const std::size_t i : {std::size_t{0}, std::size_t{57}, n - 2}) {
    EXPECT_NEAR(dot(basis[i], basis[i]), 1.0, 1e-12);
    EXPECT_NEAR(std::accumulate(basis[i].begin(), basis[i].end(), 0.0), 0.0, 1e-12);
    EXPECT_NEAR(dot(basis[i], basis[(i + 31) % (n - 1)]), 0.0, 1e-12);
  }
  auto state = set.interior_point();
  EXPECT_TRUE(set.contains(state));
  std::mt19937_64 random(7);
  int outside = 0;
  for (int s = 0; s < 2000; ++s) {
    set.step(state, random);
    outside += set.contains(state) ? 0 : 1;
  }
  EXPECT_EQ(outside, 0);
  EXPECT_THROW(set.vertices(), UnsupportedError);
}

TEST(WeightSetSingle, AffineDimensionOfFixedWeightsAndTightSums) {
  {  // w1 fixed at 0.3: the segment (0.3, 0, 0.7) - (0.3, 0.7, 0)
    const WeightSet set(3, {bound(3, 0, 0.3, 0.3)});
    EXPECT_EQ(set.affine_dimension(), 1u);
    const auto& b = set.direction_basis()[0];
    EXPECT_NEAR(std::abs(b[1]), 1.0 / std::sqrt(2.0), 1e-15);
    EXPECT_NEAR(b[1], -b[2], 1e-15);
    EXPECT_EQ(b[0], 0.0);
    expect_same_points(set.vertices(), {{0.3, 0.0, 0.7}, {0.3, 0.7, 0.0}});
  }
  {  // lower bounds summing to 1
    const WeightSet set(3, {bound(3, 0, 0.5, 1), bound(3, 1, 0.3, 1), bound(3, 2, 0.2, 1)});
    EXPECT_EQ(set.affine_dimension(), 0u);
    EXPECT_TRUE(set.direction_basis().empty());
    expect_same_points({set.interior_point()}, {{0.5, 0.3, 0.2}}, 1e-15);
  }
  {  // one weight fixed at 0.2 among 4: a triangle
    const WeightSet set(4, {bound(4, 3, 0.2, 0.2)});
    EXPECT_EQ(set.affine_dimension(), 2u);
    check_against_brute_force(4, {bound(4, 3, 0.2, 0.2)});
  }
  {  // a box with four free weights: dimension 3
    const std::vector<WeightStatement> box{bound(4, 0, 0.1, 0.4), bound(4, 1, 0.1, 0.4),
                                           bound(4, 2, 0.1, 0.4), bound(4, 3, 0.1, 0.4)};
    const WeightSet set(4, box);
    EXPECT_EQ(set.affine_dimension(), 3u);
    EXPECT_FALSE(set.exact_shares());
    check_against_brute_force(4, box);
  }
}

// ---------------------------------------------------------------------------------------------
// General statements

// 1.5 <= w1 / w2 <= 3: w1 - 1.5 w2 >= 0 and w1 - 3 w2 <= 0. The triangle (0,0,1), (0.6,0.4,0),
// (0.75,0.25,0).
TEST(WeightSetGeneral, RatioStatement) {
  const std::vector<WeightStatement> statements{statement({1, -1.5, 0}, 0, kInf),
                                                statement({1, -3, 0}, -kInf, 0)};
  const WeightSet set(3, statements);
  ASSERT_FALSE(set.single_weight_bounds());
  ASSERT_FALSE(set.empty());
  ASSERT_EQ(set.vertices().size(), 3u);
  expect_same_points(set.vertices(), {{0, 0, 1}, {0.6, 0.4, 0}, {0.75, 0.25, 0}}, 1e-15);
  EXPECT_EQ(set.affine_dimension(), 2u);
  check_against_brute_force(3, statements);
  // A triangle's centroid is its vertex mean.
  const auto centre = set.centroid();
  EXPECT_NEAR(centre[0], 0.45, 1e-12);
  EXPECT_NEAR(centre[1], 0.65 / 3.0, 1e-12);
  EXPECT_NEAR(centre[2], 1.0 / 3.0, 1e-12);
}

TEST(WeightSetGeneral, RankOrderVerticesInLexicographicOrder) {
  const std::vector<WeightStatement> statements{statement({1, -1, 0}, 0, kInf),
                                                statement({0, 1, -1}, 0, kInf)};
  const WeightSet set(3, statements);
  const auto& v = set.vertices();
  ASSERT_EQ(v.size(), 3u);
  const std::vector<std::vector<double>> expected{
      {1.0 / 3, 1.0 / 3, 1.0 / 3}, {0.5, 0.5, 0}, {1, 0, 0}};
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(v[i][k], expected[i][k], 1e-15);
  }
  check_against_brute_force(3, statements);
  // c = w3 is 0 at both (0.5, 0.5, 0) and (1, 0, 0): argmin is the first of them.
  const std::vector<double> third{0, 0, 1};
  EXPECT_EQ(set.minimum(third), 0.0);
  EXPECT_EQ(set.argmin(third), v[1]);
  EXPECT_EQ(set.argmax(third), v[0]);
}

// The party prefers package x to package y: a(x) . w >= a(y) . w, with a the packages' values
// per issue.
TEST(WeightSetGeneral, PackageComparison) {
  const std::vector<double> x{0.2, 0.9, 0.5, 0.1}, y{0.8, 0.1, 0.4, 0.6};
  std::vector<double> difference(4);
  for (std::size_t k = 0; k < 4; ++k) difference[k] = x[k] - y[k];
  const std::vector<WeightStatement> statements{statement(difference, 0, kInf, "x over y"),
                                                bound(4, 0, 0.1, 0.6)};
  check_against_brute_force(4, statements);
  const WeightSet set(4, statements);
  for (const auto& v : set.vertices()) EXPECT_GE(dot(x, v), dot(y, v) - 1e-12);
}

// w1 = 2 w2: the segment (0,0,1) - (2/3,1/3,0).
TEST(WeightSetGeneral, Equality) {
  const std::vector<WeightStatement> statements{statement({1, -2, 0}, 0, 0)};
  const WeightSet set(3, statements);
  EXPECT_EQ(set.affine_dimension(), 1u);
  expect_same_points(set.vertices(), {{0, 0, 1}, {2.0 / 3, 1.0 / 3, 0}}, 1e-15);
  check_against_brute_force(3, statements);
  // with a fourth weight: a triangle
  check_against_brute_force(4, {statement({1, -2, 0, 0}, 0, 0)});
  // an equality that fixes a point: w1 = w2 = w3
  const WeightSet point(3, {statement({1, -1, 0}, 0, 0), statement({0, 1, -1}, 0, 0)});
  EXPECT_EQ(point.affine_dimension(), 0u);
  expect_same_points(point.vertices(), {{1.0 / 3, 1.0 / 3, 1.0 / 3}}, 1e-15);
}

TEST(WeightSetGeneral, DuplicatedAndRedundantStatements) {
  const std::vector<WeightStatement> statements{
      statement({1, -1, 0}, 0, kInf),  statement({0, 1, -1}, 0, kInf),
      statement({1, -1, 0}, 0, kInf),  statement({0, 2, -2}, 0, kInf),  // the same, scaled
      statement({1, 0, -1}, 0, kInf),                                   // implied
      statement({1, 0, 0}, 0.2, kInf),                                  // implied: w1 >= 1/3
      statement({1, 1, 1}, 1, 1)};                                      // the simplex itself
  const WeightSet set(3, statements);
  expect_same_points(set.vertices(), {{1.0 / 3, 1.0 / 3, 1.0 / 3}, {0.5, 0.5, 0}, {1, 0, 0}},
                     1e-15);
  EXPECT_EQ(set.affine_dimension(), 2u);
  check_against_brute_force(3, statements);
}

// k = 4 with many constraints tight at one vertex: the full order w1 >= w2 >= w3 >= w4 written
// with all six pairs makes six statements tight at (1/4, 1/4, 1/4, 1/4) (three would do), and
// w1 + w2 <= 0.75 cuts through vertices where the order is tight too, e.g. (3/8, 3/8, 1/4, 0).
// Every vertex is checked against the brute force.
TEST(WeightSetGeneral, DegenerateVerticesInFourIssues) {
  std::vector<WeightStatement> statements;
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = i + 1; j < 4; ++j) {
      std::vector<double> c(4, 0.0);
      c[i] = 1;
      c[j] = -1;
      statements.push_back(statement(c, 0, kInf));
    }
  }
  check_against_brute_force(4, statements);
  const WeightSet order(4, statements);
  EXPECT_EQ(order.vertices().size(), 4u);
  statements.push_back(statement({1, 1, 0, 0}, -kInf, 0.75));
  check_against_brute_force(4, statements);
  // Bounds meeting in threes and fours: w1 <= 0.5, w2 <= 0.5, w1 + w2 >= 0.5 with w3 = w4 and a
  // redundant |w1 - w2| <= 0.5 are all tight at (0.5, 0, 0.25, 0.25) and (0, 0.5, 0.25, 0.25).
  check_against_brute_force(
      4, {statement({1, 0, 0, 0}, -kInf, 0.5), statement({0, 1, 0, 0}, -kInf, 0.5),
          statement({1, 1, 0, 0}, 0.5, kInf), statement({0, 0, 1, -1}, 0, 0),
          statement({1, -1, 0, 0}, -0.5, 0.5)});
}

// Random statements with small integer coefficients and bounds from a short list: many
// degenerate vertices, equalities, duplicates, empty sets and zero rows.
TEST(WeightSetGeneral, RandomStatementsMatchTheBruteForce) {
  std::mt19937_64 random(20240517);
  const std::vector<double> levels{-0.5, 0.0, 0.25, 0.5, 1.0};
  int empty_sets = 0, sets = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 2 + random() % 4;
    const std::size_t count = 1 + random() % 4;
    std::vector<WeightStatement> statements;
    for (std::size_t s = 0; s < count; ++s) {
      std::vector<double> c(n);
      for (double& x : c) x = static_cast<double>(random() % 5) - 2.0;
      const double lower = random() % 4 == 0 ? -kInf : levels[random() % levels.size()];
      const auto kind = random() % 3;
      const double upper = kind == 0   ? kInf
                           : kind == 1 ? lower
                                       : std::max(lower, levels[random() % levels.size()]);
      if (std::isinf(lower) && std::isinf(upper)) continue;
      statements.push_back(statement(c, lower, upper));
    }
    SCOPED_TRACE("trial " + std::to_string(trial));
    check_against_brute_force(n, statements);
    const WeightSet set(n, statements);
    ++sets;
    if (!set.empty()) continue;
    ++empty_sets;
    // The conflict cannot hold, and it is minimal.
    std::vector<WeightStatement> conflict;
    for (const std::size_t i : set.conflict()) conflict.push_back(statements[i]);
    EXPECT_TRUE(WeightSet(n, conflict).empty());
    for (std::size_t drop = 0; drop < conflict.size(); ++drop) {
      auto fewer = conflict;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(drop));
      EXPECT_FALSE(WeightSet(n, fewer).empty());
    }
  }
  EXPECT_GT(empty_sets, 10);
  EXPECT_LT(empty_sets, sets - 50);
}

// ---------------------------------------------------------------------------------------------
// Conflicts

TEST(WeightSetConflict, SingleStatementPairAndTriple) {
  {
    const WeightSet set(3, {bound(3, 1, 0.1, 0.3), bound(3, 0, 1.2, kInf), bound(3, 2, 0, 0.5)});
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.conflict(), (std::vector<std::size_t>{1}));
  }
  {
    const WeightSet set(3, {bound(3, 2, 0, 0.5), bound(3, 0, 0.6, 1),
                            statement({1, -1, 0}, 0, kInf), bound(3, 1, 0.6, 1)});
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.conflict(), (std::vector<std::size_t>{1, 3}));
  }
  {  // no pair is impossible
    const WeightSet set(3, {bound(3, 0, 0.4, 1), bound(3, 1, 0.4, 1), bound(3, 2, 0.4, 1)});
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.conflict(), (std::vector<std::size_t>{0, 1, 2}));
  }
  {  // general statements: w1 >= 2 w2 and w2 >= 2 w1 force w1 = w2 = 0, against w1 + w2 >= 0.5;
     // w3 >= 0.1 takes no part; no pair is impossible
    const WeightSet set(3, {statement({1, -2, 0}, 0, kInf), statement({0, 0, 1}, 0.1, kInf),
                            statement({-2, 1, 0}, 0, kInf), statement({1, 1, 0}, 0.5, kInf)});
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.conflict(), (std::vector<std::size_t>{0, 2, 3}));
  }
  {  // not empty: no conflict
    const WeightSet set(3, {statement({1, -2, 0}, 0, kInf)});
    EXPECT_FALSE(set.empty());
    EXPECT_TRUE(set.conflict().empty());
  }
}

// ---------------------------------------------------------------------------------------------
// Exact shares and centroids

TEST(WeightSetShares, WholeSimplexByHand) {
  const WeightSet set(3, {});
  ASSERT_TRUE(set.exact_shares());
  // w1 >= 0.5 is the corner triangle of half the side: a quarter of the area.
  EXPECT_NEAR(set.share_at_least(std::vector<double>{1, 0, 0}, 0.5), 0.25, 1e-12);
  // w1 >= w2: half by symmetry.
  EXPECT_NEAR(set.share_at_least(std::vector<double>{1, -1, 0}, 0.0), 0.5, 1e-12);
  EXPECT_NEAR(set.share_at_least(std::vector<double>{1, 0, 0}, -0.1), 1.0, 1e-15);
  EXPECT_NEAR(set.share_at_least(std::vector<double>{1, 0, 0}, 1.1), 0.0, 1e-15);
  const auto centre = set.centroid();
  for (const double x : centre) EXPECT_NEAR(x, 1.0 / 3.0, 1e-12);
}

// The quadrilateral (0,0,1), (0,1,0), (0.5,0.5,0), (0.5,0,0.5), as a single-weight bound and as a
// general statement. Share of w1 >= 0.25: the area in (w1, w2) is the integral of (1 - w1), from
// 0.25 to 0.5 over from 0 to 0.5: 0.15625 / 0.375 = 5/12.
TEST(WeightSetShares, QuadrilateralByHand) {
  const WeightSet single(3, {bound(3, 0, 0, 0.5)});
  const WeightSet general(3, quadrilateral());
  ASSERT_TRUE(single.single_weight_bounds());
  ASSERT_FALSE(general.single_weight_bounds());
  for (const WeightSet* set : {&single, &general}) {
    ASSERT_TRUE(set->exact_shares());
    EXPECT_NEAR(set->share_at_least(std::vector<double>{1, 0, 0}, 0.25), 5.0 / 12.0, 1e-12);
    const auto centre = set->centroid();
    for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(centre[k], kQuadrilateralCentroid[k], 1e-12);
  }
}

// Shares over the quadrilateral against rejection sampling of the simplex: 400 000 draws, 3/4
// accepted; the estimate is within 4 standard errors of the exact share.
TEST(WeightSetShares, PolygonAgainstMonteCarlo) {
  const WeightSet set(3, quadrilateral());
  const std::vector<std::vector<double>> functions{{1, -1, 0.5}, {0.2, 0.9, -0.4}, {1, 0, 0}};
  const std::vector<double> thresholds{0.1, 0.3, 0.4};
  std::mt19937_64 random(99);
  std::vector<int> hits(functions.size(), 0);
  int accepted = 0;
  for (int i = 0; i < 400'000; ++i) {
    const auto w = uniform_simplex_point(random);
    if (w[0] > 0.5) continue;
    ++accepted;
    for (std::size_t f = 0; f < functions.size(); ++f) {
      hits[f] += dot(functions[f], w) >= thresholds[f] ? 1 : 0;
    }
  }
  for (std::size_t f = 0; f < functions.size(); ++f) {
    const double exact = set.share_at_least(functions[f], thresholds[f]);
    const double estimate = static_cast<double>(hits[f]) / accepted;
    const double error = std::sqrt(exact * (1 - exact) / accepted);
    EXPECT_GT(exact, 0.05);
    EXPECT_LT(exact, 0.95);
    EXPECT_NEAR(estimate, exact, 4 * error) << "function " << f;
  }
}

// Segments: w1 = 2 w2 runs from (0,0,1) to (2/3,1/3,0), w1 = 2s/3 >= 0.5 when s >= 3/4; w1 fixed
// at 0.3 runs from (0.3,0,0.7) to (0.3,0.7,0), w2 >= 0.2 on 5/7 of it. And uniform points of the
// first segment, drawn from its parametrisation.
TEST(WeightSetShares, SegmentsByHandAndMonteCarlo) {
  const WeightSet ratio(3, {statement({1, -2, 0}, 0, 0)});
  ASSERT_EQ(ratio.affine_dimension(), 1u);
  EXPECT_NEAR(ratio.share_at_least(std::vector<double>{1, 0, 0}, 0.5), 0.25, 1e-12);
  EXPECT_NEAR(ratio.share_at_least(std::vector<double>{-1, 0, 0}, -0.5), 0.75, 1e-12);
  const auto middle = ratio.centroid();
  EXPECT_NEAR(middle[0], 1.0 / 3, 1e-12);
  EXPECT_NEAR(middle[1], 1.0 / 6, 1e-12);
  EXPECT_NEAR(middle[2], 0.5, 1e-12);
  const WeightSet fixed(3, {bound(3, 0, 0.3, 0.3)});
  EXPECT_NEAR(fixed.share_at_least(std::vector<double>{0, 1, 0}, 0.2), 5.0 / 7.0, 1e-12);
  const std::vector<double> c{0.3, -1.0, 0.8};
  std::mt19937_64 random(5);
  int hits = 0;
  const int draws = 200'000;
  for (int i = 0; i < draws; ++i) {
    const double s = uniform_unit(random);
    const std::vector<double> w{2.0 * s / 3, s / 3, 1 - s};
    hits += dot(c, w) >= 0.1 ? 1 : 0;
  }
  const double exact = ratio.share_at_least(c, 0.1);
  EXPECT_NEAR(static_cast<double>(hits) / draws, exact, 4 * std::sqrt(exact * (1 - exact) / draws));
}

TEST(WeightSetShares, PointsAndHigherDimensions) {
  const WeightSet point(3, {bound(3, 0, 0.5, 1), bound(3, 1, 0.3, 1), bound(3, 2, 0.2, 1)});
  // c . w = 0.5 exactly reaches 0.5 (within 1e-12 relative); 0.5 + 1e-9 is not reached.
  EXPECT_EQ(point.share_at_least(std::vector<double>{1, 0, 0}, 0.5), 1.0);
  EXPECT_EQ(point.share_at_least(std::vector<double>{1, 0, 0}, 0.5 + 1e-9), 0.0);
  EXPECT_EQ(point.share_at_least(std::vector<double>{0.1, 0.2, 0.3}, 0.05 + 0.06 + 0.06), 1.0);
  const WeightSet tetrahedron(4, {});
  EXPECT_FALSE(tetrahedron.exact_shares());
  EXPECT_THROW(tetrahedron.share_at_least(std::vector<double>{1, 0, 0, 0}, 0.5), UnsupportedError);
  EXPECT_THROW(tetrahedron.centroid(), UnsupportedError);
  // A triangle inside 4 issues: w4 fixed at 0.2, w1 >= 0.4 is w1 / 0.8 >= 0.5: a quarter.
  const WeightSet triangle(4, {bound(4, 3, 0.2, 0.2)});
  ASSERT_TRUE(triangle.exact_shares());
  EXPECT_NEAR(triangle.share_at_least(std::vector<double>{1, 0, 0, 0}, 0.4), 0.25, 1e-12);
  const auto centre = triangle.centroid();
  for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(centre[k], 0.8 / 3, 1e-12);
  EXPECT_NEAR(centre[3], 0.2, 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Hit-and-run

// Hit-and-run from the interior point, `batches` batches of `batch_size` steps: how many states
// fell outside W, each weight's mean, the standard error of that mean estimated by batch means
// (the chain's samples are correlated; batches far longer than its correlation time are nearly
// independent), and each weight's range.
struct ChainSummary {
  int outside = 0;
  std::vector<double> mean, error, lowest, highest, last;
};

ChainSummary run_chain(const WeightSet& set, std::uint64_t seed, int batches, int batch_size) {
  const std::size_t n = set.issue_count();
  ChainSummary summary;
  summary.mean.assign(n, 0.0);
  summary.error.assign(n, 0.0);
  summary.lowest.assign(n, 1.0);
  summary.highest.assign(n, 0.0);
  auto state = set.interior_point();
  std::mt19937_64 random(seed);
  std::vector<std::vector<double>> batch_means(static_cast<std::size_t>(batches),
                                               std::vector<double>(n, 0.0));
  for (auto& batch : batch_means) {
    for (int s = 0; s < batch_size; ++s) {
      set.step(state, random);
      summary.outside += set.contains(state) ? 0 : 1;
      for (std::size_t k = 0; k < n; ++k) {
        batch[k] += state[k] / batch_size;
        summary.lowest[k] = std::min(summary.lowest[k], state[k]);
        summary.highest[k] = std::max(summary.highest[k], state[k]);
      }
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (const auto& m : batch_means) summary.mean[k] += m[k] / batches;
    double variance = 0.0;
    for (const auto& m : batch_means) {
      variance += (m[k] - summary.mean[k]) * (m[k] - summary.mean[k]) / (batches - 1);
    }
    summary.error[k] = std::sqrt(variance / batches);
  }
  summary.last = state;
  return summary;
}

// 100 000 steps on the quadrilateral stay in W, and their mean approaches the area centroid.
// Tolerance: within 5 batch-means standard errors (100 batches of 1000 steps), and those errors
// must be small (< 0.003; the weights' spread is about 0.14), so that a chain converging to the
// vertex mean (0.25 against 2/9 in w1) would fail.
TEST(WeightSetSampler, StaysInsideAndReachesTheCentroid) {
  const WeightSet set(3, quadrilateral());
  const ChainSummary chain = run_chain(set, 12345, 100, 1000);
  EXPECT_EQ(chain.outside, 0);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_LT(chain.error[k], 0.003);
    EXPECT_NEAR(chain.mean[k], kQuadrilateralCentroid[k], 5 * chain.error[k]) << "weight " << k;
  }
  EXPECT_LT(chain.lowest[0], 0.01);
  EXPECT_GT(chain.highest[0], 0.49);
}

TEST(WeightSetSampler, SameSeedSameBits) {
  const WeightSet set(4, {statement({1, -1.5, 0, 0}, 0, kInf), bound(4, 3, 0.05, 0.5)});
  const auto run = [&](std::uint64_t seed) {
    auto state = set.interior_point();
    std::mt19937_64 random(seed);
    for (int s = 0; s < 5000; ++s) set.step(state, random);
    return state;
  };
  const auto first = run(3), second = run(3), other = run(4);
  EXPECT_EQ(first, second);
  EXPECT_NE(first, other);
  EXPECT_TRUE(set.contains(first));
}

// w1 = 2 w2 among 4 issues: a triangle (2/3,1/3,0,0), (0,0,1,0), (0,0,0,1) inside a 3-D simplex.
// Its directions have rounding-sized components across the equality, which must not pin the
// chord to 0; the chain covers the triangle and its mean approaches the vertex mean (a
// triangle's centroid) within 5 batch-means standard errors, as above.
TEST(WeightSetSampler, LowerDimensionalSetStillMixes) {
  const WeightSet set(4, {statement({1, -2, 0, 0}, 0, 0)});
  ASSERT_EQ(set.affine_dimension(), 2u);
  const auto start = set.interior_point();
  for (const auto& b : set.direction_basis()) {
    const auto [low, high] = set.chord(start, b);
    EXPECT_LT(low, -0.1);
    EXPECT_GT(high, 0.1);
  }
  const ChainSummary chain = run_chain(set, 77, 100, 1000);
  EXPECT_EQ(chain.outside, 0);
  EXPECT_LT(chain.lowest[2], 0.02);
  EXPECT_GT(chain.highest[2], 0.95);
  EXPECT_GT(chain.highest[0], 0.6);
  const std::vector<double> centre{2.0 / 9, 1.0 / 9, 1.0 / 3, 1.0 / 3};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_LT(chain.error[k], 0.005);
    EXPECT_NEAR(chain.mean[k], centre[k], 5 * chain.error[k]) << "weight " << k;
  }
  EXPECT_NEAR(chain.last[0], 2 * chain.last[1], 1e-12);
}

TEST(WeightSetSampler, ChordAndPointSets) {
  const WeightSet simplex(3, {});
  // From the centre along (1, -1, 0): w2 reaches 0 at t = 1/3, w1 at t = -1/3.
  const auto [low, high] =
      simplex.chord(std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3}, std::vector<double>{1, -1, 0});
  EXPECT_NEAR(low, -1.0 / 3, 1e-15);
  EXPECT_NEAR(high, 1.0 / 3, 1e-15);
  // A ratio statement limits it: w1 - 1.5 w2 >= 0 from (0.5, 0.25, 0.25) along (-1, 1, 0):
  // 0.5 - t - 1.5 (0.25 + t) >= 0 gives t <= 0.125 / 2.5 = 0.05; w2 >= 0 gives t >= -0.25.
  const WeightSet ratio(3, {statement({1, -1.5, 0}, 0, kInf)});
  const auto [r_low, r_high] =
      ratio.chord(std::vector<double>{0.5, 0.25, 0.25}, std::vector<double>{-1, 1, 0});
  EXPECT_NEAR(r_low, -0.25, 1e-15);
  EXPECT_NEAR(r_high, 0.05, 1e-15);
  // A point: step draws nothing and leaves the state alone.
  const WeightSet point(3, {bound(3, 0, 0.5, 1), bound(3, 1, 0.5, 1)});
  auto state = point.interior_point();
  const auto before = state;
  std::mt19937_64 random(1), copy(1);
  point.step(state, random);
  EXPECT_EQ(state, before);
  EXPECT_EQ(random(), copy());
  // A single-weight box keeps the chain inside.
  const WeightSet box(3, {bound(3, 0, 0.2, 0.4), bound(3, 2, 0.1, 0.3)});
  state = box.interior_point();
  int outside = 0;
  for (int s = 0; s < 20'000; ++s) {
    box.step(state, random);
    outside += box.contains(state) ? 0 : 1;
  }
  EXPECT_EQ(outside, 0);
}

// ---------------------------------------------------------------------------------------------
// Invariants and limits

TEST(WeightSetInvariants, BadStatementsAreInvalidArguments) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(WeightSet(3, {statement({1, 0}, 0, 1)}), std::invalid_argument);
  EXPECT_THROW(WeightSet(3, {statement({1, nan, 0}, 0, 1)}), std::invalid_argument);
  EXPECT_THROW(WeightSet(3, {statement({1, kInf, 0}, 0, 1)}), std::invalid_argument);
  EXPECT_THROW(WeightSet(3, {statement({1, 0, 0}, nan, 1)}), std::invalid_argument);
  EXPECT_THROW(WeightSet(3, {statement({1, 0, 0}, 0, nan)}), std::invalid_argument);
  EXPECT_THROW(WeightSet(3, {statement({1, -1, 0}, 0.5, 0.4)}), std::invalid_argument);
  EXPECT_THROW(WeightSet(0, {}), std::invalid_argument);
  const WeightSet set(3, {});
  EXPECT_THROW(set.minimum(std::vector<double>{1, 2}), std::invalid_argument);
  EXPECT_THROW(set.contains(std::vector<double>{1, 0}), std::invalid_argument);
}

TEST(WeightSetInvariants, EmptySetsAnswerOnlyEmptiness) {
  const WeightSet set(3, {statement({1, -1, 0}, 0.5, kInf), statement({-1, 1, 0}, 0.5, kInf)});
  ASSERT_TRUE(set.empty());
  EXPECT_EQ(set.conflict(), (std::vector<std::size_t>{0, 1}));
  EXPECT_THROW(set.affine_dimension(), std::logic_error);
  EXPECT_THROW(set.vertices(), std::logic_error);
  EXPECT_THROW(set.minimum(std::vector<double>{1, 0, 0}), std::logic_error);
  EXPECT_THROW(set.interior_point(), std::logic_error);
  EXPECT_FALSE(set.exact_shares());
  EXPECT_FALSE(set.contains(std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3}));
  // A statement without weights: 0 >= 0.1 cannot hold
  const WeightSet zero(2, {statement({0, 0}, 0.1, kInf)});
  EXPECT_TRUE(zero.empty());
  EXPECT_EQ(zero.conflict(), (std::vector<std::size_t>{0}));
}

TEST(WeightSetInvariants, ContainsScalesTheTolerance) {
  const WeightSet set(3, {statement({10, -10, 0}, 0, kInf)});  // w1 >= w2
  EXPECT_TRUE(set.contains(std::vector<double>{0.4, 0.4, 0.2}));
  // 1e-10 below in w1: 10 * 1e-10 = 1e-9 below the bound, within the scaled tolerance
  EXPECT_TRUE(set.contains(std::vector<double>{0.4 - 1e-10, 0.4, 0.2 + 1e-10}));
  EXPECT_FALSE(set.contains(std::vector<double>{0.4 - 1e-6, 0.4, 0.2 + 1e-6}));
  EXPECT_FALSE(set.contains(std::vector<double>{0.5, 0.4, 0.2}));   // sums to 1.1
  EXPECT_FALSE(set.contains(std::vector<double>{1.1, 0.0, -0.1}));  // negative weight
}

// 16 issues in boxes and one ratio statement: the vertices outgrow a limit of 50, and the error
// names the statements and issues. The boxes alone are single-weight bounds: no limit.
TEST(WeightSetInvariants, VertexLimit) {
  constexpr std::size_t n = 16;
  std::vector<WeightStatement> statements;
  for (std::size_t k = 0; k < n; ++k) statements.push_back(bound(n, k, 0.02, 0.12));
  const WeightSet boxes(n, statements, 50);
  EXPECT_FALSE(boxes.empty());
  EXPECT_EQ(boxes.affine_dimension(), n - 1);
  std::vector<double> ratio(n, 0.0);
  ratio[0] = 1;
  ratio[1] = -1.5;
  statements.push_back(statement(ratio, 0, kInf, "w1 at least 1.5 times w2"));
  try {
    const WeightSet set(n, statements, 50);
    FAIL() << "no UnsupportedError";
  } catch (const UnsupportedError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("17 statements"), std::string::npos) << message;
    EXPECT_NE(message.find("16 issues"), std::string::npos) << message;
    EXPECT_NE(message.find("single weights"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace parley
