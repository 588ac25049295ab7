// Reading gnuplot's SVG output in tests (pugixml): every plot element is a
// <g id="gnuplot_plot_N"> group whose legend entry, when it has one, is the group's first <text>;
// points are <use> elements (one per point, plus one for the legend sample), lines are <path>
// elements; axis labels and tic labels are <text> elements outside those groups.
#pragma once

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace parley::test {

struct SvgGroup {
  std::string legend;                             // "" when the element has no legend entry
  std::size_t uses = 0;                           // <use> elements (points)
  std::vector<std::string> paths;                 // "d" of each <path>
  std::set<std::string> colours;                  // "color" attributes of the <use> elements
  std::vector<std::pair<double, double>> points;  // (x, y) of each <use>, in SVG pixels
};

struct SvgPlot {
  std::vector<SvgGroup> groups;    // in document order
  std::vector<std::string> texts;  // every <text>, its whole content
  std::size_t tspans = 0;          // <tspan> elements (enhanced-text markup: sub/superscripts)

  // The groups whose legend is exactly `legend`.
  std::vector<const SvgGroup*> with_legend(const std::string& legend) const {
    std::vector<const SvgGroup*> found;
    for (const auto& g : groups)
      if (g.legend == legend) found.push_back(&g);
    return found;
  }
  bool has_text(const std::string& text) const {
    for (const auto& t : texts)
      if (t == text) return true;
    return false;
  }
  std::set<std::string> legends() const {
    std::set<std::string> all;
    for (const auto& g : groups)
      if (!g.legend.empty()) all.insert(g.legend);
    return all;
  }
};

inline std::string all_text(const pugi::xml_node& node) {
  std::string out;
  for (const auto& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      out += child.value();
    else
      out += all_text(child);
  }
  return out;
}

// "translate(54.53,18.01) scale(4.50)" -> (54.53, 18.01).
inline std::pair<double, double> translation(const std::string& transform) {
  const auto open = transform.find("translate(");
  if (open == std::string::npos) return {0.0, 0.0};
  const char* p = transform.c_str() + open + 10;
  char* end = nullptr;
  const double x = std::strtod(p, &end);
  const double y = std::strtod(end + 1, nullptr);
  return {x, y};
}

inline void collect(const pugi::xml_node& node, SvgGroup& group) {
  for (const auto& child : node.children()) {
    const std::string name = child.name();
    if (name == "use") {
      ++group.uses;
      group.colours.insert(child.attribute("color").value());
      group.points.push_back(translation(child.attribute("transform").value()));
    } else if (name == "path") {
      group.paths.emplace_back(child.attribute("d").value());
    } else if (name == "text" && group.legend.empty()) {
      group.legend = all_text(child);
    }
    if (name != "text") collect(child, group);
  }
}

inline void walk(const pugi::xml_node& node, SvgPlot& plot) {
  for (const auto& child : node.children()) {
    const std::string name = child.name();
    if (name == "text") {
      plot.texts.push_back(all_text(child));
      const auto tspans = child.select_nodes(".//tspan");
      plot.tspans += tspans.size();
    }
    if (name == "g" && std::string(child.attribute("id").value()).rfind("gnuplot_plot_", 0) == 0) {
      SvgGroup group;
      collect(child, group);
      plot.groups.push_back(std::move(group));
    }
    walk(child, plot);
  }
}

inline SvgPlot parse_svg(const std::string& svg) {
  SvgPlot plot;
  pugi::xml_document document;
  const auto parsed = document.load_string(svg.c_str());
  EXPECT_TRUE(parsed) << "the SVG is not XML: " << parsed.description();
  walk(document, plot);
  return plot;
}

// Vertices of an SVG path ("M x,y L x,y ..."): the number of M and L commands.
inline std::size_t path_vertices(const std::string& d) {
  std::size_t n = 0;
  for (const char c : d) n += c == 'M' || c == 'L';
  return n;
}
inline std::size_t path_moves(const std::string& d) {
  std::size_t n = 0;
  for (const char c : d) n += c == 'M';
  return n;
}

}  // namespace parley::test
