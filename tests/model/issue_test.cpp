#include <gtest/gtest.h>

#include <cmath>

#include "parley/model/issue.hpp"
#include "parley/support/error.hpp"

using namespace parley;

TEST(Issue, CategoricalHasNamedOptions) {
  auto issue = Issue::categorical("Kind", {{"apple", ""}, {"pear", "green"}}, "fruit");
  EXPECT_EQ(issue.kind(), IssueKind::categorical);
  EXPECT_EQ(issue.cardinality(), 2u);
  EXPECT_EQ(issue.value_label(1), "pear");
  EXPECT_EQ(issue.find_value("pear"), 1u);
  EXPECT_FALSE(issue.find_value("plum"));
  EXPECT_EQ(issue.label(), "Kind");
}

TEST(Issue, IntegerRangeIsInclusive) {
  auto issue = Issue::integer("Boxes", 8, 14);
  EXPECT_EQ(issue.cardinality(), 7u);
  EXPECT_EQ(issue.value_label(0), "8");
  EXPECT_DOUBLE_EQ(issue.numeric_value(6), 14.0);
  EXPECT_EQ(issue.find_value("10"), 2u);
  EXPECT_EQ(issue.find_value("10.0"), 2u);
  EXPECT_FALSE(issue.find_value("15"));
  EXPECT_FALSE(issue.find_value("x"));
}

TEST(Issue, RealRangeIsDiscretisedWithBothEnds) {
  auto issue = Issue::real("Price", 0.0, 5.0, 11);
  EXPECT_EQ(issue.cardinality(), 11u);
  EXPECT_DOUBLE_EQ(issue.numeric_value(0), 0.0);
  EXPECT_DOUBLE_EQ(issue.numeric_value(10), 5.0);
  EXPECT_DOUBLE_EQ(issue.numeric_value(3), 1.5);
  EXPECT_EQ(issue.find_value("1.5"), 3u);
  EXPECT_FALSE(issue.find_value("1.6"));
}

TEST(Issue, BadDefinitionsAreRejectedWithTheirField) {
  EXPECT_THROW(Issue::categorical("Empty", {}), InputError);
  EXPECT_THROW(Issue::categorical("Dup", {{"a", ""}, {"a", ""}}), InputError);
  EXPECT_THROW(Issue::integer("Backwards", 5, 1), InputError);
  EXPECT_THROW(Issue::integer("Huge", 0, 1LL << 40), InputError);
  EXPECT_THROW(Issue::real("NaN", 0.0, std::nan(""), 5), InputError);
  try {
    Issue::integer("Backwards", 5, 1);
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "issue 'Backwards'");
    EXPECT_NE(std::string(e.what()).find("lower bound <= upper bound"), std::string::npos);
  }
}

TEST(Issue, FormatNumberRoundTrips) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(std::stod(format_number(1.0 / 3.0)), 1.0 / 3.0);
}
