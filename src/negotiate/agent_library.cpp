// The agent library. Each agent keeps a pointer to the PartyView the session owns (it outlives
// the agent's calls) and reads only that view.
#include "agent_library.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <stdexcept>

namespace parley::agents {

double unit_random(std::uint64_t bits) noexcept {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

namespace {

// The concession range of the time-dependent family: P_max the best indexed utility, P_min the
// larger of the worst utility and the reservation value.
struct ConcessionRange {
  double max = 1.0, min = 0.0;
  void from(const PartyView& view) {
    max = view.index().max_utility();
    min = std::min(max, std::max(view.index().min_utility(), view.reservation_value()));
  }
};

// Faratin et al. 1998 polynomial tactic in GENIUS form: f(t) = k + (1-k) t^(1/e),
// target = P_min + (P_max - P_min)(1 - f(t)); e == 0 never concedes.
double time_dependent_target(const ConcessionRange& range, double e, double k, double t) {
  const double f = e == 0.0 ? k : k + (1.0 - k) * std::pow(t, 1.0 / e);
  return range.min + (range.max - range.min) * (1.0 - f);
}

// Frequency opponent model (HardHeaded, van Krimpen, Looije & Hajizadeh 2013): value scores from
// how often the opponent offers a value; issue weights grow when the opponent keeps an issue
// unchanged between consecutive offers.
class FrequencyModel {
 public:
  void reset(const PartyView& view) {
    cards_ = view.space().cardinalities();
    counts_.assign(cards_.size(), {});
    for (std::size_t i = 0; i < cards_.size(); ++i) counts_[i].assign(cards_[i], 0.0);
    max_count_.assign(cards_.size(), 0.0);
    weights_.assign(cards_.size(), cards_.empty() ? 0.0 : 1.0 / static_cast<double>(cards_.size()));
    previous_.clear();
    offers_ = 0;
  }
  void update(const Outcome& offer) {
    const double n = static_cast<double>(cards_.size());
    if (!previous_.empty()) {
      const double learning = 0.2 / n;
      double total = 0.0;
      for (std::size_t i = 0; i < cards_.size(); ++i) {
        if (offer[i] == previous_[i]) weights_[i] += learning;
        total += weights_[i];
      }
      for (auto& w : weights_) w /= total;
    }
    for (std::size_t i = 0; i < cards_.size(); ++i) {
      const double c = counts_[i][offer[i]] += 1.0;
      max_count_[i] = std::max(max_count_[i], c);
    }
    previous_ = offer;
    ++offers_;
  }
  bool empty() const noexcept { return offers_ == 0; }
  // Estimated opponent utility in [0,1]; 0 before any offer.
  double estimate(const Outcome& outcome) const {
    if (offers_ == 0) return 0.0;
    double u = 0.0;
    for (std::size_t i = 0; i < cards_.size(); ++i)
      u += weights_[i] * counts_[i][outcome[i]] / max_count_[i];
    return u;
  }

 private:
  std::vector<std::uint32_t> cards_;
  std::vector<std::vector<double>> counts_;
  std::vector<double> max_count_;
  std::vector<double> weights_;
  Outcome previous_;
  std::size_t offers_ = 0;
};

// One frequency model per other party.
class OpponentModels {
 public:
  void reset(const PartyView& view) {
    models_.assign(view.party_count(), FrequencyModel{});
    for (auto& m : models_) m.reset(view);
    self_ = view.position();
  }
  void observe(const ObservedAction& action) {
    if (action.kind == ObservedAction::Kind::offer && action.offer && action.actor != self_)
      models_[action.actor].update(*action.offer);
  }
  bool empty() const {
    for (std::size_t j = 0; j < models_.size(); ++j)
      if (j != self_ && !models_[j].empty()) return false;
    return true;
  }
  // Mean estimated utility of the other parties.
  double mean(const Outcome& outcome) const {
    double sum = 0.0;
    for (std::size_t j = 0; j < models_.size(); ++j)
      if (j != self_) sum += models_[j].estimate(outcome);
    return models_.size() > 1 ? sum / static_cast<double>(models_.size() - 1) : 0.0;
  }
  // Product of estimated utilities of the other parties.
  double product(const Outcome& outcome) const {
    double p = 1.0;
    for (std::size_t j = 0; j < models_.size(); ++j)
      if (j != self_) p *= models_[j].estimate(outcome);
    return p;
  }

 private:
  std::vector<FrequencyModel> models_;
  std::size_t self_ = 0;
};

// Among at most `limit` entries evenly spread over own utility [low, high], the one the score
// ranks highest (ties: the first, i.e. the lowest own utility... then index order); falls back
// to the entry nearest to `low` when the band is empty.
std::size_t best_in_band(const OfferIndex& index, double low, double high, std::size_t limit,
                         const std::function<double(std::size_t)>& score) {
  const auto [first, last] = index.range(low, high);
  if (first >= last) return index.nearest(low);
  const std::size_t count = last - first;
  const std::size_t samples = std::min(count, limit);
  std::size_t best = first;
  double best_score = -1.0;
  for (std::size_t s = 0; s < samples; ++s) {
    const std::size_t entry = samples == 1 ? first : first + (count - 1) * s / (samples - 1);
    const double value = score(entry);
    if (value > best_score) {
      best_score = value;
      best = entry;
    }
  }
  return best;
}

class TimeDependentAgent final : public Negotiator {
 public:
  explicit TimeDependentAgent(double e) : e_(e) {}
  void start(const PartyView& view, const SessionInfo&) override {
    view_ = &view;
    range_.from(view);
  }
  void propose(const TurnState& state, Outcome& offer) override {
    view_->index().outcome(next_bid(state.time), offer);
  }
  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    // GENIUS TimeDependentAgent: accept when the offer is worth at least the bid it would make.
    const double next = view_->index().utility(next_bid(state.time));
    return view_->utility(standing_offer) >= next ? Response::accept : Response::reject;
  }

 private:
  // respond() and propose() of one turn ask for the same bid: remember the last one.
  std::size_t next_bid(double t) {
    if (t != cached_time_) {
      cached_time_ = t;
      cached_entry_ = view_->index().nearest(time_dependent_target(range_, e_, 0.0, t));
    }
    return cached_entry_;
  }
  double e_;
  double cached_time_ = -1.0;
  std::size_t cached_entry_ = 0;
  const PartyView* view_ = nullptr;
  ConcessionRange range_;
};

// Imitative tactics (Faratin, Sierra & Jennings 1998, section 4.3), on aggregate own utility:
// with u_k my utility of the opponent's k-th offer, after the opponent moved from u_{k-delta}
// to u_k, absolute: target -= (u_k - u_{k-delta}); relative: target *= u_{k-delta} / u_k.
class TitForTatAgent final : public Negotiator {
 public:
  TitForTatAgent(TitForTatMode mode, std::size_t delta) : mode_(mode), delta_(delta) {}
  void start(const PartyView& view, const SessionInfo&) override {
    view_ = &view;
    range_.from(view);
    target_ = range_.max;
    received_.clear();
    used_ = 0;
  }
  void observe(const ObservedAction& action) override {
    if (action.kind == ObservedAction::Kind::offer && action.offer)
      received_.push_back(view_->utility(*action.offer));
  }
  void propose(const TurnState&, Outcome& offer) override {
    update();
    view_->index().outcome(view_->index().nearest(target_), offer);
  }
  Response respond(const TurnState&, const Outcome& standing_offer) override {
    update();
    const double next = view_->index().utility(view_->index().nearest(target_));
    return view_->utility(standing_offer) >= next ? Response::accept : Response::reject;
  }

 private:
  void update() {
    // One reciprocation per opponent offer received since the last update.
    for (; used_ < received_.size(); ++used_) {
      if (used_ < delta_) continue;
      const double newer = received_[used_], older = received_[used_ - delta_];
      if (mode_ == TitForTatMode::absolute) {
        target_ -= newer - older;
      } else if (newer > 0.0 && older > 0.0) {
        target_ *= older / newer;
      }
      target_ = std::clamp(target_, range_.min, range_.max);
    }
  }
  TitForTatMode mode_;
  std::size_t delta_;
  const PartyView* view_ = nullptr;
  ConcessionRange range_;
  double target_ = 1.0;
  std::vector<double> received_;
  std::size_t used_ = 0;
};

class RandomAgent final : public Negotiator {
 public:
  explicit RandomAgent(double p_accept) : p_accept_(p_accept) {}
  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    random_.seed(info.seed);
    band_ = view.index().range(view.reservation_value(), view.index().max_utility());
    if (band_.first >= band_.second) band_ = {0, view.index().size()};
  }
  void propose(const TurnState&, Outcome& offer) override {
    const std::size_t count = band_.second - band_.first;
    view_->index().outcome(band_.first + random_() % count, offer);
  }
  Response respond(const TurnState&, const Outcome& standing_offer) override {
    const bool rational = view_->utility(standing_offer) >= view_->reservation_value();
    return rational && unit_random(random_()) < p_accept_ ? Response::accept : Response::reject;
  }

 private:
  double p_accept_;
  const PartyView* view_ = nullptr;
  std::mt19937_64 random_;
  std::pair<std::size_t, std::size_t> band_;
};

// Concedes along a time-dependent curve from its best package towards its own utility at the
// estimated Nash point (product of its gain and the modelled opponents' utilities, over up to
// 256 evenly spread rational packages), offering in a band above the target the package the
// opponents' frequency models rate highest; accepts what is worth its next bid.
class NashSeekerAgent final : public Negotiator {
 public:
  explicit NashSeekerAgent(double e) : e_(e) {}
  void start(const PartyView& view, const SessionInfo&) override {
    view_ = &view;
    range_.from(view);
    models_.reset(view);
  }
  void observe(const ObservedAction& action) override { models_.observe(action); }
  void propose(const TurnState& state, Outcome& offer) override {
    view_->index().outcome(next_bid(state.time), offer);
  }
  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    const double next = view_->index().utility(next_bid(state.time));
    return view_->utility(standing_offer) >= next ? Response::accept : Response::reject;
  }

 private:
  double estimated_nash_utility() {
    const auto& index = view_->index();
    if (models_.empty()) return range_.min;
    const double r = view_->reservation_value();
    double best = -1.0, best_utility = range_.min;
    const auto [first, last] = index.range(range_.min, range_.max);
    const std::size_t count = last - first, samples = std::min<std::size_t>(count, 256);
    for (std::size_t s = 0; s < samples; ++s) {
      const std::size_t entry = samples == 1 ? first : first + (count - 1) * s / (samples - 1);
      index.outcome(entry, scratch_);
      const double value = (index.utility(entry) - r) * models_.product(scratch_);
      if (value > best) {
        best = value;
        best_utility = index.utility(entry);
      }
    }
    return std::max(best_utility, range_.min);
  }
  std::size_t next_bid(double t) {
    const double floor = estimated_nash_utility();
    ConcessionRange towards_nash{range_.max, floor};
    const double target = time_dependent_target(towards_nash, e_, 0.0, t);
    const double band = 0.02 * (range_.max - range_.min);
    return best_in_band(view_->index(), target, target + band, 32, [this](std::size_t entry) {
      view_->index().outcome(entry, scratch_);
      return models_.mean(scratch_);
    });
  }
  double e_;
  const PartyView* view_ = nullptr;
  ConcessionRange range_;
  OpponentModels models_;
  Outcome scratch_;
};

// ---- BOA components (Baarslag, Hindriks, Hendrikx, Dirkzwager & Jonker 2014).

class Bidding {
 public:
  virtual ~Bidding() = default;
  virtual double target(const ConcessionRange& range, double t) const = 0;
};
class TimeDependentBidding final : public Bidding {
 public:
  explicit TimeDependentBidding(double e) : e_(e) {}
  double target(const ConcessionRange& range, double t) const override {
    return time_dependent_target(range, e_, 0.0, t);
  }

 private:
  double e_;
};

// Acceptance conditions of Baarslag et al. 2012.
class Acceptance {
 public:
  virtual ~Acceptance() = default;
  virtual bool accept(double offered, double next_bid, double t) const = 0;
};
class AcceptNext final : public Acceptance {  // AC_next(a, b): a*u(offer) + b >= u(next bid)
 public:
  AcceptNext(double a, double b) : a_(a), b_(b) {}
  bool accept(double offered, double next_bid, double) const override {
    return a_ * offered + b_ >= next_bid;
  }

 private:
  double a_, b_;
};
class AcceptConstant final : public Acceptance {  // AC_const(c): u(offer) >= c
 public:
  explicit AcceptConstant(double c) : c_(c) {}
  bool accept(double offered, double, double) const override { return offered >= c_; }

 private:
  double c_;
};
class AcceptTime final : public Acceptance {  // AC_time(T): t >= T
 public:
  explicit AcceptTime(double t) : t_(t) {}
  bool accept(double, double, double t) const override { return t >= t_; }

 private:
  double t_;
};
class AcceptCombination final : public Acceptance {
 public:
  AcceptCombination(bool both, std::unique_ptr<Acceptance> first,
                    std::unique_ptr<Acceptance> second)
      : both_(both), first_(std::move(first)), second_(std::move(second)) {}
  bool accept(double offered, double next_bid, double t) const override {
    const bool a = first_->accept(offered, next_bid, t);
    const bool b = second_->accept(offered, next_bid, t);
    return both_ ? a && b : a || b;
  }

 private:
  bool both_;
  std::unique_ptr<Acceptance> first_, second_;
};

std::unique_ptr<Acceptance> make_acceptance(const AgentSpec& spec) {
  if (spec.name == "ac_next")
    return std::make_unique<AcceptNext>(spec.number("a"), spec.number("b"));
  if (spec.name == "ac_const") return std::make_unique<AcceptConstant>(spec.number("c"));
  if (spec.name == "ac_time") return std::make_unique<AcceptTime>(spec.number("t"));
  if (spec.name == "ac_and" || spec.name == "ac_or")
    return std::make_unique<AcceptCombination>(spec.name == "ac_and",
                                               make_acceptance(spec.component("first")),
                                               make_acceptance(spec.component("second")));
  throw std::invalid_argument("unknown acceptance strategy " + spec.name);
}

class BoaAgent final : public Negotiator {
 public:
  BoaAgent(std::unique_ptr<Bidding> bidding, std::unique_ptr<Acceptance> acceptance, bool use_model)
      : bidding_(std::move(bidding)), acceptance_(std::move(acceptance)), use_model_(use_model) {}
  void start(const PartyView& view, const SessionInfo&) override {
    view_ = &view;
    range_.from(view);
    models_.reset(view);
  }
  void observe(const ObservedAction& action) override {
    if (use_model_) models_.observe(action);
  }
  void propose(const TurnState& state, Outcome& offer) override {
    view_->index().outcome(next_bid(state.time), offer);
  }
  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    const double next = view_->index().utility(next_bid(state.time));
    return acceptance_->accept(view_->utility(standing_offer), next, state.time) ? Response::accept
                                                                                 : Response::reject;
  }

 private:
  std::size_t next_bid(double t) {
    const double target = bidding_->target(range_, t);
    if (!use_model_ || models_.empty()) return view_->index().nearest(target);
    // With a model: in a band just above the target, the package the opponents like most.
    const double band = 0.02 * (range_.max - range_.min);
    return best_in_band(view_->index(), target, target + band, 32, [this](std::size_t entry) {
      view_->index().outcome(entry, scratch_);
      return models_.mean(scratch_);
    });
  }
  std::unique_ptr<Bidding> bidding_;
  std::unique_ptr<Acceptance> acceptance_;
  bool use_model_;
  const PartyView* view_ = nullptr;
  ConcessionRange range_;
  OpponentModels models_;
  Outcome scratch_;
};

}  // namespace

std::unique_ptr<Negotiator> make_time_dependent(double e) {
  return std::make_unique<TimeDependentAgent>(e);
}
std::unique_ptr<Negotiator> make_tit_for_tat(TitForTatMode mode, std::size_t delta) {
  return std::make_unique<TitForTatAgent>(mode, delta);
}
std::unique_ptr<Negotiator> make_random(double p_accept) {
  return std::make_unique<RandomAgent>(p_accept);
}
std::unique_ptr<Negotiator> make_nash_seeker(double e) {
  return std::make_unique<NashSeekerAgent>(e);
}
std::unique_ptr<Negotiator> make_boa(const AgentSpec& bidding, const AgentSpec& acceptance,
                                     const AgentSpec& model) {
  if (bidding.name != "time_dependent")
    throw std::invalid_argument("unknown bidding strategy " + bidding.name);
  return std::make_unique<BoaAgent>(std::make_unique<TimeDependentBidding>(bidding.number("e")),
                                    make_acceptance(acceptance), model.name == "frequency");
}

}  // namespace parley::agents
