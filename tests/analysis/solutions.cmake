# Bargaining solutions, zone of agreement, indicators, explanations and report.
parley_add_test(parley_solutions_tests unit
  solutions_test.cpp
  solutions_property_test.cpp
)
parley_add_test(parley_solutions_corpus_tests corpus
  solutions_corpus_test.cpp
)
