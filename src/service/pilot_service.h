// Use cases of the pilot programme (issue 7; docs/pilots.md): calls with
// weighted criteria, assessors' ratings, the ranking of candidate cities
// (weighted sum and TOPSIS with sensitivity, engine/mcda.h) and its export
// with the full reasoning; pilot projects with a results framework whose
// actual values come from the city's indicator values, milestones, progress
// reports with an approval step, and the step that turns a completed pilot
// into a draft best practice. Shared by the CLI and the HTTP API.
//
// Permissions (service/permissions.h, block "pilots"): calls and projects are
// written by the secretariat; ratings by the secretariat and experts;
// progress reports by the project city's officer, its national coordinator
// and the secretariat; approving or returning a report by the secretariat.
// Calls, rankings, projects and approved reports are public; other reports
// are read by those who may write them. Every change is in the audit log
// (entities "pilot_call", "pilot_rating", "pilot_project", "pilot_report").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator.h"
#include "core/pilot.h"
#include "core/result.h"
#include "engine/evidence.h"
#include "engine/mcda.h"
#include "service/permissions.h"
#include "store/database.h"

namespace kinet {

// Where one criterion value of one candidate came from.
struct CriterionValueSource {
  std::optional<double> value;  // nullopt: missing
  std::string provenance;       // "air.so2.annual-mean 2001 reported (published)",
                                // "rating by x@y: 4", "population 2000 (census)",
                                // or why it is missing
};

// The ranking of a call with everything that produced it.
struct PilotRanking {
  PilotCall call;
  // [candidate][criterion], candidates in call.candidate_cities order.
  std::vector<std::vector<CriterionValueSource>> inputs;
  McdaResult result;  // alternatives in call.candidate_cities order
  double sensitivity_step = 0.2;
  std::string computed_at;  // "YYYY-MM-DDTHH:MM:SSZ"
};

// Which projects ListProjects returns; unset members do not filter.
struct PilotProjectQuery {
  std::optional<std::string> city_code;
  std::optional<PilotCallId> call_id;
  std::optional<ProjectStatus> status;
};

// One actual value of a results-framework indicator, read from the city's
// indicator values (reported preferred over computed, IndicatorValueRepository::ValuesFor).
struct PilotActual {
  int year = 0;
  double value = 0.0;
  SourceKind source_kind = SourceKind::kReported;
  ValueStatus status = ValueStatus::kDraft;
};

struct PilotIndicatorProgress {
  PilotResultIndicator line;
  std::string unit;                  // of the indicator
  std::vector<PilotActual> actuals;  // annual values from baseline_year to target_year
  std::optional<PilotActual> latest;
  // (latest − baseline) / (target − baseline) × 100; nullopt without a
  // latest value or when target = baseline.
  std::optional<double> achieved_percent;
};

struct PilotProjectView {
  PilotProject project;
  std::vector<PilotIndicatorProgress> results;  // one per project indicator
  std::vector<PilotReport> reports;             // those the caller may read, by period
};

// The outcome of one results-framework indicator: the city's change against
// the project's comparison cities over the same years, by the evidence
// method of the practices (engine/evidence.h: before/after means, difference
// in differences with its interval, placebo check). Spans: `before` is the
// three years ending at the baseline year, `after` the three years ending
// at the target year (starting after the baseline year at the earliest).
struct PilotOutcome {
  PilotResultIndicator line;
  Direction direction = Direction::kLowerIsBetter;  // of the indicator
  YearSpan before;
  YearSpan after;
  std::vector<YearValue> city_series;      // the city's annual values used
  std::vector<EvidenceSeries> comparison;  // the comparison cities' series
  Evidence evidence;
};

class PilotService {
 public:
  // `db` must outlive the service and be migrated (OpenAndMigrate).
  explicit PilotService(Database& db) : db_(db) {}

  // ---- calls --------------------------------------------------------------

  // Validates and stores a new call with its criteria and candidates, in one
  // transaction. InvalidArgument naming the field: "title" empty, "opens" /
  // "closes" not dates or closes before opens, "candidates" empty or an
  // unknown or repeated city or one outside the eligible countries,
  // "criteria" empty or a repeated code, "criteria[i].<field>" for a bad
  // weight, a missing indicator/scheme/year or target value.
  // PermissionDenied/Unauthenticated unless the principal may manage pilots.
  Result<PilotCall> CreateCall(const Principal& who, const PilotCall& call);
  // Replaces a call that has not closed yet (today, UTC, is not after its
  // closing date) with `call` (call.id names it), validated as CreateCall.
  // Ratings of kept rating criteria and candidates stay; the others are
  // deleted (PilotRepository::UpdateCall). FailedPrecondition once the call
  // has closed (its ranking is then a record of the selection); NotFound;
  // PermissionDenied unless the principal may manage pilots.
  Result<PilotCall> UpdateCall(const Principal& who, const PilotCall& call);
  // All calls, newest first.
  Result<std::vector<PilotCall>> ListCalls();
  // NotFound for an unknown id.
  Result<PilotCall> FindCall(PilotCallId id);

  // Records (or replaces) an assessor's rating. InvalidArgument naming the
  // field when the criterion is not a rating criterion of the call, the city
  // not a candidate or the value not finite; NotFound for an unknown call.
  Result<PilotRating> Rate(const Principal& who, const PilotRating& rating);
  Result<std::vector<PilotRating>> ListRatings(PilotCallId id);

  // Gathers each candidate's criterion values and ranks them (engine/mcda.h).
  // NotFound for an unknown call; FailedPrecondition from the engine.
  Result<PilotRanking> Rank(PilotCallId id, const McdaOptions& options = {});

  // ---- projects -----------------------------------------------------------

  // Validates and stores a new project. InvalidArgument naming the field:
  // "title", "city" (unknown), "start"/"end" (dates, end after start),
  // "themes", "partners[i]", "funding[i]", "indicators[i]" (unknown
  // indicator, target year not after baseline), "milestones[i]",
  // "comparison_cities". PermissionDenied unless the principal may manage pilots.
  Result<PilotProject> CreateProject(const Principal& who, const PilotProject& project);
  // Corrects a project (project.id names it; the same fields as CreateProject,
  // validated the same way) in one transaction, audited as one update
  // (old → new). Partners, funding, results framework and milestones are
  // replaced by those given, in their order; practice_code and created_* are
  // kept. project.status is the wanted status: a change must be a transition
  // SetProjectStatus allows (Conflict, field "status", naming both states).
  // InvalidArgument ("city") when the city differs: a project stays in its
  // city. Conflict (field "indicators") naming the indicator when a removed
  // results-framework line has actual values (the city's annual values of
  // that indicator in its baseline..target years). NotFound;
  // PermissionDenied unless the principal may manage pilots.
  Result<PilotProject> UpdateProject(const Principal& who, const PilotProject& project);
  // NotFound for an unknown id. The project alone, as stored (no results).
  Result<PilotProject> FindProject(PilotProjectId id);
  // Moves the project along its status table (IsAllowedProjectTransition:
  // planned → active → completed, planned | active → cancelled, completed →
  // active). Setting the current status is no change. Conflict (field
  // "status") naming both states for any other transition, and for reopening
  // a completed project that already became a best practice. NotFound;
  // PermissionDenied unless the principal may manage pilots (the secretariat).
  Result<PilotProject> SetProjectStatus(const Principal& who, PilotProjectId id,
                                        ProjectStatus status);
  // Appends a milestone to the project. InvalidArgument: "title" empty,
  // "due" (or "done" when set) not a YYYY-MM-DD date; Conflict when the
  // project is completed or cancelled; NotFound; PermissionDenied unless the
  // principal may manage pilots.
  Result<PilotProject> AddMilestone(const Principal& who, PilotProjectId id,
                                    const PilotMilestone& milestone);
  // Marks a milestone done on `date` ("YYYY-MM-DD"); InvalidArgument
  // ("milestone") for an index out of range.
  Result<PilotProject> CompleteMilestone(const Principal& who, PilotProjectId id,
                                         std::size_t milestone_index, std::string_view date);
  // Projects matching `query`, ordered by start date then id. NotFound for
  // an unknown city code.
  Result<std::vector<PilotProject>> ListProjects(const PilotProjectQuery& query = {});
  // The project with its results framework filled from data and the reports
  // `who` may read. NotFound for an unknown id.
  Result<PilotProjectView> ShowProject(const Principal& who, PilotProjectId id);

  // The outcome of every results-framework indicator (PilotOutcome), with
  // the values `who` may read (the public: published ones). NotFound for an
  // unknown project.
  Result<std::vector<PilotOutcome>> Outcome(const Principal& who, PilotProjectId id,
                                            const EvidenceOptions& options = {});

  // A completed pilot becomes a best practice in one step: creates a DRAFT
  // practice (service/practice_service.h) with the project's city, title,
  // summary, years, themes, partners, funding and one result per
  // results-framework indicator (spans as in Outcome; claimed values =
  // baseline and latest actual), links it to the project
  // (practice_code) and returns its code. `practice_code` "" makes
  // "pilot-<id>-<city>". FailedPrecondition unless the project is completed;
  // AlreadyExists when it already became a practice; errors of
  // PracticeService::Create (a code taken, permission).
  Result<std::string> ToPractice(const Principal& who, PilotProjectId id,
                                 std::string practice_code = {});

  // ---- progress reports ---------------------------------------------------

  // Adds a draft report (author = who.actor()). InvalidArgument ("period")
  // when empty or already reported; NotFound for an unknown project.
  Result<PilotReport> AddReport(const Principal& who, const PilotReport& report);
  // Moves a report to `to` (IsAllowedReportTransition): submitting needs the
  // report-writing right, approving and returning the approval right.
  // Conflict naming both states when the transition is refused; NotFound.
  Result<PilotReport> ChangeReportStatus(const Principal& who, PilotReportId id, ReportStatus to,
                                         std::string_view note = {});

 private:
  Database& db_;
};

// The ranking as CSV text, one row per candidate and criterion (the full
// reasoning: raw, used, imputed, normalised, weights, scores, ranks, stability),
// followed by one row per perturbation and candidate. Layout: docs/pilots.md.
std::string RankingCsv(const PilotRanking& ranking);
// Writes the ranking to `path` as CSV or XLSX (by the extension; XLSX has
// the same rows as the CSV). InvalidArgument for another extension.
Status WriteRankingFile(const PilotRanking& ranking, const std::string& path);

// Loads the illustrative sample call, ratings and projects of
// data/sample/pilots*.csv (compiled in) as the operator; returns the number of
// projects created. Needs the sample network, indicators and values loaded first.
Result<int> LoadSamplePilots(Database& db);

}  // namespace kinet
