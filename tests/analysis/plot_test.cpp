// The analysis plot (src/analysis/plot.cpp): gnuplot's SVG parsed with pugixml. Two parties
// (u1 against u2, the frontier a step line through the real efficient packages), three (a
// scatter-plot matrix with a key panel) and five (parallel coordinates): every party's axis,
// every solution by its legend (coinciding ones by their combined label), the walk-away lines,
// the status quo, text shown as written, the efficient packages counted against a brute-force
// frontier; output paths refused before any work with a clear message.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/report.hpp"
#include "parley/analysis/synthetic.hpp"
#include "parley/io/io.hpp"
#include "parley/support/error.hpp"
#include "plot_svg.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;

// A linear-additive scenario with the given names: tables[j][i][v] is party j's value of option
// v of issue i (in [0, 1]), weights[j][i] its weight of issue i.
ScenarioPtr make_scenario(const std::string& name, const std::vector<std::string>& parties,
                          const std::vector<std::size_t>& options,
                          const std::vector<std::vector<double>>& weights,
                          const std::vector<std::vector<std::vector<double>>>& tables,
                          const std::vector<double>& reservation,
                          std::optional<Outcome> status_quo = std::nullopt) {
  std::vector<Issue> issues;
  for (std::size_t i = 0; i < options.size(); ++i) {
    std::vector<Option> names;
    for (std::size_t v = 0; v < options[i]; ++v)
      names.push_back({"o_" + std::to_string(i) + "_" + std::to_string(v), ""});
    issues.push_back(Issue::categorical("issue_" + std::to_string(i), names));
  }
  std::vector<Party> list;
  for (std::size_t j = 0; j < parties.size(); ++j) {
    std::vector<ValueFunction> functions;
    for (const auto& table : tables[j]) functions.push_back(ValueFunction::from_utilities(table));
    Party party;
    party.name = parties[j];
    party.utility = std::make_shared<LinearAdditiveUtility>(issues, weights[j], functions);
    party.reservation_value = reservation[j];
    list.push_back(std::move(party));
  }
  return std::make_shared<Scenario>(name, issues, list, "", "scenario", status_quo);
}

// Every package's utilities, by brute force.
std::vector<std::vector<double>> all_utilities(const Scenario& scenario) {
  std::vector<std::vector<double>> all;
  const auto& space = scenario.space();
  Outcome outcome(space.issue_count(), 0);
  while (true) {
    all.push_back(scenario.utilities(outcome));
    std::size_t i = 0;
    while (i < outcome.size()) {
      if (++outcome[i] < space.cardinalities()[i]) break;
      outcome[i++] = 0;
    }
    if (i == outcome.size()) break;
  }
  return all;
}

// The distinct non-dominated utility vectors, by brute force (utilities compared exactly up to
// 1e-12: the test scenarios have no near ties).
std::size_t brute_force_frontier_size(const Scenario& scenario) {
  const auto all = all_utilities(scenario);
  std::vector<std::vector<double>> efficient;
  for (const auto& u : all) {
    bool dominated = false;
    for (const auto& v : all) {
      bool weakly = true, strictly = false;
      for (std::size_t j = 0; j < u.size(); ++j) {
        if (v[j] < u[j] - 1e-12) weakly = false;
        if (v[j] > u[j] + 1e-12) strictly = true;
      }
      if (weakly && strictly) dominated = true;
    }
    if (dominated) continue;
    const bool seen = std::any_of(efficient.begin(), efficient.end(), [&](const auto& e) {
      for (std::size_t j = 0; j < u.size(); ++j)
        if (std::abs(e[j] - u[j]) > 1e-12) return false;
      return true;
    });
    if (!seen) efficient.push_back(u);
  }
  return efficient.size();
}

// The legend of each distinct solution point, computed here: solutions whose utilities agree
// within 1e-9 share one label "A = B", in solution order.
std::vector<std::string> expected_solution_labels(const Analysis& analysis) {
  std::vector<std::pair<std::vector<double>, std::string>> groups;
  for (const auto& s : analysis.solutions) {
    bool merged = false;
    for (auto& [point, label] : groups) {
      bool same = true;
      for (std::size_t j = 0; j < point.size(); ++j)
        if (std::abs(point[j] - s.utilities[j]) > 1e-9) same = false;
      if (same) {
        label += std::string(" = ") + short_title(s.kind);
        merged = true;
        break;
      }
    }
    if (!merged) groups.emplace_back(s.utilities, short_title(s.kind));
  }
  std::vector<std::string> labels;
  for (const auto& g : groups) labels.push_back(g.second);
  return labels;
}

void expect_solutions_drawn(const test::SvgPlot& plot, const Analysis& analysis) {
  const auto labels = expected_solution_labels(analysis);
  ASSERT_FALSE(labels.empty());
  for (const auto& label : labels) {
    const auto groups = plot.with_legend(label);
    ASSERT_EQ(groups.size(), 1u) << "solution marker '" << label << "' missing or repeated";
  }
}

// A pixel path "M x,y L x,y ..." as points.
std::vector<std::pair<double, double>> path_points(const std::string& d) {
  std::vector<std::pair<double, double>> points;
  const char* p = d.c_str();
  while (*p) {
    if (*p == 'M' || *p == 'L') {
      char* end = nullptr;
      const double x = std::strtod(p + 1, &end);
      const double y = std::strtod(end + 1, &end);
      points.emplace_back(x, y);
      p = end;
    } else {
      ++p;
    }
  }
  return points;
}

const std::string kOddName = R"(deal_2025 "v2" ^{x} @home & co)";

// Two parties on 3 x 3 x 4 = 36 packages, opposed on two issues, a status quo.
ScenarioPtr two_party_scenario() {
  return make_scenario(kOddName, {"side_A", R"(side^B{1} "q" @&)"}, {3, 3, 4},
                       {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}},
                       {{{0.0, 0.6, 1.0}, {0.0, 0.5, 1.0}, {0.0, 0.3, 0.7, 1.0}},
                        {{1.0, 0.5, 0.0}, {1.0, 0.4, 0.0}, {1.0, 0.8, 0.2, 0.0}}},
                       {0.3, 0.25}, Outcome{0, 1, 2});
}

// Three parties on 4 x 4 x 4 = 64 packages.
ScenarioPtr three_party_scenario() {
  return make_scenario("three_way", {"north_x", "south_y", "west^z"}, {4, 4, 4},
                       {{0.6, 0.3, 0.1}, {0.1, 0.6, 0.3}, {0.3, 0.1, 0.6}},
                       {{{0.0, 0.3, 0.7, 1.0}, {1.0, 0.6, 0.3, 0.0}, {0.0, 0.6, 0.3, 1.0}},
                        {{1.0, 0.6, 0.3, 0.0}, {0.0, 0.3, 0.7, 1.0}, {0.3, 1.0, 0.0, 0.6}},
                        {{0.3, 0.0, 1.0, 0.6}, {0.6, 1.0, 0.0, 0.3}, {0.0, 0.3, 0.7, 1.0}}},
                       {0.2, 0.2, 0.2}, Outcome{0, 0, 0});
}

TEST(AnalysisPlot, TwoPartiesDrawEveryElementWithItsLegend) {
  PARLEY_REQUIRE_GNUPLOT();
  const auto scenario = two_party_scenario();
  const auto analysis = analyse(*scenario);
  const std::string svg = render_analysis_svg(*scenario, analysis);
  const auto plot = test::parse_svg(svg);

  // Text as written: no enhanced-text markup (a subscript would be a <tspan>).
  EXPECT_EQ(plot.tspans, 0u);
  EXPECT_TRUE(plot.has_text(kOddName + ": every package by the utility of each party"));
  EXPECT_TRUE(plot.has_text("utility of side_A"));
  EXPECT_TRUE(plot.has_text(R"(utility of side^B{1} "q" @&)"));

  const auto packages = plot.with_legend("packages (all 36)");
  ASSERT_EQ(packages.size(), 1u);
  EXPECT_EQ(packages[0]->uses, 36u + 1u);  // every package, plus the legend sample

  // The frontier: the real efficient packages (brute force), as points and as a step line.
  const std::size_t efficient = brute_force_frontier_size(*scenario);
  ASSERT_EQ(analysis.frontier.packages.size(), efficient);
  const auto points = plot.with_legend("efficient packages (" + std::to_string(efficient) + ")");
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0]->uses, efficient + 1);
  const auto steps = plot.with_legend("Pareto frontier");
  ASSERT_EQ(steps.size(), 1u);
  std::vector<std::pair<double, double>> line;
  for (const auto& d : steps[0]->paths) {
    const auto part = path_points(d);
    line.insert(line.end(), part.begin(), part.end());
  }
  ASSERT_GE(line.size(), 2u);
  line.erase(line.begin(), line.begin() + 2);  // the legend sample
  // A staircase: 1 + 2 (n - 1) vertices, x never decreasing, y (pixels, downwards) never
  // decreasing, each segment horizontal or vertical.
  EXPECT_EQ(line.size(), 1 + 2 * (efficient - 1));
  for (std::size_t k = 1; k < line.size(); ++k) {
    EXPECT_GE(line[k].first, line[k - 1].first - 0.01) << k;
    EXPECT_GE(line[k].second, line[k - 1].second - 0.01) << k;
    EXPECT_TRUE(std::abs(line[k].first - line[k - 1].first) < 0.01 ||
                std::abs(line[k].second - line[k - 1].second) < 0.01)
        << "segment " << k << " is neither horizontal nor vertical";
  }

  for (const char* legend :
       {"walk-away of side_A (0.3)", R"(walk-away of side^B{1} "q" @& (0.25))"}) {
    const auto walk = plot.with_legend(legend);
    ASSERT_EQ(walk.size(), 1u) << legend;
    ASSERT_FALSE(walk[0]->paths.empty()) << legend;
    EXPECT_EQ(test::path_vertices(walk[0]->paths.front()), 4u) << "legend sample + one line";
  }
  const auto status_quo = plot.with_legend("status quo");
  ASSERT_EQ(status_quo.size(), 1u);
  EXPECT_EQ(status_quo[0]->uses, 2u);
  expect_solutions_drawn(plot, analysis);
}

TEST(AnalysisPlot, CoincidingSolutionsAreDrawnOnceWithAllTheirNames) {
  PARLEY_REQUIRE_GNUPLOT();
  Warnings warnings;
  const auto scenario =
      load_scenario((test::source_dir() / "examples/russia-japan.yaml").string(), warnings);
  const auto analysis = analyse(*scenario);
  // Independently: Nash and utilitarian pick the same package here, and so do KS and egalitarian.
  ASSERT_EQ(analysis.solutions.size(), 4u);
  EXPECT_EQ(analysis.solutions[0].utilities, analysis.solutions[3].utilities);
  EXPECT_EQ(analysis.solutions[1].utilities, analysis.solutions[2].utilities);
  EXPECT_NE(analysis.solutions[0].utilities, analysis.solutions[1].utilities);
  const auto plot = test::parse_svg(render_analysis_svg(*scenario, analysis));
  EXPECT_EQ(plot.with_legend("Nash = utilitarian").size(), 1u);
  EXPECT_EQ(plot.with_legend("Kalai-Smorodinsky = egalitarian").size(), 1u);
  EXPECT_TRUE(plot.with_legend("Nash").empty());
  expect_solutions_drawn(plot, analysis);
  EXPECT_TRUE(plot.has_text("utility of " + scenario->party(0).name));
  EXPECT_TRUE(plot.has_text("utility of " + scenario->party(1).name));
}

TEST(AnalysisPlot, ThreePartiesDrawAScatterPlotMatrixWithAKeyPanel) {
  PARLEY_REQUIRE_GNUPLOT();
  const auto scenario = three_party_scenario();
  const auto analysis = analyse(*scenario);
  const auto plot = test::parse_svg(render_analysis_svg(*scenario, analysis));
  EXPECT_EQ(plot.tspans, 0u);
  for (const auto& party : scenario->parties())
    EXPECT_TRUE(plot.has_text("utility of " + party.name + " (walk-away 0.2)")) << party.name;

  const std::size_t efficient = brute_force_frontier_size(*scenario);
  ASSERT_EQ(analysis.frontier.packages.size(), efficient);
  // The key panel: one entry per element.
  EXPECT_EQ(plot.with_legend("packages (all 64)").size(), 1u);
  EXPECT_EQ(plot.with_legend("efficient packages (" + std::to_string(efficient) + ")").size(), 1u);
  EXPECT_EQ(plot.with_legend("walk-away values (dashed)").size(), 1u);
  EXPECT_EQ(plot.with_legend("status quo").size(), 1u);
  expect_solutions_drawn(plot, analysis);

  // The three panels (one per pair): the efficient packages as points, never joined. The
  // panels' elements have no legend; the frontier is the second element of each panel.
  std::vector<const test::SvgGroup*> unlabelled;
  for (const auto& g : plot.groups)
    if (g.legend.empty()) unlabelled.push_back(&g);
  const std::size_t per_panel = 3 + 1 + expected_solution_labels(analysis).size();
  ASSERT_EQ(unlabelled.size(), 3 * per_panel);
  for (std::size_t panel = 0; panel < 3; ++panel) {
    const auto* outcomes = unlabelled[panel * per_panel];
    const auto* frontier = unlabelled[panel * per_panel + 1];
    const auto* walk = unlabelled[panel * per_panel + 2];
    EXPECT_EQ(outcomes->uses, 64u) << panel;
    EXPECT_EQ(frontier->uses, efficient) << panel;
    EXPECT_TRUE(frontier->paths.empty())
        << "efficient packages joined by a line in panel " << panel;
    ASSERT_EQ(walk->paths.size(), 1u);
    EXPECT_EQ(test::path_moves(walk->paths[0]), 2u) << "one vertical and one horizontal line";
  }
}

TEST(AnalysisPlot, FiveOrMorePartiesDrawParallelCoordinates) {
  PARLEY_REQUIRE_GNUPLOT();
  for (const std::size_t parties : {std::size_t{5}, std::size_t{9}}) {
    const auto scenario = make_synthetic_scenario(3, 3, parties);
    const auto analysis = analyse(*scenario);
    const auto plot = test::parse_svg(render_analysis_svg(*scenario, analysis));
    EXPECT_EQ(plot.tspans, 0u);
    for (const auto& party : scenario->parties())
      EXPECT_TRUE(plot.has_text(party.name)) << "axis of " << party.name;
    const std::size_t efficient = brute_force_frontier_size(*scenario);
    ASSERT_EQ(analysis.frontier.packages.size(), efficient);
    const auto lines = plot.with_legend("efficient packages (" + std::to_string(efficient) + ")");
    ASSERT_EQ(lines.size(), 1u);
    std::size_t polylines = 0, vertices = 0;
    for (const auto& d : lines[0]->paths) {
      polylines += test::path_moves(d);
      vertices += test::path_vertices(d);
    }
    // One polyline of `parties` vertices per efficient package, plus the legend sample.
    EXPECT_EQ(polylines, efficient + 1);
    EXPECT_EQ(vertices, efficient * parties + 2);
    const auto walk = plot.with_legend("walk-away values");
    ASSERT_EQ(walk.size(), 1u);
    EXPECT_EQ(walk[0]->uses, parties + 1);
    expect_solutions_drawn(plot, analysis);
  }
}

TEST(AnalysisPlot, FileAndSvgTextAreTheSamePlot) {
  PARLEY_REQUIRE_GNUPLOT();
  test::ScratchFolder dir("parley-plot");
  const auto scenario = two_party_scenario();
  const auto analysis = analyse(*scenario);
  const std::string svg = render_analysis_svg(*scenario, analysis);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  plot_analysis(*scenario, analysis, (dir / "plot.svg").string());
  EXPECT_EQ(test::read_text_file(dir / "plot.svg"), svg);
  plot_analysis(*scenario, analysis, (dir / "plot.PNG").string());
  EXPECT_EQ(test::read_text_file(dir / "plot.PNG").substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_EQ(dir.names(), (std::vector<std::string>{"plot.PNG", "plot.svg"}));
}

struct BadPath {
  std::string path;
  std::string found;     // part of the message: what was found
  std::string expected;  // part of the message: what was expected
};

TEST(AnalysisPlot, BadPathsAreRefusedClearlyAndNothingIsWritten) {
  test::ScratchFolder dir("parley-plot");
  {
    std::ofstream file(dir / "file.txt");
    file << "x";
  }
  fs::create_directory(dir / "folder.svg");
  const std::string base = dir.path().string();
  const std::vector<BadPath> table = {
      {base + "/missing/plot.svg", "no folder '" + base + "/missing'", "an existing folder"},
      {base + "/plot.pdf", "the extension '.pdf'", "a file name ending in .svg or .png"},
      {base + "/plot", "no extension", "a file name ending in .svg or .png"},
      {base + "/folder.svg", "a folder", "a file name ending in .svg or .png"},
      {base + "/file.txt/plot.svg", "which is not a folder", "an existing folder"},
  };
  const auto scenario = two_party_scenario();
  const auto analysis = analyse(*scenario);
  for (const auto& row : table) {
    for (int call = 0; call < 2; ++call) {
      try {
        if (call == 0)
          check_plot_path(row.path, "--plot");
        else
          plot_analysis(*scenario, analysis, row.path);
        ADD_FAILURE() << "accepted " << row.path;
      } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind(row.path + ": --plot: found ", 0), 0u) << what;
        EXPECT_NE(what.find(row.found), std::string::npos) << what;
        EXPECT_NE(what.find(row.expected), std::string::npos) << what;
        EXPECT_EQ(what.find("set "), std::string::npos) << "gnuplot script in: " << what;
        EXPECT_EQ(what.find("plot $"), std::string::npos) << "gnuplot script in: " << what;
      }
    }
  }
  EXPECT_EQ(dir.names(), (std::vector<std::string>{"file.txt", "folder.svg"}));
  EXPECT_TRUE(fs::is_empty(dir / "folder.svg"));
  check_plot_path(base + "/fine.svg", "--plot");
  check_plot_path("relative.png", "--plot");
  EXPECT_EQ(dir.names(), (std::vector<std::string>{"file.txt", "folder.svg"}));
}

}  // namespace
}  // namespace parley
