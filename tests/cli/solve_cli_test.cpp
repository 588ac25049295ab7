// `parley solve` end to end: a small GENIUS scenario written to a temporary folder (the
// logrolling case of tests/analysis/solutions_test.cpp), JSON fields, plots, bad arguments.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_test_support.hpp"
#include "negotiate_cli_support.hpp"

namespace {

namespace fs = std::filesystem;

using parley::test::ParleyRun;
using parley::test::run_parley;

const char* domain_xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<negotiation_template>
<utility_space number_of_issues="2">
<objective index="0" etype="objective" type="objective" name="Deal">
<issue index="1" name="Price" etype="discrete" type="discrete" vtype="discrete">
<item index="1" value="high"/><item index="2" value="split"/><item index="3" value="low"/>
</issue>
<issue index="2" name="Delivery" etype="discrete" type="discrete" vtype="discrete">
<item index="1" value="late"/><item index="2" value="split"/><item index="3" value="early"/>
</issue>
</objective>
</utility_space>
</negotiation_template>
)";

std::string profile_xml(double price_weight, const char* price_scores[3],
                        const char* delivery_scores[3]) {
  auto items = [](const char* scores[3], const char* a, const char* b, const char* c) {
    const char* names[3] = {a, b, c};
    std::string text;
    for (int k = 0; k < 3; ++k)
      text += "<item index=\"" + std::to_string(k + 1) + "\" value=\"" + names[k] +
              "\" evaluation=\"" + scores[k] + "\"/>";
    return text;
  };
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<utility_space type="linear">
<objective index="0" etype="objective" type="objective" name="Deal">
<issue index="1" name="Price" etype="discrete" type="discrete" vtype="discrete">)") +
         items(price_scores, "high", "split", "low") + "</issue>\n<weight index=\"1\" value=\"" +
         std::to_string(price_weight) + "\"/>\n" +
         R"(<issue index="2" name="Delivery" etype="discrete" type="discrete" vtype="discrete">)" +
         items(delivery_scores, "late", "split", "early") +
         "</issue>\n<weight index=\"2\" value=\"" + std::to_string(1.0 - price_weight) +
         "\"/>\n</objective>\n<reservation value=\"0.3\"/>\n" + "</utility_space>\n";
}

class SolveCli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ =
        fs::temp_directory_path() /
        ("parley-solve-cli-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    const char* favour_first[3] = {"2", "1", "0"};
    const char* favour_last[3] = {"0", "1", "2"};
    std::ofstream(folder_ / "deal.xml") << domain_xml;
    std::ofstream(folder_ / "deal_seller.xml") << profile_xml(0.8, favour_first, favour_first);
    std::ofstream(folder_ / "deal_buyer.xml") << profile_xml(0.2, favour_last, favour_last);
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string scenario() const { return "'" + folder_.string() + "'"; }
  fs::path folder_;
};

// The labels of a package of `parley solve --json` (schema parley-solve/2): its value indices
// looked up in the scenario section's label lists.
std::map<std::string, std::string> labels_of(const nlohmann::json& report,
                                             const nlohmann::json& package) {
  std::map<std::string, std::string> labels;
  const auto& issues = report["scenario"]["issues"];
  for (std::size_t i = 0; i < issues.size(); ++i)
    labels[issues[i]["name"]] = issues[i]["labels"][package["values"][i].get<std::size_t>()];
  return labels;
}

TEST_F(SolveCli, JsonCarriesTheLogrollingCompromise) {
  const ParleyRun run = run_parley("solve " + scenario() + " --json --lotteries");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["schema"], "parley-solve/2");
  EXPECT_EQ(json["scenario"]["parties"].size(), 2u);
  EXPECT_EQ(json["scenario"]["outcomes"], "9");
  EXPECT_EQ(json["scenario"]["issues"][1]["labels"],
            nlohmann::json::parse(R"(["late", "split", "early"])"));
  EXPECT_TRUE(json["zone"]["exists"]);
  EXPECT_TRUE(json["zone"]["share_exact"]);
  // Seller = 0.8 e(Price) + 0.2 e(Delivery), Buyer the mirror; both >= 0.3:
  // by hand, 4 of the 9 packages (high/early, high/split, split/early, split/split).
  EXPECT_EQ(json["zone"]["rational_count"], 4);
  const auto& solutions = json["solutions"];
  ASSERT_EQ(solutions.size(), 6u);
  EXPECT_EQ(solutions[0]["kind"], "nash");
  EXPECT_EQ(solutions[0]["packages"][0]["values"], nlohmann::json::parse("[0, 2]"));
  EXPECT_EQ(solutions[0]["packages"][0].size(), 2u);  // values and utilities, no labels
  const auto nash = labels_of(json, solutions[0]["packages"][0]);
  EXPECT_EQ(nash.at("Price"), "high");
  EXPECT_EQ(nash.at("Delivery"), "early");
  EXPECT_NEAR(solutions[0]["utilities"][0].get<double>(), 0.8, 1e-9);
  EXPECT_NEAR(solutions[0]["gains"][1].get<double>(), 0.5, 1e-9);
  // Parties come in profile-file order (buyer, seller); the seller wins Price.
  EXPECT_NE(
      solutions[0]["explanation"]["issues"][0]["winners"][0].get<std::string>().find("seller"),
      std::string::npos);
  EXPECT_EQ(solutions[4]["kind"], "nash-lottery");
  EXPECT_EQ(json["indicators"]["ideal_point"].size(), 2u);
}

// --frontier: all (default), zone, none. By hand (Seller = 0.8 e(Price) + 0.2 e(Delivery) with
// e = 1, 0.5, 0 for high/late, split, low/early; Buyer the mirror), (seller, buyer) utilities:
// high/late (1, 0), high/split (0.9, 0.4), high/early (0.8, 0.8), split/early (0.4, 0.9),
// low/early (0, 1) are the 5 efficient packages (split/split (0.5, 0.5) is dominated by
// high/early, the rest too); the 3 with both utilities >= 0.3 are the zone's. Parties come in
// profile-file order (buyer first), and the frontier is listed by the first party's utility,
// descending: split/early, high/early, high/split.
TEST_F(SolveCli, FrontierListsAllZoneOrNone) {
  const auto all = nlohmann::json::parse(run_parley("solve " + scenario() + " --json").out);
  EXPECT_EQ(all["frontier"]["listed"], "all");
  EXPECT_EQ(all["frontier"]["size"], 5);
  EXPECT_EQ(all["frontier"]["packages"].size(), 5u);
  const auto zone =
      nlohmann::json::parse(run_parley("solve " + scenario() + " --json --frontier zone").out);
  EXPECT_EQ(zone["frontier"]["listed"], "zone");
  EXPECT_EQ(zone["frontier"]["size"], 5);
  ASSERT_EQ(zone["frontier"]["packages"].size(), 3u);
  std::vector<std::map<std::string, std::string>> listed;
  for (const auto& package : zone["frontier"]["packages"])
    listed.push_back(labels_of(zone, package));
  using Labels = std::map<std::string, std::string>;
  EXPECT_EQ(listed, (std::vector<Labels>{{{"Price", "split"}, {"Delivery", "early"}},
                                         {{"Price", "high"}, {"Delivery", "early"}},
                                         {{"Price", "high"}, {"Delivery", "split"}}}));
  const auto none =
      nlohmann::json::parse(run_parley("solve " + scenario() + " --json --frontier none").out);
  EXPECT_EQ(none["frontier"]["listed"], "none");
  EXPECT_EQ(none["frontier"]["size"], 5);
  EXPECT_TRUE(none["frontier"]["packages"].empty());
  EXPECT_EQ(none["solutions"], all["solutions"]);  // everything else stays
  // Only with --json, and only those three words.
  EXPECT_EQ(run_parley("solve " + scenario() + " --frontier zone", true).status, 2);
  const auto bad = run_parley("solve " + scenario() + " --json --frontier some", true);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("--frontier"), std::string::npos) << bad.out;
}

TEST_F(SolveCli, TextReportReadsWell) {
  const ParleyRun run = run_parley("solve " + scenario());
  ASSERT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("Zone of possible agreement"), std::string::npos);
  // The recommended package, its option labels quoted (the text report of issue 14).
  EXPECT_NE(run.out.find("'high'"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("'early'"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("logrolling"), std::string::npos);
}

TEST_F(SolveCli, PlotWritesSvgAndPng) {
  const fs::path svg = folder_ / "space.svg", png = folder_ / "space.png";
  ASSERT_EQ(run_parley("solve " + scenario() + " --plot '" + svg.string() + "'").status, 0);
  ASSERT_TRUE(fs::exists(svg));
  EXPECT_GT(fs::file_size(svg), 1000u);
  std::ifstream in(svg);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("<svg"), std::string::npos);
  ASSERT_EQ(run_parley("solve " + scenario() + " --json --plot '" + png.string() + "'").status, 0);
  ASSERT_TRUE(fs::exists(png));
  std::ifstream png_in(png, std::ios::binary);
  char magic[4] = {};
  png_in.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

TEST_F(SolveCli, BadArgumentsExitNonZero) {
  // Usage errors: CLI11's own non-zero codes; errors of the run: 1.
  EXPECT_NE(run_parley("solve " + scenario() + " --method sideways").status, 0);
  EXPECT_NE(run_parley("solve " + scenario() + " --tolerance -1").status, 0);
  EXPECT_NE(run_parley("solve").status, 0);
  EXPECT_NE(run_parley("solve " + scenario() + " --time-cap -1").status, 0);
  EXPECT_NE(run_parley("solve " + scenario() + " --budget 0").status, 0);
  EXPECT_NE(run_parley("solve " + scenario() + " --budget many").status, 0);
  EXPECT_EQ(run_parley("solve '" + (folder_ / "missing").string() + "'").status, 1);
  EXPECT_EQ(
      run_parley("solve " + scenario() + " --plot '" + (folder_ / "x.pdf").string() + "'").status,
      1);
  EXPECT_FALSE(fs::exists(folder_ / "x.pdf"));
}

// Five parties, ten issues of ten options: 10^10 packages, far beyond an exact frontier.
std::string five_parties(const fs::path& folder) {
  std::string text = "parley: 1\nname: five\nissues:\n";
  for (int i = 0; i < 10; ++i)
    text += "  - {name: i" + std::to_string(i) + ", options: [a, b, c, d, e, f, g, h, j, k]}\n";
  text += "parties:\n";
  unsigned state = 7;
  for (int p = 0; p < 5; ++p) {
    text += "  - name: p" + std::to_string(p) + "\n    walk_away: 0.3\n    weights: {";
    for (int i = 0; i < 10; ++i) text += (i ? ", i" : "i") + std::to_string(i) + ": 0.1";
    text += "}\n    scores:\n";
    for (int i = 0; i < 10; ++i) {
      text += "      i" + std::to_string(i) + ": {";
      const char* names = "abcdefghjk";
      for (int v = 0; v < 10; ++v) {
        state = state * 1103515245u + 12345u;
        text += std::string(v ? ", " : "") + names[v] + ": " + std::to_string((state >> 16) % 11);
      }
      text += "}\n";
    }
  }
  const fs::path path = folder / "five.yaml";
  std::ofstream(path) << text;
  return "'" + path.string() + "'";
}

TEST_F(SolveCli, BudgetDecidesAndTheReportSaysHow) {
  const std::string five = five_parties(folder_);
  const auto first = run_parley("solve " + five + " --json --budget 30000000");
  ASSERT_EQ(first.status, 0) << first.out;
  const auto report = nlohmann::json::parse(first.out);
  const auto& f = report["frontier"];
  EXPECT_EQ(f["method"], "anytime-search");
  EXPECT_EQ(f["exact"], false);
  EXPECT_EQ(f["budget"], 30000000);
  EXPECT_LE(f["work"].get<std::uint64_t>(), 30000000u);
  EXPECT_EQ(f["stop"], "budget");
  EXPECT_NE(f["method_reason"].get<std::string>().find("linear-dp"), std::string::npos);
  EXPECT_TRUE(f.contains("dominated_share") && f.contains("gap_bound"));
  // The same budget: the same bytes.
  EXPECT_EQ(run_parley("solve " + five + " --json --budget 30000000").out, first.out);
  // The readable report says which method, how far it got, and how to ask for more.
  const auto text = run_parley("solve " + five + " --budget 30000000");
  EXPECT_NE(text.out.find("Method: anytime-search"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("of a budget of 30,000,000 units"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("--budget 300000000"), std::string::npos) << text.out;
  // An exact method asked for by name refuses to run past the budget, and says so.
  const auto refused = run_parley("solve " + five + " --method linear-dp --budget 1000000", true);
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.out.find("work budget"), std::string::npos) << refused.out;
  // A wall-clock cap that fires: the report says the result is not reproducible.
  const auto capped = run_parley("solve " + five + " --budget 100000000000 --time-cap 0.2");
  ASSERT_EQ(capped.status, 0);
  EXPECT_NE(capped.out.find("Stopped early by the wall-clock cap"), std::string::npos)
      << capped.out;
}

TEST_F(SolveCli, CtrlCStopsCleanly) {
  const std::string five = five_parties(folder_);
  const std::string out = (folder_ / "out.txt").string(), err = (folder_ / "err.txt").string();
  const pid_t pid = parley::test::spawn_parley(
      {"solve", (folder_ / "five.yaml").string(), "--budget", "1000000000000"}, out, err);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(parley::test::eventually([&] { return parley::test::catches(pid, SIGINT); }));
  ::kill(pid, SIGINT);
  EXPECT_EQ(parley::test::exit_code(pid), 130);
  EXPECT_EQ(parley::test::read_text(out), "") << "no half-done report";
  const std::string errors = parley::test::read_text(err);
  EXPECT_NE(errors.find("cancelled"), std::string::npos) << errors;
}

}  // namespace
