// solve_milp of the command-line tool: CBC's solve_milp (milp_cbc.cpp) built as the module
// parley-cbc.so beside the executable, loaded on the first solve (milp_solver.hpp).
#include "milp_solver.hpp"
#include "parley/support/modules.hpp"

namespace parley::fair::detail {

MilpSolution solve_milp(const MilpModel& model, int node_limit) {
  using Entry = decltype(&parley_cbc_solve_milp);
  // Loaded once, on first use (a function-local static: thread-safe, nothing at start-up).
  static const auto entry = reinterpret_cast<Entry>(module_function(
      "parley-cbc", "parley_cbc_solve_milp",
      "Fair division by a MILP (maximum Nash welfare, leximin, utilitarian, rent: CBC)"));
  MilpSolution solution;
  entry(&model, node_limit, &solution);
  return solution;
}

}  // namespace parley::fair::detail
