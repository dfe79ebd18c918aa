#include "engine/value_checks.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "core/indicator_unit.h"

namespace kinet {
namespace {

// Short decimal text for reasons: 61, 61.5, 0.125.
std::string Num(double v) { return fmt::format("{:.6g}", v); }

double Median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const std::size_t n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2.0;
}

}  // namespace

std::optional<ValueFlag> CheckRange(const Indicator& indicator, double value) {
  if (indicator.valid_min && value < *indicator.valid_min) {
    return ValueFlag{"out-of-range",
                     fmt::format("{} is below the valid minimum {} {}", Num(value),
                                 Num(*indicator.valid_min), UnitSymbol(indicator.unit))};
  }
  if (indicator.valid_max && value > *indicator.valid_max) {
    return ValueFlag{"out-of-range",
                     fmt::format("{} is above the valid maximum {} {}", Num(value),
                                 Num(*indicator.valid_max), UnitSymbol(indicator.unit))};
  }
  return std::nullopt;
}

std::optional<ValueFlag> CheckJump(std::span<const SeriesValue> earlier, double value) {
  if (earlier.empty()) return std::nullopt;
  const SeriesValue& prev = earlier.back();
  const double d = std::fabs(value - prev.value);
  const bool jump = prev.value == 0 ? value != 0 : d > 0.5 * std::fabs(prev.value);
  if (!jump) return std::nullopt;
  if (earlier.size() >= 4) {  // at least 3 changes
    std::vector<double> changes;
    changes.reserve(earlier.size() - 1);
    for (std::size_t i = 1; i < earlier.size(); ++i) {
      changes.push_back(std::fabs(earlier[i].value - earlier[i - 1].value));
    }
    if (d <= 3.0 * Median(std::move(changes))) return std::nullopt;
  }
  return ValueFlag{"implausible-jump", fmt::format("implausible jump from {} ({} → {})",
                                                   prev.period, Num(prev.value), Num(value))};
}

}  // namespace kinet
