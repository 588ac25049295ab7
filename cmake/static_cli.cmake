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

# Start-up code laid out together (PARLEY_STATIC_LINK_OPTIONS). A process maps its code one page
# fault at a time, each fault mapping the 64 KiB around the page touched (about 18 us here); in
# link order the functions `parley info` runs lie on 280 pages of a 10 MB text. Each function in
# its own section (-ffunction-sections), lld places the functions start-up runs first, in the
# order they run (apps/parley/startup-order.txt, written by scripts/startup-order.py), and the
# commands of the start-up benchmark touch a fraction of the pages (docs/performance.md). Without
# lld (Debian's lld package) the executable is linked as before, only slower to start.
set(PARLEY_STATIC_LINK_OPTIONS)
if(PARLEY_STATIC_CLI)
  find_program(PARLEY_LLD NAMES ld.lld)
  if(PARLEY_LLD)
    add_compile_options(-ffunction-sections)
    set(PARLEY_STATIC_LINK_OPTIONS -fuse-ld=lld
        -Wl,--symbol-ordering-file=${PROJECT_SOURCE_DIR}/apps/parley/startup-order.txt
        -Wl,--no-warn-symbol-ordering)
  else()
    message(STATUS "PARLEY_STATIC_CLI: no ld.lld (Debian's lld): start-up code is not laid out "
                   "together")
  endif()
endif()
