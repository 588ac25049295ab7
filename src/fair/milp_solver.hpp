// The solver behind Milp::solve (fair_internal.hpp), apart from the model so that the fair-division
// area does not link CBC itself. Exactly one definition of solve_milp is linked:
//   - milp_cbc.cpp (target parley_fair_cbc): CBC linked in; what parley::core, the Python module
//     and the tests use;
//   - milp_cbc_on_demand.cpp (target parley_fair_cbc_on_demand): the command-line tool's, which
//     loads milp_cbc.cpp built as the module parley-cbc.so on the first solve, so that only
//     `parley divide` with a MILP method ever loads CBC, CLP, CoinUtils and LAPACK.
// Plain data only: the module is built from milp_cbc.cpp alone.
#pragma once

#include <vector>

namespace parley::fair::detail {

struct MilpModel {
  std::vector<double> lower, upper, objective;
  std::vector<char> integer;
  struct Row {
    std::vector<int> columns;
    std::vector<double> coefficients;
    char sense;  // 'L' (<=), 'G' (>=), 'E' (=)
    double rhs;
  };
  std::vector<Row> rows;
  bool maximise = false;
};

struct MilpSolution {
  bool optimal = false;
  bool node_limit_reached = false;
  std::vector<double> values;
  double objective = 0.0;
};

// Deterministic for the same model and node limit (branch-and-bound nodes; 0: no limit).
MilpSolution solve_milp(const MilpModel& model, int node_limit);

}  // namespace parley::fair::detail

// The entry point of the module parley-cbc.so: solve_milp with C linkage, found by dlsym.
extern "C" __attribute__((visibility("default"))) void parley_cbc_solve_milp(
    const parley::fair::detail::MilpModel* model, int node_limit,
    parley::fair::detail::MilpSolution* solution);
