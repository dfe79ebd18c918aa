// Use cases of quantitative targets: set (create or replace) a city's target
// with its milestones, list targets, and compute each target's progress
// status from the city's reported indicator values. Shared by the CLI and
// the HTTP API (the methods taking a Principal decide permissions there).
//
// The observed series of a target is the city's annual values ("YYYY"
// periods; monthly values are not used) of the target's indicator, one per
// year, the reported value preferred over a computed one among the values
// the view may use (service/annual_series.h, VisibleValuesFor: a published
// computed value counts in a public view when the reported one is not yet
// published). By default values of every status
// are used, drafts included, because the people who set and follow targets
// (city officers, national coordinators, the secretariat) work on their own
// data before it is published; each progress result says how many of its
// values are not yet published. Public views pass published_only = true.
// The rule itself is engine/progress.h (docs/indicators.md, "Targets and
// progress").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator.h"
#include "core/result.h"
#include "core/target.h"
#include "engine/progress.h"
#include "service/permissions.h"
#include "store/database.h"
#include "store/target_repository.h"

namespace kinet {

// A target with its progress and everything that produced it.
struct TargetProgress {
  Target target;
  Direction direction = Direction::kLowerIsBetter;  // of the indicator
  std::string unit;                                 // of the indicator
  std::vector<YearValue> series;                    // the observed annual values used
  int unpublished_values = 0;                       // of `series`
  ProgressAssessment assessment;
};

struct ProgressQuery {
  std::optional<std::string> city_code;
  std::optional<std::string> indicator_code;
  // The year the status is judged at; nullopt: the year of the latest value
  // of each target's series (the status "as of the latest data"), or the
  // current UTC year when the series is empty.
  std::optional<int> evaluation_year;
  bool published_only = false;
};

class TargetService {
 public:
  // `db` must outlive the service and be migrated (OpenAndMigrate).
  explicit TargetService(Database& db) : db_(db) {}

  // Validates and stores `target` (creating it, or replacing the one with
  // the same city, indicator and target year), all in one transaction, and
  // returns what was stored. InvalidArgument naming the field: "city" or
  // "indicator" when unknown, "target_year" when not after the baseline
  // year, "milestones" when a milestone is outside the years or repeated,
  // a non-finite value; nothing is written then.
  Result<TargetUpsertResult> Set(const Target& target, std::string_view actor);

  // Targets of one city (all when nullopt), ordered by city, indicator and
  // target year. NotFound for an unknown city code.
  Result<std::vector<Target>> List(std::optional<std::string> city_code = std::nullopt);

  // The progress of every target matching `query`, in List order.
  // NotFound for an unknown city code.
  Result<std::vector<TargetProgress>> Progress(const ProgressQuery& query);

  // Set on behalf of `who` (Action::kWriteTarget on the target's city).
  // InvalidArgument (field "city") for an unknown city.
  Result<TargetUpsertResult> Set(const Principal& who, const Target& target);

  // Progress as `who` sees it: from published values only unless `who` may
  // read the city's unpublished data (query.published_only is overridden).
  // `query.city_code` is required (InvalidArgument "city").
  Result<std::vector<TargetProgress>> Progress(const Principal& who, ProgressQuery query);

 private:
  Database& db_;
};

}  // namespace kinet
