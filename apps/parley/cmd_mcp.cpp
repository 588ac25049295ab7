// parley mcp: the engine as tools for LLM agents over the Model Context Protocol (docs/mcp.md):
// JSON-RPC 2.0 on standard input and output, one message per line (the MCP stdio transport).
// Tools load or build scenarios, analyse them (the document of `parley solve --json`), evaluate
// packages for one party, suggest packages of equal value to that party, run the robust analysis,
// prove the solutions' claims, divide items, and play a negotiation session as one party against
// an agent of the library, where the protocol (its round deadline), not the model, ends the
// session. A tool's output about a session holds only the calling party's own utilities.
// Exit codes: 0 at the end of the input, 1 an error before serving.
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_common.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/fair/fair_division.hpp"
#include "parley/model/describe.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/robust/robust.hpp"
#include "parley/support/version.hpp"

namespace parley::cli {
namespace mcp_detail {

using nlohmann::json;

constexpr const char* kServerName = "parley";
constexpr std::size_t kMaxScenarios = 64;
constexpr std::size_t kMaxSessions = 32;
constexpr std::uint64_t kMaxEnumerated = 2'000'000;
constexpr std::size_t kMaxLine = 8 * 1024 * 1024;

// A tool's argument is missing, of the wrong kind or names nothing: the tool answers isError.
class ToolInputError : public Error {
 public:
  using Error::Error;
};

// A value quoted for a message, cut after 60 bytes, control characters as \xNN.
std::string mcp_quoted(std::string_view text) {
  std::string out = "'";
  std::size_t n = 0;
  for (const char c : text) {
    if (++n > 60) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", byte);
      out += hex;
    } else {
      out += c;
    }
  }
  return out + "'";
}

[[noreturn]] void bad(const std::string& field, const std::string& found,
                      const std::string& expected) {
  throw ToolInputError(field + ": found " + found + ", expected " + expected);
}

std::string kind_of(const json& value) {
  return value.is_null() ? "nothing" : std::string(value.type_name());
}

const json& required(const json& args, const char* key, const std::string& expected) {
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) bad(key, "nothing", expected);
  return *it;
}

std::string text_arg(const json& args, const char* key, std::size_t most = 4096) {
  const json& value = required(args, key, "text");
  if (!value.is_string()) bad(key, kind_of(value), "text");
  const auto text = value.get<std::string>();
  if (text.empty() || text.size() > most)
    bad(key, std::to_string(text.size()) + " characters",
        "1 to " + std::to_string(most) + " characters");
  if (const auto nul = text.find('\0'); nul != std::string::npos && most <= 4096)
    bad(key, "a NUL byte at byte " + std::to_string(nul), "text without NUL bytes");
  return text;
}

std::optional<std::string> optional_text(const json& args, const char* key,
                                         std::size_t most = 4096) {
  if (!args.contains(key) || args.at(key).is_null()) return std::nullopt;
  return text_arg(args, key, most);
}

double number_arg(const json& args, const char* key, double fallback, double lower, double upper) {
  if (!args.contains(key) || args.at(key).is_null()) return fallback;
  const json& value = args.at(key);
  if (!value.is_number()) bad(key, kind_of(value), "a number");
  const double number = value.get<double>();
  if (!std::isfinite(number) || number < lower || number > upper)
    bad(key, format_number(number),
        "a number from " + format_number(lower) + " to " + format_number(upper));
  return number;
}

std::uint64_t whole_arg(const json& args, const char* key, std::uint64_t fallback,
                        std::uint64_t lower, std::uint64_t upper) {
  if (!args.contains(key) || args.at(key).is_null()) return fallback;
  const json& value = args.at(key);
  if (!value.is_number_integer() ||
      (value.is_number_integer() && value.get<std::int64_t>() < 0 && !value.is_number_unsigned()))
    bad(key, kind_of(value), "a whole number");
  const auto number = value.get<std::uint64_t>();
  if (number < lower || number > upper)
    bad(key, std::to_string(number),
        "a whole number from " + std::to_string(lower) + " to " + std::to_string(upper));
  return number;
}

json schema_object(json properties, std::vector<std::string> needed) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(needed)},
          {"additionalProperties", false}};
}

json text_result(const std::string& text, json structured = nullptr) {
  json result = {{"content", json::array({{{"type", "text"}, {"text", text}}})},
                 {"isError", false}};
  if (structured.is_object()) result["structuredContent"] = std::move(structured);
  return result;
}

json json_result(const json& value) { return text_result(value.dump(2), value); }

json error_result(const std::string& message) {
  return {{"content", json::array({{{"type", "text"}, {"text", message}}})}, {"isError", true}};
}

// A package as {issue: option} for the scenario.
json package_json(const Scenario& scenario, const Outcome& outcome) {
  json object = json::object();
  for (std::size_t i = 0; i < scenario.issue_count(); ++i)
    object[scenario.issue(i).name()] = scenario.issue(i).value_label(outcome.at(i));
  return object;
}

Outcome package_arg(const Scenario& scenario, const json& args, const char* key) {
  const json& value = required(args, key, "a package {issue: option}");
  if (!value.is_object()) bad(key, kind_of(value), "a package {issue: option}");
  if (value.size() != scenario.issue_count())
    bad(key, std::to_string(value.size()) + " issues",
        "every issue once (" + std::to_string(scenario.issue_count()) + ")");
  Outcome outcome;
  for (std::size_t i = 0; i < scenario.issue_count(); ++i) {
    const Issue& issue = scenario.issue(i);
    const auto it = value.find(issue.name());
    if (it == value.end()) bad(std::string(key) + "." + issue.name(), "nothing", "an option");
    std::string label;
    if (it->is_string())
      label = it->get<std::string>();
    else if (it->is_number())
      label = it->dump();
    else
      bad(std::string(key) + "." + issue.name(), kind_of(*it), "an option");
    const auto index = issue.find_value(label);
    if (!index)
      bad(std::string(key) + "." + issue.name(), mcp_quoted(label), "an option of the issue");
    outcome.push_back(*index);
  }
  return outcome;
}

// --- Negotiation sessions played by the caller ---

// The caller's seat: the engine's session runs on a thread of its own and asks this negotiator
// for each decision; the tool calls hand them over.
class LiveSession;

class ToolSeat final : public Negotiator {
 public:
  explicit ToolSeat(LiveSession& live) : live_(live) {}
  void start(const PartyView&, const SessionInfo&) override {}
  void propose(const TurnState& state, Outcome& offer) override;
  Response respond(const TurnState& state, const Outcome& standing_offer) override;
  void observe(const ObservedAction& action) override;

 private:
  LiveSession& live_;
};

class LiveSession {
 public:
  LiveSession(ScenarioPtr scenario, std::size_t seat, const AgentSpec& opponent, std::size_t rounds,
              std::uint64_t seed)
      : scenario_(std::move(scenario)), seat_(seat) {
    std::vector<std::unique_ptr<Negotiator>> agents;
    std::vector<std::string> labels;
    for (std::size_t p = 0; p < scenario_->party_count(); ++p) {
      if (p == seat_) {
        agents.push_back(std::make_unique<ToolSeat>(*this));
        labels.push_back("caller");
      } else {
        agents.push_back(make_negotiator(opponent));
        labels.push_back(to_string(opponent));
      }
    }
    SessionOptions options;
    options.rounds = rounds;
    options.seed = seed;
    options.cancelled = [this] { return aborted(); };
    options.record_trace = true;  // the final action, when the opponent's, is in no observe()
    session_.emplace(scenario_, std::move(agents), std::move(labels), options);
    thread_ = std::thread([this] {
      try {
        auto result = session_->run();
        std::lock_guard lock(mutex_);
        result_ = std::move(result);
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        error_ = e.what();
      }
      {
        std::lock_guard lock(mutex_);
        finished_ = true;
      }
      wake_.notify_all();
    });
  }

  ~LiveSession() {
    {
      std::lock_guard lock(mutex_);
      abort_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // Waits until the caller must act or the session is over; the state as the caller sees it.
  json state() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [&] { return finished_ || need_ != Need::none; });
    return state_locked();
  }

  // The caller's action: "offer" (with a package), "accept" or "end".
  json act(const std::string& action, const std::optional<Outcome>& offer) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return finished_ || need_ != Need::none; });
      if (finished_) throw ToolInputError("action: the session is over");
      if (action == "accept" && need_ != Need::respond)
        throw ToolInputError(
            "action: accept, but there is no standing offer to accept: make an "
            "offer");
      if (action == "end" && need_ != Need::respond)
        throw ToolInputError("action: end is possible only when answering an offer");
      if (action == "offer" && !offer) throw ToolInputError("offer: nothing, expected a package");
      answer_ = action;
      pending_ = offer;
      need_ = Need::none;
      events_.clear();
    }
    wake_.notify_all();
    return state();
  }

  // Called by the engine's thread.
  void propose(const TurnState& turn, Outcome& offer) {
    std::unique_lock lock(mutex_);
    if (!pending_) {
      need_ = Need::propose;
      turn_ = turn;
      wake_.notify_all();
      wake_.wait(lock, [&] { return abort_ || need_ == Need::none; });
      if (abort_) throw Cancelled("the session was closed");
    }
    offer = *pending_;
    pending_.reset();
    record_own("offer", turn, &offer);
  }

  Response respond(const TurnState& turn, const Outcome& standing) {
    std::unique_lock lock(mutex_);
    need_ = Need::respond;
    turn_ = turn;
    standing_ = standing;
    wake_.notify_all();
    wake_.wait(lock, [&] { return abort_ || need_ == Need::none; });
    if (abort_) throw Cancelled("the session was closed");
    if (answer_ == "accept") {
      record_own("accept", turn, &standing);
      return Response::accept;
    }
    if (answer_ == "end") {
      record_own("end", turn, nullptr);
      return Response::end_negotiation;
    }
    return Response::reject;  // an offer follows: propose() takes the pending one
  }

  void observe(const ObservedAction& action) {
    std::lock_guard lock(mutex_);
    json event = {{"actor", scenario_->party(action.actor).name},
                  {"action", action.kind == ObservedAction::Kind::offer    ? "offer"
                             : action.kind == ObservedAction::Kind::accept ? "accept"
                                                                           : "end"},
                  {"round", action.when.round}};
    if (action.offer) {
      event["package"] = package_json(*scenario_, *action.offer);
      event["your_utility"] = scenario_->utility(seat_, *action.offer);
    }
    events_.push_back(std::move(event));
  }

  bool aborted() {
    std::lock_guard lock(mutex_);
    return abort_;
  }

 private:
  enum class Need { none, propose, respond };

  void record_own(const char* what, const TurnState& turn, const Outcome* package) {
    json event = {{"actor", scenario_->party(seat_).name}, {"action", what}, {"round", turn.round}};
    if (package) {
      event["package"] = package_json(*scenario_, *package);
      event["your_utility"] = scenario_->utility(seat_, *package);
    }
    events_.push_back(std::move(event));
  }

  json state_locked() const {
    json out = {{"you", scenario_->party(seat_).name},
                {"your_walk_away", scenario_->party(seat_).reservation_value},
                {"events", events_}};
    if (finished_) {
      out["status"] = "finished";
      if (!error_.empty()) {
        out["error"] = error_;
        return out;
      }
      const SessionResult& r = *result_;
      json events = events_;
      if (!r.trace.empty() && r.trace.back().actor != seat_ &&
          r.trace.back().kind == ActionKind::accept) {
        const auto& last = r.trace.back();
        events.push_back({{"actor", scenario_->party(last.actor).name},
                          {"action", "accept"},
                          {"round", last.round},
                          {"package", package_json(*scenario_, last.package)},
                          {"your_utility", scenario_->utility(seat_, last.package)}});
      }
      out["events"] = std::move(events);
      out["reason"] = r.reason == EndReason::agreement   ? "agreement"
                      : r.reason == EndReason::deadline  ? "deadline"
                      : r.reason == EndReason::walk_away ? "walk-away"
                                                         : "failure";
      out["last_round"] = r.round;  // 0-based
      out["agreement"] = r.outcome ? package_json(*scenario_, *r.outcome) : json(nullptr);
      out["your_utility"] = r.utilities.at(seat_);
      if (r.failure) out["failure"] = r.failure->message;
      return out;
    }
    out["status"] = "your_turn";
    out["round"] = turn_.round;
    out["time"] = turn_.time;
    out["rounds"] = session_->options().rounds.value_or(0);
    if (need_ == Need::respond) {
      out["standing_offer"] = package_json(*scenario_, standing_);
      out["standing_offer_your_utility"] = scenario_->utility(seat_, standing_);
      out["you_may"] = {"accept", "offer", "end"};
    } else {
      out["standing_offer"] = nullptr;
      out["you_may"] = {"offer"};
    }
    return out;
  }

  ScenarioPtr scenario_;
  std::size_t seat_;
  std::optional<Session> session_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  Need need_ = Need::none;
  TurnState turn_;
  Outcome standing_;
  std::string answer_;
  std::optional<Outcome> pending_;
  json events_ = json::array();
  bool finished_ = false, abort_ = false;
  std::optional<SessionResult> result_;
  std::string error_;
};

void ToolSeat::propose(const TurnState& state, Outcome& offer) { live_.propose(state, offer); }
Response ToolSeat::respond(const TurnState& state, const Outcome& standing_offer) {
  return live_.respond(state, standing_offer);
}
void ToolSeat::observe(const ObservedAction& action) { live_.observe(action); }

// --- The server ---

class Server {
 public:
  static bool known_tool(const std::string& name) {
    for (const auto& tool : tools())
      if (tool["name"] == name) return true;
    return false;
  }

  json handle(const json& message) {
    if (!message.is_object() || !message.contains("jsonrpc") || !message["jsonrpc"].is_string() ||
        message["jsonrpc"].get<std::string>() != "2.0")
      return rpc_error(message, -32600, "invalid request: expected a JSON-RPC 2.0 object");
    const bool notification = !message.contains("id");
    if (!message.contains("method") || !message["method"].is_string())
      return rpc_error(message, -32600, "invalid request: no method");
    const std::string method = message["method"];
    static const json no_params = json::object();
    const json& params = message.contains("params") ? message["params"] : no_params;
    if (notification) return json();  // notifications/initialized, cancelled: nothing to say
    if (!message["id"].is_string() && !message["id"].is_number_integer())
      return rpc_error(message, -32600, "invalid request: the id must be a string or an integer");
    try {
      if (method == "initialize") return reply(message, initialize(params));
      if (method == "ping") return reply(message, json::object());
      if (method == "tools/list") return reply(message, {{"tools", tools()}});
      if (method == "tools/call") {
        if (!params.is_object() || !params.contains("name") || !params["name"].is_string())
          return rpc_error(message, -32602, "tools/call needs params.name");
        const json& args = params.contains("arguments") ? params["arguments"] : no_params;
        if (!args.is_object()) return rpc_error(message, -32602, "arguments must be an object");
        const std::string name = params["name"];
        if (!known_tool(name))
          return rpc_error(message, -32602,
                           "unknown tool " + mcp_quoted(name) + ": tools/list lists them");
        return reply(message, call(name, args));
      }
      return rpc_error(message, -32601, "method not found: " + mcp_quoted(method));
    } catch (const std::exception& e) {
      return rpc_error(message, -32603, std::string("internal error: ") + e.what());
    }
  }

 private:
  static json reply(const json& request, json result) {
    return {{"jsonrpc", "2.0"}, {"id", request["id"]}, {"result", std::move(result)}};
  }
  static json rpc_error(const json& request, int code, const std::string& message) {
    json id = request.is_object() && request.contains("id") &&
                      (request["id"].is_string() || request["id"].is_number_integer())
                  ? request["id"]
                  : json(nullptr);
    return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
  }

  json initialize(const json& params) {
    static const std::vector<std::string> versions = {"2025-06-18", "2025-03-26", "2024-11-05"};
    std::string version = versions.front();
    if (params.is_object() && params.contains("protocolVersion") &&
        params["protocolVersion"].is_string()) {
      const std::string asked = params["protocolVersion"];
      if (std::find(versions.begin(), versions.end(), asked) != versions.end()) version = asked;
    }
    return {{"protocolVersion", version},
            {"capabilities", {{"tools", {{"listChanged", false}}}}},
            {"serverInfo", {{"name", kServerName}, {"version", parley::version}}},
            {"instructions",
             "parley finds compromises acceptable to every side of a multi-issue dispute. Load a "
             "scenario (load_scenario), then analyse it, evaluate packages for one party, suggest "
             "packages of equal value to that party, or play a negotiation session as one party "
             "(negotiation_start, negotiation_act): the protocol's round deadline ends it."}};
  }

  static json tools() {
    const json scenario_ref = {{"type", "string"},
                               {"description", "A scenario id from load_scenario"}};
    const json party = {{"type", "string"}, {"description", "A party's name"}};
    const json package = {{"type", "object"},
                          {"description", "One option per issue: {issue: option}"},
                          {"additionalProperties", {{"type", "string"}}}};
    return json::array({
        {{"name", "load_scenario"},
         {"description",
          "Load a scenario from a file (native YAML, a GENIUS or GeniusWeb folder) or build one "
          "from native YAML/JSON text (docs/scenario-format.md). Returns its id and description."},
         {"inputSchema",
          schema_object({{"path", {{"type", "string"}}}, {"text", {{"type", "string"}}}}, {})}},
        {{"name", "analyse"},
         {"description",
          "The zone of agreement, the Pareto frontier and the Nash, Kalai-Smorodinsky, "
          "egalitarian and utilitarian compromises explained: the document of `parley solve "
          "--json` (docs/solve-json.md)."},
         {"inputSchema",
          schema_object({{"scenario", scenario_ref},
                         {"frontier", {{"type", "string"}, {"enum", {"all", "zone", "none"}}}}},
                        {"scenario"})}},
        {{"name", "evaluate"},
         {"description",
          "One party's utility of a package, against its walk-away value (only that party's "
          "preferences are used)."},
         {"inputSchema",
          schema_object({{"scenario", scenario_ref}, {"party", party}, {"package", package}},
                        {"scenario", "party", "package"})}},
        {{"name", "equal_value_packages"},
         {"description",
          "Packages worth about the same to one party as a given package (within tolerance), "
          "closest first: trades that cost that party nothing."},
         {"inputSchema",
          schema_object({{"scenario", scenario_ref},
                         {"party", party},
                         {"package", package},
                         {"tolerance", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                         {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}}},
                        {"scenario", "party", "package"})}},
        {{"name", "robust"},
         {"description",
          "The compromise that stays acceptable under the uncertainty the scenario declares "
          "(`parley robust --json`, docs/robust.md)."},
         {"inputSchema",
          schema_object({{"scenario", scenario_ref},
                         {"samples", {{"type", "integer"}, {"minimum", 100}, {"maximum", 100000}}},
                         {"seed", {{"type", "integer"}, {"minimum", 0}}}},
                        {"scenario"})}},
        {{"name", "certify"},
         {"description",
          "Prove each compromise's claim (Pareto-optimal, Nash, ...) in exact arithmetic and say "
          "the proof in words (`parley solve --proofs`)."},
         {"inputSchema", schema_object({{"scenario", scenario_ref}}, {"scenario"})}},
        {{"name", "divide"},
         {"description",
          "Divide items fairly (Adjusted Winner for two parties, maximum Nash welfare otherwise) "
          "when every issue is 'who gets item X' (`parley divide --json`)."},
         {"inputSchema", schema_object({{"scenario", scenario_ref}}, {"scenario"})}},
        {{"name", "negotiation_start"},
         {"description",
          "Start a negotiation session in which you are one party and an agent of parley's "
          "library the other(s) (alternating offers). The round deadline ends it, not you. "
          "Returns the session id and your turn: you see only your own utilities."},
         {"inputSchema",
          schema_object({{"scenario", scenario_ref},
                         {"party", party},
                         {"opponent",
                          {{"type", "string"},
                           {"description", "An agent spec, e.g. boulware, conceder(e=2)"}}},
                         {"rounds", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}}},
                         {"seed", {{"type", "integer"}, {"minimum", 0}}}},
                        {"scenario", "party"})}},
        {{"name", "negotiation_act"},
         {"description",
          "Your move in a session: offer a package, accept the standing offer or end (walk "
          "away). Returns what happened until your next turn, or the outcome."},
         {"inputSchema",
          schema_object({{"session", {{"type", "string"}}},
                         {"action", {{"type", "string"}, {"enum", {"offer", "accept", "end"}}}},
                         {"offer", package}},
                        {"session", "action"})}},
        {{"name", "negotiation_close"},
         {"description", "Close a session (finished or not) and free it."},
         {"inputSchema", schema_object({{"session", {{"type", "string"}}}}, {"session"})}},
    });
  }

  ScenarioPtr scenario_arg(const json& args) {
    const std::string id = text_arg(args, "scenario", 200);
    const auto it = scenarios_.find(id);
    if (it == scenarios_.end()) {
      std::string known;
      for (const auto& [name, s] : scenarios_) known += (known.empty() ? "" : ", ") + name;
      bad("scenario", mcp_quoted(id),
          "an id from load_scenario" + (known.empty() ? " (none loaded yet)" : " (" + known + ")"));
    }
    return it->second;
  }

  std::size_t party_arg(const Scenario& scenario, const json& args) {
    const std::string name = text_arg(args, "party", 200);
    const auto party = scenario.find_party(name);
    if (!party) {
      std::string names;
      for (std::size_t j = 0; j < scenario.party_count(); ++j)
        names += (j ? ", " : "") + scenario.party(j).name;
      bad("party", mcp_quoted(name), "a party: " + names);
    }
    return *party;
  }

  json call(const std::string& name, const json& args) {
    try {
      if (name == "load_scenario") return load(args);
      if (name == "analyse") return analyse_tool(args);
      if (name == "evaluate") return evaluate(args);
      if (name == "equal_value_packages") return equal_value(args);
      if (name == "robust") return robust(args);
      if (name == "certify") return certify(args);
      if (name == "divide") return divide_tool(args);
      if (name == "negotiation_start") return start(args);
      if (name == "negotiation_act") return act(args);
      if (name == "negotiation_close") return close(args);
      return error_result("unknown tool " + mcp_quoted(name) + ": tools/list lists them");
    } catch (const ToolInputError& e) {
      return error_result(e.what());
    } catch (const Error& e) {
      return error_result(e.what());
    }
  }

  json load(const json& args) {
    for (const auto& [key, value] : args.items())
      if (key != "path" && key != "text") bad(key, "an unknown argument", "path or text");
    const auto path = optional_text(args, "path");
    const auto text = optional_text(args, "text", 4 * 1024 * 1024);
    if (path.has_value() == text.has_value()) bad("path", "both or neither", "path or text");
    if (scenarios_.size() >= kMaxScenarios)
      throw ToolInputError("load_scenario: " + std::to_string(kMaxScenarios) +
                           " scenarios are loaded, the most this server keeps");
    Warnings warnings;
    ScenarioPtr scenario =
        path ? load_scenario(*path, warnings) : parse_native(*text, "the text", warnings);
    const std::string id = "s" + std::to_string(next_scenario_++);
    scenarios_[id] = scenario;
    json out = {{"scenario", id},
                {"name", scenario->name()},
                {"description", json::parse(describe_scenario_json(*scenario))},
                {"warnings", warnings}};
    return json_result(out);
  }

  json analyse_tool(const json& args) {
    const auto scenario = scenario_arg(args);
    const std::string listing = args.contains("frontier") && args["frontier"].is_string()
                                    ? args["frontier"].get<std::string>()
                                    : "all";
    if (args.contains("frontier") && !args["frontier"].is_string())
      bad("frontier", kind_of(args["frontier"]), "all, zone or none");
    ReportJsonOptions report;
    try {
      report.frontier = parse_frontier_listing(listing);
    } catch (const Error&) {
      bad("frontier", mcp_quoted(listing), "all, zone or none");
    }
    AnalysisOptions options;  // parley solve's defaults
    const Analysis analysis = analyse(*scenario, options);
    return json_result(json::parse(render_report_json(*scenario, analysis, report)));
  }

  json evaluate(const json& args) {
    const auto scenario = scenario_arg(args);
    const std::size_t party = party_arg(*scenario, args);
    const Outcome package = package_arg(*scenario, args, "package");
    const double utility = scenario->utility(party, package);
    const double walk_away = scenario->party(party).reservation_value;
    return json_result({{"party", scenario->party(party).name},
                        {"package", package_json(*scenario, package)},
                        {"utility", utility},
                        {"walk_away", walk_away},
                        {"acceptable", utility >= walk_away}});
  }

  json equal_value(const json& args) {
    const auto scenario = scenario_arg(args);
    const std::size_t party = party_arg(*scenario, args);
    const Outcome package = package_arg(*scenario, args, "package");
    const double tolerance = number_arg(args, "tolerance", 0.02, 0.0, 1.0);
    const auto limit = whole_arg(args, "limit", 10, 1, 100);
    if (!scenario->can_enumerate(kMaxEnumerated))
      throw ToolInputError("equal_value_packages: the scenario has " +
                           scenario->space().size_text() + " packages; at most " +
                           std::to_string(kMaxEnumerated) + " are searched");
    const double target = scenario->utility(party, package);
    std::vector<std::pair<double, Outcome>> found;
    Outcome outcome(scenario->issue_count(), 0);
    do {
      if (outcome == package) continue;
      const double difference = std::abs(scenario->utility(party, outcome) - target);
      if (difference <= tolerance) found.emplace_back(difference, outcome);
    } while (scenario->space().next(outcome));
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    json list = json::array();
    for (std::size_t k = 0; k < found.size() && k < limit; ++k)
      list.push_back({{"package", package_json(*scenario, found[k].second)},
                      {"utility", scenario->utility(party, found[k].second)}});
    return json_result({{"party", scenario->party(party).name},
                        {"utility", target},
                        {"tolerance", tolerance},
                        {"found", found.size()},
                        {"packages", list}});
  }

  json robust(const json& args) {
    const auto scenario = scenario_arg(args);
    RobustOptions options;
    options.samples = whole_arg(args, "samples", options.samples, 100, 100'000);
    options.seed =
        whole_arg(args, "seed", options.seed, 0, std::numeric_limits<std::int64_t>::max());
    const auto analysis = analyse_robust(*scenario, options);
    return json_result(json::parse(render_robust_json(*scenario, analysis)));
  }

  json certify(const json& args) {
    const auto scenario = scenario_arg(args);
    const auto [text, html] = solution_proofs(*scenario, false);
    (void)html;
    return text_result(text, {{"proofs", text}});
  }

  json divide_tool(const json& args) {
    const auto scenario = scenario_arg(args);
    std::string reason;
    if (!fair::is_division_scenario(*scenario, &reason))
      throw ToolInputError("divide: not a division scenario: " + reason);
    Warnings warnings;
    const auto instance = fair::division_instance_from_scenario(*scenario, warnings);
    const auto division =
        fair::divide(instance, fair::default_division_method(instance), {}, warnings);
    return json_result(json::parse(fair::render_division_json(division, warnings)));
  }

  json start(const json& args) {
    const auto scenario = scenario_arg(args);
    const std::size_t party = party_arg(*scenario, args);
    const std::string opponent_text = optional_text(args, "opponent", 400).value_or("boulware");
    if (is_remote_text(opponent_text))
      bad("opponent", mcp_quoted(opponent_text), "an agent of parley's library");
    const AgentSpec opponent = parse_agent(opponent_text, AgentRole::agent, "opponent");
    const auto rounds = whole_arg(args, "rounds", 100, 1, 10'000);
    const auto seed = whole_arg(
        args, "seed", 1, 0, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (sessions_.size() >= kMaxSessions)
      throw ToolInputError("negotiation_start: " + std::to_string(kMaxSessions) +
                           " sessions are open: close one (negotiation_close)");
    const std::string id = "n" + std::to_string(next_session_++);
    auto live = std::make_unique<LiveSession>(scenario, party, opponent, rounds, seed);
    json state = live->state();
    sessions_[id] = std::move(live);
    session_scenarios_[id] = scenario;
    state["session"] = id;
    state["opponent"] = to_string(opponent);
    return json_result(state);
  }

  LiveSession& session_arg(const json& args) {
    const std::string id = text_arg(args, "session", 200);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) bad("session", mcp_quoted(id), "an open session id");
    return *it->second;
  }

  json act(const json& args) {
    auto& live = session_arg(args);
    const std::string action = text_arg(args, "action", 20);
    if (action != "offer" && action != "accept" && action != "end")
      bad("action", mcp_quoted(action), "offer, accept or end");
    std::optional<Outcome> offer;
    if (action == "offer") {
      // The scenario of the session: the one it was started on.
      const auto id = args["session"].get<std::string>();
      offer = package_arg(*session_scenarios_.at(id), args, "offer");
    }
    json state = live.act(action, offer);
    state["session"] = args["session"];
    return json_result(state);
  }

  json close(const json& args) {
    (void)session_arg(args);
    const std::string id = args["session"];
    sessions_.erase(id);
    session_scenarios_.erase(id);
    return json_result({{"session", id}, {"closed", true}});
  }

  static bool is_remote_text(const std::string& text) {
    return text.find("exec:") != std::string::npos || text.find("ws://") != std::string::npos;
  }

  std::map<std::string, ScenarioPtr> scenarios_;
  std::size_t next_scenario_ = 1;
  std::map<std::string, std::unique_ptr<LiveSession>> sessions_;
  std::map<std::string, ScenarioPtr> session_scenarios_;
  std::size_t next_session_ = 1;
};

// One message line from standard input, at most kMaxLine bytes: a longer line is read to its end
// and dropped (`too_long`), never held whole. False at the end of the input.
bool read_line(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  static char buffer[65536];
  static std::size_t start = 0, end = 0;
  for (;;) {
    if (start == end) {
      // read(), not fread(): it returns what the pipe holds instead of waiting for a full buffer.
      const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return !line.empty() || too_long;
      start = 0;
      end = static_cast<std::size_t>(n);
    }
    const char* newline = static_cast<const char*>(std::memchr(buffer + start, '\n', end - start));
    const std::size_t stop = newline ? static_cast<std::size_t>(newline - buffer) : end;
    if (!too_long) {
      line.append(buffer + start, stop - start);
      if (line.size() > kMaxLine) {
        too_long = true;
        line.clear();
      }
    }
    start = newline ? stop + 1 : end;
    if (newline) return true;
  }
}

json invalid(int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", code}, {"message", message}}}};
}

// The answer to one line. A value nested deeper than 64 levels is dropped while parsing (never
// built, so never copied or destroyed recursively) and the request refused with its id.
json answer_line(Server& server, const std::string& line) {
  bool too_deep = false;
  std::string argument, deep_argument;  // the tool argument (depth 3) being read, the deep one
  const json message = json::parse(
      line,
      [&](int depth, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::key && depth == 3 && parsed.is_string())
          argument = parsed.get<std::string>();
        if (depth > 64 && !too_deep) {
          too_deep = true;
          deep_argument = argument;
        }
        return depth <= 64;
      },
      false);
  if (message.is_discarded()) return invalid(-32700, "parse error: not JSON");
  if (message.is_array())
    return invalid(-32600, "invalid request: batches are not supported (MCP 2025-06-18)");
  if (too_deep && message.is_object() && message.contains("id") &&
      (message["id"].is_string() || message["id"].is_number_integer()) &&
      message.value("method", json()) == "tools/call") {
    // A tool's arguments nested too deep: the tool's own error, like any bad argument (the deep
    // value itself was dropped). Other methods ignore what was dropped.
    const json* params = message.contains("params") ? &message["params"] : nullptr;
    if (params && params->is_object() && params->contains("name") &&
        (*params)["name"].is_string() && Server::known_tool((*params)["name"]))
      return {{"jsonrpc", "2.0"},
              {"id", message["id"]},
              {"result",
               error_result((deep_argument.empty() ? std::string("arguments") : deep_argument) +
                            ": a value nested more than 64 levels, expected at most "
                            "64")}};
  }
  return server.handle(message);
}

int serve() {
  Server server;
  std::string line;
  bool too_long = false;
  while (read_line(line, too_long)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    json answer;
    if (too_long)
      answer = invalid(-32600, "message longer than 8 MiB");
    else if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    else
      answer = answer_line(server, line);
    if (!answer.is_null()) {
      const std::string text = answer.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
    }
  }
  return 0;
}

}  // namespace mcp_detail

static void define_mcp(CLI::App* command, Runner& run) {
  command->callback([&run] { run = [] { return mcp_detail::serve(); }; });
}

Command mcp_command() {
  return {"mcp",
          "Serve the engine as tools for LLM agents over the Model Context Protocol (stdio): "
          "analyse, evaluate, equal-value packages, robust, proofs, division, negotiation "
          "sessions (docs/mcp.md)",
          define_mcp};
}

}  // namespace parley::cli
