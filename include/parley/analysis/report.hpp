// The reader model: what a mediator reads about an analysis, built once from (Scenario,
// Analysis) by one function and only formatted by the renderers (the text report of
// `parley solve`, the HTML brief of `parley report`).
//
// It holds:
//  - the summary: is there a zone of agreement and how large, the recommended package (the Nash
//    solution) and why, and what each party gets there against walking away (and against the
//    status quo when the scenario has one), in points;
//  - the table issue x solution: which option each solution picks, and where they differ;
//  - the distinct packages among the solutions, each with the solutions that chose it and one
//    explanation (explanations are given once per distinct package);
//  - the menu: the efficient packages in the zone of agreement in a readable order, each issue
//    settled (the same option in every one) or contested (the options seen), and each party's
//    range over the menu.
//
// Points (PointScale in parley/analysis/analysis.hpp): each party's worst package is 0 points,
// its best 100. Opposition on the same scale: the root mean square of the points each party
// misses at the efficient package nearest to everyone's best; 0 when one package gives every
// party its best, 100(1 - 1/n) for a pure split of a fixed amount between n parties, 100 only if
// every party were at its worst.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "parley/analysis/analysis.hpp"

namespace parley {

struct ReportOptions {
  // The menu lists at most this many packages (the settled/contested marks and the ranges are
  // always computed over the whole menu).
  std::size_t menu_limit = 30;
  // At most this many distinct options are recorded per contested issue of the menu.
  std::size_t menu_options_limit = 12;
};

// A party at one package: its utility, in points, and its gains.
struct PartyStanding {
  double utility = 0.0;
  double points = 0.0;
  double walk_away_points = 0.0;
  double gain_points = 0.0;  // points - walk_away_points (negative: worse than walking away)
  // Against the status quo, when the scenario has one.
  std::optional<double> status_quo_points;
  std::optional<double> gain_over_status_quo_points;
};

// A package (or a lottery between two) chosen by one or more solutions.
struct DistinctPackage {
  std::vector<Package> packages;       // one, or two for a lottery (likelier first)
  std::vector<double> probabilities;   // sum to 1
  std::vector<std::size_t> solutions;  // indices into Analysis::solutions, in order
  std::vector<double> utilities;       // expected utility of each party
  std::vector<PartyStanding> standings;
  // The explanation of the (likelier) package; for a lottery whose likelier package is also a
  // distinct pure package, `same_as` names it and the explanation is that one's.
  Explanation explanation;
  std::optional<std::size_t> same_as;
  // Lotteries: the issues on which the two packages differ (what the draw decides).
  std::vector<std::size_t> drawn_issues;
  bool is_lottery() const noexcept { return packages.size() > 1; }
};

// Rows issues, columns solutions: the values each solution picks (two for a lottery whose
// packages differ on the issue, likelier first) and whether the solutions disagree.
struct SolutionTable {
  std::vector<std::size_t> columns;   // solution indices
  std::vector<std::size_t> distinct;  // per column: index into ReportModel::packages
  struct Row {
    std::size_t issue = 0;
    std::vector<std::vector<ValueIndex>> cells;  // per column
    std::optional<ValueIndex> status_quo;        // the status quo's value, when there is one
    bool differs = false;
  };
  std::vector<Row> rows;  // every issue, in scenario order
  std::size_t differing = 0;
};

struct MenuIssue {
  std::size_t issue = 0;
  bool settled = false;
  // Options seen over the menu, ascending (capped at ReportOptions::menu_options_limit;
  // `more_options` when more were seen).
  std::vector<ValueIndex> options;
  bool more_options = false;
};

struct MenuEntry {
  Package package;
  std::vector<double> points;          // per party
  std::vector<std::size_t> solutions;  // solutions that chose exactly this package
};

// The efficient packages in the zone of agreement (AgreementZone::rational_frontier).
// Order: two parties, the frontier order (from the best for the first party to the best for the
// second), evenly thinned to the limit (first and last kept); more parties, the largest product
// of gains over walking away first. Packages chosen by a solution are always listed.
struct Menu {
  std::size_t total = 0;
  std::vector<MenuEntry> entries;
  std::size_t left_out = 0;       // total - entries.size()
  std::vector<MenuIssue> issues;  // every issue, in scenario order
  std::size_t settled_count = 0;
  std::vector<double> min_points, max_points;  // per party over the whole menu
};

struct ReportSummary {
  bool zone_exists = false;
  // Zone size: exact count when known, else the share (exact or estimated with a half-width).
  std::optional<std::uint64_t> zone_count;
  double zone_share = 0.0;
  bool zone_share_exact = true;
  double zone_share_half_width = 0.0;
  std::size_t efficient_in_zone = 0;
  // The recommended package: the Nash solution's distinct package (none without a zone).
  std::optional<std::size_t> recommended;
  std::string recommended_reason;
  std::vector<PartyStanding> standings;  // per party at the recommended package
  // The status quo package, when the scenario has one, and each party's standing there.
  std::optional<Package> status_quo;
  std::vector<PartyStanding> status_quo_standings;
  // The opposition in points (see above) and the largest value it takes for a pure split.
  double opposition_points = 0.0;
  double split_opposition_points = 0.0;
};

struct ReportModel {
  PointScale scale;
  ReportSummary summary;
  std::vector<DistinctPackage> packages;         // in order of first solution
  std::vector<std::size_t> package_of_solution;  // per solution: index into packages
  SolutionTable table;
  Menu menu;
};

// Builds the reader model. Cost: O(menu size x (issues + parties)) plus the explanations the
// analysis already holds; never quadratic in the frontier.
ReportModel build_report_model(const Scenario& scenario, const Analysis& analysis,
                               const ReportOptions& options = {});

// Short column title of a solution: "Nash", "Kalai-Smorodinsky", "egalitarian", "utilitarian",
// "Nash lottery", "K-S lottery".
const char* short_title(SolutionKind kind) noexcept;

// Package letters: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string package_letter(std::size_t index);

// The caution printed with every lottery.
extern const char* const kLotteryCaution;

}  // namespace parley
