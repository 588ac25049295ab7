// module_function of the static `parley` executable (cmake/static_cli.cmake). The proof commands'
// module (certify_module.cpp: GMP, OpenSSL) is linked in: its functions are found here, not
// loaded. The modules that need shared libraries a static executable cannot load (Open MPI's
// parley-mpi.so, the service's parley-serve.so) are loaded by parley-modular, the dynamic
// executable beside this one: the command is run again there, in this process (execv, same
// arguments, environment and process id). Every command asks for its module before it writes
// anything, so nothing is done twice.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "certify_module.hpp"
#include "parley/support/error.hpp"
#include "parley/support/modules.hpp"

namespace parley {
namespace {

// This process's arguments, from /proc/self/cmdline (NUL-separated).
std::vector<std::string> own_arguments() {
  std::vector<std::string> arguments;
  const int fd = ::open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return arguments;
  std::string text;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\0', start);
    arguments.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return arguments;
}

[[noreturn]] void run_in_modular_executable(std::string_view name, std::string_view needed_for) {
  const std::string path = executable_folder() + "parley-modular";
  std::vector<std::string> arguments = own_arguments();
  if (arguments.empty())
    throw Error(std::string(needed_for) + " needs the module " + std::string(name) +
                ".so, loaded by " + path + ", but this process's arguments cannot be read");
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  ::execv(path.c_str(), argv.data());
  throw Error(std::string(needed_for) + " needs the module " + std::string(name) +
              ".so, loaded by " + path + ", which cannot be started (" + std::strerror(errno) +
              "); both are built beside the parley executable: rebuild parley (cmake --build "
              "BUILD, or make build) or reinstall it with parley-modular and its .so modules");
}

}  // namespace

void* module_function(std::string_view name, const char* symbol, std::string_view needed_for,
                      bool /*global*/) {
  if (name == "parley-certify") {
    struct Entry {
      std::string_view symbol;
      void* function;
    };
    static const Entry entries[] = {
        {"parley_certify_run", reinterpret_cast<void*>(&parley_certify_run)},
        {"parley_record_write", reinterpret_cast<void*>(&parley_record_write)},
        {"parley_replay_run", reinterpret_cast<void*>(&parley_replay_run)},
        {"parley_countersign_run", reinterpret_cast<void*>(&parley_countersign_run)},
        {"parley_certify_words", reinterpret_cast<void*>(&parley_certify_words)},
        {"parley_keygen_run", reinterpret_cast<void*>(&parley_keygen_run)},
    };
    for (const auto& entry : entries)
      if (entry.symbol == symbol) return entry.function;
    throw Error(std::string(needed_for) + ": parley-certify has no function " + symbol +
                " (an internal error: please report it)");
  }
  run_in_modular_executable(name, needed_for);
}

}  // namespace parley
