# The frontier algorithms and the solutions/report each keep their own source list.
include(src/analysis/frontier.cmake OPTIONAL)
include(src/analysis/solutions.cmake OPTIONAL)
