// Quorum and veto rules (src/analysis/quorum.cpp, docs/analysis.md "Quorum and veto rules"):
// parse_quorum against a table of inputs, analyse_quorum against an independent brute force on
// random linear-additive scenarios (counts, the passing frontier, the recommended package, veto
// holders), unanimity against parley solve's Nash solution, a hand-worked four-party example,
// and the business-contract example.
#include "parley/analysis/quorum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"
#include "parley/support/error.hpp"
#include "random_scenario.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// Walk-away values in [lowest_walk_away, lowest_walk_away + 0.4]
// (tests/support/random_scenario.hpp).
Scenario quorum_random_scenario(std::uint64_t seed, std::size_t parties, std::size_t issues,
                                std::size_t options, double lowest_walk_away = 0.1) {
  test::RandomScenarioShape shape;
  shape.lowest_walk_away = lowest_walk_away;
  return test::random_linear_scenario(seed, parties, issues, options, shape);
}

// One issue "site" whose options are the packages; utilities[j][o] is party j's utility of
// option o (weight 1 on the one issue).
Scenario one_issue_scenario(const std::vector<std::string>& names,
                            const std::vector<std::vector<double>>& utilities,
                            const std::vector<double>& walk_away) {
  std::vector<Option> options;
  for (std::size_t o = 0; o < utilities.front().size(); ++o)
    options.push_back({"o" + std::to_string(o), ""});
  std::vector<Issue> issues = {Issue::categorical("site", options)};
  std::vector<Party> parties;
  for (std::size_t j = 0; j < names.size(); ++j) {
    Party party;
    party.name = names[j];
    party.utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::vector<double>{1.0},
        std::vector<ValueFunction>{ValueFunction::from_utilities(utilities[j])});
    party.reservation_value = walk_away[j];
    parties.push_back(std::move(party));
  }
  return Scenario("four sites", issues, std::move(parties));
}

// Every outcome with its utilities and who accepts it (u_j >= r_j - 1e-9 * range_j, the ranges
// found by this enumeration), computed without parley's analysis code.
struct Enumerated {
  std::vector<Outcome> outcomes;
  std::vector<std::vector<double>> utilities;
  std::vector<std::vector<bool>> accepts;
};

Enumerated enumerate_space(const Scenario& s) {
  Enumerated e;
  const std::size_t n = s.party_count();
  for (std::uint64_t k = 0; k < s.space().size(); ++k) {
    e.outcomes.push_back(s.space().outcome_at(k));
    std::vector<double> u;
    for (std::size_t j = 0; j < n; ++j) u.push_back(s.party(j).utility->utility(e.outcomes.back()));
    e.utilities.push_back(u);
  }
  std::vector<double> low(n, std::numeric_limits<double>::infinity()), high(n, -low[0]);
  for (const auto& u : e.utilities)
    for (std::size_t j = 0; j < n; ++j)
      low[j] = std::min(low[j], u[j]), high[j] = std::max(high[j], u[j]);
  for (const auto& u : e.utilities) {
    std::vector<bool> yes;
    for (std::size_t j = 0; j < n; ++j) {
      const double range = high[j] > low[j] ? high[j] - low[j] : 1.0;
      yes.push_back(u[j] >= s.party(j).reservation_value - 1e-9 * range);
    }
    e.accepts.push_back(yes);
  }
  return e;
}

bool brute_passes(std::size_t required, const std::vector<std::size_t>& veto,
                  const std::vector<bool>& accepts) {
  std::size_t yes = 0;
  for (bool a : accepts) yes += a ? 1 : 0;
  for (std::size_t v : veto)
    if (!accepts[v]) return false;
  return yes >= required;
}

bool strictly_dominated(const std::vector<double>& x, const Enumerated& e) {
  for (const auto& y : e.utilities) {
    bool at_least = true, better = false;
    for (std::size_t j = 0; j < x.size(); ++j) {
      at_least = at_least && y[j] >= x[j];
      better = better || y[j] > x[j];
    }
    if (at_least && better) return true;
  }
  return false;
}

// The stated criterion: the number of acceptances, then the product over the parties that
// accept of max(0, u_j - r_j) / (I_j - r_j) (1 when I_j = r_j), `ideal` I_j per party.
std::pair<std::size_t, double> criterion_of(const Scenario& s, const std::vector<double>& u,
                                            const std::vector<bool>& accepts,
                                            const std::vector<double>& ideal) {
  std::size_t count = 0;
  double product = 1.0;
  for (std::size_t j = 0; j < u.size(); ++j) {
    if (!accepts[j]) continue;
    ++count;
    const double r = s.party(j).reservation_value, span = std::max(0.0, ideal[j] - r);
    product *= span > 0.0 ? std::min(1.0, std::max(0.0, u[j] - r) / span) : 1.0;
  }
  return {count, product};
}

std::optional<Outcome> solve_nash(const Scenario& s) {
  for (const auto& solution : analyse(s).solutions)
    if (solution.kind == SolutionKind::nash) return solution.packages.front().outcome;
  return std::nullopt;
}

// Checks one rule on one scenario against the enumeration.
void check_against_brute_force(const Scenario& s, const Enumerated& e, const QuorumRule& rule,
                               const std::string& where) {
  const QuorumAnalysis a = analyse_quorum(s, rule);
  const std::size_t n = s.party_count();
  ASSERT_TRUE(a.counted_exactly) << where;
  ASSERT_TRUE(a.frontier_exact) << where;
  EXPECT_EQ(a.total, e.outcomes.size()) << where;
  std::uint64_t passing = 0, unanimous = 0;
  std::set<Outcome> efficient_passing;
  std::vector<std::size_t> efficient_index;
  for (std::size_t k = 0; k < e.outcomes.size(); ++k) {
    if (!brute_passes(rule.required, rule.veto, e.accepts[k])) continue;
    ++passing;
    if (std::count(e.accepts[k].begin(), e.accepts[k].end(), true) == static_cast<long>(n))
      ++unanimous;
    if (!strictly_dominated(e.utilities[k], e)) {
      efficient_passing.insert(e.outcomes[k]);
      efficient_index.push_back(k);
    }
  }
  EXPECT_EQ(a.passing, passing) << where;
  EXPECT_EQ(a.unanimous, unanimous) << where;
  std::set<Outcome> listed;
  for (const auto& p : a.frontier) listed.insert(p.package.outcome);
  EXPECT_EQ(listed, efficient_passing) << where;
  EXPECT_EQ(listed.size(), a.frontier.size()) << where << ": a package listed twice";

  // Exposure and pivotal parties over the listed packages, and each package's own flags.
  std::vector<std::uint64_t> left_out(n, 0);
  std::vector<bool> pivotal(n, false);
  for (const auto& p : a.frontier) {
    const auto k = s.space().index_of(p.package.outcome);
    EXPECT_EQ(p.accepts, e.accepts[k]) << where;
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < n; ++j) {
      if (!e.accepts[k][j]) {
        out.push_back(j);
        ++left_out[j];
        continue;
      }
      auto without = e.accepts[k];
      without[j] = false;
      if (!brute_passes(rule.required, rule.veto, without)) pivotal[j] = true;
    }
    EXPECT_EQ(p.left_out, out) << where;
    for (std::size_t v : rule.veto) EXPECT_TRUE(p.accepts[v]) << where << ": veto holder left out";
  }
  EXPECT_EQ(a.left_out_count, left_out) << where;
  EXPECT_EQ(a.pivotal, pivotal) << where;

  // The recommended package maximises the criterion over the efficient passing packages.
  if (efficient_index.empty()) {
    EXPECT_FALSE(a.recommended) << where;
    return;
  }
  ASSERT_TRUE(a.recommended) << where;
  std::vector<double> ideal(s.party_count(), -1e300);
  std::size_t most = 0;
  for (std::size_t k : efficient_index)
    for (std::size_t j = 0; j < s.party_count(); ++j) {
      if (e.accepts[k][j]) ideal[j] = std::max(ideal[j], e.utilities[k][j]);
      most = std::max<std::size_t>(most, static_cast<std::size_t>(std::count(
                                             e.accepts[k].begin(), e.accepts[k].end(), true)));
    }
  double best = -1.0, second = -1.0;
  Outcome argmax;
  for (std::size_t k : efficient_index) {
    const auto [count, value] = criterion_of(s, e.utilities[k], e.accepts[k], ideal);
    if (count != most) continue;
    if (value > best) {
      second = best;
      best = value;
      argmax = e.outcomes[k];
    } else {
      second = std::max(second, value);
    }
  }
  const auto [chosen_count, chosen] =
      criterion_of(s, a.recommended->package.utilities, a.recommended->accepts, ideal);
  EXPECT_EQ(chosen_count, most) << where;
  EXPECT_GE(chosen, best - 1e-9) << where;
  if (best - second > 1e-6) {
    EXPECT_EQ(a.recommended->package.outcome, argmax) << where;
  }
  // With everyone on board: parley solve's Nash package, whatever the rule.
  const auto nash = solve_nash(s);
  ASSERT_EQ(a.recommended_with_everyone.has_value(), nash.has_value()) << where;
  if (nash) {
    EXPECT_EQ(a.recommended_with_everyone->package.outcome, *nash) << where;
  }
}

// ---------------------------------------------------------------------------------------------
// parse_quorum, QuorumRule::text, passes

struct ParseCase {
  std::size_t parties;
  std::string required;
  std::vector<std::string> veto;
  std::size_t expected_required;
  std::vector<std::size_t> expected_veto;
};

TEST(QuorumParse, Table) {
  const std::vector<ParseCase> cases = {
      {4, "all", {}, 4, {}},      {4, "unanimity", {}, 4, {}}, {4, " All ", {}, 4, {}},
      {4, "n-1", {}, 3, {}},      {4, "n-3", {}, 1, {}},       {4, "n-0", {}, 4, {}},
      {4, "majority", {}, 3, {}}, {5, "majority", {}, 3, {}},  {6, "majority", {}, 4, {}},
      {3, "majority", {}, 2, {}}, {4, "2/3", {}, 3, {}},       {6, "2/3", {}, 4, {}},
      {5, "2/3", {}, 4, {}},      {3, "2/3", {}, 2, {}},       {4, "2", {}, 2, {}},
      {4, "4", {}, 4, {}},        {4, "1", {}, 1, {}},         {4, "n-1", {"p2", "p0"}, 3, {2, 0}},
      {5, "2/3", {"p4"}, 4, {4}},
  };
  for (const auto& c : cases) {
    const Scenario s = quorum_random_scenario(7, c.parties, 2, 2);
    const QuorumRule rule = parse_quorum(s, c.required, c.veto);
    EXPECT_EQ(rule.required, c.expected_required) << c.required << " with " << c.parties;
    EXPECT_EQ(rule.veto, c.expected_veto) << c.required;
  }
}

struct BadCase {
  std::string required;
  std::vector<std::string> veto;
  std::string field;
};

TEST(QuorumParse, BadInputsNameTheField) {
  const Scenario s = quorum_random_scenario(7, 4, 2, 2);
  const std::vector<BadCase> cases = {
      {"0", {}, "quorum"},       {"7", {}, "quorum"},         {"5", {}, "quorum"},
      {"n-9", {}, "quorum"},     {"n-4", {}, "quorum"},       {"abc", {}, "quorum"},
      {"", {}, "quorum"},        {"-1", {}, "quorum"},        {"2.5", {}, "quorum"},
      {"n-", {}, "quorum"},      {"n", {}, "quorum"},         {"3/4", {}, "quorum"},
      {"2", {"nobody"}, "veto"}, {"2", {"p1", "p1"}, "veto"}, {"all", {"P1"}, "veto"},
  };
  for (const auto& c : cases) {
    try {
      (void)parse_quorum(s, c.required, c.veto);
      ADD_FAILURE() << "accepted '" << c.required << "'";
    } catch (const InputError& error) {
      EXPECT_EQ(error.field(), c.field) << c.required;
      EXPECT_NE(std::string(error.what()).find(c.field + ": found"), std::string::npos)
          << error.what();
      EXPECT_EQ(error.file(), s.name());
    }
  }
  // The message says what a good value would be.
  try {
    (void)parse_quorum(s, "7", {});
  } catch (const InputError& error) {
    EXPECT_NE(error.expected().find("from 1 to 4"), std::string::npos) << error.what();
  }
  try {
    (void)parse_quorum(s, "2", {"nobody"});
  } catch (const InputError& error) {
    EXPECT_NE(error.expected().find("p0, p1, p2, p3"), std::string::npos) << error.what();
  }
}

TEST(QuorumParse, RulesThatDoNotFitAreRefusedByTheAnalysis) {
  const Scenario s = quorum_random_scenario(7, 4, 2, 2);
  for (const auto& [rule, field] :
       std::vector<std::pair<QuorumRule, std::string>>{{QuorumRule{0, {}}, "quorum"},
                                                       {QuorumRule{5, {}}, "quorum"},
                                                       {QuorumRule{2, {4}}, "veto"},
                                                       {QuorumRule{2, {1, 1}}, "veto"}}) {
    try {
      (void)analyse_quorum(s, rule);
      ADD_FAILURE() << "accepted a rule of " << rule.required;
    } catch (const InputError& error) {
      EXPECT_EQ(error.field(), field);
    }
  }
}

TEST(QuorumParse, Text) {
  const Scenario four = quorum_random_scenario(7, 4, 2, 2);
  const Scenario five = quorum_random_scenario(7, 5, 2, 2);
  EXPECT_EQ(parse_quorum(four, "n-1", {"p1"}).text(four), "3 of 4 parties, including p1");
  EXPECT_EQ(parse_quorum(four, "all", {"p1"}).text(four), "every party");
  EXPECT_EQ(parse_quorum(four, "n-1", {}).text(four), "3 of 4 parties");
  EXPECT_EQ(parse_quorum(five, "2", {"p0", "p3"}).text(five),
            "2 of 5 parties, including p0 and p3");
  EXPECT_EQ(parse_quorum(five, "2/3", {"p4", "p0", "p2"}).text(five),
            "4 of 5 parties, including p4, p0 and p2");
}

TEST(QuorumPasses, Table) {
  // Required acceptances, veto holders ("-": none), the acceptances, whether the deal passes.
  struct Case {
    std::size_t required;
    const char* veto;
    const char* accepts;
    bool expected;
  };
  const std::vector<Case> cases = {
      {3, "-", "yyyn", true},   {3, "-", "ynyn", false},
      {3, "3", "yyyn", false},  // the veto holder refuses
      {3, "0", "yyyn", true},   {2, "012", "yyny", false},
      {2, "012", "yyyn", true}, {4, "-", "yyyy", true},
      {1, "-", "nnnn", false},
  };
  for (const auto& c : cases) {
    QuorumRule rule;
    rule.required = c.required;
    for (const char* v = c.veto; *v != '\0' && *v != '-'; ++v)
      rule.veto.push_back(static_cast<std::size_t>(*v - '0'));
    std::vector<bool> accepts;
    for (const char* a = c.accepts; *a != '\0'; ++a) accepts.push_back(*a == 'y');
    EXPECT_EQ(passes(rule, accepts), c.expected) << c.required << " " << c.veto << " " << c.accepts;
  }
}

// ---------------------------------------------------------------------------------------------
// Brute force on random scenarios

TEST(QuorumBruteForce, CountsFrontierRecommendedPivotalAgainstEnumeration) {
  int rules_checked = 0, with_left_out = 0, without_recommendation = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const std::size_t parties = 3 + seed % 3, issues = 2 + seed % 2, options = 2 + seed % 3;
    // Every other scenario with demanding walk-aways (0.5 to 0.9), so that some rules let
    // nothing pass.
    const Scenario s =
        quorum_random_scenario(seed, parties, issues, options, seed % 2 == 0 ? 0.5 : 0.1);
    const Enumerated e = enumerate_space(s);
    std::vector<std::vector<std::size_t>> vetoes = {{}, {seed % parties}, {0, parties - 1}};
    for (std::size_t required = 1; required <= parties; ++required)
      for (const auto& veto : vetoes) {
        const QuorumRule rule{required, veto};
        const std::string where = "seed " + std::to_string(seed) + ", " + rule.text(s);
        check_against_brute_force(s, e, rule, where);
        const auto a = analyse_quorum(s, rule);
        with_left_out += a.recommended && !a.recommended->left_out.empty() ? 1 : 0;
        without_recommendation += a.recommended ? 0 : 1;
        ++rules_checked;
      }
  }
  // The cases are not all of one kind: some recommendations leave parties out, some rules let
  // nothing pass.
  EXPECT_GT(with_left_out, 20);
  EXPECT_GT(without_recommendation, 5);
  EXPECT_EQ(rules_checked, 30 * 3 * 4);
}

TEST(QuorumBruteForce, UnanimityWithoutVetoIsParleySolvesNash) {
  int compared = 0;
  for (std::uint64_t seed = 100; seed < 130; ++seed) {
    const Scenario s = quorum_random_scenario(seed, 3 + seed % 3, 2 + seed % 2, 2 + seed % 3);
    const QuorumAnalysis a = analyse_quorum(s, parse_quorum(s, "unanimity", {}));
    const auto nash = solve_nash(s);
    ASSERT_EQ(a.recommended.has_value(), nash.has_value()) << "seed " << seed;
    if (!nash) continue;
    EXPECT_EQ(a.recommended->package.outcome, *nash) << "seed " << seed;
    EXPECT_TRUE(a.recommended->left_out.empty());
    // Under unanimity the passing frontier is the zone of agreement's frontier.
    const AgreementZone zone = analyse(s).zone;
    ASSERT_EQ(a.frontier.size(), zone.rational_frontier.size());
    for (std::size_t k = 0; k < a.frontier.size(); ++k)
      EXPECT_EQ(a.frontier[k].package.outcome, zone.rational_frontier[k].outcome);
    EXPECT_EQ(a.passing, a.unanimous);
    EXPECT_EQ(a.passing, *zone.rational_count);
    ++compared;
  }
  EXPECT_GT(compared, 10);
}

TEST(QuorumBruteForce, AVetoHolderWhoRefusesBlocksEveryPackage) {
  for (std::uint64_t seed = 200; seed < 215; ++seed) {
    const Scenario s = quorum_random_scenario(seed, 4, 3, 3);
    const Enumerated e = enumerate_space(s);
    for (std::size_t holder = 0; holder < 4; ++holder) {
      const QuorumRule rule = parse_quorum(s, "1", {s.party(holder).name});
      std::uint64_t holder_accepts = 0;
      for (std::size_t k = 0; k < e.outcomes.size(); ++k) {
        if (!e.accepts[k][holder]) {
          EXPECT_FALSE(passes(rule, e.accepts[k])) << "seed " << seed;
        } else {
          EXPECT_TRUE(passes(rule, e.accepts[k])) << "seed " << seed;
          ++holder_accepts;
        }
      }
      // With one acceptance needed, the packages that pass are exactly those the holder accepts.
      const QuorumAnalysis a = analyse_quorum(s, rule);
      EXPECT_EQ(a.passing, holder_accepts);
      for (const auto& p : a.frontier) EXPECT_TRUE(p.accepts[holder]);
      EXPECT_EQ(a.left_out_count[holder], 0u);
      if (!a.frontier.empty()) {
        EXPECT_TRUE(a.pivotal[holder]);
      }
    }
  }
}

TEST(QuorumBruteForce, TooLargeToCountIsSaidNotGuessed) {
  const Scenario s = quorum_random_scenario(3, 4, 3, 4);  // 64 packages
  const QuorumAnalysis a = analyse_quorum(s, parse_quorum(s, "n-1", {}), {}, 63);
  EXPECT_FALSE(a.counted_exactly);
  EXPECT_EQ(a.passing, 0u);
  EXPECT_EQ(a.unanimous, 0u);
  EXPECT_EQ(a.total, 0u);
  ASSERT_FALSE(a.sentences.empty());
  EXPECT_NE(a.sentences.front().find("not counted"), std::string::npos) << a.sentences.front();
  // The frontier part does not depend on counting.
  const QuorumAnalysis counted = analyse_quorum(s, parse_quorum(s, "n-1", {}), {}, 64);
  EXPECT_TRUE(counted.counted_exactly);
  EXPECT_EQ(counted.total, 64u);
  ASSERT_EQ(a.frontier.size(), counted.frontier.size());
  const auto json = nlohmann::json::parse(quorum_json(s, a));
  EXPECT_TRUE(json["counts"]["passing"].is_null());
  EXPECT_FALSE(json["counts"]["exact"].get<bool>());
}

TEST(QuorumBruteForce, CancelledStops) {
  const Scenario s = quorum_random_scenario(3, 4, 3, 4);
  FrontierOptions options;
  options.cancelled = [] { return true; };
  EXPECT_THROW((void)analyse_quorum(s, parse_quorum(s, "n-1", {}), options), Cancelled);
}

// ---------------------------------------------------------------------------------------------
// Hand-worked example.
//
// Four parties choose one of five sites (one issue; utility = the table below):
//
//   site    north  south  east   west
//   o0      0.9    0.2    0.8    0.1
//   o1      0.6    0.7    0.5    0.4
//   o2      0.3    0.8    0.6    0.9
//   o3      0.2    0.1    0.3    1.0
//   o4      0.55   0.6    0.45   0.38     (dominated by o1: worse for everyone)
//   walk    0.5    0.5    0.55   0.35
//
// o0..o3 are efficient (each is someone's best, or o1: better than o0 for south, than o2 and o3
// for north); frontier order by north's utility: o0, o1, o2, o3. Who accepts (u >= walk-away):
//   o0: north, east (2)   o1: north, south, west (3)   o2: south, east, west (3)
//   o3: west (1)          o4: north, south, west (3)
// Nobody accepts every site: unanimity lets nothing pass.
//
// 3 of 4 ("n-1" = "majority"): o1, o2, o4 pass (3 counted); efficient: o1, o2. Products of gains
// of those who accept: o1 = 0.1 * 0.2 * 0.05 = 0.001, o2 = 0.3 * 0.05 * 0.55 = 0.00825: o2,
// leaving out north (0.3 against 0.5). North is left out once (o2), east once (o1); in each,
// the three who accept are exactly the three needed: everyone is pivotal.
// 3 of 4 including east: only o2 (o1 lacks east) passes; north is left out of it.
// 2 of 4: o0, o1, o2, o4 pass; o0 has two acceptances, o1 and o2 three: o1 or o2. Ideals over
// the passing efficient o0..o2: north 0.9 (gain 0.4), south 0.8 (0.3), east 0.8 (0.25), west
// 0.9 (0.55); relative products o1 = 0.25 * 0.667 * 0.091 = 0.015, o2 = 1 * 0.2 * 1 = 0.2: o2,
// leaving out north. Only north and east are pivotal (o0 has exactly two acceptances; o1 and o2
// have three). Everyone is left out once.
// The other rules, by relative gains over their candidates (ideals over o1, o2: north 0.6,
// south 0.8, east 0.6, west 0.9): o1 = 1 * 0.667 * 0.091 = 0.061, o2 = 1 * 1 * 1 = 1: o2.
// 2 of 4 including west: o0 fails (west refuses); o1, o2 pass and o2 wins again; west is the
// only pivotal party (the veto holder; o1 and o2 have a spare acceptance).

Scenario four_sites() {
  return one_issue_scenario({"north", "south", "east", "west"},
                            {{0.9, 0.6, 0.3, 0.2, 0.55},
                             {0.2, 0.7, 0.8, 0.1, 0.6},
                             {0.8, 0.5, 0.6, 0.3, 0.45},
                             {0.1, 0.4, 0.9, 1.0, 0.38}},
                            {0.5, 0.5, 0.55, 0.35});
}

struct HandCase {
  std::string required;
  std::vector<std::string> veto;
  std::uint64_t passing;
  std::vector<ValueIndex> frontier;  // sites, frontier order
  std::optional<ValueIndex> recommended;
  std::vector<std::size_t> left_out;  // of the recommended site
  std::vector<std::uint64_t> left_out_count;
  std::vector<bool> pivotal;
};

TEST(QuorumHandWorked, FourSites) {
  const Scenario s = four_sites();
  const std::vector<HandCase> cases = {
      {"all", {}, 0, {}, std::nullopt, {}, {0, 0, 0, 0}, {false, false, false, false}},
      {"n-1", {}, 3, {1, 2}, 2, {0}, {1, 0, 1, 0}, {true, true, true, true}},
      {"majority", {}, 3, {1, 2}, 2, {0}, {1, 0, 1, 0}, {true, true, true, true}},
      {"n-1", {"east"}, 1, {2}, 2, {0}, {1, 0, 0, 0}, {false, true, true, true}},
      {"2", {}, 4, {0, 1, 2}, 2, {0}, {1, 1, 1, 1}, {true, false, true, false}},
      {"2", {"west"}, 3, {1, 2}, 2, {0}, {1, 0, 1, 0}, {false, false, false, true}},
  };
  for (const auto& c : cases) {
    const QuorumAnalysis a = analyse_quorum(s, parse_quorum(s, c.required, c.veto));
    const std::string where = a.rule.text(s);
    EXPECT_EQ(a.total, 5u);
    EXPECT_EQ(a.passing, c.passing) << where;
    EXPECT_EQ(a.unanimous, 0u) << where;
    EXPECT_EQ(a.frontier_size, 4u);
    std::vector<ValueIndex> sites;
    for (const auto& p : a.frontier) sites.push_back(p.package.outcome[0]);
    EXPECT_EQ(sites, c.frontier) << where;
    ASSERT_EQ(a.recommended.has_value(), c.recommended.has_value()) << where;
    if (c.recommended) {
      EXPECT_EQ(a.recommended->package.outcome[0], *c.recommended) << where;
      EXPECT_EQ(a.recommended->left_out, c.left_out) << where;
    }
    EXPECT_FALSE(a.recommended_with_everyone) << where;
    EXPECT_EQ(a.left_out_count, c.left_out_count) << where;
    EXPECT_EQ(a.pivotal, c.pivotal) << where;
  }
}

TEST(QuorumHandWorked, SentencesTextAndJson) {
  const Scenario s = four_sites();
  const QuorumAnalysis a = analyse_quorum(s, parse_quorum(s, "n-1", {"east"}));
  ASSERT_GE(a.sentences.size(), 3u);
  EXPECT_EQ(a.sentences[0],
            "Under 3 of 4 parties, including east, 1 of 5 packages pass (0 with "
            "everyone).");
  EXPECT_EQ(a.sentences[1], "1 of the 4 efficient packages pass.");
  EXPECT_NE(a.sentences[2].find("leaves out north (who gets 0.3 against its walk-away 0.5)"),
            std::string::npos)
      << a.sentences[2];
  const std::string text = render_quorum(s, a);
  EXPECT_NE(text.find("Quorum rule: 3 of 4 parties, including east"), std::string::npos) << text;
  EXPECT_NE(text.find("site: o2"), std::string::npos) << text;
  const auto json = nlohmann::json::parse(quorum_json(s, a));
  EXPECT_EQ(json["schema"], "parley-quorum/1");
  EXPECT_EQ(json["rule"]["required"], 3);
  EXPECT_EQ(json["rule"]["veto"], nlohmann::json::array({"east"}));
  EXPECT_EQ(json["counts"]["passing"], 1);
  EXPECT_EQ(json["counts"]["outcomes"], "5");
  EXPECT_EQ(json["recommended"]["values"], nlohmann::json::array({2}));
  EXPECT_EQ(json["recommended"]["left_out"], nlohmann::json::array({"north"}));
  EXPECT_TRUE(json["recommended_with_everyone"].is_null());
  EXPECT_EQ(json["parties"][0]["left_out_count"], 1);
  EXPECT_EQ(json["parties"][2]["pivotal"], true);
  EXPECT_EQ(json["frontier"]["passing"].size(), 1u);
  // The same inputs give the same bytes.
  EXPECT_EQ(quorum_json(s, a), quorum_json(s, analyse_quorum(s, parse_quorum(s, "n-1", {"east"}))));
}

// ---------------------------------------------------------------------------------------------
// An example file (two parties: unanimity is solve's Nash, one acceptance lets more pass).

TEST(QuorumExample, BusinessContract) {
  Warnings warnings;
  const ScenarioPtr s =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/examples/business-contract.yaml", warnings);
  const Enumerated e = enumerate_space(*s);
  const Analysis solved = analyse(*s);
  for (const auto& [required, veto] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"all", {}}, {"1", {}}, {"1", {"supplier"}}, {"majority", {}}}) {
    const QuorumRule rule = parse_quorum(*s, required, veto);
    const QuorumAnalysis a = analyse_quorum(*s, rule);
    std::uint64_t passing = 0, unanimous = 0;
    for (const auto& accepts : e.accepts) {
      if (!brute_passes(rule.required, rule.veto, accepts)) continue;
      ++passing;
      unanimous += std::count(accepts.begin(), accepts.end(), false) == 0 ? 1 : 0;
    }
    EXPECT_EQ(a.total, 1296u);
    EXPECT_EQ(a.passing, passing) << required;
    EXPECT_EQ(a.unanimous, unanimous) << required;
    EXPECT_EQ(a.frontier_size, solved.frontier.packages.size());
    ASSERT_TRUE(a.recommended_with_everyone);
    EXPECT_EQ(a.recommended_with_everyone->package.outcome,
              solved.solutions.front().packages.front().outcome);
    if (rule.required == 2) {
      ASSERT_TRUE(a.recommended);
      EXPECT_EQ(a.recommended->package.outcome, solved.solutions.front().packages.front().outcome);
      EXPECT_EQ(a.frontier.size(), solved.zone.rational_frontier.size());
    } else {
      EXPECT_GT(a.passing, a.unanimous) << required;
      EXPECT_GT(a.frontier.size(), solved.zone.rational_frontier.size()) << required;
    }
  }
}

}  // namespace
}  // namespace parley
