// Time-dependent tactics (Faratin, Sierra & Jennings 1998, GENIUS TimeDependentAgent form):
// boulware, linear, conceder and hardliner are one class with different exponents e.
#include <memory>

#include "library.hpp"

namespace parley::agents {
namespace {

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

std::unique_ptr<Negotiator> with_exponent(const AgentSpec& spec) {
  return std::make_unique<TimeDependentAgent>(spec.number("e"));
}

}  // namespace

AgentRow boulware_row() {
  return {{"boulware",
           AgentRole::agent,
           "time-dependent tactic that concedes late",
           kFaratin,
           {number_parameter("e", 0.2, 0, 1, kConcessionExponent, true, true)}},
          with_exponent};
}

AgentRow linear_row() {
  return {{"linear",
           AgentRole::agent,
           "time-dependent tactic that concedes linearly (e = 1)",
           kFaratin,
           {}},
          [](const AgentSpec&) { return std::make_unique<TimeDependentAgent>(1.0); }};
}

AgentRow conceder_row() {
  return {{"conceder",
           AgentRole::agent,
           "time-dependent tactic that concedes early",
           kFaratin,
           {number_parameter("e", 2, 1, 1000, kConcessionExponent, true)}},
          with_exponent};
}

AgentRow hardliner_row() {
  return {{"hardliner", AgentRole::agent, "always offers its best package (e = 0)", kFaratin, {}},
          [](const AgentSpec&) { return std::make_unique<TimeDependentAgent>(0.0); }};
}

}  // namespace parley::agents
