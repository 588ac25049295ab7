// Negotiation sessions under the Stacked Alternating Offers Protocol (SAOP; Aydoğan et al.,
// "Alternating offers protocols for multilateral negotiation", 2017; GENIUS
// StackedAlternatingOffersProtocol, see ../shared/docs/genius-format.md section 7), their results,
// traces (docs/trace-format.md) and how an outcome compares with the frontier and the bargaining
// solutions.
//
// Protocol: parties take turns in a fixed cyclic order (the scenario's party order). The first
// party must offer; every later turn accepts the standing offer, replaces it with a counter-offer,
// or walks away (no agreement for everyone). The standing offer is agreed when every party other
// than its author has accepted it in succession. Round r (0-based) is one turn of every party;
// with a round deadline R, the turn of seat p in round r happens at normalised time
// t = (r + p/n) / R, so t in [0,1) and the session ends with no agreement after round R-1.
// With a wall-clock deadline T (SessionOptions::time_limit_seconds), t is the elapsed fraction
// of it, elapsed / T on a steady clock, and the session ends with no agreement at the first turn
// that would start at t >= 1 (rounds are then unlimited unless a round count is given; with both,
// t is the larger fraction). Payoffs are discounted by discount_factor^t at the time of
// agreement, or at t = 1 for the reservation value when the deadline passes. docs/negotiation.md
// gives the rules and what is refused.
//
// Multi-offer protocols (SessionOptions::protocol; GeniusWeb's AMOP and MOPAC, docs/negotiation.md
// "Protocols"): every round r (normalised time t = r / R for all its actions) has an offer phase,
// where every party still negotiating proposes a package (propose(); the offers are shown to
// everyone, observe(), once all are made), then a voting phase, where each party answers every
// other party's offer (respond(): accept is a vote for it; a party votes for its own offer), the
// votes shown to everyone (observe() of an accept). AMOP: a package voted by every party is the
// agreement (several: the first in seat order of their authors); a walk-away ends the session.
// MOPAC adds an opt-in phase (each party is asked again about the offers it did not vote for,
// having seen every vote: it may add votes, never withdraw them) and partial consensus: the
// parties voting for an offer form a deal when they pass the quorum rule
// (SessionOptions::quorum: at least `required` parties, every veto holder among them; default
// every party); the largest such group closes its deal and leaves (ties: the first offer in seat
// order), again among those left, until no group passes. The others go on while they can still
// pass the rule; a walk-away makes only that party leave. A party in a deal gets its utility of
// the deal discounted at the deal's time; the others their reservation value.
//
// Threading: a Session holds only mutable per-session state; the Scenario and the offer indexes
// (OfferIndexCache) are shared read-only, so independent sessions run in parallel.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/analysis/quorum.hpp"
#include "parley/model/scenario.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/model_quality.hpp"
#include "parley/negotiate/negotiator.hpp"

namespace parley {

struct Frontier;
struct Solution;

// SAOP: stacked alternating offers (the default); AMOP: alternating multiple offers; MOPAC:
// multiple offers with partial consensus (GeniusWeb; see above).
enum class Protocol { saop, amop, mopac };

const char* to_string(Protocol protocol) noexcept;
// "saop" (or "sao"), "amop", "mopac", in any case; throws InputError naming `field` otherwise.
Protocol parse_protocol(std::string_view text, std::string_view field = "protocol");

struct SessionOptions {
  Protocol protocol = Protocol::saop;
  // MOPAC: the rule a group voting for one offer must pass to close a deal (party indices);
  // unset: every party (unanimity). Refused with the other protocols, which need everyone.
  std::optional<QuorumRule> quorum;
  // After the session, measure every opponent model the agents keep (Negotiator::
  // opponent_estimate) against the true utilities: SessionResult::model_quality.
  bool model_quality = false;
  ModelQualityOptions model_quality_options;
  // Round deadline R. Unset: 1000 rounds (default_rounds), or no round limit when there is a
  // time limit. 0: no round limit (needs a time limit). With both a round count and a time limit,
  // the session ends at whichever comes first and agents see the larger of the two fractions.
  std::optional<std::size_t> rounds;
  static constexpr std::size_t default_rounds = 1000;
  // Wall-clock deadline in seconds, read from a steady clock (0: none). Agents see
  // t = elapsed / time_limit_seconds, so time-dependent agents concede as the limit approaches.
  // Must be finite and >= 0.
  double time_limit_seconds = 0.0;
  // Per-turn wall-clock budget of each agent call but start(); 0 = none (exceeding it ends the
  // session with the failure recorded). Remote agents wait this long for each answer. Wall-clock
  // checks make runs machine-dependent: deterministic runs leave both limits at 0.
  double turn_budget_seconds = 0.0;
  std::uint64_t seed = 1;
  // Record every action (with each party's utility) in SessionResult::trace. Refused with a time
  // limit and no round limit: such a trace grows with every turn, without bound.
  bool record_trace = false;
  // Polled before every round; when it returns true, run() throws parley::Cancelled and nothing
  // of the session is returned. May be empty. Called on the thread that runs the session.
  std::function<bool()> cancelled;
  // Called before every round with the round about to be played and the normalised time then
  // (for progress displays; it should return quickly). May be empty.
  std::function<void(std::size_t round, double time)> progress;
};

// The round limit a session with `options` plays: 0 when there is none (time limit only).
std::size_t round_limit(const SessionOptions& options) noexcept;

// deadline: the round or wall-clock deadline passed (a cancelled session throws Cancelled
// instead of returning a result).
// partial_agreement (MOPAC): deals were closed, but no single deal holds every party.
enum class EndReason { agreement, deadline, walk_away, failure, partial_agreement };

const char* to_string(EndReason reason) noexcept;

struct AgentFailure {
  std::size_t party = 0;
  std::string kind;     // "exception", "time budget", "illegal action"
  std::string message;  // what the agent threw, or what went wrong
};

enum class ActionKind { offer, accept, end_negotiation, failure };

const char* to_string(ActionKind kind) noexcept;

// One line of the trace: utilities are computed by the engine from the scenario.
struct TraceEvent {
  std::size_t round = 0;
  double time = 0.0;
  std::size_t actor = 0;
  ActionKind kind = ActionKind::offer;
  Outcome package;                // empty on end_negotiation and failure
  std::vector<double> utilities;  // each party's (undiscounted) utility for the package
};

// A deal of a multi-offer protocol: the package and the parties (ascending) who closed it.
struct Deal {
  Outcome package;
  std::vector<std::size_t> parties;
  std::size_t round = 0;
  double time = 0.0;
};

struct SessionResult {
  EndReason reason = EndReason::deadline;
  bool agreement() const noexcept { return reason == EndReason::agreement; }
  std::optional<Outcome> outcome;  // the agreed package (a deal of every party)
  // Every deal, in the order closed: under SAOP and AMOP the agreement, under MOPAC possibly
  // several between subsets of the parties.
  std::vector<Deal> deals;
  std::size_t round = 0;  // round of the last turn played
  double time = 0.0;      // normalised time of the last turn played
  std::size_t turns = 0;  // agent turns played
  // Each party's utility for the agreement, or its reservation value without one
  // (undiscounted), and its payoff discounted at `time`.
  std::vector<double> utilities;
  std::vector<double> discounted_utilities;
  std::optional<AgentFailure> failure;
  std::vector<TraceEvent> trace;  // when SessionOptions::record_trace
  // When SessionOptions::model_quality: one entry per (agent with a model, other party), by
  // modeller then modelled party.
  std::vector<ModelQuality> model_quality;
  double seconds = 0.0;  // wall-clock duration, steady clock (not part of the trace)
};

// One negotiation: agents in seat order (one per party of the scenario).
class Session {
 public:
  // Indexes come from `cache` when given (shared across sessions), else are built privately.
  // Agents are built by `registry` when given (it may hold added agents), else by the library.
  // Throws InputError naming the option for options the protocol cannot honour: a time limit or
  // turn budget that is negative or not finite, 0 rounds without a time limit, a trace with a
  // time limit and no round limit.
  Session(ScenarioPtr scenario, std::vector<AgentSpec> agents, SessionOptions options = {},
          OfferIndexCache* cache = nullptr, const AgentRegistry* registry = nullptr);
  // For agents built elsewhere (e.g. a Python subclass of Negotiator); `labels` name them in
  // the trace.
  Session(ScenarioPtr scenario, std::vector<std::unique_ptr<Negotiator>> agents,
          std::vector<std::string> labels, SessionOptions options = {},
          OfferIndexCache* cache = nullptr);
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  // Plays the session to its end (once). Throws Cancelled when options().cancelled says so.
  SessionResult run();

  const Scenario& scenario() const noexcept { return *scenario_; }
  const std::vector<std::string>& labels() const noexcept { return labels_; }
  const SessionOptions& options() const noexcept { return options_; }

 private:
  ScenarioPtr scenario_;
  std::vector<std::unique_ptr<Negotiator>> agents_;
  std::vector<std::string> labels_;
  SessionOptions options_;
  std::vector<PartyView> views_;
  bool played_ = false;
};

// Convenience: builds and plays one session.
SessionResult negotiate(const ScenarioPtr& scenario, const std::vector<AgentSpec>& agents,
                        const SessionOptions& options = {}, OfferIndexCache* cache = nullptr,
                        const AgentRegistry* registry = nullptr);

// JSONL trace (docs/trace-format.md): a header line, one line per action, a result line.
// Byte-identical for identical inputs and seeds.
void write_trace(std::ostream& out, const Scenario& scenario,
                 const std::vector<std::string>& labels, const SessionOptions& options,
                 const SessionResult& result);
std::string trace_text(const Scenario& scenario, const std::vector<std::string>& labels,
                       const SessionOptions& options, const SessionResult& result);
// Writes the trace to a file via a temporary file renamed into place.
void save_trace(const std::string& path, const Scenario& scenario,
                const std::vector<std::string>& labels, const SessionOptions& options,
                const SessionResult& result);

// How an outcome's utility vector compares with the frontier and the bargaining solutions
// (Euclidean distances in utility space, undiscounted).
struct OutcomeAssessment {
  double distance_to_frontier = 0.0;
  std::optional<double> distance_to_nash;
  std::optional<double> distance_to_kalai_smorodinsky;
  // True when no frontier package is a weak Pareto improvement on the outcome (every party at
  // least as well off, within the frontier tolerance, and one strictly better): exactly when
  // post_settlement_improvements() finds nothing.
  bool pareto_optimal = false;
};
OutcomeAssessment assess_outcome(const std::vector<double>& utilities, const Frontier& frontier,
                                 const std::vector<Solution>& solutions);

// Post-settlement improvement (Raiffa 1985, "Post-settlement settlements"): the frontier packages
// that are weak Pareto improvements on the agreement, i.e. every party gets at least its utility
// of the agreement and at least one party gets strictly more, within the frontier's tolerance
// (u_j >= a_j - e_j for all j, u_k > a_k + e_k for some k; e_j = tolerance x party j's utility
// range, as for the frontier itself). Best first, as improve_agreement ranks them
// (parley/analysis/improvements.hpp): more gaining parties, then the larger product of the gains
// of the parties that gain, then the larger total gain, then the frontier order.
// Empty exactly when the agreement is Pareto-optimal (OutcomeAssessment::pareto_optimal).
std::vector<std::size_t> post_settlement_improvements(const Scenario& scenario,
                                                      const Outcome& agreement,
                                                      const Frontier& frontier);

// Draws a session into an .svg or .png file with gnuplot (the same helpers as the analysis
// plot), in the first two parties' utilities: the frontier (a step line through the efficient
// packages with two parties, points with more), both walk-away lines, the status quo (when the
// scenario has one), the pure bargaining solutions over the frontier (coinciding ones drawn once,
// labelled "Nash = utilitarian"), each party's offers coloured by their time (colour box from
// start to deadline), and the agreement. Needs a result with a trace for the offers. Throws
// InputError for a bad path (check_plot_path, before any work), Error when gnuplot fails.
void plot_session(const Scenario& scenario, const std::vector<std::string>& labels,
                  const SessionResult& result, const Frontier& frontier, const std::string& path);

}  // namespace parley
