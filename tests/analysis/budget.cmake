# Work-budget tests (issue 13). The synthetic matrix under the default budget, one source built
# twice: the unit part (one case per shape, every party count, the wall-clock cap, plus the
# generators against their documented recipe) and the heavy
# rest of the matrix (label corpus, several minutes); and the ANAC 2014 folders (corpus). Each
# case is run again under a CPU load and the reports compared byte for byte.
find_package(nlohmann_json 3 REQUIRED)
foreach(part unit heavy)
  if(part STREQUAL "unit")
    set(name parley_budget_matrix_tests)
    set(label unit)
    set(heavy 0)
  else()
    set(name parley_budget_matrix_heavy_tests)
    set(label corpus)
    set(heavy 1)
  endif()
  set(sources ${CMAKE_CURRENT_LIST_DIR}/budget_matrix_test.cpp)
  if(part STREQUAL "unit")
    list(APPEND sources ${CMAKE_CURRENT_LIST_DIR}/budget_synthetic_test.cpp)
  endif()
  parley_add_test(${name} ${label} ${sources})
  target_compile_definitions(${name} PRIVATE PARLEY_BUDGET_HEAVY=${heavy})
  target_link_libraries(${name} PRIVATE nlohmann_json::nlohmann_json)
endforeach()
parley_add_test(parley_anac2014_budget_tests corpus
  ${CMAKE_CURRENT_LIST_DIR}/anac2014_budget_test.cpp
)
target_link_libraries(parley_anac2014_budget_tests PRIVATE nlohmann_json::nlohmann_json)
