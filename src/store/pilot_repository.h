// Repository of the pilot programme (calls, criteria, candidates, ratings,
// projects with their partners, funding, results framework and milestones,
// progress reports), persisted in the tables of migration 0008_pilots.sql
// (pilot_calls.title_zh: 0012_pilot_call_title_zh.sql) (src/core/pilot.h).
//
// As in target_repository.h, the repository is a thin, stateless view over
// an Executor&: writes of a record and its child rows take several statements,
// so callers run them inside one Database::Transact. The Executor must
// outlive the repository. The repository checks what the schema enforces and
// resolves codes to ids (an unknown city or indicator code is InvalidArgument
// naming the field); the domain rules live in src/service/pilot_service.h.
//
// Every write records audit_log rows (entities "pilot_call", "pilot_rating",
// "pilot_project", "pilot_report"; entity_id the numeric id, or
// "<call>/<criterion>/<city>" for a rating).
//
// Errors shared by every method: Unavailable and Internal from the Executor;
// Internal when a stored enumerated value cannot be parsed (a corrupt row).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pilot.h"
#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet {

// Which projects ListProjects returns; unset members do not filter.
struct PilotProjectFilter {
  std::optional<std::string> city_code;
  std::optional<std::int64_t> call_id;
  std::optional<ProjectStatus> status;
};

class PilotRepository {
 public:
  explicit PilotRepository(Executor& db) : db_(db) {}

  // ---- calls ----
  // Inserts the call with its candidates and criteria (ids and timestamps of
  // `call` are ignored). InvalidArgument ("candidates" / "criteria[i].indicator")
  // for an unknown city or indicator code, and from the schema's CHECKs.
  Result<PilotCall> InsertCall(const PilotCall& call, std::string_view actor);
  // Replaces the call's fields, candidates and criteria with those of `call`
  // (its id names the call; created_by/created_at are kept). A criterion is
  // matched by its code: a kept code keeps its ratings unless it stops being
  // a rating criterion; ratings of removed criteria or of cities that are no
  // longer candidates are deleted. NotFound for an unknown call;
  // InvalidArgument as InsertCall. Audited as one update (old → new text).
  Result<PilotCall> UpdateCall(const PilotCall& call, std::string_view actor);
  // NotFound when there is no such call.
  Result<PilotCall> FindCall(PilotCallId id);
  // All calls, newest (highest id) first.
  Result<std::vector<PilotCall>> ListCalls();

  // Inserts or replaces the rating of (call, criterion, city); rated_at and
  // assessor come from the current time and `actor`. InvalidArgument
  // ("criterion" / "city") when the call has no such criterion or the city
  // code is unknown.
  Result<PilotRating> UpsertRating(const PilotRating& rating, std::string_view actor);
  // Ratings of a call, by criterion position then city code.
  Result<std::vector<PilotRating>> ListRatings(PilotCallId id);

  // ---- projects ----
  // Inserts the project with its child rows. InvalidArgument ("city",
  // "indicators[i].indicator", "call_id") for unknown references.
  Result<PilotProject> InsertProject(const PilotProject& project, std::string_view actor);
  // Replaces the project's fields and child rows (partners, funding, results
  // framework, milestones) with those of `p` (its id names the project;
  // practice_code and created_by/created_at are kept; updated_by/updated_at
  // are stamped). The status is written as given: the service checks the
  // transition. NotFound for an unknown project; InvalidArgument as
  // InsertProject. Audited as one update (old → new text).
  Result<PilotProject> UpdateProject(const PilotProject& p, std::string_view actor);
  // NotFound when there is no such project.
  Result<PilotProject> FindProject(PilotProjectId id);
  // Projects matching `filter`, by start date then id.
  Result<std::vector<PilotProject>> ListProjects(const PilotProjectFilter& filter = {});
  // Sets the status; audited as one field change.
  Status SetProjectStatus(PilotProjectId id, ProjectStatus status, std::string_view actor);
  // Appends a milestone after the project's last one (position = count);
  // NotFound for an unknown project. The caller validates the dates.
  Status AddMilestone(PilotProjectId id, const PilotMilestone& milestone, std::string_view actor);
  // Sets milestone `index`'s done date; InvalidArgument ("milestone") when out of range.
  Status SetMilestoneDone(PilotProjectId id, std::size_t index, std::string_view done,
                          std::string_view actor);
  // Records the practice the project became. AlreadyExists when the project
  // already links to one (a project becomes at most one practice).
  Status SetPracticeCode(PilotProjectId id, std::string_view practice_code, std::string_view actor);

  // ---- reports ----
  // Inserts a draft report; AlreadyExists when the project has a report of that period.
  Result<PilotReport> InsertReport(const PilotReport& report, std::string_view actor);
  // NotFound when there is no such report.
  Result<PilotReport> FindReport(PilotReportId id);
  // Reports of a project, by period.
  Result<std::vector<PilotReport>> ListReports(PilotProjectId id);
  // Moves a report from `from` to `to`, stamping submitted_at (to submitted)
  // or decided_by/decided_at/decision_note (to approved or returned).
  // Conflict when its status is no longer `from`.
  Result<PilotReport> UpdateReportStatus(PilotReportId id, ReportStatus from, ReportStatus to,
                                         std::string_view note, std::string_view actor);

 private:
  Result<std::vector<PilotCall>> SelectCalls(std::string_view where, std::vector<Value> params);
  Result<std::vector<PilotProject>> SelectProjects(std::string_view where,
                                                   std::vector<Value> params);
  Result<std::vector<PilotReport>> SelectReports(std::string_view where, std::vector<Value> params);
  Executor& db_;
};

// Joins codes with commas ("air,waste"), and splits such a list ("" = none).
std::string JoinCodes(const std::vector<std::string>& codes);
std::vector<std::string> SplitCodes(std::string_view text);

}  // namespace kinet
