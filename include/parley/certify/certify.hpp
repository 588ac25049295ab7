// Certificates: every claim parley makes about a scenario, with a proof anyone can check.
//
// A certificate (format parley-certificate/1, docs/certificates.md) holds the scenario's exact
// numbers (each decimal of the files read as the rational it denotes) and, per claim, a partition
// tree over the issues whose leaves are bounds checked issue by issue (a weighted sum of the
// parties' utilities is maximised one issue at a time: linear in the scenario's size even on
// 10^200-package spaces). Claims: each frontier package is Pareto-optimal (or a dominating
// package when it is not), the zone's ideal point (or that the zone is empty), the Nash,
// Kalai-Smorodinsky, egalitarian and utilitarian packages, and for two parties the lottery Nash
// and Kalai-Smorodinsky points. Methods: McConnell, Mehlhorn, Näher & Schweitzer, "Certifying
// algorithms" (2011); supporting weights and Lagrangian bounds (Geoffrion 1968); the AM-GM bound
// for Nash products. The checkers (tools/check/parley_check.cpp with GMP, tools/parley_check.py
// with fractions) share no code with this producer.
//
// The producer searches in floating point and verifies every leaf in exact rational arithmetic
// before writing it: a certificate it writes is one it has checked. A claim whose tree would
// exceed the node cap is verified by exact enumeration when the space allows it ("verified by
// enumeration only", no proof) and otherwise left unproved; it is never written as proved.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "parley/analysis/analysis.hpp"
#include "parley/model/scenario.hpp"

namespace parley {

enum class ClaimKind {
  pareto,
  not_pareto,
  zone_empty,
  ideal,
  utilitarian,
  egalitarian,
  nash,
  kalai_smorodinsky,
  nash_lottery,
  kalai_smorodinsky_lottery
};

const char* to_string(ClaimKind kind) noexcept;  // "pareto", "kalai_smorodinsky_lottery", ...

enum class ClaimStatus {
  proved,      // a certificate (tree or witness) the checkers verify
  enumerated,  // true by exact enumeration of every package; its proof exceeds the node cap
  unproved,    // neither: the node cap was reached on a space too large to enumerate
};

const char* to_string(ClaimStatus status) noexcept;  // "proved", "enumerated", "unproved"

struct CertifiedClaim {
  ClaimKind kind = ClaimKind::pareto;
  ClaimStatus status = ClaimStatus::proved;
  // The claim's package (the lottery's packages for lottery claims; none for zone_empty), and
  // for not_pareto the dominating package.
  std::vector<Outcome> packages;
  std::vector<std::string> probabilities;  // lottery claims: exact "p/q"
  std::optional<Outcome> dominated_by;
  std::size_t party = 0;  // ideal: the party
  // The criterion's exact value at the package and the proved bound ("p/q"); equal when the
  // package is exactly optimal (they differ when parley's tie tolerance chose a package a hair
  // below the best one). Empty for pareto, not_pareto, zone_empty.
  std::string value, bound;
  std::uint64_t nodes = 0, leaves = 0;
  // The proof in sentences, one per leaf (the first ones) and a closing line.
  std::vector<std::string> words;
  // Why a claim is unproved, or what a not_pareto claim replaces ("parley's frontier lists it
  // within its tolerance").
  std::string note;
};

struct CertifyOptions {
  AnalysisOptions analysis;  // the frontier and the solutions to certify
  bool frontier = true;      // one claim per frontier package
  bool ideal = true;         // the zone's ideal point, one claim per party (or: the zone is empty)
  bool nash = true;
  bool kalai_smorodinsky = true;  // brings the ideal claims it refers to
  bool egalitarian = true;
  bool utilitarian = true;
  // Lottery Nash and Kalai-Smorodinsky points (two parties; ignored for more).
  bool nash_lottery = false;
  bool kalai_smorodinsky_lottery = false;
  // Packages to certify Pareto-optimal or dominated, besides the frontier.
  std::vector<Outcome> packages;
  // Largest number of tree nodes of one claim; past it the claim falls back to enumeration.
  std::uint64_t node_cap = 100'000;
  // Largest space enumerated exactly for a claim past the node cap.
  std::uint64_t enumeration_limit = 2'000'000;
  // Sentences kept per claim (the rest are counted in a closing line).
  std::size_t words_per_claim = 12;
  // Polled between claims and nodes; true stops with Cancelled.
  std::function<bool()> cancelled;
};

struct Certificate {
  std::vector<CertifiedClaim> claims;
  // The certificate document (parley-certificate/1), ready to write.
  std::string json;
};

// Certifies the scenario's claims. The scenario must come from files (native YAML, or GENIUS /
// GeniusWeb with the domain and profiles in one folder), be linear-additive over discrete issues
// (categorical or integer), and its files must still hold the bytes it was read from: otherwise
// InputError naming what is missing. Throws Cancelled when options.cancelled says so.
Certificate certify(const Scenario& scenario, const CertifyOptions& options = {});

// The claims and their status for people: one line per claim, then the proofs in words.
std::string render_certificate_summary(const Scenario& scenario, const Certificate& certificate);

// The files a scenario was read from (a certificate or record is about their bytes): the format
// ("native", "genius", "geniusweb"), each file's plain name (they are all in one folder), path
// and SHA-256, the domain (or native file) first, and each party's file name. Throws
// UnsupportedError for a scenario built in memory or read from several folders, IoError when a
// file can no longer be read.
struct ScenarioFile {
  std::string name, path, sha256;
};
struct ScenarioFiles {
  std::string format;
  std::vector<ScenarioFile> files;
  std::vector<std::string> party_files;
};
ScenarioFiles scenario_files(const Scenario& scenario);

// The brief's "Proofs" section (parley report; BriefOptions::sections): each claim with its
// status and its proof in sentences, as XHTML (every scenario text escaped).
std::string render_certificate_brief(const Scenario& scenario, const Certificate& certificate);

// One party's exact preferences as a certificate's model holds them (docs/certificates.md): the
// JSON object {"contributions": [[p/q per value] per issue], "party": NAME, "reservation": p/q}
// with issues in scenario order, in canonical JSON (RFC 8785). What a record's commitment hashes.
// Throws UnsupportedError as certify() does.
std::string exact_preferences_json(const Scenario& scenario, std::size_t party);

// Writes the certificate document to `path` atomically (a temporary file beside it, synced, then
// renamed): an existing file is replaced only by a complete certificate. Throws IoError.
void save_certificate(const Certificate& certificate, const std::string& path);

}  // namespace parley
