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
};

// What Upsert did.
enum class UpsertAction : std::uint8_t { kInserted, kUpdated, kUnchanged };

struct UpsertResult {
  IndicatorValue value;  // as stored, with id and timestamps
  UpsertAction action = UpsertAction::kInserted;
};

class IndicatorValueRepository {
 public:
  explicit IndicatorValueRepository(Executor& db) : db_(db) {}

  // Values matching `query`, ordered by city code, indicator code, period,
  // then source kind (reported first).
  Result<std::vector<IndicatorValue>> List(const IndicatorValueQuery& query);

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

  // Sets the status of the value with this key from `from` to `to`, with an
  // audit row. NotFound when there is no such value; Conflict when its
  // current status is not `from` (someone changed it meanwhile). The caller
  // checks IsAllowedTransition.
  Result<IndicatorValue> UpdateStatus(std::string_view city_code, std::string_view indicator_code,
                                      std::string_view period, SourceKind source_kind,
                                      ValueStatus from, ValueStatus to, std::string_view actor);

  // The number of stored values (all cities and indicators).
  Result<std::int64_t> Count();

 private:
  Executor& db_;
};

}  // namespace kinet
