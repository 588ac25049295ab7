// Imitative tactics (Faratin, Sierra & Jennings 1998, section 4.3), on aggregate own utility:
// relative_tit_for_tat and absolute_tit_for_tat.
#include <algorithm>
#include <deque>
#include <memory>

#include "library.hpp"

namespace parley::agents {
namespace {

enum class TitForTatMode { relative, absolute };

// With u_k my utility of the opponent's k-th offer, after the opponent moved from u_{k-delta}
// to u_k, absolute: target -= (u_k - u_{k-delta}); relative: target *= u_{k-delta} / u_k.
class TitForTatAgent final : public Negotiator {
 public:
  TitForTatAgent(TitForTatMode mode, std::size_t delta) : mode_(mode), delta_(delta) {}
  void start(const PartyView& view, const SessionInfo&) override {
    view_ = &view;
    range_.from(view);
    target_ = range_.max;
    received_.clear();
    first_ = 0;
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
    for (; used_ < first_ + received_.size(); ++used_) {
      if (used_ < delta_) continue;
      const double newer = received_[used_ - first_], older = received_[used_ - delta_ - first_];
      if (mode_ == TitForTatMode::absolute) {
        target_ -= newer - older;
      } else if (newer > 0.0 && older > 0.0) {
        target_ *= older / newer;
      }
      target_ = std::clamp(target_, range_.min, range_.max);
    }
    // Only the last delta offers are compared again: memory stays flat in sessions without a
    // round limit.
    for (; used_ > first_ + delta_; ++first_) received_.pop_front();
  }
  TitForTatMode mode_;
  std::size_t delta_;
  const PartyView* view_ = nullptr;
  ConcessionRange range_;
  double target_ = 1.0;
  std::deque<double> received_;  // my utility of opponent offers first_, first_ + 1, ...
  std::size_t first_ = 0;
  std::size_t used_ = 0;  // offers reciprocated so far
};

const char* kImitative = "Faratin, Sierra & Jennings 1998, imitative tactics (section 4.3)";

AgentRow tit_for_tat_row(const char* name, const char* summary, TitForTatMode mode) {
  return {{name,
           AgentRole::agent,
           summary,
           kImitative,
           {number_parameter("delta", 1, 1, 1000, "offers between the compared opponent offers",
                             false, false, true)}},
          [mode](const AgentSpec& spec) {
            return std::make_unique<TitForTatAgent>(mode,
                                                    static_cast<std::size_t>(spec.number("delta")));
          }};
}

}  // namespace

AgentRow relative_tit_for_tat_row() {
  return tit_for_tat_row("relative_tit_for_tat",
                         "reciprocates the opponent's concession in proportion",
                         TitForTatMode::relative);
}

AgentRow absolute_tit_for_tat_row() {
  return tit_for_tat_row("absolute_tit_for_tat",
                         "reciprocates the opponent's concession in absolute utility",
                         TitForTatMode::absolute);
}

}  // namespace parley::agents
