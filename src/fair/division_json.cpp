// The JSON form of a division (`parley divide --json`, schema parley-divide/1, documented in
// docs/fair-division.md). Exact rationals are written as {"exact": "170/3", "value": 56.67}:
// the text is exact, the float is for readers that need no exactness. No timings, so the same
// inputs give the same bytes.
#include <nlohmann/json.hpp>

#include "parley/fair/fair_division.hpp"

namespace parley::fair {
namespace {

using Json = nlohmann::ordered_json;

const char* kind_name(TableKind kind) { return kind == TableKind::rooms ? "rooms" : "items"; }

// "5/6", "-3", "170/3": numerator/denominator in lowest terms, the integer alone when the
// denominator is 1 (what fractions.Fraction and parse_rational read back).
Json exact_json(const Rational& value) {
  Json number;
  number["exact"] = value.str();
  number["value"] = value.convert_to<double>();
  return number;
}

Json exact_list(const std::vector<Rational>& values) {
  Json list = Json::array();
  for (const auto& value : values) list.push_back(exact_json(value));
  return list;
}

Json exact_table(const std::vector<std::vector<Rational>>& rows) {
  Json table = Json::array();
  for (const auto& row : rows) table.push_back(exact_list(row));
  return table;
}

Json names_of(const std::vector<std::string>& names, const std::vector<std::size_t>& indices) {
  Json list = Json::array();
  for (const auto index : indices) list.push_back(names.at(index));
  return list;
}

Json instance_json(const DivisionInstance& instance) {
  Json j;
  j["origin"] = instance.origin;
  j["kind"] = kind_name(instance.kind);
  j["agents"] = instance.agents;
  j["items"] = instance.items;
  j["values"] = exact_table(instance.values);
  return j;
}

Json adjusted_winner_json(const DivisionInstance& instance, const AdjustedWinnerResult& aw) {
  Json j;
  j["points"] = exact_table(aw.points);
  j["initial_owner"] = names_of(instance.agents, aw.initial_owner);
  j["initial_totals"] = exact_list(aw.initial_totals);
  j["transfer_order"] = names_of(instance.items, aw.transfer_order);
  if (aw.split_item) {
    Json split;
    split["item"] = instance.items.at(*aw.split_item);
    split["owner"] = instance.agents.at(aw.initial_owner.at(*aw.split_item));
    split["kept"] = exact_json(aw.split_fraction_kept);
    j["split"] = split;
  } else {
    j["split"] = nullptr;
  }
  j["share_of_first"] = exact_list(aw.share_of_first);
  j["totals"] = exact_list(aw.totals);
  return j;
}

Json rent_json(const DivisionInstance& instance, const RentDivision& rent) {
  Json j;
  j["total"] = exact_json(rent.total_rent);
  j["rooms"] = names_of(instance.items, rent.room_of_agent);
  j["prices"] = rent.prices;
  j["utilities"] = rent.agent_utilities;
  return j;
}

}  // namespace

std::string render_division_json(const Division& division, const Warnings& warnings) {
  const auto& instance = division.instance;
  Json root;
  root["schema"] = "parley-divide/1";
  root["method"] = to_string(division.method);
  root["exact"] = division.exact;
  root["note"] = division.note;
  root["instance"] = instance_json(instance);
  root["warnings"] = warnings;
  root["adjusted_winner"] = division.adjusted_winner
                                ? adjusted_winner_json(instance, *division.adjusted_winner)
                                : Json(nullptr);
  root["allocation"] =
      division.allocation ? names_of(instance.agents, *division.allocation) : Json(nullptr);
  root["utilities"] = division.allocation ? exact_list(division.utilities) : Json(nullptr);
  root["rent"] = division.rent ? rent_json(instance, *division.rent) : Json(nullptr);
  Json checks = Json::array();
  for (const auto& check : division.checks) {
    Json c;
    c["property"] = check.property;
    c["verdict"] = to_string(check.verdict);
    c["detail"] = check.detail;
    checks.push_back(c);
  }
  root["checks"] = checks;
  // Names are checked to be UTF-8 by validate(); replacing anything else keeps this from throwing
  // a library exception whatever the caller built.
  return root.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace parley::fair
