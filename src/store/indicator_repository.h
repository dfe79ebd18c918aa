// Repositories of the indicator catalogue and the reported values, persisted
// in the tables of migration 0003_indicators.sql (src/core/indicator.h).
//
// As in registry_repository.h, each repository is a thin, stateless view over
// an Executor&: the same calls run on a Database (autocommit) or inside one
// Database::Transact callback (an import of a whole file). The Executor must
// outlive the repository. Repositories check only what the schema enforces
// (uniqueness, references, enumerations); unit conversion, range and jump
// checks and the status rules live in src/service/indicator_service.h.
//
// Every write of a value records who changed what and when in the audit_log
// table of migration 0001 (entity "indicator_value", entity_id
// "<city>/<indicator>/<period>/<source_kind>"): one "insert" row with the new
// value, or one "update" row per changed field with old and new text.
//
// Errors shared by every method: Unavailable and Internal from the Executor;
// Internal when a stored enumerated value cannot be parsed (a corrupt row).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator.h"
#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet {

class IndicatorRepository {
 public:
  explicit IndicatorRepository(Executor& db) : db_(db) {}

  // Inserts the indicator, or replaces every field of the one with the same
  // code (the builtin flag included). Returns the stored indicator with its
  // id. InvalidArgument when the code is empty.
  Result<Indicator> Upsert(const Indicator& indicator);
  // Inserts a new indicator; AlreadyExists when the code is taken.
  Result<Indicator> Insert(const Indicator& indicator);
  // The indicator with `code`; NotFound when there is none.
  Result<Indicator> FindByCode(std::string_view code);
  // All indicators, or those of one theme, ordered by theme (catalogue
  // order: air, water, noise, waste, green-space, energy, management) then code.
  Result<std::vector<Indicator>> List(std::optional<Theme> theme = std::nullopt);

  // The digest of the builtin catalogue last synchronised into this
  // database (indicator_catalogue_state), or nullopt when never.
  Result<std::optional<std::string>> BuiltinDigest();
  // Records `digest` as the synchronised builtin catalogue.
  Status SetBuiltinDigest(std::string_view digest);

 private:
  Executor& db_;
};

// Which values List returns. Unset members do not filter. Periods compare as
// text within a kind; `to` = "2017" includes "2017-12".
struct IndicatorValueQuery {
  std::optional<std::string> city_code;
  std::optional<std::string> indicator_code;
  std::optional<std::string> from;  // inclusive, "YYYY" or "YYYY-MM"
  std::optional<std::string> to;    // inclusive, "YYYY" or "YYYY-MM"
  std::optional<SourceKind> source_kind;
  std::optional<ValueStatus> status;
  // Who is asking, for unpublished values: unset = every value; otherwise
  // published values plus the unpublished ones of the city (kCity) or of
  // the cities of the country (kCountry) whose code equals `scope` ignoring
  // ASCII case (an empty scope matches nothing). The service derives it
  // from the principal (IndicatorService::ListValues).
  struct Unpublished {
    enum class Of : std::uint8_t { kNone, kCity, kCountry };
    Of of = Of::kNone;
    std::string scope;
  };
  std::optional<Unpublished> unpublished;
};

// One page of values and the number of values matching in all.
struct IndicatorValuePage {
  std::vector<IndicatorValue> values;
  std::int64_t total = 0;
};

// What Upsert did.
enum class UpsertAction : std::uint8_t { kInserted, kUpdated, kUnchanged };

struct UpsertResult {
  IndicatorValue value;  // as stored, with id and timestamps
  UpsertAction action = UpsertAction::kInserted;
};

// What Upsert looks up before it writes, for callers that already know it
// (an import looks each city and indicator up once per file, not per row).
struct KnownValueKeys {
  std::int64_t city_id = 0;       // cities.id of value.city_code
  std::int64_t indicator_id = 0;  // indicators.id of value.indicator_code
  // The stored value with the same key, exactly as Find returns it, or
  // nullopt when there is none.
  std::optional<IndicatorValue> old;
};

class IndicatorValueRepository {
 public:
  explicit IndicatorValueRepository(Executor& db) : db_(db) {}

  // Values matching `query`, ordered by city code, indicator code, period,
  // then source kind (reported first).
  Result<std::vector<IndicatorValue>> List(const IndicatorValueQuery& query);
  // At most `limit` values of List(query) from position `offset` (0-based),
  // with the count of all, in two indexed statements (no values beyond the
  // page are read). InvalidArgument for a negative offset or limit.
  Result<IndicatorValuePage> ListPage(const IndicatorValueQuery& query, std::int64_t offset,
                                      std::int64_t limit);

  // The one value with this key, or nullopt.
  Result<std::optional<IndicatorValue>> Find(std::string_view city_code,
                                             std::string_view indicator_code,
                                             std::string_view period, SourceKind source_kind);

  // The series of one city and indicator, ordered by period: the values of
  // `source_kind`, or, when it is nullopt, one value per period preferring
  // the reported value over the computed one. Empty when there are none
  // (including for an unknown city or indicator).
  Result<std::vector<IndicatorValue>> ValuesFor(
      std::string_view city_code, std::string_view indicator_code,
      std::optional<SourceKind> source_kind = std::nullopt);

  // Inserts the value, or replaces value, entered value and unit, source,
  // note, status, flags and doubtful mark of the one with the same (city,
  // indicator, period, source kind). created_* / updated_* are set from
  // `actor` and the current time; the ids and timestamps in `value` are
  // ignored. Writes the audit rows (file comment). InvalidArgument (field
  // "city" or "indicator") when the city or indicator code is unknown.
  Result<UpsertResult> Upsert(const IndicatorValue& value, std::string_view actor);
  // Upsert without its three lookups: `known` must describe value's key
  // (KnownValueKeys). Two statements for a new value (the insert and its
  // audit row), 1 + changed fields for a changed one, none when unchanged.
  // The returned value is what Find would read back.
  Result<UpsertResult> Upsert(const IndicatorValue& value, std::string_view actor,
                              const KnownValueKeys& known);

  // The id of the city with exactly this code, or nullopt.
  Result<std::optional<std::int64_t>> CityId(std::string_view city_code);

  // Sets the status of the value with this key from `from` to `to`, with an
  // audit row. NotFound when there is no such value; Conflict when its
  // current status is not `from` (someone changed it meanwhile). The caller
  // checks IsAllowedTransition.
  Result<IndicatorValue> UpdateStatus(std::string_view city_code, std::string_view indicator_code,
                                      std::string_view period, SourceKind source_kind,
                                      ValueStatus from, ValueStatus to, std::string_view actor);

  // Deletes the value with this key, writing one "delete" audit row with the
  // old value. Returns the deleted value, or nullopt when there was none.
  // Used for computed values whose inputs no longer give a valid number
  // (service/air_values_service.h).
  Result<std::optional<IndicatorValue>> Delete(std::string_view city_code,
                                               std::string_view indicator_code,
                                               std::string_view period, SourceKind source_kind,
                                               std::string_view actor);

  // The number of stored values (all cities and indicators).
  Result<std::int64_t> Count();

 private:
  Executor& db_;
};

}  // namespace kinet
