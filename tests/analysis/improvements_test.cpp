// Improving an agreement (src/analysis/improvements.cpp, docs/analysis.md "Improving an
// agreement") against brute force: on random small linear-additive scenarios and on the flagship
// example, the improvements listed are exactly the Pareto-optimal packages (found by comparing
// every package with every other) that improve on the agreed package, one per tie group.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "parley/analysis/improvements.hpp"
#include "parley/io/io.hpp"
#include "parley/support/error.hpp"
#include "random_scenario.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// A random linear-additive scenario (tests/support/random_scenario.hpp), every walk-away 0.2.
// `coarse`: weights from {1, 2, 3} and values from {0, 0.5, 1}, so that many packages tie for
// some party (improvements where only some parties gain, tie groups on the frontier).
Scenario random_linear_scenario(std::uint64_t seed, std::size_t parties, std::size_t issues,
                                std::size_t options, bool coarse = false) {
  test::RandomScenarioShape shape;
  shape.coarse = coarse;
  shape.lowest_walk_away = 0.2;
  shape.walk_away_spread = 0.0;
  return test::random_linear_scenario(seed, parties, issues, options, shape);
}

// Every package of a small space, in index order, with its utilities and each party's epsilon
// (1e-9 times its utility range, as docs/analysis.md defines), computed independently.
struct BruteForce {
  std::vector<Outcome> outcomes;
  std::vector<std::vector<double>> utilities;
  std::vector<double> epsilon;

  explicit BruteForce(const Scenario& s) {
    Outcome outcome(s.issue_count(), 0);
    do {
      outcomes.push_back(outcome);
      utilities.push_back(s.utilities(outcome));
    } while (s.space().next(outcome));
    for (std::size_t j = 0; j < s.party_count(); ++j) {
      double low = utilities[0][j], high = utilities[0][j];
      for (const auto& u : utilities) low = std::min(low, u[j]), high = std::max(high, u[j]);
      epsilon.push_back(1e-9 * (high > low ? high - low : 1.0));
    }
  }

  // a is at least as good for everyone (within epsilon) and better for one (beyond epsilon).
  bool improves(const std::vector<double>& a, const std::vector<double>& b) const {
    bool better = false;
    for (std::size_t j = 0; j < a.size(); ++j) {
      if (a[j] < b[j] - epsilon[j]) return false;
      if (a[j] > b[j] + epsilon[j]) better = true;
    }
    return better;
  }
  bool same(const std::vector<double>& a, const std::vector<double>& b) const {
    for (std::size_t j = 0; j < a.size(); ++j)
      if (std::abs(a[j] - b[j]) > epsilon[j]) return false;
    return true;
  }

  // Indices of the packages that improve on `agreed`.
  std::vector<std::size_t> improving(const Outcome& agreed) const {
    std::vector<double> base;
    for (std::size_t k = 0; k < outcomes.size(); ++k)
      if (outcomes[k] == agreed) base = utilities[k];
    std::vector<std::size_t> found;
    for (std::size_t k = 0; k < outcomes.size(); ++k)
      if (improves(utilities[k], base)) found.push_back(k);
    return found;
  }

  // Pareto-optimal: no package at all improves on it (the full quadratic comparison).
  bool pareto_optimal(std::size_t k) const {
    for (const auto& other : utilities)
      if (improves(other, utilities[k])) return false;
    return true;
  }

  // Indices of every Pareto-optimal package: each package is compared with the packages that
  // dominated an earlier one first (most packages fall to one of those), then with all.
  std::vector<std::size_t> all_pareto_optimal() const {
    std::vector<std::size_t> optimal, witnesses;
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
      const auto beats = [&](std::size_t other) {
        return improves(utilities[other], utilities[k]);
      };
      if (std::any_of(witnesses.begin(), witnesses.end(), beats)) continue;
      std::size_t other = 0;
      while (other < outcomes.size() && !beats(other)) ++other;
      if (other == outcomes.size())
        optimal.push_back(k);
      else
        witnesses.push_back(other);
    }
    return optimal;
  }

  // The Pareto-optimal packages improving on `agreed`, one per group of packages equal within
  // epsilon: the smallest in index order (the frontier's representative).
  std::set<Outcome> optimal_improvements(const Outcome& agreed, bool quadratic) const {
    const auto candidates = improving(agreed);
    std::vector<std::size_t> optimal;
    for (const std::size_t k : candidates) {
      // Anything improving on k also improves on agreed: without `quadratic`, comparing with
      // the candidates suffices (the flagship's 11,664 packages).
      bool dominated = false;
      if (quadratic) {
        dominated = !pareto_optimal(k);
      } else {
        for (const std::size_t other : candidates)
          if (improves(utilities[other], utilities[k])) dominated = true;
      }
      if (!dominated) optimal.push_back(k);
    }
    std::set<Outcome> representatives;
    for (std::size_t a = 0; a < optimal.size(); ++a) {
      bool first = true;
      for (std::size_t b = 0; b < a && first; ++b)
        if (same(utilities[optimal[a]], utilities[optimal[b]])) first = false;
      if (first) representatives.insert(outcomes[optimal[a]]);
    }
    return representatives;
  }
};

double sum_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return sum;
}

// Checks one analysis against brute force: the listed set, each improvement's figures, the
// ranking, and the sentences.
void expect_matches_brute_force(const Scenario& s, const BruteForce& brute, const Outcome& agreed,
                                const ImprovementAnalysis& result, bool quadratic,
                                const std::string& label) {
  const auto expected = brute.optimal_improvements(agreed, quadratic);
  std::set<Outcome> listed;
  for (const auto& improvement : result.improvements) listed.insert(improvement.package.outcome);
  EXPECT_EQ(listed, expected) << label;
  EXPECT_EQ(result.improvements.size(), expected.size()) << label;
  EXPECT_EQ(result.improving_frontier_packages, expected.size()) << label;
  EXPECT_EQ(result.agreed_is_pareto_optimal, brute.improving(agreed).empty()) << label;
  EXPECT_TRUE(result.exact) << label;
  EXPECT_EQ(result.agreed, agreed);
  const auto base = s.utilities(agreed);
  for (std::size_t j = 0; j < s.party_count(); ++j)
    EXPECT_EQ(result.agreed_utilities[j], base[j]) << label;
  ASSERT_EQ(result.sentences.size(), result.improvements.size() + 1) << label;
  for (std::size_t r = 0; r < result.improvements.size(); ++r) {
    const Improvement& improvement = result.improvements[r];
    const Outcome& x = improvement.package.outcome;
    const auto u = s.utilities(x);
    EXPECT_TRUE(brute.improves(u, base)) << label;
    EXPECT_TRUE(improvement.pareto_optimal) << label;
    std::size_t gaining = 0;
    double product = 1.0;
    for (std::size_t j = 0; j < s.party_count(); ++j) {
      EXPECT_NEAR(improvement.package.utilities[j], u[j], 1e-12) << label;
      const bool gains = u[j] - base[j] > brute.epsilon[j];
      EXPECT_NEAR(improvement.gains[j], gains ? u[j] - base[j] : 0.0, 1e-12) << label;
      EXPECT_EQ(improvement.gains[j] > 0.0, gains) << label;
      if (gains) ++gaining, product *= u[j] - base[j];
    }
    EXPECT_GE(gaining, 1u) << label;
    EXPECT_EQ(improvement.gaining_parties, gaining) << label;
    EXPECT_NEAR(improvement.nash_product_of_gains, product, 1e-12) << label;
    std::vector<std::size_t> changed;
    for (std::size_t i = 0; i < s.issue_count(); ++i)
      if (x[i] != agreed[i]) changed.push_back(i);
    EXPECT_EQ(improvement.changed_issues, changed) << label;
    // The sentence names every change "issue: from -> to".
    const std::string& sentence = result.sentences[r + 1];
    for (const std::size_t i : changed)
      EXPECT_NE(sentence.find(s.issue(i).name() + ": " + s.issue(i).value_label(agreed[i]) +
                              " -> " + s.issue(i).value_label(x[i])),
                std::string::npos)
          << sentence;
    if (r == 0) continue;
    // Ranked: more gaining parties, then a larger product, then a larger sum.
    const Improvement& before = result.improvements[r - 1];
    const auto key = [](const Improvement& i) {
      return std::tuple(i.gaining_parties, i.nash_product_of_gains, sum_of(i.gains));
    };
    EXPECT_GE(key(before), key(improvement)) << label << " rank " << r;
  }
}

std::string package_text(const Outcome& outcome) {
  std::string text;
  for (const auto v : outcome) text += std::to_string(v) + " ";
  return text;
}

TEST(Improvements, RandomScenariosMatchBruteForce) {
  std::size_t checked = 0, optimal_agreed = 0, with_improvements = 0, partial = 0;
  // Every shape (2-4 parties, issues, options) three times: continuous, then coarse values.
  for (std::uint64_t seed = 0; seed < 162; ++seed) {
    const std::size_t parties = 2 + seed % 3, issues = 2 + (seed / 3) % 3,
                      options = 2 + (seed / 9) % 3;
    const Scenario s = random_linear_scenario(seed, parties, issues, options, seed >= 81);
    const BruteForce brute(s);
    ImprovementOptions settings;
    settings.limit = brute.outcomes.size();
    // Both exact methods: linear_dp (automatic picks it) and enumeration.
    if (seed % 2 == 0) settings.frontier.method = FrontierMethod::enumeration;
    std::vector<Outcome> agreed_list;
    std::mt19937_64 generator(seed * 7919);
    for (int k = 0; k < 10; ++k)
      agreed_list.push_back(brute.outcomes[generator() % brute.outcomes.size()]);
    std::vector<Outcome> optimal;
    for (std::size_t k = 0; k < brute.outcomes.size(); ++k)
      if (brute.pareto_optimal(k)) optimal.push_back(brute.outcomes[k]);
    ASSERT_FALSE(optimal.empty());
    for (const auto& outcome : optimal) agreed_list.push_back(outcome);
    for (const auto& agreed : agreed_list) {
      const std::string label = "seed " + std::to_string(seed) + " agreed " + package_text(agreed);
      const auto result = improve_agreement(s, agreed, settings);
      expect_matches_brute_force(s, brute, agreed, result, true, label);
      if (std::find(optimal.begin(), optimal.end(), agreed) != optimal.end()) {
        // A Pareto-optimal agreement has no improvement at all.
        EXPECT_TRUE(result.agreed_is_pareto_optimal) << label;
        EXPECT_TRUE(result.improvements.empty()) << label;
        ++optimal_agreed;
      }
      if (!result.improvements.empty()) ++with_improvements;
      for (const auto& improvement : result.improvements)
        if (improvement.gaining_parties < parties) ++partial;
      // The limit keeps the head of the ranking.
      ImprovementOptions limited = settings;
      limited.limit = 2;
      const auto head = improve_agreement(s, agreed, limited);
      EXPECT_EQ(head.improving_frontier_packages, result.improving_frontier_packages);
      ASSERT_EQ(head.improvements.size(), std::min<std::size_t>(2, result.improvements.size()));
      for (std::size_t r = 0; r < head.improvements.size(); ++r)
        EXPECT_EQ(head.improvements[r].package.outcome, result.improvements[r].package.outcome)
            << label;
      ++checked;
    }
  }
  // The data exercise both findings (and improvements where only some parties gain).
  EXPECT_GT(optimal_agreed, 50u);
  EXPECT_GT(with_improvements, 50u);
  EXPECT_GT(partial, 0u);
  std::cout << checked << " agreed packages checked (" << optimal_agreed << " Pareto-optimal, "
            << with_improvements << " with improvements, " << partial
            << " improvements where only some parties gain)\n";
}

TEST(Improvements, AnApproximateFrontierOnlyListsTrueImprovements) {
  const Scenario s = random_linear_scenario(42, 3, 4, 4);
  const BruteForce brute(s);
  ImprovementOptions settings;
  settings.limit = 1000;
  settings.frontier.method = FrontierMethod::anytime_search;
  settings.frontier.budget = 200'000;
  std::size_t listed = 0;
  for (std::size_t k = 0; k < brute.outcomes.size(); k += 17) {
    const auto result = improve_agreement(s, brute.outcomes[k], settings);
    EXPECT_FALSE(result.exact);
    listed += result.improvements.size();
    for (const auto& improvement : result.improvements) {
      EXPECT_TRUE(
          brute.improves(s.utilities(improvement.package.outcome), s.utilities(brute.outcomes[k])));
      EXPECT_FALSE(improvement.pareto_optimal);
    }
    if (result.agreed_is_pareto_optimal) {
      EXPECT_NE(result.sentences.front().find("may still exist"), std::string::npos);
    }
  }
  EXPECT_GT(listed, 0u);
}

// Two parties, three issues, worked by hand:
//   buyer  weights 0.5 price, 0.3 timing, 0.2 colour; price low 1 high 0; timing five_years 0
//          immediate 1; colour red 0 blue 1.
//   seller weights 0.6 price, 0.3 timing, 0.1 colour; price low 0 high 1; timing five_years 0.5
//          immediate 1; colour red 1 blue 1 (indifferent).
// (price, timing, colour): buyer / seller
//   low  five red 0.5 / 0.25   low  five blue 0.7 / 0.25   low  imm red 0.8 / 0.4
//   low  imm blue 1.0 / 0.4    high five red  0.0 / 0.85   high five blue 0.2 / 0.85
//   high imm red  0.3 / 1.0    high imm blue  0.5 / 1.0
// Frontier: {low imm blue, high imm blue}.
Scenario hand_worked_scenario() {
  const std::vector<Issue> issues = {
      Issue::categorical("price", {{"low", ""}, {"high", ""}}),
      Issue::categorical("timing", {{"five_years", ""}, {"immediate", ""}}),
      Issue::categorical("colour", {{"red", ""}, {"blue", ""}})};
  auto party = [&](std::string name, std::vector<double> weights,
                   std::vector<std::vector<double>> tables) {
    std::vector<ValueFunction> functions;
    for (auto& table : tables) functions.push_back(ValueFunction::from_utilities(table));
    Party p;
    p.name = std::move(name);
    p.utility =
        std::make_shared<LinearAdditiveUtility>(issues, std::move(weights), std::move(functions));
    return p;
  };
  std::vector<Party> parties;
  parties.push_back(party("buyer", {0.5, 0.3, 0.2}, {{1, 0}, {0, 1}, {0, 1}}));
  parties.push_back(party("seller", {0.6, 0.3, 0.1}, {{0, 1}, {0.5, 1}, {1, 1}}));
  return Scenario("hand", issues, std::move(parties));
}

TEST(Improvements, HandWorkedTwoPartyExample) {
  const Scenario s = hand_worked_scenario();
  const auto outcome = [&](const char* text) { return s.parse_outcome(text); };
  {
    // Both gain by moving timing and colour.
    const auto result = improve_agreement(s, outcome("price=high, timing=five_years, colour=red"));
    EXPECT_FALSE(result.agreed_is_pareto_optimal);
    EXPECT_EQ(result.frontier_packages, 2u);
    ASSERT_EQ(result.improvements.size(), 1u);
    const Improvement& best = result.improvements[0];
    EXPECT_EQ(best.package.outcome, outcome("price=high, timing=immediate, colour=blue"));
    EXPECT_NEAR(best.gains[0], 0.5, 1e-12);
    EXPECT_NEAR(best.gains[1], 0.15, 1e-12);
    EXPECT_NEAR(best.nash_product_of_gains, 0.075, 1e-12);
    EXPECT_EQ(best.gaining_parties, 2u);
    EXPECT_EQ(best.changed_issues, (std::vector<std::size_t>{1, 2}));
    ASSERT_EQ(result.sentences.size(), 2u);
    EXPECT_EQ(result.sentences[0],
              "1 Pareto-optimal package improves on the agreed package, ranked by the product of "
              "the gains.");
    EXPECT_EQ(result.sentences[1],
              "Every party gains: buyer +0.500, seller +0.150 by changing timing: five_years -> "
              "immediate, colour: red -> blue.");
  }
  {
    // Only the buyer gains (the seller does not care about colour).
    const auto result = improve_agreement(s, outcome("price=high, timing=immediate, colour=red"));
    ASSERT_EQ(result.improvements.size(), 1u);
    EXPECT_EQ(result.improvements[0].gaining_parties, 1u);
    EXPECT_NEAR(result.improvements[0].nash_product_of_gains, 0.2, 1e-12);
    EXPECT_EQ(result.sentences[1],
              "Some parties gain and none loses: buyer +0.200, seller +0.000 by changing colour: "
              "red -> blue.");
  }
  {
    // Two improvements. (high, imm, blue) leaves the buyer at 0.5 (0.3 + 0.2 against 0.5: equal
    // within the tolerance), so only the seller gains, 0.75; (low, imm, blue) gives both
    // 0.5 x 0.15 = 0.075. Every party gaining ranks first despite the smaller product.
    const auto result = improve_agreement(s, outcome("price=low, timing=five_years, colour=red"));
    EXPECT_EQ(result.improving_frontier_packages, 2u);
    ASSERT_EQ(result.improvements.size(), 2u);
    EXPECT_EQ(result.improvements[0].package.outcome,
              outcome("price=low, timing=immediate, colour=blue"));
    EXPECT_EQ(result.improvements[1].package.outcome,
              outcome("price=high, timing=immediate, colour=blue"));
    EXPECT_EQ(result.improvements[1].gaining_parties, 1u);
    EXPECT_EQ(result.improvements[1].gains[0], 0.0);
    EXPECT_NEAR(result.improvements[1].nash_product_of_gains, 0.75, 1e-12);
    EXPECT_EQ(result.sentences[0],
              "2 Pareto-optimal packages improve on the agreed package, ranked by the product of "
              "the gains.");
    ImprovementOptions one;
    one.limit = 1;
    const auto head =
        improve_agreement(s, outcome("price=low, timing=five_years, colour=red"), one);
    EXPECT_EQ(head.improvements.size(), 1u);
    EXPECT_EQ(head.sentences[0],
              "2 Pareto-optimal packages improve on the agreed package; the best 1 are listed, "
              "ranked by the product of the gains.");
  }
  {
    // A frontier package: nothing to improve.
    const auto result = improve_agreement(s, outcome("price=high, timing=immediate, colour=blue"));
    EXPECT_TRUE(result.agreed_is_pareto_optimal);
    EXPECT_TRUE(result.improvements.empty());
    EXPECT_EQ(result.sentences,
              std::vector<std::string>{"The agreed package is Pareto-optimal: no other package "
                                       "makes a party better off without making another worse "
                                       "off."});
  }
}

TEST(Improvements, TextAndJson) {
  const Scenario s = hand_worked_scenario();
  const auto result =
      improve_agreement(s, s.parse_outcome("price=low, timing=five_years, colour=red"));
  const std::string text = render_improvements(s, result);
  EXPECT_NE(text.find("Agreed package: price=low, timing=five_years, colour=red"),
            std::string::npos)
      << text;
  for (const auto& sentence : result.sentences)
    EXPECT_NE(text.find(sentence), std::string::npos) << text;
  const auto json = nlohmann::json::parse(improvements_json(s, result));
  EXPECT_EQ(json["schema"], "parley-improvements/1");
  EXPECT_EQ(json["agreed_is_pareto_optimal"], false);
  EXPECT_EQ(json["improving_frontier_packages"], 2);
  EXPECT_EQ(json["frontier"]["exact"], true);
  ASSERT_EQ(json["improvements"].size(), 2u);
  const auto& first = json["improvements"][0];
  EXPECT_EQ(first["package"]["timing"], "immediate");
  EXPECT_NEAR(first["gains"]["seller"].get<double>(), 0.15, 1e-12);
  EXPECT_EQ(first["changes"][0]["issue"], "timing");
  EXPECT_EQ(first["changes"][0]["from"], "five_years");
  EXPECT_EQ(first["changes"][0]["to"], "immediate");
  EXPECT_EQ(first["sentence"], result.sentences[1]);
  EXPECT_EQ(json["sentences"].size(), 3u);
  // Same inputs, same bytes.
  EXPECT_EQ(improvements_json(s, result), improvements_json(s, result));
}

TEST(Improvements, TheFlagshipExample) {
  Warnings warnings;
  const auto s =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/examples/russia-japan.yaml", warnings);
  ASSERT_TRUE(s->status_quo());
  const BruteForce brute(*s);
  ASSERT_EQ(brute.outcomes.size(), 11'664u);
  std::vector<Outcome> agreed_list = {*s->status_quo()};
  std::mt19937_64 generator(11);
  for (int k = 0; k < 4; ++k)
    agreed_list.push_back(brute.outcomes[generator() % brute.outcomes.size()]);
  // Each party's worst package, and near the frontier: every Pareto-optimal package (by brute
  // force), each with one issue moved to its next option.
  for (std::size_t j = 0; j < s->party_count(); ++j) {
    std::size_t worst = 0;
    for (std::size_t k = 0; k < brute.outcomes.size(); ++k)
      if (brute.utilities[k][j] < brute.utilities[worst][j]) worst = k;
    agreed_list.push_back(brute.outcomes[worst]);
  }
  const auto optimal = brute.all_pareto_optimal();
  for (const std::size_t k : optimal)
    for (std::size_t issue = 0; issue < s->issue_count(); ++issue) {
      Outcome x = brute.outcomes[k];
      x[issue] = (x[issue] + 1) % s->issue(issue).cardinality();
      agreed_list.push_back(x);
    }
  std::size_t optimal_agreed = 0, listed = 0;
  for (const auto method : {FrontierMethod::automatic, FrontierMethod::enumeration}) {
    for (std::size_t k = 0; k < agreed_list.size(); ++k) {
      const Outcome& agreed = agreed_list[k];
      ImprovementOptions settings;
      settings.limit = brute.outcomes.size();
      settings.frontier.method = method;
      const auto start = std::chrono::steady_clock::now();
      const auto result = improve_agreement(*s, agreed, settings);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const std::string label = std::string(to_string(method)) + " agreed " + s->describe(agreed);
      expect_matches_brute_force(*s, brute, agreed, result, false, label);
      optimal_agreed += result.agreed_is_pareto_optimal ? 1 : 0;
      listed += result.improvements.size();
      if (k < 5)
        std::cout << label << ": " << result.improving_frontier_packages << " improvements of "
                  << result.frontier_packages << " frontier packages (" << to_string(result.method)
                  << ", " << seconds << " s)\n";
      if (k == 0) {
        // The status quo (no treaty) is far from the frontier: both sides gain.
        EXPECT_FALSE(result.agreed_is_pareto_optimal);
        ASSERT_FALSE(result.improvements.empty());
        EXPECT_EQ(result.improvements[0].gaining_parties, 2u);
        EXPECT_EQ(result.sentences[1].rfind("Every party gains: japan +", 0), 0u)
            << result.sentences[1];
        std::cout << result.sentences[0] << "\n" << result.sentences[1] << "\n";
      }
    }
  }
  std::cout << optimal.size() << " Pareto-optimal packages; " << agreed_list.size()
            << " agreed packages per method, " << optimal_agreed / 2 << " of them Pareto-optimal, "
            << listed / 2 << " improvements listed\n";
}

TEST(Improvements, BadAgreedPackageNamesTheField) {
  const Scenario s = hand_worked_scenario();
  auto field_of = [&](const Outcome& agreed) -> std::string {
    try {
      improve_agreement(s, agreed);
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find("agreed"), std::string::npos) << error.what();
      return error.field() + " | " + error.found() + " | " + error.expected();
    }
    return "no error";
  };
  EXPECT_EQ(field_of({0, 1}), "agreed | 2 options | 3 (one option per issue)");
  EXPECT_EQ(field_of({0, 1, 0, 0}), "agreed | 4 options | 3 (one option per issue)");
  EXPECT_EQ(field_of({0, 2, 0}), "agreed | option index 2 for issue 'timing' | an index below 2");
}

TEST(Improvements, HonoursCancellation) {
  const Scenario s = random_linear_scenario(5, 3, 4, 4);
  ImprovementOptions settings;
  settings.frontier.cancelled = [] { return true; };
  EXPECT_THROW(improve_agreement(s, Outcome(4, 0), settings), Cancelled);
}

}  // namespace
}  // namespace parley
