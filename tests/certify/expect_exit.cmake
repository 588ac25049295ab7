# Runs a command and checks its exit status, which ctest's WILL_FAIL cannot tell apart (parley-check
# exits 1 for a rejected certificate, 2 for one it cannot read), and optionally its output:
#   cmake -DEXPECT=STATUS [-DOUTPUT=REGEX] [-DINPUT=FILE] [-DDEEP_JSON=FILE] -P expect_exit.cmake
#         -- COMMAND ARGS...
# INPUT is given on standard input; DEEP_JSON is written first, an array nested 100,000 deep (a
# file of that size is generated rather than stored).
set(command)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  if(DEFINED after_dashes)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_dashes ON)
  endif()
endforeach()
if(DEEP_JSON)
  string(REPEAT "[" 100000 open)
  string(REPEAT "]" 100000 close)
  file(WRITE "${DEEP_JSON}" "${open}${close}")
endif()
set(input)
if(INPUT)
  set(input INPUT_FILE "${INPUT}")
endif()
execute_process(COMMAND ${command} ${input} RESULT_VARIABLE status OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status STREQUAL "${EXPECT}")
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT}")
endif()
if(DEFINED OUTPUT AND NOT out MATCHES "${OUTPUT}")
  message(FATAL_ERROR "standard output does not match '${OUTPUT}'")
endif()
