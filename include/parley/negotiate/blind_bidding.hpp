// Blind bidding on one numeric issue between two sides (Cybersettle, Smartsettle ONE; issue 20 of
// the mediation service; docs/mechanisms.md).
//
// The low side wants a small value (it pays: an insurer, a buyer), the high side a large one (it
// receives: a claimant, a seller), on a range [lower, upper]. In each round each side places a
// secret bid, and may also move its visible proposal:
//  - the low side's secret bid is the most it accepts, its visible proposal what it asks for
//    openly: lower <= visible <= secret <= upper;
//  - the high side's secret bid is the least it accepts: lower <= secret <= visible <= upper.
// Bids only concede: a side's secret bid and visible proposal never move away from the other side
// from one round to the next (the low side's never go down, the high side's never up).
//
// When a round closes with both secret bids placed and they cross (low's secret >= high's
// secret), the sides settle at the midpoint of the two secret bids. Otherwise nothing is revealed
// but that the round ended without settlement: what either side (or the mediator) learns from a
// round without settlement is the same whatever the secret bids were (tested over random pairs).
//
// After the last round without settlement, the optional Expert Neutral Deal-closer (Smartsettle's
// END, published at smartsettle.com/end): the neutral is shown "a range of values that covers the
// two last secret bids and extends an equal distance beyond each of them to include the nearest
// visible proposal": with e = min(low secret - low visible, high visible - high secret), the range
// [low secret - e, high secret + e], listed at the rules' step. Smartsettle's example: visible 49
// and 60, secret 51 and 57, e = min(2, 3) = 2, the range 49...59. The neutral names the value it
// judges fair, without seeing the bids; the settlement is the last secret bid of the side closest
// to it (a tie: the midpoint of the two secret bids), which rewards the side whose last bid was
// fairer without naming a loser.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace parley {

struct BlindBiddingRules {
  double lower = 0.0, upper = 100.0;  // the negotiating range (lower < upper, finite)
  std::size_t rounds = 3;             // rounds at most (>= 1)
  double step = 1.0;                  // the neutral range's listing step (> 0)
};

enum class BlindSide { low, high };
const char* to_string(BlindSide side) noexcept;  // "low", "high"

struct BlindBid {
  double secret = 0.0;
  std::optional<double> visible;  // empty: the visible proposal stays (the range's end at first)
};

struct BlindRoundResult {
  std::size_t round = 0;  // 1-based
  bool settled = false;
  std::optional<double> value;  // the settlement
};

// The neutral's view: the values it is shown (from, from + step, ..., to).
struct NeutralRange {
  double from = 0.0, to = 0.0;
  std::vector<double> values;
};

class BlindBidding {
 public:
  // Throws InputError (field "rules.lower", "rules.rounds", ...) for rules that cannot work.
  explicit BlindBidding(BlindBiddingRules rules);

  // Places a side's bid for the current round (replacing one already placed this round). Throws
  // InputError naming the field ("secret", "visible") when the bid leaves the range, puts the
  // visible proposal on the wrong side of the secret bid, or retreats from the side's previous
  // round; StateError-like InputError ("round") when the bidding is over.
  void bid(BlindSide side, const BlindBid& bid);
  bool placed(BlindSide side) const noexcept;

  // Closes the current round: both sides must have bid (else InputError, field "round").
  BlindRoundResult close_round();

  std::size_t round() const noexcept { return round_; }  // the current round, 1-based
  bool finished() const noexcept { return settlement_.has_value() || round_ > rules_.rounds; }
  const std::optional<double>& settlement() const noexcept { return settlement_; }
  // The visible proposals (public: both sides and the mediator see them).
  double visible(BlindSide side) const noexcept;
  // What anyone may be told about the rounds closed so far: one line per round ("round 1: no
  // settlement", "round 2: settled at 54"). Never a secret bid.
  std::vector<std::string> public_log() const;

  // After the last round without settlement: the neutral's view (InputError before).
  NeutralRange neutral_range() const;
  // The END settlement for the value the neutral judges fair (within the neutral range).
  double neutral_settlement(double fair) const;

  const BlindBiddingRules& rules() const noexcept { return rules_; }

 private:
  struct Side {
    std::optional<double> secret, last_secret;  // this round's, the previous round's
    double visible = 0.0, last_visible = 0.0;   // the same for the visible proposal
    bool placed = false;
  };
  Side& side(BlindSide s) noexcept { return s == BlindSide::low ? low_ : high_; }
  const Side& side(BlindSide s) const noexcept { return s == BlindSide::low ? low_ : high_; }

  BlindBiddingRules rules_;
  Side low_, high_;
  std::size_t round_ = 1;
  std::optional<double> settlement_;
  std::vector<BlindRoundResult> results_;
};

}  // namespace parley
