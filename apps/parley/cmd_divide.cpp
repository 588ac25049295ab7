// parley divide: share out items (or rooms and rent) fairly and print the division and its checks
// (a report, or JSON with --json).
#include <cctype>
#include <filesystem>
#include <iostream>

#include "cli_common.hpp"
#include "parley/fair/fair_division.hpp"

namespace parley::cli {


// Defines the options of `parley divide` and its runner (main.cpp: only when it is named).
static void define_divide(CLI::App* command, Runner& run) {
  auto args = std::make_shared<ScenarioArgs>();
  auto method_name = std::make_shared<std::string>();
  auto rent_text = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  args->add_to(*command);
  command
      ->add_option("--method", *method_name,
                   "adjusted-winner | mnw | leximin | utilitarian | rent (default: rent for a "
                   "room table, adjusted-winner for two parties, mnw otherwise)")
      ->check(CLI::IsMember(std::vector<std::string>{"adjusted-winner", "aw", "mnw", "nash",
                                                     "leximin", "utilitarian", "rent"}));
  command->add_option("--rent", *rent_text,
                      "Total rent for --method rent (default: the common sum of every person's "
                      "values)");
  command->add_flag("--json", *json,
                    "Print JSON (schema parley-divide/1: docs/fair-division.md); warnings are "
                    "also listed in it");
  command->callback([&run, args, method_name, rent_text, json] {
    run = [args, method_name, rent_text, json] {
      // The rent is checked before the table or scenario is read.
      fair::DivideOptions options;
      if (!rent_text->empty()) {
        const auto rent = fair::parse_rational(*rent_text);
        if (!rent)
          throw InputError("command line", std::nullopt, "--rent", "\"" + *rent_text + "\"",
                           "a number");
        if (*rent < 0)
          throw InputError("command line", std::nullopt, "--rent", "\"" + *rent_text + "\"",
                           "a total rent >= 0");
        options.total_rent = *rent;
      }
      Warnings warnings;
      fair::DivisionInstance instance;
      if (is_table(args->paths)) {
        instance = fair::load_division_table(args->paths.front());
      } else {
        const auto scenario = args->load();
        instance = fair::division_instance_from_scenario(*scenario, warnings);
      }
      const auto method = method_name->empty() ? fair::default_division_method(instance)
                                               : *fair::parse_division_method(*method_name);
      const auto division = fair::divide(instance, method, options, warnings);
      print_warnings(warnings);
      std::cout << (*json ? fair::render_division_json(division, warnings) + "\n"
                          : fair::describe_division(division));
      return 0;
    };
  });
}

Command divide_command() {
  return {"divide",
          "Share out items fairly (Adjusted Winner, maximum Nash welfare, leximin, utilitarian) or "
          "divide rent, from a CSV table or a scenario whose issues are \"who gets item X\"",
          define_divide};
}

}  // namespace parley::cli
