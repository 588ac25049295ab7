// Internal: the spellings of the model's enums (src/support/enum_table.hpp), shared by
// to_string() and the readers that parse them.
#pragma once

#include "parley/model/issue.hpp"
#include "parley/model/utility.hpp"
#include "support/enum_table.hpp"

namespace parley::detail {

inline constexpr auto kIssueKindNames =
    enum_table<IssueKind>({{IssueKind::categorical, "categorical"},
                           {IssueKind::integer, "integer"},
                           {IssueKind::real, "real"}});
static_assert(kIssueKindNames.complete(IssueKind::real));

inline constexpr auto kAggregationNames =
    enum_table<UtilityNode::Aggregation>({{UtilityNode::Aggregation::sum, "sum"},
                                          {UtilityNode::Aggregation::max, "max"},
                                          {UtilityNode::Aggregation::min, "min"}});
static_assert(kAggregationNames.complete(UtilityNode::Aggregation::min));

}  // namespace parley::detail
