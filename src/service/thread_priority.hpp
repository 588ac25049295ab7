// The CPU priority of the service's analysis threads (the pool's workers, a party's manipulation
// analysis): request threads must win the CPU over analyses on 2-core machines.
#pragma once

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace parley::detail {

// The calling thread to the lowest normal priority (nice 19: a CPU share of about 1.5% against
// one busy request thread), not SCHED_IDLE, which could starve an analysis on a busy machine until
// its time cap. Best effort: an error leaves the priority as is. For a thread of its own: an
// unprivileged thread cannot raise its priority again.
inline void lower_this_threads_priority() {
#ifdef __linux__
  const auto thread = static_cast<id_t>(::syscall(SYS_gettid));
  ::setpriority(PRIO_PROCESS, thread, 19);
#endif
}

}  // namespace parley::detail
