// The CSV transform behind `kinet aqi`: adds IAQI, AQI, category and
// primary-pollutant columns to a table of concentrations.
//
// Sits in rules/ beside the rule-set loader because it is the application of
// a loaded rule set to tabular input; it does no I/O (the caller reads the
// file and writes the result), so it is tested directly. Inputs are small to
// medium files (a station's year of hourly rows is 8 784 lines); the whole
// output is built in memory.
//
// Columns named `<POLLUTANT>_<AVERAGING>` (PM2.5_24h, PM10_1h, SO2_1h, O3_8h
// ...; pollutant codes as core/pollutant.h parses them, averaging 1h, 8h or
// 24h) hold concentrations; every other column is passed through unchanged.
// In daily mode `_24h` is the 24h mean, `_1h` the daily maximum 1h value and
// `_8h` the daily maximum 8h mean; in hourly mode `_1h` is the hour's value,
// `_8h` and `_24h` the moving means ending with the hour (EPA rule sets: the
// PM NowCast goes in `_24h`). See engine/aqi.h AqiConcentrations.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/pollutant.h"
#include "core/result.h"
#include "core/units.h"
#include "engine/aqi.h"

namespace kinet {

enum class AqiReportMode : std::uint8_t { kDaily, kHourly };

// Parses "daily" or "hourly" (also "real-time"). InvalidArgument otherwise.
Result<AqiReportMode> ParseAqiReportMode(std::string_view text);

// The unit in which the input gives a pollutant's concentrations.
struct AqiUnitOverride {
  Pollutant pollutant;
  Unit unit;
};

// Parses "CO=ug/m3,SO2=ppb" (pollutant codes and units as core parses them).
// InvalidArgument naming the bad entry, field "--units".
Result<std::vector<AqiUnitOverride>> ParseAqiUnitOverrides(std::string_view spec);

struct AqiCsvOptions {
  AqiReportMode mode = AqiReportMode::kDaily;
  // Units of the input columns where they differ from the rule set's tables;
  // converted with core/units.h at the rule set's reference state.
  std::vector<AqiUnitOverride> units;
};

// Transforms `csv` (RFC 4180, header first) under `rules`: every input
// column is kept, then `iaqi_<column>` for each pollutant column (the
// item's index after fallbacks; empty when the column is not an item of the
// chosen report or gives no index), then `aqi`, `category` (the category's
// English name) and `primary_pollutants` (';'-joined codes). Empty cells are
// missing values; a row with no index has empty aqi/category.
// Returns InvalidArgument "<source>:<line>: column <X>: ..." (field = the
// column) for a cell that is not a non-negative number, a duplicated
// pollutant column or a unit that cannot be converted; "<source>:<line>: ..."
// for a malformed CSV record or a wrong number of fields.
Result<std::string> TransformAqiCsv(std::string_view csv, std::string_view source,
                                    const AqiRuleSet& rules, const AqiCsvOptions& options);

}  // namespace kinet
