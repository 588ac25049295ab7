# Fair division (include/parley/fair/fair_division.hpp): Adjusted Winner, MNW / leximin /
# utilitarian allocations and their checks, rent division. MILPs and LPs go through CBC / CLP
# (pkg-config cbc), behind solve_milp (src/fair/milp_solver.hpp), which the area does not define:
# parley::core links parley_fair_cbc (CBC linked in), the command-line tool
# parley_fair_cbc_on_demand (the module parley-cbc.so, loaded on the first solve).
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
endif()
