# The streamed JSON report against the tree-built reference (issue 14): examples and hand-made
# scenarios (unit), corpus scenarios (corpus; skipped loudly without ../shared).
find_package(nlohmann_json 3 REQUIRED)
parley_add_test(parley_report_json_tests unit
  ${CMAKE_CURRENT_LIST_DIR}/report_json_test.cpp
)
target_link_libraries(parley_report_json_tests PRIVATE nlohmann_json::nlohmann_json)
