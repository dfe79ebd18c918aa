#include "engine/averaging.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/period.h"
#include "engine/statistics.h"

namespace kinet {

namespace {
// Tie band of bench README §8: real data (integer ug/m3, CO in 0.1 mg/m3)
// never lies within 1e-9 of a limit unless it is on it.
constexpr double kTieEpsilon = 1e-9;
}  // namespace

std::optional<double> DailyMean(std::span<const double> hours, const ValidityRules& rules) {
  double sum = 0;
  int n = 0;
  for (double v : hours) {
    // Branch-free: a missing hour adds +0.0, which changes no sum (the
    // result is bit for bit that of skipping it); missing hours come in
    // no pattern a branch predictor could learn.
    const bool present = !std::isnan(v);
    sum += present ? v : 0.0;
    n += present ? 1 : 0;
  }
  if (n < rules.min_hours_per_day || n == 0) return std::nullopt;
  return sum / n;
}

std::optional<double> DailyMaxHour(std::span<const double> hours, const ValidityRules& rules) {
  double max = -HUGE_VAL;
  int n = 0;
  for (double v : hours) {
    if (!std::isnan(v)) {
      max = std::max(max, v);
      ++n;
    }
  }
  if (n < rules.min_hours_per_day || n == 0) return std::nullopt;
  return max;
}

std::array<std::optional<double>, kEightHourWindowsPerDay> EightHourMeans(
    std::span<const double> hours, const ValidityRules& rules) {
  assert(hours.size() == kHoursPerDay);
  std::array<std::optional<double>, kEightHourWindowsPerDay> out;
  for (int w = 0; w < kEightHourWindowsPerDay; ++w) {
    // Summed directly (8 additions) rather than by a running sum, so that each
    // window mean is the mean of its own values, with no carried rounding.
    double sum = 0;
    int n = 0;
    for (int h = w; h < w + 8; ++h) {
      const double v = hours[h];
      const bool present = !std::isnan(v);  // branch-free, as in DailyMean
      sum += present ? v : 0.0;
      n += present ? 1 : 0;
    }
    if (n >= rules.min_hours_per_8h && n > 0) out[w] = sum / n;
  }
  return out;
}

std::optional<double> Mda8(std::span<const double> hours, const ValidityRules& rules) {
  double max = -HUGE_VAL;
  int n = 0;
  for (const std::optional<double>& m : EightHourMeans(hours, rules)) {
    if (m) {
      max = std::max(max, *m);
      ++n;
    }
  }
  if (n < rules.min_8h_means_per_day || n == 0) return std::nullopt;
  return max;
}

int CountExceedances(std::span<const double> values, double limit) {
  int n = 0;
  for (double v : values) n += v > limit + kTieEpsilon ? 1 : 0;
  return n;
}

AnnualStatistics SummarizeYear(std::span<double> daily, int days_in_year, double percentile_p,
                               double limit, const ValidityRules& rules) {
  AnnualStatistics s;
  s.valid_days = static_cast<int>(daily.size());
  s.valid = s.valid_days >= rules.min_days_per_year;
  s.data_capture_percent = days_in_year > 0 ? 100.0 * s.valid_days / days_in_year : 0.0;
  s.exceed_days = CountExceedances(daily, limit);
  s.mean = Mean(daily);
  s.percentile = PercentileInPlace(daily, percentile_p);
  return s;
}

std::array<MonthlyMean, 12> MonthlyMeans(std::span<const double> daily_by_day, int year,
                                         const ValidityRules& rules) {
  std::array<MonthlyMean, 12> out;
  std::size_t first = 0;
  for (int m = 1; m <= 12; ++m) {
    const int days = DaysInMonth(year, m);
    double sum = 0;
    int n = 0;
    for (std::size_t d = first; d < first + days && d < daily_by_day.size(); ++d) {
      if (!std::isnan(daily_by_day[d])) {
        sum += daily_by_day[d];
        ++n;
      }
    }
    MonthlyMean& mm = out[m - 1];
    mm.valid_days = n;
    if (n > 0) mm.mean = sum / n;
    mm.valid = n >= (m == 2 ? rules.min_days_in_february : rules.min_days_per_month);
    mm.data_capture_percent = 100.0 * n / days;
    first += days;
  }
  return out;
}

}  // namespace kinet
