// The entry point of the module parley-mpi.so (cluster_mpi.cpp): joins MPI_COMM_WORLD (MPI is
// initialised now and finalised when the returned cluster is deleted). Found by dlsym, loaded by
// cluster_on_demand.cpp only when an MPI launcher started this process, so that a run on one
// machine never loads Open MPI.
#pragma once

#include "parley/tournament/cluster.hpp"

extern "C" __attribute__((visibility("default"))) parley::Cluster* parley_mpi_join_cluster();
