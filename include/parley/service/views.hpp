// What each role of a negotiation may see, as JSON (docs/openapi.yaml), computed from the state
// alone: a party sees its own preferences and its own utility of every package, never another
// party's; the mediator sees proposals, the draft and the votes, and the preferences of parties
// that chose to share them. Both see the phase, the progress of a running analysis, whether the
// proposals are exact or approximate, and the notice of a stopped analysis.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "parley/service/negotiation.hpp"
#include "parley/service/preferences.hpp"

namespace parley::service {

// A running or waiting analysis, as the worker pool reports it.
struct AnalysisProgress {
  bool running = false;   // false: waiting in the queue
  double fraction = 0.0;  // 0..1, from FrontierOptions::progress
  std::string stage;      // "search", "linear-dp", "sampling the zone of agreement", ...
};

nlohmann::json party_view(const NegotiationState& state, std::size_t party,
                          const std::optional<AnalysisProgress>& progress, const Limits& limits);
nlohmann::json mediator_view(const NegotiationState& state,
                             const std::optional<AnalysisProgress>& progress);
// The agreement as a Markdown document; throws StateConflict before the agreed phase.
std::string agreement_document(const NegotiationState& state);

}  // namespace parley::service
