// The registry's tables: one row per library agent and per BOA component, in catalogue order.
#include "library.hpp"

#include <stdexcept>

namespace parley::agents {

const std::vector<AgentRow>& agent_rows() {
  static const std::vector<AgentRow> rows = {
      boulware_row(),
      linear_row(),
      conceder_row(),
      hardliner_row(),
      relative_tit_for_tat_row(),
      absolute_tit_for_tat_row(),
      random_row(),
      nash_seeker_row(),
      boa_row(),
      agentk_row(),
      hardheaded_row(),
      cuhkagent_row(),
      agentm_row(),
      atlas3_row(),
      ponpoko_row(),
      agreeable_agent2018_row(),
      agentgg_row(),
      micro_row(),
  };
  return rows;
}

const std::vector<ComponentRow<Bidding>>& bidding_rows() {
  static const std::vector<ComponentRow<Bidding>> rows = {time_dependent_bidding_row()};
  return rows;
}

const std::vector<ComponentRow<Acceptance>>& acceptance_rows() {
  static const std::vector<ComponentRow<Acceptance>> rows = {
      ac_next_row(), ac_const_row(), ac_time_row(), ac_and_row(), ac_or_row()};
  return rows;
}

const std::vector<ComponentRow<OpponentModel>>& opponent_model_rows() {
  static const std::vector<ComponentRow<OpponentModel>> rows = {
      frequency_row(),  bayesian_row(),     scalable_bayesian_row(),
      cuhk_model_row(), atlas3_model_row(), no_model_row()};
  return rows;
}

namespace {

template <class Component>
std::unique_ptr<Component> make_from(const std::vector<ComponentRow<Component>>& rows,
                                     const AgentSpec& spec) {
  for (const auto& row : rows)
    if (row.info.name == spec.name) return row.make(spec);
  throw std::invalid_argument("unknown " + std::string(to_string(rows.front().info.role)) + " " +
                              spec.name);
}

}  // namespace

std::unique_ptr<Bidding> make_bidding(const AgentSpec& spec) {
  return make_from(bidding_rows(), spec);
}
std::unique_ptr<Acceptance> make_acceptance(const AgentSpec& spec) {
  return make_from(acceptance_rows(), spec);
}
std::unique_ptr<OpponentModel> make_opponent_model(const AgentSpec& spec) {
  return make_from(opponent_model_rows(), spec);
}

}  // namespace parley::agents
