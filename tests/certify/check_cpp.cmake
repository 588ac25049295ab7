# check_cpp.*: parley-check (tools/check) on hand-written certificates (data/): valid ones exit 0,
# tampered ones are rejected (exit 1), unreadable ones refused (exit 2); and the scenario readers
# on corpus folders (certificates with no claims: only the files and the model, worked out in
# exact fractions apart from parley). Included by CMakeLists.txt; needs only parley-check.
if(NOT TARGET parley-check)
  return()
endif()
set(data ${CMAKE_CURRENT_SOURCE_DIR}/data)

# check_cpp_expect(CASE STATUS ARGUMENTS... [OUTPUT regex] [INPUT file] [DEEP_JSON file]): runs
# parley-check ARGUMENTS... through expect_exit.cmake, which checks the exit status.
function(check_cpp_expect name status)
  string(REPLACE "-" "_" name ${name})
  cmake_parse_arguments(ARG "" "OUTPUT;INPUT;DEEP_JSON" "" ${ARGN})
  set(defines -DEXPECT=${status})
  foreach(option OUTPUT INPUT DEEP_JSON)
    if(DEFINED ARG_${option})
      list(APPEND defines "-D${option}=${ARG_${option}}")
    endif()
  endforeach()
  add_test(NAME check_cpp.${name} COMMAND ${CMAKE_COMMAND} ${defines}
    -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_exit.cmake -- $<TARGET_FILE:parley-check>
    ${ARG_UNPARSED_ARGUMENTS})
  set_tests_properties(check_cpp.${name} PROPERTIES LABELS cli)
endfunction()

# Valid certificates: every claim kind and every leaf kind (exit 0).
foreach(case pareto bounds lottery empty_claims)
  string(REPLACE "_" "-" file ${case})
  add_test(NAME check_cpp.tiny_${case} COMMAND $<TARGET_FILE:parley-check> ${data}/tiny.yaml
    ${data}/tiny-${file}.json)
  set_tests_properties(check_cpp.tiny_${case} PROPERTIES LABELS cli)
endforeach()
# The empty zone (not_ir leaves), and Kalai-Smorodinsky with some or every s_i = 0.
foreach(case empty_zone point flat)
  string(REPLACE "_" "-" file ${case})
  string(REGEX REPLACE "_zone$" "" scenario ${case})
  add_test(NAME check_cpp.tiny_${case} COMMAND $<TARGET_FILE:parley-check>
    ${data}/tiny-${scenario}.yaml ${data}/tiny-${file}.json)
  set_tests_properties(check_cpp.tiny_${case} PROPERTIES LABELS cli)
endforeach()
check_cpp_expect(tiny_enumeration 0 ${data}/tiny.yaml ${data}/tiny-enumeration.json
  OUTPUT "claim 3 kalai_smorodinsky: not checked: [^\n]*\n.*4 claims: 1 ok, 0 rejected, 3 not checked")
check_cpp_expect(tiny_bounds_output 0 ${data}/tiny.yaml ${data}/tiny-bounds.json
  OUTPUT "^claim 1 ideal: ok\nclaim 2 ideal: ok\n.*claim 6 egalitarian: ok\n6 claims: 6 ok, 0 rejected, 0 not checked\n$")
check_cpp_expect(quiet 0 --quiet ${data}/tiny.yaml ${data}/tiny-lottery.json
  OUTPUT "^4 claims: 4 ok, 0 rejected, 0 not checked\n$")
check_cpp_expect(stdin 0 ${data}/tiny.yaml - INPUT ${data}/tiny-bounds.json
  OUTPUT "6 claims: 6 ok")
check_cpp_expect(folder_argument 0 ${data} ${data}/tiny-pareto.json OUTPUT "4 claims: 4 ok")

# Tampered certificates: rejected (exit 1).
foreach(case amgm ideal-value ks-bound ks-ideal lagrange lottery model mu nash-value not-pareto
    package-leaf party-leaf reservation sha256 utilitarian-bound wavg)
  check_cpp_expect(rejects_${case} 1 ${data}/tiny.yaml ${data}/bad-${case}.json
    OUTPUT "rejected")
endforeach()
foreach(case not-ir leaf-kind)
  check_cpp_expect(rejects_${case} 1 ${data}/tiny-empty.yaml ${data}/bad-${case}.json
    OUTPUT "rejected")
endforeach()
check_cpp_expect(rejects_wavg-zero-scale 1 ${data}/tiny-flat.yaml ${data}/bad-wavg-zero-scale.json
  OUTPUT "rejected: node [^\n]*: wavg weight 1/2 for ann, whose s is 0")
check_cpp_expect(rejects_ks-tree 1 ${data}/tiny-point.yaml ${data}/bad-ks-tree.json
  OUTPUT "rejected")
check_cpp_expect(rejects_other_scenario_file 1 ${data}/tiny-empty.yaml ${data}/tiny-bounds.json)

# Inputs that cannot be read (exit 2): malformed or hostile certificates and scenarios.
foreach(case claim-kind duplicate-key file-dots file-path huge-rational label leaf-kind-name
    leaf-removed malformed missing-file order too-deep unknown-party wrong-type zero-denominator)
  check_cpp_expect(refuses_${case} 2 ${data}/tiny.yaml ${data}/bad-${case}.json)
endforeach()
foreach(case real rectangles malformed)
  check_cpp_expect(refuses_scenario_${case} 2 ${data}/tiny-${case}.yaml
    ${data}/bad-scenario-${case}.json)
endforeach()
check_cpp_expect(refuses_deep_json 2 ${data}/tiny.yaml ${CMAKE_CURRENT_BINARY_DIR}/deep.json
  DEEP_JSON ${CMAKE_CURRENT_BINARY_DIR}/deep.json)
check_cpp_expect(refuses_unknown_option 2 --strict ${data}/tiny.yaml)

# The scenario readers on the corpus: the model each certificate holds was worked out apart from
# both parley and the checker; a certificate with no claims checks the files and the model only.
set(corpus ${PARLEY_SHARED_DIR}/scenarios)
if(EXISTS ${corpus}/genius/anac2010/ItexvsCypress)
  set(names genius-itex-vs-cypress genius-acquisition-a genius-laptop genius-agenthp2
    geniusweb-fitness geniusweb-flightbooking)
  set(paths genius/anac2010/ItexvsCypress genius/anac2012/AcquisitionA/Acquisition-A-domain.xml
    genius/anac2011/Laptop genius/anac2016/AgentHp2 geniusweb/anac2020/Fitness
    geniusweb/anac2020/FlightBooking)
  foreach(name path IN ZIP_LISTS names paths)
    check_cpp_expect(corpus_${name} 0 ${corpus}/${path} ${data}/corpus/${name}.json
      OUTPUT "^0 claims: 0 ok, 0 rejected, 0 not checked\n$")
  endforeach()
endif()
