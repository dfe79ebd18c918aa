// The checksum of a city-year's stored monitoring data, read without the
// data: what an assessment of those blocks would record as its
// input_checksum (service/monitoring_service.h CityAirAssessment).
//
// The checksum covers everything an assessment reads besides the rule sets:
// the blocks (their stored checksums) and the type of each station that has
// a block, because the type decides whether the station makes the city value
// (urban, HJ 663-2013 §4.1) or is assessed as a station only. A station
// re-typed from urban to background changes the city value without touching
// a block, so a checksum of the blocks alone would call stale rows current.
//
// Usage facts behind it: reading a city-year of blocks costs ~3 MB (Beijing:
// 12 stations x 6 parameters x 43 KB); the checksums are ~70 rows of 64
// hex characters. Services use this to tell whether something derived from
// the blocks (stored assessment rows, cached daily AQI) is still current.
// Kept apart from monitoring_repository.h, whose blob storage another change
// is reworking; it reads only the `checksum` column, which UpsertBlock
// fills with BlockChecksum of what it writes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/sha256.h"
#include "store/database.h"

namespace kinet {

// Accumulates the input checksum of one city-year, block by block, so that
// the assessment (which holds the blocks) and CityYearInputChecksum (which
// reads only their checksums) compute the same text. Feed the blocks in
// MonitoringRepository::CityBlocks order (station code, then parameter).
class CityYearChecksum {
 public:
  // Adds one block of station `station_code`, whose type code
  // (StationTypeCode: "urban", "background" ...) is `station_type`, with the
  // block's checksum `block_checksum` (BlockChecksum, 64 hex characters).
  void AddBlock(std::string_view station_code, std::string_view station_type,
                std::string_view block_checksum);
  // SHA-256, in hex, over the blocks' checksums in order followed by
  // "stations:" and "code=type;" for each station in order.
  std::string HexDigest();

 private:
  Sha256 sha_;
  std::string stations_;
  std::string last_station_;
  bool any_ = false;
};

// The input checksum (CityYearChecksum) of the blocks of the city
// `city_code` in `year` and of their stations' types. nullopt when the city
// has no block in `year` (or the city is unknown). Errors:
// Unavailable/Internal from `db`.
Result<std::optional<std::string>> CityYearInputChecksum(Executor& db, std::string_view city_code,
                                                         int year);

}  // namespace kinet
