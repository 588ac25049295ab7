// Running parley-check, the standalone certificate checker (tools/check, sharing no code with
// parley), from `parley replay`: a replay certifies the agreement again and hands the certificate
// to the checker, as a sceptical auditor would. Header-only: both modules (parley-certify.so for
// records of parley negotiate, parley-serve.so for the service's) include it.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace parley::cli {

struct CheckerRun {
  int status = -1;     // parley-check's exit status (0: every claim verified)
  std::string output;  // its summary line(s)
};

// Runs parley-check (beside the running executable) on `scenario` and the certificate text; when
// `scenario_text` is given, it is first written as `scenario` inside a private temporary folder
// (a relative name). Empty when the checker is not built or cannot be run.
inline std::optional<CheckerRun> run_checker(const std::string& scenario,
                                             const std::string& certificate_json,
                                             const std::optional<std::string>& scenario_text = {}) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) return std::nullopt;
  const fs::path checker = self.parent_path() / "parley-check";
  if (::access(checker.c_str(), X_OK) != 0) return std::nullopt;
  std::string folder = (fs::temp_directory_path() / "parley-replay-XXXXXX").string();
  if (!::mkdtemp(folder.data())) return std::nullopt;
  std::optional<CheckerRun> result;
  const fs::path certificate = fs::path(folder) / "certificate.json";
  const fs::path output = fs::path(folder) / "output.txt";
  std::string scenario_path = scenario;
  bool written =
      static_cast<bool>(std::ofstream(certificate, std::ios::binary) << certificate_json);
  if (scenario_text) {
    scenario_path = (fs::path(folder) / scenario).string();
    written = written &&
              static_cast<bool>(std::ofstream(scenario_path, std::ios::binary) << *scenario_text);
  }
  if (written) {
    std::vector<std::string> arguments{checker.string(), scenario_path, certificate.string(),
                                       "--quiet"};
    std::vector<char*> argv;
    for (auto& a : arguments) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t child = 0;
    if (posix_spawn(&child, checker.c_str(), &actions, nullptr, argv.data(), environ) == 0) {
      int status = 0;
      while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
      }
      CheckerRun run;
      run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      std::ostringstream text;
      text << std::ifstream(output).rdbuf();
      run.output = text.str();
      while (!run.output.empty() && run.output.back() == '\n') run.output.pop_back();
      result = run;
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  fs::remove_all(folder, error);
  return result;
}

// Runs the checker on a replay's certificate and says what it found: false when the checker
// rejects it (the replay then fails), true when it accepts it or is not built (said too).
inline bool check_replayed_certificate(const std::string& scenario,
                                       const std::string& certificate_json,
                                       const std::optional<std::string>& scenario_text) {
  const auto run = run_checker(scenario, certificate_json, scenario_text);
  if (!run) {
    std::cout << "the certificate was not given to parley-check (not built beside parley)\n";
    return true;
  }
  if (run->status != 0) {
    std::cout << "parley-check rejects the agreement's certificate: " << run->output << "\n";
    return false;
  }
  std::cout << "parley-check (exact, sharing no code with parley) accepts the agreement's "
               "certificate: "
            << run->output << "\n";
  return true;
}

}  // namespace parley::cli
