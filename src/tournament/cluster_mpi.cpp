// The ranks of MPI_COMM_WORLD: the module parley-mpi.so of an MPI build, loaded by
// cluster_on_demand.cpp only when mpirun started the process (cluster_mpi_module.hpp).
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "cluster_mpi_module.hpp"

namespace parley {
namespace {

class MpiCluster final : public Cluster {
 public:
  MpiCluster() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    rank_ = static_cast<std::uint32_t>(rank);
    size_ = static_cast<std::uint32_t>(size);
    MPI_Comm local;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &local);
    int local_size = 1;
    MPI_Comm_size(local, &local_size);
    MPI_Comm_free(&local);
    local_size_ = static_cast<std::uint32_t>(local_size);
  }
  ~MpiCluster() override { MPI_Finalize(); }
  MpiCluster(const MpiCluster&) = delete;
  MpiCluster& operator=(const MpiCluster&) = delete;

  std::uint32_t rank() const noexcept override { return rank_; }
  std::uint32_t size() const noexcept override { return size_; }
  std::uint32_t local_size() const noexcept override { return local_size_; }
  void barrier() override {
    MPI_Request request;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    wait(request);
  }
  bool all_succeeded(bool mine) override {
    int value = mine ? 1 : 0, all = 0;
    MPI_Request request;
    MPI_Iallreduce(&value, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD, &request);
    wait(request);
    return all != 0;
  }
  std::uint64_t sum(std::uint64_t mine) override {
    unsigned long long value = mine, total = 0;
    MPI_Request request;
    MPI_Iallreduce(&value, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD, &request);
    wait(request);
    return total;
  }

 private:
  // A rank that is done waits for the others without spinning (as MPI's blocking collectives do),
  // so that the cores it shares with ranks still at work (and with rank 0's merge) stay theirs.
  static void wait(MPI_Request& request) {
    auto pause = std::chrono::microseconds(50);
    for (;;) {
      int done = 0;
      MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      if (done) return;
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds(2000));
    }
  }

  std::uint32_t rank_ = 0, size_ = 1, local_size_ = 1;
};

}  // namespace
}  // namespace parley

parley::Cluster* parley_mpi_join_cluster() { return new parley::MpiCluster(); }
