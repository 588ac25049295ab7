// The processes a tournament runs on: this process alone, or the ranks of an MPI job (Open MPI,
// MPI-3.1 standard) when parley was built with PARLEY_BUILD_MPI and started by mpirun.
//
// MPI stays a thin layer: every rank reads the same tournament file, takes its share of the jobs
// with partition() and runs them with run_jobs(); ranks only synchronise (barrier) and agree on
// success (a logical AND), and rank 0 merges the per-rank journals from the shared output folder.
// The library itself (parley::core) never links MPI; join_cluster() lives in the separate target
// parley::cluster, which keeps Open MPI in the module parley-mpi.so beside the executable
// (parley/support/modules.hpp) and loads it only when an MPI launcher started the process.
#pragma once

#include <cstdint>
#include <memory>

namespace parley {

class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual std::uint32_t rank() const noexcept = 0;
  virtual std::uint32_t size() const noexcept = 0;
  // Ranks that share this machine (to split its cores between them).
  virtual std::uint32_t local_size() const noexcept = 0;
  virtual void barrier() = 0;
  // True when `mine` is true on every rank (collective: every rank must call it).
  virtual bool all_succeeded(bool mine) = 0;
  // Adds `mine` over all ranks (collective).
  virtual std::uint64_t sum(std::uint64_t mine) = 0;
};

// One process, no communication.
class SingleProcess final : public Cluster {
 public:
  std::uint32_t rank() const noexcept override { return 0; }
  std::uint32_t size() const noexcept override { return 1; }
  std::uint32_t local_size() const noexcept override { return 1; }
  void barrier() override {}
  bool all_succeeded(bool mine) override { return mine; }
  std::uint64_t sum(std::uint64_t mine) override { return mine; }
};

// MPI when compiled in and this process was started by an MPI launcher (MPI is then initialised
// and finalised with the returned object), else SingleProcess.
std::unique_ptr<Cluster> join_cluster();
// Whether this build can run across MPI ranks.
bool cluster_has_mpi() noexcept;

}  // namespace parley
