// Running `parley` in the background from the command-line tests, to signal it while it works:
// spawn with stdout and stderr to files, wait until it handles SIGINT (read from
// /proc/PID/status, so no sleep decides when it "has started"), signal, wait for its exit code.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace parley::test {

// Starts PARLEY_BINARY with `arguments`; stdout and stderr go to the given files. -1 on failure.
inline pid_t spawn_parley(const std::vector<std::string>& arguments, const std::string& out_file,
                          const std::string& err_file) {
  std::vector<std::string> words{PARLEY_BINARY};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return failed ? -1 : pid;
}

// Polls `condition` every 5 ms until it holds (true) or `cap` passes (false). The cap only
// keeps a broken build from hanging the suite; it decides nothing when things work.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::seconds cap = std::chrono::seconds(60)) {
  const auto until = std::chrono::steady_clock::now() + cap;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Whether process `pid` has a handler for `signal_number` (the SigCgt mask of /proc/PID/status).
inline bool catches(pid_t pid, int signal_number) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigCgt:", 0) != 0) continue;
    const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
    return (mask >> (signal_number - 1)) & 1ULL;
  }
  return false;
}

// The exit code of `pid`, or 1000 + the signal that killed it.
inline int exit_code(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace parley::test
