// Averaging and validity: from hourly concentrations to daily values, and
// from daily values to monthly and annual statistics.
//
// Sits in engine/ (pure, no I/O). The rules are those of GB 3095-2012 Table 4
// and HJ 663-2013 §4-5 (summarised in ../shared/reference/standards.md §4.2-4.3
// and, with every tie made explicit, in ../shared/bench/README.md §1-9).
//
// Usage facts behind the design: an annual assessment of a national network
// calls the daily functions ~10^7 times (1000 stations x 366 days x 6
// pollutants x a few years), so they take a 24-hour span of doubles with NaN
// for a missing hour (the engine-internal dense representation, see
// HourlyYear in engine/air_assessment.h), allocate nothing and return
// std::optional: "too little data" is nullopt, never a number.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kinet {

// Minimum amounts of data for a statistic to be valid. The defaults are
// those of GB 3095-2012 Table 4 and HJ 663-2013; a rule set may override them.
struct ValidityRules {
  // 24-hour mean, and the O3 daily 1-hour maximum: >= 20 hourly values
  // (GB 3095-2012 Table 4; HJ 663-2013 §5.1).
  int min_hours_per_day = 20;
  // O3 8-hour moving mean: >= 6 hourly values in the 8 hours
  // (GB 3095-2012 Table 4).
  int min_hours_per_8h = 6;
  // O3 daily maximum 8-hour mean (MDA8): >= 14 valid 8-hour means among the
  // 17 ending 08:00..24:00 (HJ 663-2013 §5.1; bench README §4).
  int min_8h_means_per_day = 14;
  // Annual mean: >= 324 daily values per year (GB 3095-2012 Table 4).
  int min_days_per_year = 324;
  // Monthly mean: >= 27 daily values per month, >= 25 in February
  // (GB 3095-2012 Table 4, standards.md §4.2).
  int min_days_per_month = 27;
  int min_days_in_february = 25;
};

// Hours in a day and the number of O3 8-hour windows inside one day
// (windows ending at hours 7..23, i.e. 08:00..24:00 in hour-ending labels:
// HJ 663-2013; bench README §4 -- a window never crosses midnight).
inline constexpr int kHoursPerDay = 24;
inline constexpr int kEightHourWindowsPerDay = 17;

// Returns the mean of the non-NaN values of `hours` (one day, 24 values, NaN =
// missing), or nullopt when fewer than rules.min_hours_per_day are present.
std::optional<double> DailyMean(std::span<const double> hours, const ValidityRules& rules);

// Returns the largest non-NaN value of `hours` (one day), or nullopt when fewer
// than rules.min_hours_per_day are present (the O3 daily 1-hour maximum).
std::optional<double> DailyMaxHour(std::span<const double> hours, const ValidityRules& rules);

// Returns the 17 O3 8-hour moving means of one day (24 hourly values, NaN =
// missing): element i is the mean of the present values in hours i..i+7,
// or nullopt when fewer than rules.min_hours_per_8h are present.
std::array<std::optional<double>, kEightHourWindowsPerDay> EightHourMeans(
    std::span<const double> hours, const ValidityRules& rules);

// Returns the O3 daily maximum 8-hour mean (MDA8) of one day: the largest
// valid 8-hour mean, or nullopt when fewer than rules.min_8h_means_per_day
// of the 17 are valid.
std::optional<double> Mda8(std::span<const double> hours, const ValidityRules& rules);

// Counts the values strictly above `limit`, tie-safe: a value counts iff
// value > limit + 1e-9 (bench README §8), so summation order cannot flip a
// value that equals the limit.
int CountExceedances(std::span<const double> values, double limit);

// Annual statistics of one pollutant of one series (station or city) in one
// year, from its valid daily values (HJ 663-2013 §5.2-5.3).
struct AnnualStatistics {
  std::optional<double> mean;        // mean of the valid daily values; nullopt if none
  int valid_days = 0;                // number of valid daily values
  bool valid = false;                // valid_days >= rules.min_days_per_year
  std::optional<double> percentile;  // type 7 percentile of the daily values; nullopt if none
  int exceed_days = 0;               // daily values > limit (tie-safe, CountExceedances)
  double data_capture_percent = 0;   // 100 * valid_days / days in the year
};

// Summarises the valid daily values `daily` (any order; reordered in place:
// the caller passes a scratch copy) of a year with `days_in_year` days.
// `percentile_p` in [0,1] (0.98 SO2/NO2, 0.95 PM10/PM2.5/CO, 0.90 O3 MDA8);
// `limit` is the 24-hour (MDA8 for O3) limit counted by exceed_days.
AnnualStatistics SummarizeYear(std::span<double> daily, int days_in_year, double percentile_p,
                               double limit, const ValidityRules& rules);

// A monthly mean (GB 3095-2012 Table 4: valid with >= 27 daily values,
// >= 25 in February).
struct MonthlyMean {
  std::optional<double> mean;  // mean of the valid daily values; nullopt if none
  int valid_days = 0;
  bool valid = false;
  double data_capture_percent = 0;  // 100 * valid_days / days in the month
};

// Returns the 12 monthly means of `year` from `daily_by_day` (one element per
// day of the year, January 1 first; NaN = no valid daily value; size must be
// DaysInYear(year)).
std::array<MonthlyMean, 12> MonthlyMeans(std::span<const double> daily_by_day, int year,
                                         const ValidityRules& rules);

}  // namespace kinet
