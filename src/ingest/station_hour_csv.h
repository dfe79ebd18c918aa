// The fast reader of the wide station-hour CSV, the input of the annual
// air-quality assessment (../shared/bench/README.md "Input"):
//
//   station,city,time,PM2.5,PM10,SO2,NO2,CO,O3
//   1001A,Beijing,2023-01-01 00:00,35,60,7,40,0.8,52
//
// `time` is the local hour start "YYYY-MM-DD HH:00" (a 'T' separator is also
// accepted); concentrations are ug/m3 except CO in mg/m3; an empty field is a
// missing value; rows come in any order; a (station, time) pair appears at
// most once; a station belongs to one city.
//
// Usage facts behind the design: a network year is ~10^7 rows and ~400 MB,
// and the job is bound by parsing, so the reader works on the mapped file
// (no copy, no std::string per field), interns station names, parses times by
// fixed positions with the date of the previous row cached, parses numbers
// with an exact decimal fast path (falling back to std::from_chars), fills the
// dense per-station-year arrays of engine/air_assessment.h directly (about
// 50 bytes per input row), and splits the buffer at line boundaries into one
// chunk per thread. Every bad row is an error naming file, line and column,
// never a crash or a silently wrong number.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/air_assessment.h"

namespace kinet {

// The header the reader requires, column for column.
inline constexpr std::string_view kStationHourCsvHeader =
    "station,city,time,PM2.5,PM10,SO2,NO2,CO,O3";

// Parses `text`, the whole content of a station-hour CSV (LF or CRLF line
// ends; a UTF-8 byte-order mark and blank lines are skipped), with up to
// `threads` threads. `source` names the input in error messages.
//
// Returns InvalidArgument with field() = the column name and a message
// "<source>:<line>: column <name>: <what>" for: a header other than
// kStationHourCsvHeader, a row with the wrong number of columns, an empty
// station or city, a station seen with two cities, a time not of the form
// "YYYY-MM-DD HH:00", an impossible date, an hour outside 0..23, a value that
// is not a finite decimal number, and a (station, time) pair given twice.
// When several rows are bad, the first one in the file is reported.
// Stations come out sorted by id; each one's years sorted.
Result<StationHourData> ParseStationHourCsv(std::string_view text, std::string_view source,
                                            int threads = 1);

// Reads the file at `path` (plain, or gzip detected by its magic bytes,
// whatever its name) and parses it as ParseStationHourCsv does. NotFound when
// the file does not exist; Unavailable when it cannot be read.
Result<StationHourData> ReadStationHourCsv(const std::string& path, int threads = 1);

// The annual assessment of a station-hour CSV, and how it was computed.
struct StationHourAssessment {
  AirAssessment assessment;
  std::size_t stations = 0;  // distinct stations in the file
  // True when the file was assessed in one pass (its rows in date order);
  // false when it was read into dense arrays first (fallback_reason says why).
  bool one_pass = false;
  std::string fallback_reason;
};

// Below this many bytes per thread a second thread costs more than it saves.
inline constexpr std::size_t kMinChunkBytes = 4 << 20;

// Reads the file at `path` (as ReadStationHourCsv) and assesses it (as
// AssessAir): the same rows, byte for byte, and the same errors.
//
// Files whose rows are in date order (any order inside a date; how networks
// export, and the bench files) are assessed in one pass: each date's
// station-days and city-days are reduced to daily values as soon as the next
// date starts, so the hours are never held for a whole year (~20 KB per
// series-year instead of 421 KB). Other files, and files with a bad row,
// are read into dense arrays by ReadStationHourCsv and assessed by AssessAir.
Result<StationHourAssessment> AssessStationHourCsv(const std::string& path,
                                                   const AirAssessmentRules& rules,
                                                   const IaqiFunction& iaqi, int threads = 1);

// AssessStationHourCsv on the content of a file. `min_chunk_bytes` is the
// least input per thread (tests lower it to cut small inputs into chunks).
Result<StationHourAssessment> AssessStationHourText(std::string_view text, std::string_view source,
                                                    const AirAssessmentRules& rules,
                                                    const IaqiFunction& iaqi, int threads = 1,
                                                    std::size_t min_chunk_bytes = kMinChunkBytes);

}  // namespace kinet
