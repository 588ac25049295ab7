# Tournaments: the file, jobs and partition, the journal, the worker pool, the summary, and the
# session engine. MPI is not linked into the library: parley::cluster (below) is the only target
# that does, and only the front-ends link it.
target_sources(parley_core PRIVATE
  src/tournament/spec.cpp
  src/tournament/jobs.cpp
  src/tournament/rows.cpp
  src/tournament/journal.cpp
  src/tournament/merge.cpp
  src/tournament/runner.cpp
  src/tournament/summary.cpp
  src/tournament/session_engine.cpp
  src/tournament/tournament.cpp
)
# Journal lines are read back with simdjson: merging is otherwise dominated by JSON parsing.
find_package(simdjson REQUIRED)
target_link_libraries(parley_core PRIVATE simdjson::simdjson)

option(PARLEY_BUILD_MPI "Run tournaments across MPI ranks (needs Open MPI: libopenmpi-dev)" ON)
set(PARLEY_HAVE_MPI OFF)
if(PARLEY_BUILD_MPI)
  # Only MPI's C API is used: no C++ bindings needed, and no C language to enable.
  set(MPI_CXX_SKIP_MPICXX ON)
  find_package(MPI COMPONENTS CXX)
  if(MPI_CXX_FOUND)
    set(PARLEY_HAVE_MPI ON)
  else()
    message(WARNING "PARLEY_BUILD_MPI is ON but MPI was not found: tournaments run on one machine")
  endif()
endif()
if(PARLEY_HAVE_MPI)
  add_library(parley_cluster STATIC src/tournament/cluster_mpi.cpp)
  target_link_libraries(parley_cluster PUBLIC parley::core PRIVATE MPI::MPI_CXX)
else()
  add_library(parley_cluster STATIC src/tournament/cluster_single.cpp)
  target_link_libraries(parley_cluster PUBLIC parley::core)
endif()
add_library(parley::cluster ALIAS parley_cluster)
parley_set_warnings(parley_cluster)
