# Hostile input to every loader (issue 15): nesting, counts, overflowing sums, UTF-8, paths.
parley_add_test(parley_io_hostile_tests unit hostile_io_test.cpp)
