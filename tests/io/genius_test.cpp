// GENIUS XML and GeniusWeb JSON: hand-computed utilities on small files written here, round trips
// through save_genius, and one test per class of bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "parley/io/io.hpp"
#include "parley/model/uncertainty.hpp"
#include "test_support.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;

// A fresh folder per test under the system temp folder, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / ("parley-genius-" + std::string(info->test_suite_name()) +
                                         "-" + info->name() + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

// Three issues, each type spelled by one attribute only (GENIUS files do that).
const char* const kFruitDomain = R"(<negotiation_template>
 <utility_space number_of_issues="3">
  <objective index="0" etype="objective" type="objective" name="Fruit">
   <issue index="1" name="Kind" etype="discrete">
     <item index="1" value="apple"/><item index="2" value="pear"/><item index="3" value="fig"/>
   </issue>
   <issue index="2" name="Boxes" type="integer" lowerbound="1" upperbound="10"/>
   <issue index="3" name="Price" vtype="real"><range lowerbound="0" upperbound="5"/></issue>
  </objective>
 </utility_space>
</negotiation_template>
)";

// Scores, integer linear, real linear (clipped); discount and reservation as attributes.
const char* const kBuyer = R"(<utility_space type="linear">
 <objective index="0" etype="objective" type="objective" name="Fruit">
  <issue index="1" name="Kind" etype="discrete">
    <item index="1" value="apple" evaluation="3"/>
    <item index="2" value="pear" evaluation="6"/>
    <item index="3" value="fig" evaluation="0"/>
  </issue>
  <weight index="1" value="0.5"/>
  <issue index="2" name="Boxes" type="integer" lowerbound="1" upperbound="10">
    <evaluator ftype="linear" slope="-0.1" offset="1.0"/>
  </issue>
  <weight index="2" value="0.3"/>
  <issue index="3" name="Price" type="real">
    <range lowerbound="0" upperbound="5"/>
    <evaluator ftype="linear" parameter0="-0.5" parameter1="0.4"/>
  </issue>
  <weight index="3" value="0.2"/>
 </objective>
 <discount_factor value="0.8"/>
 <reservation value="0.35"/>
</utility_space>
)";

// Triangular real evaluator, increasing integer evaluator, the <value> child form of the
// discount, no reservation.
const char* const kSeller = R"(<utility_space>
 <objective index="0" etype="objective" type="objective" name="Fruit">
  <weight index="1" value="0.25"/>
  <weight index="2" value="0.25"/>
  <weight index="3" value="0.5"/>
  <issue index="1" name="Kind" etype="discrete">
    <item index="1" value="apple" evaluation="1"/>
    <item index="2" value="pear" evaluation="1"/>
    <item index="3" value="fig" evaluation="2"/>
  </issue>
  <issue index="2" name="Boxes" type="integer" lowerbound="1" upperbound="10">
    <evaluator ftype="linear" slope="0.1" offset="0.1"/>
  </issue>
  <issue index="3" name="Price" type="real">
    <range lowerbound="0" upperbound="5"/>
    <evaluator ftype="triangular" parameter0="1" parameter1="4" parameter2="2"/>
  </issue>
 </objective>
 <discount_factor><value>1</value></discount_factor>
</utility_space>
)";

// Constant evaluators, weights summing to 4 (renormalised), a discount outside (0, 1].
const char* const kTrader = R"(<utility_space type="linear">
 <objective index="0" etype="objective" type="objective" name="Fruit">
  <issue index="1" name="Kind" etype="discrete">
    <item index="1" value="apple" evaluation="2"/>
    <item index="2" value="pear" evaluation="4"/>
    <item index="3" value="fig" evaluation="4"/>
  </issue>
  <issue index="2" name="Boxes" type="integer" lowerbound="1" upperbound="10">
    <evaluator ftype="linear" slope="0" offset="0.6"/>
  </issue>
  <issue index="3" name="Price" type="real">
    <range lowerbound="0" upperbound="5"/>
    <evaluator ftype="constant" parameter0="0.3"/>
  </issue>
  <weight index="1" value="1"/>
  <weight index="2" value="1"/>
  <weight index="3" value="2"/>
 </objective>
 <discount_factor value="1.5"/>
</utility_space>
)";

// Value indices: Kind apple 0, pear 1, fig 2; Boxes x -> x-1; Price p -> p/0.5 (11 points).
TEST(GeniusXml, LinearEvaluatorsDiscountAndReservation) {
  TempDir dir;
  const auto domain = dir.write("fruit_domain.xml", kFruitDomain);
  const auto buyer = dir.write("Fruit_buyer.xml", kBuyer);
  const auto seller = dir.write("Fruit_seller.xml", kSeller);
  const auto trader = dir.write("Fruit_trader.xml", kTrader);
  Warnings warnings;
  const auto s = load_genius(domain, {buyer, seller, trader}, LoadOptions{}, warnings);
  ASSERT_EQ(s->issue_count(), 3u);
  EXPECT_EQ(s->issue(0).kind(), IssueKind::categorical);
  EXPECT_EQ(s->issue(1).kind(), IssueKind::integer);
  EXPECT_EQ(s->issue(2).kind(), IssueKind::real);
  EXPECT_EQ(s->issue(2).cardinality(), Issue::default_real_steps);
  ASSERT_EQ(s->party_count(), 3u);
  EXPECT_EQ(s->party(0).name, "Fruit_buyer");
  EXPECT_EQ(s->name(), fs::path(dir.path()).filename().string());
  EXPECT_EQ(s->metadata().at("format"), "genius");
  EXPECT_EQ(s->metadata().at("domain"), domain);

  // Buyer: Kind 3/6, 6/6, 0/6; Boxes 1 - 0.1 (x - 1); Price clip(0.4 p - 0.5).
  // (apple, 1, 0):   0.5*0.5 + 0.3*1   + 0.2*0   = 0.55
  // (pear, 6, 2.5):  0.5*1   + 0.3*0.5 + 0.2*0.5 = 0.75
  // (fig, 10, 5):    0.5*0   + 0.3*0.1 + 0.2*1   = 0.23  (0.4*5-0.5 = 1.5 clipped to 1)
  EXPECT_NEAR(s->utility(0, {0, 0, 0}), 0.55, 1e-12);
  EXPECT_NEAR(s->utility(0, {1, 5, 5}), 0.75, 1e-12);
  EXPECT_NEAR(s->utility(0, {2, 9, 10}), 0.23, 1e-12);
  EXPECT_DOUBLE_EQ(s->party(0).discount_factor, 0.8);
  EXPECT_DOUBLE_EQ(s->party(0).reservation_value, 0.35);

  // Seller: Kind 1/2, 1/2, 2/2; Boxes 0.1 + 0.1 (x - 1); Price triangle 1..4 with top 2.
  // (apple, 1, 1.5): 0.25*0.5 + 0.25*0.1 + 0.5*0.5 = 0.4   ((1.5-1)/(2-1) = 0.5)
  // (fig, 10, 3):    0.25*1   + 0.25*1   + 0.5*0.5 = 0.75  ((4-3)/(4-2) = 0.5)
  // (pear, 5, 4.5):  0.25*0.5 + 0.25*0.5 + 0.5*0   = 0.25  (outside the triangle)
  EXPECT_NEAR(s->utility(1, {0, 0, 3}), 0.4, 1e-12);
  EXPECT_NEAR(s->utility(1, {2, 9, 6}), 0.75, 1e-12);
  EXPECT_NEAR(s->utility(1, {1, 4, 9}), 0.25, 1e-12);
  EXPECT_DOUBLE_EQ(s->party(1).discount_factor, 1.0);
  EXPECT_DOUBLE_EQ(s->party(1).reservation_value, 0.0);

  // Trader: weights 1,1,2 renormalised to 0.25, 0.25, 0.5; Kind 2/4, 4/4, 4/4; Boxes 0.6;
  // Price 0.3. (apple, *, *): 0.25*0.5 + 0.25*0.6 + 0.5*0.3 = 0.425
  EXPECT_NEAR(s->utility(2, {0, 3, 7}), 0.425, 1e-12);
  EXPECT_NEAR(s->utility(2, {1, 0, 0}), 0.55, 1e-12);
  EXPECT_DOUBLE_EQ(s->party(2).discount_factor, 1.0);  // 1.5 means no discount
  bool renormalised = false, discount = false;
  for (const auto& w : warnings) {
    renormalised |= w.find(trader) != std::string::npos && w.find("weights") != std::string::npos;
    discount |= w.find(trader) != std::string::npos && w.find("discount") != std::string::npos;
  }
  EXPECT_TRUE(renormalised);
  EXPECT_TRUE(discount);
  EXPECT_EQ(warnings.size(), 2u);
}

const char* const kCubeDomain = R"(<negotiation_template>
 <utility_space number_of_issues="3">
  <objective index="0" etype="objective" type="objective" name="cube">
   <issue etype="integer" index="1" name="x1" type="integer" vtype="integer" lowerbound="0" upperbound="9"/>
   <issue etype="integer" index="2" name="x2" type="integer" vtype="integer" lowerbound="0" upperbound="9"/>
   <issue etype="integer" index="3" name="x3" type="integer" vtype="integer" lowerbound="0" upperbound="9"/>
  </objective>
 </utility_space>
</negotiation_template>
)";

// Exercises INCLUDES, EXCLUDES, rectangle weights, nested max / min ufuns, a bound-less
// rectangle and the cap at maxutility.
const char* const kCubeProfile = R"(<utility_space type="nonlinear">
 <objective description="" etype="objective" index="0" name="root" type="objective">
   <issue etype="integer" index="1" name="x1" type="integer" vtype="integer" lowerbound="0" upperbound="9"/>
   <issue etype="integer" index="2" name="x2" type="integer" vtype="integer" lowerbound="0" upperbound="9"/>
   <issue etype="integer" index="3" name="x3" type="integer" vtype="integer" lowerbound="0" upperbound="9"/>
   <utility maxutility="100">
    <ufun type="PlainUfun" weight="1" aggregation="sum">
     <hyperRectangle utility="40">
       <INCLUDES index="1" min="2" max="5"/>
       <INCLUDES index="3" min="0" max="4"/>
     </hyperRectangle>
     <hyperRectangle utility="30" weight="2">
       <EXCLUDES index="2" min="7" max="9"/>
     </hyperRectangle>
     <ufun type="PlainUfun" weight="0.5" aggregation="max">
       <hyperRectangle utility="20"><INCLUDES index="1" min="0" max="9"/></hyperRectangle>
       <hyperRectangle utility="50"><INCLUDES index="2" min="8" max="9"/></hyperRectangle>
     </ufun>
     <ufun weight="1" aggregation="min">
       <hyperRectangle utility="10"/>
       <hyperRectangle utility="70"><INCLUDES index="3" min="9" max="9"/></hyperRectangle>
     </ufun>
    </ufun>
   </utility>
 </objective>
 <discount_factor value="0.5"/>
 <reservation value="0.75"/>
</utility_space>
)";

const char* const kCubeFlat = R"(<utility_space type="nonlinear">
 <utility maxutility="10">
  <ufun type="PlainUfun" weight="1" aggregation="sum">
   <hyperRectangle utility="5"><INCLUDES index="1" min="0" max="4"/></hyperRectangle>
  </ufun>
 </utility>
</utility_space>
)";

TEST(GeniusXml, NonlinearHyperRectangles) {
  TempDir dir;
  const auto domain = dir.write("cube-domain.xml", kCubeDomain);
  const auto one = dir.write("profile-1.xml", kCubeProfile);
  const auto two = dir.write("profile-2.xml", kCubeFlat);
  Warnings warnings;
  const auto s = load_genius(domain, {one, two}, LoadOptions{}, warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_NE(s->party(0).utility->as_hyper_rectangle(), nullptr);
  EXPECT_EQ(s->party(0).utility->as_hyper_rectangle()->rectangle_count(), 6u);
  // (3,1,2): 40 (both INCLUDES hold) + 30*2 (x2=1 outside [7,9]) + 0.5*max(20,0) + min(10,0)
  //        = 40 + 60 + 10 + 0 = 110 -> 110/100 capped at 1.
  EXPECT_DOUBLE_EQ(s->utility(0, {3, 1, 2}), 1.0);
  // (0,8,9): 0 + 0 (x2=8 inside [7,9]) + 0.5*max(20,50) + min(10,70) = 35 -> 0.35
  EXPECT_NEAR(s->utility(0, {0, 8, 9}), 0.35, 1e-12);
  // (2,9,4): 40 + 0 + 0.5*max(20,50) + min(10,0) = 65 -> 0.65
  EXPECT_NEAR(s->utility(0, {2, 9, 4}), 0.65, 1e-12);
  EXPECT_DOUBLE_EQ(s->party(0).discount_factor, 0.5);
  EXPECT_DOUBLE_EQ(s->party(0).reservation_value, 0.75);
  // Flat profile: 5/10 when x1 <= 4.
  EXPECT_DOUBLE_EQ(s->utility(1, {4, 0, 0}), 0.5);
  EXPECT_DOUBLE_EQ(s->utility(1, {5, 0, 0}), 0.0);
}

// Every outcome of `a` has the same utilities in `b`, party by party: bit-identical, or within
// `tolerance`; so do the reservation values and discount factors when bit-identical is asked.
void expect_same_utilities(const Scenario& a, const Scenario& b, double tolerance = 0.0) {
  ASSERT_EQ(a.party_count(), b.party_count());
  ASSERT_EQ(a.space().cardinalities(), b.space().cardinalities());
  Outcome o(a.issue_count(), 0);
  do {
    for (std::size_t p = 0; p < a.party_count(); ++p)
      ASSERT_NEAR(a.utility(p, o), b.utility(p, o), tolerance) << a.describe(o) << " party " << p;
  } while (a.space().next(o));
  if (tolerance > 0.0) return;
  for (std::size_t p = 0; p < a.party_count(); ++p) {
    EXPECT_EQ(a.party(p).reservation_value, b.party(p).reservation_value);
    EXPECT_EQ(a.party(p).discount_factor, b.party(p).discount_factor);
  }
}

ScenarioPtr reload(const std::vector<std::string>& written, Warnings& warnings) {
  return load_genius(written.front(), {written.begin() + 1, written.end()}, LoadOptions{},
                     warnings);
}

TEST(GeniusXml, RoundTripLinearIsExact) {
  TempDir dir;
  const auto domain = dir.write("d.xml", kFruitDomain);
  Warnings warnings;
  const auto s = load_genius(
      domain,
      {dir.write("b.xml", kBuyer), dir.write("s.xml", kSeller), dir.write("t.xml", kTrader)},
      LoadOptions{}, warnings);
  Warnings save_warnings;
  const auto written = save_genius(*s, dir.path() + "/out/nested", save_warnings);
  EXPECT_TRUE(save_warnings.empty());
  ASSERT_EQ(written.size(), 4u);
  EXPECT_EQ(fs::path(written[0]).filename().string(), s->name() + "-domain.xml");
  EXPECT_EQ(fs::path(written[1]).filename().string(), s->name() + "-b.xml");
  Warnings again;
  const auto back = reload(written, again);
  EXPECT_TRUE(again.empty());  // renormalised weights stay normalised
  expect_same_utilities(*s, *back);
  // Writing again over the same files replaces them.
  EXPECT_EQ(save_genius(*back, dir.path() + "/out/nested", save_warnings).size(), 4u);
}

TEST(GeniusXml, RoundTripNonlinearIsExact) {
  TempDir dir;
  Warnings warnings;
  const auto s = load_genius(dir.write("d.xml", kCubeDomain),
                             {dir.write("p1.xml", kCubeProfile), dir.write("p2.xml", kCubeFlat)},
                             LoadOptions{}, warnings);
  const auto written = save_genius(*s, dir.path() + "/out", warnings);
  const auto back = reload(written, warnings);
  EXPECT_TRUE(warnings.empty());
  expect_same_utilities(*s, *back);
}

TEST(GeniusXml, RealStepsOptionAndDeclaredSteps) {
  TempDir dir;
  const auto domain = dir.write("d.xml", kFruitDomain);
  const std::vector<std::string> profiles{dir.write("b.xml", kBuyer), dir.write("s.xml", kSeller)};
  LoadOptions options;
  options.real_steps = 6;  // 0, 1, 2, 3, 4, 5
  Warnings warnings;
  const auto s = load_genius(domain, profiles, options, warnings);
  ASSERT_EQ(s->issue(2).cardinality(), 6u);
  // Buyer (apple, 1, 3): 0.5*0.5 + 0.3*1 + 0.2*(0.4*3 - 0.5 = 0.7) = 0.69
  EXPECT_NEAR(s->utility(0, {0, 0, 3}), 0.69, 1e-12);
  // save_genius records the discretisation, which wins over the reader's default.
  const auto back = reload(save_genius(*s, dir.path() + "/out", warnings), warnings);
  EXPECT_EQ(back->issue(2).cardinality(), 6u);
  expect_same_utilities(*s, *back);
}

const char* const kJsonDomain = R"({"name": "fruit", "issuesValues": {
  "kind": {"values": ["apple", "pear"]},
  "boxes": {"range": {"low": 1, "high": 3, "step": 1}},
  "price": {"range": {"low": 0, "high": 1, "step": 0.25}}}})";

const char* const kJsonBuyer = R"({"LinearAdditiveUtilitySpace": {
  "name": "buyer",
  "issueWeights": {"kind": 0.5, "boxes": 0.3, "price": 0.2},
  "issueUtilities": {
    "kind": {"discreteutils": {"valueUtilities": {"apple": 1.0, "pear": 0.25}}},
    "boxes": {"numberutils": {"lowValue": 1, "lowUtility": 0, "highValue": 3, "highUtility": 1}},
    "price": {"numberutils": {"lowValue": 0, "lowUtility": 1, "highValue": 1, "highUtility": 0.2}}},
  "reservationBid": {"issuevalues": {"kind": "pear", "boxes": 2, "price": 0.5}},
  "domain": {"name": "fruit", "issuesValues": {
    "kind": {"values": ["apple", "pear"]},
    "boxes": {"range": {"low": 1, "high": 3, "step": 1}},
    "price": {"range": {"low": 0, "high": 1, "step": 0.25}}}}}})";

const char* const kJsonSeller = R"({"LinearAdditiveUtilitySpace": {
  "issueUtilities": {
    "price": {"discreteutils": {"valueUtilities": {"0": 0.5, "0.25": 0.5, "0.5": 0.5, "0.75": 0.5, "1": 0.5}}},
    "kind": {"discreteutils": {"valueUtilities": {"apple": 0.2, "pear": 0.8}}},
    "boxes": {"discreteutils": {"valueUtilities": {"1": 0, "2": 0.5, "3": 1}}}},
  "issueWeights": {"price": 0.2, "kind": 0.4, "boxes": 0.4}}})";

TEST(GeniusWebJson, UtilitiesNumberUtilsAndReservationBid) {
  TempDir dir;
  const auto domain = dir.write("fruit.json", kJsonDomain);
  const auto buyer = dir.write("buyer.json", kJsonBuyer);
  const auto seller = dir.write("seller.json", kJsonSeller);
  Warnings warnings;
  const auto s = load_geniusweb(domain, {buyer, seller}, LoadOptions{}, warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(s->issue_count(), 3u);
  EXPECT_EQ(s->issue(0).name(), "kind");  // the domain file's key order
  EXPECT_EQ(s->issue(1).kind(), IssueKind::integer);
  EXPECT_EQ(s->issue(1).cardinality(), 3u);
  EXPECT_EQ(s->issue(2).kind(), IssueKind::real);
  EXPECT_EQ(s->issue(2).cardinality(), 5u);  // 0, 0.25, 0.5, 0.75, 1
  EXPECT_EQ(s->metadata().at("format"), "geniusweb");
  // Buyer: kind 1 / 0.25; boxes (x-1)/2; price 1 - 0.8 p.
  // (apple, 1, 0):  0.5*1    + 0.3*0 + 0.2*1   = 0.7
  // (pear, 3, 1):   0.5*0.25 + 0.3*1 + 0.2*0.2 = 0.465
  EXPECT_NEAR(s->utility(0, {0, 0, 0}), 0.7, 1e-12);
  EXPECT_NEAR(s->utility(0, {1, 2, 4}), 0.465, 1e-12);
  // Reservation bid (pear, 2, 0.5): 0.5*0.25 + 0.3*0.5 + 0.2*0.6 = 0.395
  ASSERT_TRUE(s->party(0).reservation_outcome.has_value());
  EXPECT_EQ(*s->party(0).reservation_outcome, (Outcome{1, 1, 2}));
  EXPECT_NEAR(s->party(0).reservation_value, 0.395, 1e-12);
  // Seller, utilities used as given: (pear, 2, *): 0.4*0.8 + 0.4*0.5 + 0.2*0.5 = 0.62
  EXPECT_NEAR(s->utility(1, {1, 1, 3}), 0.62, 1e-12);
  EXPECT_FALSE(s->party(1).reservation_outcome.has_value());
  EXPECT_EQ(s->party(1).reservation_value, 0.0);

  // The folder through the dispatcher, and a profile standing in for the domain.
  const auto folder = load_scenario(dir.path(), warnings);
  EXPECT_EQ(folder->party(0).name, "buyer");
  const auto embedded = load_geniusweb(buyer, {seller, buyer}, LoadOptions{}, warnings);
  EXPECT_EQ(embedded->issue_count(), 3u);
}

// Utilities of every outcome agree to 1e-12 (GeniusWeb weights are renormalised on reading).
void expect_close_utilities(const Scenario& a, const Scenario& b) {
  expect_same_utilities(a, b, 1e-12);
}

ScenarioPtr reload_geniusweb(const std::vector<std::string>& written, Warnings& warnings) {
  return load_geniusweb(written.front(), {written.begin() + 1, written.end()}, LoadOptions{},
                        warnings);
}

TEST(GeniusWebJson, SaveAndLoadBackKeepsIssuesUtilitiesAndReservationBids) {
  TempDir dir;
  Warnings warnings;
  const auto s =
      load_geniusweb(dir.write("fruit.json", kJsonDomain),
                     {dir.write("buyer.json", kJsonBuyer), dir.write("seller.json", kJsonSeller)},
                     LoadOptions{}, warnings);
  Warnings save_warnings;
  const auto written = save_geniusweb(*s, dir.path() + "/out", save_warnings);
  EXPECT_TRUE(save_warnings.empty()) << save_warnings.front();
  ASSERT_EQ(written.size(), 3u);
  EXPECT_EQ(fs::path(written[1]).filename().string(), "buyer.json");
  Warnings again;
  const auto back = reload_geniusweb(written, again);
  EXPECT_TRUE(again.empty());
  // The seller's tables on boxes (0, 0.5, 1) and price (0.5 throughout) lie on lines: written as
  // ranges with numberutils, so the issues keep their kinds.
  EXPECT_EQ(back->issue(1).kind(), IssueKind::integer);
  EXPECT_EQ(back->issue(2).kind(), IssueKind::real);
  EXPECT_EQ(back->issue(2).cardinality(), 5u);
  EXPECT_EQ(back->party(0).name, "buyer");
  expect_close_utilities(*s, *back);
  ASSERT_TRUE(back->party(0).reservation_outcome.has_value());
  EXPECT_EQ(*back->party(0).reservation_outcome, *s->party(0).reservation_outcome);
  EXPECT_NEAR(back->party(0).reservation_value, s->party(0).reservation_value, 1e-12);
  // Through the folder dispatcher too.
  const auto folder = load_scenario(dir.path() + "/out", again);
  EXPECT_EQ(folder->party_count(), 2u);
}

// The native example: reservation values that no package has, and non-linear numeric
// valuations, cannot be held: said in warnings; the utilities survive.
TEST(GeniusWebJson, SaveWarnsAboutWhatItCannotHold) {
  TempDir dir;
  Warnings warnings;
  const auto s =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/examples/russia-japan.yaml", warnings);
  Warnings save_warnings;
  const auto written = save_geniusweb(*s, dir.path() + "/out", save_warnings);
  ASSERT_EQ(written.size(), 3u);
  std::size_t reservation_warnings = 0;
  for (const auto& w : save_warnings)
    if (w.find("reservation value") != std::string::npos) ++reservation_warnings;
  EXPECT_EQ(reservation_warnings, 2u);  // 0.5 and 0.6 are the utility of no package
  Warnings again;
  const auto back = reload_geniusweb(written, again);
  expect_close_utilities(*s, *back);
  EXPECT_EQ(back->party(0).reservation_value, 0.0);
}

TEST(GeniusWebJson, EveryCorpusScenarioRoundTrips) {
  PARLEY_REQUIRE_CORPUS();
  std::size_t folders = 0;
  for (const auto& entry : fs::directory_iterator(test::corpus_dir() / "geniusweb/anac2020")) {
    TempDir dir;
    Warnings warnings;
    const auto s = load_scenario(entry.path().string(), warnings);
    Warnings save_warnings;
    const auto written = save_geniusweb(*s, dir.path() + "/out", save_warnings);
    EXPECT_TRUE(save_warnings.empty()) << entry.path() << ": " << save_warnings.front();
    Warnings again;
    const auto back = reload_geniusweb(written, again);
    expect_close_utilities(*s, *back);
    for (std::size_t p = 0; p < s->party_count(); ++p) {
      EXPECT_EQ(back->party(p).name, s->party(p).name);
      EXPECT_NEAR(back->party(p).reservation_value, s->party(p).reservation_value, 1e-12);
    }
    ++folders;
  }
  EXPECT_EQ(folders, 4u);
}

TEST(GeniusWebJson, SaveRefusesUtilitiesItCannotHold) {
  TempDir dir;
  Warnings warnings;
  const auto s = load_genius(dir.write("d.xml", kCubeDomain),
                             {dir.write("p1.xml", kCubeProfile), dir.write("p2.xml", kCubeFlat)},
                             LoadOptions{}, warnings);
  try {
    save_geniusweb(*s, dir.path() + "/out", warnings);
    ADD_FAILURE() << "a hyper-rectangle profile was written as GeniusWeb";
  } catch (const UnsupportedError& e) {
    EXPECT_NE(std::string(e.what()).find("linear-additive profiles only"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir.path() + "/out/p1.json"));
}

TEST(GeniusWebJson, SaveAsGeniusRescalesUtilityTablesWithAWarning) {
  TempDir dir;
  Warnings warnings;
  const auto s =
      load_geniusweb(dir.write("fruit.json", kJsonDomain),
                     {dir.write("buyer.json", kJsonBuyer), dir.write("seller.json", kJsonSeller)},
                     LoadOptions{}, warnings);
  Warnings save_warnings;
  const auto written = save_genius(*s, dir.path() + "/genius", save_warnings);
  // The seller values boxes (integer) and price (real) with tables, which GENIUS holds only for
  // discrete issues: both are written as discrete issues. Then the seller's kind (best 0.8) and
  // price (best 0.5) tables are rescaled; the buyer's evaluations have best 1.
  ASSERT_EQ(save_warnings.size(), 4u);
  EXPECT_NE(save_warnings[0].find("issue 'boxes': party 'seller'"), std::string::npos);
  EXPECT_NE(save_warnings[0].find("written as a discrete issue"), std::string::npos);
  EXPECT_NE(save_warnings[1].find("issue 'price': party 'seller'"), std::string::npos);
  EXPECT_NE(save_warnings[2].find("party 'seller', issue 'kind'"), std::string::npos);
  EXPECT_NE(save_warnings[2].find("rescaled"), std::string::npos);
  EXPECT_NE(save_warnings[3].find("party 'seller', issue 'price'"), std::string::npos);
  Warnings again;
  const auto back = reload(written, again);
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(back->issue(1).kind(), IssueKind::categorical);
  EXPECT_EQ(back->issue(1).value_label(2), "3");
  Outcome o(3, 0);
  do {
    EXPECT_EQ(s->utility(0, o), back->utility(0, o));  // buyer: exact
  } while (s->space().next(o));
  // Seller after rescaling: (pear, 2, *) = 0.4*1 + 0.4*0.5 + 0.2*1 = 0.8
  EXPECT_NEAR(back->utility(1, {1, 1, 0}), 0.8, 1e-12);
  EXPECT_NEAR(back->party(0).reservation_value, 0.395, 1e-12);
}

// ---------------------------------------------------------------------------------------------
// One test per class of bad input: each checks the file and the field the message names.

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Loads the fruit domain and two profiles (buyer, seller) with substitutions applied.
InputError fruit_error(const TempDir& dir, const std::string& domain_text,
                       const std::string& buyer_text, std::string* buyer_path = nullptr) {
  const auto domain = dir.write("fruit_domain.xml", domain_text);
  const auto buyer = dir.write("buyer.xml", buyer_text);
  const auto seller = dir.write("seller.xml", kSeller);
  if (buyer_path) *buyer_path = buyer;
  Warnings warnings;
  try {
    load_genius(domain, {buyer, seller}, LoadOptions{}, warnings);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError";
  return InputError("", std::nullopt, "", "", "");
}

TEST(GeniusErrors, MalformedXmlNamesTheLine) {
  TempDir dir;
  const auto bad = replace_once(kFruitDomain, R"(<item index="2" value="pear"/>)",
                                R"(<item index="2" value="pear"></itm>)");
  const auto e = fruit_error(dir, bad, kBuyer);
  EXPECT_EQ(e.file(), dir.path() + "/fruit_domain.xml");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.field(), "XML");
  EXPECT_NE(std::string(e.what()).find("fruit_domain.xml:5: XML"), std::string::npos) << e.what();
}

TEST(GeniusErrors, MalformedJsonNamesTheLine) {
  TempDir dir;
  const auto domain = dir.write(
      "d.json", "{\"name\": \"x\",\n \"issuesValues\": {\n  \"a\": {\"values\": [\"p\",]}}}");
  Warnings warnings;
  try {
    load_geniusweb(domain, {}, LoadOptions{}, warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), domain);
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.field(), "JSON");
  }
}

TEST(GeniusErrors, MissingFile) {
  TempDir dir;
  const std::string missing = dir.path() + "/nowhere_domain.xml";
  Warnings warnings;
  try {
    load_genius(missing, {}, LoadOptions{}, warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), missing);
    EXPECT_EQ(e.field(), "path");
    EXPECT_EQ(e.found(), "no such file");
  }
}

TEST(GeniusErrors, ProfileNamingAnUnknownIssue) {
  TempDir dir;
  std::string buyer;
  const auto e = fruit_error(dir, kFruitDomain,
                             replace_once(kBuyer, R"(<issue index="3" name="Price" type="real">)",
                                          R"(<issue index="7" name="Price" type="real">)"),
                             &buyer);
  EXPECT_EQ(e.file(), buyer);
  EXPECT_EQ(e.line(), 13);
  EXPECT_EQ(e.field(), "issue index");
  EXPECT_NE(e.found().find("unknown issue index 7"), std::string::npos);
}

TEST(GeniusErrors, UnknownOptionValue) {
  TempDir dir;
  std::string buyer;
  const auto e = fruit_error(dir, kFruitDomain,
                             replace_once(kBuyer, R"(value="fig")", R"(value="banana")"), &buyer);
  EXPECT_EQ(e.file(), buyer);
  EXPECT_EQ(e.field(), "issue 'Kind' item");
  EXPECT_NE(e.found().find("'banana'"), std::string::npos);
}

TEST(GeniusErrors, DuplicateOptionNames) {
  TempDir dir;
  const auto e =
      fruit_error(dir, replace_once(kFruitDomain, R"(value="fig")", R"(value="apple")"), kBuyer);
  EXPECT_EQ(e.file(), dir.path() + "/fruit_domain.xml");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.field(), "issue 'Kind'");
  EXPECT_EQ(e.found(), "option 'apple' twice");
}

TEST(GeniusErrors, NegativeWeight) {
  TempDir dir;
  std::string buyer;
  const auto e = fruit_error(dir, kFruitDomain,
                             replace_once(kBuyer, R"(<weight index="2" value="0.3"/>)",
                                          R"(<weight index="2" value="-0.3"/>)"),
                             &buyer);
  EXPECT_EQ(e.file(), buyer);
  EXPECT_EQ(e.field(), "weight of issue 'Boxes'");
  EXPECT_EQ(e.found(), "-0.3");
}

TEST(GeniusErrors, AllZeroWeights) {
  TempDir dir;
  std::string text = kBuyer;
  for (const char* w : {R"(value="0.5"/>)", R"(value="0.3"/>)", R"(value="0.2"/>)"})
    text = replace_once(text, w, R"(value="0"/>)");
  std::string buyer;
  const auto e = fruit_error(dir, kFruitDomain, text, &buyer);
  EXPECT_EQ(e.file(), buyer);
  EXPECT_EQ(e.field(), "weights");
  EXPECT_EQ(e.found(), "all weights zero");
}

TEST(GeniusErrors, NonFiniteNumbers) {
  TempDir dir;
  std::string buyer;
  auto e = fruit_error(dir, kFruitDomain,
                       replace_once(kBuyer, R"(evaluation="6")", R"(evaluation="nan")"), &buyer);
  EXPECT_EQ(e.file(), buyer);
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.field(), "issue 'Kind' item 'pear' evaluation");
  EXPECT_EQ(e.found(), "'nan'");
  EXPECT_EQ(e.expected(), "a finite number");
  e = fruit_error(dir, kFruitDomain, replace_once(kBuyer, R"(value="0.3")", R"(value="inf")"));
  EXPECT_EQ(e.field(), "weight of issue 'Boxes'");
  EXPECT_EQ(e.found(), "'inf'");
}

TEST(GeniusErrors, IntegerRangeLowerAboveUpper) {
  TempDir dir;
  const auto e = fruit_error(dir,
                             replace_once(kFruitDomain, R"(lowerbound="1" upperbound="10")",
                                          R"(lowerbound="10" upperbound="1")"),
                             kBuyer);
  EXPECT_EQ(e.file(), dir.path() + "/fruit_domain.xml");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.field(), "issue 'Boxes'");
  EXPECT_EQ(e.found(), "range 10..1");
}

TEST(GeniusErrors, EmptyIssue) {
  TempDir dir;
  const auto e = fruit_error(
      dir,
      replace_once(
          kFruitDomain,
          R"(<item index="1" value="apple"/><item index="2" value="pear"/><item index="3" value="fig"/>)",
          ""),
      kBuyer);
  EXPECT_EQ(e.file(), dir.path() + "/fruit_domain.xml");
  EXPECT_EQ(e.field(), "issue 'Kind' items");
  EXPECT_EQ(e.found(), "no item");
}

TEST(GeniusErrors, FewerThanTwoParties) {
  TempDir dir;
  const auto domain = dir.write("fruit_domain.xml", kFruitDomain);
  Warnings warnings;
  try {
    load_genius(domain, {dir.write("buyer.xml", kBuyer)}, LoadOptions{}, warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), domain);
    EXPECT_EQ(e.field(), "parties");
    EXPECT_EQ(e.expected(), "at least two parties");
  }
}

// GENIUS takes any reservation value (the corpus's converted/other folders hold negative ones,
// from a min-max rescaling): kept with a warning; the native writer refuses to write it.
TEST(GeniusXml, ReservationOutsideTheUtilityRangeIsKeptWithAWarning) {
  TempDir dir;
  const auto domain = dir.write("fruit_domain.xml", kFruitDomain);
  const auto buyer = dir.write("buyer.xml", replace_once(kBuyer, "<reservation value=\"0.35\"/>",
                                                         "<reservation value=\"-1.25\"/>"));
  const auto seller = dir.write("seller.xml", kSeller);
  Warnings warnings;
  const auto s = load_genius(domain, {buyer, seller}, LoadOptions{}, warnings);
  EXPECT_EQ(s->party(0).reservation_value, -1.25);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], buyer +
                             ": reservation value -1.25 is outside [0, 1], the utilities of this "
                             "profile; kept as written (as GENIUS does), but the native format "
                             "refuses it.");
  try {
    to_native(*s);
    ADD_FAILURE() << "written";
  } catch (const UnsupportedError& e) {
    EXPECT_NE(std::string(e.what()).find("party 'buyer' walks away at -1.25, outside [0, 1]"),
              std::string::npos)
        << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// GENIUS uncertain profiles (ANAC 2019): the ranking of `comparisons` bids is kept as the party's
// ranking statement.

// Two issues of two options: packages (a1,b1) 1, (a1,b2) 0.7, (a2,b1) 0.3, (a2,b2) 0.
const char* const kPairDomain = R"(<negotiation_template><utility_space number_of_issues="2">
 <objective index="0" name="Pair" etype="objective" type="objective">
  <issue index="1" name="A" etype="discrete"><item index="1" value="a1"/><item index="2" value="a2"/></issue>
  <issue index="2" name="B" etype="discrete"><item index="1" value="b1"/><item index="2" value="b2"/></issue>
 </objective></utility_space></negotiation_template>
)";
const char* const kPairUncertain = R"(<utility_space type="UNCERTAIN">
 <objective index="0" name="Pair" etype="objective" type="objective">
  <issue index="1" name="A" etype="discrete"><item index="1" value="a1" evaluation="2"/><item index="2" value="a2" evaluation="0"/></issue>
  <issue index="2" name="B" etype="discrete"><item index="1" value="b1" evaluation="1"/><item index="2" value="b2" evaluation="0"/></issue>
  <weight index="1" value="0.7"/><weight index="2" value="0.3"/>
 </objective>
 <reservation value="0.2"/>
 <comparisons>
   10
 </comparisons>
 <errors>0</errors>
</utility_space>
)";
const char* const kPairLinear = R"(<utility_space type="linear">
 <objective index="0" name="Pair" etype="objective" type="objective">
  <issue index="1" name="A" etype="discrete"><item index="1" value="a1" evaluation="1"/><item index="2" value="a2" evaluation="2"/></issue>
  <issue index="2" name="B" etype="discrete"><item index="1" value="b1" evaluation="1"/><item index="2" value="b2" evaluation="3"/></issue>
  <weight index="1" value="0.5"/><weight index="2" value="0.5"/>
 </objective>
</utility_space>
)";

// Fewer packages than comparisons: all four are ranked, best first, and the ranking says
// exactly w_A >= w_B ((a1,b2) above (a2,b1)): w_A in [0.5, 1].
TEST(GeniusUncertain, RankingOfASmallSpaceIsEveryPackageAndItsWeightSetIsExact) {
  TempDir dir;
  const auto domain = dir.write("pair_domain.xml", kPairDomain);
  const auto a = dir.write("a.xml", kPairUncertain);
  const auto b = dir.write("b.xml", kPairLinear);
  Warnings warnings;
  const auto s = load_genius(domain, {a, b}, LoadOptions{}, warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_FALSE(s->party(1).uncertainty);
  ASSERT_TRUE(s->party(0).uncertainty);
  const PartyUncertainty& u = *s->party(0).uncertainty;
  ASSERT_EQ(u.written.rankings.size(), 1u);
  using Package = UncertaintyStatements::PartialPackage;
  const std::vector<Package> expected{{{"A", "a1"}, {"B", "b1"}},
                                      {{"A", "a1"}, {"B", "b2"}},
                                      {{"A", "a2"}, {"B", "b1"}},
                                      {{"A", "a2"}, {"B", "b2"}}};
  EXPECT_EQ(u.written.rankings[0], expected);
  EXPECT_EQ(u.weight_law, PartyUncertainty::WeightLaw::uniform);
  ASSERT_TRUE(u.weight_set);
  const std::vector<double> weight_a{1.0, 0.0};
  EXPECT_NEAR(u.weight_set->minimum(weight_a), 0.5, 1e-12);
  EXPECT_NEAR(u.weight_set->maximum(weight_a), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(s->party(0).reservation_value, 0.2);
  ASSERT_EQ(u.statements.size(), 1u);
  EXPECT_EQ(u.statements[0],
            "ranks 4 packages, best first, from {A=a1, B=b1} down to {A=a2, B=b2}");
  // GENIUS and GeniusWeb writers say what they cannot hold.
  for (bool web : {false, true}) {
    Warnings saved;
    if (web)
      save_geniusweb(*s, dir.path() + "/web", saved);
    else
      save_genius(*s, dir.path() + "/xml", saved);
    ASSERT_EQ(saved.size(), web ? 2u : 1u) << saved.back();  // GeniusWeb: the reservation too
    EXPECT_EQ(saved[0], std::string("party 'a': its uncertainty (1 statement(s): parley robust) "
                                    "has no place in ") +
                            (web ? "GeniusWeb JSON" : "GENIUS XML") +
                            "; only its nominal preferences are written (the native format "
                            "keeps it).");
  }
}

// The corpus's ANAC 2019 party domain (3,072 packages): N distinct bids, the best and the worst
// among them, in non-increasing utility, the true weights inside the set; the same on every load.
TEST(GeniusUncertain, CorpusPartyDomainKeepsARankingOfComparisonsBids) {
  const fs::path folder = test::corpus_dir() / "genius/other/partydomain";
  for (const auto& [file, count] :
       std::vector<std::pair<std::string, std::size_t>>{{"party1_utility_u10.xml", 10},
                                                        {"party1_utility_u20.xml", 20},
                                                        {"party2_utility_u50.xml", 50},
                                                        {"party1_utility100.xml", 100}}) {
    SCOPED_TRACE(file);
    Warnings warnings;
    const auto s = load_genius((folder / "party_domain.xml").string(),
                               {(folder / file).string(), (folder / "party3_utility.xml").string()},
                               LoadOptions{}, warnings);
    const Party& party = s->party(0);
    ASSERT_TRUE(party.uncertainty);
    const auto& ranking = party.uncertainty->written.rankings.at(0);
    ASSERT_EQ(ranking.size(), count);
    std::vector<Outcome> bids;
    for (const auto& package : ranking) {
      Outcome outcome;
      for (std::size_t i = 0; i < package.size(); ++i) {
        ASSERT_EQ(package[i].first, s->issues()[i].name());
        outcome.push_back(*s->issues()[i].find_value(package[i].second));
      }
      bids.push_back(outcome);
    }
    std::vector<Outcome> sorted = bids;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "a bid twice";
    // Brute force: the best and worst utilities over all 3,072 packages.
    double best = -1.0, worst = 2.0;
    Outcome o(s->issues().size(), 0);
    for (;;) {
      best = std::max(best, party.utility->utility(o));
      worst = std::min(worst, party.utility->utility(o));
      std::size_t i = o.size();
      while (i > 0 && ++o[i - 1] == s->issues()[i - 1].cardinality()) o[--i] = 0;
      if (i == 0) break;
    }
    EXPECT_DOUBLE_EQ(party.utility->utility(bids.front()), best);
    EXPECT_DOUBLE_EQ(party.utility->utility(bids.back()), worst);
    for (std::size_t j = 0; j + 1 < bids.size(); ++j)
      EXPECT_GE(party.utility->utility(bids[j]), party.utility->utility(bids[j + 1]));
    const auto* linear = party.utility->as_linear_additive();
    EXPECT_TRUE(party.uncertainty->weight_set->contains(linear->weights(), 1e-9));
    Warnings again_warnings;
    const auto again =
        load_genius((folder / "party_domain.xml").string(),
                    {(folder / file).string(), (folder / "party3_utility.xml").string()},
                    LoadOptions{}, again_warnings);
    EXPECT_EQ(again->party(0).uncertainty->written.rankings, party.uncertainty->written.rankings);
    // The native file keeps the ranking: loading it back gives the same weight set.
    Warnings native_warnings;
    const auto native = parse_native(to_native(*s), "partydomain.yaml", native_warnings);
    ASSERT_TRUE(native->party(0).uncertainty);
    EXPECT_EQ(native->party(0).uncertainty->written.rankings, party.uncertainty->written.rankings);
  }
}

TEST(GeniusUncertain, BadComparisonsAreRefusedAndErrorsWarned) {
  TempDir dir;
  const auto domain = dir.write("pair_domain.xml", kPairDomain);
  const auto b = dir.write("b.xml", kPairLinear);
  for (const auto& [text, found] :
       std::vector<std::pair<std::string, std::string>>{{"ten", "'ten'"},
                                                        {"2.5", "'2.5'"},
                                                        {"-3", "'-3'"},
                                                        {"1", "1 bids"},
                                                        {"20000", "20000 bids"}}) {
    SCOPED_TRACE(text);
    const auto a = dir.write("a.xml", replace_once(kPairUncertain, "   10\n", text));
    Warnings warnings;
    try {
      load_genius(domain, {a, b}, LoadOptions{}, warnings);
      ADD_FAILURE() << "loaded";
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), a);
      EXPECT_EQ(e.field(), "comparisons");
      EXPECT_EQ(e.line(), 8);
      EXPECT_NE(e.found().find(found), std::string::npos) << e.found();
    }
  }
  const auto a =
      dir.write("a.xml", replace_once(kPairUncertain, "<errors>0</errors>", "<errors>3</errors>"));
  Warnings warnings;
  const auto s = load_genius(domain, {a, b}, LoadOptions{}, warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], a + ":11: errors 3: the ranking is kept free of errors (GENIUS does not "
                             "apply them either).");
  EXPECT_TRUE(s->party(0).uncertainty);
}

TEST(GeniusErrors, ConstraintProfileIsRefused) {
  TempDir dir;
  std::string buyer;
  const auto e = fruit_error(dir, kFruitDomain,
                             replace_once(kBuyer, R"(<utility_space type="linear">)",
                                          R"(<utility_space type="constraint">)"),
                             &buyer);
  EXPECT_EQ(e.file(), buyer);
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.field(), "utility_space type");
  EXPECT_NE(std::string(e.what()).find("constraint profiles are not supported"), std::string::npos);
}

TEST(GeniusErrors, GeniusWebProfileOfAnotherType) {
  TempDir dir;
  const auto domain = dir.write("fruit.json", kJsonDomain);
  const auto other = dir.write("other.json", R"({"DiscreteValueAdditiveUtilitySpace": {}})");
  Warnings warnings;
  try {
    load_geniusweb(domain, {dir.write("buyer.json", kJsonBuyer), other}, LoadOptions{}, warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), other);
    EXPECT_EQ(e.field(), "profile type");
    EXPECT_NE(e.expected().find("LinearAdditiveUtilitySpace"), std::string::npos);
  }
}

TEST(GeniusErrors, GeniusWebUnknownValueAndNegativeWeight) {
  TempDir dir;
  const auto domain = dir.write("fruit.json", kJsonDomain);
  const auto seller = dir.write("seller.json", kJsonSeller);
  Warnings warnings;
  const auto bad_value =
      dir.write("b1.json", replace_once(kJsonBuyer, R"("pear": 0.25)", R"("plum": 0.25)"));
  try {
    load_geniusweb(domain, {bad_value, seller}, LoadOptions{}, warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), bad_value);
    EXPECT_EQ(e.field(), "issueUtilities.kind.discreteutils.valueUtilities.plum");
  }
  const auto bad_weight =
      dir.write("b2.json", replace_once(kJsonBuyer, R"("boxes": 0.3)", R"("boxes": -0.3)"));
  try {
    load_geniusweb(domain, {bad_weight, seller}, LoadOptions{}, warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), bad_weight);
    EXPECT_EQ(e.field(), "issueWeights.boxes");
  }
}

}  // namespace
}  // namespace parley
