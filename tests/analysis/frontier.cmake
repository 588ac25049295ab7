# Frontier tests: unit (brute force, hand cases, properties) and corpus-wide checks.
parley_add_test(parley_frontier_tests unit
  ${CMAKE_CURRENT_LIST_DIR}/frontier_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/frontier_property_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/work_budget_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/work_meter_test.cpp
)
parley_add_test(parley_frontier_corpus_tests corpus
  ${CMAKE_CURRENT_LIST_DIR}/frontier_corpus_test.cpp
)
