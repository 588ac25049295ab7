// `parley serve`: the mediation service (HTTP JSON API and web page) on an embedded database.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_common.hpp"

#ifdef PARLEY_HAVE_SERVICE
#include "parley/service/mediation.hpp"
#include "parley/service/server.hpp"
#include "parley/service/store.hpp"
#endif

namespace parley::cli {

#ifdef PARLEY_HAVE_SERVICE
namespace {

service::Server* running_server = nullptr;

void stop_on_signal(int) {
  if (running_server) running_server->stop();
}

// The built page: --web, else <executable folder>/web (the build writes it there), else the
// source tree's web/dist.
std::string find_web_dir(const std::string& given, const char* argv0) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  std::error_code error;
  auto executable = fs::read_symlink("/proc/self/exe", error);
  if (error) executable = fs::absolute(argv0, error);
  for (const auto& candidate : {executable.parent_path() / "web", fs::path(PARLEY_SOURCE_WEB_DIR)})
    if (fs::exists(candidate / "index.html", error)) return candidate.string();
  return {};
}

}  // namespace
#endif

void register_serve(CLI::App& app, Runner& run) {
  auto* command = app.add_subcommand(
      "serve", "Run the mediation service: HTTP JSON API and web page on an embedded database");
#ifdef PARLEY_HAVE_SERVICE
  struct Arguments {
    service::ServerOptions server;
    std::string database = "parley.db";
    std::string port_file;
  };
  auto args = std::make_shared<Arguments>();
  command->add_option("--host", args->server.host, "Address to listen on")->capture_default_str();
  command->add_option("--port", args->server.port, "Port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  command->add_option("--db", args->database, "SQLite database file (created when missing)")
      ->capture_default_str();
  command->add_option("--web", args->server.web_dir, "Folder of the built web page");
  command->add_option("--cert", args->server.certificate_file, "TLS certificate (PEM)")
      ->check(CLI::ExistingFile);
  command->add_option("--key", args->server.private_key_file, "TLS private key (PEM)")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--rate", args->server.requests_per_second,
                   "Requests per second allowed per token")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command->add_option("--burst", args->server.burst, "Burst of requests allowed per token")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command->add_option("--threads", args->server.threads, "Worker threads")
      ->capture_default_str()
      ->check(CLI::Range(2, 1024));
  command->add_option("--port-file", args->port_file,
                      "Write the bound port to this file once listening (for scripts)");
  command->callback([&run, args] {
    run = [args] {
      args->server.web_dir = find_web_dir(args->server.web_dir, "parley");
      service::Database database(args->database);
      service::Mediation mediation(database);
      service::Server server(mediation, args->server);
      const int port = server.bind();
      std::cout << "parley serve: listening on " << (server.tls() ? "https" : "http") << "://"
                << args->server.host << ":" << port << "/ (database " << args->database
                << (args->server.web_dir.empty() ? ", no web page" : "") << ")" << std::endl;
      if (!args->port_file.empty()) {
        const auto temporary = args->port_file + ".tmp";
        std::ofstream(temporary) << port << "\n";
        std::filesystem::rename(temporary, args->port_file);
      }
      running_server = &server;
      std::signal(SIGINT, stop_on_signal);
      std::signal(SIGTERM, stop_on_signal);
      server.run();
      running_server = nullptr;
      return 0;
    };
  });
#else
  command->callback([&run] {
    run = [] {
      std::cerr << "error: this parley was built without the service (PARLEY_BUILD_SERVICE=OFF)\n";
      return 1;
    };
  });
#endif
}

}  // namespace parley::cli
