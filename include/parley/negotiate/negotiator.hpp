// What an automated negotiator sees and does: its private view of the scenario, the offer index
// it searches, and the abstract Negotiator interface every agent implements.
//
// Privacy by construction: an agent receives a PartyView holding only its own utility function,
// reservation value and discount factor, plus the issues and the outcome space. A PartyView never
// holds or exposes the Scenario (it keeps the scenario alive through aliasing pointers to the
// issue list only), so an agent cannot read another party's preferences; the utilities of offers
// it receives are computed by the agent from its own view.
//
// The offer index answers "a package whose utility for me is closest to my target" in
// O(log N): it is built once per (scenario, party) and shared read-only by every session
// (OfferIndexCache), lazily: the cache and PartyView hand out an index that is filled on its
// first use. Spaces up to OfferIndexOptions::enumeration_limit outcomes are indexed exactly and
// lazily: filling evaluates every outcome (prefix sums of the per-issue contributions for a
// linear-additive utility, twice: no utility is stored) and distributes the outcome indices into
// utility bands of about eight outcomes (a counting sort: 4 bytes per outcome and 5 per band); a
// band is sorted, and its utilities stored (8 bytes per outcome, on pages touched only then), the
// first time a query lands in it, so a session sorts only the bands it uses (agents mostly ask
// for packages near the top of their utility range); larger linear-additive
// spaces get a catalogue of packages found by greedy per-issue swaps from the party's best and
// from its worst package towards evenly spaced targets (each swap finds the value of an issue whose
// contribution is closest to the one needed by binary search: over a sorted copy of a table, or
// by inverting an analytic issue's piecewise-linear function between its breakpoints, so a
// 16 M-value issue costs no memory); larger non-linear spaces a seeded sample. Turn protocol:
// Stacked Alternating Offers (Aydoğan et al. 2017, see ../shared/docs/genius-format.md
// section 7).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/model/uncertainty.hpp"
#include "parley/support/huge_pages.hpp"

namespace parley {

struct OfferIndexOptions {
  // Spaces with at most this many outcomes (and fewer than 2^32) are indexed exactly: at 4 M
  // outcomes, about 19 MB per party, plus 8 bytes per outcome of the bands sorted (at most 50 MB).
  std::uint64_t enumeration_limit = 4'000'000;
  // Larger spaces: number of evenly spaced utility targets (linear-additive catalogue) or of
  // seeded random samples (other utilities).
  std::uint32_t catalogue_targets = 2048;
  std::uint32_t samples = 50'000;
  std::uint64_t seed = 1;
};

// One party's packages sorted by that party's utility (ascending; ties by outcome index order).
// Thread-safe: the first use fills it once (std::call_once), then it is read-only.
class OfferIndex {
 public:
  enum class Method { enumeration, greedy_catalogue, sample };

  // An index filled now.
  static std::shared_ptr<const OfferIndex> build(const Scenario& scenario, std::size_t party,
                                                 const OfferIndexOptions& options = {});
  // An index filled on its first use (it keeps the party's utility function alive until then).
  static std::shared_ptr<const OfferIndex> lazy(const Scenario& scenario, std::size_t party,
                                                const OfferIndexOptions& options = {});

  Method method() const noexcept { return method_; }
  // True when every outcome of the space is indexed.
  bool exact() const noexcept { return method_ == Method::enumeration; }
  // True once filled; memory_bytes(): the bytes it holds now, large arrays counted in the whole
  // 2 MiB huge pages they reserve (0 before it is filled).
  bool filled() const noexcept { return filled_.load(std::memory_order_acquire); }
  std::uint64_t memory_bytes() const noexcept;

  // The accessors below fill the index on first use.
  std::size_t size() const { return contents().size; }
  std::size_t issue_count() const noexcept { return issue_count_; }
  double utility(std::size_t entry) const;
  void outcome(std::size_t entry, Outcome& out) const;
  Outcome outcome(std::size_t entry) const;
  // Best and worst indexed utilities (exact for enumeration and linear-additive catalogues).
  double max_utility() const { return contents().max_utility; }
  double min_utility() const { return contents().min_utility; }
  // Entry of the best package (the highest utility; the smallest outcome among equals).
  std::size_t best_entry() const { return contents().best_entry; }

  // Entry whose utility is closest to target; ties go to the higher utility, then to the
  // smallest outcome in index order.
  std::size_t nearest(double target) const;
  // Entries with utility in [low, high], as the half-open range [first, last).
  std::pair<std::size_t, std::size_t> range(double low, double high) const;

 private:
  struct Contents {
    std::size_t size = 0;
    // Enumeration: ids[entry] is the outcome's mixed-radix index. Entries are grouped in bands
    // of ascending utility (band b: entries [band_start[b], band_start[b + 1])), in index order
    // within a band until a query sorts it by (utility, index) and writes its utilities into
    // `utilities` (allocated for every entry, written band by band: the pages of bands never
    // used are never touched).
    // Catalogue and sample: one band, sorted at once; ids[entry] is the row of `rows`.
    // Both arrays are uninitialised and, from 512 KiB, backed by transparent huge pages
    // (parley/support/huge_pages.hpp): filling them costs a fault per 2 MiB, not per 4 KiB.
    detail::HugePageArray<std::uint32_t> ids;
    detail::HugePageArray<double> utilities;
    std::vector<std::uint32_t> band_start;
    std::unique_ptr<std::atomic<bool>[]> band_sorted;
    std::size_t bands = 1;
    // band(u) = min(bands - 1, floor((u - band_low) * band_scale)): monotone in u.
    double band_low = 0.0, band_scale = 0.0;
    std::vector<ValueIndex> rows;  // catalogue and sample: issue_count_ value indices per row
    double min_utility = 0.0, max_utility = 0.0;
    std::size_t best_entry = 0;
  };
  OfferIndex() = default;
  // The filled contents (mutable: bands are sorted on first use).
  Contents& contents() const {
    if (!filled()) fill();
    return contents_;
  }
  void fill() const;
  static std::size_t band_of(const Contents& contents, double u) noexcept;
  // The band holding an entry.
  static std::size_t band_of_entry(const Contents& contents, std::size_t entry) noexcept;
  // Sorts band b of `contents` if no query has yet; thread-safe.
  void sort_band(Contents& contents, std::size_t band) const;
  // The utility of the outcome with this mixed-radix index (enumeration), bit-identical to
  // UtilityFunction::utility.
  double utility_of_index(std::uint64_t id) const;
  // The first entry whose utility is >= x (upper: > x), as std::lower_bound and
  // std::upper_bound over the whole sorted index, sorting only the band x falls in.
  std::size_t bound(Contents& contents, double x, bool upper) const;
  std::size_t lower_bound(double x) const;
  std::size_t upper_bound(double x) const;

  Method method_ = Method::enumeration;
  std::size_t issue_count_ = 0;
  // What fill() needs; a catalogue or sample releases the utility once filled, an enumerated
  // index keeps it to evaluate the bands it sorts.
  mutable std::shared_ptr<const UtilityFunction> utility_;
  OutcomeSpace space_;
  OfferIndexOptions options_;
  mutable std::once_flag once_;
  mutable std::atomic<bool> filled_{false};
  mutable std::mutex sort_mutex_;
  mutable Contents contents_;
};

const char* to_string(OfferIndex::Method method) noexcept;

// Thread-safe cache of offer indexes keyed by scenario and party, shared read-only by sessions
// (e.g. a tournament's thread pool). Entries of a scenario that no longer exists are rebuilt.
class OfferIndexCache {
 public:
  explicit OfferIndexCache(OfferIndexOptions options = {}) : options_(options) {}
  std::shared_ptr<const OfferIndex> get(const ScenarioPtr& scenario, std::size_t party);
  const OfferIndexOptions& options() const noexcept { return options_; }

 private:
  struct Entry {
    std::weak_ptr<const Scenario> scenario;
    std::shared_ptr<const OfferIndex> index;
  };
  OfferIndexOptions options_;
  std::mutex mutex_;
  std::map<std::pair<const Scenario*, std::size_t>, Entry> entries_;
};

// Everything one party may know: its own preferences and the public description of the space.
class PartyView {
 public:
  // The engine's factory: copies party `party`'s own preferences out of the scenario.
  static PartyView of(const ScenarioPtr& scenario, std::size_t party,
                      std::shared_ptr<const OfferIndex> index);

  const std::string& name() const noexcept { return name_; }
  std::size_t position() const noexcept { return position_; }  // seat in the turn order
  std::size_t party_count() const noexcept { return party_count_; }
  const std::vector<Issue>& issues() const noexcept { return *issues_; }
  const OutcomeSpace& space() const noexcept { return space_; }
  const UtilityFunction& utility_function() const noexcept { return *utility_; }
  double utility(const Outcome& outcome) const { return utility_->utility(outcome); }
  double reservation_value() const noexcept { return reservation_value_; }
  double discount_factor() const noexcept { return discount_factor_; }
  // utility * discount_factor^time.
  double discounted(double utility, double time) const;
  const OfferIndex& index() const noexcept { return *index_; }
  // What is not known about this party's own preferences (e.g. the bid ranking of a GeniusWeb
  // uncertain profile, in uncertainty()->written.rankings); null when they are known exactly.
  // Agents built for preference uncertainty (agentgg) learn from it instead of the utility.
  const PartyUncertainty* uncertainty() const noexcept { return uncertainty_.get(); }

 private:
  PartyView() = default;
  std::string name_;
  std::size_t position_ = 0;
  std::size_t party_count_ = 0;
  std::shared_ptr<const std::vector<Issue>> issues_;
  OutcomeSpace space_;
  std::shared_ptr<const UtilityFunction> utility_;
  double reservation_value_ = 0.0;
  double discount_factor_ = 1.0;
  std::shared_ptr<const OfferIndex> index_;
  std::shared_ptr<const PartyUncertainty> uncertainty_;
};

// Public facts about the session, the same for every party.
struct SessionInfo {
  std::size_t party_count = 2;
  std::vector<std::string> party_names;  // in turn order
  // Round deadline (0 when the deadline is wall-clock time only).
  std::size_t rounds = 0;
  // Per-party seed for agents that randomise (derived from the session seed and the seat).
  std::uint64_t seed = 1;
  // The per-turn wall-clock budget of the session (SessionOptions::turn_budget_seconds; 0: none).
  // Remote agents wait this long for an answer (parley/negotiate/remote.hpp).
  double turn_budget_seconds = 0.0;
};

// Where the session stands when an agent is asked to act.
struct TurnState {
  std::size_t round = 0;  // 0-based
  double time = 0.0;      // normalised time in [0,1)
};

enum class Response { accept, reject, end_negotiation };

const char* to_string(Response response) noexcept;

// Another party's action, as every other party sees it.
struct ObservedAction {
  enum class Kind { offer, accept, end_negotiation };
  Kind kind = Kind::offer;
  std::size_t actor = 0;  // seat
  TurnState when;
  const Outcome* offer = nullptr;  // the package offered or accepted (null on end_negotiation)
};

// The interface of every automated negotiator. One instance negotiates one session.
class Negotiator {
 public:
  virtual ~Negotiator() = default;
  // Called once before the first turn.
  virtual void start(const PartyView& view, const SessionInfo& info) = 0;
  // The agent must make an offer: write it to `offer` (a package of the space).
  virtual void propose(const TurnState& state, Outcome& offer) = 0;
  // Accept the standing offer, reject it (propose() is then called), or walk away.
  virtual Response respond(const TurnState& state, const Outcome& standing_offer) = 0;
  // Every action of another party, right after it happened. Default: ignored.
  virtual void observe(const ObservedAction& action) { (void)action; }
  // Agents that model their opponents: the model's estimate, now, of party `seat`'s utility for
  // `outcome`, in [0,1]; nullopt (the default) when the agent keeps no model of that party. The
  // engine reads it after a session for the opponent-model quality measures
  // (parley/negotiate/model_quality.hpp); it must not change the agent.
  virtual std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const {
    (void)seat;
    (void)outcome;
    return std::nullopt;
  }
};

}  // namespace parley
