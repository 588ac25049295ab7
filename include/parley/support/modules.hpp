// Modules: the parts of the command-line tool that need heavy libraries (CBC for fair division,
// Open MPI for tournaments across ranks, SQLite / OpenSSL / cpp-httplib for `parley serve`) are
// shared libraries built beside the `parley` executable and loaded only by the command that needs
// them, so that every other command starts without loading those libraries (docs/performance.md,
// Start-up). The library (parley::core), the Python module and the tests link CBC directly and
// never load a module.
#pragma once

#include <string>
#include <string_view>

namespace parley {

// The folder of the running executable, with a trailing '/' (read from /proc/self/exe, so that
// neither PATH nor the working folder matters); empty when it cannot be read.
std::string executable_folder();

// The file of module `name` ("parley-cbc"): `<name>.so` in the folder of the running executable.
std::string module_path(std::string_view name);

// The address of the function `symbol` of module `name`, loading the module on first use (dlopen;
// it stays loaded until the process ends). `global`: its symbols also resolve the libraries it
// loads later (Open MPI's own plugins need that). `needed_for` names what needs it ("parley
// serve"). Throws Error naming the file looked for, the loader's reason and what to do when the
// module is missing, cannot be loaded or lacks the symbol.
void* module_function(std::string_view name, const char* symbol, std::string_view needed_for,
                      bool global = false);

}  // namespace parley
