// Internal: the spellings of the negotiation enums (src/support/enum_table.hpp), shared by
// to_string() and the readers that parse them.
#pragma once

#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/mediation.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/negotiate/negotiator.hpp"
#include "support/enum_table.hpp"

namespace parley::detail {

inline constexpr auto kAgentRoleNames =
    enum_table<AgentRole>({{AgentRole::agent, "agent"},
                           {AgentRole::bidding, "bidding strategy"},
                           {AgentRole::acceptance, "acceptance strategy"},
                           {AgentRole::opponent_model, "opponent model"}});
static_assert(kAgentRoleNames.complete(AgentRole::opponent_model));

inline constexpr auto kEndReasonNames =
    enum_table<EndReason>({{EndReason::agreement, "agreement"},
                           {EndReason::deadline, "deadline"},
                           {EndReason::walk_away, "walk-away"},
                           {EndReason::failure, "failure"},
                           {EndReason::partial_agreement, "partial-agreement"}});
static_assert(kEndReasonNames.complete(EndReason::partial_agreement));

inline constexpr auto kProtocolNames = enum_table<Protocol>(
    {{Protocol::saop, "saop"}, {Protocol::amop, "amop"}, {Protocol::mopac, "mopac"}});
static_assert(kProtocolNames.complete(Protocol::mopac));

inline constexpr auto kActionKindNames =
    enum_table<ActionKind>({{ActionKind::offer, "offer"},
                            {ActionKind::accept, "accept"},
                            {ActionKind::end_negotiation, "end-negotiation"},
                            {ActionKind::failure, "failure"}});
static_assert(kActionKindNames.complete(ActionKind::failure));

inline constexpr auto kOfferIndexMethodNames =
    enum_table<OfferIndex::Method>({{OfferIndex::Method::enumeration, "enumeration"},
                                    {OfferIndex::Method::greedy_catalogue, "greedy-catalogue"},
                                    {OfferIndex::Method::sample, "sample"}});
static_assert(kOfferIndexMethodNames.complete(OfferIndex::Method::sample));

inline constexpr auto kResponseNames =
    enum_table<Response>({{Response::accept, "accept"},
                          {Response::reject, "reject"},
                          {Response::end_negotiation, "end-negotiation"}});
static_assert(kResponseNames.complete(Response::end_negotiation));

inline constexpr auto kMediationRuleNames = enum_table<MediationRule>(
    {{MediationRule::hill_climbing, "hill-climbing"}, {MediationRule::veto, "veto"}});
static_assert(kMediationRuleNames.complete(MediationRule::veto));

inline constexpr auto kVoteNames =
    enum_table<Vote>({{Vote::accept, "accept"}, {Vote::reject, "reject"}, {Vote::veto, "veto"}});
static_assert(kVoteNames.complete(Vote::veto));

}  // namespace parley::detail
