// The BOA components: the time-dependent bidding strategy, the acceptance conditions of
// Baarslag, Hindriks & Jonker 2012 ("Acceptance conditions in automated negotiation") and the
// opponent models. Each is one row of its role's table (library.cpp).
#include <memory>

#include "library.hpp"

namespace parley::agents {
namespace {

class TimeDependentBidding final : public Bidding {
 public:
  explicit TimeDependentBidding(double e) : e_(e) {}
  double target(const ConcessionRange& range, double t) const override {
    return time_dependent_target(range, e_, 0.0, t);
  }

 private:
  double e_;
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

const char* kAcceptance =
    "Baarslag, Hindriks & Jonker 2012, Acceptance conditions in automated negotiation";

ComponentRow<Acceptance> combination_row(const char* name, const char* summary, bool both,
                                         const char* second_default) {
  return {
      {name,
       AgentRole::acceptance,
       summary,
       kAcceptance,
       {component_parameter("first", AgentRole::acceptance, "ac_next", "first condition"),
        component_parameter("second", AgentRole::acceptance, second_default, "second condition")}},
      [both](const AgentSpec& spec) -> std::unique_ptr<Acceptance> {
        return std::make_unique<AcceptCombination>(both, make_acceptance(spec.component("first")),
                                                   make_acceptance(spec.component("second")));
      }};
}

}  // namespace

ComponentRow<Bidding> time_dependent_bidding_row() {
  return {{"time_dependent",
           AgentRole::bidding,
           "offers near the time-dependent target",
           kFaratin,
           {number_parameter("e", 1, 0, 1000, kConcessionExponent)}},
          [](const AgentSpec& spec) -> std::unique_ptr<Bidding> {
            return std::make_unique<TimeDependentBidding>(spec.number("e"));
          }};
}

ComponentRow<Acceptance> ac_next_row() {
  return {{"ac_next",
           AgentRole::acceptance,
           "accept when a*u(offer) + b >= u(my next bid)",
           kAcceptance,
           {number_parameter("a", 1, 0, 100, "scale"), number_parameter("b", 0, -1, 1, "offset")}},
          [](const AgentSpec& spec) -> std::unique_ptr<Acceptance> {
            return std::make_unique<AcceptNext>(spec.number("a"), spec.number("b"));
          }};
}

ComponentRow<Acceptance> ac_const_row() {
  return {{"ac_const",
           AgentRole::acceptance,
           "accept when u(offer) >= c",
           kAcceptance,
           {number_parameter("c", 0.9, 0, 1, "threshold")}},
          [](const AgentSpec& spec) -> std::unique_ptr<Acceptance> {
            return std::make_unique<AcceptConstant>(spec.number("c"));
          }};
}

ComponentRow<Acceptance> ac_time_row() {
  return {{"ac_time",
           AgentRole::acceptance,
           "accept anything from time t on",
           kAcceptance,
           {number_parameter("t", 0.99, 0, 1, "normalised time")}},
          [](const AgentSpec& spec) -> std::unique_ptr<Acceptance> {
            return std::make_unique<AcceptTime>(spec.number("t"));
          }};
}

ComponentRow<Acceptance> ac_and_row() {
  return combination_row("ac_and", "accept when both conditions accept", true, "ac_const");
}

ComponentRow<Acceptance> ac_or_row() {
  return combination_row("ac_or", "accept when either condition accepts", false, "ac_time");
}

ComponentRow<OpponentModel> frequency_row() {
  return {{"frequency",
           AgentRole::opponent_model,
           "value-frequency opponent model",
           "van Krimpen, Looije & Hajizadeh 2013 (HardHeaded)",
           {}},
          [](const AgentSpec&) { return std::make_unique<OpponentModel>(); }};
}

ComponentRow<OpponentModel> no_model_row() {
  return {{"no_model", AgentRole::opponent_model, "no opponent model", "-", {}},
          [](const AgentSpec&) { return std::unique_ptr<OpponentModel>(); }};
}

}  // namespace parley::agents
