// Use cases of air-quality monitoring data: importing hourly files into the
// dense blocks of the store, and turning a city's blocks into its assessed
// air indicators (annual statistics, daily AQI, compliance with limit sets),
// stored with their provenance. Shared by `kinet import monitoring`,
// `kinet air assess|daily` and `kinet init --sample`; docs/monitoring.md is
// the user's description.
//
// Usage facts behind the design: an import is a city's year or a dataset of
// a few years (the Beijing sample: 12 files, 420 768 rows, 360 blocks) and
// must be all or nothing, so files are parsed first (no database needed but
// the city lookup) and merged into the blocks inside one Database::Transact;
// an assessment reads one city-year of blocks (~3 MB) in one query.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/monitoring.h"
#include "core/network.h"
#include "core/result.h"
#include "engine/air_assessment.h"
#include "engine/compliance.h"
#include "ingest/monitoring_reader.h"
#include "store/database.h"
#include "store/monitoring_repository.h"

namespace kinet {

struct MonitoringImportOptions {
  MonitoringFormat format = MonitoringFormat::kWide;
  ColumnMap columns;                // --map
  std::map<Pollutant, Unit> units;  // --units
  std::string city;                 // --city: code or name of a registered city
  std::string time_zone;            // --tz; "" = each city's zone
  TimeLabel time_label = TimeLabel::kStart;
  // AQI rule set whose reference state converts ppb/ppm (--rules); "" =
  // cn-hj633-2012 (298.15 K, 1013.25 hPa).
  std::string rules;
  Seconds now_utc = 0;  // "future" is after this; 0 = the clock (tests pin it)
  // Progress: (file index, rows read, total lines of that file).
  std::function<void(std::size_t, std::size_t, std::size_t)> progress;
};

struct MonitoringImportSummary {
  std::vector<MonitoringFileSummary> files;
  std::vector<MonitoringIssue> issues;  // every flagged value, in file order
  std::int64_t suspected_unit_values = 0;
  std::vector<std::string> new_stations;  // registered by this import
  int blocks_created = 0;
  int blocks_updated = 0;
  int blocks_unchanged = 0;
  std::int64_t changed_values = 0;  // hours whose value or flags changed
  bool changed() const { return changed_values > 0 || blocks_created > 0; }
  // The air-engine indicator values recomputed after the import, for each
  // city and year whose blocks changed (service/air_values_service.h):
  // values inserted, updated or removed; unchanged; years not valid.
  int air_values_changed = 0;
  int air_values_unchanged = 0;
  int air_values_not_valid = 0;
  // Why the values could not be recomputed ("" when they were): the import
  // itself is committed; `kinet air publish` retries.
  std::string air_values_error;
};

// The rule set of the annual statistics of every assessment (the provenance
// stored with them and with the air indicator values): HJ 663-2013 with the
// GB 3095-2012 Grade II 24-hour limits (AirAssessmentRules defaults).
inline constexpr std::string_view kAnnualRuleSet = "cn-hj663-2013";
inline constexpr std::string_view kAnnualRuleSetVersion = "2013";

// Whether flagged values count in an assessment (--flagged).
enum class FlaggedValues : std::uint8_t { kExclude, kInclude };

struct AirAssessOptions {
  std::string
      aqi_rules;  // "" = the rule set in force on 1 January (cn: HJ 633-2012 before 2026-03-01)
  // Limit sets and levels to check ("cn-gb3095-2012:grade-2"); empty = the
  // defaults, GB 3095-2012 Grade II and WHO AQG 2021.
  std::vector<std::string> limit_sets;
  FlaggedValues flagged = FlaggedValues::kExclude;
  // Store the results in air_assessments - only when the options are the
  // canonical ones (IsCanonicalAirAssessment): those rows are what problem
  // profiles read as the city's assessment, so a what-if run (another AQI
  // rule set, flagged values included, other limit sets) is computed and
  // returned but never stored, whatever this says.
  bool store = true;
};

struct AqiCategoryDays {
  std::string level;
  std::string name_en;
  std::string name_zh;
  int days = 0;
};

struct LimitSetCompliance {
  std::string set_id;
  std::string set_version;
  std::string level;
  std::vector<LimitEvaluation> rows;
};

// The annual assessment of a city and its stations in one year.
struct CityAirAssessment {
  City city;
  int year = 0;
  std::string aqi_rule_set;  // id
  std::string aqi_rule_set_version;
  FlaggedValues flagged = FlaggedValues::kExclude;
  std::vector<std::string> city_stations;       // urban stations: the city value
  std::vector<std::string> other_stations;      // assessed as stations only
  AirAssessment assessment;                     // the city's rows and its stations'
  std::vector<AqiCategoryDays> aqi_categories;  // city daily AQI by category
  std::vector<LimitSetCompliance> compliance;   // of the city value
  std::string time_from, time_to;               // first and last hour with a value, LST
  // SHA-256 over the blocks' checksums and their stations' types
  // (store/monitoring_checksum.h CityYearChecksum).
  std::string input_checksum;
  std::string computed_at;
  // Whether AssessCityYear stored these results (options.store and the
  // canonical options); false for a what-if run.
  bool stored = false;
};

// One day of a city's daily AQI.
struct DailyAqiRow {
  CivilDate date;
  std::optional<int> aqi;          // nullopt when the day is incomplete (docs/monitoring.md)
  std::vector<Pollutant> primary;  // primary pollutants (AQI > 50), ties all named
  std::string category_level;
  std::string category_en;
  std::string category_zh;
  std::string rule_set;
};

class MonitoringService {
 public:
  // `db` must outlive the service and be migrated.
  explicit MonitoringService(Database& db) : db_(db) {}

  // Imports the files at `paths` (plain or gzip) in one transaction: every
  // file is parsed, its values merged into the stored blocks (a value the
  // import gives replaces the stored one; a missing value never erases a
  // stored one), stations the registry lacks are registered (type urban,
  // named by their code), and each file is recorded in monitoring_imports.
  // Importing the same file again changes no value and is recorded as
  // "unchanged". Errors (nothing is written): the reader's InvalidArgument
  // "FILE:LINE: column X: ..."; NotFound for a missing file or city;
  // InvalidArgument when a station belongs to another city in the registry
  // or a stored block is in another time zone.
  Result<MonitoringImportSummary> Import(const std::vector<std::string>& paths,
                                         const MonitoringImportOptions& options);
  // The same for texts already in memory: (name, content) pairs.
  Result<MonitoringImportSummary> ImportTexts(
      const std::vector<std::pair<std::string, std::string>>& files,
      const MonitoringImportOptions& options);

  // Assesses the city named by `city` (code or name) in `year` from the
  // stored blocks (AssessAir of engine/air_assessment.h; the city value from
  // its urban stations only, HJ 663-2013 §4.1), with the daily AQI
  // distribution and compliance with the limit sets, and - when
  // options.store and the options are canonical - stores the results with
  // provenance, replacing the stored assessment of the city-year. NotFound
  // when the city is unknown or has no data in `year`;
  // NotFound/InvalidArgument from the rule and limit set loaders.
  Result<CityAirAssessment> AssessCityYear(std::string_view city, int year,
                                           const AirAssessOptions& options = {});

  // The city's daily AQI, primary pollutant and category for each day from
  // `from` to `to` (inclusive, at most 3660 days). InvalidArgument (field
  // "--to") when to < from; NotFound for an unknown city.
  Result<std::vector<DailyAqiRow>> DailyAqi(std::string_view city, const CivilDate& from,
                                            const CivilDate& to,
                                            const AirAssessOptions& options = {});

  // The stations of the city with code `city_code`, ordered by code.
  // NotFound for an unknown city.
  Result<std::vector<Station>> ListStations(std::string_view city_code);
  // The station `station_code` of the city `city_code`. NotFound when the
  // city is unknown or the station is not one of its stations.
  Result<Station> FindStation(std::string_view city_code, std::string_view station_code);

 private:
  Database& db_;
};

// The limit sets an assessment checks when AirAssessOptions::limit_sets is
// empty: {"cn-gb3095-2012:grade-2", "who-aqg-2021:aqg"}.
const std::vector<std::string>& DefaultLimitSets();

// True when `a` is the city-year's canonical assessment, the one
// air_assessments holds (docs/air-quality.md "Stored assessments"): flagged
// values excluded, the AQI rule set in force on 1 January of the year in the
// city's jurisdiction, and the default limit sets (DefaultLimitSets, in any
// order). Errors of the rule-set list.
Result<bool> IsCanonicalAirAssessment(const CityAirAssessment& a);

// Stores `assessment` in air_assessments inside `tx`, replacing the rows of
// the same city/station, year and rule sets: the annual statistics, the AQI
// summaries and the compliance rows, each with its provenance (what
// AssessCityYear does with options.store). Errors of the repository.
Status StoreAirAssessment(Executor& tx, const CityAirAssessment& assessment);

// Imports the sample monitoring data of data/sample/monitoring/ found in
// `dir`: beijing/PRSA_Data_*.csv.gz as the prsa layout for the city
// "beijing" (the UCI Beijing Multi-Site data, CC BY 4.0). NotFound when `dir`
// holds no such files; otherwise as MonitoringService::Import.
Result<MonitoringImportSummary> ImportSampleMonitoring(Database& db, const std::string& dir);

}  // namespace kinet
