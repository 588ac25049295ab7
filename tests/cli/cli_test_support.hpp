// Running the built `parley` binary from the command-line tests (PARLEY_BINARY: its path, given by
// the test's CMake list).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace parley::test {

struct ParleyRun {
  int status = -1;  // exit status; -1 when the binary could not run or did not exit normally
  std::string out;  // standard output (and standard error when asked)
};

// Runs `parley ARGUMENTS` through the shell; stdout captured, stderr appended when `with_stderr`,
// else discarded.
inline ParleyRun run_parley(const std::string& arguments, bool with_stderr = false) {
  const std::string command = std::string("'") + PARLEY_BINARY + "' " + arguments +
                              (with_stderr ? " 2>&1" : " 2>/dev/null");
  ParleyRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace parley::test
