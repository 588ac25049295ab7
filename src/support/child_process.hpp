#pragma once
// A helper process talked to over a socket: its standard input and output are one end of a new
// socket pair, and it runs in a process group of its own (a Ctrl-C at the terminal reaches parley
// only; the caller may end the group as a whole). Used by the CBC helper (src/fair) and the
// exec: remote agents (src/negotiate).
#include <sys/types.h>

namespace parley::detail {

struct ChildOnSocket {
  pid_t pid = -1;
  int socket = -1;  // parley's end (close-on-exec)
  // On failure: the step that failed and its error number; nothing is left open.
  enum class Failure { none, connecting, starting } failed = Failure::none;
  int error = 0;
};

// Starts `path` with `argv` (null-terminated, argv[0] included) and the current environment.
ChildOnSocket spawn_on_socket(const char* path, char* const argv[]);

}  // namespace parley::detail
