// solve_milp of the static `parley` executable (milp_wire.hpp): CBC runs in the helper process
// parley-milp beside the executable, started on the first solve and kept for the next ones (one
// per process: CBC's solves are serialised anyway, milp_cbc.cpp). The helper is in a process group
// of its own, so that Ctrl-C reaches parley alone, which cancels as it would with CBC inside.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "milp_wire.hpp"
#include "parley/support/error.hpp"
#include "parley/support/modules.hpp"
#include "support/child_process.hpp"

namespace parley::fair::detail {
namespace {

constexpr const char* needed_for =
    "Fair division by a MILP (maximum Nash welfare, leximin, utilitarian, rent: CBC)";

class SolverProcess {
 public:
  SolverProcess() : path_(executable_folder() + "parley-milp") {
    char* argv[] = {path_.data(), nullptr};
    const auto child = parley::detail::spawn_on_socket(path_.c_str(), argv);
    using Failure = parley::detail::ChildOnSocket::Failure;
    if (child.failed != Failure::none)
      fail(std::string(child.failed == Failure::connecting ? "cannot be connected ("
                                                           : "cannot be started (") +
           std::strerror(child.error) + ")");
    pid_ = child.pid;
    socket_ = child.socket;
  }
  ~SolverProcess() {
    ::close(socket_);  // the helper reads the end of its input and exits
    if (owner_ == ::getpid())
      while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
  }
  SolverProcess(const SolverProcess&) = delete;
  SolverProcess& operator=(const SolverProcess&) = delete;

  // The process that started the helper: a forked child (a tournament's worker) starts its own.
  pid_t owner() const noexcept { return owner_; }

  MilpSolution solve(const MilpModel& model, int node_limit) {
    if (!send_all(socket_, encode_request(model, node_limit)))
      throw Error(path_ + " stopped before answering (see its message above)");
    MilpSolution solution;
    read_reply(socket_, solution, path_);
    return solution;
  }

 private:
  [[noreturn]] void fail(const std::string& reason) const {
    throw Error(std::string(needed_for) + " needs the solver " + path_ + ", which " + reason +
                "; it is built beside the parley executable: rebuild parley (cmake --build BUILD, "
                "or make build) or reinstall it with parley-milp");
  }

  std::string path_;
  pid_t owner_ = ::getpid();
  pid_t pid_ = -1;
  int socket_ = -1;
};

}  // namespace

MilpSolution solve_milp(const MilpModel& model, int node_limit) {
  static std::mutex mutex;
  static std::unique_ptr<SolverProcess> solver;
  std::lock_guard lock(mutex);
  if (solver && solver->owner() != ::getpid()) solver.reset();
  if (!solver) solver = std::make_unique<SolverProcess>();
  try {
    return solver->solve(model, node_limit);
  } catch (...) {
    solver.reset();  // the next solve starts a fresh helper
    throw;
  }
}

}  // namespace parley::fair::detail
