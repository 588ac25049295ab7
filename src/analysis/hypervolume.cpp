// Hypervolume (the Lebesgue measure of the region a point set dominates above a reference point)
// and the quality figures of an approximated frontier.
#include <cmath>

#include "analysis/frontier_internal.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

// Area dominated by (x, y) points sorted by x descending, above (reference_x, reference_y).
double area_sorted(const std::vector<std::pair<double, double>>& points, double reference_x,
                   double reference_y) {
  double area = 0.0;
  double highest = reference_y;
  for (const auto& [x, y] : points)
    if (y > highest) {
      area += (x - reference_x) * (y - highest);
      highest = y;
    }
  return area;
}

}  // namespace

double hypervolume(const std::vector<std::vector<double>>& points,
                   const std::vector<double>& reference_point) {
  const std::size_t dims = reference_point.size();
  if (dims < 2 || dims > 3)
    throw UnsupportedError("hypervolume: exact for 2 or 3 parties only, not " +
                           std::to_string(dims));
  // Only points above the reference point in every coordinate dominate any volume.
  std::vector<const std::vector<double>*> above;
  for (const auto& p : points) {
    if (p.size() != dims)
      throw Error("hypervolume: a point has " + std::to_string(p.size()) +
                  " coordinates, the reference point " + std::to_string(dims));
    bool inside = true;
    for (std::size_t j = 0; j < dims; ++j) inside = inside && p[j] > reference_point[j];
    if (inside) above.push_back(&p);
  }
  std::vector<std::pair<double, double>> plane;
  auto by_x_descending = [](const std::pair<double, double>& a,
                            const std::pair<double, double>& b) { return a.first > b.first; };
  if (dims == 2) {
    for (const auto* p : above) plane.emplace_back((*p)[0], (*p)[1]);
    std::sort(plane.begin(), plane.end(), by_x_descending);
    return area_sorted(plane, reference_point[0], reference_point[1]);
  }
  // Three: slices between consecutive distinct third coordinates, from the highest down.
  std::sort(
      above.begin(), above.end(),
      [](const std::vector<double>* a, const std::vector<double>* b) { return (*a)[2] > (*b)[2]; });
  double volume = 0.0;
  std::size_t i = 0;
  while (i < above.size()) {
    const double z = (*above[i])[2];
    while (i < above.size() && (*above[i])[2] == z) {
      const std::pair<double, double> point((*above[i])[0], (*above[i])[1]);
      plane.insert(std::upper_bound(plane.begin(), plane.end(), point, by_x_descending), point);
      ++i;
    }
    const double next_z = i < above.size() ? (*above[i])[2] : reference_point[2];
    volume += area_sorted(plane, reference_point[0], reference_point[1]) * (z - next_z);
  }
  return volume;
}

namespace detail {

void measure_against_reference(Frontier& frontier, const FrontierOptions& options) {
  const std::size_t parties = frontier.packages.empty() ? 0 : frontier.packages[0].utilities.size();
  if (parties < 2) return;
  std::vector<std::vector<double>> found;
  found.reserve(frontier.packages.size());
  for (const auto& package : frontier.packages) found.push_back(package.utilities);
  const std::vector<double> origin(parties, 0.0);
  if (parties <= 3) frontier.hypervolume = hypervolume(found, origin);
  if (options.reference.empty()) return;
  for (const auto& point : options.reference)
    if (point.size() != parties)
      throw InputError("frontier options", std::nullopt, "reference",
                       "a point with " + std::to_string(point.size()) + " utilities",
                       std::to_string(parties) + " utilities per point (one per party)");
  if (parties <= 3) frontier.reference_hypervolume = hypervolume(options.reference, origin);
  double total = 0.0, largest = 0.0;
  for (const auto& point : options.reference) {
    double nearest = INFINITY;
    for (const auto& f : found) {
      double squared = 0.0;
      for (std::size_t j = 0; j < parties; ++j) squared += (f[j] - point[j]) * (f[j] - point[j]);
      nearest = std::min(nearest, squared);
    }
    nearest = std::sqrt(nearest);
    total += nearest;
    largest = std::max(largest, nearest);
  }
  frontier.mean_distance_to_reference = total / static_cast<double>(options.reference.size());
  frontier.max_distance_to_reference = largest;
}

}  // namespace detail
}  // namespace parley
