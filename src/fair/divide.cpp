// One entry point for front-ends (divide) and the plain-text report (describe_division).
#include <cstdio>
#include <map>
#include <sstream>

#include "fair/enum_names.hpp"
#include "fair_internal.hpp"

namespace parley::fair {

const char* to_string(DivisionMethod method) noexcept {
  return parley::detail::kDivisionMethodNames.name(method);
}

std::optional<DivisionMethod> parse_division_method(std::string_view name) {
  if (const auto method = parley::detail::kDivisionMethodNames.parse(name)) return method;
  if (name == "aw") return DivisionMethod::adjusted_winner;
  if (name == "nash" || name == "max-nash-welfare") return DivisionMethod::max_nash_welfare;
  return std::nullopt;
}

DivisionMethod default_division_method(const DivisionInstance& instance) {
  if (instance.kind == TableKind::rooms) return DivisionMethod::rent;
  if (instance.agent_count() == 2) return DivisionMethod::adjusted_winner;
  return DivisionMethod::max_nash_welfare;
}

Division divide(const DivisionInstance& instance, DivisionMethod method,
                const DivideOptions& options, Warnings& warnings) {
  validate(instance);
  Division division;
  division.method = method;
  division.instance = instance;
  switch (method) {
    case DivisionMethod::adjusted_winner:
      division.adjusted_winner = adjusted_winner(instance, warnings);
      division.checks = division.adjusted_winner->checks;
      return division;
    case DivisionMethod::rent: {
      Rational rent;
      if (options.total_rent) {
        rent = *options.total_rent;
      } else {
        rent = instance.total_value(0);
        for (std::size_t a = 1; a < instance.agent_count(); ++a)
          if (instance.total_value(a) != rent)
            throw InputError(instance.origin, std::nullopt, "total rent",
                             "no rent given and values summing to " + format_rational(rent) +
                                 " for " + instance.agents[0] + " but " +
                                 format_rational(instance.total_value(a)) + " for " +
                                 instance.agents[a],
                             "the total rent (--rent), or every person's values summing to it");
      }
      division.rent = maximin_rent_division(instance, rent, warnings);
      division.checks = division.rent->checks;
      return division;
    }
    case DivisionMethod::max_nash_welfare:
    case DivisionMethod::leximin: {
      auto result = method == DivisionMethod::leximin ? leximin(instance, options.milp)
                                                      : max_nash_welfare(instance, options.milp);
      division.allocation = std::move(result.allocation);
      division.exact = result.exact;
      division.note = std::move(result.note);
      if (!division.exact)
        warnings.push_back(instance.origin + ": " + to_string(method) +
                           " is approximate: " + division.note);
      break;
    }
    case DivisionMethod::utilitarian:
      division.allocation = utilitarian_allocation(instance);
      break;
  }
  division.utilities = bundle_values(instance, *division.allocation);
  division.checks = check_allocation(instance, *division.allocation, options.limits);
  return division;
}

namespace {

const std::map<std::string, std::string>& check_meanings() {
  static const std::map<std::string, std::string> meanings = {
      {"equitable", "both parties end with the same number of points, each by their own count"},
      {"envy-free", "nobody would rather have someone else's share than their own"},
      {"efficient",
       "no other division makes one party better off without making the other worse off"},
      {"EF1", "envy-free up to one item: any envy goes away if one item leaves the envied share"},
      {"EFX",
       "envy-free up to any item: any envy goes away whichever single item (of value to the "
       "envious party) leaves the envied share"},
      {"proportional", "everyone gets at least 1/n of what all the items are worth to them"},
      {"MMS",
       "maximin share: everyone gets at least what they could guarantee by cutting the items into "
       "n bundles themselves and receiving the worst one"},
      {"Pareto-optimal",
       "no other allocation makes someone better off without making someone worse off"},
  };
  return meanings;
}

std::string money(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

void describe_checks(std::ostringstream& out, const std::vector<FairnessCheck>& checks) {
  out << "\nChecks on this result:\n";
  for (const auto& check : checks) {
    out << "  " << check.property << ": " << to_string(check.verdict) << ".";
    const auto meaning = check_meanings().find(check.property);
    if (meaning != check_meanings().end()) out << " (" << meaning->second << ")";
    out << "\n    " << check.detail << "\n";
  }
}

void describe_adjusted_winner(std::ostringstream& out, const DivisionInstance& instance,
                              const AdjustedWinnerResult& aw) {
  const auto& names = instance.agents;
  out << "Adjusted Winner (Brams and Taylor) between " << names[0] << " and " << names[1] << ", "
      << instance.item_count() << " items, from " << instance.origin << ".\n"
      << "Each party spreads 100 points over the items. Each item first goes to whoever puts "
         "more points on it; then items move from the party ahead to the other, those the party "
         "ahead values least relative to the other first, until both have the same total. At "
         "most one item is split.\n\nWho gets what:\n";
  for (std::size_t a = 0; a < 2; ++a) {
    out << "  " << names[a] << ":";
    bool any = false;
    for (std::size_t i = 0; i < instance.item_count(); ++i) {
      const Rational share = a == 0 ? aw.share_of_first[i] : Rational(1 - aw.share_of_first[i]);
      if (share != 1 || (aw.split_item && *aw.split_item == i)) continue;
      out << (any ? ", " : " ") << instance.items[i] << " (" << format_rational(aw.points[a][i])
          << " vs " << format_rational(aw.points[1 - a][i]) << ")";
      any = true;
    }
    if (!any) out << " no whole item";
    out << "\n";
  }
  if (aw.split_item) {
    const auto i = *aw.split_item;
    const auto keeper = aw.initial_owner[i];
    out << "  Split: " << instance.items[i] << ": " << names[keeper] << " keeps "
        << format_rational(aw.split_fraction_kept) << " of it, " << names[1 - keeper] << " gets "
        << format_rational(1 - aw.split_fraction_kept) << "\n";
  } else {
    out << "  No item needs to be split.\n";
  }
  out << "\nPoints, each by own count: " << names[0] << " " << detail::readable(aw.totals[0])
      << ", " << names[1] << " " << detail::readable(aw.totals[1]) << ".\n";
  out << "Why: after the winner phase " << names[0] << " had "
      << format_rational(aw.initial_totals[0]) << " points and " << names[1] << " "
      << format_rational(aw.initial_totals[1]) << ".";
  if (aw.transfer_order.empty()) {
    out << " The totals were already equal, so nothing moved.\n";
  } else {
    const auto leader = aw.initial_owner[aw.transfer_order.front()];
    out << " To equalise, " << names[leader] << "'s items moved to " << names[1 - leader]
        << " in increasing order of the ratio of their points:";
    for (std::size_t k = 0; k < aw.transfer_order.size(); ++k) {
      const auto i = aw.transfer_order[k];
      out << (k ? ", " : " ") << instance.items[i] << " (" << format_rational(aw.points[leader][i])
          << "/" << format_rational(aw.points[1 - leader][i]) << ")";
    }
    out << (aw.split_item ? "; the last was split so that the totals meet exactly.\n"
                          : "; the totals then met exactly.\n");
  }
}

void describe_allocation(std::ostringstream& out, const Division& division) {
  const auto& instance = division.instance;
  switch (division.method) {
    case DivisionMethod::max_nash_welfare:
      out << "Maximum Nash welfare (Caragiannis et al. 2016, as Spliddit uses)";
      break;
    case DivisionMethod::leximin:
      out << "Leximin";
      break;
    default:
      out << "Utilitarian";
      break;
  }
  out << " allocation of " << instance.item_count() << " indivisible items among "
      << instance.agent_count() << " parties, from " << instance.origin << ".\n";
  switch (division.method) {
    case DivisionMethod::max_nash_welfare:
      out << "Among the allocations giving positive value to as many parties as possible, it "
             "maximises the product of the parties' values: a balance between efficiency and "
             "fairness that is unchanged when a party rescales its values.\n";
      break;
    case DivisionMethod::leximin:
      out << "It makes the worst-off party as well off as possible, then the second worst-off, "
             "and so on (values are compared as given).\n";
      break;
    default:
      out << "Each item goes to the party that values it most: the largest total value, with "
             "no regard for who gets it.\n";
      break;
  }
  if (!division.exact) out << "Approximate: " << division.note << ".\n";
  out << "\nWho gets what:\n";
  for (std::size_t a = 0; a < instance.agent_count(); ++a)
    out << "  " << instance.agents[a] << ": "
        << detail::bundle_text(instance, *division.allocation, a) << ", worth "
        << format_rational(division.utilities[a]) << " of "
        << format_rational(instance.total_value(a)) << " to " << instance.agents[a] << "\n";
}

void describe_rent(std::ostringstream& out, const DivisionInstance& instance,
                   const RentDivision& rent) {
  out << "Rent division (Gal, Mash, Procaccia and Zick 2016), total rent "
      << format_rational(rent.total_rent) << ", " << instance.agent_count() << " people, from "
      << instance.origin << ".\n"
      << "People are assigned to rooms so that the total value is largest; then, among the "
         "prices summing to the rent at which nobody envies another's room, those that make the "
         "worst-off person as well off as possible are chosen.\n\nWho gets what:\n";
  for (std::size_t a = 0; a < instance.agent_count(); ++a) {
    const auto room = rent.room_of_agent[a];
    out << "  " << instance.agents[a] << ": " << instance.items[room] << " at "
        << money(rent.prices[room]) << " (valued at " << format_rational(instance.values[a][room])
        << ", so " << money(rent.agent_utilities[a]) << " left over)\n";
  }
}

}  // namespace

std::string describe_division(const Division& division) {
  std::ostringstream out;
  if (division.adjusted_winner)
    describe_adjusted_winner(out, division.instance, *division.adjusted_winner);
  else if (division.rent)
    describe_rent(out, division.instance, *division.rent);
  else if (division.allocation)
    describe_allocation(out, division);
  describe_checks(out, division.checks);
  return out.str();
}

}  // namespace parley::fair
