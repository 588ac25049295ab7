# The start-up stays light: no MPI, CBC, SQLite or OpenSSL unless the command needs them, and a
# clear error when a module is missing (tests/cli/startup_test.sh).
add_test(NAME cli.startup_libraries
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/startup_test.sh $<TARGET_FILE:parley>
          ${PROJECT_SOURCE_DIR}/examples)
set_tests_properties(cli.startup_libraries PROPERTIES LABELS unit TIMEOUT 120)
