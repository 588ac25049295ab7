// parley: the command-line front-end. Each command lives in its own cmd_*.cpp and only
// translates arguments into library calls and prints the results. Exit codes (docs/errors.md):
// 0 success, 1 an error, 2 bad usage, 128 + signal when stopped by Ctrl-C (130) or SIGTERM (143).
#include <exception>
#include <iostream>
#include <string>

#include "cli_common.hpp"
#include "parley/support/error.hpp"
#include "parley/support/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"parley: finds compromises acceptable to every side of a multi-issue dispute"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("parley ") + parley::version);
  parley::cli::Runner run;
  parley::cli::register_info(app, run);
  parley::cli::register_convert(app, run);
  parley::cli::register_negotiate(app, run);
  parley::cli::register_divide(app, run);
  parley::cli::register_tournament(app, run);
  parley::cli::register_solve(app, run);
  parley::cli::register_report(app, run);
  parley::cli::register_serve(app, run);
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
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
