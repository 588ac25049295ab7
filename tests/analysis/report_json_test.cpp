// The streamed JSON report ("parley-solve/2", src/analysis/report_json.cpp) against the document
// the report had before it was streamed ("parley-solve/1"): that construction (a whole
// nlohmann::ordered_json tree, every package with an "outcome" object of labels) is kept here,
// unchanged, as the independent reference. The streamed document, parsed, with its value-index
// packages mapped back to labels through the scenario's label lists (or, for huge numeric
// issues, their ranges) and its new fields taken out, must equal the reference (parsed from its
// own text: key order, numbers to the last bit, null for non-finite numbers), built from the same
// Analysis. Cases: the examples, a no-zone scenario, lotteries, a huge integer issue, a real
// issue, awkward text, an approximation (anytime search) with five parties, and corpus scenarios
// (two and three parties).
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/report.hpp"
#include "parley/analysis/synthetic.hpp"
#include "parley/io/io.hpp"
#include "report_json_reference.hpp"
#include "solutions_test_support.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

using Json = nlohmann::ordered_json;
using test::package_json;
using test::reference_document;

// ---- the streamed document mapped back to the old form ------------------------------------

// Shortest round-trip text of a double, written here independently of the library's
// format_number: the label of a real value.
std::string shortest(double value) {
  if (value == 0.0) return "0";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  EXPECT_EQ(ec, std::errc());
  return std::string(buffer, end);
}

// The label of value `v` of issue entry `issue` of the streamed scenario section: from its label
// list, else (huge numeric issues) from its range as docs/solve-json.md defines it.
std::string label_of(const Json& issue, std::uint64_t v) {
  const auto cardinality = issue.at("cardinality").get<std::uint64_t>();
  EXPECT_LT(v, cardinality) << issue.at("name");
  if (!issue.at("labels").is_null()) return issue.at("labels").at(v).get<std::string>();
  const Json& range = issue.at("range");
  if (issue.at("kind") == "integer")
    return std::to_string(range.at("lower").get<std::int64_t>() + static_cast<std::int64_t>(v));
  EXPECT_EQ(issue.at("kind"), "real");
  const double lower = range.at("lower").get<double>(), upper = range.at("upper").get<double>();
  if (v + 1 == cardinality) return shortest(upper);
  return shortest(lower +
                  (upper - lower) * static_cast<double>(v) / static_cast<double>(cardinality - 1));
}

Json old_package(const Json& issues, const Json& package) {
  EXPECT_EQ(package.size(), 2u) << package.dump();  // "values", "utilities" and nothing else
  const Json& values = package.at("values");
  EXPECT_EQ(values.size(), issues.size());
  Json outcome = Json::object();
  for (std::size_t i = 0; i < issues.size() && i < values.size(); ++i)
    outcome[issues[i].at("name").get<std::string>()] =
        label_of(issues[i], values[i].get<std::uint64_t>());
  Json old;
  old["outcome"] = outcome;
  old["values"] = values;
  old["utilities"] = package.at("utilities");
  return old;
}

Json old_packages(const Json& issues, const Json& packages) {
  Json list = Json::array();
  for (const auto& p : packages) list.push_back(old_package(issues, p));
  return list;
}

// The streamed document in the "parley-solve/1" form. Checks the new fields on the way.
Json to_old_form(Json doc, const char* listed = "all") {
  EXPECT_EQ(doc.at("schema"), "parley-solve/2");
  doc["schema"] = "parley-solve/1";
  Json& issues = doc.at("scenario").at("issues");
  const Json mapping = issues;  // with the label lists
  for (auto& issue : issues) {
    EXPECT_TRUE(issue.contains("kind") && issue.contains("labels")) << issue.dump();
    EXPECT_EQ(issue.contains("range"), issue.at("kind") != "categorical") << issue.dump();
    issue.erase("kind");
    issue.erase("labels");
    issue.erase("range");
  }
  Json& frontier = doc.at("frontier");
  EXPECT_EQ(frontier.at("listed"), listed);
  frontier.erase("listed");
  frontier["packages"] = old_packages(mapping, frontier.at("packages"));
  Json& zone = doc.at("zone");
  if (!zone.at("closest_package").is_null())
    zone["closest_package"] = old_package(mapping, zone.at("closest_package"));
  Json& indicators = doc.at("indicators");
  indicators["ideal_packages"] = old_packages(mapping, indicators.at("ideal_packages"));
  indicators["worst_packages"] = old_packages(mapping, indicators.at("worst_packages"));
  for (auto& solution : doc.at("solutions"))
    solution["packages"] = old_packages(mapping, solution.at("packages"));
  // The reader model's sections (new in parley-solve/2; checked by ReaderModelSections).
  for (const char* key : {"points", "summary", "distinct_packages", "menu"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
    doc.erase(key);
  }
  return doc;
}

// The whole check for one analysis: same content as the reference; the stream and the string
// forms give the same bytes, twice; `zone` and `none` list what they say.
void expect_same_content(const Scenario& scenario, const Analysis& analysis) {
  const std::string text = render_report_json(scenario, analysis);
  std::ostringstream streamed;
  write_report_json(streamed, scenario, analysis);
  EXPECT_EQ(streamed.str(), text);
  EXPECT_EQ(render_report_json(scenario, analysis), text);  // deterministic
  const Json reference = reference_document(scenario, analysis);
  const Json mapped = to_old_form(Json::parse(text));
  EXPECT_EQ(mapped, reference) << "first difference: "
                               << Json::diff(Json(reference), Json(mapped)).dump().substr(0, 2000);

  // --frontier zone: the zone's efficient packages; none: no package, same counts.
  Json zone = Json::parse(render_report_json(scenario, analysis, {FrontierListing::zone}));
  Json expected_zone = reference;
  Json rational = Json::array();
  for (const auto& p : analysis.zone.rational_frontier)
    rational.push_back(package_json(scenario, p));
  expected_zone["frontier"]["packages"] = Json::parse(rational.dump());
  EXPECT_EQ(to_old_form(zone, "zone"), expected_zone);
  Json none = Json::parse(render_report_json(scenario, analysis, {FrontierListing::none}));
  EXPECT_EQ(none.at("frontier").at("size"), analysis.frontier.packages.size());
  Json expected_none = reference;
  expected_none["frontier"]["packages"] = Json::array();
  EXPECT_EQ(to_old_form(none, "none"), expected_none);
}

AnalysisOptions with_lotteries() {
  AnalysisOptions options;
  options.lotteries = true;
  return options;
}

ScenarioPtr load(const std::filesystem::path& path, std::vector<std::string> profiles = {}) {
  Warnings warnings;
  LoadOptions options;
  options.profiles = std::move(profiles);
  return load_scenario({path.string()}, options, warnings);
}

TEST(ReportJson, ExamplesHaveTheSameContentAsTheTreeReport) {
  for (const char* name : {"job-offer.yaml", "russia-japan.yaml", "business-contract.yaml",
                           "divorce-settlement.yaml"}) {
    SCOPED_TRACE(name);
    const auto scenario = load(test::source_dir() / "examples" / name);
    expect_same_content(*scenario, analyse(*scenario));
    expect_same_content(*scenario, analyse(*scenario, with_lotteries()));
  }
}

TEST(ReportJson, NoZoneListsTheClosestPackageAsValues) {
  Warnings warnings;
  const auto scenario = parse_native(R"(parley: 1
name: No zone
issues:
  - {name: package, options: [p0, p1, p2]}
parties:
  - {name: A, walk_away: 0.9, weights: {package: 1}, utilities: {package: {p0: 1, p1: 0.8, p2: 0}}}
  - {name: B, walk_away: 0.9, weights: {package: 1}, utilities: {package: {p0: 0, p1: 0.8, p2: 1}}}
)",
                                     "no-zone", warnings);
  const Analysis analysis = analyse(*scenario);
  ASSERT_FALSE(analysis.zone.exists);
  expect_same_content(*scenario, analysis);
  // By hand (tests/cases/analysis/no-zone-of-agreement.yaml): the closest package is p1, value 1.
  const Json doc = Json::parse(render_report_json(*scenario, analysis));
  EXPECT_EQ(doc["zone"]["closest_package"]["values"], Json::parse("[1]"));
  EXPECT_EQ(doc["scenario"]["issues"][0]["labels"], Json::parse(R"(["p0", "p1", "p2"])"));
  EXPECT_TRUE(doc["solutions"].empty());
  // --frontier zone lists nothing: no package is in the zone.
  EXPECT_TRUE(Json::parse(render_report_json(*scenario, analysis, {FrontierListing::zone}))
                  .at("frontier")
                  .at("packages")
                  .empty());
}

TEST(ReportJson, HugeNumericIssuesAreRangesAndSmallOnesKeepTheirLabels) {
  // An integer issue of 10^6 values and a real one of 100,001 grid points, both valued by the
  // same triangular function by both parties (top at -5 + 123456 and at 0.3: indices 123456 and
  // 30000), and one categorical issue they split: by hand, the frontier is those two values with
  // side a (best for A) or b (best for B).
  Warnings warnings;
  const auto huge = parse_native(R"(parley: 1
name: Huge
issues:
  - {name: amount, range: [-5, 999994]}
  - {name: share, real: [0, 1], steps: 100001}
  - {name: side, options: [a, b]}
parties:
  - name: A
    weights: {amount: 0.25, share: 0.25, side: 0.5}
    functions:
      amount: {triangular: {lower: -5, upper: 999994, top: 123451}}
      share: {triangular: {lower: 0, upper: 1, top: 0.3}}
    scores: {side: {a: 1, b: 0}}
  - name: B
    weights: {amount: 0.25, share: 0.25, side: 0.5}
    functions:
      amount: {triangular: {lower: -5, upper: 999994, top: 123451}}
      share: {triangular: {lower: 0, upper: 1, top: 0.3}}
    scores: {side: {a: 0, b: 1}}
)",
                                 "huge", warnings);
  const Analysis analysis = analyse(*huge);
  expect_same_content(*huge, analysis);
  const std::string text = render_report_json(*huge, analysis);
  const Json doc = Json::parse(text);
  const Json& amount = doc["scenario"]["issues"][0];
  EXPECT_EQ(amount["kind"], "integer");
  EXPECT_TRUE(amount["labels"].is_null());
  EXPECT_EQ(amount["range"], Json::parse(R"({"lower": -5, "upper": 999994, "step": 1})"));
  const Json& share = doc["scenario"]["issues"][1];
  EXPECT_TRUE(share["labels"].is_null());
  EXPECT_EQ(share["range"], Json::parse(R"({"lower": 0.0, "upper": 1.0, "step": 1e-05})"));
  EXPECT_EQ(doc["frontier"]["packages"][0]["values"], Json::parse("[123456, 30000, 0]"));
  EXPECT_EQ(doc["frontier"]["packages"][1]["values"], Json::parse("[123456, 30000, 1]"));
  // The old document's labels of those values, by hand: "123451" and "0.3".
  const Json old = reference_document(*huge, analysis);
  EXPECT_EQ(old["frontier"]["packages"][0]["outcome"],
            Json::parse(R"({"amount": "123451", "share": "0.3", "side": "a"})"));
  // No million labels: a few KB.
  EXPECT_LT(text.size(), 20'000u);

  // A real issue (5 grid points over [1, 2]) and a small integer range: labels listed.
  const auto mixed = parse_native(R"(parley: 1
name: Mixed
issues:
  - {name: rate, real: [1, 2], steps: 5}
  - {name: days, range: [-2, 3]}
parties:
  - name: A
    weights: {rate: 0.5, days: 0.5}
    functions: {rate: {linear: {slope: 1, offset: 0}}, days: {linear: {slope: 0.2, offset: 0}}}
  - name: B
    weights: {rate: 0.7, days: 0.3}
    functions: {rate: {linear: {slope: -1, offset: 1}}, days: {linear: {slope: -0.2, offset: 1}}}
)",
                                  "mixed", warnings);
  const Analysis mixed_analysis = analyse(*mixed);
  expect_same_content(*mixed, mixed_analysis);
  const Json mixed_doc = Json::parse(render_report_json(*mixed, mixed_analysis));
  EXPECT_EQ(mixed_doc["scenario"]["issues"][0]["labels"],
            Json::parse(R"(["1", "1.25", "1.5", "1.75", "2"])"));
  EXPECT_EQ(mixed_doc["scenario"]["issues"][0]["range"],
            Json::parse(R"({"lower": 1.0, "upper": 2.0, "step": 0.25})"));
  EXPECT_EQ(mixed_doc["scenario"]["issues"][1]["labels"],
            Json::parse(R"(["-2", "-1", "0", "1", "2", "3"])"));
}

TEST(ReportJson, TextIsEscapedAndNumbersAreShortest) {
  // Quotes, backslashes, control characters and UTF-8 in every kind of text.
  const std::vector<double> for_a = {1, 0.1, 0}, for_b = {0, 0.1, 1};
  const auto s = test::linear_scenario({"Pr\"ice\\", "Del\nivery\t"},
                                       {{"h\"i", "split\x01", "l\u00f6w"}, {"late", "\u00e9", "e"}},
                                       {"Sell\"er", "Buy\\er"}, {{0.8, 0.2}, {0.2, 0.8}},
                                       {{for_a, for_a}, {for_b, for_b}}, {1.0 / 3.0, 0.1});
  const Analysis analysis = analyse(*s, with_lotteries());
  expect_same_content(*s, analysis);
  const std::string text = render_report_json(*s, analysis);
  EXPECT_NE(text.find(R"("name": "Pr\"ice\\")"), std::string::npos) << text.substr(0, 2000);
  EXPECT_NE(text.find(R"("name": "Del\nivery\t")"), std::string::npos);
  EXPECT_NE(text.find(R"("split\u0001")"), std::string::npos);
  EXPECT_NE(text.find("\"l\u00f6w\""), std::string::npos);  // UTF-8 as is
  // Shortest round-trip numbers, whole numbers with ".0", arrays of numbers on one line.
  EXPECT_NE(text.find("\"reservation_value\": 0.3333333333333333,"), std::string::npos);
  EXPECT_NE(text.find("\"reservation_value\": 0.1,"), std::string::npos);
  EXPECT_NE(text.find("\"ideal_point\": [1.0, 1.0],"), std::string::npos) << text;
  EXPECT_NE(text.find("\"labels\": [\"late\", \"\u00e9\", \"e\"]"), std::string::npos);
}

TEST(ReportJson, InvalidUtf8IsRefusedWithTheText) {
  // The old tree refused it too (nlohmann's dump throws on invalid UTF-8); now the message says
  // which text.
  const std::vector<double> up = {0, 1}, down = {1, 0};
  const auto s = test::linear_scenario({"ok", "bad\xff"}, {{"a", "b"}, {"c", "d"}}, {"A", "B"},
                                       {{0.5, 0.5}, {0.5, 0.5}}, {{up, up}, {down, down}}, {0, 0});
  const Analysis analysis = analyse(*s);
  try {
    render_report_json(*s, analysis);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("\"bad\\xff\" is not valid UTF-8"), std::string::npos)
        << e.what();
  }
}

TEST(ReportJson, NonFiniteNumbersAreNull) {
  // A hand-made analysis with a NaN and an infinity where numbers go: JSON has no such numbers;
  // the old document wrote null, so does the streamed one.
  const auto s = test::point_scenario({{1, 0}, {0, 1}}, {0, 0});
  Analysis analysis = analyse(*s);
  analysis.indicators.opposition = std::nan("");
  analysis.zone.shortfall = {std::numeric_limits<double>::infinity(), 0.5};
  expect_same_content(*s, analysis);
  const Json doc = Json::parse(render_report_json(*s, analysis));
  EXPECT_TRUE(doc["indicators"]["opposition"].is_null());
  EXPECT_TRUE(doc["zone"]["shortfall"][0].is_null());
}

TEST(ReportJson, ApproximateFrontierOfFiveParties) {
  // 10^10 packages, five parties: the anytime search under a small budget (approximation fields
  // dominated_share and gap_bound present).
  const auto scenario = make_synthetic_scenario(10, 10, 5);
  AnalysisOptions options;
  options.frontier.budget = 20'000'000;
  const Analysis analysis = analyse(*scenario, options);
  ASSERT_EQ(analysis.frontier.method, FrontierMethod::anytime_search);
  ASSERT_FALSE(analysis.frontier.exact);
  expect_same_content(*scenario, analysis);
}

// The reader model's sections on the logrolling case of tests/cli/solve_cli_test.cpp, by hand:
// (seller, buyer) utilities high/split (0.9, 0.4), high/early (0.8, 0.8), split/early (0.4, 0.9)
// form the zone's frontier (walk-away 0.3 each); every solution picks high/early (Nash product
// 0.25); points are utilities x 100 (worst 0, best 1 for both).
TEST(ReportJson, ReaderModelSections) {
  const std::vector<double> for_a = {1, 0.5, 0}, for_b = {0, 0.5, 1};
  const auto s = test::linear_scenario(
      {"Price", "Delivery"}, {{"high", "split", "low"}, {"late", "split", "early"}},
      {"Seller", "Buyer"}, {{0.8, 0.2}, {0.2, 0.8}}, {{for_a, for_a}, {for_b, for_b}}, {0.3, 0.3});
  const Analysis analysis = analyse(*s);
  const Json doc = Json::parse(render_report_json(*s, analysis));
  EXPECT_EQ(doc["points"], Json::parse(R"({"worst": [0.0, 0.0], "best": [1.0, 1.0]})"));
  const Json& summary = doc["summary"];
  EXPECT_EQ(summary["recommended"], 0);
  EXPECT_EQ(summary["efficient_in_zone"], 3);
  EXPECT_TRUE(summary["status_quo"].is_null());
  ASSERT_EQ(summary["standings"].size(), 2u);
  EXPECT_NEAR(summary["standings"][0]["points"].get<double>(), 80.0, 1e-9);
  EXPECT_NEAR(summary["standings"][0]["walk_away_points"].get<double>(), 30.0, 1e-9);
  EXPECT_NEAR(summary["standings"][1]["gain_points"].get<double>(), 50.0, 1e-9);
  EXPECT_TRUE(summary["standings"][1]["status_quo_points"].is_null());
  ASSERT_EQ(doc["distinct_packages"].size(), 1u);
  const Json& only = doc["distinct_packages"][0];
  EXPECT_EQ(only["packages"][0]["values"], Json::parse("[0, 2]"));
  EXPECT_EQ(only["solutions"], Json::parse(R"(["nash", "kalai-smorodinsky", "egalitarian",
                                                "utilitarian"])"));
  EXPECT_TRUE(only["same_as"].is_null());
  EXPECT_TRUE(only["drawn_issues"].empty());
  const Json& menu = doc["menu"];
  EXPECT_EQ(menu["total"], 3);
  EXPECT_EQ(menu["left_out"], 0);
  EXPECT_EQ(menu["settled_count"], 0);
  // Price: high (0) and split (1) seen; Delivery: split (1) and early (2).
  EXPECT_EQ(menu["issues"][0], Json::parse(R"({"issue": "Price", "settled": false,
                                               "options": [0, 1], "more_options": false})"));
  EXPECT_EQ(menu["issues"][1]["options"], Json::parse("[1, 2]"));
  ASSERT_EQ(menu["entries"].size(), 3u);
  EXPECT_NEAR(menu["min_points"][0].get<double>(), 40.0, 1e-9);
  EXPECT_NEAR(menu["max_points"][0].get<double>(), 90.0, 1e-9);
  std::vector<Json> values;
  for (const auto& entry : menu["entries"]) values.push_back(entry["package"]["values"]);
  EXPECT_EQ(values, (std::vector<Json>{Json::parse("[0, 1]"), Json::parse("[0, 2]"),
                                       Json::parse("[1, 2]")}));
  EXPECT_EQ(menu["entries"][1]["solutions"].size(), 4u);

  // The same numbers as the model the text report renders.
  const ReportModel model = build_report_model(*s, analysis);
  EXPECT_EQ(menu["total"].get<std::size_t>(), model.menu.total);
  EXPECT_EQ(doc["distinct_packages"].size(), model.packages.size());
  for (std::size_t k = 0; k < model.menu.entries.size(); ++k)
    EXPECT_EQ(menu["entries"][k]["points"], Json(model.menu.entries[k].points));
}

TEST(ReportJson, ParsesTheFrontierListing) {
  EXPECT_EQ(parse_frontier_listing("all"), FrontierListing::all);
  EXPECT_EQ(parse_frontier_listing("zone"), FrontierListing::zone);
  EXPECT_EQ(parse_frontier_listing("none"), FrontierListing::none);
  EXPECT_THROW(parse_frontier_listing("some"), InputError);
  EXPECT_STREQ(to_string(FrontierListing::zone), "zone");
}

TEST(ReportJsonCorpus, CorpusScenariosHaveTheSameContent) {
  PARLEY_REQUIRE_CORPUS();
  // Two parties (small, discount), three parties (ANAC 2016), hyper-rectangles (ANAC 2014,
  // anytime search under a reduced budget), a real issue (2nd_hand_car, with a reservation).
  struct Case {
    const char* folder;
    std::uint64_t budget;
    FrontierMethod method;
  };
  for (const Case& c :
       {Case{"genius/anac2010/ItexvsCypress", 0, FrontierMethod::automatic},
        Case{"genius/anac2012/AirportSiteSelectionB", 0, FrontierMethod::automatic},
        Case{"genius/anac2016/AgentHp2", 0, FrontierMethod::automatic},
        Case{"genius/anac2014/10issues", 30'000'000, FrontierMethod::automatic},
        Case{"genius/other/2nd_hand_car", 0, FrontierMethod::automatic},
        Case{"genius/anac2011/Energy", 30'000'000, FrontierMethod::anytime_search}}) {
    SCOPED_TRACE(c.folder);
    // AgentHp2's folder holds three profiles: named, as a folder with more than two must be.
    const auto scenario =
        std::string_view(c.folder) == "genius/anac2016/AgentHp2"
            ? load(test::corpus_dir() / c.folder, {"consumer.xml", "producer.xml", "provider.xml"})
            : load(test::corpus_dir() / c.folder);
    if (std::string_view(c.folder) == "genius/anac2016/AgentHp2") {
      ASSERT_EQ(scenario->party_count(), 3u);
    }
    AnalysisOptions options;
    if (c.budget) options.frontier.budget = c.budget;
    options.frontier.method = c.method;
    options.lotteries = scenario->party_count() == 2;
    expect_same_content(*scenario, analyse(*scenario, options));
  }
}

}  // namespace
}  // namespace parley
