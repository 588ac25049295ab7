// The session engine: SAOP, and the multi-offer protocols AMOP and MOPAC (negotiation.hpp).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <exception>

#include "negotiate/enum_names.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"

namespace parley {

const char* to_string(EndReason reason) noexcept { return detail::kEndReasonNames.name(reason); }

const char* to_string(ActionKind kind) noexcept { return detail::kActionKindNames.name(kind); }

const char* to_string(Protocol protocol) noexcept { return detail::kProtocolNames.name(protocol); }

Protocol parse_protocol(std::string_view text, std::string_view field) {
  std::string lower(text);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "sao") return Protocol::saop;
  if (const auto protocol = detail::kProtocolNames.parse(lower)) return *protocol;
  throw InputError("session", std::nullopt, std::string(field), "'" + std::string(text) + "'",
                   "saop (or sao), amop or mopac");
}

std::size_t round_limit(const SessionOptions& options) noexcept {
  if (options.rounds) return *options.rounds;
  return options.time_limit_seconds > 0.0 ? 0 : SessionOptions::default_rounds;
}

namespace {

std::vector<std::unique_ptr<Negotiator>> make_all(const std::vector<AgentSpec>& specs,
                                                  const AgentRegistry* registry) {
  std::vector<std::unique_ptr<Negotiator>> agents;
  for (const auto& s : specs) agents.push_back(registry ? registry->make(s) : make_negotiator(s));
  return agents;
}

std::vector<std::string> labels_of(const std::vector<AgentSpec>& specs) {
  std::vector<std::string> labels;
  for (const auto& s : specs) labels.push_back(to_string(s));
  return labels;
}

// SplitMix64 step: derives independent per-seat seeds from the session seed.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t seat) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ull * (seat + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

struct TurnFailure {
  std::string kind, message;
};

void check_seconds(double seconds, const char* field) {
  if (!std::isfinite(seconds) || seconds < 0.0)
    throw InputError("session", std::nullopt, field, format_number(seconds),
                     "a finite number of seconds > 0, or 0 for none");
}

// What the protocol cannot honour is refused before any agent starts.
void check_options(const SessionOptions& options) {
  check_seconds(options.time_limit_seconds, "time_limit_seconds");
  check_seconds(options.turn_budget_seconds, "turn_budget_seconds");
  const bool timed = options.time_limit_seconds > 0.0;
  if (options.rounds == std::size_t{0} && !timed)
    throw InputError("session", std::nullopt, "rounds", "0 (no round limit) and no time limit",
                     "a round count > 0, or a time limit (time_limit_seconds > 0)");
  if (options.quorum && options.protocol != Protocol::mopac)
    throw InputError("session", std::nullopt, "quorum",
                     std::string("a quorum rule under ") + to_string(options.protocol),
                     "mopac (the other protocols need every party)");
  if (options.record_trace && timed && round_limit(options) == 0)
    throw InputError("session", std::nullopt, "record_trace",
                     "a trace of a session with a time limit and no round limit (it would grow "
                     "with every turn, without bound)",
                     "a round count (rounds) with the time limit, or no trace");
}

}  // namespace

Session::Session(ScenarioPtr scenario, std::vector<AgentSpec> agents, SessionOptions options,
                 OfferIndexCache* cache, const AgentRegistry* registry)
    : Session(scenario, make_all(agents, registry), labels_of(agents), options, cache) {}

Session::Session(ScenarioPtr scenario, std::vector<std::unique_ptr<Negotiator>> agents,
                 std::vector<std::string> labels, SessionOptions options, OfferIndexCache* cache)
    : scenario_(std::move(scenario)),
      agents_(std::move(agents)),
      labels_(std::move(labels)),
      options_(options) {
  if (!scenario_) throw InputError("session", std::nullopt, "scenario", "none", "a scenario");
  const auto n = scenario_->party_count();
  if (agents_.size() != n)
    throw InputError("session", std::nullopt, "agents", std::to_string(agents_.size()) + " agents",
                     "one agent per party (" + std::to_string(n) + ")");
  for (const auto& a : agents_)
    if (!a) throw InputError("session", std::nullopt, "agents", "a null agent", "an agent");
  labels_.resize(n);
  check_options(options_);
  if (options_.quorum) {
    const auto& rule = *options_.quorum;
    if (rule.required < 1 || rule.required > n)
      throw InputError("session", std::nullopt, "quorum", std::to_string(rule.required),
                       "between 1 and the number of parties (" + std::to_string(n) + ")");
    for (const auto v : rule.veto)
      if (v >= n)
        throw InputError("session", std::nullopt, "quorum.veto", std::to_string(v),
                         "a party index below " + std::to_string(n));
  }
  views_.reserve(n);
  for (std::size_t p = 0; p < n; ++p)
    views_.push_back(PartyView::of(scenario_, p, cache ? cache->get(scenario_, p) : nullptr));
}

Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

SessionResult Session::run() {
  if (played_) throw UnsupportedError("a Session plays once; make a new one to play again");
  played_ = true;
  const auto& scenario = *scenario_;
  const std::size_t n = scenario.party_count();
  const double time_limit = options_.time_limit_seconds;
  const bool wall = time_limit > 0.0;
  const std::size_t rounds = round_limit(options_);
  const double budget = options_.turn_budget_seconds;
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };

  SessionResult result;
  auto record = [&](std::size_t round, double time, std::size_t actor, ActionKind kind,
                    const Outcome* package) {
    if (!options_.record_trace) return;
    TraceEvent event{round, time, actor, kind, {}, {}};
    if (package) {
      event.package = *package;
      event.utilities = scenario.utilities(*package);
    }
    result.trace.push_back(std::move(event));
  };
  // Every opponent model an agent keeps, against the true utilities (SessionOptions::
  // model_quality). An agent whose estimate throws is left out.
  auto measure_models = [&](SessionResult& out) {
    for (std::size_t p = 0; p < n; ++p) {
      const Outcome probe = views_[p].index().outcome(views_[p].index().best_entry());
      for (std::size_t j = 0; j < n; ++j) {
        if (j == p) continue;
        try {
          if (!agents_[p]->opponent_estimate(j, probe)) continue;
          out.model_quality.push_back(measure_model_quality(
              scenario, p, j,
              [&](const Outcome& outcome) {
                return agents_[p]->opponent_estimate(j, outcome).value_or(0.0);
              },
              options_.model_quality_options));
        } catch (const std::exception&) {
          continue;
        }
      }
    }
  };
  // Payoffs are discounted at the time of the last turn; a deadline ends at t = 1.
  auto finish = [&](EndReason reason, std::size_t round, double time) {
    const double payoff_time = reason == EndReason::deadline ? 1.0 : time;
    result.reason = reason;
    result.round = round;
    result.time = time;
    if (result.outcome && result.deals.empty())
      result.deals.push_back(Deal{*result.outcome, {}, round, time});
    if (result.outcome && result.deals.front().parties.empty())
      for (std::size_t p = 0; p < n; ++p) result.deals.front().parties.push_back(p);
    result.utilities.resize(n);
    result.discounted_utilities.resize(n);
    for (std::size_t p = 0; p < n; ++p) {
      double u = scenario.party(p).reservation_value, when = payoff_time;
      for (const auto& deal : result.deals)
        if (std::find(deal.parties.begin(), deal.parties.end(), p) != deal.parties.end()) {
          u = scenario.utility(p, deal.package);
          when = deal.time;
        }
      result.utilities[p] = u;
      result.discounted_utilities[p] = views_[p].discounted(u, when);
    }
    if (options_.model_quality) measure_models(result);
    result.seconds = elapsed();
    return result;
  };

  // Runs one agent call, turning exceptions and overruns into a failure.
  std::optional<TurnFailure> failure;
  // `timed`: the per-turn budget applies (every call but start(), which is not a turn: a remote
  // agent's process starts then, and waits under its own start limit).
  auto guarded = [&](auto&& call, bool timed = true) {
    const double limit = timed ? budget : 0.0;
    const auto call_start =
        limit > 0.0 ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    try {
      call();
    } catch (const std::exception& e) {
      failure = TurnFailure{"exception", e.what()};
      return false;
    } catch (...) {
      failure = TurnFailure{"exception", "a non-standard exception"};
      return false;
    }
    if (limit > 0.0) {
      const double spent =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - call_start).count();
      if (spent > limit) {
        failure = TurnFailure{"time budget", "took " + format_number(spent) + " s, budget " +
                                                 format_number(budget) + " s"};
        return false;
      }
    }
    return true;
  };
  auto fail = [&](std::size_t party, std::size_t round, double time) {
    result.failure = AgentFailure{party, failure->kind, failure->message};
    if (options_.record_trace)
      result.trace.push_back(TraceEvent{round, time, party, ActionKind::failure, {}, {}});
    return finish(EndReason::failure, round, time);
  };

  SessionInfo info;
  info.party_count = n;
  for (std::size_t p = 0; p < n; ++p) info.party_names.push_back(scenario.party(p).name);
  info.rounds = rounds;
  info.turn_budget_seconds = options_.turn_budget_seconds;
  for (std::size_t p = 0; p < n; ++p) {
    info.seed = mix_seed(options_.seed, p);
    if (!guarded([&] { agents_[p]->start(views_[p], info); }, false)) return fail(p, 0, 0.0);
  }

  Outcome standing, proposal;
  standing.reserve(scenario.issue_count());
  proposal.reserve(scenario.issue_count());
  bool has_standing = false;
  std::size_t accepts = 0;
  std::size_t last_round = 0;
  double last_time = 0.0;
  auto notify = [&](std::size_t actor, ObservedAction::Kind kind, const Outcome* package,
                    const TurnState& when) {
    const ObservedAction action{kind, actor, when, package};
    for (std::size_t p = 0; p < n; ++p) {
      if (p == actor) continue;
      if (!guarded([&] { agents_[p]->observe(action); })) return p;
    }
    return n;
  };

  // The normalised time of seat `seat`'s turn in round `round`: the larger of the round and the
  // wall-clock fractions of the deadlines that apply; >= 1 once the wall-clock deadline passed.
  auto time_of = [&](std::size_t round, std::size_t seat) {
    double time = 0.0;
    if (rounds > 0)
      time = (static_cast<double>(round) + static_cast<double>(seat) / static_cast<double>(n)) /
             static_cast<double>(rounds);
    if (wall) time = std::max(time, elapsed() / time_limit);
    return time;
  };
  if (options_.protocol != Protocol::saop) {
    // AMOP and MOPAC (see negotiation.hpp): offer, voting and (MOPAC) opt-in phases per round.
    const bool mopac = options_.protocol == Protocol::mopac;
    QuorumRule rule;
    if (options_.quorum) {
      rule = *options_.quorum;
    } else {
      rule.required = n;
    }
    std::vector<bool> active(n, true);  // still negotiating (not left, no deal yet)
    std::vector<Outcome> offers(n);
    // votes[s][p]: party p votes for seat s's offer of this round.
    std::vector<std::vector<bool>> votes(n, std::vector<bool>(n, false));
    auto active_count = [&] {
      return static_cast<std::size_t>(std::count(active.begin(), active.end(), true));
    };
    // The rule can still pass among the parties still negotiating.
    auto can_pass = [&] { return !mopac || passes(rule, active); };
    auto ended = [&](std::size_t round, double time, EndReason none) {
      if (result.deals.empty()) return finish(none, round, time);
      bool everyone = result.deals.size() == 1 && result.deals.front().parties.size() == n;
      if (everyone) result.outcome = result.deals.front().package;
      return finish(everyone ? EndReason::agreement : EndReason::partial_agreement, round, time);
    };
    // Asks party p about seat s's offer; false when the session must stop (a failure).
    auto ask = [&](std::size_t p, std::size_t s, const TurnState& state, Response& response) {
      ++result.turns;
      return guarded([&] { response = agents_[p]->respond(state, offers[s]); });
    };
    for (std::size_t round = 0; rounds == 0 || round < rounds; ++round) {
      if (options_.cancelled && options_.cancelled())
        throw Cancelled("the negotiation was cancelled before round " + std::to_string(round));
      TurnState state;
      state.round = round;
      state.time = time_of(round, 0);
      if (options_.progress) options_.progress(round, state.time);
      if (state.time >= 1.0) return ended(last_round, last_time, EndReason::deadline);
      last_round = round;
      last_time = state.time;
      // Offer phase: every active party proposes, then everyone sees every offer.
      for (std::size_t seat = 0; seat < n; ++seat) {
        if (!active[seat]) continue;
        ++result.turns;
        if (!guarded([&] { agents_[seat]->propose(state, offers[seat]); }))
          return fail(seat, round, state.time);
        if (offers[seat].size() != scenario.issue_count() ||
            !scenario.space().contains(offers[seat])) {
          failure = TurnFailure{"illegal action", "offered a package outside the outcome space"};
          return fail(seat, round, state.time);
        }
        record(round, state.time, seat, ActionKind::offer, &offers[seat]);
      }
      auto show = [&](std::size_t actor, ObservedAction::Kind kind, std::size_t s) {
        const ObservedAction action{kind, actor, state, &offers[s]};
        for (std::size_t p = 0; p < n; ++p) {
          if (p == actor || !active[p]) continue;
          if (!guarded([&] { agents_[p]->observe(action); })) return p;
        }
        return n;
      };
      for (std::size_t seat = 0; seat < n; ++seat) {
        if (!active[seat]) continue;
        if (const auto broken = show(seat, ObservedAction::Kind::offer, seat); broken < n)
          return fail(broken, round, state.time);
      }
      // Voting phase (and, under MOPAC, the opt-in phase: the offers not yet voted for).
      for (auto& row : votes) std::fill(row.begin(), row.end(), false);
      for (std::size_t s = 0; s < n; ++s) votes[s][s] = active[s];
      for (int phase = 0; phase < (mopac ? 2 : 1); ++phase) {
        std::vector<std::pair<std::size_t, std::size_t>> cast;  // (voter, offer seat)
        for (std::size_t p = 0; p < n; ++p) {
          for (std::size_t s = 0; s < n && active[p]; ++s) {
            if (s == p || !active[s] || votes[s][p]) continue;
            Response response = Response::reject;
            if (!ask(p, s, state, response)) return fail(p, round, state.time);
            if (response == Response::accept) {
              cast.emplace_back(p, s);
            } else if (response == Response::end_negotiation) {
              record(round, state.time, p, ActionKind::end_negotiation, nullptr);
              const ObservedAction action{ObservedAction::Kind::end_negotiation, p, state, nullptr};
              for (std::size_t q = 0; q < n; ++q)
                if (q != p && active[q]) guarded([&] { agents_[q]->observe(action); });
              if (!mopac) return finish(EndReason::walk_away, round, state.time);
              active[p] = false;
              for (auto& row : votes) row[p] = false;
            }
          }
        }
        for (const auto& [p, s] : cast) {
          if (!active[p] || !active[s]) continue;
          votes[s][p] = true;
          record(round, state.time, p, ActionKind::accept, &offers[s]);
          if (const auto broken = show(p, ObservedAction::Kind::accept, s); broken < n)
            return fail(broken, round, state.time);
        }
      }
      // Deals: AMOP, an offer every party voted for; MOPAC, the largest passing groups in turn.
      while (true) {
        std::size_t best = n, best_size = 0;
        for (std::size_t s = 0; s < n; ++s) {
          if (!active[s]) continue;
          std::vector<bool> group(n, false);
          for (std::size_t p = 0; p < n; ++p) group[p] = active[p] && votes[s][p];
          const auto size = static_cast<std::size_t>(std::count(group.begin(), group.end(), true));
          const bool passing = mopac ? passes(rule, group) : size == n;
          if (passing && size > best_size) {
            best = s;
            best_size = size;
          }
        }
        if (best == n) break;
        Deal deal{offers[best], {}, round, state.time};
        for (std::size_t p = 0; p < n; ++p)
          if (active[p] && votes[best][p]) deal.parties.push_back(p);
        for (const auto p : deal.parties) active[p] = false;
        result.deals.push_back(std::move(deal));
        if (!mopac) break;
      }
      if (active_count() == 0 || !can_pass()) return ended(round, state.time, EndReason::walk_away);
    }
    return ended(last_round, last_time, EndReason::deadline);
  }
  for (std::size_t round = 0; rounds == 0 || round < rounds; ++round) {
    if (options_.cancelled && options_.cancelled())
      throw Cancelled("the negotiation was cancelled before round " + std::to_string(round));
    if (options_.progress) options_.progress(round, time_of(round, 0));
    for (std::size_t seat = 0; seat < n; ++seat) {
      TurnState state;
      state.round = round;
      state.time = time_of(round, seat);
      if (state.time >= 1.0) return finish(EndReason::deadline, last_round, last_time);
      last_round = round;
      last_time = state.time;
      ++result.turns;
      auto& agent = *agents_[seat];
      Response response = Response::reject;
      if (has_standing) {
        if (!guarded([&] { response = agent.respond(state, standing); }))
          return fail(seat, round, state.time);
      }
      if (response == Response::accept) {
        record(round, state.time, seat, ActionKind::accept, &standing);
        if (++accepts == n - 1) {
          result.outcome = standing;
          return finish(EndReason::agreement, round, state.time);
        }
        const auto broken = notify(seat, ObservedAction::Kind::accept, &standing, state);
        if (broken < n) return fail(broken, round, state.time);
        continue;
      }
      if (response == Response::end_negotiation) {
        record(round, state.time, seat, ActionKind::end_negotiation, nullptr);
        notify(seat, ObservedAction::Kind::end_negotiation, nullptr, state);
        return finish(EndReason::walk_away, round, state.time);
      }
      if (!guarded([&] { agent.propose(state, proposal); })) return fail(seat, round, state.time);
      if (proposal.size() != scenario.issue_count() || !scenario.space().contains(proposal)) {
        failure = TurnFailure{"illegal action", "offered a package outside the outcome space"};
        return fail(seat, round, state.time);
      }
      standing.swap(proposal);
      has_standing = true;
      accepts = 0;
      record(round, state.time, seat, ActionKind::offer, &standing);
      const auto broken = notify(seat, ObservedAction::Kind::offer, &standing, state);
      if (broken < n) return fail(broken, round, state.time);
    }
  }
  return finish(EndReason::deadline, last_round, last_time);
}

SessionResult negotiate(const ScenarioPtr& scenario, const std::vector<AgentSpec>& agents,
                        const SessionOptions& options, OfferIndexCache* cache,
                        const AgentRegistry* registry) {
  return Session(scenario, agents, options, cache, registry).run();
}

}  // namespace parley
