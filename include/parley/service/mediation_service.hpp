// The mediation service behind `parley serve`: the negotiation state machine
// (parley/service/negotiation.hpp) over the SQLite store, with the analyses on a worker pool.
// (Not to be confused with parley::Mediator, the library's automated single-text mediation of
// agents.)
//
// A write is one short transaction (load the negotiation, apply a transition, save it; request
// bodies are checked before it), a read one read transaction on a connection of its own
// (Database::read: token lookups and views never wait for a write). The
// last submission commits at once and moves the negotiation to `analysing`; a worker then loads
// the committed submissions, analyses them with no transaction and no lock of the service held,
// and commits the proposals in a short transaction, only when the negotiation is still analysing
// the same round of submissions. A time cap, the mediator's cancel and shutdown stop an analysis
// through FrontierOptions::cancelled: on the cap the negotiation returns to collecting with a
// notice; on shutdown it stays `analysing` in the database, and start_recovered_analyses() (run by
// the constructor) queues it again on the next start, so a crash or kill -9 mid-analysis re-runs
// it from the committed submissions.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "parley/record/record.hpp"
#include "parley/service/analysis_pool.hpp"
#include "parley/service/negotiation.hpp"
#include "parley/service/preferences.hpp"
#include "parley/service/store.hpp"
#include "parley/support/error.hpp"

namespace parley::service {

// The analysis queue is full: try again later (HTTP 503).
class ServiceBusy : public Error {
 public:
  using Error::Error;
};

// The secrets handed out when a negotiation is created; returned once, stored only as hashes.
struct Invitation {
  std::string negotiation_id;
  std::string mediator_token;
  std::vector<std::string> party_names;
  std::vector<std::string> party_tokens;
};

class MediationService {
 public:
  // Queues every negotiation stored in `analysing` (recovery after a crash or shutdown). Records
  // are signed with `signing_key` (a fresh key when null: tests).
  explicit MediationService(Database& database, Limits limits = {}, AnalysisSettings analysis = {},
                            std::shared_ptr<const SigningKey> signing_key = nullptr);
  ~MediationService();  // shutdown()
  MediationService(const MediationService&) = delete;
  MediationService& operator=(const MediationService&) = delete;

  const Limits& limits() const noexcept { return limits_; }
  const AnalysisSettings& analysis_settings() const noexcept { return analysis_; }

  Invitation create(const NegotiationSpec& spec);
  // Throws AccessDenied(authenticated=false) for an empty or unknown token.
  Caller authenticate(std::string_view token);

  // What a party may see (its own preferences and utilities only) / what the mediator may see.
  nlohmann::json party_view(const Caller& caller);
  nlohmann::json mediator_view(const Caller& caller);

  // Stores a party's preferences (collecting phase only; the body of parse_preferences). The last
  // submission moves to analysing and queues the analysis; throws ServiceBusy (nothing stored)
  // when the queue is full. Returns the party view, with "warnings" (deprecated spellings).
  nlohmann::json submit_preferences(const Caller& caller, const nlohmann::json& preferences);
  // The caller's utility of each package, under `preferences` when given (checking a ranking
  // before submitting), else under its submitted preferences.
  std::vector<double> evaluate(const Caller& caller, const std::vector<nlohmann::json>& packages,
                               const std::optional<nlohmann::json>& preferences);
  // A party's manipulation analysis (POST /api/party/manipulation, docs/openapi.yaml;
  // include/parley/manipulate/manipulate.hpp): how much `manipulator` could gain by misreporting
  // to `rule` over the negotiation's packages. The scenario is the caller's own latest submission
  // (or a hypothetical profile of its own) and a hypothetical profile of every other party, all
  // from the body: another party's live submission is never read, so the answer is the same
  // whatever the others submitted (../shared/docs/specs/manipulation.md, last section). Nothing
  // is stored or recorded, and no other party or the mediator sees it.
  // Body: {"rule", "reports", "manipulator", "profiles": {party: preferences}}. Bounded work: at
  // most Limits::max_manipulation_packages packages (walk-away reports) or
  // max_manipulation_search_packages (weights, values, all), else InputError; at most
  // AnalysisSettings::workers such analyses at once, else ServiceBusy; shutdown() and
  // `cancelled` stop it with ServiceBusy, a time cap of manipulation_time_cap_seconds (or the
  // analyses' own cap when smaller) with UnsupportedError. Returns the parley-manipulation/1
  // document of the one result with "profiles" ({party: "sealed" | "hypothetical"}), "note" and
  // "warnings". Throws InputError (the field named, e.g. profiles.Staff.weights.Budget),
  // StateConflict (no profile of the caller's own, given or submitted), AccessDenied (not a
  // party), UnsupportedError (beyond the library's work budget, or the time cap).
  nlohmann::json manipulation(const Caller& caller, const nlohmann::json& body,
                              const std::function<bool()>& cancelled = {});
  // The wall-clock cap of one manipulation analysis, below the server's 30 s body-and-handling
  // deadline.
  static constexpr double manipulation_time_cap_seconds = 20.0;
  // Mediator: stop the running analysis (back to collecting, submissions kept) / start it again
  // (collecting with every submission in, e.g. after a cap or a cancel). Return the mediator view.
  nlohmann::json cancel_analysis(const Caller& caller);
  nlohmann::json start_analysis(const Caller& caller);
  // Single-text round: vote on draft `version`; change the draft to `package`.
  nlohmann::json vote(const Caller& caller, std::int64_t version, bool accept);
  nlohmann::json change_draft(const Caller& caller, std::int64_t version,
                              const nlohmann::json& package);
  // The deal-closing mechanisms (docs/mechanisms.md, "In the service"; docs/openapi.yaml). Each
  // takes the request body as sent (InputError naming the field), applies one transition in one
  // transaction, and returns the caller's view. A secret answer is sealed (a fresh salt, its
  // commitment in the record) before the transaction.
  // Parties: {"accept": [item, ...]} (drafting): the sealed acceptances.
  nlohmann::json mark_sealed(const Caller& caller, const nlohmann::json& body);
  // Parties: {"id": N, "accept": true|false}: the secret answer to the mediator's proposal N.
  nlohmann::json answer_proposal(const Caller& caller, const nlohmann::json& body);
  // Parties: {"round": N, "approve": ["improvement 1", ...]} (agreed, a round open).
  nlohmann::json approve_improvements(const Caller& caller, const nlohmann::json& body);
  // Parties: {"package": {issue: option}}: the sealed final offer (final-offer arbitration).
  nlohmann::json final_offer(const Caller& caller, const nlohmann::json& body);
  // Parties (the two sides): {"secret": x, "visible": y (optional)}: a blind bid.
  nlohmann::json blind_bid(const Caller& caller, const nlohmann::json& body);
  // Mediator: {"package": {...}} or {"kind": "nash" | "kalai-smorodinsky" | "egalitarian" |
  // "quorum" | "hardest-to-manipulate", "epsilon": e}: the mediator's proposal (drafting).
  nlohmann::json put_proposal(const Caller& caller, const nlohmann::json& body);
  // Mediator: {"limit": k (1..10, default 5)}: offers the Pareto improvements of the agreement.
  // Over more than a million packages it takes a place among the heavy analyses (ServiceBusy
  // when all are busy), like the hardest-to-manipulate proposal.
  nlohmann::json offer_improvements(const Caller& caller, const nlohmann::json& body);
  // Mediator: ends the improvement round; the agreement stands.
  nlohmann::json close_improvements(const Caller& caller, const nlohmann::json& body);
  // Mediator: the deadline now (the deal-closer decides).
  nlohmann::json close_now(const Caller& caller, const nlohmann::json& body);
  // Mediator: {"issue", "unit", "low": party, "high": party, "lower", "upper", "rounds", "step"}.
  nlohmann::json open_blind_bidding(const Caller& caller, const nlohmann::json& body);
  // Mediator, as the neutral after the last round without settlement: {"fair": v}.
  nlohmann::json blind_neutral(const Caller& caller, const nlohmann::json& body);
  // Applies the deal-closer of every open negotiation whose deadline has passed (the deadline
  // watcher's work, run every second; tests call it too). Returns how many it closed.
  std::size_t close_due_negotiations();

  // The agreement as a Markdown document (agreed phase only), with the record's head and key.
  std::string agreement_document(const Caller& caller);
  // The negotiation's signed record so far (docs/records.md), any role, any phase: its lines and
  // the mediator's signature over the head, as JSON Lines. StateConflict for a negotiation
  // created before the service kept records.
  std::string record_document(const Caller& caller);
  // The calling party's reveal (one JSON line: its salt and canonical preferences, opening its
  // latest commitment), for its own auditor. Parties only; StateConflict before a submission.
  std::string reveal_document(const Caller& caller);
  // The public key that signs the records (64 hex digits).
  std::string signing_public_key() const { return signing_key_->public_key_hex(); }

  // Stops the analyses (they stay `analysing` in the database; a running manipulation analysis
  // answers 503) and joins the workers.
  void shutdown();
  // Analyses running now (tests, health).
  std::size_t running_analyses() const;

 private:
  // Throws AccessDenied when there is no negotiation `id`.
  static NegotiationState load(Connection& connection, const std::string& id);
  // load() in a read transaction of its own.
  NegotiationState read(const std::string& id);
  void run_analysis(const std::string& id, AnalysisJob& job);
  // Applies a transition built from the current state in one transaction; returns the new state.
  template <typename Step>
  NegotiationState apply(const std::string& id, Step&& step);
  // apply(), certifying the agreement when the step makes one or changes its package (the
  // certificate is computed before the transaction, again inside only if the package differs).
  template <typename Step>
  NegotiationState apply_certified(const std::string& id, Step&& step);
  nlohmann::json view_for(const Caller& caller, const NegotiationState& state);
  void deadline_loop();

  Database& database_;
  Limits limits_;
  AnalysisSettings analysis_;
  std::shared_ptr<const SigningKey> signing_key_;
  std::unique_ptr<AnalysisPool> pool_;
  std::atomic<std::size_t> manipulations_running_{0};
  std::atomic<bool> stopping_{false};
  std::mutex deadline_mutex_;
  std::condition_variable deadline_wake_;
  std::thread deadline_thread_;
};

}  // namespace parley::service
