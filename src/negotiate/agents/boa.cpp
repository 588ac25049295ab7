// boa: the BOA architecture (Baarslag, Hindriks, Hendrikx, Dirkzwager & Jonker 2014), an agent
// composed of a bidding strategy, an acceptance condition and an opponent model, each built from
// its own component table (boa_components.cpp).
#include <memory>

#include "library.hpp"

namespace parley::agents {
namespace {

class BoaAgent final : public Negotiator {
 public:
  BoaAgent(std::unique_ptr<Bidding> bidding, std::unique_ptr<Acceptance> acceptance,
           std::unique_ptr<OpponentModel> model)
      : bidding_(std::move(bidding)),
        acceptance_(std::move(acceptance)),
        model_(std::move(model)) {}
  void start(const PartyView& view, const SessionInfo&) override {
    view_ = &view;
    range_.from(view);
    if (model_) model_->reset(view);
  }
  void observe(const ObservedAction& action) override {
    if (model_) model_->observe(action);
  }
  std::optional<double> opponent_estimate(std::size_t seat, const Outcome& outcome) const override {
    const PartyModel* model = model_ ? model_->model(seat) : nullptr;
    return model ? std::optional<double>(model->estimate(outcome)) : std::nullopt;
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
    if (!model_ || model_->empty()) return view_->index().nearest(target);
    // With a model: in a band just above the target, the package the opponents like most.
    const double band = 0.02 * (range_.max - range_.min);
    return best_in_band(view_->index(), target, target + band, 32, [this](std::size_t entry) {
      view_->index().outcome(entry, scratch_);
      return model_->mean(scratch_);
    });
  }
  std::unique_ptr<Bidding> bidding_;
  std::unique_ptr<Acceptance> acceptance_;
  std::unique_ptr<OpponentModel> model_;
  const PartyView* view_ = nullptr;
  ConcessionRange range_;
  Outcome scratch_;
};

}  // namespace

AgentRow boa_row() {
  return {
      {"boa",
       AgentRole::agent,
       "composable agent: bidding, acceptance and opponent model",
       "Baarslag, Hindriks, Hendrikx, Dirkzwager & Jonker 2014, Decoupling negotiating "
       "agents to explore the space of negotiation strategies",
       {component_parameter("bidding", AgentRole::bidding, "time_dependent", "bidding strategy"),
        component_parameter("acceptance", AgentRole::acceptance, "ac_next", "acceptance strategy"),
        component_parameter("model", AgentRole::opponent_model, "frequency", "opponent model")}},
      [](const AgentSpec& spec) {
        return std::make_unique<BoaAgent>(make_bidding(spec.component("bidding")),
                                          make_acceptance(spec.component("acceptance")),
                                          make_opponent_model(spec.component("model")));
      }};
}

}  // namespace parley::agents
