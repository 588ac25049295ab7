#include "parley/support/modules.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "parley/support/error.hpp"

namespace parley {
namespace {

// The running executable's folder (from /proc/self/exe, so neither PATH nor the working folder
// matters), with a trailing '/'; empty when it cannot be read.
std::string executable_folder() {
  std::vector<char> buffer(4096);
  const ssize_t length = ::readlink("/proc/self/exe", buffer.data(), buffer.size());
  if (length <= 0 || static_cast<std::size_t>(length) >= buffer.size()) return {};
  std::string path(buffer.data(), static_cast<std::size_t>(length));
  return path.substr(0, path.rfind('/') + 1);
}

[[noreturn]] void fail(const std::string& path, std::string_view needed_for,
                       const std::string& reason) {
  throw Error(std::string(needed_for) + " needs the module " + path + ", which " + reason +
              "; it is built beside the parley executable: rebuild parley (cmake --build BUILD, "
              "or make build) or reinstall it with its .so modules");
}

}  // namespace

std::string module_path(std::string_view name) {
  return executable_folder() + std::string(name) + ".so";
}

void* module_function(std::string_view name, const char* symbol, std::string_view needed_for,
                      bool global) {
  const std::string path = module_path(name);
  if (::access(path.c_str(), R_OK) != 0)
    fail(path, needed_for, std::string("cannot be read (") + std::strerror(errno) + ")");
  void* module = ::dlopen(path.c_str(), RTLD_NOW | (global ? RTLD_GLOBAL : RTLD_LOCAL));
  if (module == nullptr) {
    const char* reason = ::dlerror();
    fail(path, needed_for,
         std::string("cannot be loaded: ") + (reason ? reason : "unknown reason"));
  }
  void* function = ::dlsym(module, symbol);
  if (function == nullptr)
    fail(path, needed_for,
         std::string("has no function ") + symbol + " (a module of another parley version?)");
  return function;
}

}  // namespace parley
