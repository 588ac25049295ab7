// Hostile and oversized divisions (issue 15): every size is bounded (a cap refused with an
// InputError naming it, or a counted work limit with an honest "not exact"), every bad cell is an
// InputError naming the field, and large instances answer deterministically.
#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <string>

#include "fair_test_support.hpp"

namespace parley::fair {
namespace {

using test::error_of;

using boost::multiprecision::cpp_int;

// A deterministic table of `parties` x `items` integer values in [0, 100] (a linear congruential
// generator, so that the test needs no file).
std::string random_table(std::size_t parties, std::size_t items, std::uint64_t seed) {
  std::string text = "item";
  for (std::size_t a = 0; a < parties; ++a) text += ",P" + std::to_string(a);
  text += "\n";
  for (std::size_t g = 0; g < items; ++g) {
    text += "item" + std::to_string(g);
    for (std::size_t a = 0; a < parties; ++a) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      text += "," + std::to_string((seed >> 33) % 101);
    }
    text += "\n";
  }
  return text;
}

cpp_int nash_product(const std::vector<cpp_int>& utilities) {
  cpp_int product = 1;
  for (const auto& u : utilities) product *= u;
  return product;
}

TEST(DivideBound, ThreePartiesTwoThousandItemsAnswersApproximatelyAndDeterministically) {
  const auto instance = parse_division_table(random_table(3, 2000, 15), "t3x2000.csv");
  Warnings warnings;
  const auto division = divide(instance, DivisionMethod::max_nash_welfare, {}, warnings);
  ASSERT_TRUE(division.allocation.has_value());
  ASSERT_EQ(division.allocation->size(), 2000u);
  EXPECT_FALSE(division.exact);
  EXPECT_NE(division.note.find("more than the limit of 60000"), std::string::npos) << division.note;
  EXPECT_NE(division.note.find("a local optimum"), std::string::npos) << division.note;
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rfind("t3x2000.csv: mnw is approximate: ", 0), 0u) << warnings[0];
  // Cross-check, independently of the library: every party gets a positive value, and no single
  // item moved to another party raises the product of the values (computed with big integers).
  std::vector<cpp_int> utilities(3, 0);
  for (std::size_t g = 0; g < 2000; ++g) {
    const auto owner = (*division.allocation)[g];
    utilities[owner] += cpp_int(boost::multiprecision::numerator(instance.values[owner][g]));
  }
  for (const auto& u : utilities) EXPECT_GT(u, 0);
  for (std::size_t a = 0; a < 3; ++a) EXPECT_EQ(Rational(utilities[a]), division.utilities[a]);
  const cpp_int product = nash_product(utilities);
  for (std::size_t g = 0; g < 2000; ++g) {
    const auto from = (*division.allocation)[g];
    for (std::size_t to = 0; to < 3; ++to) {
      if (to == from) continue;
      auto moved = utilities;
      moved[from] -= cpp_int(boost::multiprecision::numerator(instance.values[from][g]));
      moved[to] += cpp_int(boost::multiprecision::numerator(instance.values[to][g]));
      ASSERT_LE(nash_product(moved), product) << "moving item " << g << " to " << to;
    }
  }
  // Same input, same output, byte for byte.
  Warnings again;
  const auto second = divide(instance, DivisionMethod::max_nash_welfare, {}, again);
  EXPECT_EQ(render_division_json(second, again), render_division_json(division, warnings));
  EXPECT_NE(render_division_json(division, warnings).find("\"exact\": false"), std::string::npos);
}

TEST(DivideBound, ApproximateMnwFindsTheHandOptimumOfASmallInstance) {
  // a0 values g0 and g1, a1 only g1, a2 only g2: the only allocation with three positive parties
  // gives g0 to a0, g1 to a1, g2 to a2 (product 3 * 4 * 5 = 60).
  const auto instance = test::numbered_instance({{3, 6, 0}, {0, 4, 0}, {0, 0, 5}});
  MilpLimits limits;
  limits.model_size_limit = 0;  // force the approximate method
  const auto result = max_nash_welfare(instance, limits);
  EXPECT_FALSE(result.exact);
  EXPECT_EQ(result.allocation, (Allocation{0, 1, 2}));
  // The exact method agrees and says it is exact.
  const auto exact = max_nash_welfare(instance);
  EXPECT_TRUE(exact.exact);
  EXPECT_EQ(exact.note, "");
  EXPECT_EQ(exact.allocation, (Allocation{0, 1, 2}));
}

TEST(DivideBound, LeximinBeyondItsLimitIsUnsupportedNamingSizeAndLimit) {
  const auto instance = parse_division_table(random_table(3, 2000, 15), "t3x2000.csv");
  try {
    leximin(instance);
    FAIL() << "no error";
  } catch (const UnsupportedError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("leximin on 3 parties x 2000 items"), std::string::npos) << message;
    EXPECT_NE(message.find("the limit is 15000"), std::string::npos) << message;
  }
}

TEST(DivideBound, MmsOnMoreThanTenThousandValuedItemsIsNotChecked) {
  std::vector<std::vector<long>> values(2, std::vector<long>(10'001, 0));
  for (std::size_t g = 0; g < 10'001; ++g) {
    values[0][g] = static_cast<long>(g % 7 + 1);
    values[1][g] = static_cast<long>(g % 5 + 1);
  }
  const auto instance = test::numbered_instance(values);
  const auto checks = check_allocation(instance, utilitarian_allocation(instance));
  ASSERT_EQ(checks.size(), 6u);
  EXPECT_EQ(checks[4].property, "MMS");
  EXPECT_EQ(checks[4].verdict, Verdict::not_checked);
  EXPECT_NE(checks[4].detail.find("at most 10000 valued items"), std::string::npos)
      << checks[4].detail;
}

TEST(DivisionTable, NanInfAnd1e309AreInputErrorsNamingTheCell) {
  EXPECT_EQ(error_of("item,Ann,Ben\nPiano,nan,1\n"),
            "t.csv:2:2: Ann's value for Piano: found \"nan\", expected a finite non-negative "
            "number");
  EXPECT_EQ(error_of("item,Ann,Ben\nPiano,1,-inf\n"),
            "t.csv:2:3: Ben's value for Piano: found \"-inf\", expected a finite non-negative "
            "number");
  EXPECT_EQ(error_of("item,Ann,Ben\nPiano,1e309,1\n"),
            "t.csv:2:2: Ann's value for Piano: found \"1e309\", expected a non-negative number of "
            "at most 60 digits with an exponent of at most 60 (and no zero denominator)");
  EXPECT_EQ(error_of("item,Ann,Ben\nPiano,1/0,1\n"),
            "t.csv:2:2: Ann's value for Piano: found \"1/0\", expected a non-negative number of "
            "at most 60 digits with an exponent of at most 60 (and no zero denominator)");
}

TEST(DivisionTable, InvalidUtf8NameIsAnInputErrorNamingTheLine) {
  const auto message = error_of(
      "item,Ann,Ben\nPi\xff"
      "ano,1,2\n");
  EXPECT_EQ(message.rfind("t.csv:2: line: ", 0), 0u) << message;
  EXPECT_NE(message.find("UTF-8"), std::string::npos) << message;
  // Built in code (not from a table): validate() refuses it too.
  auto instance = test::numbered_instance({{1, 2}, {2, 1}});
  instance.agents[1] = "B\xc3";
  EXPECT_THROW(validate(instance), InputError);
}

TEST(DivisionTable, MorePartiesThanTheCapIsAnInputError) {
  std::string header = "item";
  for (int a = 0; a <= 100; ++a) header += ",P" + std::to_string(a);
  EXPECT_EQ(error_of(header + "\n"),
            "t.csv:1: header: found 101 parties, expected at most 100 party columns");
}

TEST(DivisionTable, MoreItemsThanTheCapIsAnInputError) {
  std::string text = "item,A,B\n";
  for (int g = 0; g <= 100'000; ++g) text += "g" + std::to_string(g) + ",1,1\n";
  EXPECT_EQ(error_of(text),
            "t.csv:100002: row: found more than 100000 items for 2 parties, expected at most "
            "100000 items and 1000000 values in all");
}

TEST(DivisionTable, FractionsWithAHugeCommonDenominatorAreAnInputError) {
  // 1/p for the first 60 primes: their product has 405 bits, beyond the 256-bit cap.
  std::string text = "item,A,B\n";
  int found = 0;
  for (int p = 2; found < 60; ++p) {
    bool prime = true;
    for (int d = 2; d * d <= p; ++d) prime = prime && p % d != 0;
    if (!prime) continue;
    text += "g" + std::to_string(found++) + ",1/" + std::to_string(p) + ",1\n";
  }
  const auto message = error_of(text);
  EXPECT_EQ(
      message.rfind("t.csv: values: found fractions whose common denominator has at least ", 0), 0u)
      << message;
  EXPECT_NE(message.find("expected a common denominator of at most 256 bits"), std::string::npos)
      << message;
}

TEST(DivisionTable, OverlongNameIsAnInputError) {
  EXPECT_EQ(error_of("item,A,B\n" + std::string(1001, 'x') + ",1,1\n"),
            "t.csv:2: column 1: found a name of 1001 bytes, expected at most 1000 bytes");
}

}  // namespace
}  // namespace parley::fair
