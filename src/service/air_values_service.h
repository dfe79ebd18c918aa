// Air-engine indicator values: the catalogue indicators with computed_by =
// "air-engine" (air.pm25.annual-mean ... air.good-day-ratio) computed from a
// city's stored monitoring blocks and stored as `computed` indicator values,
// so that targets, trends, schemes, reports and problem profiles read them
// like any other value (docs/monitoring.md "Air indicator values").
//
// Sits in service/ between the monitoring assessment
// (MonitoringService::AssessCityYear, which it calls once per city-year) and
// the indicator values (store/indicator_repository.h). Called after every
// monitoring import that changed a city's blocks (MonitoringService::Import),
// by `kinet air publish` and by `kinet init --sample`.
//
// The rules:
// - One value per indicator and city-year, from the city value (the urban
//   stations, HJ 663-2013 §4.1): annual means and percentiles from the
//   HJ 663-2013 annual statistics, the good-day ratio from the daily AQI
//   (days with AQI <= 100 over days with an AQI, in %).
// - A year whose statistic is not valid gets no value: GB 3095-2012 Table 4
//   makes an annual statistic valid only with >= 324 daily values, and a
//   partial year is biased by season (the Beijing sample's 2013 lacks
//   January-February, its worst months), so storing it - even marked
//   doubtful - would feed targets and trends a number the standard rejects.
//   The good-day ratio follows the same 324-day rule on days with an AQI.
//   A value stored earlier for a year that is no longer valid is deleted.
// - Values are written with source kind `computed`, status `published` (the
//   monitoring data they come from is public through the daily AQI and
//   assessment routes), a source naming the rule sets and the input
//   checksum, and a note with the number of stations and the valid days.
//   Reported values (entered by people) are never touched: both kinds are
//   kept side by side (docs/indicators.md).
// - Re-running on unchanged data changes nothing (same number, source and
//   note: the upsert reports "unchanged" and writes no audit row).
// - Everything of one city - the stored assessment rows (air_assessments,
//   read back by the problem service) and the values of every year - is
//   written in one transaction.
//
// Usage facts: one assessment per city-year (~0.3 s for Beijing's 12
// stations), a handful of years per city, so a publish is seconds; it runs
// on writes only, never per read request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/matching_config.h"
#include "store/database.h"

namespace kinet {

// What happened to one indicator-year.
enum class AirValueOutcome : std::uint8_t {
  kInserted,
  kUpdated,
  kUnchanged,
  kNotValid,  // the year's statistic is not valid: no value stored
  kRemoved,   // not valid any more: the value stored earlier was deleted
};
// "inserted", "updated", "unchanged", "not-valid", "removed".
std::string_view AirValueOutcomeCode(AirValueOutcome outcome);

struct AirValueResult {
  std::string indicator_code;
  int year = 0;
  // The engine's number in the indicator's unit (also for a year that is
  // not valid, for the reader; nullopt when there is none at all).
  std::optional<double> value;
  int valid_days = 0;    // daily values (days with an AQI for the good-day ratio)
  int days_in_year = 0;  // 365 or 366
  int stations = 0;      // urban stations with data: the city value's
  AirValueOutcome outcome = AirValueOutcome::kUnchanged;
  std::string note;  // as stored, or why nothing is stored
};

struct AirPublishSummary {
  std::string city_code;
  std::vector<int> years;              // the years assessed, ascending
  std::vector<AirValueResult> values;  // by year, then catalogue order
  int Count(AirValueOutcome outcome) const;
  // Values inserted, updated or removed.
  int Changed() const;
};

struct AirPublishOptions {
  // The years to publish; empty = every year with monitoring data.
  std::vector<int> years;
  // Who is recorded in the audit log.
  std::string actor = "kinet:air-engine";
};

class AirValuesService {
 public:
  // `db` must outlive the service and be migrated. `config` names the limit
  // set of each country (matching.toml [standards]); its rows are stored
  // with the assessment so that the problem profile reads them.
  explicit AirValuesService(Database& db, MatchingConfig config = DefaultMatchingConfig())
      : db_(db), config_(std::move(config)) {}

  // Computes the air-engine indicators of the city named by `city` (code or
  // name) for the chosen years and stores them (file comment), in one
  // transaction. NotFound for an unknown city, or (field "--year") when a
  // requested year has no monitoring data; errors of the assessment and the
  // store; nothing is written on error.
  Result<AirPublishSummary> Publish(std::string_view city, const AirPublishOptions& options = {});

 private:
  Database& db_;
  MatchingConfig config_;
};

}  // namespace kinet
