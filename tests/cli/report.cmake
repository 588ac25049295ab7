# parley report: the brief (HTML, PDF through headless Chromium), its output checks.
parley_add_test(parley_cli_report_tests unit report_cli_test.cpp)
target_compile_definitions(parley_cli_report_tests PRIVATE PARLEY_BINARY="$<TARGET_FILE:parley>")
target_link_libraries(parley_cli_report_tests PRIVATE pugixml::pugixml)
add_dependencies(parley_cli_report_tests parley)

# The browser test of the brief: Debian's chromium driven by playwright-core (from
# web/node_modules); screenshots, the briefs and a PDF land in <build>/test-artifacts/brief.
find_program(PARLEY_NODE node)
find_program(PARLEY_CHROMIUM chromium)
if(PARLEY_NODE AND PARLEY_CHROMIUM AND EXISTS ${PROJECT_SOURCE_DIR}/web/node_modules/playwright-core)
  add_test(NAME report_browser
    COMMAND ${PARLEY_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/report_browser_test.mjs
      --parley $<TARGET_FILE:parley>
      --examples ${PROJECT_SOURCE_DIR}/examples
      --modules ${PROJECT_SOURCE_DIR}/web/node_modules
      --chromium ${PARLEY_CHROMIUM}
      --artifacts ${PROJECT_BINARY_DIR}/test-artifacts/brief)
  set_tests_properties(report_browser PROPERTIES LABELS browser TIMEOUT 300)
endif()
