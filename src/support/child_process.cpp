#include "support/child_process.hpp"

#include <spawn.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace parley::detail {

ChildOnSocket spawn_on_socket(const char* path, char* const argv[]) {
  ChildOnSocket child;
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    child.failed = ChildOnSocket::Failure::connecting;
    child.error = errno;
    return child;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, ends[1], 0);
  posix_spawn_file_actions_adddup2(&actions, ends[1], 1);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  const int spawned = ::posix_spawn(&child.pid, path, &actions, &attributes, argv, environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  ::close(ends[1]);
  if (spawned != 0) {
    ::close(ends[0]);
    child.pid = -1;
    child.failed = ChildOnSocket::Failure::starting;
    child.error = spawned;
    return child;
  }
  child.socket = ends[0];
  return child;
}

}  // namespace parley::detail
