// The model's own checks of untrusted input (issue 15), as the Python module and the service
// reach them without a file: UTF-8 names, overflowing weight sums, option lookups at scale.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "parley/model/issue.hpp"
#include "parley/model/limits.hpp"
#include "parley/model/preferences.hpp"
#include "parley/model/scenario.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

std::vector<Issue> two_issues() {
  return {Issue::categorical("a", {{"x", ""}, {"y", ""}}),
          Issue::categorical("b", {{"x", ""}, {"y", ""}})};
}

PartyPreferences party(const std::string& name, double wa, double wb) {
  PartyPreferences p;
  p.name = name;
  p.weights = NamedNumbers{{"a", wa}, {"b", wb}};
  p.scores = {{"a", {{"x", 1}, {"y", 2}}}, {"b", {{"x", 2}, {"y", 1}}}};
  return p;
}

TEST(ModelHostile, BuildPartyWeightsOf1e308Plus1e308AreAnInputErrorNotZero) {
  Warnings warnings;
  try {
    build_party(two_issues(), party("p", 1e308, 1e308), {"request", "parties[1]"}, warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "request");
    EXPECT_EQ(e.field(), "parties[1].weights");
    EXPECT_NE(e.found().find("overflows to infinity"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(warnings.empty());
  // 1e308 and 1e307 sum to a finite 1.1e308: normalised as before, with the warning.
  const Party ok =
      build_party(two_issues(), party("p", 1e308, 1e307), {"request", "parties[1]"}, warnings);
  const auto* linear = ok.utility->as_linear_additive();
  ASSERT_NE(linear, nullptr);
  EXPECT_DOUBLE_EQ(linear->weights()[0], 1e308 / 1.1e308);
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(ModelHostile, InvalidUtf8OptionNameIsAnInputErrorWithItsOffset) {
  // Issues built in code may hold any bytes; check_texts() (called by every loader and by
  // build_party) refuses them.
  const Issue bad = Issue::categorical("a", {{"ok", ""}, {"caf\xc3", ""}});
  try {
    bad.check_texts();
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "issue 'a' option 2");
    EXPECT_EQ(e.found(), "invalid UTF-8 at byte 3 of 'caf\\xC3'");
  }
  // A valid multi-byte name is kept as it is.
  EXPECT_EQ(Issue::categorical("a", {{"caf\xc3\xa9", ""}}).value_label(0), "caf\xc3\xa9");
}

TEST(ModelHostile, BuildPartyRefusesInvalidUtf8InThePartyAndInTheIssues) {
  Warnings warnings;
  try {
    build_party(two_issues(), party("bad\xed\xa0\x80", 1, 1), {"request", "parties[2]"},
                warnings);  // an encoded surrogate
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "request");
    EXPECT_EQ(e.field(), "parties[2].name");
    EXPECT_EQ(e.found(), "invalid UTF-8 at byte 3 of 'bad\\xED\\xA0\\x80'");
  }
  std::vector<Issue> issues = two_issues();
  issues[1] = Issue::categorical("b", {{"x", ""}, {std::string("y\0", 2), ""}});
  try {
    build_party(issues, party("ok", 1, 1), {"request", "parties[1]"}, warnings);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "request");
    EXPECT_EQ(e.field(), "issue 'b' option 2");
    EXPECT_EQ(e.found(), "a NUL byte at byte 1 of 'y\\x00'");
  }
}

TEST(ModelHostile, TooManyOptionsAreAnInputError) {
  std::vector<Option> options(limits::max_options + 1);
  for (std::size_t i = 0; i < options.size(); ++i) options[i].name = std::to_string(i);
  try {
    Issue::categorical("a", std::move(options));
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.found(), "1000001 options");
    EXPECT_EQ(e.expected(), "at most 1000000 options");
  }
}

TEST(ModelHostile, FindValueAgreesWithAScanOnOptionsAndRealGrids) {
  std::vector<Option> options;
  for (int i = 0; i < 500; ++i) options.push_back({"o" + std::to_string((i * 37) % 500), ""});
  const Issue categorical = Issue::categorical("c", options);
  for (std::uint32_t v = 0; v < 500; ++v) EXPECT_EQ(categorical.find_value(options[v].name), v);
  EXPECT_FALSE(categorical.find_value("o500"));
  EXPECT_FALSE(categorical.find_value(""));
  for (const auto& [lower, upper, steps] : std::vector<std::tuple<double, double, std::uint32_t>>{
           {0.0, 1.0, 11}, {-3.5, 7.25, 1000}, {1e-9, 2e-9, 7}, {-1e6, 1e6, 4097}}) {
    const Issue real = Issue::real("r", lower, upper, steps);
    for (std::uint32_t v = 0; v < real.cardinality(); ++v) {
      // The first index whose value matches, as the former scan from the lower end found it.
      std::optional<std::uint32_t> scanned;
      const double x = real.numeric_value(v);
      for (std::uint32_t w = 0; w < real.cardinality() && !scanned; ++w)
        if (std::fabs(real.numeric_value(w) - x) <=
            1e-9 * std::max(1.0, std::fabs(real.numeric_value(w))))
          scanned = w;
      EXPECT_EQ(real.find_value(real.value_label(v)), scanned) << lower << " " << v;
    }
    EXPECT_FALSE(real.find_value("nan"));
    EXPECT_FALSE(real.find_value("inf"));
  }
}

// Fuzz finding F6 (UBSan, in the native and GeniusWeb readers): "1e300" for an integer issue was
// converted to int64, which is undefined. Numbers beyond int64 are no value of the issue.
TEST(ModelHostile, IntegerValueBeyondInt64IsNoValueWithoutUndefinedConversion) {
  const Issue integer = Issue::integer("n", -5, 5);
  EXPECT_EQ(integer.find_value("3.0"), 8u);
  EXPECT_EQ(integer.find_value("-5"), 0u);
  for (const char* label : {"1e300", "-1e300", "9.3e18", "-9.3e18", "1e19", "6"})
    EXPECT_FALSE(integer.find_value(label)) << label;
}

}  // namespace
}  // namespace parley
