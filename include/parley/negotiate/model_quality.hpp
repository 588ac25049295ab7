// Opponent-model quality measures: how well one party's model of another party's utility function
// matches the real one, by the accuracy measures of Baarslag, Hendrikx, Hindriks & Jonker 2016
// ("Learning about the opponent in automated bilateral negotiation: a comprehensive survey of
// opponent modeling techniques", Autonomous Agents and Multi-Agent Systems 30(5)) as defined in
// Baarslag, Hendrikx, Hindriks & Jonker 2013 ("Predicting the performance of opponent models in
// automated negotiation", IEEE/WIC/ACM IAT 2013), which relates such accuracy measures to the
// performance an agent gains from its model:
//  - Pearson correlation of bids: the correlation, over the outcomes, of the modelled party's
//    true utility and the model's estimate (1: the estimate is an increasing affine function of
//    the true utility);
//  - ranking of bids: Kendall's tau-b of the same pairs (1: the model orders every pair of
//    outcomes as the party does; ties counted as Kendall's tau-b does), the rank-based version of
//    the "ranking distance of bids" (that distance is (1 - tau) / 2 when nothing is tied);
//  - Pareto-frontier distance: how much of the true Pareto frontier of (modeller, modelled) the
//    frontier the model shows its owner misses (definition below).
// The engine measures every model an agent exposes through Negotiator::opponent_estimate after
// a session (SessionOptions::model_quality).
//
// Costs: O(n log n) time and O(n) memory for n outcomes (Kendall's tau-b by Knight's 1966 merge
// sort, the frontier by one sort and a sweep), plus n evaluations of each utility and of the
// estimate; the default limit of 100,000 outcomes takes a few tens of milliseconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "parley/model/scenario.hpp"

namespace parley {

struct ModelQualityOptions {
  // Spaces up to this many outcomes are compared exactly; larger ones on a seeded uniform sample
  // of this size.
  std::uint64_t outcome_limit = 100'000;
  std::uint64_t seed = 1;
};

struct ModelQuality {
  std::size_t modeller = 0, modelled = 0;  // party indices
  double pearson = 0.0;                    // Pearson correlation of true and estimated utilities
  double kendall_tau = 0.0;                // Kendall tau-b of the same pairs (ties handled)
  double frontier_distance = 0.0;          // Pareto-frontier distance (pareto_frontier_distance)
  std::size_t outcomes = 0;                // outcomes compared
  bool exact = true;                       // every outcome (false: a sample)
};

// Pearson correlation coefficient of x and y, in [-1, 1]; 0 when either side is constant or the
// sizes are below 2. Throws std::invalid_argument on different sizes or a non-finite value.
double pearson_correlation(std::span<const double> x, std::span<const double> y);

// Kendall tau-b, (concordant - discordant) / sqrt((n0 - ties_x) (n0 - ties_y)) with n0 the number
// of pairs and ties_x / ties_y the pairs tied in x / in y, in O(n log n) (Knight 1966, "A computer
// method for calculating Kendall's tau with ungrouped data", JASA 61(314)); 0 when either side is
// constant or the sizes are below 2. Throws std::invalid_argument on different sizes or a
// non-finite value.
double kendall_tau_b(std::span<const double> x, std::span<const double> y);

// The Pareto-frontier distance of Baarslag et al. 2013 (after Hindriks & Tykhonov's quality
// assessment of learnt preference profiles): the outcomes on the frontier the model sees, the
// non-dominated outcomes of (own, other_estimated), are mapped to their true utilities
// (own, other_true), and the distance is the surface beneath the true Pareto frontier of
// (own, other_true) minus the surface beneath those mapped outcomes. "The surface beneath" a set
// of points is the area of the part of the positive quadrant they dominate, the union of the
// rectangles [0, own] x [0, other] (the two-dimensional hypervolume with reference point (0, 0);
// negative utilities count as 0), so the distance is in [0, 1] for utilities in [0, 1]; 0 when
// the estimated frontier holds outcomes covering the whole true frontier (a perfect model, or
// any strictly increasing transform of the true utility); it grows with the part of the true
// frontier the model hides from its owner. (GENIUS's measure joins consecutive points by
// straight segments; the staircase area is used here because the mapped outcomes need not form a
// frontier any more: with it the distance is never negative and does not depend on the order of
// dominated points.) O(n log n). Throws std::invalid_argument on different sizes or a non-finite
// value; 0 for empty input.
double pareto_frontier_distance(std::span<const double> own, std::span<const double> other_true,
                                std::span<const double> other_estimated);

// All three for one modeller/modelled pair, the estimate of `modelled`'s utility given as a
// function. Outcomes: every outcome of the space, in index order, when the space has at most
// options.outcome_limit outcomes; otherwise options.outcome_limit outcomes drawn uniformly (with
// replacement, each issue's value uniform) from a std::mt19937_64 seeded with options.seed.
// Issues discretised from a real range are compared on their declared grid of values (a sample
// of the continuum): `exact` is then false even when every grid outcome is compared. `pearson`,
// `kendall_tau` and `frontier_distance` pair the modelled party's true utility with the estimate,
// the frontier in the plane of the modeller's own utility. Throws std::invalid_argument when a
// party index is out of range or the estimate returns a non-finite value.
ModelQuality measure_model_quality(const Scenario& scenario, std::size_t modeller,
                                   std::size_t modelled,
                                   const std::function<double(const Outcome&)>& estimate,
                                   const ModelQualityOptions& options = {});

}  // namespace parley
