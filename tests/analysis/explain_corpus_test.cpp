// No explanation sentence contradicts the weights, over every linear corpus scenario with at most
// 10^6 packages (the explanations of every solution, lotteries included). Everything the claims
// rest on is recomputed here from utilities alone (scenario.utility with one issue changed):
// each party's concession and the issue's swing, its range (the sum of the swings, exact for
// additive utilities), the winners, the logrolling verdict, the points printed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

std::string points_text(double points) {
  if (points > 0.0 && points < 0.5) return "less than 1";
  return fmt::format("{:.0f}", points);
}

struct Recomputed {
  // [issue][party]
  std::vector<std::vector<double>> concession, swing;
  std::vector<double> range;  // per party
};

Recomputed recompute(const Scenario& s, const Outcome& outcome) {
  Recomputed r;
  const std::size_t parties = s.party_count();
  r.range.assign(parties, 0.0);
  for (std::size_t i = 0; i < s.issue_count(); ++i) {
    std::vector<double> concession(parties), swing(parties);
    for (std::size_t j = 0; j < parties; ++j) {
      Outcome changed = outcome;
      double best = -1e300, worst = 1e300;
      for (ValueIndex v = 0; v < s.issue(i).cardinality(); ++v) {
        changed[i] = v;
        const double u = s.utility(j, changed);
        best = std::max(best, u);
        worst = std::min(worst, u);
      }
      concession[j] = best - s.utility(j, outcome);
      swing[j] = best - worst;
      r.range[j] += swing[j];
    }
    r.concession.push_back(concession);
    r.swing.push_back(swing);
  }
  return r;
}

void check_explanation(const Scenario& s, const Package& package, const Explanation& e,
                       std::size_t& claims) {
  const std::size_t parties = s.party_count();
  const Recomputed r = recompute(s, package.outcome);
  ASSERT_EQ(e.issues.size(), s.issue_count());
  std::vector<std::vector<bool>> wins(s.issue_count(), std::vector<bool>(parties));
  std::vector<bool> contested(s.issue_count(), false);
  for (std::size_t i = 0; i < s.issue_count(); ++i) {
    const auto& item = e.issues[i];
    for (std::size_t j = 0; j < parties; ++j) {
      const double range = r.range[j] > 0 ? r.range[j] : 1.0;
      const double tiny = 1e-9 * range;
      wins[i][j] = r.concession[i][j] <= tiny;
      // "gets its preferred option" means concession 0.
      const bool listed =
          std::find(item.winners.begin(), item.winners.end(), j) != item.winners.end();
      EXPECT_EQ(listed, wins[i][j]) << s.issue(i).name() << " party " << j;
      EXPECT_EQ(item.concession[j] == 0.0, wins[i][j]);
      if (!wins[i][j]) {
        EXPECT_NEAR(item.concession[j], r.concession[i][j], 1e-9 * range);
        // Points figures equal 100 * concession / range.
        EXPECT_NEAR(item.concession_points[j], 100.0 * r.concession[i][j] / range, 1e-6);
      }
      EXPECT_NEAR(item.importance[j], r.range[j] > 0 ? r.swing[i][j] / r.range[j] : 0.0, 1e-9);
      if (!wins[i][j]) contested[i] = true;
    }
  }
  // The per-issue sentences: one per contested issue, in order, naming each conceding party
  // with its points rounded, and no winner as conceding.
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.issue_count(); ++i) {
    if (!contested[i]) continue;
    ASSERT_LT(n, e.sentences.size());
    const std::string& sentence = e.sentences[n++];
    EXPECT_EQ(
        sentence.rfind(
            s.issue(i).label() + ": '" + s.issue(i).value_label(package.outcome[i]) + "'. ", 0),
        0u)
        << sentence;
    for (std::size_t j = 0; j < parties; ++j) {
      const std::string gives = s.party(j).name + " gives up ";
      if (wins[i][j]) {
        EXPECT_EQ(sentence.find(": " + gives), std::string::npos) << sentence;
        EXPECT_EQ(sentence.find("; " + gives), std::string::npos) << sentence;
        continue;
      }
      const double range = r.range[j] > 0 ? r.range[j] : 1.0;
      // Rounded as printed; a value within 1e-6 of a half may round either way.
      const double exact = 100.0 * r.concession[i][j] / range;
      bool found = false;
      for (double value : {exact - 1e-6, exact + 1e-6}) {
        const std::string claim =
            fmt::format("{}{} of its 100 points (it preferred '", gives, points_text(value));
        found = found || sentence.find(": " + claim) != std::string::npos ||
                sentence.find("; " + claim) != std::string::npos;
      }
      EXPECT_TRUE(found) << sentence << "\n  expected: " << gives << points_text(exact)
                         << " of its 100 points";
      ++claims;
    }
  }
  // Logrolling: every party wins and concedes a contested issue, and each issue it wins weighs
  // at least as much as each it concedes.
  bool logrolling = true;
  for (std::size_t j = 0; j < parties; ++j) {
    double lightest_won = 2, heaviest_conceded = -1;
    bool won = false, conceded = false;
    for (std::size_t i = 0; i < s.issue_count(); ++i) {
      if (!contested[i]) continue;
      const double importance = r.range[j] > 0 ? r.swing[i][j] / r.range[j] : 0.0;
      if (wins[i][j]) {
        won = true;
        lightest_won = std::min(lightest_won, importance);
      } else {
        conceded = true;
        heaviest_conceded = std::max(heaviest_conceded, importance);
      }
    }
    const bool ordered = !won || !conceded || lightest_won >= heaviest_conceded - 1e-9;
    // "gets its way on issues carrying X of its 100 points": X = the points those issues carry.
    if (won && conceded) {
      double carried = 0.0;
      for (std::size_t i = 0; i < s.issue_count(); ++i)
        if (contested[i] && wins[i][j] && r.range[j] > 0)
          carried += 100.0 * r.swing[i][j] / r.range[j];
      bool found = false;
      // (A rounding error above 0 on zero-weight issues reads as 0, as the report prints it.)
      for (double value : {std::max(0.0, carried - 1e-6), carried + 1e-6}) {
        const std::string claim =
            fmt::format("{} gets its way on issues carrying {} of its 100 points", s.party(j).name,
                        points_text(value));
        for (const auto& sentence : e.sentences) found = found || sentence.rfind(claim, 0) == 0;
      }
      EXPECT_TRUE(found) << s.party(j).name << " carrying " << carried;
      ++claims;
    }
    EXPECT_EQ(e.trades[j].wins_what_matters_most, ordered) << "party " << j;
    logrolling = logrolling && won && conceded && ordered;
  }
  EXPECT_EQ(e.logrolling, logrolling);
  std::size_t said = 0;
  for (const auto& sentence : e.sentences)
    if (sentence.find("This is a logrolling trade") != std::string::npos) ++said;
  EXPECT_EQ(said, logrolling ? 1u : 0u);
  ++claims;
  // Gains against walking away, in points.
  for (std::size_t j = 0; j < parties; ++j) {
    const double range = r.range[j] > 0 ? r.range[j] : 1.0;
    EXPECT_NEAR(e.gain_points[j],
                100.0 * (package.utilities[j] - s.party(j).reservation_value) / range, 1e-6);
  }
}

TEST(ExplainCorpus, NoSentenceContradictsTheWeights) {
  PARLEY_REQUIRE_CORPUS();
  std::size_t checked = 0, claims = 0, logrolls = 0;
  for (const auto& row : test::corpus_index()) {
    const auto outcomes = row.outcome_count();
    if (!row.linear() || !outcomes || *outcomes > 1'000'000) continue;
    ScenarioPtr scenario;
    try {
      Warnings warnings;
      scenario = test::load_corpus_folder(row.folder, warnings);
    } catch (const Error&) {
      continue;  // the loaders' own tests cover the folders that do not load
    }
    if (!scenario->is_linear_additive()) continue;
    SCOPED_TRACE(row.folder);
    AnalysisOptions options;
    options.lotteries = true;
    const Analysis a = analyse(*scenario, options);
    ASSERT_EQ(a.explanations.size(), a.solutions.size());
    for (std::size_t k = 0; k < a.solutions.size(); ++k) {
      const auto& solution = a.solutions[k];
      const auto likeliest =
          std::max_element(solution.probabilities.begin(), solution.probabilities.end()) -
          solution.probabilities.begin();
      check_explanation(*scenario, solution.packages[likeliest], a.explanations[k], claims);
      if (a.explanations[k].logrolling) ++logrolls;
    }
    ++checked;
  }
  std::cout << "checked the explanations of " << checked << " linear corpus scenarios (" << claims
            << " claims, " << logrolls << " logrolling packages)\n";
  EXPECT_GT(checked, 100u);
  EXPECT_GT(logrolls, 0u);  // the test sees both verdicts
}

}  // namespace
}  // namespace parley
