// Monitoring stations and dense hourly monitoring blocks: the value types that
// ingest/ fills, store/ persists and service/ turns into engine input.
//
// A block is one station, one parameter and one calendar year of hourly
// values in local standard time (core/time_zone.h), held densely: 8 784 slots
// (a leap year's hours; the last 24 stay missing in a common year), slot i is
// the hour starting i hours after 1 January 00:00 LST. A year of one series is
// 70 KB of float64 plus 8.6 KB of flags (DESIGN.md §5 planned float32; double
// keeps every value exactly as the input file's parser produced it, so an
// assessment from stored blocks equals one from the file to the last digit:
// store/monitoring_repository.h), so a city-year of a dozen stations and six
// pollutants is read in one query of ~6 MB and computed on at memory speed.
//
// NaN marks a missing value inside a block only: blocks are the documented
// dense encoding between ingest, store and engine (STYLE.md), and nothing
// that leaves a service carries a NaN.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/network.h"
#include "core/period.h"
#include "core/pollutant.h"
#include "core/units.h"

namespace kinet {

// Slots in a block: the hours of a leap year.
inline constexpr int kBlockHours = 8784;

// The kind of site a station represents (HJ 664-2013 site classes). Only
// urban assessment stations count for a city's value (HJ 663-2013 §4.1).
enum class StationType : std::uint8_t { kUrban, kBackground, kTraffic, kIndustrial };
// "urban", "background", "traffic", "industrial".
std::string_view StationTypeCode(StationType t);
std::optional<StationType> ParseStationType(std::string_view s);

struct Station {
  StationId id;
  std::string code;       // unique across the network, e.g. "Dongsi", "1001A"
  std::string city_code;  // the city it belongs to
  std::string name_en;
  std::string name_local;
  std::optional<double> lat;
  std::optional<double> lon;
  StationType type = StationType::kUrban;
  std::optional<CivilDate> active_from;
  std::optional<CivilDate> active_to;  // nullopt while operating
  std::string source;
  DataStatus data_status = DataStatus::kIllustrative;
};

// Quality flags of one hourly value, a bit set kept with the value
// (docs/monitoring.md "Quality flags"). A flagged value is stored as given;
// assessments leave it out unless told to include flagged values.
enum QualityFlag : std::uint8_t {
  kFlagNegative = 1 << 0,           // value below zero
  kFlagImplausibleHigh = 1 << 1,    // above the physical plausibility bound of the parameter
  kFlagSuspectedUnit = 1 << 2,      // the series' level suggests a wrong declared unit
  kFlagDuplicateConflict = 1 << 3,  // the hour was given twice with different values
  kFlagFuture = 1 << 4,             // the hour has not begun yet
};
inline constexpr std::array<QualityFlag, 5> kQualityFlags = {
    kFlagNegative, kFlagImplausibleHigh, kFlagSuspectedUnit, kFlagDuplicateConflict, kFlagFuture};
// "negative", "implausible-high", "suspected-unit", "duplicate-conflict", "future".
std::string_view QualityFlagCode(QualityFlag f);
// The codes of the bits set in `flags`, joined with '|' ("" for none).
std::string QualityFlagsText(std::uint8_t flags);

// One station, parameter and year of hourly values (see the file comment).
struct MonitoringBlock {
  std::string station;  // station code
  Pollutant pollutant = Pollutant::kPm25;
  int year = 0;
  Unit unit = Unit::kUgM3;              // the stored unit: mg/m3 for CO, ug/m3 otherwise
  std::string time_zone;                // IANA zone whose standard time the hours are in
  std::int64_t utc_offset_seconds = 0;  // the standard offset used
  std::vector<double> values;           // kBlockHours, NaN = missing
  std::vector<std::uint8_t> flags;      // kBlockHours quality-flag bit sets

  // A block with every hour missing and unflagged.
  static MonitoringBlock Empty(std::string station, Pollutant pollutant, int year);
  // Hours carrying a value.
  int ValueCount() const;
  // Hours carrying a value with at least one flag.
  int FlaggedCount() const;
};

// The unit blocks store `p` in: mg/m3 for CO, ug/m3 for every other
// pollutant (the units of GB 3095-2012 Table 1 and HJ 633-2012 Table 1).
Unit StoredUnit(Pollutant p);

// The missing value inside a block.
inline constexpr double kMissingHour = std::numeric_limits<double>::quiet_NaN();

}  // namespace kinet
