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
target_link_libraries(parley_explain_corpus_tests PRIVATE fmt::fmt-header-only)
# After agreement: the Pareto improvements of an agreed package; quorum and veto rules (which
# packages pass), both against brute force.
parley_add_test(parley_improvements_tests unit improvements_test.cpp)
parley_add_test(parley_quorum_tests unit quorum_test.cpp)
# The command line of both: the flagship's status quo improved, a quorum with a veto, and bad
# input exiting 1 with the field named.
if(TARGET parley)
  add_test(NAME improve_cli.status_quo
    COMMAND parley improve ${PROJECT_SOURCE_DIR}/examples/russia-japan.yaml --status-quo --limit 3)
  set_tests_properties(improve_cli.status_quo PROPERTIES LABELS unit
    PASS_REGULAR_EXPRESSION "33 Pareto-optimal packages improve on the agreed package; the best 3 are listed")
  add_test(NAME improve_cli.json
    COMMAND parley improve ${PROJECT_SOURCE_DIR}/examples/russia-japan.yaml --json
      --package "habomai=russia, shikotan=russia, kunashir=russia, iturup=russia, economy=none, travel=current, military=unrestricted, timing=immediate")
  set_tests_properties(improve_cli.json PROPERTIES LABELS unit
    PASS_REGULAR_EXPRESSION "\"schema\": \"parley-improvements/1\"")
  add_test(NAME improve_cli.no_package_exits_1
    COMMAND sh -c "out=$(\"$0\" improve \"$1\" 2>&1); rc=$?; echo \"$out\"; \
test $rc -eq 1 && echo \"$out\" | grep -q -- \"--package: found nothing\""
      $<TARGET_FILE:parley> ${PROJECT_SOURCE_DIR}/examples/russia-japan.yaml)
  set_tests_properties(improve_cli.no_package_exits_1 PROPERTIES LABELS unit)
  add_test(NAME quorum_cli.veto
    COMMAND parley quorum ${PROJECT_SOURCE_DIR}/examples/business-contract.yaml --required 1
      --veto supplier)
  set_tests_properties(quorum_cli.veto PROPERTIES LABELS unit
    PASS_REGULAR_EXPRESSION "971 of 1,296 packages pass \\(729 with everyone\\)")
  add_test(NAME quorum_cli.unknown_veto_exits_1
    COMMAND sh -c "out=$(\"$0\" quorum \"$1\" --veto nobody 2>&1); rc=$?; echo \"$out\"; \
test $rc -eq 1 && echo \"$out\" | grep -q \"veto: found 'nobody', expected a party name (buyer, supplier)\""
      $<TARGET_FILE:parley> ${PROJECT_SOURCE_DIR}/examples/business-contract.yaml)
  set_tests_properties(quorum_cli.unknown_veto_exits_1 PROPERTIES LABELS unit)
endif()
