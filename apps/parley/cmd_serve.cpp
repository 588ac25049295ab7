// `parley serve`: the mediation service (HTTP JSON API and web page) on an embedded database.
// Its options are read and checked here; the service itself runs in the module parley-serve.so
// (serve_module.hpp), loaded only by this command.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli_common.hpp"

#ifdef PARLEY_HAVE_SERVICE
#include "parley/support/modules.hpp"
#include "serve_module.hpp"
#endif

namespace parley::cli {

#ifdef PARLEY_HAVE_SERVICE
namespace {

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

// The admin token: the file's text without its trailing line break and spaces.
std::string read_admin_token(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file.is_open())
    throw InputError(path, std::nullopt, "--admin-token-file", "no readable file",
                     "a file holding the admin token");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
    text.pop_back();
  if (text.size() < 16 || text.size() > 256)
    throw InputError(path, std::nullopt, "admin token", std::to_string(text.size()) + " characters",
                     "16 to 256 characters");
  for (const unsigned char c : text)
    if (c <= 0x20 || c >= 0x7f)
      throw InputError(path, std::nullopt, "admin token", "a space, control or non-ASCII byte",
                       "printable ASCII without spaces");
  return text;
}

}  // namespace
#endif

// Defines the options of `parley serve` and its runner (main.cpp: only when it is named).
static void define_serve(CLI::App* command, Runner& run) {
#ifdef PARLEY_HAVE_SERVICE
  struct Arguments : ServeSettings {
    std::string admin_token_file;
  };
  auto args = std::make_shared<Arguments>();
  command->add_option("--host", args->server.host, "Address to listen on")->capture_default_str();
  command->add_option("--port", args->server.port, "Port (0: any free port)")
      ->capture_default_str()
      ->check(whole_number(0, 65535));
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
      ->check(real_number(0.0, 1e9, false));
  command->add_option("--burst", args->server.burst, "Burst of requests allowed per token")
      ->capture_default_str()
      ->check(real_number(0.0, 1e9, false));
  command
      ->add_option("--threads", args->server.threads,
                   "Connection threads started in advance (more start as connections come, up to "
                   "--max-connections)")
      ->capture_default_str()
      ->check(whole_number(1, 4096));
  command
      ->add_option("--max-connections", args->server.max_connections,
                   "Connections served at once (a thread each); more wait in the listen backlog")
      ->capture_default_str()
      ->check(whole_number(1, 4096));
  command
      ->add_option("--header-timeout", args->server.header_timeout_seconds,
                   "Seconds a request line and its headers may take, whole")
      ->capture_default_str()
      ->check(real_number(0.1, 3600.0));
  command
      ->add_option("--body-timeout", args->server.body_timeout_seconds,
                   "Seconds a body, its handling and the response may take, whole")
      ->capture_default_str()
      ->check(real_number(0.1, 3600.0));
  command
      ->add_option("--create-rate", args->server.creations_per_minute,
                   "Negotiations one client address may create per minute")
      ->capture_default_str()
      ->check(real_number(0.0, 1e9, false));
  command
      ->add_option("--create-burst", args->server.creation_burst,
                   "Negotiations one client address may create at once")
      ->capture_default_str()
      ->check(real_number(0.0, 1e9, false));
  command->add_option(
      "--admin-token-file", args->admin_token_file,
      "File holding the admin token (16-256 printable ASCII characters, no space); when given, "
      "POST /api/negotiations needs Authorization: Bearer <admin token>");
  command->add_option(
      "--trusted-proxy", args->server.trusted_proxy,
      "IP address of a reverse proxy: its requests are charged to the client in the "
      "last X-Forwarded-For hop");
  command
      ->add_option("--analysis-seconds", args->analysis.time_cap_seconds,
                   "Time cap of one analysis in seconds (0: none); on the cap the negotiation "
                   "returns to collecting with a notice")
      ->capture_default_str()
      ->check(real_number(0.0, 1e9));
  command
      ->add_option("--analysis-budget,--analysis-evaluations", args->analysis.budget,
                   "Work budget of one analysis in units (as parley solve --budget): exact when "
                   "the exact method fits, else the best approximation it reaches")
      ->capture_default_str()
      ->check(whole_number(1, std::uint64_t{1} << 62));
  command->add_option("--analysis-workers", args->analysis.workers, "Analyses run at once")
      ->capture_default_str()
      ->check(whole_number(1, 64));
  command
      ->add_option("--analysis-queue", args->analysis.max_queued,
                   "Analyses that may wait; a submission that would start one more gets 503")
      ->capture_default_str()
      ->check(whole_number(1, 100000));
  command->add_option("--signing-key", args->signing_key,
                      "Ed25519 private key (PEM) that signs every negotiation's record; created "
                      "(readable by you only) when missing. Default: the database's path with "
                      "\".signing-key.pem\" added");
  command->add_option("--port-file", args->port_file,
                      "Write the bound port to this file once listening (for scripts)");
  command->callback([&run, args] {
    run = [args] {
      if (!args->port_file.empty()) check_output_path(args->port_file, "--port-file");
      if (!args->admin_token_file.empty())
        args->server.admin_token = read_admin_token(args->admin_token_file);
      args->server.web_dir = find_web_dir(args->server.web_dir, "parley");
      const auto serve = reinterpret_cast<decltype(&parley_serve_run)>(
          module_function("parley-serve", "parley_serve_run", "parley serve"));
      return serve(args.get());
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

Command serve_command() {
  return {"serve", "Run the mediation service: HTTP JSON API and web page on an embedded database",
          define_serve};
}

}  // namespace parley::cli
