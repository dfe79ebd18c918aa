#include "core/pilot.h"

#include <array>
#include <utility>

#include "core/code_table.h"

namespace kinet {
namespace {

constexpr std::array<std::pair<CriterionSource, std::string_view>, 4> kSource{{
    {CriterionSource::kIndicator, "indicator"},
    {CriterionSource::kScheme, "scheme"},
    {CriterionSource::kRating, "rating"},
    {CriterionSource::kPopulation, "population"},
}};
constexpr std::array<std::pair<CriterionDirection, std::string_view>, 3> kDirection{{
    {CriterionDirection::kBenefit, "benefit"},
    {CriterionDirection::kCost, "cost"},
    {CriterionDirection::kTarget, "target"},
}};
constexpr std::array<std::pair<Normalisation, std::string_view>, 3> kNormalisation{{
    {Normalisation::kMinMax, "min-max"},
    {Normalisation::kVector, "vector"},
    {Normalisation::kTarget, "target"},
}};
constexpr std::array<std::pair<MissingRule, std::string_view>, 2> kMissing{{
    {MissingRule::kExclude, "exclude"},
    {MissingRule::kWorst, "worst"},
}};
constexpr std::array<std::pair<PartnerKind, std::string_view>, 4> kPartner{{
    {PartnerKind::kMentorCity, "mentor-city"},
    {PartnerKind::kAgency, "agency"},
    {PartnerKind::kInstitute, "institute"},
    {PartnerKind::kOther, "other"},
}};
constexpr std::array<std::pair<ProjectStatus, std::string_view>, 4> kProjectStatus{{
    {ProjectStatus::kPlanned, "planned"},
    {ProjectStatus::kActive, "active"},
    {ProjectStatus::kCompleted, "completed"},
    {ProjectStatus::kCancelled, "cancelled"},
}};
constexpr std::array<std::pair<ReportStatus, std::string_view>, 4> kReportStatus{{
    {ReportStatus::kDraft, "draft"},
    {ReportStatus::kSubmitted, "submitted"},
    {ReportStatus::kApproved, "approved"},
    {ReportStatus::kReturned, "returned"},
}};

}  // namespace

std::string_view CriterionSourceCode(CriterionSource s) { return CodeOf(kSource, s); }
std::optional<CriterionSource> ParseCriterionSource(std::string_view code) {
  return ParseCode(kSource, code);
}
std::string_view CriterionDirectionCode(CriterionDirection d) { return CodeOf(kDirection, d); }
std::optional<CriterionDirection> ParseCriterionDirection(std::string_view code) {
  return ParseCode(kDirection, code);
}
std::string_view NormalisationCode(Normalisation n) { return CodeOf(kNormalisation, n); }
std::optional<Normalisation> ParseNormalisation(std::string_view code) {
  return ParseCode(kNormalisation, code);
}
std::string_view MissingRuleCode(MissingRule m) { return CodeOf(kMissing, m); }
std::optional<MissingRule> ParseMissingRule(std::string_view code) {
  return ParseCode(kMissing, code);
}
std::string_view PartnerKindCode(PartnerKind k) { return CodeOf(kPartner, k); }
std::optional<PartnerKind> ParsePartnerKind(std::string_view code) {
  return ParseCode(kPartner, code);
}
std::string_view ProjectStatusCode(ProjectStatus s) { return CodeOf(kProjectStatus, s); }
std::optional<ProjectStatus> ParseProjectStatus(std::string_view code) {
  return ParseCode(kProjectStatus, code);
}
std::string_view ReportStatusCode(ReportStatus s) { return CodeOf(kReportStatus, s); }
std::optional<ReportStatus> ParseReportStatus(std::string_view code) {
  return ParseCode(kReportStatus, code);
}

bool IsAllowedProjectTransition(ProjectStatus from, ProjectStatus to) {
  switch (to) {
    case ProjectStatus::kActive:
      return from == ProjectStatus::kPlanned || from == ProjectStatus::kCompleted;
    case ProjectStatus::kCompleted:
      return from == ProjectStatus::kActive;
    case ProjectStatus::kCancelled:
      return from == ProjectStatus::kPlanned || from == ProjectStatus::kActive;
    case ProjectStatus::kPlanned:
      return false;
  }
  return false;
}

bool IsAllowedReportTransition(ReportStatus from, ReportStatus to) {
  switch (to) {
    case ReportStatus::kSubmitted:
      return from == ReportStatus::kDraft || from == ReportStatus::kReturned;
    case ReportStatus::kApproved:
    case ReportStatus::kReturned:
      return from == ReportStatus::kSubmitted;
    case ReportStatus::kDraft:
      return false;
  }
  return false;
}

}  // namespace kinet
