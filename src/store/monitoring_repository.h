// Repositories of monitoring data (migration 0002_monitoring.sql): the dense
// hourly blocks (core/monitoring.h), the record of every imported file, and
// the assessed air indicators with their provenance.
//
// Thin, stateless views over an Executor& (see store/registry_repository.h),
// used inside one Database::Transact per import so that an import is all or
// nothing. Usage facts: an import touches a few hundred blocks (12 stations x
// 6 parameters x 4-5 years for the Beijing sample), each a 35 KB + 8.6 KB
// pair of BLOBs, read once and written once; an assessment reads the blocks
// of one city-year in one query.
//
// Blob layout, by the block's value_format (migration 0011):
//   2 (written by this version): hour_values is kBlockHours little-endian
//     IEEE-754 float64, so every value is stored exactly as the input's
//     parser produced it and an assessment from stored blocks equals one
//     from the file (`kinet air assess --input`) to the last digit;
//   1 (written before migration 0011): kBlockHours little-endian float32.
//     Read by widening each float to the double nearest its shortest
//     round-trip decimal (0.8f, stored as 0.800000011920929, reads as 0.8),
//     which restores the input's value whenever it had at most 6
//     significant digits (every monitoring feed we know: concentrations with
//     0-3 decimals). `kinet db rewrite-blocks` rewrites such blocks as format 2.
// NaN = missing in both; flags are kBlockHours bytes. A blob whose size does
// not match its format, or an unknown format, is Internal (a corrupt row).
// Why not float32 or scaled integers: float32 changed 34 of 7 176 CO annual
// rows of the bench's M input by 0.001 (ties of the third decimal rounding
// the other way); double doubles the blob (70 KB a block, bench/RESULTS.md
// "stored" has the size and speed measured) but needs no per-block decimal
// scale and stays exact for converted units (ppb -> ug/m3).
// Errors shared by every method: Unavailable and Internal from the Executor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/monitoring.h"
#include "core/result.h"
#include "store/database.h"

namespace kinet {

// The value_format of hour_values blobs (file comment).
inline constexpr int kHourValuesFloat32 = 1;  // legacy, read only
inline constexpr int kHourValuesFloat64 = 2;  // written

// Encodes the hour_values blob in format kHourValuesFloat64 (little-endian
// float64, any host).
Blob EncodeHourValues(const std::vector<double>& values);
// Decodes a blob of `format` (1 or 2, file comment). Internal for another
// format or a blob of the wrong size.
Result<std::vector<double>> DecodeHourValues(const Blob& blob, int format);
// Encodes `values` as a legacy format-1 blob (float32). Only for tests and
// benchmarks that build the databases older versions wrote.
Blob EncodeHourValuesFloat32(const std::vector<float>& values);

// SHA-256 of a block's values in format 2, then its flags: the block
// checksum (so a format-1 block read back has the checksum of the values it
// reads as).
std::string BlockChecksum(const MonitoringBlock& block);

// One input file of an import, as recorded in monitoring_imports.
struct MonitoringImportRecord {
  std::int64_t id = 0;  // filled by reads and by Record
  std::string file_name;
  std::string checksum;  // SHA-256 hex of the input bytes
  std::string format;    // "wide", "prsa", "long"
  std::string options;   // the options that shaped the values, as text
  std::int64_t rows_read = 0;
  std::int64_t values_read = 0;
  std::int64_t missing_values = 0;
  std::int64_t flagged_values = 0;
  std::int64_t changed_values = 0;
  bool changed = false;     // outcome: "changed" or "unchanged"
  std::string imported_at;  // filled by reads
};

// The header of a stored block, without its values.
struct BlockSummary {
  std::string station;
  std::string parameter;
  int year = 0;
  std::string unit;
  std::string time_zone;
  int value_count = 0;
  int flagged_count = 0;
  std::string updated_at;
};

class MonitoringRepository {
 public:
  explicit MonitoringRepository(Executor& db) : db_(db) {}

  // The block of `station` (code), `pollutant` and `year`, or nullopt.
  Result<std::optional<MonitoringBlock>> FindBlock(std::string_view station, Pollutant pollutant,
                                                   int year);
  // Every block of `year` of the stations of city `city_code`, ordered by
  // station code then parameter code.
  Result<std::vector<MonitoringBlock>> CityBlocks(std::string_view city_code, int year);
  // Inserts the block or replaces the stored one of the same station,
  // parameter and year; import_id (0 = none) names the import that wrote it.
  // InvalidArgument (field "station") when the station is not registered,
  // (field "values") when values or flags do not have kBlockHours elements.
  Status UpsertBlock(const MonitoringBlock& block, std::int64_t import_id);
  // The block headers of `station`, ordered by year then parameter.
  Result<std::vector<BlockSummary>> StationBlocks(std::string_view station);
  // The years with at least one block for the city's stations, ascending.
  Result<std::vector<int>> CityYears(std::string_view city_code);
  // Rewrites every block still in the legacy float32 format as format 2
  // (its values as DecodeHourValues reads them, with a new checksum; header,
  // flags and import_id unchanged). Returns the number of blocks rewritten
  // (0 when none is left). Run it inside Database::Transact.
  Result<std::int64_t> RewriteLegacyBlocks();
  // The number of blocks in `format`.
  Result<std::int64_t> CountBlocks(int format);

  // Records one imported file; returns its id.
  Result<std::int64_t> RecordImport(const MonitoringImportRecord& record);
  // The latest imports first, at most `limit`.
  Result<std::vector<MonitoringImportRecord>> ListImports(int limit = 100);

 private:
  Executor& db_;
};

// One assessed value with its provenance (air_assessments).
struct AirAssessmentRecord {
  std::string level;        // "city" or "station"
  std::string entity_code;  // city or station code
  std::string period;       // "2015"
  std::string pollutant;    // "PM2.5" ..., or "AQI" for AQI statistics
  std::string statistic;    // "annual_mean", "percentile", "exceed_days", ...
  std::optional<double> value;
  bool valid = false;
  std::optional<double> data_capture;  // percent
  std::string verdict;                 // compliance rows: "attained" ...; else empty
  std::string rule_set_id;
  std::string rule_set_version;
  std::string time_from;  // first hour of the inputs, "YYYY-MM-DDTHH" LST
  std::string time_to;    // last hour of the inputs
  std::string input_checksum;
  std::string computed_at;  // "YYYY-MM-DDTHH:MM:SSZ"
};

class AirAssessmentRepository {
 public:
  explicit AirAssessmentRepository(Executor& db) : db_(db) {}

  // Replaces every stored row of `entity_code` and `period` whose rule set is
  // one of those in `records`, then inserts `records`: an assessment is
  // stored as a whole. InvalidArgument (field "level") for a level other
  // than city/station.
  Status Replace(std::string_view entity_code, std::string_view period,
                 const std::vector<AirAssessmentRecord>& records);
  // The stored rows of `entity_code` and `period`, ordered by rule set,
  // pollutant, statistic.
  Result<std::vector<AirAssessmentRecord>> Find(std::string_view entity_code,
                                                std::string_view period);

 private:
  Executor& db_;
};

}  // namespace kinet
