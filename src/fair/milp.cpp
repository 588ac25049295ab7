// The MILP model a fair-division method builds; solved by solve_milp (milp_solver.hpp).
#include "fair_internal.hpp"

namespace parley::fair::detail {

int Milp::add_column(double lower, double upper, double objective, bool integer) {
  model_.lower.push_back(lower);
  model_.upper.push_back(upper);
  model_.objective.push_back(objective);
  model_.integer.push_back(integer ? 1 : 0);
  return static_cast<int>(model_.lower.size() - 1);
}

void Milp::add_row(std::vector<int> columns, std::vector<double> coefficients, char sense,
                   double rhs) {
  model_.rows.push_back(MilpModel::Row{std::move(columns), std::move(coefficients), sense, rhs});
}

std::size_t Milp::nonzero_count() const noexcept {
  std::size_t count = 0;
  for (const auto& row : model_.rows) count += row.columns.size();
  return count;
}

}  // namespace parley::fair::detail
