// The set of weight vectors a party may have when its weights are not known exactly.
//
// Preference programming (PRIME: Salo & Hämäläinen, IEEE Trans. SMC-A 31(6), 2001): imprecise
// statements about a party's weights ("territory matters 1.5 to 3 times as much as fishing",
// "the weight of Iturup is between 0.15 and 0.25", "Iturup matters more than Kunashir", "the
// party prefers package x to package y") are linear constraints on the weight vector w, so the
// weights consistent with all of them form a convex polytope
//     W = { w in R^k : w >= 0, sum_k w_k = 1, lower_s <= c_s . w <= upper_s for every statement s
//     }.
// A WeightSet holds W in that form (the statements are kept, with the user's words, so that a
// conflict is reported as the statements that cannot all hold) and answers what the robust
// analysis needs:
//  - empty or not, and when empty the smallest set of statements that cannot hold together (a
//    single statement or a pair whenever one exists; else a minimal set found by deletion);
//  - the vertices (double description method, tolerance 1e-12 relative), the affine dimension
//    and a basis of the directions along W;
//  - min and max of a linear function c . w over W (over the vertices; a greedy
//    fractional-knapsack pass when every statement bounds a single weight, which needs no
//    vertices and works for any k);
//  - the exact share of W (uniform volume measure on its affine hull) where c . w >= t, for an
//    affine dimension of 0, 1 or 2 (a point, a segment, a polygon clipped by a half-plane);
//  - an interior point (the mean of the vertices, or for single-weight bounds a point strictly
//    inside every bound that is not tight) and a deterministic hit-and-run sampler that draws w
//    uniformly from W (Smith 1984; directions: a uniform point of the cube in the basis of the
//    affine hull's directions, which is symmetric, so the chain is reversible with the uniform
//    law as its stationary law). The sampler uses only +, -, *, / and sqrt on the bits of a
//    std::mt19937_64 stream, so the same seed gives the same samples on every machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace parley {

// One statement: lower <= sum_k coefficients[k] * w_k <= upper (either bound may be infinite).
struct WeightStatement {
  std::vector<double> coefficients;  // one per issue
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  // The statement in the user's words ("iturup weighs between 0.15 and 0.25"), for messages.
  std::string text;
  // Where it was written: "parties.japan.uncertainty.weights.iturup", with ":LINE" appended by
  // readers that know it; for messages.
  std::string field;
};

class WeightSet {
 public:
  // Vertices beyond this many: vertices() throws UnsupportedError (single-weight bounds never
  // need them).
  static constexpr std::size_t default_vertex_limit = 20'000;

  // The simplex of dimension `issue_count` (every weight >= 0, summing to 1) cut by the
  // statements. Never throws for an empty set: empty() and conflict() say so. When some
  // statement involves more than one weight, the vertices are computed here (they decide
  // emptiness) and UnsupportedError is thrown when there are more than `vertex_limit` of them
  // (naming the numbers of statements and issues). Throws std::invalid_argument when
  // issue_count is 0, a statement's coefficient count is not issue_count, a coefficient is not
  // finite, a bound is NaN or lower > upper (readers check statements before; these are parley's
  // own invariants).
  WeightSet(std::size_t issue_count, std::vector<WeightStatement> statements,
            std::size_t vertex_limit = default_vertex_limit);

  std::size_t issue_count() const noexcept { return issue_count_; }
  const std::vector<WeightStatement>& statements() const noexcept { return statements_; }
  // True when every statement has a single non-zero coefficient (bounds on one weight).
  bool single_weight_bounds() const noexcept { return single_weight_bounds_; }

  bool empty() const noexcept { return empty_; }
  // When empty(): indices into statements() of a smallest set that cannot hold together with
  // w >= 0 and sum w = 1 (one statement when one alone is impossible, else a pair when some pair
  // is, else a minimal set found by deletion). Empty when the set is not empty.
  const std::vector<std::size_t>& conflict() const noexcept { return conflict_; }

  // The dimension of W's affine hull (0 for a single point, at most issue_count - 1), and an
  // orthonormal basis of its directions (affine_dimension() vectors of issue_count entries).
  // Throws std::logic_error when empty().
  std::size_t affine_dimension() const;
  const std::vector<std::vector<double>>& direction_basis() const;

  // The vertices of W, each a weight vector, in a deterministic order. Single-weight bounds
  // compute them on the first call and throw UnsupportedError there when there are more than the
  // vertex limit; std::logic_error when empty().
  const std::vector<std::vector<double>>& vertices() const;

  // min / max over W of sum_k c[k] * w_k (c has issue_count entries). Exact up to rounding.
  double minimum(std::span<const double> c) const;
  double maximum(std::span<const double> c) const;
  // A weight vector of W reaching the minimum / maximum (a vertex).
  std::vector<double> argmin(std::span<const double> c) const;
  std::vector<double> argmax(std::span<const double> c) const;

  // True when w (issue_count entries) lies in W within `tolerance` on every constraint.
  bool contains(std::span<const double> w, double tolerance = 1e-9) const;

  // The share of W (uniform on its affine hull) where c . w >= threshold, exactly: available when
  // affine_dimension() <= 2 (exact_shares()). Throws UnsupportedError otherwise.
  bool exact_shares() const;
  double share_at_least(std::span<const double> c, double threshold) const;
  // The mean of the uniform law on W (its centroid): exact when affine_dimension() <= 2;
  // UnsupportedError otherwise, as share_at_least.
  std::vector<double> centroid() const;

  // A point in the relative interior of W.
  std::vector<double> interior_point() const;

  // Hit-and-run. `state` starts at interior_point(); each step picks a direction and moves to a
  // uniform point of the chord through `state`. Deterministic given the generator's state.
  void step(std::vector<double>& state, std::mt19937_64& random) const;

  // The interval of t for which state + t * direction stays in W (t_low <= 0 <= t_high).
  std::pair<double, double> chord(std::span<const double> state,
                                  std::span<const double> direction) const;

 private:
  void compute_vertices() const;
  void find_conflict();

  std::size_t issue_count_ = 0;
  std::vector<WeightStatement> statements_;
  std::size_t vertex_limit_ = default_vertex_limit;
  bool single_weight_bounds_ = true;
  bool empty_ = false;
  std::vector<std::size_t> conflict_;
  // Per issue: the tightest lower / upper bound of single-weight statements (0 / 1 at least).
  std::vector<double> weight_lower_, weight_upper_;
  mutable bool vertices_done_ = false;
  mutable std::vector<std::vector<double>> vertices_;
  std::size_t affine_dimension_ = 0;
  std::vector<std::vector<double>> basis_;
};

// A uniform double in [0, 1) from the top 53 bits of one draw (the same on every machine).
inline double uniform_unit(std::mt19937_64& random) {
  return static_cast<double>(random() >> 11) * 0x1.0p-53;
}

}  // namespace parley
