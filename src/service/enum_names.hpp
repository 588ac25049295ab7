// Internal: the spellings of the service's enums (src/support/enum_table.hpp), shared by
// to_string() and the store, which keeps phases, votes and roles by these names.
#pragma once

#include "parley/service/negotiation.hpp"
#include "support/enum_table.hpp"

namespace parley::detail {

inline constexpr auto kServicePhaseNames =
    enum_table<service::Phase>({{service::Phase::collecting, "collecting"},
                                {service::Phase::analysing, "analysing"},
                                {service::Phase::drafting, "drafting"},
                                {service::Phase::agreed, "agreed"},
                                {service::Phase::closed, "closed"}});
static_assert(kServicePhaseNames.complete(service::Phase::closed));

inline constexpr auto kServiceVoteNames = enum_table<service::Vote>(
    {{service::Vote::accept, "accept"}, {service::Vote::reject, "reject"}});
static_assert(kServiceVoteNames.complete(service::Vote::reject));

inline constexpr auto kServiceRoleNames = enum_table<service::Role>(
    {{service::Role::mediator, "mediator"}, {service::Role::party, "party"}});
static_assert(kServiceRoleNames.complete(service::Role::party));

}  // namespace parley::detail
