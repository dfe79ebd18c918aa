// Pilot programmes (DESIGN.md §2.3; issue 7; docs/pilots.md): calls that
// select pilot cities against weighted criteria, and pilot projects with a
// results framework, milestones and progress reports. The domain types shared
// by the ranking engine (src/engine/mcda.h), the store
// (src/store/pilot_repository.h) and the use cases of
// src/service/pilot_service.h.
//
// Usage facts behind the design: the secretariat runs one or two calls a year,
// each over a few to a few dozen candidate cities and five to ten criteria, so
// a call is always read whole (criteria, candidates, ratings) and ranked in
// memory. A project runs two to five years with a handful of indicators,
// milestones and a report per period.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/network.h"

namespace kinet {

using PilotCallId = Id<struct PilotCallTag>;
using PilotProjectId = Id<struct PilotProjectTag>;
using PilotReportId = Id<struct PilotReportTag>;

// ---- Selection criteria -----------------------------------------------------

// Where a criterion's value for a candidate city comes from.
enum class CriterionSource : std::uint8_t {
  kIndicator,   // the city's value of `indicator_code` for `year` (reported preferred)
  kScheme,      // the city's stored score of scheme `scheme_id` in `year`, in % of its maximum
  kRating,      // an assessor's rating entered per city (kinet pilot call rate)
  kPopulation,  // the city's registered population (persons)
};
// "indicator", "scheme", "rating", "population".
std::string_view CriterionSourceCode(CriterionSource s);
std::optional<CriterionSource> ParseCriterionSource(std::string_view code);

// Which values are better: larger (benefit), smaller (cost), or those
// closest to a target value (e.g. "medium-sized cities preferred").
enum class CriterionDirection : std::uint8_t { kBenefit, kCost, kTarget };
// "benefit", "cost", "target".
std::string_view CriterionDirectionCode(CriterionDirection d);
std::optional<CriterionDirection> ParseCriterionDirection(std::string_view code);

// How raw values become comparable 0..1 scores for the weighted sum
// (engine/mcda.h states each formula). TOPSIS always uses vector
// normalisation, whatever is chosen here.
enum class Normalisation : std::uint8_t { kMinMax, kVector, kTarget };
// "min-max", "vector", "target".
std::string_view NormalisationCode(Normalisation n);
std::optional<Normalisation> ParseNormalisation(std::string_view code);

// What happens to a candidate without a value for a criterion.
enum class MissingRule : std::uint8_t {
  kExclude,  // the candidate is not ranked; the result lists what it lacks
  kWorst,    // the worst value observed among the others is used, marked "imputed"
};
// "exclude", "worst".
std::string_view MissingRuleCode(MissingRule m);
std::optional<MissingRule> ParseMissingRule(std::string_view code);

struct PilotCriterion {
  std::string code;  // short key within the call: "need", "capacity", ...
  std::string name;
  CriterionSource source = CriterionSource::kRating;
  std::string indicator_code;  // kIndicator
  std::string scheme_id;       // kScheme
  std::optional<int> year;     // kIndicator, kScheme: the year of the value
  CriterionDirection direction = CriterionDirection::kBenefit;
  Normalisation normalisation = Normalisation::kMinMax;
  std::optional<double> target_value;  // kTarget direction (and kTarget normalisation)
  double weight = 1.0;                 // > 0; weights are renormalised to sum 1
  std::string note;                    // why the criterion, scale of a rating
  friend bool operator==(const PilotCriterion&, const PilotCriterion&) = default;
};

struct PilotCall {
  PilotCallId id;
  std::string title;
  std::string title_zh;  // the title in Chinese, or "" (readers then show `title`)
  std::string description;
  std::string opens;                            // "YYYY-MM-DD"
  std::string closes;                           // "YYYY-MM-DD", not before opens
  std::vector<std::string> eligible_countries;  // ISO codes; empty = any country
  std::vector<std::string> candidate_cities;    // city codes, in entry order
  std::vector<PilotCriterion> criteria;         // in entry order
  MissingRule missing_rule = MissingRule::kExclude;
  DataStatus data_status = DataStatus::kReal;
  std::string created_by;
  std::string created_at;
};

// An assessor's rating of one candidate on one rating criterion.
struct PilotRating {
  PilotCallId call_id;
  std::string criterion_code;
  std::string city_code;
  double value = 0.0;
  std::string assessor;  // who entered it (the principal's actor)
  std::string note;
  std::string rated_at;  // "YYYY-MM-DDTHH:MM:SSZ"
};

// ---- Projects -------------------------------------------------------------

enum class PartnerKind : std::uint8_t { kMentorCity, kAgency, kInstitute, kOther };
// "mentor-city", "agency", "institute", "other".
std::string_view PartnerKindCode(PartnerKind k);
std::optional<PartnerKind> ParsePartnerKind(std::string_view code);

struct PilotPartner {
  PartnerKind kind = PartnerKind::kOther;
  std::string code;  // a city code (mentor city) or organisation code, or ""
  std::string name;  // display name when there is no code
  std::string role;  // "mentor", "funding", "technical advice"
  friend bool operator==(const PilotPartner&, const PilotPartner&) = default;
};

struct PilotFunding {
  std::string source;  // "JBIC", "city budget"
  double amount = 0.0;
  std::string currency;  // ISO 4217, e.g. "USD"
  std::string note;
  friend bool operator==(const PilotFunding&, const PilotFunding&) = default;
};

// One line of the results framework: an indicator of the catalogue with its
// baseline and target. Actual values per year are not stored: they are read
// from the city's indicator values when the project is shown.
struct PilotResultIndicator {
  std::string indicator_code;
  int baseline_year = 0;
  double baseline_value = 0.0;
  int target_year = 0;
  double target_value = 0.0;
  std::string note;
  friend bool operator==(const PilotResultIndicator&, const PilotResultIndicator&) = default;
};

struct PilotMilestone {
  std::string title;
  std::string due;   // "YYYY-MM-DD"
  std::string done;  // "YYYY-MM-DD", or "" while open
  std::string note;
  friend bool operator==(const PilotMilestone&, const PilotMilestone&) = default;
};

// planned → active → completed; planned | active → cancelled; completed →
// active (reopening, e.g. when a final evaluation finds work left). Cancelled
// is final. Table and reasons: docs/pilots.md "Project status".
enum class ProjectStatus : std::uint8_t { kPlanned, kActive, kCompleted, kCancelled };
// "planned", "active", "completed", "cancelled".
std::string_view ProjectStatusCode(ProjectStatus s);
std::optional<ProjectStatus> ParseProjectStatus(std::string_view code);
// True for planned→active, active→completed, planned→cancelled,
// active→cancelled and completed→active; false for everything else,
// including staying in the same status (the caller treats that as no change).
bool IsAllowedProjectTransition(ProjectStatus from, ProjectStatus to);

struct PilotProject {
  PilotProjectId id;
  std::optional<PilotCallId> call_id;  // the call that selected the city, if any
  std::string title;
  std::string city_code;
  std::string summary;
  std::vector<std::string> themes;  // indicator theme codes: "air", "waste", ...
  std::vector<PilotPartner> partners;
  std::optional<double> budget;
  std::string currency;  // of budget
  std::vector<PilotFunding> funding;
  std::string start;  // "YYYY-MM-DD"
  std::string end;    // "YYYY-MM-DD", after start
  ProjectStatus status = ProjectStatus::kPlanned;
  std::vector<PilotResultIndicator> indicators;
  std::vector<PilotMilestone> milestones;
  std::vector<std::string> comparison_cities;  // for the outcome comparison
  std::string practice_code;                   // the best practice it became, or ""
  DataStatus data_status = DataStatus::kReal;
  std::string created_by;
  std::string created_at;
  std::string updated_by;
  std::string updated_at;
};

// ---- Progress reports --------------------------------------------------------

// draft → submitted → approved | returned; returned → submitted (after
// correction). Approved is final.
enum class ReportStatus : std::uint8_t { kDraft, kSubmitted, kApproved, kReturned };
// "draft", "submitted", "approved", "returned".
std::string_view ReportStatusCode(ReportStatus s);
std::optional<ReportStatus> ParseReportStatus(std::string_view code);
// True for draft→submitted, returned→submitted, submitted→approved and
// submitted→returned; everything else is refused.
bool IsAllowedReportTransition(ReportStatus from, ReportStatus to);

struct PilotReport {
  PilotReportId id;
  PilotProjectId project_id;
  std::string period;  // the reporting period as the project names it: "2003", "2003-H1"
  std::string progress;
  std::string problems;
  std::string next_steps;
  ReportStatus status = ReportStatus::kDraft;
  std::string author;
  std::string created_at;
  std::string submitted_at;  // "" until submitted
  std::string decided_by;    // who approved or returned it, or ""
  std::string decided_at;
  std::string decision_note;
};

}  // namespace kinet
