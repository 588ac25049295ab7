# Checks before work: numeric flags, output paths, convert's targets, folders of many profiles.
parley_add_test(parley_cli_checks_tests unit checks_cli_test.cpp)
target_compile_definitions(parley_cli_checks_tests PRIVATE PARLEY_BINARY="$<TARGET_FILE:parley>")
add_dependencies(parley_cli_checks_tests parley)
