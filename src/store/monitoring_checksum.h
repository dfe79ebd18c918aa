// The checksum of a city-year's stored monitoring data, read without the
// data: what an assessment of those blocks would record as its
// input_checksum (service/monitoring_service.h CityAirAssessment).
//
// Usage facts behind it: reading a city-year of blocks costs ~3 MB (Beijing:
// 12 stations x 6 parameters x 43 KB); the checksums are ~70 rows of 64
// hex characters. Services use this to tell whether something derived from
// the blocks (stored air-engine values, cached daily AQI) is still current.
// Kept apart from monitoring_repository.h, whose blob storage another change
// is reworking; it reads only the `checksum` column, which UpsertBlock
// fills with BlockChecksum of what it writes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/database.h"

namespace kinet {

// SHA-256 over the stored checksums of the blocks of the city `city_code` in
// `year`, in MonitoringRepository::CityBlocks order (station code, then
// parameter), as the hex texts. nullopt when the city has no block in
// `year` (or the city is unknown). Errors: Unavailable/Internal from `db`.
Result<std::optional<std::string>> CityYearInputChecksum(Executor& db, std::string_view city_code,
                                                         int year);

}  // namespace kinet
