// Use cases of the indicator catalogue and of reported values (DESIGN.md
// §2.1; docs/indicators.md): the builtin catalogue and custom indicators,
// recording values with unit conversion and plausibility flags, the status
// life cycle, CSV/XLSX import and export, and reported-versus-computed
// comparison. Shared by the CLI and the HTTP API (src/http/indicator_routes.cc).
//
// Recording a value (RecordValue, and each row of an import):
//   1. the city and indicator must exist, the period is YYYY or YYYY-MM, the
//      value a finite number;
//   2. the value is converted from the entered unit (default: the
//      indicator's) to the indicator's unit (core/indicator_unit.h);
//   3. it is checked against the indicator's valid range and against the
//      latest earlier period of the same city, indicator and source kind
//      (engine/value_checks.h; doubtful values are not used as the baseline);
//      a failed check flags the value with its reason, it does not refuse it;
//   4. a value that is endorsed or published is not overwritten by a
//      different one (Conflict: send it back to draft first); re-recording
//      the same value changes nothing.
// The methods that take a Principal are the HTTP API's: they decide who may
// do what (service/permissions.h) and who sees unpublished values (the
// public, agency officers and experts see published values only; a city
// officer also their city's, a national coordinator their country's, the
// secretariat and the console operator everything). The methods without one
// are the console operator's (the CLI, the sample loader). Every change
// records its actor in the audit log.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator.h"
#include "core/result.h"
#include "service/permissions.h"
#include "store/database.h"
#include "store/indicator_repository.h"

namespace kinet {

// One value as a person or a file gives it.
struct ValueInput {
  std::string city;       // city code
  std::string indicator;  // indicator code
  std::string period;     // "2015" or "2015-03"
  double value = 0;
  std::string unit;  // as entered; empty = the indicator's unit
  SourceKind source_kind = SourceKind::kReported;
  std::string source;
  std::string note;
  ValueStatus status = ValueStatus::kDraft;
  bool doubtful = false;
};

// One refused row of an import.
struct ImportRowError {
  std::string location;  // "values.csv:12" or "values.xlsx: sheet 1, cell D7"
  std::string column;    // header name, or "" for the whole row
  std::string reason;
  std::string file;  // the file's name, as given
  int line = 0;      // the CSV line, or the sheet row (1-based; 1 is the header)
  // "values.csv:12: column value: 'abc' is not a number".
  std::string ToString() const;
};

struct ImportFlaggedRow {
  std::string location;
  std::string key;  // "beijing/air.pm10.annual-mean/2013/reported"
  std::vector<ValueFlag> flags;
};

struct ImportReport {
  std::string file;
  int rows = 0;  // data rows read
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<ImportFlaggedRow> flagged;  // stored, with flags for review
  std::vector<ImportRowError> errors;     // non-empty: nothing was stored
  bool committed() const { return errors.empty(); }
};

struct ImportOptions {
  // Status given to new and changed values. The CLI allows draft and
  // submitted; the sample loader imports published statistics as published.
  ValueStatus status = ValueStatus::kDraft;
  // Who is recorded in the audit log.
  std::string actor = "cli";
  // When set, every row's city must be one the principal may write
  // (Action::kEnterValue; kSubmitValue too for status submitted): a row of
  // another city is refused (column "city"), and `actor` is ignored for the
  // principal's. Unset: the console operator (CLI, sample loader).
  std::optional<Principal> principal;
};

// A status change asked for through the API (IndicatorService::ChangeStatus
// with a principal). With `indicator` and `period` it moves that one value
// (any allowed transition, core/indicator.h); otherwise every value matching
// the filters that is one step before `to` (as ChangeStatusAll).
struct ValueStatusChange {
  ValueStatus to = ValueStatus::kSubmitted;
  std::optional<std::string> city;  // required unless the principal may act on every city
  std::optional<std::string> indicator;
  std::optional<std::string> period;
  std::optional<std::string> from;  // period range of a bulk change, inclusive
  std::optional<std::string> to_period;
  std::optional<SourceKind> source_kind;  // one value: default reported
};

// Reported and computed values of one city, indicator and period.
struct ValueComparison {
  std::string period;
  std::optional<IndicatorValue> reported;
  std::optional<IndicatorValue> computed;
  // computed − reported, and that as a share of |reported| (%); nullopt
  // unless both exist (and reported ≠ 0 for the share).
  std::optional<double> difference;
  std::optional<double> relative_difference_percent;
};

// The columns of the import/export layout, in export order (docs/indicators.md).
// Import requires city, indicator, period and value; the rest are optional.
// `status` and `flags` are written by export and ignored by import (values
// enter with ImportOptions::status; flags are recomputed).
const std::vector<std::string>& ValueFileColumns();

// The header line of that layout, and one value as a line of it (each with
// its "\n"); `unit` is the indicator's unit. ExportCsv is the header
// followed by one line per value; the HTTP download streams the same lines.
std::string ValueCsvHeaderLine();
std::string ValueCsvLine(const IndicatorValue& value, const std::string& unit);

class IndicatorService {
 public:
  // `db` must outlive the service and be migrated.
  explicit IndicatorService(Database& db) : db_(db) {}

  // Stores the compiled-in catalogue (standards/indicators/catalogue.toml)
  // when the database's copy is missing or older (by digest): every builtin
  // indicator is inserted or updated; custom ones are left alone. Cheap when
  // nothing changed (one read). Called by `kinet init` and by every
  // indicator and values command.
  Status SyncBuiltinCatalogue();

  Result<std::vector<Indicator>> ListIndicators(std::optional<Theme> theme = std::nullopt);
  // NotFound for an unknown code.
  Result<Indicator> FindIndicator(std::string_view code);

  // Adds the indicators of a catalogue file (rules/indicator_catalogue.h
  // layout) as custom indicators, all or none. AlreadyExists naming the code
  // when one exists (builtin or custom); InvalidArgument for a bad file.
  Result<std::vector<Indicator>> AddIndicators(std::string_view toml, std::string_view source,
                                               std::string_view actor);

  // Records one value (file comment). Returns it as stored, flags included.
  // InvalidArgument naming the field; NotFound for an unknown indicator;
  // Conflict for an endorsed or published value that would change.
  Result<IndicatorValue> RecordValue(const ValueInput& input, std::string_view actor);

  // Moves one value to `to`. NotFound when there is no such value; Conflict
  // when the transition is not allowed (core/indicator.h IsAllowedTransition),
  // naming both states.
  Result<IndicatorValue> ChangeStatus(std::string_view city, std::string_view indicator,
                                      std::string_view period, SourceKind source_kind,
                                      ValueStatus to, std::string_view actor);

  // Moves every value matching `query` whose status is the one before `to`
  // (draft for submitted, submitted for endorsed, endorsed for published) to
  // `to`; returns the values moved. Conflict when none is in that state.
  Result<std::vector<IndicatorValue>> ChangeStatusAll(const IndicatorValueQuery& query,
                                                      ValueStatus to, std::string_view actor);

  Result<std::vector<IndicatorValue>> ListValues(const IndicatorValueQuery& query);

  // Imports a CSV or XLSX file (by the extension of `file_name`: .csv or
  // .xlsx) in one transaction. Every bad row is reported; when any row has an
  // error nothing is stored and the report lists them all (report.committed()
  // is false). Errors that are not about a row (unreadable file, missing
  // column, database unavailable) are returned as a Status.
  Result<ImportReport> Import(std::string_view bytes, std::string_view file_name,
                              const ImportOptions& options);

  // The values matching `query` in the import layout, as CSV text.
  Result<std::string> ExportCsv(const IndicatorValueQuery& query);
  // Writes the values matching `query` to `path`, as CSV or XLSX by its
  // extension; returns the number of values written.
  Result<int> ExportFile(const IndicatorValueQuery& query, const std::string& path);

  // Reported and computed values side by side, one entry per period that has
  // either, in period order; `period` limits it to one period.
  Result<std::vector<ValueComparison>> Compare(std::string_view city, std::string_view indicator,
                                               std::optional<std::string> period = std::nullopt);

  // ---- on behalf of a principal (the HTTP API) ----

  // Adds one custom indicator (Action::kManageCatalogue), audited.
  // InvalidArgument naming the field for an empty code or English name, an
  // unknown unit, valid_min > valid_max; AlreadyExists for a taken code.
  Result<Indicator> CreateIndicator(const Principal& who, Indicator indicator);
  // Replaces the fields of the custom indicator `code` (kManageCatalogue;
  // the code in `indicator` must be empty or `code`), audited. NotFound for
  // an unknown code; Conflict for a builtin indicator (it is defined by
  // standards/indicators/catalogue.toml and would be overwritten).
  Result<Indicator> UpdateIndicator(const Principal& who, std::string_view code,
                                    Indicator indicator);

  // RecordValue as `who` (Action::kEnterValue on the value's city; the value
  // enters as draft). InvalidArgument (field "city") for an unknown city.
  Result<IndicatorValue> RecordValue(const Principal& who, ValueInput input);

  // The values matching `query` that `who` may see (file comment).
  Result<std::vector<IndicatorValue>> ListValues(const Principal& who,
                                                 const IndicatorValueQuery& query);
  // One page of ListValues(who, query): at most `limit` values from position
  // `offset`, and the number of values `who` sees in all. The visibility
  // rule and the page are applied in SQL (GET /api/v1/values).
  // InvalidArgument for a negative offset or limit.
  Result<IndicatorValuePage> ListValuesPage(const Principal& who, IndicatorValueQuery query,
                                            std::int64_t offset, std::int64_t limit);

  // Applies `change` as `who`: submitting (and returning to draft) needs
  // Action::kSubmitValue on the city (or kEndorseValue to return an endorsed
  // value), endorsing kEndorseValue, publishing kPublishValue; a bulk change
  // without a city needs the right on every city. Returns the values moved.
  // Errors as ChangeStatus/ChangeStatusAll; InvalidArgument (field "period")
  // when `indicator` is given without `period` or the reverse.
  Result<std::vector<IndicatorValue>> ChangeStatus(const Principal& who,
                                                   const ValueStatusChange& change);

  // Compare, with the values `who` may not see left out.
  Result<std::vector<ValueComparison>> Compare(const Principal& who, std::string_view city,
                                               std::string_view indicator,
                                               std::optional<std::string> period = std::nullopt);

 private:
  Database& db_;
};

}  // namespace kinet
