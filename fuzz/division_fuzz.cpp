// Fuzz target: the division table reader (parley::fair::parse_division_table), then on an
// accepted table: validate, each party's total, every value written back as text and read again
// (format_rational / parse_rational agree), Adjusted Winner for two parties, and for small
// tables (at most 3 parties and 5 items) the utilitarian allocation with every fairness check.
#include <string>

#include "fuzz_support.hpp"
#include "parley/fair/fair_division.hpp"

namespace {

void check_instance(const parley::fair::DivisionInstance& instance) {
  using namespace parley::fair;
  validate(instance);
  for (std::size_t a = 0; a < instance.agent_count(); ++a) {
    (void)instance.total_value(a);
    for (const Rational& value : instance.values[a]) {
      const std::string text = format_rational(value);
      // format_rational is exact; parse_rational may refuse very long digit strings, but what
      // it reads must be the same number.
      const auto back = parse_rational(text);
      if (back && *back != value) parley::fuzz::fail("'" + text + "' reads back as another number");
    }
  }
  parley::Warnings warnings;
  if (instance.agent_count() == 2 && instance.item_count() <= 64) {
    try {
      (void)adjusted_winner(instance, warnings);
    } catch (const parley::Error&) {
      // documented: a party that values nothing, values beyond exact arithmetic
    }
  }
  if (instance.agent_count() <= 3 && instance.item_count() <= 5) {
    try {
      const Allocation allocation = utilitarian_allocation(instance);
      if (allocation.size() != instance.item_count())
        parley::fuzz::fail("the utilitarian allocation does not give every item");
      (void)check_allocation(instance, allocation);
    } catch (const parley::Error&) {
      // documented: values beyond exact integer arithmetic (UnsupportedError)
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(parley::fuzz::as_text(data, size));
  parley::fair::DivisionInstance instance;
  try {
    instance = parley::fair::parse_division_table(text, "fuzz.csv");
  } catch (const parley::Error&) {
    return 0;  // refused, as documented
  }
  check_instance(instance);
  return 0;
}
