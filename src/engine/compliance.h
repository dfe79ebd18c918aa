// Compliance of a year of air-quality statistics with a set of limit values
// (GB 3095-2012, GB 3095-2026, WHO AQG 2021), and the HJ 663-2013 single-item
// and composite indices.
//
// Sits in engine/ (pure, no I/O). LimitSet is the value type; rules/limit_sets.h
// loads it from standards/limits/*.toml. Called once per city (or station) x
// year x limit set, on at most a few hundred rows, so nothing here is tuned.
//
// How a limit row is evaluated (HJ 663-2013 §4.3, ../shared/reference/
// standards.md §4.3 and §5.1):
// - kAnnualMean: the annual mean given by the caller (its validity too, since
//   GB 3095-2012 Table 4 also asks for >= 27 daily values per month, which
//   only the caller can check) against the annual limit.
// - kPercentile: the p-th percentile (HJ 663 eq. 3 = type 7, engine/
//   statistics.h) of the valid daily values against the 24-hour (or MDA8)
//   limit: P98 for SO2 and NO2, P95 for PM10, PM2.5 and CO, P90 of MDA8 for
//   O3 (HJ 663-2013); P99 for WHO 2021 short-term guidelines (3-4 exceedance
//   days per year).
// - kMax: the highest value of the row's averaging time (daily value, MDA8,
//   hourly value, quarterly mean) against the limit.
// - kExceedanceCount: the number of days above the limit against the number
//   of days allowed.
// - kPeakSeasonMean: the WHO 2021 O3 peak-season mean given by the caller.
// A value equal to the limit is attained: GB 3095 limits are "not to exceed".
// A percentile, maximum or count on fewer valid days than the minimum
// (324 per year, GB 3095-2012 Table 4) is reported with its value but the
// verdict "insufficient data", as HJ 663 does; except that an exceedance count
// already above the allowed number is "exceeded", since more days cannot lower
// it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/period.h"
#include "core/pollutant.h"
#include "core/result.h"
#include "core/units.h"

namespace kinet {

// The statistic a limit row compares with its value.
enum class LimitStatistic : std::uint8_t {
  kAnnualMean,
  kPeakSeasonMean,
  kPercentile,
  kMax,
  kExceedanceCount,
};

// "annual-mean", "peak-season-mean", "percentile", "max", "exceedance-count".
std::string_view LimitStatisticCode(LimitStatistic s);
// The inverse of LimitStatisticCode; nullopt for any other text.
std::optional<LimitStatistic> ParseLimitStatistic(std::string_view code);

// One limit value of one level of a limit set.
struct Limit {
  std::string level;  // id of a LimitLevel of the set: "grade-2", "aqg", "it-1" ...
  Pollutant pollutant = Pollutant::kPm25;
  Averaging averaging = Averaging::kYear;
  LimitStatistic statistic = LimitStatistic::kAnnualMean;
  std::optional<double> percentile;        // p in (0,1], for kPercentile only
  std::optional<int> allowed_exceedances;  // for kExceedanceCount only
  double value = 0.0;
  Unit unit = Unit::kUgM3;
  bool confirmed = true;  // false where ../shared/reference/standards.md says UNCONFIRMED
  // false where the value is confirmed but the evaluation statistic is not
  // (e.g. HJ 663 percentiles for NOx, TSP, BaP; HJ 663-2026 rules).
  bool statistic_confirmed = true;
  std::string source;     // standard and table, e.g. "GB 3095-2012 Table 1"
  std::string note;
};

// A level of stringency within a set: a grade, an interim target, a phase.
struct LimitLevel {
  std::string id;  // "grade-1", "transitional-grade-2", "it-1", "aqg"
  std::string name;
  std::string name_zh;  // empty when the source has no Chinese name
  // Dates between which the level applies, when the standard says so.
  std::optional<CivilDate> effective_from;
  std::optional<CivilDate> effective_to;
};

// A set of limit values from one standard (one file of standards/limits/).
struct LimitSet {
  std::string id;  // "cn-gb3095-2012", "cn-gb3095-2026", "who-aqg-2021"
  std::string version;
  std::string title;
  std::string source;  // the document, its tables, and where it was read
  std::optional<CivilDate> effective_from;
  std::optional<CivilDate> effective_to;
  std::vector<LimitLevel> levels;
  std::vector<Limit> limits;  // in file order

  // The level with this id, or nullptr.
  const LimitLevel* FindLevel(std::string_view level) const;
  // The limits of one level, in file order (empty for an unknown level).
  std::vector<Limit> LimitsOf(std::string_view level) const;
  // The limit of `level` for `pollutant` at `averaging`, or nullptr.
  const Limit* Find(std::string_view level, Pollutant pollutant, Averaging averaging) const;
};

// One pollutant's year of data, as the caller prepared it. Missing values are
// absent (STYLE.md), never NaN.
struct PollutantYear {
  Pollutant pollutant = Pollutant::kPm25;
  Unit unit = Unit::kUgM3;    // unit of every value below
  std::vector<double> daily;  // the valid daily values: 24-h means, or MDA8 for O3
  std::optional<double> annual_mean;
  bool annual_mean_valid = false;          // GB 3095-2012 Table 4: >= 324 days, >= 27 per month
  double data_capture = 0.0;               // share of the year's days with a valid value, 0..1
  std::optional<double> max_hour;          // highest 1-hour value, for 1h limits
  std::optional<double> max_quarter;       // highest quarterly mean (Pb)
  std::optional<double> peak_season_mean;  // WHO 2021 O3 peak season
};

enum class ComplianceVerdict : std::uint8_t {
  kAttained,          // the statistic is at or below the limit
  kExceeded,          // above the limit (or more exceedance days than allowed)
  kInsufficientData,  // too few valid data for the evaluation; the value may still be shown
};

// "attained", "exceeded", "insufficient data".
std::string_view ComplianceVerdictCode(ComplianceVerdict v);

// The evaluation of one limit row.
struct LimitEvaluation {
  Limit limit;
  // The statistic in the limit's unit; nullopt when it cannot be computed
  // (no daily values, annual mean not given ...).
  std::optional<double> value;
  bool data_valid = false;  // enough data for a valid annual evaluation
  ComplianceVerdict verdict = ComplianceVerdict::kInsufficientData;
  std::optional<double> margin;               // limit - value (negative when exceeded)
  std::optional<double> exceedance_multiple;  // (value - limit) / limit, HJ 663
  // Days above the limit, for rows evaluated on daily values; and the number
  // the row allows (kExceedanceCount only).
  std::optional<int> exceedance_days;
  std::optional<int> allowed_exceedance_days;
  int valid_days = 0;
  double data_capture = 0.0;
};

struct ComplianceOptions {
  // GB 3095-2012 Table 4: an annual statistic needs >= 324 daily values.
  int min_valid_days = 324;
};

// Evaluates every limit of `level` in `set` whose pollutant appears in
// `years` (rows for pollutants without data are left out), in the set's
// order. Values are converted to each limit's unit (gases between mass and
// mixing ratio at 298.15 K, 1013.25 hPa, the reference state of GB 3095-2012
// as amended in 2018 and of WHO 2021).
// Returns NotFound when `level` is not a level of `set`; InvalidArgument
// (field "unit") when a value cannot be converted to the limit's unit, or
// (field "pollutant") when a pollutant appears twice in `years`.
Result<std::vector<LimitEvaluation>> EvaluateCompliance(const LimitSet& set, std::string_view level,
                                                        std::span<const PollutantYear> years,
                                                        const ComplianceOptions& options = {});

// HJ 663-2013 single-item index I_i = C_i / S_i. nullopt when S_i <= 0.
std::optional<double> SingleItemIndex(double concentration, double standard);

// One term of the composite index: the pollutant's assessed concentration
// C_i and its index standard S_i (same unit).
struct IndexItem {
  Pollutant pollutant = Pollutant::kPm25;
  double concentration = 0.0;
  double standard = 0.0;
};

struct CompositeIndex {
  double value = 0.0;                               // sum of I_i
  std::vector<std::pair<Pollutant, double>> items;  // I_i, in input order
  Pollutant primary = Pollutant::kPm25;             // the largest I_i (first on ties)
};

// HJ 663-2013 composite index sum(C_i / S_i) (standards.md §4.3). C is the
// period mean for SO2, NO2, PM10 and PM2.5 with S their annual Grade II
// limits; for CO the P95 of daily means with S = 4 mg/m3; for O3 the P90 of
// MDA8 with S = 160 (see IndexStandard). nullopt when `items` is empty or a
// standard is not positive.
std::optional<CompositeIndex> ComputeCompositeIndex(std::span<const IndexItem> items);

// The index standard S_i that HJ 663-2013 uses for `pollutant`, taken from
// `level` of `set`: the annual limit for SO2, NO2, PM10 and PM2.5, the 24-h
// limit for CO, the 8-h (MDA8) limit for O3. nullptr when the set has none.
const Limit* IndexStandard(const LimitSet& set, std::string_view level, Pollutant pollutant);

}  // namespace kinet
