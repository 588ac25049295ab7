// parley tournament FILE --out DIR [--threads N] [--resume]: runs a tournament on every core, or
// on every rank under mpirun, and prints the summary (docs/tournament.md). Ctrl-C (or SIGTERM)
// stops it cleanly: the journal keeps the finished negotiations for --resume, no final file is
// written, and the command exits with 130 (143).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli_common.hpp"
#include "parley/tournament/cluster.hpp"
#include "parley/tournament/tournament.hpp"

namespace parley::cli {
namespace {

struct TournamentArgs {
  std::string file;
  std::string out_dir;
  std::uint32_t threads = 0;
  bool resume = false;
  std::string isolation = "process";
  bool no_plot = false;
  bool quiet = false;
  double sync_interval = 0.5;
};

// A one-line progress bar with rate and ETA on stderr, redrawn at most ten times a second.
class ProgressBar {
 public:
  void operator()(std::uint64_t done, std::uint64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    const int width = 30;
    const int filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r[%.*s%.*s] %llu/%llu %5.1f%% %8.0f/s ETA %02d:%02d:%02d", filled,
                 "##############################", width - filled, "                              ",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0,
                 rate, static_cast<int>(eta / 3600), static_cast<int>(eta / 60) % 60,
                 static_cast<int>(eta) % 60);
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

int run_tournament_command(const TournamentArgs& args) {
  // The output folder first: a file in its place or an unwritable parent fails before any work.
  check_output_folder(args.out_dir, "--out");
  const auto cluster = join_cluster();
  TournamentRunOptions options;
  options.file = args.file;
  options.out_dir = args.out_dir;
  options.threads = args.threads;
  options.resume = args.resume;
  options.isolation = args.isolation == "thread" ? Isolation::thread : Isolation::process;
  options.plot = !args.no_plot;
  options.sync_interval_seconds = args.sync_interval;
  options.warn = [](const std::string& text) { std::cerr << "warning: " << text << '\n'; };
  if (cluster->rank() == 0 && !args.quiet && ::isatty(STDERR_FILENO))
    options.progress = ProgressBar{};
  install_interrupt_handler();
  options.cancelled = interrupted;
  TournamentReport report;
  try {
    report = run_tournament(std::move(options), *cluster);
  } catch (const Cancelled&) {
    if (cluster->rank() == 0 && interrupted() &&
        std::filesystem::exists(std::filesystem::path(args.out_dir) / "journal"))
      std::cerr << "\nthe journal in " << args.out_dir
                << " keeps the finished negotiations; --resume continues the tournament\n";
    throw;
  }
  if (!report.merged) return 0;
  if (!args.quiet) std::cout << render_summary(report.summary);
  // One write (std::cerr writes each piece at once).
  std::ostringstream line;
  line << report.ran << " negotiations run, " << report.resumed << " resumed, " << report.failures
       << " failed, on " << cluster->size() << " process(es) in " << report.seconds
       << " s (negotiations " << report.run_seconds << " s, merge " << report.merge_seconds
       << " s); results in " << args.out_dir << '\n';
  std::cerr << line.str();
  if (!report.plot_error.empty()) std::cerr << "warning: " << report.plot_error << '\n';
  return 0;
}

}  // namespace

// Defines the options of `parley tournament` and its runner (main.cpp: only when it is named).
static void define_tournament(CLI::App* command, Runner& run) {
  auto args = std::make_shared<TournamentArgs>();
  command->add_option("file", args->file, "Tournament file (YAML, see docs/tournament.md)")
      ->required();
  command->add_option("--out", args->out_dir, "Output folder for results and summary")->required();
  command
      ->add_option("--threads", args->threads,
                   "Workers per process (default: the machine's cores / ranks on it)")
      ->check(whole_number(1, 4096));
  command->add_flag("--resume", args->resume,
                    "Continue the run in --out: finished negotiations are kept, not redone");
  command
      ->add_option("--isolation", args->isolation,
                   "process: each worker is a child process, so per-negotiation time and "
                   "memory limits are enforced; thread: workers are threads (no hard limits)")
      ->check(CLI::IsMember({"process", "thread"}));
  command->add_flag("--no-plot", args->no_plot, "Do not draw agents.svg with gnuplot");
  command->add_flag("--quiet", args->quiet, "Print no summary and no progress bar");
  command
      ->add_option("--sync-interval", args->sync_interval,
                   "Seconds between fsyncs of the journal (0: after every negotiation)")
      ->check(real_number(0.0, 3600.0));
  command->callback([&run, args] { run = [args] { return run_tournament_command(*args); }; });
}

Command tournament_command() {
  return {
      "tournament",
      "Run a tournament file: every agent against every other on every scenario, in every role, "
      "repeated; on all cores, or across ranks under mpirun",
      define_tournament};
}

}  // namespace parley::cli
