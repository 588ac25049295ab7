// Blind bidding on one numeric issue (include/parley/negotiate/blind_bidding.hpp).
#include "parley/negotiate/blind_bidding.hpp"

#include <cmath>

#include "parley/model/issue.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

[[noreturn]] void refuse(const std::string& field, const std::string& found,
                         const std::string& expected) {
  throw InputError("blind bidding", std::nullopt, field, found, expected);
}

std::string text(double value) { return format_number(value); }

}  // namespace

const char* to_string(BlindSide side) noexcept { return side == BlindSide::low ? "low" : "high"; }

BlindBidding::BlindBidding(BlindBiddingRules rules) : rules_(rules) {
  if (!std::isfinite(rules_.lower) || !std::isfinite(rules_.upper) ||
      !(rules_.lower < rules_.upper))
    refuse("rules.lower", text(rules_.lower) + " to " + text(rules_.upper),
           "a finite range with lower < upper");
  if (rules_.rounds == 0) refuse("rules.rounds", "0", "at least 1 round");
  if (!(rules_.step > 0.0) || !std::isfinite(rules_.step))
    refuse("rules.step", text(rules_.step), "a positive step");
  if ((rules_.upper - rules_.lower) / rules_.step > 1e6)
    refuse("rules.step", text(rules_.step),
           "a step giving at most 1,000,000 values over the range");
  low_.visible = low_.last_visible = rules_.lower;
  high_.visible = high_.last_visible = rules_.upper;
}

void BlindBidding::bid(BlindSide s, const BlindBid& bid) {
  if (finished())
    refuse("round", settlement_ ? "a bid after the settlement" : "a bid after the last round",
           "bids while the bidding is open");
  const std::string who = std::string(to_string(s)) + " side's ";
  if (!std::isfinite(bid.secret) || bid.secret < rules_.lower || bid.secret > rules_.upper)
    refuse(
        "secret", text(bid.secret),
        "a " + who + "secret bid within [" + text(rules_.lower) + ", " + text(rules_.upper) + "]");
  Side& me = side(s);
  const double visible = bid.visible.value_or(me.visible);
  if (!std::isfinite(visible) || visible < rules_.lower || visible > rules_.upper)
    refuse("visible", text(visible),
           "a " + who + "visible proposal within [" + text(rules_.lower) + ", " +
               text(rules_.upper) + "]");
  const bool low = s == BlindSide::low;
  // The visible proposal asks for at least as much as the secret bid concedes.
  if (low ? visible > bid.secret : visible < bid.secret)
    refuse("visible", text(visible) + " with a secret bid of " + text(bid.secret),
           low ? "a visible proposal at most the secret bid (the low side asks for less than "
                 "it accepts)"
               : "a visible proposal at least the secret bid (the high side asks for more than "
                 "it accepts)");
  // Only concessions: never away from the other side.
  if (me.last_secret && (low ? bid.secret < *me.last_secret : bid.secret > *me.last_secret))
    refuse("secret", text(bid.secret) + " after " + text(*me.last_secret),
           low ? "a secret bid at least the previous round's (bids only concede)"
               : "a secret bid at most the previous round's (bids only concede)");
  if (low ? visible < me.last_visible : visible > me.last_visible)
    refuse("visible", text(visible) + " after " + text(me.last_visible),
           low ? "a visible proposal at least the previous one (proposals only concede)"
               : "a visible proposal at most the previous one (proposals only concede)");
  me.secret = bid.secret;
  me.visible = visible;
  me.placed = true;
}

bool BlindBidding::placed(BlindSide s) const noexcept { return side(s).placed; }

double BlindBidding::visible(BlindSide s) const noexcept { return side(s).visible; }

BlindRoundResult BlindBidding::close_round() {
  if (finished()) refuse("round", "closing a round after the bidding ended", "an open round");
  if (!low_.placed || !high_.placed)
    refuse("round",
           std::string("round ") + std::to_string(round_) + " without the " +
               (!low_.placed ? "low" : "high") + " side's bid",
           "both sides' secret bids before the round closes");
  BlindRoundResult result;
  result.round = round_;
  if (*low_.secret >= *high_.secret) {
    result.settled = true;
    result.value = 0.5 * (*low_.secret + *high_.secret);
    settlement_ = result.value;
  }
  for (Side* s : {&low_, &high_}) {
    s->last_secret = s->secret;
    s->last_visible = s->visible;
    s->placed = false;
  }
  results_.push_back(result);
  if (!result.settled) ++round_;
  return result;
}

std::vector<std::string> BlindBidding::public_log() const {
  std::vector<std::string> lines;
  for (const auto& r : results_)
    lines.push_back("round " + std::to_string(r.round) + ": " +
                    (r.settled ? "settled at " + text(*r.value) : "no settlement"));
  return lines;
}

NeutralRange BlindBidding::neutral_range() const {
  if (settlement_ || round_ <= rules_.rounds)
    refuse("round", settlement_ ? "a settled bidding" : "bidding still open",
           "the last round ended without settlement (the neutral's range comes after it)");
  const double low_secret = *low_.last_secret, high_secret = *high_.last_secret;
  const double e = std::min(low_secret - low_.visible, high_.visible - high_secret);
  NeutralRange range;
  range.from = low_secret - e;
  range.to = high_secret + e;
  // The values at the step, counted from the range's start (exact multiples, no accumulation).
  const auto count =
      static_cast<std::size_t>(std::floor((range.to - range.from) / rules_.step + 1e-9));
  for (std::size_t k = 0; k <= count; ++k)
    range.values.push_back(range.from + static_cast<double>(k) * rules_.step);
  return range;
}

double BlindBidding::neutral_settlement(double fair) const {
  const NeutralRange range = neutral_range();
  if (!std::isfinite(fair) || fair < range.from || fair > range.to)
    refuse("fair", text(fair),
           "a value within the neutral's range [" + text(range.from) + ", " + text(range.to) + "]");
  const double low_secret = *low_.last_secret, high_secret = *high_.last_secret;
  const double to_low = std::abs(fair - low_secret), to_high = std::abs(high_secret - fair);
  if (to_low < to_high) return low_secret;
  if (to_high < to_low) return high_secret;
  return 0.5 * (low_secret + high_secret);
}

}  // namespace parley
