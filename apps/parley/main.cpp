// parley: the command-line front-end. Each command lives in its own cmd_*.cpp and only
// translates arguments into library calls and prints the results. Exit codes (docs/errors.md):
// 0 success, 1 an error, 2 bad usage, 128 + signal when stopped by Ctrl-C (130) or SIGTERM (143).
// Exceptions that are not parley's own (the library maps what it knows; these are the last resort)
// are printed as a sentence of parley's, never as a library's raw message.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cli_common.hpp"
#include "parley/support/error.hpp"
#include "parley/support/version.hpp"

namespace {

// A message on one line of printable ASCII (anything else as \xNN), at most 300 bytes.
std::string printable(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text.substr(0, 300)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      out += c;
    } else {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

bool named(std::string_view name, int argc, char** argv) {
  for (int k = 1; k < argc; ++k)
    if (argv[k] == name) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  // `parley --version` alone is answered before the commands are defined (start-up:
  // docs/performance.md); the same line CLI11's flag prints.
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::cout << "parley " << parley::version << '\n';
    return 0;
  }
  CLI::App app{"parley: finds compromises acceptable to every side of a multi-issue dispute"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("parley ") + parley::version);
  parley::cli::Runner run;
  const parley::cli::Command commands[] = {
      parley::cli::info_command(),        parley::cli::convert_command(),
      parley::cli::negotiate_command(),   parley::cli::divide_command(),
      parley::cli::tournament_command(),  parley::cli::solve_command(),
      parley::cli::report_command(),      parley::cli::serve_command(),
      parley::cli::robust_command(),      parley::cli::manipulate_command(),
      parley::cli::quorum_command(),      parley::cli::improve_command(),
      parley::cli::mcp_command(),         parley::cli::certify_command(),
      parley::cli::check_command(),       parley::cli::replay_command(),
      parley::cli::countersign_command(), parley::cli::keygen_command()};
  // `parley COMMAND ...`: only that command is added. The others serve `parley --help` and usage
  // errors made before a command is chosen; once one is, CLI11 reads a later command name as an
  // argument of the first (require_subcommand(1)), so they change nothing there, and each costs
  // about 18,000 instructions of start-up (docs/performance.md, Start-up).
  const std::string_view first = argc > 1 ? std::string_view(argv[1]) : std::string_view();
  const bool command_first =
      std::any_of(std::begin(commands), std::end(commands),
                  [&](const auto& command) { return first == command.name; });
  for (const auto& command : commands) {
    if (command_first && first != command.name) continue;
    auto* subcommand = app.add_subcommand(command.name, command.description);
    // Only a command named on the command line can be chosen (a name anywhere counts: defining
    // one too many costs a little time, never a difference in behaviour).
    if (named(command.name, argc, argv)) command.define(subcommand, run);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help / --version exit 0; every usage error exits 2 (docs/errors.md).
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    return run ? run() : 2;
  } catch (const parley::Cancelled& e) {
    // Stopped by Ctrl-C or SIGTERM (cli_common.hpp): nothing half-done was written.
    if (const int signal_number = parley::cli::interrupt_signal(); signal_number != 0) {
      std::cerr << "cancelled\n";
      return 128 + signal_number;
    }
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (const parley::Error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory: the input is too large for this machine (docs/errors.md, "
                 "Limits)\n";
    return 1;
  } catch (const std::length_error&) {
    std::cerr << "error: out of memory: the input asks for a collection larger than memory "
                 "(docs/errors.md, Limits)\n";
    return 1;
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "error: " << (e.path1().empty() ? std::string("a path") : e.path1().string())
              << ": " << e.code().message() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: unexpected failure (please report it with the command that caused it): "
              << printable(e.what()) << '\n';
    return 1;
  } catch (...) {
    std::cerr << "error: unexpected failure (please report it with the command that caused it)\n";
    return 1;
  }
}
