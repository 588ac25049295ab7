// Internal: the formulas of AgentK (Kawaguchi, Fujita & Ito 2012, agentk.cpp), pure functions so
// that a test can check them at given inputs. Utilities are on the agent's own scale, `top` being
// its best utility (1 in the paper, whose profiles are normalised).
#pragma once

#include <algorithm>
#include <cmath>

namespace parley::agents::agentk {

// The paper's "tremor" constant of the compromise speed.
inline constexpr double kTremor = 2.0;
// How far beyond the spread of the opponent's offers the agent may compromise (ratio(t)).
inline constexpr double kCompromiseMargin = 0.1;
// ratio(t) never lets the agent concede more than twice the way to emax(t).
inline constexpr double kMaxRatio = 2.0;

// d(t): the width of the opponent's offered utilities, read as a uniform distribution with their
// variance (width = sqrt(12 variance)), at most 1.
inline double width(double variance) {
  return std::min(1.0, std::sqrt(12.0 * std::max(0.0, variance)));
}

// emax(t) = mu(t) + (top - mu(t)) d(t): the estimated maximum utility the opponent will offer.
inline double estimated_max(double mean, double variance, double top = 1.0) {
  return mean + (top - mean) * width(variance);
}

// alpha(t) = 1 + tremor + 10 mu(t) - 2 tremor mu(t): the agent concedes more slowly the better
// the opponent's offers already are.
inline double alpha(double mean, double tremor = kTremor) {
  return 1.0 + tremor + 10.0 * mean - 2.0 * tremor * mean;
}

// target(t) = top - ratio(t) (top - emax(t)) t^alpha(t), where ratio(t) = (d(t) + 0.1) /
// (top - emax(t)), at most 2: the basic target top - (top - emax) t^alpha, with the concession
// limited to d(t) + 0.1 when the opponent's offers hardly vary (an uncooperative opponent) and
// allowed up to twice the way to emax when they vary widely.
inline double target(double mean, double variance, double t, double top = 1.0,
                     double tremor = kTremor) {
  const double emax = std::min(top, estimated_max(mean, variance, top));
  const double gap = top - emax;
  const double ratio =
      gap > 0.0 ? std::min(kMaxRatio, (width(variance) + kCompromiseMargin) / gap) : kMaxRatio;
  return top - ratio * gap * std::pow(t, alpha(mean, tremor));
}

// The probability of accepting an offer worth `offered` below the target:
// P = t^5 / 5 + (offered - emax(t)) + (offered - target(t)), clamped to [0, 1].
inline double accept_probability(double offered, double emax, double target, double t) {
  const double p = std::pow(t, 5.0) / 5.0 + (offered - emax) + (offered - target);
  return std::clamp(p, 0.0, 1.0);
}

}  // namespace parley::agents::agentk
