// The shared preference vocabulary (parley/model/preferences.hpp): the same preferences written in
// the native YAML, built in code and read from the service's JSON give the same party, and every
// mistake names its field. Expected utilities are computed by hand in the comments.
#include "parley/model/preferences.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "parley/io/io.hpp"

namespace parley {
namespace {

std::vector<Issue> deal_issues() {
  return {Issue::categorical("price", {Option{"low", ""}, Option{"mid", ""}, Option{"high", ""}}),
          Issue::integer("weeks", 1, 3)};
}

// Weights 3:1 -> 0.75 / 0.25 (with a warning); price scores on a 0-100 scale -> 0.25, 0.5, 1;
// weeks linear from 0 at week 1 to 1 at week 3; walk-away package (mid, 2) -> 0.75*0.5 + 0.25*0.5.
constexpr const char* kYaml = R"(parley: 1
issues:
  - {name: price, options: [low, mid, high]}
  - {name: weeks, range: [1, 3]}
parties:
  - name: seller
    weights: {price: 3, weeks: 1}
    scores: {price: {low: 20, mid: 40, high: 80}}
    functions: {weeks: {linear: {slope: 0.5, offset: 0}}}
    walk_away_package: {price: mid, weeks: 2}
    discount: 0.9
  - name: buyer
    weights: {price: 0.5, weeks: 0.5}
    utilities: {price: {low: 1, mid: 0.5, high: 0}, weeks: {1: 1, 2: 0.5, 3: 0}}
    walk_away: 0.3
)";

// The seller as the service writes it: JSON with the same words.
constexpr const char* kSellerJson = R"({
  "weights": {"price": 3, "weeks": 1},
  "scores": {"price": {"low": 20, "mid": 40, "high": 80}, "weeks": {"1": 0, "2": 50, "3": 100}},
  "walk_away_package": {"price": "mid", "weeks": "2"},
  "discount": 0.9
})";

PartyPreferences from_json(const std::string& name, const nlohmann::ordered_json& json) {
  PartyPreferences preferences;
  preferences.name = name;
  auto numbers = [](const nlohmann::ordered_json& object) {
    NamedNumbers result;
    for (const auto& [key, value] : object.items()) result.emplace_back(key, value.get<double>());
    return result;
  };
  if (json.contains("weights")) preferences.weights = numbers(json["weights"]);
  for (const char* kind : {"scores", "utilities"}) {
    if (!json.contains(kind)) continue;
    auto& tables = std::string(kind) == "scores" ? preferences.scores : preferences.utilities;
    for (const auto& [issue, table] : json[kind].items())
      tables.emplace_back(issue, numbers(table));
  }
  if (json.contains("walk_away")) preferences.walk_away = json["walk_away"].get<double>();
  if (json.contains("walk_away_package")) {
    preferences.walk_away_package.emplace();
    for (const auto& [issue, option] : json["walk_away_package"].items())
      preferences.walk_away_package->emplace_back(issue, option.get<std::string>());
  }
  if (json.contains("discount")) preferences.discount = json["discount"].get<double>();
  return preferences;
}

void expect_same_utilities(const std::vector<Issue>& issues, const Party& a, const Party& b) {
  for (ValueIndex p = 0; p < issues[0].cardinality(); ++p)
    for (ValueIndex w = 0; w < issues[1].cardinality(); ++w)
      EXPECT_EQ(a.utility->utility({p, w}), b.utility->utility({p, w})) << p << "," << w;
  EXPECT_EQ(a.reservation_value, b.reservation_value);
  EXPECT_EQ(a.reservation_outcome, b.reservation_outcome);
  EXPECT_EQ(a.discount_factor, b.discount_factor);
}

TEST(Preferences, YamlCodeAndJsonGiveTheSameParty) {
  Warnings yaml_warnings;
  const ScenarioPtr scenario = parse_native(kYaml, "deal.yaml", yaml_warnings);
  const std::vector<Issue> issues = deal_issues();
  const Party& seller = scenario->party(0);
  const Party& buyer = scenario->party(1);

  // Hand-computed: 0.75 * score/80 + 0.25 * (week - 1) / 2.
  EXPECT_DOUBLE_EQ(seller.utility->utility({0, 0}), 0.75 * 0.25);
  EXPECT_DOUBLE_EQ(seller.utility->utility({1, 1}), 0.75 * 0.5 + 0.25 * 0.5);
  EXPECT_DOUBLE_EQ(seller.utility->utility({2, 2}), 1.0);
  EXPECT_DOUBLE_EQ(seller.reservation_value, 0.5);
  EXPECT_EQ(seller.discount_factor, 0.9);
  EXPECT_DOUBLE_EQ(buyer.utility->utility({0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(buyer.utility->utility({1, 2}), 0.25);
  EXPECT_EQ(buyer.reservation_value, 0.3);
  ASSERT_EQ(yaml_warnings.size(), 1u);
  EXPECT_EQ(yaml_warnings[0],
            "deal.yaml:7:14: parties.seller.weights: party 'seller': weights sum to 4, not 1; each "
            "weight was divided by their sum");

  PartyPreferences in_code;
  in_code.name = "seller";
  in_code.weights = NamedNumbers{{"price", 3}, {"weeks", 1}};
  in_code.scores = {{"price", {{"low", 20}, {"mid", 40}, {"high", 80}}}};
  in_code.functions = {{"weeks", ValueFunction::make_linear(0.5, 0.0, 1.0, true)}};
  in_code.walk_away_package = {{{"price", "mid"}, {"weeks", "2"}}};
  in_code.discount = 0.9;
  Warnings code_warnings;
  const Party built = build_party(issues, in_code, {"scenario", "parties.seller"}, code_warnings);
  expect_same_utilities(issues, seller, built);
  ASSERT_EQ(code_warnings.size(), 1u);
  EXPECT_EQ(code_warnings[0],
            "scenario: parties.seller.weights: party 'seller': weights sum to 4, not 1; each "
            "weight was divided by their sum");

  // The service's 0-100 weeks scores are the linear function's values scaled by 100.
  Warnings json_warnings;
  const Party from_service =
      build_party(issues, from_json("seller", nlohmann::ordered_json::parse(kSellerJson)),
                  {"request", "parties[1]"}, json_warnings);
  for (ValueIndex p = 0; p < 3; ++p)
    for (ValueIndex w = 0; w < 3; ++w)
      EXPECT_DOUBLE_EQ(from_service.utility->utility({p, w}), seller.utility->utility({p, w}));
  EXPECT_DOUBLE_EQ(from_service.reservation_value, seller.reservation_value);
  EXPECT_EQ(from_service.reservation_outcome, seller.reservation_outcome);
}

InputError build_error(const PartyPreferences& preferences,
                       const std::string& field = "parties[1]") {
  Warnings warnings;
  try {
    build_party(deal_issues(), preferences, {"request", field}, warnings);
  } catch (const InputError& error) {
    return error;
  }
  ADD_FAILURE() << "no InputError";
  return InputError("", std::nullopt, "", "", "");
}

PartyPreferences valid() {
  PartyPreferences p;
  p.name = "p";
  p.weights = NamedNumbers{{"price", 1}, {"weeks", 0}};
  p.scores = {{"price", {{"low", 0}, {"mid", 1}, {"high", 2}}}};
  return p;
}

TEST(Preferences, ErrorsNameTheFieldWhatWasFoundAndWhatWasExpected) {
  {
    PartyPreferences p = valid();
    p.scores[0].second.emplace_back("full", 3);
    const InputError e = build_error(p);
    EXPECT_EQ(e.file(), "request");
    EXPECT_EQ(e.field(), "parties[1].scores.price");
    EXPECT_EQ(e.found(), "unknown option 'full'");
    EXPECT_EQ(e.expected(), "one of the options of issue 'price': low, mid, high");
  }
  {
    PartyPreferences p = valid();
    p.weights = NamedNumbers{{"price", -0.5}, {"weeks", 1}};
    const InputError e = build_error(p);
    EXPECT_EQ(e.field(), "parties[1].weights.price");
    EXPECT_EQ(e.found(), "negative weight -0.5");
  }
  {
    PartyPreferences p = valid();
    p.weights = NamedNumbers{{"price", 0}, {"weeks", 0}};
    EXPECT_EQ(build_error(p).found(), "all weights zero");
  }
  {
    PartyPreferences p = valid();
    p.weights = NamedNumbers{{"price", 1}};
    const InputError e = build_error(p);
    EXPECT_EQ(e.field(), "parties[1].weights");
    EXPECT_EQ(e.found(), "no weight for weeks");
  }
  {
    PartyPreferences p = valid();
    p.weights = NamedNumbers{{"price", 1}, {"colour", 0}};
    EXPECT_EQ(build_error(p).found(), "unknown issue 'colour'");
  }
  {
    PartyPreferences p = valid();
    p.scores[0].second.pop_back();
    const InputError e = build_error(p);
    EXPECT_EQ(e.field(), "parties[1].scores.price");
    EXPECT_EQ(e.found(), "no score for option(s) high");
  }
  {
    PartyPreferences p = valid();
    p.weights = NamedNumbers{{"price", 1}, {"weeks", 1}};
    const InputError e = build_error(p);
    EXPECT_EQ(e.field(), "parties[1]");
    EXPECT_EQ(e.found(), "no value function for issue 'weeks'");
  }
  {
    PartyPreferences p = valid();
    p.utilities = {{"price", {{"low", 0}, {"mid", 1}, {"high", 1.5}}}};
    const InputError e = build_error(p);
    EXPECT_EQ(e.field(), "parties[1].utilities.price");
    EXPECT_EQ(e.found(), "issue 'price' also under 'scores'");
  }
  {
    PartyPreferences p = valid();
    p.scores.clear();
    p.utilities = {{"price", {{"low", 0}, {"mid", 1}, {"high", 1.5}}}};
    const InputError e = build_error(p);
    EXPECT_EQ(e.field(), "parties[1].utilities.price.high");
    EXPECT_EQ(e.found(), "utility 1.5");
  }
  {
    PartyPreferences p = valid();
    p.functions = {{"price", ValueFunction::make_constant(1)}};
    p.scores.clear();
    EXPECT_EQ(build_error(p).found(), "a function for the categorical issue 'price'");
  }
  {
    PartyPreferences p = valid();
    p.walk_away_package = {{{"price", "cheap"}, {"weeks", "1"}}};
    const InputError e = build_error(p);
    EXPECT_EQ(e.field(), "parties[1].walk_away_package.price");
    EXPECT_EQ(e.found(), "unknown option 'cheap'");
  }
  {
    PartyPreferences p = valid();
    p.weights.reset();
    EXPECT_EQ(build_error(p).found(), "no weights");
  }
}

// valid(): price scores 0, 1, 2 (values 0, 0.5, 1), weight 1; weeks weight 0.
TEST(Preferences, WalkAwayToTheStatusQuoIsWorthItsUtility) {
  PartyPreferences p = valid();
  p.walk_away_status_quo = true;
  Warnings warnings;
  const std::optional<Outcome> status_quo = Outcome{1, 2};  // (mid, 3)
  const Party party =
      build_party(deal_issues(), p, {"request", "parties[1]"}, warnings, status_quo);
  EXPECT_DOUBLE_EQ(party.reservation_value, 0.5);
  EXPECT_EQ(party.reservation_outcome, status_quo);
  // Without a status quo, or beside a number or a package: errors naming walk_away.
  InputError e = build_error(p);
  EXPECT_EQ(e.field(), "parties[1].walk_away");
  EXPECT_EQ(e.found(), "status_quo, but the scenario has no status quo");
  p.walk_away = 0.3;
  try {
    build_party(deal_issues(), p, {"request", "parties[1]"}, warnings, status_quo);
    ADD_FAILURE() << "no error for a number beside status_quo";
  } catch (const InputError& error) {
    EXPECT_EQ(error.field(), "parties[1].walk_away");
    EXPECT_EQ(error.found(), "both a number and status_quo");
  }
}

TEST(Preferences, WalkAwayOutsideTheUtilityRangeIsAnError) {
  for (const double bad : {5.0, -3.0, 1.000001, -1e-6}) {
    PartyPreferences p = valid();
    p.walk_away = bad;
    const InputError e = build_error(p);
    EXPECT_EQ(e.field(), "parties[1].walk_away") << bad;
    EXPECT_EQ(e.found(), "walk-away value " + format_number(bad));
    EXPECT_EQ(e.expected(), "a utility between 0 and 1 (the party's utility of no agreement)");
  }
  for (const double good : {0.0, 1.0, 0.37}) {
    PartyPreferences p = valid();
    p.walk_away = good;
    Warnings warnings;
    EXPECT_EQ(build_party(deal_issues(), p, {"request", "p"}, warnings).reservation_value, good);
  }
}

TEST(Preferences, StatusQuoPackagesNameTheFieldAndTheOptions) {
  Warnings warnings;
  EXPECT_EQ(
      build_package(deal_issues(), {{"weeks", "2"}, {"price", "high"}}, {"f.yaml", "status_quo"}),
      (Outcome{2, 1}));
  try {
    build_package(deal_issues(), {{"price", "free"}, {"weeks", "2"}}, {"f.yaml", "status_quo"});
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "f.yaml");
    EXPECT_EQ(e.field(), "status_quo.price");
    EXPECT_EQ(e.found(), "unknown option 'free'");
    EXPECT_EQ(e.expected(), "one of the options of issue 'price': low, mid, high");
  }
  try {
    build_package(deal_issues(), {{"price", "low"}}, {"f.yaml", "status_quo"});
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "status_quo");
    EXPECT_EQ(e.found(), "no value for weeks");
  }
}

TEST(Preferences, DiscountOutsideTheRangeIsRepairedWithAWarning) {
  PartyPreferences p = valid();
  p.discount = 1.5;
  Warnings warnings;
  const Party party = build_party(deal_issues(), p, {"request", "parties[2]"}, warnings);
  EXPECT_EQ(party.discount_factor, 1.0);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "request: parties[2].discount: discount factor 1.5 is outside (0, 1]; no discount is "
            "applied");
}

TEST(Preferences, YamlErrorsCarryLineAndColumn) {
  const std::string text = std::string(kYaml) + "    scores: {price: {low: 1, mid: 2, high: 3}}\n";
  Warnings warnings;
  // The buyer now has its price under both utilities and scores.
  try {
    parse_native(text, "deal.yaml", warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "parties.buyer.utilities.price");
    EXPECT_EQ(e.found(), "issue 'price' also under 'scores'");
    EXPECT_EQ(e.line(), 14);
    EXPECT_EQ(e.column(), 17);
  }
}

}  // namespace
}  // namespace parley
