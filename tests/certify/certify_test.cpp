// parley certify against the two independent checkers (tools/check/parley_check.cpp with GMP,
// tools/parley_check.py with fractions) and against brute force in exact rationals written here
// from the generator's own integers (docs/certificates.md).
//  - Random small scenarios: every package's Pareto claim (pareto or not_pareto), the ideal
//    point, Nash, KS, egalitarian, utilitarian and the lottery Nash point equal brute force, and
//    both checkers accept every claim.
//  - The corpus: every certificate of every linear corpus scenario with at most 400,000 packages
//    is accepted by both checkers.
//  - Tampered certificates (a number changed, a leaf removed, a bound tightened by 1/1000, a
//    model number changed) are rejected by both.
#include <gmpxx.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "parley/certify/certify.hpp"
#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

using Json = nlohmann::ordered_json;

struct CheckerRun {
  int status = -1;
  std::string output;
};

CheckerRun run_command(const std::string& command) {
  CheckerRun run;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) run.output += buffer;
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string quoted(const std::string& path) { return "'" + path + "'"; }

mpq_class exact(const std::string& text) {
  mpq_class q(text);
  q.canonicalize();
  return q;
}

std::string rational_string(const mpq_class& q) {
  return q.get_den() == 1 ? q.get_num().get_str() : q.get_str();
}

std::string rational_text_plus(const std::string& text, const mpq_class& delta) {
  return rational_string(mpq_class(exact(text) + delta));
}

CheckerRun check_cpp(const std::string& scenario, const std::string& certificate) {
  return run_command(quoted(PARLEY_CHECK_EXE) + " " + quoted(scenario) + " " + quoted(certificate));
}

CheckerRun check_python(const std::string& scenario, const std::string& certificate) {
  return run_command("/usr/bin/python3 " +
                     quoted((test::source_dir() / "tools" / "parley_check.py").string()) + " " +
                     quoted(scenario) + " " + quoted(certificate));
}

// Both checkers accept: exit 0 and "N claims: N ok, 0 rejected, 0 not checked".
void expect_accepted(const std::string& scenario, const std::string& certificate,
                     std::size_t claims, const std::string& label) {
  const std::string summary = std::to_string(claims) + " claims: " + std::to_string(claims) +
                              " ok, 0 rejected, 0 not checked";
  for (const auto& [name, run] : {std::pair{"C++", check_cpp(scenario, certificate)},
                                  std::pair{"Python", check_python(scenario, certificate)}}) {
    EXPECT_EQ(run.status, 0) << label << ": the " << name << " checker:\n" << run.output;
    EXPECT_NE(run.output.find(summary), std::string::npos)
        << label << ": the " << name << " checker:\n"
        << run.output;
  }
}

// Both checkers reject: exit 1 and a "rejected" line, or (malformed: a split without a child
// for every value) exit 2 naming the field.
void expect_rejected(const std::string& scenario, const std::string& certificate,
                     const std::string& label, int status = 1) {
  for (const auto& [name, run] : {std::pair{"C++", check_cpp(scenario, certificate)},
                                  std::pair{"Python", check_python(scenario, certificate)}}) {
    EXPECT_EQ(run.status, status) << label << ": the " << name << " checker:\n" << run.output;
    EXPECT_NE(run.output.find(status == 1 ? "rejected" : "split"), std::string::npos)
        << label << ": the " << name << " checker:\n"
        << run.output;
  }
}

std::size_t written_claims(const Certificate& certificate) {
  std::size_t n = 0;
  for (const auto& c : certificate.claims)
    if (c.status != ClaimStatus::unproved) ++n;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Random small scenarios, with their exact numbers kept by the generator.

struct Generated {
  std::size_t parties = 0;
  std::vector<std::size_t> options;                   // per issue
  std::vector<std::vector<long>> weight;              // [party][issue], hundredths
  std::vector<std::vector<std::vector<long>>> score;  // [party][issue][option]
  std::vector<long> walk_away;                        // hundredths
  std::string yaml;

  mpq_class utility(std::size_t i, const std::vector<std::size_t>& x) const {
    long sum = 0;
    for (long w : weight[i]) sum += w;
    // Weights in hundredths: taken as written when they sum to 1 within 1e-6, else divided.
    const mpq_class divisor = sum == 100 ? mpq_class(100) : mpq_class(sum);
    mpq_class u = 0;
    for (std::size_t k = 0; k < options.size(); ++k) {
      long best = 0;
      for (long s : score[i][k]) best = std::max(best, s);
      if (best == 0) continue;
      mpq_class e(score[i][k][x[k]], best);
      e.canonicalize();
      u += mpq_class(weight[i][k]) / divisor * e;
    }
    u.canonicalize();
    return u;
  }
  mpq_class reservation(std::size_t i) const {
    mpq_class d(walk_away[i], 100);
    d.canonicalize();
    return d;
  }
};

Generated generate(std::mt19937_64& random) {
  Generated g;
  g.parties = 2 + random() % 2;
  const std::size_t issues = 1 + random() % 4;
  for (std::size_t k = 0; k < issues; ++k) g.options.push_back(2 + random() % 3);
  std::ostringstream yaml;
  yaml << "parley: 1\nname: random\nissues:\n";
  for (std::size_t k = 0; k < issues; ++k) {
    yaml << "  - name: i" << k << "\n    options: [";
    for (std::size_t o = 0; o < g.options[k]; ++o) yaml << (o ? ", " : "") << "o" << o;
    yaml << "]\n";
  }
  yaml << "parties:\n";
  g.weight.resize(g.parties);
  g.score.resize(g.parties);
  for (std::size_t i = 0; i < g.parties; ++i) {
    long sum = 0;
    for (std::size_t k = 0; k < issues; ++k) {
      g.weight[i].push_back(static_cast<long>(random() % 60));
      sum += g.weight[i].back();
    }
    if (sum == 0) g.weight[i][0] = 10;
    // Half the parties write weights summing to exactly 1.
    if (random() % 2 == 0) {
      long total = 0;
      for (std::size_t k = 0; k + 1 < issues; ++k) {
        g.weight[i][k] = static_cast<long>(random() % (101 - total));
        total += g.weight[i][k];
      }
      g.weight[i][issues - 1] = 100 - total;
    }
    g.walk_away.push_back(static_cast<long>(random() % 55));
    yaml << "  - name: p" << i << "\n    walk_away: " << g.walk_away[i] / 100.0 << "\n";
    yaml << "    weights: {";
    for (std::size_t k = 0; k < issues; ++k)
      yaml << (k ? ", " : "") << "i" << k << ": " << g.weight[i][k] / 100.0;
    yaml << "}\n    scores:\n";
    g.score[i].resize(issues);
    for (std::size_t k = 0; k < issues; ++k) {
      yaml << "      i" << k << ": {";
      for (std::size_t o = 0; o < g.options[k]; ++o) {
        g.score[i][k].push_back(static_cast<long>(random() % 10));
        yaml << (o ? ", " : "") << "o" << o << ": " << g.score[i][k][o];
      }
      yaml << "}\n";
    }
  }
  g.yaml = yaml.str();
  return g;
}

std::vector<std::vector<std::size_t>> all_packages(const Generated& g) {
  std::vector<std::vector<std::size_t>> out;
  std::vector<std::size_t> x(g.options.size(), 0);
  while (true) {
    out.push_back(x);
    std::size_t k = x.size();
    while (k > 0 && ++x[k - 1] == g.options[k - 1]) x[--k] = 0;
    if (k == 0) break;
  }
  return out;
}

std::vector<std::size_t> package_of(const Json& labels) {
  std::vector<std::size_t> x;
  for (const auto& label : labels) x.push_back(std::stoul(label.get<std::string>().substr(1)));
  return x;
}

TEST(Certify, RandomScenariosAgreeWithBruteForceAndBothCheckers) {
  std::mt19937_64 random(20261205);
  test::ScratchFolder folder;
  for (int round = 0; round < 30; ++round) {
    const Generated g = generate(random);
    const std::string label = "round " + std::to_string(round) + ":\n" + g.yaml;
    const auto path = (folder / ("random" + std::to_string(round) + ".yaml")).string();
    test::write_text_file(path, g.yaml);
    Warnings warnings;
    const auto scenario = load_scenario({path}, {}, warnings);
    CertifyOptions options;
    options.nash_lottery = options.kalai_smorodinsky_lottery = true;
    Outcome outcome(scenario->issue_count(), 0);
    do options.packages.push_back(outcome);
    while (scenario->space().next(outcome));
    const Certificate certificate = certify(*scenario, options);
    const auto cert_path = (folder / ("random" + std::to_string(round) + ".json")).string();
    save_certificate(certificate, cert_path);

    // Brute force, exactly.
    const std::size_t n = g.parties;
    const auto packages = all_packages(g);
    std::vector<std::vector<mpq_class>> u;
    for (const auto& x : packages) {
      std::vector<mpq_class> ux;
      for (std::size_t i = 0; i < n; ++i) ux.push_back(g.utility(i, x));
      u.push_back(ux);
    }
    auto pareto = [&](std::size_t a) {
      for (std::size_t b = 0; b < packages.size(); ++b) {
        bool ge = true, gt = false;
        for (std::size_t i = 0; i < n; ++i) {
          ge = ge && u[b][i] >= u[a][i];
          gt = gt || u[b][i] > u[a][i];
        }
        if (ge && gt) return false;
      }
      return true;
    };
    std::vector<std::size_t> rational;
    for (std::size_t a = 0; a < packages.size(); ++a) {
      bool ok = true;
      for (std::size_t i = 0; i < n; ++i) ok = ok && u[a][i] >= g.reservation(i);
      if (ok) rational.push_back(a);
    }
    std::vector<mpq_class> ideal(n, mpq_class(0));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t a : rational) ideal[i] = std::max(ideal[i], u[a][i]);
    mpq_class nash = -1, ks = -1, egal = -1, util = -1;
    for (std::size_t a : rational) {
      mpq_class p = 1, t = 1, e = 1'000'000, s = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const mpq_class gain = u[a][i] - g.reservation(i);
        p *= gain;
        if (ideal[i] > g.reservation(i))
          t = std::min(t, mpq_class(gain / (ideal[i] - g.reservation(i))));
        e = std::min(e, gain);
        s += u[a][i];
      }
      nash = std::max(nash, p);
      ks = std::max(ks, t);
      egal = std::max(egal, e);
      util = std::max(util, s);
    }
    // The lottery Nash point (two parties): the best product over every segment between two IR
    // packages, each segment's maximum in closed form.
    mpq_class lottery_nash = -1;
    if (n == 2)
      for (std::size_t a : rational)
        for (std::size_t b : rational) {
          const mpq_class g1 = u[a][0] - g.reservation(0), g2 = u[a][1] - g.reservation(1);
          const mpq_class b1 = u[b][0] - u[a][0], b2 = u[b][1] - u[a][1];
          mpq_class p = 0;
          if (sgn(b1 * b2) < 0)
            p = std::clamp(mpq_class(-(g1 * b2 + g2 * b1) / (2 * b1 * b2)), mpq_class(0),
                           mpq_class(1));
          for (const mpq_class& q : {mpq_class(0), mpq_class(1), p})
            lottery_nash = std::max(lottery_nash, mpq_class((g1 + q * b1) * (g2 + q * b2)));
        }

    const Json document = Json::parse(certificate.json);
    std::set<std::vector<std::size_t>> seen;
    std::map<std::string, int> kinds;
    for (const auto& claim : document["claims"]) {
      const std::string kind = claim["claim"];
      ++kinds[kind];
      if (kind == "pareto" || kind == "not_pareto") {
        const auto x = package_of(claim["package"]);
        const std::size_t a = std::find(packages.begin(), packages.end(), x) - packages.begin();
        ASSERT_LT(a, packages.size()) << label;
        EXPECT_EQ(pareto(a), kind == "pareto") << label << claim.dump();
        seen.insert(x);
      } else if (kind == "ideal") {
        const std::size_t i = claim["party"];
        EXPECT_EQ(exact(claim["value"].get<std::string>()), ideal[i]) << label;
      } else if (kind == "nash") {
        EXPECT_EQ(exact(claim["bound"].get<std::string>()), nash) << label;
      } else if (kind == "kalai_smorodinsky") {
        EXPECT_EQ(exact(claim["bound"].get<std::string>()), ks) << label;
      } else if (kind == "egalitarian") {
        EXPECT_EQ(exact(claim["bound"].get<std::string>()), egal) << label;
      } else if (kind == "utilitarian") {
        EXPECT_EQ(exact(claim["bound"].get<std::string>()), util) << label;
      } else if (kind == "nash_lottery") {
        const auto& us = claim["utilities"];
        const mpq_class product = (exact(us[0].get<std::string>()) - g.reservation(0)) *
                                  (exact(us[1].get<std::string>()) - g.reservation(1));
        EXPECT_EQ(product, lottery_nash) << label;
      }
    }
    EXPECT_EQ(seen.size(), packages.size()) << label;
    if (rational.empty()) {
      EXPECT_EQ(kinds["zone_empty"], 1) << label;
    } else {
      EXPECT_EQ(kinds["ideal"], static_cast<int>(n)) << label;
      EXPECT_EQ(kinds["nash"], 1) << label;
      EXPECT_EQ(kinds["kalai_smorodinsky"], 1) << label;
      EXPECT_EQ(kinds["egalitarian"], 1) << label;
      EXPECT_EQ(kinds["utilitarian"], 1) << label;
    }
    for (const auto& c : certificate.claims)
      EXPECT_NE(c.status, ClaimStatus::enumerated) << label << to_string(c.kind);
    expect_accepted(path, cert_path, written_claims(certificate), label);
  }
}

// ---------------------------------------------------------------------------------------------
// Tampering

class TamperedCertificate : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_path_ = (test::source_dir() / "examples" / "russia-japan.yaml").string();
    Warnings warnings;
    const auto scenario = load_scenario({scenario_path_}, {}, warnings);
    CertifyOptions options;
    certificate_ = certify(*scenario, options);
    document_ = Json::parse(certificate_.json);
  }

  std::string write(const Json& document, const std::string& name) {
    const auto path = (folder_ / name).string();
    test::write_text_file(path, document.dump(1));
    return path;
  }

  // The first claim of `kind` whose tree is a split, and a path to one of its leaves.
  Json* first_tree(Json& document, const std::string& kind) {
    for (auto& claim : document["claims"])
      if (claim["claim"] == kind && claim.contains("tree") && claim["tree"].contains("split"))
        return &claim["tree"];
    return nullptr;
  }

  test::ScratchFolder folder_;
  std::string scenario_path_;
  Certificate certificate_;
  Json document_;
};

TEST_F(TamperedCertificate, TheOriginalIsAccepted) {
  expect_accepted(scenario_path_, write(document_, "original.json"), written_claims(certificate_),
                  "original");
}

TEST_F(TamperedCertificate, AModelNumberChangedIsRejected) {
  Json changed = document_;
  auto& value = changed["model"]["contributions"][0][0][0];
  value = rational_text_plus(value.get<std::string>(), mpq_class(1, 1000));
  expect_rejected(scenario_path_, write(changed, "model.json"), "model number changed");
}

TEST_F(TamperedCertificate, ALeafRemovedIsRejected) {
  Json changed = document_;
  Json* tree = first_tree(changed, "nash");
  ASSERT_NE(tree, nullptr);
  // A child removed: the split no longer covers every value (malformed, exit 2).
  (*tree)["split"].erase((*tree)["split"].begin());
  expect_rejected(scenario_path_, write(changed, "leaf.json"), "child removed", 2);
  // A leaf replaced by its sibling's proof: well formed, but it proves the wrong node.
  changed = document_;
  tree = first_tree(changed, "nash");
  auto& children = (*tree)["split"];
  std::size_t replaced = 0;
  for (std::size_t a = 0; a < children.size() && !replaced; ++a)
    for (std::size_t b = 0; b < children.size() && !replaced; ++b)
      if (a != b && children[a].contains("leaf") && children[b] != children[a]) {
        children[b] = children[a];
        replaced = b + 1;
      }
  ASSERT_GT(replaced, 0u);
  expect_rejected(scenario_path_, write(changed, "sibling.json"), "leaf replaced by a sibling's");
}

TEST_F(TamperedCertificate, ABoundTightenedByAThousandthIsRejected) {
  for (const std::string kind : {"nash", "utilitarian", "egalitarian", "kalai_smorodinsky"}) {
    Json changed = document_;
    for (auto& claim : changed["claims"])
      if (claim["claim"] == kind) {
        claim["bound"] = rational_text_plus(claim["bound"].get<std::string>(), mpq_class(-1, 1000));
      }
    expect_rejected(scenario_path_, write(changed, kind + ".json"),
                    std::string("bound of ") + kind + " tightened by 1/1000");
  }
}

TEST_F(TamperedCertificate, AWitnessNumberChangedIsRejected) {
  // An ideal point claimed 1/1000 higher than the package reaches.
  Json changed = document_;
  for (auto& claim : changed["claims"])
    if (claim["claim"] == "ideal") {
      claim["value"] = rational_text_plus(claim["value"].get<std::string>(), mpq_class(1, 1000));
      break;
    }
  expect_rejected(scenario_path_, write(changed, "ideal.json"), "ideal value changed");
}

// ---------------------------------------------------------------------------------------------
// The corpus

TEST(Certify, EveryCorpusCertificateIsAcceptedByBothCheckers) {
  PARLEY_REQUIRE_CORPUS();
  test::ScratchFolder folder;
  std::size_t scenarios = 0, claims = 0;
  for (const auto& row : test::corpus_index()) {
    const auto outcomes = row.outcome_count();
    if (!row.linear() || !outcomes || *outcomes > 400'000) continue;
    Warnings warnings;
    ScenarioPtr scenario;
    try {
      scenario = test::load_corpus_folder(row.folder, warnings);
    } catch (const InputError&) {
      continue;  // a profile the loader refuses (all weights zero): tests/io covers it
    }
    CertifyOptions options;
    options.nash_lottery = options.kalai_smorodinsky_lottery = true;
    const Certificate certificate = certify(*scenario, options);
    std::size_t unproved = 0, enumerated = 0;
    for (const auto& c : certificate.claims) {
      unproved += c.status == ClaimStatus::unproved;
      enumerated += c.status == ClaimStatus::enumerated;
    }
    EXPECT_EQ(enumerated, 0u) << row.folder;
    // Lottery claims may stay unproved where parley's lottery is exact only within tolerance.
    for (const auto& c : certificate.claims) {
      if (c.kind != ClaimKind::nash_lottery && c.kind != ClaimKind::kalai_smorodinsky_lottery) {
        EXPECT_NE(c.status, ClaimStatus::unproved)
            << row.folder << " " << to_string(c.kind) << ": " << c.note;
      }
    }
    const auto path = (folder / "certificate.json").string();
    save_certificate(certificate, path);
    expect_accepted((test::corpus_dir() / row.folder).string(), path, written_claims(certificate),
                    row.folder);
    ++scenarios;
    claims += written_claims(certificate);
    (void)unproved;
  }
  EXPECT_GT(scenarios, 200u);
  std::cout << scenarios << " corpus scenarios, " << claims << " claims checked twice\n";
}

}  // namespace
}  // namespace parley
