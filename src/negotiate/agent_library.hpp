// Internal: the agent classes behind the registry (include/parley/agents.hpp documents them).
#pragma once

#include <memory>

#include "parley/agents.hpp"

namespace parley::agents {

// Time-dependent tactic (genius-format.md section 6); e == 0 is the Hardliner.
std::unique_ptr<Negotiator> make_time_dependent(double e);
enum class TitForTatMode { relative, absolute };
std::unique_ptr<Negotiator> make_tit_for_tat(TitForTatMode mode, std::size_t delta);
std::unique_ptr<Negotiator> make_random(double p_accept);
std::unique_ptr<Negotiator> make_nash_seeker(double e);
// BOA: components given as specs of the bidding / acceptance / opponent-model roles.
std::unique_ptr<Negotiator> make_boa(const AgentSpec& bidding, const AgentSpec& acceptance,
                                     const AgentSpec& model);

// Uniform double in [0,1) from 53 random bits (the same on every standard library).
double unit_random(std::uint64_t bits) noexcept;

}  // namespace parley::agents
