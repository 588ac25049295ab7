// The cluster of a build without MPI: always this process alone.
#include "parley/tournament/cluster.hpp"

namespace parley {

std::unique_ptr<Cluster> join_cluster() { return std::make_unique<SingleProcess>(); }
bool cluster_has_mpi() noexcept { return false; }

}  // namespace parley
