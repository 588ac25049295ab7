// parley report: the printable brief of an analysis, as one self-contained HTML file and/or a PDF
// printed by headless Chromium (docs/brief.md).
// Exit codes: 0 success, 1 an error (also a bad output path, found before any work), 2 bad
// command-line usage (neither --html nor --pdf).
#include <algorithm>
#include <iostream>
#include <limits>

#include "cli_common.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/brief.hpp"
#include "parley/model/uncertainty.hpp"
#include "parley/robust/robust.hpp"

namespace parley::cli {
namespace {

struct ReportArgs {
  ScenarioArgs scenario;
  std::string html;
  std::string pdf;
  std::uint64_t budget = kDefaultWorkBudget;
  std::uint64_t seed = 1;
  bool lotteries = false;
  bool no_robust = false;
  bool no_proofs = false;
  std::uint64_t robust_samples = RobustOptions{}.samples;
};

int report(const ReportArgs& args) {
  if (args.html.empty() && args.pdf.empty()) {
    std::cerr << "error: report: give --html FILE.html, --pdf FILE.pdf or both\n";
    return 2;
  }
  // Every output is checked before the scenario is read or anything is computed.
  if (!args.html.empty()) check_brief_path(args.html, BriefFormat::html, "--html");
  if (!args.pdf.empty()) check_brief_path(args.pdf, BriefFormat::pdf, "--pdf");

  const auto scenario = args.scenario.load();
  install_interrupt_handler();
  AnalysisOptions options;
  options.frontier.cancelled = interrupted;
  options.frontier.budget = args.budget;
  options.frontier.seed = args.seed;
  options.seed = args.seed;
  options.lotteries = args.lotteries;
  const Analysis analysis = analyse(*scenario, options);

  BriefOptions brief_options;
  brief_options.plot.seed = args.seed;
  // Parties with uncertain preferences: the brief's "Under uncertainty" section (parley robust).
  const bool uncertain =
      std::any_of(scenario->parties().begin(), scenario->parties().end(),
                  [](const Party& party) { return party.uncertainty != nullptr; });
  if (uncertain && !args.no_robust) {
    RobustOptions robust_options;
    robust_options.samples = args.robust_samples;
    robust_options.seed = args.seed;
    robust_options.cancelled = interrupted;
    const RobustAnalysis robust = analyse_robust(*scenario, robust_options);
    brief_options.sections.push_back(
        {"uncertainty", "Under uncertainty", render_robust_brief(*scenario, robust)});
  }
  // The solutions' claims with their proofs in words (parley certify).
  if (!args.no_proofs)
    brief_options.sections.push_back(
        {"proofs", "Proofs", solution_proofs(*scenario, args.lotteries).second});
  const std::string html = render_brief_html(*scenario, analysis, brief_options);
  if (!args.html.empty()) {
    write_brief_html(html, args.html);
    std::cout << "Brief written to " << args.html << "\n";
  }
  if (!args.pdf.empty()) {
    PdfOptions pdf_options;
    pdf_options.cancelled = interrupted;
    write_pdf_from_html(html, args.pdf, pdf_options);
    std::cout << "PDF written to " << args.pdf << "\n";
  }
  return 0;
}

}  // namespace

// Defines the options of `parley report` and its runner (main.cpp: only when it is named).
static void define_report(CLI::App* command, Runner& run) {
  auto args = std::make_shared<ReportArgs>();
  args->scenario.add_to(*command);
  command->add_option("--html", args->html, "Write the brief to FILE.html (no network needed)");
  command->add_option("--pdf", args->pdf,
                      "Print the brief to FILE.pdf with headless Chromium (the chromium package)");
  command
      ->add_option("--budget", args->budget,
                   "Work budget in units (a few nanoseconds each), as for solve: it decides the "
                   "result, which is the same on any machine")
      ->capture_default_str()
      ->check(whole_number(1, std::uint64_t{1} << 62));
  command->add_option("--seed", args->seed, "Seed of every random choice (sampling, search)")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  command
      ->add_option("--robust-samples", args->robust_samples,
                   "Parties with uncertain preferences: Monte Carlo draws of the brief's \"Under "
                   "uncertainty\" section (as parley robust --samples)")
      ->capture_default_str()
      ->check(whole_number(1, 100'000'000));
  command->add_flag("--no-proofs", args->no_proofs,
                    "Leave out the \"Proofs\" section (each solution's claim proved in exact "
                    "arithmetic and said in words, as parley certify)");
  command->add_flag("--no-robust", args->no_robust,
                    "Leave out the \"Under uncertainty\" section even when some party's "
                    "preferences are uncertain");
  command->add_flag("--lotteries", args->lotteries,
                    "Also the lottery solutions (two parties): drawing lots between two packages, "
                    "only for divisible or repeatable matters");
  command->callback([&run, args] { run = [args] { return report(*args); }; });
}

Command report_command() {
  return {
      "report",
      "Write a printable brief of the analysis: one self-contained HTML file (summary, picture, "
      "tables, menu of deals, explanations) and/or a PDF through headless Chromium",
      define_report};
}

}  // namespace parley::cli
