# Bargaining solutions, zone of agreement, indicators, explanations, report and plot.
target_sources(parley_core PRIVATE
  src/analysis/zone.cpp
  src/analysis/solutions.cpp
  src/analysis/explain.cpp
  src/analysis/report.cpp
  src/analysis/plot.cpp
)
