// parley certify: proofs of the analysis's claims; parley check: the standalone checker
// (docs/certificates.md). certify's exit codes: 0 every claim proved (or verified by enumeration),
// 1 an error or an unproved claim, 2 bad command-line usage. check's: those of parley-check.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <set>

#include "certify_module.hpp"
#include "cli_common.hpp"
#include "parley/support/modules.hpp"

namespace parley::cli {
namespace {

struct CertifyArgs {
  ScenarioArgs scenario;
  std::vector<std::string> claims;
  std::vector<std::string> packages;
  std::string output;
  std::uint64_t node_cap = CertifyOptions{}.node_cap;
  std::uint64_t enumeration_limit = CertifyOptions{}.enumeration_limit;
  std::size_t words = CertifyOptions{}.words_per_claim;
};

const std::set<std::string> kClaimNames = {"all",
                                           "frontier",
                                           "solutions",
                                           "ideal",
                                           "nash",
                                           "kalai-smorodinsky",
                                           "egalitarian",
                                           "utilitarian",
                                           "lotteries",
                                           "nash-lottery",
                                           "kalai-smorodinsky-lottery"};

int certify_command_run(const CertifyArgs& args) {
  if (!args.output.empty()) check_output_path(args.output, "--output", {".json"});
  const auto scenario = args.scenario.load();
  CertifySettings settings;
  settings.scenario = scenario.get();
  settings.output = args.output;
  CertifyOptions& options = settings.options;
  options.node_cap = args.node_cap;
  options.enumeration_limit = args.enumeration_limit;
  options.words_per_claim = args.words;
  const bool defaults = args.claims.empty();
  std::set<std::string> named(args.claims.begin(), args.claims.end());
  auto wants = [&](const std::string& name, bool by_default) {
    if (defaults) return by_default && args.packages.empty();
    return named.count(name) > 0 || named.count("all") > 0;
  };
  const bool solutions = wants("solutions", true);
  options.frontier = wants("frontier", true);
  options.ideal = solutions || wants("ideal", true);
  options.nash = solutions || wants("nash", true);
  options.kalai_smorodinsky = solutions || wants("kalai-smorodinsky", true);
  options.egalitarian = solutions || wants("egalitarian", true);
  options.utilitarian = solutions || wants("utilitarian", true);
  options.nash_lottery = wants("lotteries", false) || wants("nash-lottery", false);
  options.kalai_smorodinsky_lottery =
      wants("lotteries", false) || wants("kalai-smorodinsky-lottery", false);
  for (const auto& text : args.packages)
    options.packages.push_back(scenario->parse_outcome(text, "--package"));
  install_interrupt_handler();
  options.cancelled = interrupted;
  const auto run = reinterpret_cast<decltype(&parley_certify_run)>(
      module_function("parley-certify", "parley_certify_run", "parley certify"));
  return run(&settings);
}

}  // namespace

std::pair<std::string, std::string> solution_proofs(const Scenario& scenario, bool lotteries) {
  CertifySettings settings;
  settings.scenario = &scenario;
  settings.options.frontier = false;
  settings.options.nash_lottery = settings.options.kalai_smorodinsky_lottery = lotteries;
  settings.options.cancelled = interrupted;
  std::pair<std::string, std::string> words;
  const auto run = reinterpret_cast<decltype(&parley_certify_words)>(
      module_function("parley-certify", "parley_certify_words", "the proofs of the solutions"));
  run(&settings, &words.first, &words.second);
  return words;
}

static void define_certify(CLI::App* command, Runner& run) {
  auto args = std::make_shared<CertifyArgs>();
  args->scenario.add_to(*command);
  command
      ->add_option("--claim", args->claims,
                   "Claims to certify (repeatable or comma-separated): frontier, ideal, nash, "
                   "kalai-smorodinsky, egalitarian, utilitarian, solutions (the last five), "
                   "nash-lottery, kalai-smorodinsky-lottery, lotteries (both), all. Default: "
                   "frontier and solutions (none when --package is given)")
      ->delimiter(',')
      ->check(CLI::IsMember(kClaimNames));
  command->add_option("--package", args->packages,
                      "Also certify that this package is Pareto-optimal, or find one that "
                      "dominates it: \"ISSUE=OPTION, ...\" (repeatable)");
  command->add_option("-o,--output", args->output,
                      "Write the certificate here (.json) and print the claims in words; "
                      "without it the certificate goes to standard output");
  command
      ->add_option("--node-cap", args->node_cap,
                   "Largest proof tree of one claim; past it the claim is verified by exact "
                   "enumeration (when the space allows) but carries no proof")
      ->capture_default_str()
      ->check(whole_number(1, 100'000'000));
  command
      ->add_option("--enumeration-limit", args->enumeration_limit,
                   "Largest space enumerated for a claim past the node cap")
      ->capture_default_str()
      ->check(whole_number(0, std::uint64_t{1} << 40));
  command->add_option("--words", args->words, "Sentences of proof kept per claim")
      ->capture_default_str()
      ->check(whole_number(0, 1'000'000));
  command->callback([&run, args] { run = [args] { return certify_command_run(*args); }; });
}

Command certify_command() {
  return {"certify",
          "Prove the analysis's claims (Pareto-optimality, ideal point, Nash, KS, egalitarian, "
          "utilitarian): a certificate in exact rationals that parley check re-verifies",
          define_certify};
}

struct CheckArgs {
  std::string scenario, certificate;
  bool quiet = false;
};

static void define_check(CLI::App* command, Runner& run) {
  auto args = std::make_shared<CheckArgs>();
  command
      ->add_option("SCENARIO", args->scenario,
                   "The scenario the certificate is about: the native file, or the GENIUS / "
                   "GeniusWeb folder or domain file")
      ->required();
  command->add_option("CERT", args->certificate, "The certificate (JSON; - for standard input)")
      ->required();
  command->add_flag("--quiet", args->quiet, "Print only the summary line");
  command->callback([&run, args] {
    run = [args]() -> int {
      // The checker is a separate program sharing no code with parley: run it as it is.
      std::error_code error;
      const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
      const std::string checker =
          error ? std::string("parley-check") : (self.parent_path() / "parley-check").string();
      std::vector<std::string> argv{checker, args->scenario, args->certificate};
      if (args->quiet) argv.push_back("--quiet");
      std::vector<char*> pointers;
      for (auto& a : argv) pointers.push_back(a.data());
      pointers.push_back(nullptr);
      std::cout.flush();
      ::execv(checker.c_str(), pointers.data());
      std::cerr << "error: cannot run the checker " << checker << ": " << std::strerror(errno)
                << " (build it with the parley-check target: PARLEY_BUILD_CHECKER=ON)\n";
      return 2;
    };
  });
}

Command check_command() {
  return {"check",
          "Check a certificate with parley-check, the standalone exact checker (GMP) that shares "
          "no code with parley",
          define_check};
}

}  // namespace parley::cli
