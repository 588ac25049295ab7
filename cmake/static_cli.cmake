# The static `parley` executable (PARLEY_STATIC_CLI; docs/performance.md, Start-up): a static-pie
# executable starts without the dynamic loader's work (no shared library to map, relocate and
# bind), which is most of the start-up of a short command. It links the engine's areas and the
# static archives of the libraries they use (Debian's -dev packages ship them); CBC runs in the
# helper process parley-milp, and the commands that need Open MPI or the service (parley serve)
# run in parley-modular, the dynamic executable with its .so modules, which the static one
# executes in its place (apps/parley/static_modules.cpp). PARLEY_STATIC_LIBS: the archives.
set(PARLEY_STATIC_LIBS)
if(PARLEY_STATIC_CLI)
  foreach(name yaml yaml-cpp pugixml gmpxx gmp crypto)
    string(MAKE_C_IDENTIFIER "PARLEY_STATIC_LIB_${name}" variable)
    find_library(${variable} NAMES lib${name}.a)
    if(NOT ${variable})
      message(WARNING "PARLEY_STATIC_CLI: no static lib${name}.a (its -dev package): parley is "
                      "linked dynamically")
      set(PARLEY_STATIC_CLI OFF)
      break()
    endif()
    list(APPEND PARLEY_STATIC_LIBS ${${variable}})
  endforeach()
endif()
