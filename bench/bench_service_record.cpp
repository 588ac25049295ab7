// The mediation service's signed records (docs/records.md): what the last acceptance costs (the
// agreement's Pareto certificate, computed before the write transaction) and what an auditor's
// replay with every party's reveal costs (the state machine, the analysis again, the certificate
// again), on the office move of tests/service/README.md (2 parties, 2 x 3 x 2 packages) and on the
// service's largest negotiation (10 parties, 20 issues of 30 options: 30^20 packages).
//   build-lead/bench/parley_bench_service_record --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include "parley/service/mediation_service.hpp"
#include "parley/service/record.hpp"
#include "service_test_support.hpp"

namespace {

using namespace parley::service;

struct Agreed {
  NegotiationState state;
  std::vector<std::string> lines, reveals;
};

// A negotiation driven to its agreement on draft 1 through the service (in memory).
Agreed agreed(std::size_t parties, std::size_t issues, std::size_t options) {
  Database database(":memory:");
  MediationService mediation(database);
  const bool office = parties == 2;
  const auto spec = office ? test::office_spec() : test::large_spec(parties, issues, options);
  const auto invitation = mediation.create(parse_negotiation_spec(spec, mediation.limits()));
  std::vector<Caller> callers;
  for (const auto& token : invitation.party_tokens)
    callers.push_back(mediation.authenticate(token));
  for (std::size_t p = 0; p < callers.size(); ++p)
    mediation.submit_preferences(
        callers[p], office ? (p == 0 ? test::staff_preferences() : test::management_preferences())
                           : test::random_preferences(issues, options, 11 + p, 0.1));
  test::wait_for_phase([&] { return mediation.party_view(callers[0]); }, "drafting", 600);
  for (const auto& caller : callers) mediation.vote(caller, 1, true);
  Agreed result;
  result.state = *database.read([&](Connection& connection) {
    return load_negotiation(connection, invitation.negotiation_id);
  });
  const std::string text = mediation.record_document(callers[0]);
  for (std::size_t from = 0; from < text.size();) {
    const auto end = text.find('\n', from);
    result.lines.push_back(text.substr(from, end - from));
    from = end + 1;
  }
  for (const auto& caller : callers) {
    auto reveal = mediation.reveal_document(caller);
    reveal.pop_back();
    result.reveals.push_back(reveal);
  }
  return result;
}

const Agreed& negotiation(std::int64_t which) {
  static const Agreed office = agreed(2, 2, 3);
  static const Agreed largest = agreed(10, 20, 30);
  return which == 0 ? office : largest;
}

void BM_CertifyAgreement(benchmark::State& state) {
  const Agreed& n = negotiation(state.range(0));
  for (auto _ : state) {
    auto certificate = certify_agreement(n.state, n.state.agreement->package);
    if (!certificate || certificate->claim != "pareto") state.SkipWithError("not certified");
    benchmark::DoNotOptimize(certificate);
  }
  state.SetLabel(state.range(0) == 0 ? "office move 2x(3x2)" : "10 parties, 30^20 packages");
}

void BM_ReplayWithEveryReveal(benchmark::State& state) {
  const Agreed& n = negotiation(state.range(0));
  for (auto _ : state) {
    auto replay = replay_service_record(n.lines, n.reveals);
    if (!replay.verdict.ok || !replay.certificate_json)
      state.SkipWithError(replay.verdict.message.c_str());
    benchmark::DoNotOptimize(replay);
  }
  state.counters["lines"] = static_cast<double>(n.lines.size());
  state.SetLabel(state.range(0) == 0 ? "office move 2x(3x2)" : "10 parties, 30^20 packages");
}

}  // namespace

BENCHMARK(BM_CertifyAgreement)->DenseRange(0, 1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplayWithEveryReveal)->DenseRange(0, 1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
