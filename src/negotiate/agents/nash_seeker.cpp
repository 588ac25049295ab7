// nash_seeker: concedes towards the Nash point estimated with a frequency opponent model.
#include <algorithm>
#include <memory>

#include "library.hpp"

namespace parley::agents {
namespace {

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
  std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const override {
    const PartyModel* model = models_.model(seat);
    return model ? std::optional<double>(model->estimate(outcome)) : std::nullopt;
  }
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

}  // namespace

AgentRow nash_seeker_row() {
  return {
      {"nash_seeker",
       AgentRole::agent,
       "concedes towards the Nash point estimated with a frequency opponent model",
       "Nash 1950; frequency model after van Krimpen, Looije & Hajizadeh 2013 (HardHeaded)",
       {number_parameter("e", 1, 0, 1000, kConcessionExponent, true)}},
      [](const AgentSpec& spec) { return std::make_unique<NashSeekerAgent>(spec.number("e")); }};
}

}  // namespace parley::agents
