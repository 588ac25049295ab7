# Analysis: the Pareto frontier (method dispatch, enumeration, linear-additive DP, anytime search,
# hypervolume, the synthetic scenario generator), then the zone of agreement, the bargaining
# solutions, indicators, explanations, the report and the plot.
parley_add_area(analysis
  DEPENDS model
  SOURCES
    frontier.cpp
    frontier_enumerate.cpp
    frontier_linear_dp.cpp
    frontier_search.cpp
    hypervolume.cpp
    synthetic.cpp
    zone.cpp
    solutions.cpp
    explain.cpp
    report_model.cpp
    report.cpp
    report_json.cpp
    brief.cpp
    plot.cpp
    improvements.cpp
    quorum.cpp
  PRIVATE_LIBS fmt::fmt-header-only nlohmann_json::nlohmann_json parley_rapidjson)
parley_uses_rapidjson(src/analysis/report_json.cpp)
