# Bargaining solutions, zone of agreement, indicators, explanations and report.
parley_add_test(parley_solutions_tests unit
  solutions_test.cpp
  solutions_property_test.cpp
)
parley_add_test(parley_solutions_corpus_tests corpus
  solutions_corpus_test.cpp
)
# The reader model, the text report and its golden files (tests/analysis/golden; regenerate with
# PARLEY_UPDATE_GOLDEN=1, see report_golden_test.cpp).
parley_add_test(parley_report_tests unit
  report_test.cpp
  report_golden_test.cpp
)
# No explanation contradicts the weights, over the linear corpus.
parley_add_test(parley_explain_corpus_tests corpus
  explain_corpus_test.cpp
)
