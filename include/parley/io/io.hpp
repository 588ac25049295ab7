// Reading and writing scenarios.
//
// Formats:
//  - native: parley's own YAML, written by hand by mediators (docs/scenario-format.md);
//  - GENIUS XML: one domain file plus one profile file per party (../shared/docs/genius-format.md),
//    linear-additive and ANAC 2014 hyper-rectangle profiles; Railway's constraint profiles are
//    refused;
//  - GeniusWeb JSON: domain.json plus LinearAdditiveUtilitySpace profiles.
// Every loader reports bad input as InputError (file, line when the parser gives one, field,
// what was found, what was expected) and non-fatal repairs (weights renormalised...) as warnings.
#pragma once

#include <string>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/model/uncertainty.hpp"
#include "parley/support/error.hpp"

namespace parley {

enum class Format { native, genius, geniusweb };

const char* to_string(Format format) noexcept;

struct LoadOptions {
  // Profiles to use, in party order: file names relative to the folder, or paths. Empty: the
  // folder's profile files, sorted by name, which must then be exactly two (GENIUS and GeniusWeb
  // do not say how many parties a domain has; a folder with more profiles, such as ANAC 2015's
  // alternatives per party, ItexvsCypressDomain's reservation variants or a 3-party ANAC 2016
  // domain, is refused with a message listing its files and the --profile flags to use).
  std::vector<std::string> profiles;
  // Without `profiles`: how many profiles the folder must hold, all of them taken as parties in
  // name order (`parley ... --parties 3` for a 3-party ANAC 2015-2018 folder); 0: exactly two.
  // kEveryProfile takes every profile, however many (used by corpus tests and benchmarks).
  std::size_t parties = 0;
  static constexpr std::size_t kEveryProfile = static_cast<std::size_t>(-1);
  // Discretisation of real issues for formats that declare none (GENIUS, GeniusWeb).
  std::uint32_t real_steps = Issue::default_real_steps;
};

// Detects the format of a path: a .yaml/.yml file is native; a folder or .xml file is GENIUS when
// it holds a negotiation_template domain; a folder or .json file is GeniusWeb.
Format detect_format(const std::string& path);

// The profile files of a GENIUS / GeniusWeb folder (or of the folder of a domain file), sorted by
// name, as load_scenario finds them; empty for a native file.
std::vector<std::string> folder_profiles(const std::string& path);

// Loads a scenario. `paths` is either one path (a native file, or a GENIUS / GeniusWeb folder, or
// a domain file whose folder holds the profiles) or a domain file followed by profile files.
ScenarioPtr load_scenario(const std::vector<std::string>& paths, const LoadOptions& options,
                          Warnings& warnings);
ScenarioPtr load_scenario(const std::string& path, Warnings& warnings);

// Native YAML.
ScenarioPtr load_native(const std::string& path, Warnings& warnings);
// Parses native YAML text; `origin` names the text in messages.
ScenarioPtr parse_native(const std::string& text, const std::string& origin, Warnings& warnings);
std::string to_native(const Scenario& scenario);
// One party's `uncertainty:` block alone, as YAML or JSON text in the native format's words
// (docs/robust.md), for Python and the service: `origin` names the text in messages and `field`
// the block ("parties.japan.uncertainty"). Issue and option names are checked when the party is
// built (PartyPreferences::uncertainty, build_party). Throws InputError naming the field.
UncertaintyStatements parse_uncertainty_block(const std::string& text, const std::string& origin,
                                              const std::string& field);
void save_native(const Scenario& scenario, const std::string& path);

// GENIUS XML.
ScenarioPtr load_genius(const std::string& domain_file, const std::vector<std::string>& profiles,
                        const LoadOptions& options, Warnings& warnings);
// Writes OUT_DIR/<name>-domain.xml and one OUT_DIR/<name>-<party>.xml per party; returns the
// paths written (domain first). Warns where GENIUS cannot hold a value exactly.
std::vector<std::string> save_genius(const Scenario& scenario, const std::string& out_dir,
                                     Warnings& warnings);

// GeniusWeb JSON.
ScenarioPtr load_geniusweb(const std::string& domain_file, const std::vector<std::string>& profiles,
                           const LoadOptions& options, Warnings& warnings);
// Writes OUT_DIR/<name>.json (the domain) and one OUT_DIR/<party>.json LinearAdditiveUtilitySpace
// per party (readers name parties after their files); returns the paths written (domain first).
// Warns where GeniusWeb cannot hold something: a reservation value that is not a package's (it
// holds a reservation bid), a discount factor, issue labels. Throws UnsupportedError for
// utilities that are not linear-additive.
std::vector<std::string> save_geniusweb(const Scenario& scenario, const std::string& out_dir,
                                        Warnings& warnings);

}  // namespace parley
