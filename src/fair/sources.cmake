# Fair division (include/parley/fair_division.hpp): Adjusted Winner, MNW / leximin / utilitarian
# allocations and their checks, rent division. MILPs and LPs go through CBC / CLP (pkg-config cbc).
pkg_check_modules(PARLEY_CBC REQUIRED IMPORTED_TARGET cbc)
target_sources(parley_core PRIVATE
  src/fair/instance.cpp
  src/fair/milp.cpp
  src/fair/adjusted_winner.cpp
  src/fair/allocation.cpp
  src/fair/checks.cpp
  src/fair/rent.cpp
  src/fair/divide.cpp
  src/fair/division_json.cpp
)
target_link_libraries(parley_core PRIVATE PkgConfig::PARLEY_CBC)
