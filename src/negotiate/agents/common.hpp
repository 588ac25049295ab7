// Internal: building blocks shared by the library's agents (src/negotiate/agents/*.cpp): the
// time-dependent concession curve, the frequency opponent model, band search over an OfferIndex,
// and the registry row types every agent family file fills in (library.hpp lists them).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiator.hpp"

namespace parley::agents {

// A registry row: what the catalogue shows and how a spec of it is built.
struct AgentRow {
  AgentInfo info;
  AgentRegistry::Factory make;
};

// A row of a BOA component table (bidding, acceptance, opponent model).
template <class Component>
struct ComponentRow {
  AgentInfo info;
  std::function<std::unique_ptr<Component>(const AgentSpec&)> make;
};

// A parameter that is itself a component spec of `role`, with its default spec text.
ParameterInfo component_parameter(std::string name, AgentRole role, std::string default_spec,
                                  std::string description);

inline constexpr const char* kFaratin =
    "Faratin, Sierra & Jennings 1998, Negotiation decision functions for autonomous agents "
    "(GENIUS TimeDependentAgent form)";
inline constexpr const char* kConcessionExponent =
    "concession exponent: target = Pmin + (Pmax-Pmin)(1 - t^(1/e))";

// Uniform double in [0,1) from 53 random bits (the same on every standard library).
double unit_random(std::uint64_t bits) noexcept;

// The concession range of the time-dependent family: P_max the best indexed utility, P_min the
// larger of the worst utility and the reservation value.
struct ConcessionRange {
  double max = 1.0, min = 0.0;
  void from(const PartyView& view);
};

// Faratin et al. 1998 polynomial tactic in GENIUS form: f(t) = k + (1-k) t^(1/e),
// target = P_min + (P_max - P_min)(1 - f(t)); e == 0 never concedes.
double time_dependent_target(const ConcessionRange& range, double e, double k, double t);

// One number per value of an issue (a count, a score): dense for issues of at most kDenseLimit
// values, sparse above (a value not stored is worth 0), so a 16-million value integer issue costs
// nothing until values are set (a dense table would take 128 MB per model). Lookups only, so
// results do not depend on which form holds them. Used by every opponent model and AgentGG.
class ValueTable {
 public:
  static constexpr std::uint32_t kDenseLimit = 65'536;
  void reset(std::uint32_t cardinality) {
    cardinality_ = cardinality;
    sparse_.clear();
    dense_.assign(cardinality <= kDenseLimit ? cardinality : 0, 0.0);
  }
  double at(ValueIndex v) const {
    if (cardinality_ <= kDenseLimit) return dense_[v];
    const auto found = sparse_.find(v);
    return found == sparse_.end() ? 0.0 : found->second;
  }
  double& operator[](ValueIndex v) { return cardinality_ <= kDenseLimit ? dense_[v] : sparse_[v]; }
  std::uint32_t cardinality() const noexcept { return cardinality_; }
  // Calls f(value, number) for every value stored (dense: all; sparse: those set).
  template <class F>
  void each(F f) const {
    if (cardinality_ <= kDenseLimit) {
      for (std::uint32_t v = 0; v < cardinality_; ++v) f(v, dense_[v]);
    } else {
      for (const auto& [v, x] : sparse_) f(v, x);
    }
  }
  // Number of values not stored (always 0 for dense tables).
  std::uint64_t unstored() const noexcept {
    return cardinality_ <= kDenseLimit ? 0 : cardinality_ - sparse_.size();
  }

 private:
  std::uint32_t cardinality_ = 0;
  std::vector<double> dense_;
  std::unordered_map<ValueIndex, double> sparse_;
};

// An opponent model: one party's estimate of another party's utility function, learned from
// that party's offers only (the modeller never sees the other party's preferences). The kinds:
// frequency (below), bayesian and scalable_bayesian (party_models.cpp), cuhk (cuhkagent.cpp),
// atlas3 (atlas3.cpp); each is also a BOA `model` component (library.hpp).
class PartyModel {
 public:
  virtual ~PartyModel() = default;
  // Before the first offer: the modeller's own view (the issues and the space).
  virtual void reset(const PartyView& view) = 0;
  // An offer the modelled party made at normalised time `time`.
  virtual void update(const Outcome& offer, double time) = 0;
  // True until the first update.
  virtual bool empty() const = 0;
  // The modelled party's estimated utility for `outcome`, in [0,1].
  virtual double estimate(const Outcome& outcome) const = 0;
};

using PartyModelFactory = std::function<std::unique_ptr<PartyModel>()>;

// Frequency opponent model (HardHeaded, van Krimpen, Looije & Hajizadeh 2013): value scores from
// how often the opponent offers a value; issue weights grow when the opponent keeps an issue
// unchanged between consecutive offers. Estimates are 0 before any offer.
class FrequencyModel final : public PartyModel {
 public:
  void reset(const PartyView& view) override;
  void update(const Outcome& offer, double time = 0.0) override;
  bool empty() const noexcept override { return offers_ == 0; }
  double estimate(const Outcome& outcome) const override;

 private:
  // How often each value of each issue was offered.
  std::vector<ValueTable> counts_;
  std::vector<double> max_count_;
  std::vector<double> weights_;
  Outcome previous_;
  std::size_t offers_ = 0;
};

// The model factories by kind (each defined beside its model).
std::unique_ptr<PartyModel> make_frequency_model();
std::unique_ptr<PartyModel> make_bayesian_model();           // party_models.cpp
std::unique_ptr<PartyModel> make_scalable_bayesian_model();  // party_models.cpp
std::unique_ptr<PartyModel> make_cuhk_model();               // cuhkagent.cpp
std::unique_ptr<PartyModel> make_atlas3_model();             // atlas3.cpp

// One model per other party, all of one kind (frequency unless told).
class OpponentModels {
 public:
  explicit OpponentModels(PartyModelFactory make = make_frequency_model) : make_(std::move(make)) {}
  void reset(const PartyView& view);
  // Offers by other parties update their models; other actions are ignored.
  void observe(const ObservedAction& action);
  // True while no other party has offered.
  bool empty() const;
  // Mean estimated utility of the other parties.
  double mean(const Outcome& outcome) const;
  // Product of estimated utilities of the other parties.
  double product(const Outcome& outcome) const;
  // Party `seat`'s model (null for the modeller's own seat or a seat out of range).
  const PartyModel* model(std::size_t seat) const;

 private:
  PartyModelFactory make_;
  std::vector<std::unique_ptr<PartyModel>> models_;
  std::size_t self_ = 0;
};

// Among at most `limit` entries evenly spread over own utility [low, high], the one the score
// ranks highest (ties: the first, i.e. the lowest own utility... then index order); falls back
// to the entry nearest to `low` when the band is empty.
std::size_t best_in_band(const OfferIndex& index, double low, double high, std::size_t limit,
                         const std::function<double(std::size_t)>& score);

}  // namespace parley::agents
