parley_add_test(parley_cli_divide_tests unit divide_cli_test.cpp)
target_compile_definitions(parley_cli_divide_tests PRIVATE PARLEY_BINARY="$<TARGET_FILE:parley>"
                           PARLEY_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(parley_cli_divide_tests PRIVATE nlohmann_json::nlohmann_json)
add_dependencies(parley_cli_divide_tests parley)
