# Robust compromise: the parties' uncertain preferences (laws, draws, ranges, exact acceptance),
# the candidates of large spaces (Pareto frontiers of the analysis area), the analysis passes and recommendations, the sensitivity of the nominal Nash package, the
# questions to ask next, and the report (docs/robust.md).
parley_add_area(robust
  DEPENDS model analysis
  SOURCES
    robust_laws.cpp
    robust.cpp
    robust_sensitivity.cpp
    robust_elicitation.cpp
    robust_candidates.cpp
    robust_report.cpp
  PRIVATE_LIBS Threads::Threads nlohmann_json::nlohmann_json)
