// Internal: the spellings of the fair-division enums (src/support/enum_table.hpp), shared by
// to_string() and parse_division_method().
#pragma once

#include "parley/fair/fair_division.hpp"
#include "support/enum_table.hpp"

namespace parley::detail {

inline constexpr auto kDivisionMethodNames =
    enum_table<fair::DivisionMethod>({{fair::DivisionMethod::adjusted_winner, "adjusted-winner"},
                                      {fair::DivisionMethod::max_nash_welfare, "mnw"},
                                      {fair::DivisionMethod::leximin, "leximin"},
                                      {fair::DivisionMethod::utilitarian, "utilitarian"},
                                      {fair::DivisionMethod::rent, "rent"}});
static_assert(kDivisionMethodNames.complete(fair::DivisionMethod::rent));

inline constexpr auto kVerdictNames =
    enum_table<fair::Verdict>({{fair::Verdict::holds, "holds"},
                               {fair::Verdict::fails, "fails"},
                               {fair::Verdict::not_checked, "not checked"}});
static_assert(kVerdictNames.complete(fair::Verdict::not_checked));

}  // namespace parley::detail
