// solve_milp through CBC's C interface, so that callers never hold a solver handle. Linked into
// the library (target parley_fair_cbc) and built alone as the CLI's module parley-cbc.so.
#include <Cbc_C_Interface.h>

#include <memory>
#include <mutex>

#include "milp_solver.hpp"

namespace parley::fair::detail {

MilpSolution solve_milp(const MilpModel& milp, int node_limit) {
  // CbcMain1 (behind Cbc_solve) keeps static parameter tables in CBC 2.10: concurrent solves from
  // several threads are not safe, so they are serialised here.
  static std::mutex cbc_mutex;
  std::lock_guard<std::mutex> lock(cbc_mutex);

  std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), Cbc_deleteModel);
  for (std::size_t c = 0; c < milp.lower.size(); ++c)
    Cbc_addCol(model.get(), "", milp.lower[c], milp.upper[c], milp.objective[c], milp.integer[c], 0,
               nullptr, nullptr);
  for (const auto& row : milp.rows)
    Cbc_addRow(model.get(), "", static_cast<int>(row.columns.size()), row.columns.data(),
               row.coefficients.data(), row.sense, row.rhs);
  Cbc_setObjSense(model.get(), milp.maximise ? -1.0 : 1.0);
  Cbc_setLogLevel(model.get(), 0);
  Cbc_setAllowableGap(model.get(), 1e-10);
  Cbc_setAllowableFractionGap(model.get(), 1e-12);
  Cbc_setParameter(model.get(), "threads", "0");
  if (node_limit > 0) Cbc_setMaximumNodes(model.get(), node_limit);
  Cbc_solve(model.get());

  MilpSolution solution;
  solution.optimal = Cbc_isProvenOptimal(model.get()) != 0;
  solution.node_limit_reached = Cbc_isNodeLimitReached(model.get()) != 0;
  const double* values = Cbc_getColSolution(model.get());
  if (values != nullptr) solution.values.assign(values, values + milp.lower.size());
  solution.objective = Cbc_getObjValue(model.get());
  return solution;
}

}  // namespace parley::fair::detail

#ifdef PARLEY_CBC_MODULE
void parley_cbc_solve_milp(const parley::fair::detail::MilpModel* model, int node_limit,
                           parley::fair::detail::MilpSolution* solution) {
  *solution = parley::fair::detail::solve_milp(*model, node_limit);
}
#endif
