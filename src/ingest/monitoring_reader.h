// The general reader of hourly air-quality monitoring files: the input of
// `kinet import monitoring` (docs/monitoring.md describes every layout,
// option and flag).
//
// Three layouts, each a CSV with a header row:
//   wide  station,city,time,PM2.5,PM10,SO2,NO2,CO,O3   one row per station-hour
//         (../shared/bench); ug/m3, CO mg/m3 unless declared otherwise
//   prsa  No,year,month,day,hour,PM2.5,...,CO,O3,...,station   the UCI PRSA
//         files; ug/m3 including CO; "NA" for missing; no city column
//   long  station,parameter,time,value,unit   one row per value (OpenAQ
//         exports); the unit column gives the unit
// A column mapping (--map) renames the file's columns to these logical names,
// so other layouts read as one of the three. The time of a row comes from
// `time`, or `date` + `hour`, or `year` + `month` + `day` + `hour`. Any column
// of a wide or prsa file whose name is a pollutant code is a parameter; the
// others (TEMP, wd ...) are ignored and listed in the summary.
//
// Values are converted to the stored units (core/monitoring.h StoredUnit),
// times to local standard time (core/time_zone.h), and placed in dense
// hourly blocks per station, parameter and year (MonitoringBatch). Each value
// gets quality flags (core/monitoring.h QualityFlag) and each flagged value an
// issue naming file, line, column and value; nothing is dropped: a flagged
// value is kept with its flags, and rows of a long file whose parameter is
// not a known pollutant are counted as ignored.
//
// Usage facts behind the design: the Beijing sample is 12 files of 35 064
// rows (420 768 rows, 2.5 M values) read by `kinet init --sample`, and a
// city's yearly upload is of the same size, so the reader works in one pass
// over the decompressed text, interns stations, caches the time-zone
// conversion per day and the target block per column, and allocates nothing
// per value.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/monitoring.h"
#include "core/pollutant.h"
#include "core/result.h"
#include "core/time_zone.h"
#include "core/units.h"

namespace kinet {

enum class MonitoringFormat : std::uint8_t { kWide, kPrsa, kLong };
// "wide", "prsa", "long".
std::string_view MonitoringFormatCode(MonitoringFormat f);
std::optional<MonitoringFormat> ParseMonitoringFormat(std::string_view text);

// Whether a row's time labels the start of its hour (00:00 = 00:00-01:00) or
// its end (01:00 = 00:00-01:00, stored at hour 0; 24:00 is accepted).
enum class TimeLabel : std::uint8_t { kStart, kEnd };

// Logical column name -> the file's column name: "time=Date,station=Site,
// PM2.5=pm25". Logical names: station, city, time, date, year, month, day,
// hour, parameter, value, unit, and pollutant codes.
using ColumnMap = std::map<std::string, std::string>;

// Parses "logical=column,...". InvalidArgument (field "--map") on an entry
// without '=', an empty side, an unknown logical name or one given twice.
Result<ColumnMap> ParseColumnMap(std::string_view text);

// Parses "CO=ug/m3,SO2=ppb". InvalidArgument (field "--units") on an unknown
// pollutant or unit, or a mass/mixing-ratio unit for a particulate.
Result<std::map<Pollutant, Unit>> ParseUnitList(std::string_view text);

// The unit a layout assumes for `p` when nothing is declared (nullopt for
// the long layout, whose unit column says).
std::optional<Unit> DefaultUnit(MonitoringFormat format, Pollutant p);

// A city named in a file (or by --city) resolved against the registry.
struct ResolvedCity {
  std::string code;
  std::string time_zone;  // IANA name
};
using CityResolver = std::function<Result<ResolvedCity>(std::string_view city_text)>;

struct MonitoringReadOptions {
  MonitoringFormat format = MonitoringFormat::kWide;
  ColumnMap columns;
  std::map<Pollutant, Unit> units;  // declared units, overriding the layout's defaults
  std::string city;                 // the city of rows without a city column (--city)
  std::string time_zone;            // IANA zone of the times (--tz); "" = the city's zone
  TimeLabel time_label = TimeLabel::kStart;
  ReferenceState reference = kReference25C;  // for ppb/ppm <-> ug/m3 (the rule set's)
  Seconds now_utc = 0;                       // hours after this are "future"; 0 = the clock
  CityResolver resolve_city;                 // required
  // Called now and then with (bytes read, total bytes) for a progress bar.
  std::function<void(std::size_t, std::size_t)> progress;
};

// One flagged value (or, for kFlagSuspectedUnit, one series).
struct MonitoringIssue {
  std::string file;
  int line = 0;
  std::string column;
  std::string station;
  std::string time;   // LST hour "YYYY-MM-DDTHH"
  std::string value;  // as written in the file
  QualityFlag flag = kFlagNegative;
  std::string note;
};

struct ParameterCounts {
  std::int64_t values = 0;   // non-missing values read
  std::int64_t missing = 0;  // empty or NA cells (wide/prsa) or value fields (long)
  std::int64_t flagged = 0;  // values with at least one flag
};

struct MonitoringFileSummary {
  std::string file;
  std::string checksum;  // SHA-256 of the bytes read
  MonitoringFormat format = MonitoringFormat::kWide;
  std::int64_t rows = 0;
  std::int64_t ignored_rows = 0;             // long layout: unknown parameters
  std::vector<std::string> ignored_columns;  // wide/prsa: columns that are not parameters
  std::map<Pollutant, ParameterCounts> parameters;
  std::array<std::int64_t, kQualityFlags.size()> flags{};  // values per flag
  std::map<Pollutant, Unit> units;                         // the unit each parameter was read in
  std::string first_hour, last_hour;                       // LST, "YYYY-MM-DDTHH"

  std::int64_t values() const;
  std::int64_t missing() const;
  std::int64_t flagged() const;
};

// The blocks an import builds, across all its files, before they are merged
// with the stored ones. Also knows which hours the import gave (to detect
// duplicates across rows and files) and the stations and their cities.
class MonitoringBatch {
 public:
  struct Series {
    MonitoringBlock block;            // values given by the import; NaN elsewhere
    std::vector<std::uint8_t> given;  // 1 where the import gave a value
    bool touched_by_row = false;      // some row (even all-missing) named this year
    std::string file;                 // where the series first appears, for issues
    int line = 0;
    std::string column;
  };
  using Key = std::tuple<std::string, Pollutant, int>;  // station, pollutant, year

  std::map<Key, Series>& series() { return series_; }
  const std::map<Key, Series>& series() const { return series_; }
  // Station code -> city code, for every station the import names.
  const std::map<std::string, std::string>& station_cities() const { return station_cities_; }
  std::vector<MonitoringIssue>& issues() { return issues_; }
  const std::vector<MonitoringIssue>& issues() const { return issues_; }

  // Series-level checks once every file is read: a station-parameter whose
  // median is out of the plausible range for its stored unit gets
  // kFlagSuspectedUnit on every value the import gave (docs/monitoring.md).
  // Returns the number of values newly flagged.
  std::int64_t FlagSuspectedUnits();

 private:
  friend class MonitoringFileReader;
  std::map<Key, Series> series_;
  std::map<std::string, std::string> station_cities_;
  std::vector<MonitoringIssue> issues_;
};

// Reads one file's text into `batch`. `source` names the file in messages.
// Returns the file's summary, or InvalidArgument "<source>:<line>: column
// <name>: <what>" with field = <name> for the first bad row: a missing
// required column, a mapped column absent from the header, a row with the
// wrong number of fields, an empty station, a station given with two
// cities, a city the resolver refuses, a bad or impossible time, a time not
// on the hour, a wall-clock time that does not exist in the zone, a value
// that is not a number, an unknown unit, a unit that contradicts --units, a
// conversion the pollutant does not allow. Nothing is added to `batch`
// when the file is refused only if the caller discards the batch: callers
// treat a refused file as a refused import.
Result<MonitoringFileSummary> ReadMonitoringText(std::string_view text, const std::string& source,
                                                 const MonitoringReadOptions& options,
                                                 MonitoringBatch& batch);

// The physical plausibility bound of `p` in its stored unit (values above it
// are kFlagImplausibleHigh); docs/monitoring.md lists them and why.
double PlausibleMaximum(Pollutant p);

}  // namespace kinet
