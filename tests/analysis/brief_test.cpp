// The HTML brief (parley/analysis/brief.hpp): the document parses as XML, needs no network, holds
// the plot with every party, the solution table, the menu and one explanation per distinct
// package, and keeps hostile names as text. The expected menu, zone and points are computed here
// by brute force over the space, not read from the reader model.
#include "parley/analysis/brief.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <vector>

#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"
#include "plot_svg.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;

using test::all_text;

struct ParsedBrief {
  std::string html;
  pugi::xml_document document;
};

std::unique_ptr<ParsedBrief> parse(std::string html) {
  auto brief = std::make_unique<ParsedBrief>();
  brief->html = std::move(html);
  const auto result = brief->document.load_string(brief->html.c_str());
  EXPECT_EQ(result.status, pugi::status_ok)
      << result.description() << " at offset " << result.offset << ": "
      << brief->html.substr(
             static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, result.offset - 80)), 160);
  return brief;
}

pugi::xpath_node_set select(const ParsedBrief& brief, const char* xpath) {
  return brief.document.select_nodes(xpath);
}

// No element or attribute makes a browser fetch anything or run anything.
void expect_self_contained(const ParsedBrief& brief) {
  for (const char* tag : {"script", "link", "iframe", "object", "embed", "img", "base", "audio",
                          "video", "source", "foreignObject"})
    EXPECT_TRUE(select(brief, (std::string("//") + tag).c_str()).empty()) << "a <" << tag << ">";
  for (const auto& node : select(brief, "//*")) {
    for (const auto& attribute : node.node().attributes()) {
      const std::string name = attribute.name();
      const std::string value = attribute.value();
      EXPECT_FALSE(name.starts_with("on"))
          << "event handler " << name << " on <" << node.node().name() << ">";
      if (name == "src" || name == "href" || name == "xlink:href" || name == "action") {
        EXPECT_FALSE(value.starts_with("http:") || value.starts_with("https:") ||
                     value.starts_with("//") || value.starts_with("file:"))
            << name << "=" << value;
      }
    }
  }
  const std::string style = all_text(select(brief, "//style").first().node());
  EXPECT_EQ(style.find("url("), std::string::npos);
  EXPECT_EQ(style.find("@import"), std::string::npos);
  EXPECT_EQ(brief.html.find("https://"), std::string::npos);
}

// Two parties, three two-option issues, hand-computed (see expectations below):
//   X: 0.5 [A=a0] + 0.3 [B=b0] + 0.2 [C=c0]     Y: 0.5 [A=a1] + 0.2 [B=b1] + 0.3 [C=c0]
// Both prefer c0, so C is settled on the menu. Walk-away 0.25 each.
ScenarioPtr hand_scenario(const std::string& name = "Hand example", const std::string& x = "X",
                          const std::string& y = "Y") {
  std::vector<Issue> issues = {Issue::categorical("A", {{"a0", ""}, {"a1", ""}}),
                               Issue::categorical("B", {{"b0", ""}, {"b1", ""}}),
                               Issue::categorical("C", {{"c0", ""}, {"c1", ""}})};
  auto party = [&](const std::string& party_name, std::vector<double> weights,
                   std::vector<std::vector<double>> tables) {
    std::vector<ValueFunction> functions;
    for (auto& table : tables) functions.push_back(ValueFunction::from_utilities(table));
    Party p;
    p.name = party_name;
    p.utility = std::make_shared<LinearAdditiveUtility>(issues, std::move(weights), functions);
    p.reservation_value = 0.25;
    return p;
  };
  std::vector<Party> parties = {party(x, {0.5, 0.3, 0.2}, {{1, 0}, {1, 0}, {1, 0}}),
                                party(y, {0.5, 0.2, 0.3}, {{0, 1}, {0, 1}, {1, 0}})};
  return std::make_shared<Scenario>(name, issues, parties, "Two sides, three issues.");
}

// The efficient, individually rational packages by brute force.
std::vector<Outcome> brute_force_menu(const Scenario& scenario) {
  std::vector<std::pair<Outcome, std::vector<double>>> all;
  Outcome outcome(scenario.issue_count(), 0);
  do {
    all.emplace_back(outcome, scenario.utilities(outcome));
  } while (scenario.space().next(outcome));
  std::vector<Outcome> menu;
  for (const auto& [o, u] : all) {
    bool rational = true;
    for (std::size_t j = 0; j < u.size(); ++j)
      rational = rational && u[j] >= scenario.party(j).reservation_value;
    bool dominated = false;
    for (const auto& [other, v] : all) {
      bool weakly = true, strictly = false;
      for (std::size_t j = 0; j < u.size(); ++j) {
        weakly = weakly && v[j] >= u[j] - 1e-12;
        strictly = strictly || v[j] > u[j] + 1e-12;
      }
      dominated = dominated || (weakly && strictly);
    }
    if (rational && !dominated) menu.push_back(o);
  }
  return menu;
}

std::string render(const Scenario& scenario, bool lotteries = false) {
  AnalysisOptions options;
  options.lotteries = lotteries;
  return render_brief_html(scenario, analyse(scenario, options));
}

TEST(Brief, HandExampleHasTheBruteForceMenuZoneAndPoints) {
  const auto scenario = hand_scenario();
  const auto menu = brute_force_menu(*scenario);
  // By hand: (a0,b0,c0) X 1.0 Y 0.3; (a0,b1,c0) X 0.7 Y 0.5; (a1,b0,c0) X 0.5 Y 0.8.
  ASSERT_EQ(menu.size(), 3u);
  for (const auto& o : menu) EXPECT_EQ(o[2], 0u) << "C is settled on c0";

  const auto brief = parse(render(*scenario));
  expect_self_contained(*brief);

  // The summary: 4 of the 8 packages are individually rational (the 3 above and (a1,b0,c1):
  // X 0.3, Y 0.5), 3 of them efficient.
  const std::string summary = all_text(select(*brief, "//section[@id='summary']").first().node());
  EXPECT_NE(summary.find("4 of 8 packages (50.0%)"), std::string::npos) << summary;
  EXPECT_NE(summary.find("3 of them are efficient"), std::string::npos) << summary;

  // Nash: gains (0.75, 0.05), (0.45, 0.25), (0.25, 0.55) -> products 0.0375, 0.1125, 0.1375:
  // (a1, b0, c0). Points = 100 x utility here (worst 0, best 1 for both), walk-away 25.
  const auto package_rows =
      select(*brief, "//section[@id='summary']//table[@class='package-table']/tbody/tr");
  ASSERT_EQ(package_rows.size(), 3u);
  const std::vector<std::string> nash = {"\u2018a1\u2019", "\u2018b0\u2019", "\u2018c0\u2019"};
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(all_text(package_rows[i].node().child("td")), nash[i]);
  const auto standing_rows =
      select(*brief, "//section[@id='summary']//table[@class='standings']/tbody/tr");
  ASSERT_EQ(standing_rows.size(), 2u);
  std::vector<std::vector<std::string>> standings;
  for (const auto& row : standing_rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row.node().children()) cells.push_back(all_text(cell));
    standings.push_back(cells);
  }
  EXPECT_EQ(standings[0], (std::vector<std::string>{"X", "25", "50", "+25"}));
  EXPECT_EQ(standings[1], (std::vector<std::string>{"Y", "25", "80", "+55"}));

  // The menu: its three packages, C settled on c0, A and B contested.
  EXPECT_EQ(select(*brief, "//section[@id='menu']//table[@class='menu']/tbody/tr").size(), 3u);
  const auto issue_rows =
      select(*brief, "//section[@id='menu']//table[@class='menu-issues']/tbody/tr");
  ASSERT_EQ(issue_rows.size(), 3u);
  std::map<std::string, std::string> status, options;
  for (const auto& row : issue_rows) {
    const auto cells = row.node().select_nodes("td");
    status[all_text(row.node().child("th"))] = all_text(cells[0].node());
    options[all_text(row.node().child("th"))] = all_text(cells[1].node());
  }
  EXPECT_EQ(status["A"], "contested");
  EXPECT_EQ(status["B"], "contested");
  EXPECT_EQ(status["C"], "settled");
  EXPECT_EQ(options["C"], "\u2018c0\u2019");
  EXPECT_EQ(options["A"], "\u2018a0\u2019, \u2018a1\u2019");
  // Each side's range over the menu: X 50..100, Y 30..80 points.
  const auto range_rows = select(*brief, "//table[@class='menu-ranges']/tbody/tr");
  ASSERT_EQ(range_rows.size(), 2u);
  const auto x_cells = range_rows[0].node().select_nodes("td");
  EXPECT_EQ(all_text(x_cells[1].node()), "50");
  EXPECT_EQ(all_text(x_cells[2].node()), "100");
  const auto y_cells = range_rows[1].node().select_nodes("td");
  EXPECT_EQ(all_text(y_cells[1].node()), "30");
  EXPECT_EQ(all_text(y_cells[2].node()), "80");
}

TEST(Brief, RussiaJapanHoldsEverySectionThePlotTheTableAndOneExplanationPerPackage) {
  Warnings warnings;
  const auto scenario =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/examples/russia-japan.yaml", warnings);
  const Analysis analysis = analyse(*scenario);
  const std::string html = render_brief_html(*scenario, analysis);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n"));
  const auto brief = parse(html);
  expect_self_contained(*brief);

  // The sections, in the documented order.
  std::vector<std::string> sections;
  for (const auto& node : select(*brief, "/html/body/section"))
    sections.push_back(node.node().attribute("id").value());
  EXPECT_EQ(sections, (std::vector<std::string>{"summary", "plot", "solutions", "menu",
                                                "explanations", "method", "glossary"}));
  EXPECT_EQ(all_text(select(*brief, "//h1").first().node()), scenario->name());

  // The plot: one inline <svg> in the plot section, without an XML prolog, naming every party.
  const auto svgs = select(*brief, "//svg");
  ASSERT_EQ(svgs.size(), 1u);
  EXPECT_STREQ(svgs.first().parent().name(), "figure");
  EXPECT_EQ(html.find("<?xml"), std::string::npos);
  const std::string plot_text = all_text(svgs.first().node());
  for (const auto& party : scenario->parties())
    EXPECT_NE(plot_text.find(party.name), std::string::npos) << party.name << " not in the plot";
  EXPECT_NE(plot_text.find("Nash"), std::string::npos);

  // The issue x solution table: a column per solution, a row per issue, each cell the option the
  // solution's package takes (read from the analysis, not the reader model).
  // With a status quo (the example gives one), its column comes first.
  const auto& status_quo = scenario->status_quo();
  const std::size_t first = status_quo ? 1 : 0;
  const auto head = select(*brief, "//table[@class='solution-table']/thead/tr/th");
  ASSERT_EQ(head.size(), 1 + first + analysis.solutions.size());
  if (status_quo) {
    EXPECT_EQ(all_text(head[1].node()), "Status quo");
  }
  const auto rows = select(*brief, "//table[@class='solution-table']/tbody/tr");
  ASSERT_EQ(rows.size(), scenario->issue_count() + scenario->party_count());
  auto quoted = [&](std::size_t issue, ValueIndex value) {
    return "\u2018" + scenario->issue(issue).value_label(value) + "\u2019";
  };
  for (std::size_t i = 0; i < scenario->issue_count(); ++i) {
    const auto cells = rows[i].node().select_nodes("td");
    ASSERT_EQ(cells.size(), first + analysis.solutions.size());
    EXPECT_EQ(all_text(rows[i].node().child("th")), scenario->issue(i).label());
    if (status_quo) {
      EXPECT_EQ(all_text(cells[0].node()), quoted(i, (*status_quo)[i]));
    }
    for (std::size_t k = 0; k < analysis.solutions.size(); ++k) {
      ASSERT_EQ(analysis.solutions[k].packages.size(), 1u) << "no lottery by default";
      EXPECT_EQ(all_text(cells[first + k].node()),
                quoted(i, analysis.solutions[k].packages[0].outcome[i]));
    }
  }

  // One explanation per distinct package among the solutions.
  std::set<Outcome> distinct;
  for (const auto& solution : analysis.solutions) distinct.insert(solution.packages[0].outcome);
  EXPECT_EQ(select(*brief, "//section[@id='explanations']/article").size(), distinct.size());
  EXPECT_LT(distinct.size(), analysis.solutions.size()) << "the example has repeated packages";

  // The menu lists the efficient packages in the zone (all of them: fewer than the limit).
  EXPECT_EQ(select(*brief, "//table[@class='menu']/tbody/tr").size(),
            analysis.zone.rational_frontier.size());

  // The print stylesheet.
  const std::string style = all_text(select(*brief, "//style").first().node());
  for (const char* rule : {"@page", "size: A4", "@media print", "break-before: page",
                           "break-inside: avoid", "display: table-header-group"})
    EXPECT_NE(style.find(rule), std::string::npos) << rule;

  // Deterministic: the same bytes again.
  EXPECT_EQ(render_brief_html(*scenario, analyse(*scenario)), html);
}

TEST(Brief, HostileNamesStayText) {
  const std::string name = "<script>alert('x')</script> & \"Co\" ]]> <!-- x";
  const std::string x = "<img src=x onerror=alert(1)>";
  const std::string y = "Y & 'Z' </style>";
  const auto scenario = hand_scenario(name, x, y);
  const auto brief = parse(render(*scenario));
  expect_self_contained(*brief);
  EXPECT_EQ(all_text(select(*brief, "//h1").first().node()), name);
  EXPECT_EQ(all_text(select(*brief, "//title").first().node()), "Brief: " + name);
  const std::string body = all_text(select(*brief, "//body").first().node());
  EXPECT_NE(body.find(x), std::string::npos);
  EXPECT_NE(body.find(y), std::string::npos);
}

// Sections other areas add (parley robust's "Under uncertainty") go after the explanations, with
// an escaped heading; an id that is not letters, digits and '-' is refused.
TEST(Brief, AddedSectionsComeAfterTheExplanations) {
  const auto scenario = hand_scenario();
  const Analysis analysis = analyse(*scenario, {});
  BriefOptions options;
  options.sections.push_back({"under-2", "<Under> & \"uncertainty\"", "<p>body</p>\n"});
  const auto brief = parse(render_brief_html(*scenario, analysis, options));
  std::vector<std::string> ids;
  for (const auto& node : select(*brief, "//section"))
    ids.push_back(node.node().attribute("id").value());
  ASSERT_GE(ids.size(), 3u);
  const auto at = std::find(ids.begin(), ids.end(), "under-2");
  ASSERT_NE(at, ids.end());
  EXPECT_EQ(*(at - 1), "explanations");
  EXPECT_EQ(*(at + 1), "method");
  EXPECT_EQ(all_text(select(*brief, "//section[@id='under-2']/h2").first().node()),
            "<Under> & \"uncertainty\"");
  EXPECT_EQ(all_text(select(*brief, "//section[@id='under-2']/p").first().node()), "body");
  options.sections[0].id = "a\" onclick=\"x";
  EXPECT_THROW(render_brief_html(*scenario, analysis, options), std::invalid_argument);
  EXPECT_EQ(escape_brief_text("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
}

TEST(Brief, HostileYamlLabelsStayText) {
  const std::string yaml = R"(parley: 1
name: "</title><script>alert(1)</script>"
description: "A <b>bold</b> & hostile description </style></svg>"
issues:
  - name: "a<b"
    label: "Issue <i>one</i> & \"two\""
    options: ["<img src=x onerror=alert(1)>", "plain & simple", "x_y^z"]
  - name: second
    options: [yes, no]
parties:
  - name: "<script>p1</script>"
    walk_away: 0.1
    weights: {"a<b": 0.6, second: 0.4}
    scores:
      "a<b": {"<img src=x onerror=alert(1)>": 10, "plain & simple": 5, "x_y^z": 0}
      second: {yes: 10, no: 0}
  - name: "B & 'C'"
    walk_away: 0.1
    weights: {"a<b": 0.3, second: 0.7}
    scores:
      "a<b": {"<img src=x onerror=alert(1)>": 0, "plain & simple": 5, "x_y^z": 10}
      second: {yes: 0, no: 10}
)";
  Warnings warnings;
  const auto scenario = parse_native(yaml, "hostile.yaml", warnings);
  const auto brief = parse(render(*scenario));
  expect_self_contained(*brief);
  const std::string body = all_text(select(*brief, "//body").first().node());
  EXPECT_NE(body.find("Issue <i>one</i> & \"two\""), std::string::npos);
  EXPECT_NE(body.find("\u2018<img src=x onerror=alert(1)>\u2019"), std::string::npos);
  EXPECT_NE(body.find("A <b>bold</b> & hostile description </style></svg>"), std::string::npos);
  EXPECT_TRUE(select(*brief, "//b").empty());
  EXPECT_TRUE(select(*brief, "//i").empty());
  // The plot's texts are escaped too: the party names are in it as text.
  const std::string plot_text = all_text(select(*brief, "//svg").first().node());
  EXPECT_NE(plot_text.find("<script>p1</script>"), std::string::npos) << plot_text;
}

TEST(Brief, ControlCharactersAndInvalidUtf8BecomeValidText) {
  // A control character (not allowed in XML) and a byte that is not UTF-8; "é" stays.
  const auto scenario = hand_scenario("bad\x01name\xff caf\xc3\xa9", "X", "Y");
  const auto brief = parse(render(*scenario));
  EXPECT_EQ(all_text(select(*brief, "//h1").first().node()), "bad name\xEF\xBF\xBD caf\xc3\xa9");
}

TEST(Brief, LotteriesCarryTheCaution) {
  const auto scenario = hand_scenario();
  const std::string with = render(*scenario, true);
  const std::string without = render(*scenario, false);
  const auto analysis = [&] {
    AnalysisOptions options;
    options.lotteries = true;
    return analyse(*scenario, options);
  }();
  const bool any_lottery = std::any_of(analysis.solutions.begin(), analysis.solutions.end(),
                                       [](const Solution& s) { return s.packages.size() > 1; });
  // The hand example's hull (1.0,0.3) (0.7,0.5) (0.5,0.8) is convex with a kink: the Nash
  // lottery mixes two packages.
  ASSERT_TRUE(any_lottery);
  EXPECT_NE(with.find("Drawing lots only suits"), std::string::npos);
  EXPECT_EQ(without.find("Drawing lots only suits"), std::string::npos);
  parse(with);
}

TEST(Brief, NoZoneShowsTheClosestPackage) {
  auto base = hand_scenario();
  std::vector<Party> parties = base->parties();
  for (auto& party : parties) party.reservation_value = 0.9;
  const Scenario scenario("No deal", base->issues(), parties);
  const auto brief = parse(render(scenario));
  expect_self_contained(*brief);
  const std::string summary = all_text(select(*brief, "//section[@id='summary']").first().node());
  EXPECT_NE(summary.find("No deal is possible"), std::string::npos);
  EXPECT_NE(summary.find("The closest package"), std::string::npos);
  EXPECT_TRUE(select(*brief, "//table[@class='menu']").empty());
}

TEST(BriefPdf, AHungBrowserIsStoppedAndNothingIsWritten) {
  if (find_chromium().empty()) GTEST_SKIP() << "no chromium on PATH: apt-get install chromium";
  const fs::path folder =
      fs::temp_directory_path() / ("parley-brief-pdf-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  PdfOptions options;
  options.timeout_seconds = 0.01;  // far less than a browser needs to start
  try {
    write_pdf_from_html("<!DOCTYPE html><html><body><p>x</p></body></html>", folder / "b.pdf",
                        options);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("did not finish printing within 0.01 s"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fs::is_empty(folder)) << "neither the PDF nor its temporary file";
  fs::remove_all(folder);
}

TEST(BriefPdf, CancellingStopsTheBrowser) {
  if (find_chromium().empty()) GTEST_SKIP() << "no chromium on PATH: apt-get install chromium";
  const fs::path folder =
      fs::temp_directory_path() / ("parley-brief-cancel-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  int polls = 0;
  PdfOptions options;
  options.cancelled = [&polls] { return ++polls >= 3; };
  EXPECT_THROW(write_pdf_from_html("<!DOCTYPE html><html><body><p>x</p></body></html>",
                                   folder / "b.pdf", options),
               Cancelled);
  EXPECT_EQ(polls, 3);
  EXPECT_TRUE(fs::is_empty(folder));
  fs::remove_all(folder);
}

TEST(BriefPath, ChecksExtensionFolderAndKind) {
  const fs::path folder =
      fs::temp_directory_path() / ("parley-brief-path-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  const std::string good = (folder / "b.HTML").string();
  EXPECT_NO_THROW(check_brief_path(good, BriefFormat::html, "--html"));
  EXPECT_NO_THROW(check_brief_path((folder / "b.htm").string(), BriefFormat::html, "--html"));
  EXPECT_NO_THROW(check_brief_path((folder / "b.pdf").string(), BriefFormat::pdf, "--pdf"));
  auto message = [](const std::string& path, BriefFormat format) {
    try {
      check_brief_path(path, format, "--x");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message((folder / "b.txt").string(), BriefFormat::html).find("ending in .html"),
            std::string::npos);
  EXPECT_NE(message((folder / "b.html").string(), BriefFormat::pdf).find("ending in .pdf"),
            std::string::npos);
  EXPECT_NE(message((folder / "b").string(), BriefFormat::pdf).find("no extension"),
            std::string::npos);
  EXPECT_NE(message((folder / "missing" / "b.pdf").string(), BriefFormat::pdf).find("no folder"),
            std::string::npos);
  fs::create_directories(folder / "dir.html");
  EXPECT_NE(message((folder / "dir.html").string(), BriefFormat::html).find("a folder"),
            std::string::npos);
  EXPECT_NE(message((folder / "missing" / "b.pdf").string(), BriefFormat::pdf).find("--x"),
            std::string::npos);
  if (::geteuid() != 0) {
    fs::create_directories(folder / "locked");
    fs::permissions(folder / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_NE(message((folder / "locked" / "b.html").string(), BriefFormat::html)
                  .find("cannot be written in"),
              std::string::npos);
    fs::permissions(folder / "locked", fs::perms::owner_all);
  }
  fs::remove_all(folder);
}

}  // namespace
}  // namespace parley
