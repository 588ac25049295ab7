// The work meter's charges (src/analysis/frontier_internal.hpp) against a model written from its
// documented rule: the work adds up; the cancellation hook is polled whenever the work reaches
// the next poll point (then 2^16 units further on); a charge that leaves the work above the
// allowance throws WorkExceeded naming what was being done. charge() has an inlined common case,
// charge_both() is two charges in one, and quiet_room()/add_quietly() let a caller add what no
// charge would poll or throw for: all must behave exactly as the plain rule says.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/frontier_internal.hpp"

namespace parley {
namespace {

using detail::WorkExceeded;
using detail::WorkMeter;

constexpr std::uint64_t kPollEvery = std::uint64_t{1} << 16;

struct Model {
  std::uint64_t allowance;
  std::uint64_t work = 0;
  std::uint64_t next_poll = kPollEvery;
  int polls = 0;
  void spend(std::uint64_t units) {
    work += units;
    if (work >= next_poll) {
      next_poll = work + kPollEvery;
      ++polls;
    }
  }
  // What a charge throws (the `where` of WorkExceeded), if it does.
  std::optional<std::string> charge(std::uint64_t units, const std::string& where) {
    spend(units);
    if (work > allowance) return where;
    return std::nullopt;
  }
};

struct Step {
  int kind;  // 0 charge, 1 charge_both, 2 add_quietly (up to the quiet room), 3 spend
  std::uint64_t a, b;
};

std::optional<std::string> run_meter(WorkMeter& meter, const Step& step) {
  try {
    if (step.kind == 0) meter.charge(step.a, "first");
    if (step.kind == 1) meter.charge_both(step.a, "first", step.b, "second");
  } catch (const WorkExceeded& e) {
    return e.where;
  }
  return std::nullopt;
}

std::optional<std::string> run_model(Model& model, const Step& step) {
  if (step.kind == 0) return model.charge(step.a, "first");
  if (step.kind == 1) {
    if (auto thrown = model.charge(step.a, "first")) return thrown;
    // A charge of nothing changes nothing (the meter skips it).
    return step.b == 0 ? std::nullopt : model.charge(step.b, "second");
  }
  return std::nullopt;
}

void check_sequence(std::uint64_t allowance, const std::vector<Step>& steps) {
  FrontierOptions options;
  int polls = 0;
  options.cancelled = [&] {
    ++polls;
    return false;
  };
  WorkMeter meter(options, allowance, std::nullopt);
  Model model{allowance};
  for (const auto& step : steps) {
    if (step.kind == 2) {
      // Whatever the quiet room says may be added without a poll or a throw in the model.
      const std::uint64_t room = meter.quiet_room();
      const std::uint64_t units = room == 0 ? 0 : step.a % (room + 1);
      meter.add_quietly(units);
      // (spend() may have left the work past the allowance: then the room is 0.)
      const std::uint64_t poll_point = model.next_poll;
      model.work += units;
      if (units > 0) {
        RC_ASSERT(model.work < poll_point);
        RC_ASSERT(model.work <= allowance);
      }
    } else if (step.kind == 3) {
      meter.spend(step.a);
      model.spend(step.a);
    } else {
      const auto thrown = run_meter(meter, step);
      const auto expected = run_model(model, step);
      RC_ASSERT(thrown == expected);
      if (thrown) {
        RC_ASSERT(meter.work() == model.work);
        RC_ASSERT(polls == model.polls);
        return;
      }
    }
    RC_ASSERT(meter.work() == model.work);
    RC_ASSERT(polls == model.polls);
  }
}

// Units near the poll interval and the allowance are where the common case must give way.
rc::Gen<std::uint64_t> units() {
  return rc::gen::oneOf(rc::gen::inRange<std::uint64_t>(0, 64),
                        rc::gen::inRange<std::uint64_t>(kPollEvery - 8, kPollEvery + 8),
                        rc::gen::inRange<std::uint64_t>(0, 4 * kPollEvery));
}

RC_GTEST_PROP(WorkMeter, ChargesPollAndThrowAsThePlainRuleSays, ()) {
  const auto allowance = *rc::gen::oneOf(rc::gen::inRange<std::uint64_t>(0, 3 * kPollEvery),
                                         rc::gen::just(std::uint64_t{UINT64_MAX}));
  const auto steps = *rc::gen::container<std::vector<Step>>(rc::gen::construct<Step>(
      rc::gen::inRange(0, 4), units(), rc::gen::oneOf(rc::gen::just(std::uint64_t{0}), units())));
  check_sequence(allowance, steps);
}

TEST(WorkMeter, TheAllowanceItselfMayBeSpentButNotOneUnitMore) {
  FrontierOptions options;
  WorkMeter meter(options, 100, std::nullopt);
  meter.charge(60, "a");
  meter.charge_both(30, "b", 10, "c");
  EXPECT_EQ(meter.work(), 100u);
  EXPECT_EQ(meter.quiet_room(), 0u);
  try {
    meter.charge_both(0, "d", 1, "e");
    FAIL() << "a unit past the allowance was accepted";
  } catch (const WorkExceeded& e) {
    EXPECT_EQ(e.where, "e");  // the second of the two charges passed it
  }
}

TEST(WorkMeter, TheQuietRoomEndsOneUnitBeforeThePollPoint) {
  FrontierOptions options;
  int polls = 0;
  options.cancelled = [&] {
    ++polls;
    return false;
  };
  WorkMeter meter(options, UINT64_MAX, std::nullopt);
  EXPECT_EQ(meter.quiet_room(), kPollEvery - 1);
  meter.add_quietly(meter.quiet_room());
  EXPECT_EQ(polls, 0);
  meter.charge(1, "x");  // reaches the poll point
  EXPECT_EQ(polls, 1);
  EXPECT_EQ(meter.quiet_room(), kPollEvery - 1);
}

}  // namespace
}  // namespace parley
