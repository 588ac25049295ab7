// POST /api/party/manipulation: a party's manipulation analysis of its negotiation
// (MediationService::manipulation, include/parley/service/mediation_service.hpp). Only the
// caller's own submission is read from the store; every other party's profile comes from the
// request (../shared/docs/specs/manipulation.md, last section).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "parley/manipulate/manipulate.hpp"
#include "parley/model/scenario.hpp"
#include "parley/service/mediation_service.hpp"
#include "support/text.hpp"
#include "thread_priority.hpp"
#include "work_slot.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

[[noreturn]] void bad(std::string field, std::string found, std::string expected) {
  throw InputError("request", std::nullopt, std::move(field), std::move(found),
                   std::move(expected));
}

// The bargaining rules a negotiation's packages support (not the division rules).
constexpr const char* kRules = "nash, kalai-smorodinsky, egalitarian, utilitarian or nash-lottery";

// A member that must be a string when present; `fallback` when absent or null.
std::string text_member(const json& body, const char* key, std::string fallback) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_string()) bad(key, it->type_name(), "a string");
  return it->get<std::string>();
}

// The parties of the negotiation, by name.
std::size_t party_named(const NegotiationState& state, const std::string& name,
                        const std::string& field) {
  for (std::size_t p = 0; p < state.parties.size(); ++p)
    if (state.parties[p].name == name) return p;
  std::vector<std::string> names;
  for (const auto& party : state.parties) names.push_back(party.name);
  bad(field, parley::detail::quoted(name, 40),
      "a party of the negotiation (" + parley::detail::join_names(names) + ")");
}

// `preferences` as the PUT endpoint reads them, every field named under `prefix`.
Party hypothetical_party(const json& preferences, const std::vector<Issue>& issues,
                         const std::string& prefix, Warnings& warnings) {
  try {
    Warnings own;
    Party party = parse_preferences(preferences, issues, &own).party(issues);
    for (auto& warning : own) {
      // "request: walk_away: ..." -> "request: profiles.NAME.walk_away: ..."
      constexpr std::string_view origin = "request: ";
      if (warning.rfind(origin, 0) == 0) warning.insert(origin.size(), prefix + ".");
      warnings.push_back(std::move(warning));
    }
    return party;
  } catch (const InputError& error) {
    // parse_preferences names "body" for the object itself.
    throw InputError("request", std::nullopt,
                     error.field() == "body" ? prefix : prefix + "." + error.field(), error.found(),
                     error.expected());
  }
}

// One of the `workers` slots of manipulation analyses, or ServiceBusy.

}  // namespace

json MediationService::manipulation(const Caller& caller, const json& body,
                                    const std::function<bool()>& cancelled) {
  if (caller.role != Role::party)
    throw AccessDenied("this request is for parties: the analysis belongs to the party", true);
  if (!body.is_object()) bad("body", body.type_name(), "an object");
  for (const auto& [key, value] : body.items())
    if (key != "rule" && key != "reports" && key != "manipulator" && key != "profiles")
      bad(parley::detail::quoted(key, 40), "an unknown member",
          "rule, reports, manipulator and profiles only");

  ManipulationOptions options;
  const auto rule_name = text_member(body, "rule", "nash");
  const auto rule = parse_manipulation_rule(rule_name);
  if (!rule || is_division_rule(*rule)) bad("rule", parley::detail::quoted(rule_name, 40), kRules);
  options.rule = *rule;
  const auto reports_name = text_member(body, "reports", "walk-away");
  const auto reports = parse_report_space(reports_name);
  if (!reports)
    bad("reports", parley::detail::quoted(reports_name, 40), "walk-away, weights, values or all");
  options.reports = *reports;

  // One read of the negotiation; of its parties only the names and the caller's own submission
  // are used below.
  const NegotiationState state = read(caller.negotiation_id);
  const auto& me = state.parties.at(caller.party);
  options.party = party_named(state, text_member(body, "manipulator", me.name), "manipulator");

  std::vector<const json*> given(state.parties.size(), nullptr);
  if (const auto it = body.find("profiles"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) bad("profiles", it->type_name(), "an object {party: preferences}");
    for (const auto& [name, profile] : it->items())
      given[party_named(state, name, "profiles." + parley::detail::quoted(name, 40))] = &profile;
  }

  Warnings warnings;
  std::vector<Party> parties;
  json sources = json::object();
  for (std::size_t p = 0; p < state.parties.size(); ++p) {
    const auto& name = state.parties[p].name;
    if (given[p]) {
      parties.push_back(hypothetical_party(*given[p], state.issues, "profiles." + name, warnings));
      sources[name] = "hypothetical";
    } else if (p != caller.party) {
      bad("profiles." + name, "nothing",
          "a hypothetical profile of " + name +
              " (the preferences it could hold, as PUT /api/party/preferences takes them): the "
              "service never uses another party's live preferences");
    } else if (me.preferences) {
      parties.push_back(parse_preferences(*me.preferences, state.issues).party(state.issues));
      sources[name] = "sealed";
    } else {
      throw StateConflict(
          "no preferences submitted yet: submit yours (PUT /api/party/"
          "preferences) or give a hypothetical profile of your own in profiles." +
          name);
    }
    parties.back().name = name;
  }

  // Bounded work: the cap, then a slot.
  const Scenario scenario(state.title, state.issues, std::move(parties));
  const bool walk_away = options.reports == ReportSpace::walk_away;
  options.max_packages =
      walk_away ? limits_.max_manipulation_packages : limits_.max_manipulation_search_packages;
  if (!scenario.can_enumerate(options.max_packages))
    bad("packages", scenario.space().size_text() + " packages in the negotiation",
        "at most " + std::to_string(options.max_packages) +
            " packages (the cap of the service's manipulation analysis with " +
            (walk_away ? "walk-away reports" : "weight and value reports") + ")");
  if (stopping_) throw ServiceBusy("the service is stopping: try again later");
  const detail::WorkSlot slot(manipulations_running_, std::max<std::size_t>(analysis_.workers, 1));

  const double cap = analysis_.time_cap_seconds > 0.0
                         ? std::min(analysis_.time_cap_seconds, manipulation_time_cap_seconds)
                         : manipulation_time_cap_seconds;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(cap);
  bool timed_out = false;
  options.cancelled = [&] {
    if (stopping_ || (cancelled && cancelled())) return true;
    timed_out = timed_out || std::chrono::steady_clock::now() > deadline;
    return timed_out;
  };
  ManipulationResult result;
  try {
    // On a thread of its own at the analyses' low priority, so that request threads win the CPU.
    result = std::async(std::launch::async, [&] {
               parley::detail::lower_this_threads_priority();
               return analyse_manipulation(scenario, options);
             }).get();
  } catch (const Cancelled&) {
    if (!timed_out) throw ServiceBusy("the service is stopping: try again later");
    // The same request would most likely pass the cap again: not "busy", but too much work.
    throw UnsupportedError(
        "the manipulation analysis passed its time cap of " + format_number(cap) +
        " s and was stopped (it runs at a low CPU priority, so a busy machine slows it too): ask "
        "for walk-away reports, which are exact and fast, or analyse a smaller negotiation");
  } catch (const UnsupportedError& error) {
    throw UnsupportedError("the manipulation analysis cannot serve this negotiation (" +
                           std::to_string(scenario.party_count()) + " parties, " +
                           scenario.space().size_text() + " packages): " + error.what());
  } catch (const InputError& error) {
    // The library names the scenario (the negotiation's title): the service names the request.
    throw InputError("request", std::nullopt, error.field(), error.found(), error.expected());
  }

  json answer = json::parse(manipulation_json({result}));
  answer["profiles"] = sources;
  std::string note = me.name + "'s profile is ";
  note += given[caller.party] ? "hypothetical (from this request)" : "its sealed submission";
  note +=
      "; every other party's is hypothetical (from this request): no other party's submission "
      "was used. Nothing was stored or recorded, and no other party or the mediator sees this "
      "analysis.";
  answer["note"] = note;
  answer["warnings"] = warnings;
  return answer;
}

}  // namespace parley::service
