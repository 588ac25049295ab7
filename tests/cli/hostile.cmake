# Hostile files given to info, solve, convert and negotiate (issue 15).
parley_add_test(parley_cli_hostile_tests unit hostile_cli_test.cpp)
target_compile_definitions(parley_cli_hostile_tests PRIVATE PARLEY_BINARY="$<TARGET_FILE:parley>")
add_dependencies(parley_cli_hostile_tests parley)
