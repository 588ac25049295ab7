// Sealed acceptances and the mediator's proposal (include/parley/negotiate/sealed_acceptance.hpp):
// only matches come out, what a party sees does not depend on the other's secret marks (1,000
// random secret pairs), quorum rules with veto holders, and bad input naming its field.
#include "parley/negotiate/sealed_acceptance.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "parley/support/error.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

QuorumRule unanimity(std::size_t parties) {
  QuorumRule rule;
  rule.required = parties;
  return rule;
}

TEST(SealedAcceptances, OnlyTheMatchesComeOut) {
  SealedAcceptances s(2, {"v1", "v2", "v3", "v4"}, unanimity(2));
  EXPECT_EQ(s.view(0), "marks: not yet; matches: none");
  s.mark(0, {"v1", "v3"});
  // One-sided acceptances are not revealed, to the other party or the mediator.
  EXPECT_EQ(s.view(1), "marks: not yet; matches: none");
  EXPECT_EQ(s.view_for_mediator(), "marked: 1 of 2; matches: none");
  s.mark(1, {"v3", "v4"});
  EXPECT_EQ(s.matches(), std::vector<std::string>{"v3"});
  EXPECT_EQ(s.view(0), "marks: v1, v3; matches: v3");
  EXPECT_EQ(s.view(1), "marks: v3, v4; matches: v3");
  EXPECT_EQ(s.view_for_mediator(), "marked: 2 of 2; matches: v3");
  EXPECT_TRUE(s.everyone_marked());
  // Marks can be changed (withdrawing an acceptance withdraws the match).
  s.mark(1, {"v4"});
  EXPECT_TRUE(s.matches().empty());
}

// The mediator's proposal: one item under unanimity; a refusal is never attributed.
TEST(SealedAcceptances, TheMediatorsProposalRevealsNoRefusal) {
  std::vector<std::string> views;
  for (int refuser = -1; refuser < 3; ++refuser) {
    SealedAcceptances s(3, {"proposal"}, unanimity(3));
    for (int p = 0; p < 3; ++p)
      s.mark(static_cast<std::size_t>(p),
             p == refuser ? std::vector<std::string>{} : std::vector<std::string>{"proposal"});
    if (refuser < 0) {
      EXPECT_EQ(s.matches(), std::vector<std::string>{"proposal"});
      continue;
    }
    EXPECT_TRUE(s.matches().empty());
    // What a party who said yes sees, and the mediator: the same whoever refused.
    const std::size_t yes = refuser == 0 ? 1 : 0;
    views.push_back(s.view(yes) + " | " + s.view_for_mediator());
  }
  ASSERT_EQ(views.size(), 3u);
  EXPECT_EQ(views[0], views[1]);
  EXPECT_EQ(views[1], views[2]);
  EXPECT_EQ(views[0], "marks: proposal; matches: none | marked: 3 of 3; matches: none");
}

// What party 0 sees is a function of its own marks and the matches only: over 1,000 random
// secret pairs (party 0's marks fixed), two pairs with the same matches give the same bytes.
TEST(SealedAcceptances, APartysViewDependsOnlyOnItsMarksAndTheMatches) {
  const std::vector<std::string> items = {"a", "b", "c", "d", "e", "f"};
  std::mt19937_64 random(7);
  std::map<std::string, std::string> by_matches;  // matches -> party 0's view
  std::size_t with_match = 0, without = 0;
  for (int pair = 0; pair < 1000; ++pair) {
    std::vector<std::string> mine, theirs;
    for (const auto& item : items) {
      if (random() % 2) mine.push_back(item);
      if (random() % 2) theirs.push_back(item);
    }
    SealedAcceptances s(2, items, unanimity(2));
    s.mark(0, mine);
    s.mark(1, theirs);
    std::string matches;
    for (const auto& m : s.matches()) matches += m + ",";
    (matches.empty() ? without : with_match)++;
    // Brute force: the matches are the intersection.
    std::string expected;
    for (const auto& item : items)
      if (std::find(mine.begin(), mine.end(), item) != mine.end() &&
          std::find(theirs.begin(), theirs.end(), item) != theirs.end())
        expected += item + ",";
    EXPECT_EQ(matches, expected);
    // The same marks of party 0 and the same matches: the same view, whatever party 1 marked.
    std::string key;
    for (const auto& m : mine) key += m + ",";
    key += "|" + matches;
    const auto [it, inserted] = by_matches.emplace(key, s.view(0));
    if (!inserted) {
      EXPECT_EQ(it->second, s.view(0)) << key;
    }
  }
  EXPECT_GT(with_match, 300u);
  EXPECT_GT(without, 5u);
}

TEST(SealedAcceptances, QuorumWithAVetoHolder) {
  // 3 of 4 including party 0.
  QuorumRule rule;
  rule.required = 3;
  rule.veto = {0};
  SealedAcceptances s(4, {"x", "y"}, rule);
  s.mark(0, {"x"});
  s.mark(1, {"x", "y"});
  s.mark(2, {"y"});
  s.mark(3, {"y"});
  // x: parties 0 and 1 (2 < 3); y: 1, 2, 3 but not the veto holder 0.
  EXPECT_TRUE(s.matches().empty());
  s.mark(2, {"x", "y"});
  EXPECT_EQ(s.matches(), std::vector<std::string>{"x"});  // 0, 1, 2 accept x
}

TEST(SealedAcceptances, BadInputNamesTheField) {
  const auto field_of = [](auto&& action) { return test::input_error_field(action); };
  EXPECT_EQ(field_of([] { SealedAcceptances s(2, {}, unanimity(2)); }), "items");
  EXPECT_EQ(field_of([] { SealedAcceptances s(2, {"a", "a"}, unanimity(2)); }), "items");
  EXPECT_EQ(field_of([] { SealedAcceptances s(2, {"a"}, unanimity(3)); }), "rule");
  EXPECT_EQ(field_of([] { SealedAcceptances s(1, {"a"}, unanimity(1)); }), "parties");
  SealedAcceptances s(2, {"a", "b"}, unanimity(2));
  EXPECT_EQ(field_of([&] { s.mark(2, {"a"}); }), "party");
  EXPECT_EQ(field_of([&] { s.mark(0, {"z"}); }), "items");
  EXPECT_EQ(field_of([&] { s.mark(0, {"a", "a"}); }), "items");
  EXPECT_EQ(field_of([&] { s.mark(0, {"b"}); }), "no error");
}

}  // namespace
}  // namespace parley
