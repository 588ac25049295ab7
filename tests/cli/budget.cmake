# `parley solve --json` byte for byte under a CPU load (issue 13; needs the corpus).
parley_add_test(parley_cli_budget_tests corpus budget_cli_test.cpp)
target_compile_definitions(parley_cli_budget_tests PRIVATE PARLEY_BINARY="$<TARGET_FILE:parley>")
target_link_libraries(parley_cli_budget_tests PRIVATE nlohmann_json::nlohmann_json)
add_dependencies(parley_cli_budget_tests parley)
