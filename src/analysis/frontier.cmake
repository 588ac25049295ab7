# The Pareto frontier: method dispatch, enumeration, linear-additive DP, anytime search,
# hypervolume, and the synthetic scenario generator used by tests and benchmarks.
target_sources(parley_core PRIVATE
  src/analysis/frontier.cpp
  src/analysis/frontier_enumerate.cpp
  src/analysis/frontier_linear_dp.cpp
  src/analysis/frontier_search.cpp
  src/analysis/hypervolume.cpp
  src/analysis/synthetic.cpp
)
