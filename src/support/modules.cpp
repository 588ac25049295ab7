// module_function of the dynamic executable (the static one has its own: apps/parley/
// static_modules.cpp); module_path and executable_folder are in executable.cpp.
#include "parley/support/modules.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "parley/support/error.hpp"

namespace parley {
namespace {

[[noreturn]] void fail(const std::string& path, std::string_view needed_for,
                       const std::string& reason) {
  throw Error(std::string(needed_for) + " needs the module " + path + ", which " + reason +
              "; it is built beside the parley executable: rebuild parley (cmake --build BUILD, "
              "or make build) or reinstall it with its .so modules");
}

}  // namespace

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
