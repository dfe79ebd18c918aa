// The annual air-quality assessment of stations and cities: from hourly
// concentrations of the six AQI pollutants to annual statistics and daily-AQI
// summaries (the reference workload of ../shared/bench/README.md §1-9).
//
// Sits in engine/ (pure, no I/O; may use threads). The input is a
// StationHourData, however it was obtained (a CSV parsed by
// ingest/station_hour_csv.h, or blocks read from the store), so the same
// function serves `kinet air assess --input FILE` and the database mode.
//
// Usage facts behind the design: a national network is ~1000-2000 stations x
// 8760 hours x 6 pollutants a year (~10^8 values). Hours are kept dense, one
// flat array per station-year with the six pollutants of an hour side by side
// (48 bytes, so an hourly row is filled with one cache line), and every
// station-year and city-year is an independent task, spread over threads.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/pollutant.h"
#include "engine/averaging.h"

namespace kinet {

// The six pollutants of a HourlyYear, in kAqiPollutants order (PM2.5, PM10,
// SO2, NO2, CO, O3: the column order of the bench CSV).
inline constexpr int kAirPollutantCount = 6;

// One calendar year of hourly values of one series (a station or a city).
//
// values[(day * 24 + hour) * 6 + k] is pollutant kAqiPollutants[k] at local
// hour `hour` (0..23, hour start) of day `day` (0 = 1 January). A missing
// value is NaN: NaN is the engine-internal dense encoding only (STYLE.md);
// results leave the engine as std::optional.
struct HourlyYear {
  int year = 0;
  std::vector<double> values;  // DaysInYear(year) * 24 * 6

  // A year with every value missing.
  static HourlyYear AllMissing(int year);
  int days() const { return static_cast<int>(values.size() / (24 * kAirPollutantCount)); }
  double& at(int day, int hour, int k) {
    return values[(static_cast<std::size_t>(day) * 24 + hour) * kAirPollutantCount + k];
  }
  double at(int day, int hour, int k) const {
    return values[(static_cast<std::size_t>(day) * 24 + hour) * kAirPollutantCount + k];
  }
};

// The hourly data of one station: its city and the years in which it has at
// least one row (even a row with every value missing: the year is then
// assessed, with no valid day; bench README §6).
struct StationSeries {
  std::string station;
  std::string city;
  std::vector<HourlyYear> years;  // any order, one per year
};

struct StationHourData {
  std::vector<StationSeries> stations;  // station ids unique
};

// What the assessment counts against: GB 3095-2012 Grade II and HJ 663-2013
// by default. Indexed like kAqiPollutants.
struct AirAssessmentRules {
  ValidityRules validity;
  // GB 3095-2012 Table 1, Grade II, 24-hour limits (ug/m3; CO mg/m3); for O3
  // the daily maximum 8-hour limit (160).
  std::array<double, kAirPollutantCount> daily_limit = {75, 150, 150, 80, 4, 160};
  // Percentile of the daily values (HJ 663-2013 §5.3): 95th for PM2.5, PM10
  // and CO, 98th for SO2 and NO2, 90th of MDA8 for O3.
  std::array<double, kAirPollutantCount> percentile = {0.95, 0.95, 0.98, 0.98, 0.95, 0.90};
  // A "good" day has AQI <= 100 (HJ 633-2012 Table 2, levels I-II).
  int good_aqi_max = 100;
};

// The individual AQI of a concentration (HJ 633-2012 Table 1 and eq. 1), or
// nullopt when the table gives none. Callers bind the rule set:
//   [&](Pollutant p, Averaging a, double c) { return IndividualAqi(rules, p, a, c); }
// Called with Averaging::kDay for the 24-hour means, kEightHour for MDA8 and
// kHour for the O3 daily 1-hour maximum. Must be safe to call concurrently.
using IaqiFunction = std::function<std::optional<int>(Pollutant, Averaging, double)>;

enum class SeriesLevel : std::uint8_t { kCity, kStation };  // "city" sorts before "station"

// "city" or "station".
std::string_view SeriesLevelName(SeriesLevel level);

// One pollutant of one series in one year. For O3 every statistic is on the
// daily maximum 8-hour mean (bench README §5).
struct AnnualAssessmentRow {
  SeriesLevel level = SeriesLevel::kStation;
  std::string id;
  int year = 0;
  Pollutant pollutant = Pollutant::kPm25;
  AnnualStatistics stats;
};

// Daily-AQI summary of one series in one year (bench README §7).
struct AqiYearRow {
  SeriesLevel level = SeriesLevel::kStation;
  std::string id;
  int year = 0;
  int aqi_days = 0;                  // days with an AQI
  int good_days = 0;                 // days with AQI <= good_aqi_max
  std::optional<double> good_ratio;  // good_days / aqi_days; nullopt when no AQI day
  std::optional<int> max_aqi;        // nullopt when no AQI day
};

struct AirAssessment {
  // Sorted by (level, id in byte order, year, pollutant code in byte order):
  // 6 rows per series-year.
  std::vector<AnnualAssessmentRow> annual;
  // Sorted by (level, id, year): 1 row per series-year.
  std::vector<AqiYearRow> aqi;
};

// Assesses every station-year of `data`, and every city-year (the city's
// hourly value of a pollutant is the mean of its stations' present values at
// that hour, HJ 663-2013; city-years are the union of its station-years).
// Uses up to `threads` threads (>= 1). Stations of one city are grouped by
// StationSeries::city.
AirAssessment AssessAir(const StationHourData& data, const AirAssessmentRules& rules,
                        const IaqiFunction& iaqi, int threads = 1);

// Daily values of one series-day (bench README §4-5).
struct DailyAirValues {
  // Daily value per pollutant (kAqiPollutants order): the 24-hour mean, and
  // for O3 the MDA8; nullopt when not valid.
  std::array<std::optional<double>, kAirPollutantCount> value;
  std::optional<double> o3_max_hour;  // O3 daily 1-hour maximum
  std::optional<int> aqi;             // daily AQI, when the day has one
};

// Computes the daily values and the daily AQI of day `day` of `year`.
DailyAirValues AssessDay(const HourlyYear& year, int day, const AirAssessmentRules& rules,
                         const IaqiFunction& iaqi);

// Hourly values of one series-day: 24 hours x 6 pollutants, hour-major as in
// HourlyYear::values (element hour * 6 + k), NaN = missing.
inline constexpr std::size_t kDayValueCount = 24 * kAirPollutantCount;
using DayHours = std::span<const double, kDayValueCount>;

// Computes the daily values and the daily AQI of one series-day (the same
// computation as AssessDay, on a day given by itself).
DailyAirValues AssessDayHours(DayHours hours, const AirAssessmentRules& rules,
                              const IaqiFunction& iaqi);

// The daily values of one series-year, as AssessDay gives them, in a compact
// form: what the annual rows are computed from. Lets a caller that sees the
// hours day by day (a date-ordered CSV) keep 56 bytes per series-day instead
// of the 1152 of the hours. NaN and -1 are the engine-internal encodings of
// "no valid value" and "no AQI" here; results leave as std::optional.
struct DailyAirYear {
  int year = 0;
  std::vector<double> value;  // DaysInYear(year) * 6: value[day * 6 + k], NaN = not valid
  std::vector<int> aqi;       // DaysInYear(year): the daily AQI, -1 = none

  // A year in which no day has a valid value.
  static DailyAirYear Empty(int year);
  int days() const { return static_cast<int>(aqi.size()); }
  // Stores the daily values of day `day` (0 = 1 January).
  void Set(int day, const DailyAirValues& v);
};

// A station or a city with the daily values of its years.
struct DailyAirSeries {
  SeriesLevel level = SeriesLevel::kStation;
  std::string id;
  std::vector<DailyAirYear> years;  // any order, one per year
};

// The annual rows and AQI rows of daily series (the same statistics as
// AssessAir computes from the hours; AssessAir goes through this). `series`
// may come in any order; each (level, id) once. Uses up to `threads` threads.
AirAssessment SummarizeDailyAir(const std::vector<DailyAirSeries>& series,
                                const AirAssessmentRules& rules, int threads = 1);

// The city hourly values of one day from its stations' hours of that day, in
// the order given (AssessAir passes the stations sorted by id): the mean of
// the present values per hour and pollutant, NaN where none (HJ 663-2013).
// Writes kDayValueCount values to `out`.
void CityDayHours(std::span<const double* const> members, double* out);

// The city hourly series of `year` from the station series of that year
// (`members` may lack the year: such members are skipped): the mean of the
// present station values per hour and pollutant; missing where none.
HourlyYear CityHourlyYear(const std::vector<const HourlyYear*>& members, int year);

}  // namespace kinet
