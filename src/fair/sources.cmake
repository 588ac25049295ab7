# Fair division (include/parley/fair/fair_division.hpp): Adjusted Winner, MNW / leximin /
# utilitarian allocations and their checks, rent division. MILPs and LPs go through CBC / CLP
# (pkg-config cbc).
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
  PRIVATE_LIBS PkgConfig::PARLEY_CBC nlohmann_json::nlohmann_json)
