// Internal: the spellings of the analysis enums (src/support/enum_table.hpp), shared by
// to_string() and the readers that parse them.
#pragma once

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "support/enum_table.hpp"

namespace parley::detail {

inline constexpr auto kFrontierMethodNames =
    enum_table<FrontierMethod>({{FrontierMethod::automatic, "automatic"},
                                {FrontierMethod::enumeration, "enumeration"},
                                {FrontierMethod::linear_dp, "linear-dp"},
                                {FrontierMethod::anytime_search, "anytime-search"}});
static_assert(kFrontierMethodNames.complete(FrontierMethod::anytime_search));

inline constexpr auto kStopReasonNames =
    enum_table<StopReason>({{StopReason::finished, "finished"},
                            {StopReason::budget, "budget"},
                            {StopReason::time_cap, "time-cap"}});
static_assert(kStopReasonNames.complete(StopReason::time_cap));

inline constexpr auto kSolutionKindNames = enum_table<SolutionKind>(
    {{SolutionKind::nash, "nash"},
     {SolutionKind::kalai_smorodinsky, "kalai-smorodinsky"},
     {SolutionKind::egalitarian, "egalitarian"},
     {SolutionKind::utilitarian, "utilitarian"},
     {SolutionKind::nash_lottery, "nash-lottery"},
     {SolutionKind::kalai_smorodinsky_lottery, "kalai-smorodinsky-lottery"}});
static_assert(kSolutionKindNames.complete(SolutionKind::kalai_smorodinsky_lottery));

}  // namespace parley::detail
