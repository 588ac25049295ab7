// The cluster of an MPI build: the ranks of MPI_COMM_WORLD when started by mpirun (detected from
// the launcher's environment), through the module parley-mpi.so beside the executable
// (cluster_mpi.cpp), so that a plain run neither loads Open MPI nor pays for its start-up.
#include <cstdlib>

#include "cluster_mpi_module.hpp"
#include "parley/support/modules.hpp"

namespace parley {
namespace {

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

}  // namespace

std::unique_ptr<Cluster> join_cluster() {
  if (!launched_by_mpi()) return std::make_unique<SingleProcess>();
  // RTLD_GLOBAL: Open MPI's components (mca_*.so, loaded by MPI_Init) look up libmpi's symbols.
  const auto entry = reinterpret_cast<decltype(&parley_mpi_join_cluster)>(module_function(
      "parley-mpi", "parley_mpi_join_cluster", "A tournament under mpirun (Open MPI)", true));
  return std::unique_ptr<Cluster>(entry());
}

bool cluster_has_mpi() noexcept { return true; }

}  // namespace parley
