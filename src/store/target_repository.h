// Repositories of quantitative targets (with their milestones) and of the
// cached results of assessment schemes, persisted in the tables of migration
// 0004_targets.sql (src/core/target.h, engine/scoring.h).
//
// As in registry_repository.h, each repository is a thin, stateless view
// over an Executor&: the same calls run on a Database (autocommit) or inside
// one Database::Transact callback; callers that write a target and its
// milestones use Transact so the pair is all or nothing. The Executor must
// outlive the repository. Repositories check only what the schema enforces;
// the path rules (target year after the baseline, milestones in between)
// live in engine/progress.h and src/service/target_service.h.
//
// Every write of a target records one audit_log row (entity "target",
// entity_id "<city>/<indicator>/<target_year>"): "insert" with the new
// target, "update" with old and new, "delete" with the old one.
//
// Errors shared by every method: Unavailable and Internal from the Executor;
// Internal when a stored enumerated value cannot be parsed (a corrupt row).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "core/target.h"
#include "store/database.h"

namespace kinet {

// What TargetRepository::Upsert did.
enum class TargetWrite : std::uint8_t { kInserted, kReplaced };

struct TargetUpsertResult {
  Target target;  // as stored, with id, milestones and timestamps
  TargetWrite action = TargetWrite::kInserted;
};

// Which targets List returns; unset members do not filter.
struct TargetQuery {
  std::optional<std::string> city_code;
  std::optional<std::string> indicator_code;
};

class TargetRepository {
 public:
  explicit TargetRepository(Executor& db) : db_(db) {}

  // Inserts the target, or replaces every field and all milestones of the
  // one with the same (city, indicator, target year). created_* /
  // updated_* come from `actor` and the current time. Not atomic by itself
  // (several statements): call it inside Transact. InvalidArgument (field
  // "city" or "indicator") when the city or indicator code is unknown, and
  // from the schema's CHECKs (target year not after the baseline year).
  Result<TargetUpsertResult> Upsert(const Target& target, std::string_view actor);

  // The target with `id`; NotFound when there is none.
  Result<Target> Find(TargetId id);

  // Targets matching `query`, ordered by city code, indicator code, then
  // target year, each with its milestones.
  Result<std::vector<Target>> List(const TargetQuery& query = {});

  // Deletes the target with `id` and its milestones. NotFound when there
  // is none. Not atomic by itself: call it inside Transact.
  Status Delete(TargetId id, std::string_view actor);

 private:
  Result<std::vector<Target>> Select(std::string_view where, std::vector<Value> params);
  Executor& db_;
};

// One cached scheme result (engine CityScore in a row).
struct SchemeScoreRecord {
  std::string scheme_id;
  std::string scheme_version;
  std::string city_code;
  int year = 0;
  double total = 0.0;
  double max_total = 0.0;
  std::optional<int> rank;
  std::optional<bool> designated;  // nullopt: the scheme has no designation rules
  std::string detail_json;         // per-item detail, written by the service
  std::string computed_at;         // "YYYY-MM-DDTHH:MM:SSZ"; set by ReplaceYear
};

class SchemeScoreRepository {
 public:
  explicit SchemeScoreRepository(Executor& db) : db_(db) {}

  // Replaces every stored result of (scheme_id, scheme_version, year) by
  // `records` (which must all carry that scheme, version and year), stamping
  // computed_at with the current time. Not atomic by itself: call it inside
  // Transact. InvalidArgument (field "city") for an unknown city code, or
  // when a record belongs to another scheme, version or year.
  Status ReplaceYear(std::string_view scheme_id, std::string_view scheme_version, int year,
                     const std::vector<SchemeScoreRecord>& records);

  // Stored results of `scheme_id` (any version), optionally of one year and
  // one city, ordered by year, then rank (unranked last), then city code.
  Result<std::vector<SchemeScoreRecord>> List(std::string_view scheme_id,
                                              std::optional<int> year = std::nullopt,
                                              std::optional<std::string> city_code = std::nullopt);

 private:
  Executor& db_;
};

}  // namespace kinet
