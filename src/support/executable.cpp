#include <unistd.h>

#include <string>
#include <vector>

#include "parley/support/modules.hpp"

namespace parley {

std::string executable_folder() {
  // From /proc/self/exe, so that neither PATH nor the working folder matters.
  std::vector<char> buffer(4096);
  const ssize_t length = ::readlink("/proc/self/exe", buffer.data(), buffer.size());
  if (length <= 0 || static_cast<std::size_t>(length) >= buffer.size()) return {};
  std::string path(buffer.data(), static_cast<std::size_t>(length));
  return path.substr(0, path.rfind('/') + 1);
}

std::string module_path(std::string_view name) {
  return executable_folder() + std::string(name) + ".so";
}

}  // namespace parley
