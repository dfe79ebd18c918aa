#include "engine/statistics.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace kinet {

std::optional<double> Mean(std::span<const double> values) {
  if (values.empty()) return std::nullopt;
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

std::optional<double> PercentileInPlace(std::span<double> values, double p) {
  const std::size_t n = values.size();
  if (n == 0) return std::nullopt;
  p = std::clamp(p, 0.0, 1.0);
  // HJ 663-2013 eq. 3 with 1-based ranks: k = 1 + (n-1)p, s = floor(k).
  const double k = 1.0 + static_cast<double>(n - 1) * p;
  const double s_floor = std::floor(k);
  const std::size_t s = static_cast<std::size_t>(s_floor);  // 1..n
  // x_s is the (s-1)-th order statistic (0-based); x_{s+1} is the minimum of
  // what lies above it after nth_element.
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(s - 1);
  std::nth_element(values.begin(), nth, values.end());
  const double xs = *nth;
  if (s >= n) return xs;
  const double xs1 = *std::min_element(nth + 1, values.end());
  return xs + (xs1 - xs) * (k - s_floor);
}

std::optional<double> Percentile(std::span<const double> values, double p) {
  std::vector<double> copy(values.begin(), values.end());
  return PercentileInPlace(copy, p);
}

}  // namespace kinet
