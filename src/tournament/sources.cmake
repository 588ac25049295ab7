# Tournaments: the file, jobs and partition, the journal, the worker pool, the summary, and the
# session engine. Journal lines are read back with rapidjson's SAX parser (header-only, so that the
# static `parley` links it): merging is otherwise dominated by JSON parsing. MPI is not linked into the area: parley::cluster (below) is the only target that
# does, and only the front-ends link it.
parley_add_area(tournament
  DEPENDS negotiate io
  SOURCES
    spec.cpp
    jobs.cpp
    rows.cpp
    journal.cpp
    merge.cpp
    runner.cpp
    summary.cpp
    session_engine.cpp
    tournament.cpp
  PRIVATE_LIBS parley_rapidjson nlohmann_json::nlohmann_json fmt::fmt-header-only)
parley_uses_rapidjson(src/tournament/rows.cpp)

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
# parley::cluster (include/parley/tournament/cluster.hpp) for the front-ends. With MPI, Open MPI
# is in the module parley-mpi.so (cluster_mpi.cpp), which join_cluster() loads only when mpirun
# started the process: a tournament on one machine never loads it.
if(PARLEY_HAVE_MPI)
  add_library(parley_cluster STATIC ${PROJECT_SOURCE_DIR}/src/tournament/cluster_on_demand.cpp)
  target_link_libraries(parley_cluster PUBLIC parley::tournament)
  parley_add_module(parley_mpi_module FILE parley-mpi
    SOURCES ${PROJECT_SOURCE_DIR}/src/tournament/cluster_mpi.cpp LIBS MPI::MPI_CXX)
  target_include_directories(parley_mpi_module PRIVATE ${PROJECT_SOURCE_DIR}/include)
else()
  add_library(parley_cluster STATIC ${PROJECT_SOURCE_DIR}/src/tournament/cluster_single.cpp)
  target_link_libraries(parley_cluster PUBLIC parley::tournament)
endif()
target_include_directories(parley_cluster PRIVATE ${PROJECT_SOURCE_DIR}/src)
add_library(parley::cluster ALIAS parley_cluster)
parley_set_warnings(parley_cluster)
