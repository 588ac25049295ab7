// parley: finds compromises acceptable to every side of a multi-issue dispute.
//
// The umbrella header of the engine (the target parley::core): every public header of every area,
// lowest area first. Each area's headers live in include/parley/<area>/ and may use only the areas
// below it (docs/architecture.md):
//
//   support    error types and the version
//   model      issues, outcome spaces, utilities, scenarios, preferences, descriptions
//   io         the native YAML format, GENIUS XML, GeniusWeb JSON
//   analysis   the Pareto frontier, zone of agreement, bargaining solutions, report and plot
//   negotiate  agents and their registry, sessions under the alternating-offers protocol, traces,
//              single-text mediation
//   fair       fair division: Adjusted Winner, maximum Nash welfare, leximin, rent division
//   robust     compromises under uncertain preferences
//   certify    certificates: exact proofs of the analysis's claims
//   record     signed, hash-chained, replayable records of negotiations
//   tournament tournaments of many sessions on threads, processes and MPI ranks
//
// The mediation service (include/parley/service/, target parley::service) and the MPI cluster
// (include/parley/tournament/cluster.hpp, target parley::cluster) are separate targets with
// dependencies of their own, so this header does not include them.
#pragma once

#include "parley/support/error.hpp"
#include "parley/support/version.hpp"

#include "parley/model/describe.hpp"
#include "parley/model/issue.hpp"
#include "parley/model/outcome.hpp"
#include "parley/model/scenario.hpp"
#include "parley/model/uncertainty.hpp"
#include "parley/model/utility.hpp"
#include "parley/model/weight_set.hpp"

#include "parley/io/io.hpp"

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/analysis/improvements.hpp"
#include "parley/analysis/quorum.hpp"
#include "parley/analysis/synthetic.hpp"

#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/mediation.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/negotiate/negotiator.hpp"

#include "parley/fair/fair_division.hpp"
#include "parley/robust/robust.hpp"
#include "parley/certify/certify.hpp"
#include "parley/record/record.hpp"
#include "parley/manipulate/manipulate.hpp"

#include "parley/tournament/tournament.hpp"
