// The whole GENIUS / GeniusWeb corpus (../shared/scenarios), driven by its INDEX.md: every folder
// loads with the issues, values, parties and outcome count its row states (folders of more than
// two profiles are refused unless the profiles are named, and load with every one named, or with a
// chosen subset); Railway's constraint profiles are refused;
// every scenario survives save_genius and loading back. A few utilities are checked against
// hand computations from the files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;

struct ExpectedIssue {
  IssueKind kind = IssueKind::categorical;
  std::uint32_t values = 0;           // categorical
  std::int64_t lower = 0, upper = 0;  // integer
  double real_lower = 0, real_upper = 0;
};

struct IndexRow {
  std::string folder;
  int profiles = 0;
  std::size_t issue_count = 0;
  std::vector<ExpectedIssue> issues;
  std::string outcomes;
  std::string profile_type;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// "5,4,[1..10],R[0,1],2x16,[0..9]x30": commas inside brackets do not separate.
std::vector<ExpectedIssue> parse_values(const std::string& text) {
  std::vector<std::string> tokens;
  std::string current;
  int depth = 0;
  for (char c : text) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ',' && depth == 0) {
      tokens.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  tokens.push_back(current);
  static const std::regex repeated(R"(^(.+)x(\d+)$)");
  static const std::regex integer(R"(^\[(-?\d+)\.\.(-?\d+)\]$)");
  static const std::regex real(R"(^R\[(-?[\d.]+),(-?[\d.]+)\]$)");
  std::vector<ExpectedIssue> issues;
  for (const auto& raw : tokens) {
    std::string token = trim(raw);
    int copies = 1;
    std::smatch m;
    if (std::regex_match(token, m, repeated)) {
      copies = std::stoi(m[2]);
      token = m[1];
    }
    ExpectedIssue issue;
    if (std::regex_match(token, m, integer)) {
      issue.kind = IssueKind::integer;
      issue.lower = std::stoll(m[1]);
      issue.upper = std::stoll(m[2]);
    } else if (std::regex_match(token, m, real)) {
      issue.kind = IssueKind::real;
      issue.real_lower = std::stod(m[1]);
      issue.real_upper = std::stod(m[2]);
    } else {
      issue.values = static_cast<std::uint32_t>(std::stoul(token));
    }
    for (int k = 0; k < copies; ++k) issues.push_back(issue);
  }
  return issues;
}

std::vector<IndexRow> read_index() {
  std::vector<IndexRow> rows;
  for (const auto& entry : test::corpus_index()) {
    IndexRow row;
    row.folder = entry.folder;
    row.profiles = entry.profiles;
    row.issue_count = entry.issue_count;
    row.issues = parse_values(entry.values_per_issue);
    row.outcomes = entry.outcomes;
    row.profile_type = entry.profile_type;
    rows.push_back(row);
  }
  return rows;
}

void check_against_row(const Scenario& s, const IndexRow& row) {
  ASSERT_EQ(s.issue_count(), row.issue_count) << row.folder;
  ASSERT_EQ(row.issues.size(), row.issue_count) << row.folder << ": INDEX values/issue";
  for (std::size_t i = 0; i < row.issue_count; ++i) {
    const Issue& issue = s.issue(i);
    const ExpectedIssue& expected = row.issues[i];
    ASSERT_EQ(issue.kind(), expected.kind) << row.folder << " issue " << issue.name();
    switch (expected.kind) {
      case IssueKind::categorical:
        EXPECT_EQ(issue.cardinality(), expected.values) << row.folder << " " << issue.name();
        break;
      case IssueKind::integer:
        EXPECT_EQ(issue.lower_integer(), expected.lower) << row.folder << " " << issue.name();
        EXPECT_EQ(issue.upper_integer(), expected.upper) << row.folder << " " << issue.name();
        break;
      case IssueKind::real:
        EXPECT_EQ(issue.lower_real(), expected.real_lower) << row.folder << " " << issue.name();
        EXPECT_EQ(issue.upper_real(), expected.real_upper) << row.folder << " " << issue.name();
        EXPECT_EQ(issue.cardinality(), Issue::default_real_steps);
        break;
    }
  }
  if (row.outcomes == "continuous") {
    EXPECT_TRUE(s.has_real_issues()) << row.folder;
    return;
  }
  EXPECT_FALSE(s.has_real_issues()) << row.folder;
  std::string digits;
  for (char c : row.outcomes)
    if (c != ',') digits += c;
  if (digits.find('e') == std::string::npos) {
    EXPECT_EQ(s.space().size_text(), digits) << row.folder;
  } else {
    EXPECT_NEAR(s.space().log10_size(), std::log10(std::stod(digits)), 1e-3) << row.folder;
  }
}

// Rescaling a utility table to a best of 1 (what save_genius warns about) multiplies the issue's
// evaluations by 1/best; anything else must come back bit for bit.
void expect_round_trip(const Scenario& original, const Scenario& back, const Warnings& warnings,
                       const std::string& folder) {
  ASSERT_EQ(original.party_count(), back.party_count()) << folder;
  ASSERT_EQ(original.space().cardinalities(), back.space().cardinalities()) << folder;
  const auto outcomes = test::sample_outcomes(original, 2000, 20240601);
  for (std::size_t p = 0; p < original.party_count(); ++p) {
    const std::string marker = "party '" + original.party(p).name + "', issue";
    bool rescaled = false;
    for (const auto& w : warnings) rescaled |= w.find(marker) != std::string::npos;
    EXPECT_EQ(original.party(p).reservation_value, back.party(p).reservation_value) << folder;
    EXPECT_EQ(original.party(p).discount_factor, back.party(p).discount_factor) << folder;
    if (!rescaled) {
      for (const auto& o : outcomes)
        ASSERT_EQ(original.utility(p, o), back.utility(p, o))
            << folder << " " << original.describe(o);
      continue;
    }
    const auto* a = original.party(p).utility->as_linear_additive();
    const auto* b = back.party(p).utility->as_linear_additive();
    ASSERT_TRUE(a && b) << folder;
    EXPECT_EQ(a->weights(), b->weights()) << folder;
    for (std::size_t i = 0; i < original.issue_count(); ++i) {
      double best = 0.0;
      for (ValueIndex v = 0; v < original.issue(i).cardinality(); ++v)
        best = std::max(best, a->value_utility(i, v));
      for (ValueIndex v = 0; v < original.issue(i).cardinality(); ++v)
        EXPECT_NEAR(b->value_utility(i, v) * best, a->value_utility(i, v), 1e-12)
            << folder << " " << original.issue(i).name();
    }
  }
}

fs::path scratch_folder() {
  return fs::temp_directory_path() / ("parley-genius-corpus-" + std::to_string(::getpid()));
}

// Folders that cannot load with every profile they hold, and the message that says why.
const std::map<std::string, std::string>& refused_folders() {
  static const std::map<std::string, std::string> refused{
      {"genius/other/Railway", "constraint profiles are not supported"},
      {"genius/other/laptopdomainNoBayes", "at least two parties"},
      // util1..util10 are empty templates: no evaluations, every weight 0.
      {"genius/anac2015/group10-building_construction", "all weights zero"},
  };
  return refused;
}

// For refused folders that still hold a scenario: the profiles that make it up.
std::vector<std::string> usable_profiles(const std::string& folder) {
  std::vector<std::string> profiles;
  if (folder == "genius/anac2015/group10-building_construction")
    for (int k = 11; k <= 19; ++k)
      profiles.push_back("building_construction_util" + std::to_string(k) + ".xml");
  return profiles;
}

TEST(GeniusCorpus, EveryIndexRowLoadsAsDescribedAndRoundTrips) {
  PARLEY_REQUIRE_CORPUS();
  const auto rows = read_index();
  ASSERT_EQ(rows.size(), 311u) << "INDEX.md announces 311 scenario folders";
  const fs::path scratch = scratch_folder();
  std::size_t loaded = 0, refused = 0, subsets = 0, ambiguous = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const IndexRow& row = rows[r];
    SCOPED_TRACE(row.folder);
    const std::string folder = (test::corpus_dir() / row.folder).string();
    ASSERT_TRUE(fs::is_directory(folder));
    Warnings warnings;
    // A folder of more than two profiles is refused without --profile, with a message that
    // lists its files and the flags to use; named, every profile is a party (as tests did).
    LoadOptions options = test::corpus_load_options(row.folder);
    if (row.profiles > 2) {
      ASSERT_EQ(options.profiles.size(), static_cast<std::size_t>(row.profiles));
      try {
        load_scenario(folder, warnings);
        ADD_FAILURE() << "loaded " << row.profiles << " profiles as parties without --profile";
      } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "profiles") << e.what();
        EXPECT_EQ(e.found().rfind(std::to_string(row.profiles) + " profile files (" +
                                      options.profiles.front() + ", ",
                                  0),
                  0u)
            << e.what();
        EXPECT_NE(e.expected().find("--profile " + options.profiles[0] + " --profile " +
                                    options.profiles[1]),
                  std::string::npos)
            << e.what();
      }
      ++ambiguous;
    }
    std::size_t expected_parties = static_cast<std::size_t>(row.profiles);
    if (const auto why = refused_folders().find(row.folder); why != refused_folders().end()) {
      try {
        load_scenario({folder}, options, warnings);
        ADD_FAILURE() << "loaded, though it should be refused with: " << why->second;
      } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(why->second), std::string::npos) << e.what();
      }
      ++refused;
      options.profiles = usable_profiles(row.folder);
      if (options.profiles.empty()) continue;
      expected_parties = options.profiles.size();
    }
    ScenarioPtr scenario;
    try {
      scenario = load_scenario({folder}, options, warnings);
    } catch (const Error& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    ++loaded;
    EXPECT_EQ(scenario->party_count(), expected_parties);
    check_against_row(*scenario, row);

    if (expected_parties > 2) {
      // A chosen subset of the profiles, by file name: the same parties as in the full load.
      LoadOptions subset_options;
      const std::vector<std::size_t> chosen{expected_parties - 1, 0};
      for (std::size_t p : chosen)
        subset_options.profiles.push_back(fs::path(scenario->party(p).source).filename().string());
      Warnings subset_warnings;
      const auto subset = load_scenario({folder}, subset_options, subset_warnings);
      ASSERT_EQ(subset->party_count(), 2u);
      for (const auto& o : test::sample_outcomes(*scenario, 200, 20240601))
        for (std::size_t k = 0; k < chosen.size(); ++k)
          ASSERT_EQ(subset->utility(k, o), scenario->utility(chosen[k], o));
      EXPECT_EQ(subset->party(0).name, scenario->party(chosen[0]).name);
      ++subsets;
    }

    const std::string out = (scratch / std::to_string(r)).string();
    Warnings save_warnings;
    const auto written = save_genius(*scenario, out, save_warnings);
    ASSERT_EQ(written.size(), scenario->party_count() + 1);
    Warnings reload_warnings;
    const auto back = load_genius(written.front(), {written.begin() + 1, written.end()},
                                  LoadOptions{}, reload_warnings);
    expect_round_trip(*scenario, *back, save_warnings, row.folder);
    fs::remove_all(out);
  }
  fs::remove_all(scratch);
  std::cout << "[ corpus   ] " << loaded << " folders loaded and round-tripped, " << refused
            << " refused as expected (one of them then loaded with its usable profiles), "
            << subsets << " also loaded with a subset of profiles, " << ambiguous
            << " refused without --profile (more than two profiles)\n";
  EXPECT_EQ(refused, refused_folders().size());
  EXPECT_EQ(loaded, rows.size() - refused + 1);
  // INDEX.md: 2 profiles in 243 folders, 1 in laptopdomainNoBayes, more in the other 67.
  EXPECT_EQ(ambiguous, 67u);
}

TEST(GeniusCorpus, EveryFolderOnDiskIsInTheIndex) {
  PARLEY_REQUIRE_CORPUS();
  std::set<std::string> indexed;
  for (const auto& row : read_index()) indexed.insert(row.folder);
  std::size_t folders = 0;
  for (const char* top : {"genius", "geniusweb", "converted"})
    for (const auto& group : fs::directory_iterator(test::corpus_dir() / top))
      for (const auto& folder : fs::directory_iterator(group.path())) {
        if (!folder.is_directory()) continue;
        ++folders;
        EXPECT_TRUE(indexed.count(fs::relative(folder.path(), test::corpus_dir()).string()))
            << folder.path();
      }
  EXPECT_EQ(folders, indexed.size());
}

ScenarioPtr load_corpus(const std::string& folder, Warnings& warnings) {
  return test::load_corpus_folder(folder, warnings);
}

TEST(GeniusCorpus, ItexVsCypressByHand) {
  PARLEY_REQUIRE_CORPUS();
  Warnings warnings;
  const auto s = load_corpus("genius/anac2010/ItexvsCypress", warnings);
  ASSERT_EQ(s->party(0).name, "ItexvsCypress_Cypress");
  ASSERT_EQ(s->party(1).name, "ItexvsCypress_Itex");
  EXPECT_EQ(s->name(), "ItexvsCypress");
  // Price=$4.37, Delivery=60 days, Payment=Upon delivery, Returns=Full price.
  const Outcome o =
      s->parse_outcome("Price=$4.37, Delivery=60 days, Payment=Upon delivery, Returns=Full price");
  EXPECT_EQ(o, (Outcome{0, 0, 0, 0}));
  // Cypress: evaluations 1 (of best 40), 1 (of 25), 15 (of 15), 20 (of 20).
  const double cypress = 0.4700166576535899 * 1.0 / 40 + 0.1220816713696379 * 1.0 / 25 +
                         0.17727008190772825 * 1.0 + 0.2306315890690439 * 1.0;
  EXPECT_NEAR(s->utility(0, o), cypress, 1e-12);
  // Itex: evaluations 30 (of 30), 1 (of 20), 10 (of 25), 1 (of 30).
  const double itex = 0.28812635027374 * 1.0 + 0.1915290482981283 * 1.0 / 20 +
                      0.24212575877553694 * 10.0 / 25 + 0.2782188426525948 * 1.0 / 30;
  EXPECT_NEAR(s->utility(1, o), itex, 1e-12);
}

TEST(GeniusCorpus, AgentHp2IntegerIssuesStartAtTheLowerBound) {
  PARLEY_REQUIRE_CORPUS();
  Warnings warnings;
  const auto s = load_corpus("genius/anac2016/AgentHp2", warnings);
  ASSERT_EQ(s->party(0).name, "consumer");
  ASSERT_EQ(s->party(1).name, "producer");
  // Prices 8,9,10,11,12,13,14,8 (range 8..14, value index = price - 8).
  const Outcome o{0, 1, 2, 3, 4, 5, 6, 0};
  // consumer: e = 1.0 - 0.15 (x - 8) = 1, .85, .7, .55, .4, .25, .1, 1; weights .083 x5, .085,
  // .25, .25: 0.083*(1+.85+.7+.55+.4) + 0.085*0.25 + 0.25*0.1 + 0.25*1 = 0.58675
  EXPECT_NEAR(s->utility(0, o), 0.58675, 1e-12);
  // producer: e = 0.1 + 0.15 (x - 8) = .1, .25, .4, .55, .7, .85, 1, .1; weights 0.125 each:
  // 0.125 * 3.95 = 0.49375
  EXPECT_NEAR(s->utility(1, o), 0.49375, 1e-12);
  EXPECT_NEAR(s->utility(0, Outcome(8, 6)), 0.1, 1e-12);  // every price 14: e = 0.1
}

TEST(GeniusCorpus, IntegerEvaluationsAreClippedAsInGenius) {
  PARLEY_REQUIRE_CORPUS();
  Warnings warnings;
  const auto s = load_corpus("genius/other/IntegerDomain", warnings);
  ASSERT_EQ(s->party(0).name, "IntegerDomain-prof1");
  // price: offset 0.3, slope 0.08 from lowerbound -5; otherprice: offset 0, slope 0.1; weights
  // 0.75 / 0.25. At (5, 5): price 0.3 + 0.08*10 = 1.1, clipped to 1 (GENIUS 10.4
  // EvaluatorInteger.getEvaluation); otherprice 0.1*10 = 1. u = 0.75*1 + 0.25*1 = 1.
  EXPECT_NEAR(s->utility(0, {10, 10}), 1.0, 1e-12);
  // At (0, -5): price 0.3 + 0.08*5 = 0.7, otherprice 0: u = 0.75*0.7 = 0.525
  EXPECT_NEAR(s->utility(0, {5, 0}), 0.525, 1e-12);
}

TEST(GeniusCorpus, Anac2014NonlinearProfileOnOneOutcome) {
  PARLEY_REQUIRE_CORPUS();
  Warnings warnings;
  const auto s = load_corpus("genius/anac2014/10issues", warnings);
  ASSERT_EQ(s->party(0).name, "profile-1");
  // Issues x1..x10 (indices 1..10, values 0..9). Outcome (8,3,0,3,8,8,3,6,8,5). Of the 20
  // INCLUDES rectangles of profile-1.xml (maxutility 662), exactly three hold:
  //   line 62: utility 56, INCLUDES index 10 in [0,7]              (x10 = 5)
  //   line 79: utility 45, INCLUDES index 9 in [5,9], 10 in [0,7]  (x9 = 8, x10 = 5)
  //   line 98: utility 9,  INCLUDES index 9 in [0,8]               (x9 = 8)
  // u = (56 + 45 + 9) / 662 = 110 / 662
  const Outcome o{8, 3, 0, 3, 8, 8, 3, 6, 8, 5};
  EXPECT_NEAR(s->utility(0, o), 110.0 / 662.0, 1e-12);
}

TEST(GeniusCorpus, GeniusWebReservationBid) {
  PARLEY_REQUIRE_CORPUS();
  Warnings warnings;
  const auto s = load_corpus("geniusweb/anac2020/Fitness", warnings);
  ASSERT_EQ(s->party(0).name, "fitness1");
  EXPECT_EQ(s->issue(0).name(), "type");  // the domain file's key order
  // fitness1 reservation bid: running 0.2, 3 hours 0.22, 40 km 0.25, bootcamp 0.14, $50 0.2;
  // weights type .15, duration .05, distance .3, intensity .3, price .2:
  // 0.15*0.2 + 0.05*0.22 + 0.3*0.25 + 0.3*0.14 + 0.2*0.2 = 0.198
  ASSERT_TRUE(s->party(0).reservation_outcome.has_value());
  EXPECT_EQ(s->describe(*s->party(0).reservation_outcome),
            "type=running, duration=3 hours, distance=40 km, intensity=bootcamp, price=$50");
  EXPECT_NEAR(s->party(0).reservation_value, 0.198, 1e-12);
}

}  // namespace
}  // namespace parley
