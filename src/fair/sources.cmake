# Fair division (include/parley/fair/fair_division.hpp): Adjusted Winner, MNW / leximin /
# utilitarian allocations and their checks, rent division. MILPs and LPs go through CBC / CLP
# (pkg-config cbc), behind solve_milp (src/fair/milp_solver.hpp), which the area does not define:
# parley::core links parley_fair_cbc (CBC linked in), the command-line tool
# parley_fair_cbc_on_demand (the module parley-cbc.so, loaded on the first solve) when it is
# linked dynamically, parley_fair_cbc_process (the helper process parley-milp) when statically
# (PARLEY_STATIC_CLI).
pkg_check_modules(PARLEY_CBC REQUIRED IMPORTED_TARGET cbc)
parley_add_area(fair
  DEPENDS model
  SOURCES
    instance.cpp
    milp.cpp
    adjusted_winner.cpp
    allocation.cpp
    checks.cpp
    rent.cpp
    divide.cpp
    division_json.cpp
  PRIVATE_LIBS nlohmann_json::nlohmann_json)

add_library(parley_fair_cbc STATIC ${PROJECT_SOURCE_DIR}/src/fair/milp_cbc.cpp)
target_link_libraries(parley_fair_cbc PRIVATE PkgConfig::PARLEY_CBC)
set_target_properties(parley_fair_cbc PROPERTIES POSITION_INDEPENDENT_CODE ON)
parley_set_warnings(parley_fair_cbc)
if(PARLEY_BUILD_CLI)
  add_library(parley_fair_cbc_on_demand STATIC
    ${PROJECT_SOURCE_DIR}/src/fair/milp_cbc_on_demand.cpp)
  target_link_libraries(parley_fair_cbc_on_demand PRIVATE parley_support)
  parley_set_warnings(parley_fair_cbc_on_demand)
  parley_add_module(parley_cbc_module FILE parley-cbc
    SOURCES ${PROJECT_SOURCE_DIR}/src/fair/milp_cbc.cpp LIBS PkgConfig::PARLEY_CBC)
  target_compile_definitions(parley_cbc_module PRIVATE PARLEY_CBC_MODULE)
  if(PARLEY_STATIC_CLI)
    # The static `parley` executable's solve_milp: CBC in the helper process parley-milp beside
    # it (milp_wire.hpp).
    add_library(parley_fair_cbc_process STATIC
      ${PROJECT_SOURCE_DIR}/src/fair/milp_cbc_process.cpp ${PROJECT_SOURCE_DIR}/src/fair/milp_wire.cpp)
    target_link_libraries(parley_fair_cbc_process PRIVATE parley_support)
    target_include_directories(parley_fair_cbc_process PRIVATE ${PROJECT_SOURCE_DIR}/src)
    set_target_properties(parley_fair_cbc_process PROPERTIES POSITION_INDEPENDENT_CODE ON)
    parley_set_warnings(parley_fair_cbc_process)
    add_executable(parley_milp ${PROJECT_SOURCE_DIR}/src/fair/milp_server.cpp
      ${PROJECT_SOURCE_DIR}/src/fair/milp_wire.cpp ${PROJECT_SOURCE_DIR}/src/fair/milp_cbc.cpp)
    target_link_libraries(parley_milp PRIVATE parley_support PkgConfig::PARLEY_CBC)
    set_target_properties(parley_milp PROPERTIES OUTPUT_NAME parley-milp
      RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
    parley_set_warnings(parley_milp)
  endif()
endif()
