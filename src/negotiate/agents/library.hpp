// Internal: the rows of the agent registry. Each agent family lives in its own file here and
// returns its rows (catalogue entry + factory); library.cpp lists them in one table per role.
// Adding an agent = one new file defining `..._row()` + its declaration below + one line in the
// table (no static-initialisation registration: static libraries would drop it).
#pragma once

#include <memory>
#include <vector>

#include "common.hpp"

namespace parley::agents {

// BOA components (boa_components.cpp): the interfaces the composable agent is built from.
class Bidding {
 public:
  virtual ~Bidding() = default;
  virtual double target(const ConcessionRange& range, double t) const = 0;
};
class Acceptance {
 public:
  virtual ~Acceptance() = default;
  virtual bool accept(double offered, double next_bid, double t) const = 0;
};
// Opponent model component: a model of every other party, or none (a null pointer).
using OpponentModel = OpponentModels;

// time_dependent.cpp
AgentRow boulware_row();
AgentRow linear_row();
AgentRow conceder_row();
AgentRow hardliner_row();
// tit_for_tat.cpp
AgentRow relative_tit_for_tat_row();
AgentRow absolute_tit_for_tat_row();
// random.cpp
AgentRow random_row();
// nash_seeker.cpp
AgentRow nash_seeker_row();
// boa.cpp
AgentRow boa_row();
// boa_components.cpp
ComponentRow<Bidding> time_dependent_bidding_row();
ComponentRow<Acceptance> ac_next_row();
ComponentRow<Acceptance> ac_const_row();
ComponentRow<Acceptance> ac_time_row();
ComponentRow<Acceptance> ac_and_row();
ComponentRow<Acceptance> ac_or_row();
ComponentRow<OpponentModel> frequency_row();
ComponentRow<OpponentModel> no_model_row();

// The ANAC champions, one file each (docs/agents.md cites each paper and the choices made).
AgentRow agentk_row();               // agentk.cpp
AgentRow hardheaded_row();           // hardheaded.cpp
AgentRow cuhkagent_row();            // cuhkagent.cpp
AgentRow agentm_row();               // agentm.cpp
AgentRow atlas3_row();               // atlas3.cpp
AgentRow ponpoko_row();              // ponpoko.cpp
AgentRow agreeable_agent2018_row();  // agreeable2018.cpp
AgentRow agentgg_row();              // agentgg.cpp
AgentRow micro_row();                // micro.cpp
// Opponent models beyond the frequency model, as BOA components.
ComponentRow<OpponentModel> bayesian_row();           // party_models.cpp
ComponentRow<OpponentModel> scalable_bayesian_row();  // party_models.cpp
ComponentRow<OpponentModel> cuhk_model_row();         // cuhkagent.cpp
ComponentRow<OpponentModel> atlas3_model_row();       // atlas3.cpp

// library.cpp: the tables, in catalogue order.
const std::vector<AgentRow>& agent_rows();
const std::vector<ComponentRow<Bidding>>& bidding_rows();
const std::vector<ComponentRow<Acceptance>>& acceptance_rows();
const std::vector<ComponentRow<OpponentModel>>& opponent_model_rows();

// Builds a component from its table (the spec was parsed against the catalogue, so its name is
// a row of the table).
std::unique_ptr<Bidding> make_bidding(const AgentSpec& spec);
std::unique_ptr<Acceptance> make_acceptance(const AgentSpec& spec);
std::unique_ptr<OpponentModel> make_opponent_model(const AgentSpec& spec);

}  // namespace parley::agents
