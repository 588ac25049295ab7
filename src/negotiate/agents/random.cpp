// random: uniform random rational offers, accepts rational offers at random (a baseline).
#include <memory>
#include <random>

#include "library.hpp"

namespace parley::agents {
namespace {

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

}  // namespace

AgentRow random_row() {
  return {
      {"random",
       AgentRole::agent,
       "random rational offers, accepts rational offers at random",
       "baseline (NegMAS RandomNegotiator)",
       {number_parameter("p_accept", 0.1, 0, 1, "probability of accepting a rational offer")}},
      [](const AgentSpec& spec) { return std::make_unique<RandomAgent>(spec.number("p_accept")); }};
}

}  // namespace parley::agents
