// Format detection and the load_scenario dispatcher.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "io/enum_names.hpp"
#include "io/genius_common.hpp"
#include "parley/io/io.hpp"
#include "support/file_io.hpp"

namespace parley {
namespace fs = std::filesystem;
namespace {

std::string lower_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// Reads the first few KB of a file to tell a GENIUS domain from a profile (regular files only:
// a FIFO would block, a device never end).
std::string head_of(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return {};
  std::ifstream in(p, std::ios::binary);
  std::string text(4096, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

bool is_genius_domain(const fs::path& p) {
  return lower_extension(p) == ".xml" &&
         head_of(p).find("<negotiation_template") != std::string::npos;
}

bool is_genius_profile(const fs::path& p) {
  if (lower_extension(p) != ".xml") return false;
  const auto head = head_of(p);
  return head.find("<utility_space") != std::string::npos &&
         head.find("<negotiation_template") == std::string::npos;
}

// Folders with more files than this are refused (a scenario folder holds a few dozen).
constexpr std::size_t kMaxFolderFiles = 10'000;

std::vector<fs::path> sorted_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_error;
    if (it->is_regular_file(type_error)) files.push_back(it->path());
    if (files.size() > kMaxFolderFiles)
      throw InputError(dir.string(), std::nullopt, "folder",
                       "more than " + std::to_string(kMaxFolderFiles) + " files",
                       "a scenario folder (a domain file and its profiles)");
  }
  if (ec) throw IoError(dir.string(), "cannot list the folder", ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// What `path` is, or an InputError naming it (missing, too long, a loop, a FIFO or device).
detail::PathKind kind_of(const std::string& path) {
  if (path.empty())
    throw InputError(path, std::nullopt, "path", "an empty path", "a scenario file or folder");
  return detail::input_path_kind(path);
}

struct FolderParts {
  std::string domain;
  std::vector<std::string> profiles;
};

FolderParts genius_folder(const fs::path& dir) {
  FolderParts parts;
  for (const auto& f : sorted_files(dir)) {
    if (f.filename() == "pareto.xml") continue;  // GENIUS ships frontiers under this name
    if (is_genius_domain(f)) {
      if (!parts.domain.empty())
        throw InputError(dir.string(), std::nullopt, "domain",
                         "two domain files (" + parts.domain + ", " + f.string() + ")",
                         "exactly one negotiation_template file");
      parts.domain = f.string();
    } else if (is_genius_profile(f)) {
      parts.profiles.push_back(f.string());
    }
  }
  return parts;
}

FolderParts geniusweb_folder(const fs::path& dir) {
  FolderParts parts;
  for (const auto& f : sorted_files(dir)) {
    if (lower_extension(f) != ".json") continue;
    const auto head = head_of(f);
    if (head.find("UtilitySpace\"") != std::string::npos)
      parts.profiles.push_back(f.string());
    else if (head.find("\"issuesValues\"") != std::string::npos) {
      if (!parts.domain.empty())
        throw InputError(dir.string(), std::nullopt, "domain",
                         "two domain files (" + parts.domain + ", " + f.string() + ")",
                         "exactly one domain JSON file");
      parts.domain = f.string();
    }
  }
  return parts;
}

// GENIUS and GeniusWeb files do not say how many parties a domain has, and folders often hold
// more profiles than parties: several alternative profiles per party (ANAC 2015), variants that
// differ only in discount or reservation (ItexvsCypressDomain, SON, partydomain), a test profile
// (laptopdomain). A folder's profiles are therefore taken as its parties only when there are
// exactly two of them (a bilateral negotiation, as GENIUS sessions are by default); otherwise the
// parties are named, in order, with --profile (three for ANAC 2015-2018's 3-party domains).
constexpr std::size_t kUnnamedParties = 2;

std::string profile_flags(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : " ") + std::string("--profile ") + name;
  return text;
}

void check_profile_count(const fs::path& dir, const std::vector<std::string>& found,
                         std::size_t parties) {
  if (parties == LoadOptions::kEveryProfile) return;
  if (parties != 0) {
    if (found.size() == parties) return;
    throw InputError(dir.string(), std::nullopt, "--parties",
                     std::to_string(found.size()) + " profile files",
                     "exactly " + std::to_string(parties) +
                         " (one per party), or the parties named with --profile");
  }
  if (found.size() <= kUnnamedParties) return;  // fewer than two: the loader says so
  std::vector<std::string> names;
  for (const auto& path : found) names.push_back(fs::path(path).filename().string());
  std::string listed;
  for (const auto& name : names) listed += (listed.empty() ? "" : ", ") + name;
  const std::vector<std::string> two(names.begin(), names.begin() + 2);
  std::string expected =
      "the parties named, one --profile per party in party order (a folder is read without "
      "--profile only when it holds exactly 2 profiles: GENIUS and GeniusWeb do not say how many "
      "parties a domain has), e.g. " +
      profile_flags(two) + " for two of them";
  if (names.size() == 3)
    expected += ", or " + profile_flags(names) + " (or --parties 3) for three parties";
  throw InputError(dir.string(), std::nullopt, "profiles",
                   std::to_string(names.size()) + " profile files (" + listed + ")", expected);
}

std::vector<std::string> resolve_profiles(const fs::path& dir, const LoadOptions& options,
                                          const std::vector<std::string>& found) {
  if (options.profiles.empty()) {
    check_profile_count(dir, found, options.parties);
    return found;
  }
  std::vector<std::string> chosen;
  for (const auto& name : options.profiles) {
    fs::path p(name);
    std::error_code ec;
    if (!fs::exists(p, ec) && fs::exists(dir / p, ec)) p = dir / p;
    if (!fs::exists(p, ec))
      throw InputError(name, std::nullopt, "--profile", "no such file in " + dir.string(),
                       "one of the folder's profile files");
    if (kind_of(p.string()) != detail::PathKind::file)
      throw InputError(p.string(), std::nullopt, "--profile", "a folder", "a profile file");
    chosen.push_back(p.string());
  }
  return chosen;
}

}  // namespace

const char* to_string(Format format) noexcept { return detail::kFormatNames.name(format); }

Format detect_format(const std::string& path) {
  const fs::path p(path);
  if (kind_of(path) == detail::PathKind::folder) {
    if (!genius_folder(p).domain.empty()) return Format::genius;
    if (!geniusweb_folder(p).domain.empty()) return Format::geniusweb;
    throw InputError(path, std::nullopt, "folder", "no domain file",
                     "a GENIUS negotiation_template .xml or a GeniusWeb domain .json");
  }
  const auto ext = lower_extension(p);
  if (ext == ".yaml" || ext == ".yml") return Format::native;
  if (ext == ".xml") return Format::genius;
  if (ext == ".json") return Format::geniusweb;
  throw InputError(path, std::nullopt, "file name", "extension '" + ext + "'",
                   ".yaml/.yml (native), .xml (GENIUS) or .json (GeniusWeb)");
}

std::vector<std::string> folder_profiles(const std::string& path) {
  const fs::path p(path);
  const Format format = detect_format(path);
  if (format == Format::native) return {};
  const fs::path dir = kind_of(path) == detail::PathKind::folder ? p
                       : p.parent_path().empty()                 ? fs::path(".")
                                                                 : p.parent_path();
  return (format == Format::genius ? genius_folder(dir) : geniusweb_folder(dir)).profiles;
}

ScenarioPtr load_scenario(const std::string& path, Warnings& warnings) {
  return load_scenario(std::vector<std::string>{path}, LoadOptions{}, warnings);
}

namespace {

ScenarioPtr load_any(const std::vector<std::string>& paths, const LoadOptions& options,
                     Warnings& warnings) {
  const std::string& first = paths.front();
  const Format format = detect_format(first);
  if (format == Format::native) {
    if (paths.size() > 1 || !options.profiles.empty())
      throw InputError(first, std::nullopt, "arguments", "extra profile files",
                       "a native scenario alone (it holds every party)");
    return load_native(first, warnings);
  }
  const fs::path p(first);
  const bool folder = kind_of(first) == detail::PathKind::folder;
  const fs::path dir = folder ? p : p.parent_path().empty() ? fs::path(".") : p.parent_path();
  FolderParts parts = format == Format::genius ? genius_folder(dir) : geniusweb_folder(dir);
  if (!folder) {
    if (format == Format::genius && !is_genius_domain(p))
      throw InputError(first, std::nullopt, "root element", "not a negotiation_template",
                       "a GENIUS domain file first, then its profiles");
    parts.domain = first;
  }
  std::vector<std::string> profiles;
  for (std::size_t k = 1; k < paths.size(); ++k)
    if (kind_of(paths[k]) != detail::PathKind::file)
      throw InputError(paths[k], std::nullopt, "profile", "a folder", "a profile file");
  if (paths.size() > 1) {
    if (!options.profiles.empty())
      throw InputError(first, std::nullopt, "arguments", "both profile paths and --profile",
                       "one way of naming the profiles");
    profiles.assign(paths.begin() + 1, paths.end());
  } else {
    profiles = resolve_profiles(dir, options, parts.profiles);
  }
  if (parts.domain.empty())
    throw InputError(dir.string(), std::nullopt, "domain", "no domain file", "one domain file");
  return format == Format::genius ? load_genius(parts.domain, profiles, options, warnings)
                                  : load_geniusweb(parts.domain, profiles, options, warnings);
}

}  // namespace

ScenarioPtr load_scenario(const std::vector<std::string>& paths, const LoadOptions& options,
                          Warnings& warnings) {
  if (paths.empty())
    throw InputError("", std::nullopt, "scenario", "no path", "a scenario file or folder");
  // Whatever a parser or the file system throws comes out as a documented error.
  return detail::guarded_load(paths.front(), [&] { return load_any(paths, options, warnings); });
}

}  // namespace parley
