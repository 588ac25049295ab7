# `parley negotiate` (time limits, refusals, signals) and `parley tournament` (Ctrl-C, --resume).
parley_add_test(parley_cli_negotiate_tests unit negotiate_cli_test.cpp tournament_cli_test.cpp)
target_compile_definitions(parley_cli_negotiate_tests PRIVATE PARLEY_BINARY="$<TARGET_FILE:parley>")
add_dependencies(parley_cli_negotiate_tests parley)
