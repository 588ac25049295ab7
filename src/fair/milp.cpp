// CBC's C interface behind a small value-type model, so that callers never hold a solver handle.
#include <Cbc_C_Interface.h>

#include <memory>
#include <mutex>

#include "fair_internal.hpp"

namespace parley::fair::detail {

int Milp::add_column(double lower, double upper, double objective, bool integer) {
  lower_.push_back(lower);
  upper_.push_back(upper);
  objective_.push_back(objective);
  integer_.push_back(integer ? 1 : 0);
  return static_cast<int>(lower_.size() - 1);
}

void Milp::add_row(std::vector<int> columns, std::vector<double> coefficients, char sense,
                   double rhs) {
  rows_.push_back(Row{std::move(columns), std::move(coefficients), sense, rhs});
}

std::size_t Milp::nonzero_count() const noexcept {
  std::size_t count = 0;
  for (const auto& row : rows_) count += row.columns.size();
  return count;
}

Milp::Solution Milp::solve(int node_limit) const {
  // CbcMain1 (behind Cbc_solve) keeps static parameter tables in CBC 2.10: concurrent solves from
  // several threads are not safe, so they are serialised here.
  static std::mutex cbc_mutex;
  std::lock_guard<std::mutex> lock(cbc_mutex);

  std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), Cbc_deleteModel);
  for (std::size_t c = 0; c < lower_.size(); ++c)
    Cbc_addCol(model.get(), "", lower_[c], upper_[c], objective_[c], integer_[c], 0, nullptr,
               nullptr);
  for (const auto& row : rows_)
    Cbc_addRow(model.get(), "", static_cast<int>(row.columns.size()), row.columns.data(),
               row.coefficients.data(), row.sense, row.rhs);
  Cbc_setObjSense(model.get(), maximise_ ? -1.0 : 1.0);
  Cbc_setLogLevel(model.get(), 0);
  Cbc_setAllowableGap(model.get(), 1e-10);
  Cbc_setAllowableFractionGap(model.get(), 1e-12);
  Cbc_setParameter(model.get(), "threads", "0");
  if (node_limit > 0) Cbc_setMaximumNodes(model.get(), node_limit);
  Cbc_solve(model.get());

  Solution solution;
  solution.optimal = Cbc_isProvenOptimal(model.get()) != 0;
  solution.node_limit_reached = Cbc_isNodeLimitReached(model.get()) != 0;
  const double* values = Cbc_getColSolution(model.get());
  if (values != nullptr) solution.values.assign(values, values + lower_.size());
  solution.objective = Cbc_getObjValue(model.get());
  return solution;
}

}  // namespace parley::fair::detail
