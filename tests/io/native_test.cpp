// The native YAML format: examples load with hand-computed utilities, the writer round-trips every
// value-function kind exactly, and every class of bad input gives an InputError naming the file,
// line, column and field.
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "parley/io/io.hpp"
#include "parley/support/error.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;

std::string example(const std::string& name) {
  return (test::source_dir() / "examples" / name).string();
}

ScenarioPtr load_example(const std::string& name) {
  Warnings warnings;
  auto scenario = load_native(example(name), warnings);
  EXPECT_TRUE(warnings.empty()) << name << ": " << (warnings.empty() ? "" : warnings.front());
  return scenario;
}

double utility_of(const Scenario& s, const std::string& party, const std::string& package) {
  return s.utility(*s.find_party(party), s.parse_outcome(package));
}

// Every outcome (the examples are small) or a deterministic sample of them.
void expect_same_utilities(const Scenario& a, const Scenario& b) {
  ASSERT_EQ(a.issue_count(), b.issue_count());
  ASSERT_EQ(a.party_count(), b.party_count());
  for (std::size_t i = 0; i < a.issue_count(); ++i) {
    EXPECT_EQ(a.issue(i).name(), b.issue(i).name());
    EXPECT_EQ(a.issue(i).kind(), b.issue(i).kind());
    EXPECT_EQ(a.issue(i).cardinality(), b.issue(i).cardinality());
    EXPECT_EQ(a.issue(i).label(), b.issue(i).label());
    EXPECT_EQ(a.issue(i).description(), b.issue(i).description());
    for (ValueIndex v = 0; v < a.issue(i).cardinality(); ++v)
      EXPECT_EQ(a.issue(i).value_label(v), b.issue(i).value_label(v));
  }
  for (std::size_t p = 0; p < a.party_count(); ++p) {
    EXPECT_EQ(a.party(p).name, b.party(p).name);
    EXPECT_EQ(a.party(p).reservation_value, b.party(p).reservation_value);
    EXPECT_EQ(a.party(p).reservation_outcome, b.party(p).reservation_outcome);
    EXPECT_EQ(a.party(p).discount_factor, b.party(p).discount_factor);
    EXPECT_EQ(a.party(p).utility->kind_name(), b.party(p).utility->kind_name());
    EXPECT_EQ(a.party(p).notes, b.party(p).notes);
    EXPECT_EQ(a.party(p).description, b.party(p).description);
  }
  ASSERT_TRUE(a.can_enumerate(1'000'000));
  Outcome outcome(a.issue_count(), 0);
  std::size_t compared = 0;
  do {
    for (std::size_t p = 0; p < a.party_count(); ++p)
      ASSERT_EQ(a.utility(p, outcome), b.utility(p, outcome))
          << a.party(p).name << " at " << a.describe(outcome);
    ++compared;
  } while (a.space().next(outcome));
  EXPECT_EQ(compared, a.space().size());
}

ScenarioPtr round_trip(const Scenario& scenario) {
  Warnings warnings;
  auto again = parse_native(to_native(scenario), "round-trip.yaml", warnings);
  EXPECT_TRUE(warnings.empty()) << (warnings.empty() ? "" : warnings.front());
  return again;
}

// --- The examples -------------------------------------------------------------------------

TEST(NativeExamples, RussiaJapanUtilitiesByHand) {
  const auto s = load_example("russia-japan.yaml");
  EXPECT_EQ(s->issue_count(), 8u);
  EXPECT_EQ(s->party_count(), 2u);
  EXPECT_EQ(s->space().size(), 11664u);  // 3^4 * 3 * 4 * 3 * 4
  EXPECT_TRUE(s->is_linear_additive());
  EXPECT_EQ(s->issue(0).label(), "Sovereignty of the Habomai islets");
  EXPECT_EQ(s->issue(3).options().size(), 3u);  // the &sovereignty alias is expanded
  const std::string deal =
      "habomai=transferred, shikotan=transferred, kunashir=joint, iturup=russia, "
      "economy=russian_law, travel=residence, military=demilitarised, timing=five_years";
  // Japan: .13*1 + .13*1 + .17*.6 + .19*0 + .06*0 + .14*1 + .08*.5 + .10*.8 = 0.622
  EXPECT_NEAR(utility_of(*s, "japan", deal), 0.622, 1e-12);
  // Russia: .05*.3 + .07*.2 + .16*.5 + .20*1 + .16*1 + .03*.2 + .25*1 + .08*.3 = 0.749
  EXPECT_NEAR(utility_of(*s, "russia", deal), 0.749, 1e-12);
  const std::string status_quo =
      "habomai=russia, shikotan=russia, kunashir=russia, iturup=russia, economy=none, "
      "travel=current, military=unrestricted, timing=immediate";
  // Japan: .06*.3 + .08*1 + .10*1 = 0.198; Russia: .05+.07+.16+.20 + .16*.2 + .03*1 = 0.542
  EXPECT_NEAR(utility_of(*s, "japan", status_quo), 0.198, 1e-12);
  EXPECT_NEAR(utility_of(*s, "russia", status_quo), 0.542, 1e-12);
  EXPECT_EQ(s->party(0).reservation_value, 0.5);
  EXPECT_EQ(s->party(1).reservation_value, 0.6);
  EXPECT_FALSE(s->party(0).notes.empty());
}

TEST(NativeExamples, RussiaJapanStatusQuoByHand) {
  const auto s = load_example("russia-japan.yaml");
  ASSERT_TRUE(s->status_quo().has_value());
  EXPECT_EQ(s->describe(*s->status_quo()),
            "habomai=russia, shikotan=russia, kunashir=russia, iturup=russia, economy=none, "
            "travel=current, military=unrestricted, timing=immediate");
  // japan: economy none .06 * 3/10 + military unrestricted .08 * 1 + timing immediate .10 * 1.
  EXPECT_NEAR(s->utility(0, *s->status_quo()), 0.018 + 0.08 + 0.10, 1e-12);
  // russia: the four islands .05 + .07 + .16 + .20, economy none .16 * 2/10, travel current .03.
  EXPECT_NEAR(s->utility(1, *s->status_quo()), 0.48 + 0.032 + 0.03, 1e-12);
  // The walk-away values stay the numbers written (the status quo does not replace them).
  EXPECT_EQ(s->party(0).reservation_value, 0.5);
  EXPECT_EQ(s->party(1).reservation_value, 0.6);
  EXPECT_FALSE(s->party(0).reservation_outcome.has_value());
}

TEST(NativeExamples, RussiaJapanHasANonTrivialZoneOfAgreement) {
  const auto s = load_example("russia-japan.yaml");
  Outcome outcome(s->issue_count(), 0);
  std::size_t acceptable = 0;
  do {
    if (s->utility(0, outcome) >= s->party(0).reservation_value &&
        s->utility(1, outcome) >= s->party(1).reservation_value)
      ++acceptable;
  } while (s->space().next(outcome));
  // Counted independently with a brute-force Python script while choosing the numbers.
  EXPECT_EQ(acceptable, 1220u);
}

TEST(NativeExamples, JobOfferUtilitiesByHand) {
  const auto s = load_example("job-offer.yaml");
  EXPECT_EQ(s->issue_count(), 5u);
  EXPECT_EQ(s->party_count(), 2u);
  EXPECT_EQ(s->space().size(), 1512u);
  EXPECT_EQ(s->issue(0).kind(), IssueKind::integer);
  const std::string offer =
      "salary=70, remote=two_days, vacation=28_days, start=in_one_month, title=senior_engineer";
  // Candidate: .40*(.05*(70-60)) + .20*.6 + .10*.6 + .10*1 + .20*1 = 0.68
  EXPECT_NEAR(utility_of(*s, "candidate", offer), 0.68, 1e-12);
  // Employer: .45*(1-.5) + .15*.8 + .15*.7 + .20*.8 + .05*.7 = 0.645
  EXPECT_NEAR(utility_of(*s, "employer", offer), 0.645, 1e-12);
}

TEST(NativeExamples, BusinessContractUtilitiesByHand) {
  const auto s = load_example("business-contract.yaml");
  EXPECT_EQ(s->issue_count(), 4u);
  EXPECT_EQ(s->space().size(), 1296u);
  EXPECT_EQ(s->issue(0).kind(), IssueKind::real);
  EXPECT_EQ(s->party(1).discount_factor, 0.95);
  const std::string contract = "price=9.5, delivery_weeks=8, payment=net_60, warranty=two_years";
  // Buyer: .45*(1-.25*1.5) + .20*(1-.125*6) + .10*.8 + .25*.8 = .28125+.05+.08+.2 = 0.61125
  EXPECT_NEAR(utility_of(*s, "buyer", contract), 0.61125, 1e-12);
  // Supplier: .50*(.25*1.5) + .15*((14-8)/(14-6)) + .25*.5 + .10*.5 = .1875+.1125+.125+.05
  EXPECT_NEAR(utility_of(*s, "supplier", contract), 0.475, 1e-12);
}

TEST(NativeExamples, DivorceSettlementUtilitiesByHand) {
  const auto s = load_example("divorce-settlement.yaml");
  EXPECT_EQ(s->issue_count(), 6u);
  EXPECT_EQ(s->space().size(), 64u);
  const std::string division = "house=alex, cabin=sam, car=alex, savings=sam, piano=sam, dog=alex";
  EXPECT_NEAR(utility_of(*s, "alex", division), 0.35 + 0.08 + 0.15, 1e-12);
  EXPECT_NEAR(utility_of(*s, "sam", division), 0.25 + 0.30 + 0.10, 1e-12);
}

TEST(NativeExamples, EveryExampleRoundTripsExactly) {
  for (const char* name : {"russia-japan.yaml", "job-offer.yaml", "business-contract.yaml",
                           "divorce-settlement.yaml"}) {
    SCOPED_TRACE(name);
    const auto original = load_example(name);
    const auto again = round_trip(*original);
    expect_same_utilities(*original, *again);
    EXPECT_EQ(again->name(), original->name());
    EXPECT_EQ(again->description(), original->description());
    // A second trip writes the same text (the writer is deterministic and stable).
    EXPECT_EQ(to_native(*again), to_native(*round_trip(*again)));
  }
}

TEST(NativeExamples, TheWorkedExampleOfTheDocumentation) {
  std::ifstream in(test::source_dir() / "docs" / "scenario-format.md");
  ASSERT_TRUE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string doc = buffer.str();
  const auto begin = doc.find("```yaml\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = doc.find("```", begin + 8);
  Warnings warnings;
  const auto s =
      parse_native(doc.substr(begin + 8, end - begin - 8), "scenario-format.md", warnings);
  EXPECT_TRUE(warnings.empty());
  const std::string package = "salary=70, remote=two_days, title=senior_engineer";
  // The figures printed in the documentation: .5*.5 + .25*.6 + .25*1 and .6*.5 + .3*.8 + .1*.7
  EXPECT_NEAR(utility_of(*s, "candidate", package), 0.65, 1e-12);
  EXPECT_NEAR(utility_of(*s, "employer", package), 0.61, 1e-12);
}

// --- Round trip of scenarios built in code -----------------------------------------------------

ScenarioPtr every_kind_scenario() {
  std::vector<Issue> issues;
  issues.push_back(Issue::categorical("colour",
                                      {{"null", ""},
                                       {"yes", "a YAML 1.1 boolean word"},
                                       {"a: b", ""},
                                       {"#x", ""},
                                       {" spaced ", ""},
                                       {"ü", "non-ASCII"},
                                       {"1", ""},
                                       {"-", ""}},
                                      "multi\nline description", "The colour"));
  issues.push_back(Issue::integer("count", -3, 4));
  issues.push_back(Issue::real("ratio", 0.1, 0.7, 7, "", ""));
  issues.push_back(Issue::real("level", 1e-3, 1e6, 5));

  std::vector<Party> parties;
  {
    Party p;
    p.name = "scores and numbers";
    p.description = "first party";
    p.notes = "notes: with a colon\nand two lines";
    p.reservation_value = 1.0 / 3.0;
    p.utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::vector<double>{0.1, 0.2, 0.3, 0.4},
        std::vector<ValueFunction>{
            ValueFunction::from_scores({3, 1.0 / 7.0, 0, 9.5, 1e-300, 2, 7, 0.1 + 0.2}),
            ValueFunction::make_linear(-0.15, 1.0, -3.0, false),
            ValueFunction::make_triangular(0.1, 0.9, 1.0 / 3.0),
            ValueFunction::make_linear(1e-6, 0.0, 0.0, true)});
    parties.push_back(std::move(p));
  }
  {
    Party p;
    p.name = "utilities";
    p.discount_factor = 0.7;
    p.utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::vector<double>{0.25, 0.0, 0.6, 0.15},
        std::vector<ValueFunction>{
            ValueFunction::from_utilities({0, 0.125, 1, 0.3, 0.7, 1.0 / 3.0, 0.99, 0.5}),
            ValueFunction::make_constant(0.3), ValueFunction::make_linear(2.0, -0.2, 0.0, true),
            ValueFunction::make_constant(1.0)});
    p.reservation_outcome = Outcome{2, 5, 3, 1};
    p.reservation_value = p.utility->utility(*p.reservation_outcome);
    parties.push_back(std::move(p));
  }
  {
    Party p;
    p.name = "rectangles";
    p.reservation_value = 0.25;
    p.reservation_outcome = Outcome{0, 0, 0, 0};  // kept beside a different walk-away value
    UtilityNode inner;
    inner.aggregation = UtilityNode::Aggregation::max;
    inner.weight = 0.5;
    inner.rectangles.push_back({{{1, -1, 2}, {2, 0.2, 0.5}}, false, 40, 1});
    inner.rectangles.push_back({{{0, 2, 5}}, true, 70, 0.75});
    UtilityNode deeper;
    deeper.aggregation = UtilityNode::Aggregation::min;
    deeper.type = "CustomUfun";
    deeper.rectangles.push_back({{}, false, 11, 1});  // no bounds: covers everything
    deeper.rectangles.push_back({{{3, 0, 100}}, false, 13, 1});
    inner.children.push_back(deeper);
    UtilityNode top;
    top.rectangles.push_back({{{1, 0, 4}, {1, -2, 2}}, false, 30, 1});  // two bounds, one issue
    top.rectangles.push_back({{{1, 0, 4}, {1, -2, 2}}, true, 20, 1});
    top.rectangles.push_back({{}, true, 1000, 1});  // EXCLUDES without bounds: never applies
    top.children.push_back(inner);
    p.utility =
        std::make_shared<HyperRectangleUtility>(issues, std::vector<UtilityNode>{top, inner}, 97.5);
    parties.push_back(std::move(p));
  }
  return std::make_shared<Scenario>("every kind: test", issues, std::move(parties),
                                    "Built in code.");
}

TEST(NativeRoundTrip, EveryValueFunctionKindAndHyperRectangles) {
  const auto original = every_kind_scenario();
  const auto again = round_trip(*original);
  expect_same_utilities(*original, *again);
  EXPECT_EQ(again->issue(0).options()[5].description, "non-ASCII");
  EXPECT_EQ(again->issue(0).description(), "multi\nline description");
  const auto* linear = again->party(1).utility->as_linear_additive();
  ASSERT_NE(linear, nullptr);
  EXPECT_EQ(linear->value_function(0).kind, ValueFunction::Kind::utilities);
  EXPECT_EQ(linear->value_function(1).kind, ValueFunction::Kind::constant);
  const auto* first = again->party(0).utility->as_linear_additive();
  EXPECT_EQ(first->value_function(0).kind, ValueFunction::Kind::scores);
  EXPECT_EQ(first->value_function(2).kind, ValueFunction::Kind::triangular);
  EXPECT_FALSE(first->value_function(1).clip);
  EXPECT_EQ(first->value_function(1).origin, -3.0);
  const auto* rectangles = again->party(2).utility->as_hyper_rectangle();
  ASSERT_NE(rectangles, nullptr);
  EXPECT_EQ(rectangles->max_utility(), 97.5);
  EXPECT_EQ(rectangles->nodes()[1].children[0].type, "CustomUfun");
  EXPECT_EQ(again->party(2).reservation_value, 0.25);
  EXPECT_EQ(again->party(2).reservation_outcome, (Outcome{0, 0, 0, 0}));
  // The hyper-rectangle party really varies (the test would be vacuous on a constant).
  EXPECT_NE(original->utility(2, {0, 0, 0, 0}), original->utility(2, {3, 4, 2, 4}));
}

TEST(NativeRoundTrip, SaveWritesAtomicallyAndLoadsBack) {
  const auto dir = fs::temp_directory_path() / "parley-native-test";
  fs::create_directories(dir);
  const auto path = (dir / "saved.yaml").string();
  const auto original = load_example("business-contract.yaml");
  save_native(*original, path);
  EXPECT_FALSE(fs::exists(path + ".parley-tmp"));
  Warnings warnings;
  const auto again = load_native(path, warnings);
  expect_same_utilities(*original, *again);
  EXPECT_EQ(again->metadata().at("file"), path);
  fs::remove_all(dir);
}

// --- Warnings -----------------------------------------------------------------------------------

const char* const kValid = R"(parley: 1
name: test
issues:
  - name: color
    options: [red, green, blue]
  - name: size
    range: [1, 3]
parties:
  - name: ann
    weights: {color: 0.5, size: 0.5}
    scores:
      color: {red: 10, green: 5, blue: 0}
    functions:
      size: {linear: {slope: 0.5, offset: 0}}
  - name: bob
    walk_away: 0.25
    weights: {color: 0.25, size: 0.75}
    utilities:
      color: {red: 0, green: 0.5, blue: 1}
      size: {"1": 1, "2": 0.5, "3": 0}
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(NativeParse, ValidTextGivesHandComputedUtilities) {
  Warnings warnings;
  const auto s = parse_native(kValid, "valid.yaml", warnings);
  EXPECT_TRUE(warnings.empty());
  // ann: .5 * 5/10 + .5 * (0.5 * (2 - 1)) = 0.5; bob: .25 * .5 + .75 * .5 = 0.5
  EXPECT_DOUBLE_EQ(s->utility(0, {1, 1}), 0.5);
  EXPECT_DOUBLE_EQ(s->utility(1, {1, 1}), 0.5);
  // ann: .5 * 1 + .5 * (0.5 * 2) = 1; bob: .25 * 0 + .75 * 0 = 0
  EXPECT_DOUBLE_EQ(s->utility(0, {0, 2}), 1.0);
  EXPECT_DOUBLE_EQ(s->utility(1, {0, 2}), 0.0);
  EXPECT_EQ(s->party(1).reservation_value, 0.25);
  EXPECT_EQ(s->name(), "test");
}

TEST(NativeParse, WeightsNotSummingToOneAreNormalisedWithAWarning) {
  Warnings warnings;
  const auto s = parse_native(replaced(kValid, "{color: 0.5, size: 0.5}", "{color: 30, size: 10}"),
                              "points.yaml", warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("points.yaml:10:14"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("ann"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("40"), std::string::npos) << warnings[0];
  const auto* linear = s->party(0).utility->as_linear_additive();
  EXPECT_DOUBLE_EQ(linear->weights()[0], 0.75);
  EXPECT_DOUBLE_EQ(linear->weights()[1], 0.25);
  // ann at (green, 2): .75 * .5 + .25 * .5 = 0.5; at (red, 1): .75 * 1 + .25 * 0 = 0.75
  EXPECT_DOUBLE_EQ(s->utility(0, {0, 0}), 0.75);
}

TEST(NativeParse, DiscountOutsideTheUnitIntervalIsIgnoredWithAWarning) {
  Warnings warnings;
  const auto s =
      parse_native(replaced(kValid, "walk_away: 0.25", "walk_away: 0.25\n    discount: 0"),
                   "discount.yaml", warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("discount.yaml:17:15"), std::string::npos) << warnings[0];
  EXPECT_EQ(s->party(1).discount_factor, 1.0);
}

TEST(NativeParse, WalkAwayPackageGivesItsUtility) {
  Warnings warnings;
  const auto s = parse_native(
      replaced(kValid, "walk_away: 0.25", "walk_away_package: {color: green, size: 3}"),
      "package.yaml", warnings);
  // bob at (green, 3): .25 * .5 + .75 * 0 = 0.125
  EXPECT_DOUBLE_EQ(s->party(1).reservation_value, 0.125);
  EXPECT_EQ(s->party(1).reservation_outcome, (Outcome{1, 2}));
}

// --- Status quo -----------------------------------------------------------------------------

// kValid with a status quo (green, 2) that bob walks away to.
std::string with_status_quo(const std::string& package = "{color: green, size: 2}",
                            const std::string& bob_walk_away = "walk_away: status_quo") {
  return replaced(replaced(kValid, "parties:\n", "status_quo: " + package + "\nparties:\n"),
                  "walk_away: 0.25", bob_walk_away);
}

TEST(NativeStatusQuo, WalkAwayToTheStatusQuoIsWorthItsUtility) {
  Warnings warnings;
  const auto s = parse_native(with_status_quo(), "status-quo.yaml", warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_TRUE(s->status_quo().has_value());
  EXPECT_EQ(*s->status_quo(), (Outcome{1, 1}));
  // bob at (green, 2): .25 * .5 + .75 * .5 = 0.5; ann (no walk-away given) keeps 0.
  EXPECT_DOUBLE_EQ(s->party(1).reservation_value, 0.5);
  EXPECT_EQ(s->party(1).reservation_outcome, (Outcome{1, 1}));
  EXPECT_EQ(s->party(0).reservation_value, 0.0);
  EXPECT_FALSE(s->party(0).reservation_outcome.has_value());
  // ann's utility of the status quo: .5 * 5/10 + .5 * (0.5 * (2 - 1)) = 0.5.
  EXPECT_DOUBLE_EQ(s->utilities(*s->status_quo())[0], 0.5);
}

TEST(NativeStatusQuo, AStatusQuoAloneLeavesTheWalkAwayValues) {
  Warnings warnings;
  const auto s = parse_native(with_status_quo("{color: blue, size: 3}", "walk_away: 0.25"),
                              "status-quo.yaml", warnings);
  ASSERT_TRUE(s->status_quo().has_value());
  EXPECT_EQ(*s->status_quo(), (Outcome{2, 2}));
  EXPECT_EQ(s->party(1).reservation_value, 0.25);
  EXPECT_FALSE(s->party(1).reservation_outcome.has_value());
  EXPECT_FALSE(parse_native(kValid, "none.yaml", warnings)->status_quo().has_value());
}

TEST(NativeStatusQuo, RoundTripsThroughTheWriter) {
  Warnings warnings;
  const auto s = parse_native(with_status_quo(), "status-quo.yaml", warnings);
  const std::string text = to_native(*s);
  EXPECT_NE(text.find("status_quo: {color: green, size: 2}"), std::string::npos) << text;
  EXPECT_NE(text.find("walk_away: status_quo"), std::string::npos) << text;
  // bob's package is the status quo: it is not repeated as a walk_away_package.
  EXPECT_EQ(text.find("walk_away_package"), std::string::npos) << text;
  const auto again = round_trip(*s);
  ASSERT_TRUE(again->status_quo().has_value());
  EXPECT_EQ(*again->status_quo(), *s->status_quo());
  expect_same_utilities(*s, *again);
  // The same text again, but for the header's "Written by parley from FILE".
  const auto body = [](const std::string& t) { return t.substr(t.find("parley: 1")); };
  EXPECT_EQ(body(to_native(*again)), body(text));
}

TEST(NativeStatusQuo, AWalkAwayPackageOtherThanTheStatusQuoStaysAPackage) {
  Warnings warnings;
  const auto s = parse_native(
      with_status_quo("{color: green, size: 2}", "walk_away_package: {color: red, size: 1}"),
      "status-quo.yaml", warnings);
  const std::string text = to_native(*s);
  EXPECT_NE(text.find("walk_away_package: {color: red, size: 1}"), std::string::npos) << text;
  EXPECT_EQ(text.find("walk_away: status_quo"), std::string::npos) << text;
  EXPECT_EQ(round_trip(*s)->party(1).reservation_outcome, (Outcome{0, 0}));
}

TEST(NativeStatusQuo, GeniusAndGeniusWebHaveNoStatusQuoAndSaySo) {
  Warnings warnings;
  const auto s = parse_native(with_status_quo(), "status-quo.yaml", warnings);
  const fs::path dir =
      fs::temp_directory_path() / ("parley-status-quo-" + std::to_string(::getpid()));
  Warnings genius_warnings, web_warnings;
  save_genius(*s, (dir / "genius").string(), genius_warnings);
  save_geniusweb(*s, (dir / "web").string(), web_warnings);
  auto mentions = [](const Warnings& list, const std::string& what) {
    for (const auto& w : list)
      if (w.find(what) != std::string::npos && w.find("color=green, size=2") != std::string::npos)
        return true;
    return false;
  };
  EXPECT_TRUE(mentions(genius_warnings, "GENIUS has no status quo"));
  EXPECT_TRUE(mentions(web_warnings, "GeniusWeb has no status quo"));
  // bob's walk-away survives as a number (GENIUS) and as a reservation bid (GeniusWeb).
  Warnings load_warnings;
  const auto genius = load_scenario((dir / "genius").string(), load_warnings);
  EXPECT_FALSE(genius->status_quo().has_value());
  EXPECT_DOUBLE_EQ(genius->party(1).reservation_value, 0.5);
  const auto web = load_scenario((dir / "web").string(), load_warnings);
  EXPECT_FALSE(web->status_quo().has_value());
  EXPECT_DOUBLE_EQ(web->party(1).reservation_value, 0.5);
  fs::remove_all(dir);
}

// Bad status quos and walk-away values: each names the file, line, column and field.
struct BadInput {
  const char* what;
  std::string text;
  long line;
  long column;
  const char* field;
  const char* found;
  const char* expected;
  friend void PrintTo(const BadInput& bad, std::ostream* os) { *os << bad.what; }
};

class NativeBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(NativeBadInput, NamesTheFileLineFieldAndWhatWasExpected) {
  const BadInput& bad = GetParam();
  Warnings warnings;
  try {
    parse_native(bad.text, "bad.yaml", warnings);
    ADD_FAILURE() << bad.what << ": no error";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.file(), "bad.yaml") << message;
    EXPECT_EQ(error.line(), bad.line) << message;
    EXPECT_EQ(error.column(), bad.column) << message;
    EXPECT_EQ(error.field(), bad.field) << message;
    EXPECT_NE(error.found().find(bad.found), std::string::npos) << message;
    EXPECT_NE(error.expected().find(bad.expected), std::string::npos) << message;
  }
}

std::vector<BadInput> bad_status_quos_and_walk_aways() {
  const std::string unclipped = replaced(kValid, "{linear: {slope: 0.5, offset: 0}}",
                                         "{linear: {slope: 1, offset: 0, clip: false}}");
  std::vector<BadInput> cases;
  cases.push_back({"unknown issue in the status quo", with_status_quo("{colour: green, size: 2}"),
                   8, 14, "status_quo", "unknown issue 'colour'",
                   "one of the issues: color, size"});
  cases.push_back({"unknown option in the status quo", with_status_quo("{color: purple, size: 2}"),
                   8, 21, "status_quo.color", "unknown option 'purple'",
                   "one of the options of issue 'color': red, green, blue"});
  cases.push_back({"status quo without an issue", with_status_quo("{color: green}"), 8, 13,
                   "status_quo", "no value for size", "one option for every issue"});
  cases.push_back({"status quo twice an issue", with_status_quo("{color: green, color: red}"), 8,
                   28, "status_quo", "'color' twice", "each name once"});
  cases.push_back({"status quo not a mapping", with_status_quo("green"), 8, 13, "status_quo",
                   "green", "a mapping"});
  cases.push_back({"status quo option a list", with_status_quo("{color: [green], size: 2}"), 8, 21,
                   "status_quo.color", "a list", "an option"});
  cases.push_back({"walk_away status_quo without a status quo",
                   replaced(kValid, "walk_away: 0.25", "walk_away: status_quo"), 16, 16,
                   "parties.bob.walk_away", "the scenario has no status quo",
                   "a top-level 'status_quo: {issue: option, ...}' package"});
  cases.push_back({"walk_away status_quo beside a walk_away_package",
                   with_status_quo("{color: green, size: 2}",
                                   "walk_away: status_quo\n    walk_away_package: {color: red, "
                                   "size: 1}"),
                   18, 5, "parties.bob.walk_away_package", "beside 'walk_away: status_quo'",
                   "one of them"});
  cases.push_back({"walk-away above 1", replaced(kValid, "walk_away: 0.25", "walk_away: 5"), 16, 16,
                   "parties.bob.walk_away", "walk-away value 5", "a utility between 0 and 1"});
  cases.push_back({"negative walk-away", replaced(kValid, "walk_away: 0.25", "walk_away: -3"), 16,
                   16, "parties.bob.walk_away", "walk-away value -3", "a utility between 0 and 1"});
  cases.push_back({"walk-away a word", replaced(kValid, "walk_away: 0.25", "walk_away: statusquo"),
                   16, 16, "parties.bob.walk_away", "statusquo", "a number"});
  // ann unclipped: her best package is worth 1.5 (AWalkAwayWithinAnUnclippedRangeIsAccepted).
  cases.push_back({"walk-away above an unclipped best package",
                   replaced(unclipped, "  - name: ann\n", "  - name: ann\n    walk_away: 1.6\n"),
                   10, 16, "parties.ann.walk_away", "walk-away value 1.6",
                   "a utility between 0 and 1.5"});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(StatusQuoAndWalkAway, NativeBadInput,
                         ::testing::ValuesIn(bad_status_quos_and_walk_aways()),
                         [](const ::testing::TestParamInfo<BadInput>& param_info) {
                           std::string name;
                           for (const char* c = param_info.param.what; *c; ++c)
                             name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
                           return name;
                         });

TEST(NativeParse, AWalkAwayWithinAnUnclippedRangeIsAccepted) {
  // ann's size value 1 * (size - 1) without clipping reaches 2 at size 3: her best package
  // (red, 3) is worth .5 * 1 + .5 * 2 = 1.5, her worst (blue, 1) 0; a walk-away of 1.2 fits.
  Warnings warnings;
  const auto s = parse_native(replaced(replaced(kValid, "{linear: {slope: 0.5, offset: 0}}",
                                                "{linear: {slope: 1, offset: 0, clip: false}}"),
                                       "  - name: ann\n", "  - name: ann\n    walk_away: 1.2\n"),
                              "wide.yaml", warnings);
  EXPECT_DOUBLE_EQ(s->utility(0, {0, 2}), 1.5);
  EXPECT_EQ(s->party(0).reservation_value, 1.2);
}

// --- One test per error class ------------------------------------------------------------------

// Parses `text` and checks the InputError's file, line, column and field, and that its message
// carries "FILE:LINE:COLUMN" and the field.
void expect_error(const std::string& text, long line, long column, const std::string& field,
                  const std::string& found_part) {
  Warnings warnings;
  try {
    parse_native(text, "bad.yaml", warnings);
    ADD_FAILURE() << "no error for " << field;
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.file(), "bad.yaml") << message;
    EXPECT_EQ(error.line(), line) << message;
    EXPECT_EQ(error.column(), column) << message;
    EXPECT_EQ(error.field(), field) << message;
    EXPECT_NE(message.find("bad.yaml:" + std::to_string(line) + ":" + std::to_string(column) +
                           ": " + field),
              std::string::npos)
        << message;
    EXPECT_NE(error.found().find(found_part), std::string::npos) << message;
  }
}

TEST(NativeErrors, MalformedYamlNamesTheLine) {
  Warnings warnings;
  try {
    parse_native(replaced(kValid, "[red, green, blue]", "[red, green, blue"), "bad.yaml", warnings);
    ADD_FAILURE() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), "bad.yaml");
    ASSERT_TRUE(error.line().has_value());
    // yaml-cpp notices the unclosed list when the next key starts (line 6).
    EXPECT_GE(*error.line(), 5);
    EXPECT_LE(*error.line(), 6);
    EXPECT_EQ(error.field(), "YAML syntax");
    EXPECT_NE(std::string(error.what()).find("bad.yaml:" + std::to_string(*error.line())),
              std::string::npos);
  }
}

TEST(NativeErrors, MissingFileNamesThePath) {
  Warnings warnings;
  try {
    load_native("/nonexistent/parley/none.yaml", warnings);
    ADD_FAILURE() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), "/nonexistent/parley/none.yaml");
    EXPECT_FALSE(error.line().has_value());  // there is no line in a file that does not exist
    EXPECT_EQ(error.field(), "path");
    EXPECT_NE(std::string(error.what())
                  .find("/nonexistent/parley/none.yaml: path: found no such "
                        "file"),
              std::string::npos)
        << error.what();
  }
}

TEST(NativeErrors, UnknownIssue) {
  expect_error(replaced(kValid, "{color: 0.5, size: 0.5}", "{color: 0.5, sise: 0.5}"), 10, 27,
               "parties.ann.weights", "unknown issue 'sise'");
}

TEST(NativeErrors, UnknownOption) {
  expect_error(replaced(kValid, "{red: 10, green: 5, blue: 0}", "{red: 10, gren: 5, blue: 0}"), 12,
               24, "parties.ann.scores.color", "unknown option 'gren'");
}

TEST(NativeErrors, DuplicateOption) {
  expect_error(replaced(kValid, "[red, green, blue]", "[red, green, red]"), 5, 27,
               "issues.color.options[3]", "option 'red' twice");
}

TEST(NativeErrors, NegativeWeight) {
  expect_error(replaced(kValid, "{color: 0.25, size: 0.75}", "{color: -0.25, size: 0.75}"), 17, 22,
               "parties.bob.weights.color", "negative weight -0.25");
}

TEST(NativeErrors, AllZeroWeights) {
  expect_error(replaced(kValid, "{color: 0.25, size: 0.75}", "{color: 0, size: 0}"), 17, 14,
               "parties.bob.weights", "all weights zero");
}

TEST(NativeErrors, NonFiniteNumber) {
  expect_error(replaced(kValid, "{red: 0, green: 0.5, blue: 1}", "{red: 0, green: .nan, blue: 1}"),
               19, 30, "parties.bob.utilities.color.green", "non-finite number '.nan'");
  expect_error(replaced(kValid, "walk_away: 0.25", "walk_away: -.inf"), 16, 16,
               "parties.bob.walk_away", "non-finite");
}

TEST(NativeErrors, LowerAboveUpper) {
  expect_error(replaced(kValid, "range: [1, 3]", "range: [3, 1]"), 7, 12, "issues.size.range",
               "lower > upper (3 > 1)");
}

TEST(NativeErrors, EmptyIssue) {
  expect_error(replaced(kValid, "[red, green, blue]", "[]"), 5, 14, "issues.color.options",
               "an empty issue");
}

TEST(NativeErrors, FewerThanTwoParties) {
  const std::string text = kValid;
  expect_error(text.substr(0, text.find("  - name: bob")), 9, 3, "parties", "1 party");
}

TEST(NativeErrors, UnknownKeyListsTheValidKeys) {
  const std::string text = replaced(kValid, "    walk_away: 0.25", "    walkaway: 0.25");
  expect_error(text, 16, 5, "parties[2]", "unknown key 'walkaway'");
  Warnings warnings;
  try {
    parse_native(text, "bad.yaml", warnings);
  } catch (const InputError& error) {
    EXPECT_NE(error.expected().find("walk_away"), std::string::npos) << error.what();
    EXPECT_NE(error.expected().find("weights"), std::string::npos) << error.what();
  }
}

TEST(NativeErrors, MissingOptionScoreIsAnError) {
  expect_error(replaced(kValid, "{red: 10, green: 5, blue: 0}", "{red: 10, green: 5}"), 12, 14,
               "parties.ann.scores.color", "no score for option(s) blue");
}

TEST(NativeErrors, MissingFormatVersion) {
  expect_error(replaced(kValid, "parley: 1\n", ""), 1, 1, "parley", "no format version");
}

TEST(NativeErrors, FunctionOnACategoricalIssue) {
  expect_error(
      replaced(kValid, "    scores:\n      color: {red: 10, green: 5, blue: 0}\n    functions:\n",
               "    functions:\n      color: {linear: {slope: 0.5, offset: 0}}\n"),
      12, 14, "parties.ann.functions.color", "a function for the categorical issue");
}

// --- The JSON Schema ------------------------------------------------------------------------

std::string node_type(const YAML::Node& node) {
  if (node.IsMap()) return "object";
  if (node.IsSequence()) return "array";
  if (!node.IsScalar()) return "null";
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return "string";  // quoted scalar
  if (text == "true" || text == "false") return "boolean";
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  if (!text.empty() && *end == '\0')
    return text.find_first_of(".eE") == std::string::npos ? "integer" : "number";
  return "string";
}

bool type_matches(const nlohmann::json& schema, const std::string& type) {
  if (!schema.contains("type")) return true;
  const auto& t = schema["type"];
  auto one = [&](const std::string& s) {
    return s == type || (s == "number" && type == "integer");
  };
  if (t.is_string()) return one(t.get<std::string>());
  for (const auto& s : t)
    if (one(s.get<std::string>())) return true;
  return false;
}

// Checks an object's keys (required, no unknown ones) and each value's JSON type.
void check_object(const YAML::Node& node, const nlohmann::json& schema, const std::string& where) {
  ASSERT_TRUE(node.IsMap()) << where;
  for (const auto& required : schema.value("required", nlohmann::json::array()))
    EXPECT_TRUE(node[required.get<std::string>()].IsDefined()) << where << " lacks " << required;
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    ASSERT_TRUE(schema["properties"].contains(key)) << where << ": " << key << " not in schema";
    EXPECT_TRUE(type_matches(schema["properties"][key], node_type(entry.second)))
        << where << "." << key << " is " << node_type(entry.second);
  }
}

TEST(NativeSchema, ExamplesMatchTheSchemaKeysAndTypes) {
  std::ifstream in(test::source_dir() / "docs" / "scenario.schema.json");
  ASSERT_TRUE(in) << "docs/scenario.schema.json";
  const auto schema = nlohmann::json::parse(in);
  ASSERT_EQ(schema["type"], "object");
  const auto& issue_schema = schema["definitions"]["issue"];
  const auto& party_schema = schema["definitions"]["party"];
  // The schema and the reader agree on the keys (a key added to one must reach the other).
  EXPECT_EQ(schema["properties"].size(), 7u);
  EXPECT_EQ(issue_schema["properties"].size(), 7u);
  EXPECT_EQ(party_schema["properties"].size(), 12u);
  const auto& uncertainty_schema = schema["definitions"]["uncertainty"];
  EXPECT_EQ(uncertainty_schema["properties"].size(), 11u);
  bool uncertainty_seen = false;
  for (const auto& entry : fs::directory_iterator(test::source_dir() / "examples")) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    const YAML::Node root = YAML::LoadFile(entry.path().string());
    check_object(root, schema, "top level");
    for (const auto& issue : root["issues"]) check_object(issue, issue_schema, "issue");
    for (const auto& party : root["parties"]) {
      check_object(party, party_schema, "party");
      if (party["uncertainty"]) {
        check_object(party["uncertainty"], uncertainty_schema, "uncertainty");
        uncertainty_seen = true;
      }
    }
  }
  EXPECT_TRUE(uncertainty_seen) << "no example shows an uncertainty block";
}

}  // namespace
}  // namespace parley
