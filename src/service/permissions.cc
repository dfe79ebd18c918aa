#include "service/permissions.h"

#include <cstdlib>

#include <fmt/format.h>

namespace kinet {
namespace {

bool NationalCoordinatorMay(Action a) {
  switch (a) {
    case Action::kReadUnpublished:
    case Action::kUpdateCity:
    case Action::kEndorseValue:
    case Action::kWriteTarget:
    case Action::kRunScheme:
    case Action::kEndorseRequest:    // assistance
    case Action::kWritePilotReport:  // pilots
    case Action::kWritePractice:     // practices
      return true;
    default:
      return false;
  }
}

bool CityOfficerMay(Action a) {
  switch (a) {
    case Action::kReadUnpublished:
    case Action::kUpdateCity:
    case Action::kUploadMonitoring:
    case Action::kEnterValue:
    case Action::kSubmitValue:
    case Action::kWriteTarget:
    case Action::kWriteReport:       // reports
    case Action::kWriteRequest:      // assistance
    case Action::kWritePilotReport:  // pilots
    case Action::kWritePractice:     // practices
      return true;
    default:
      return false;
  }
}

// assistance: an agency officer acts only for its own organisation.
bool AgencyOfficerMay(Action a) {
  return a == Action::kManageProgramme || a == Action::kDecideRequest;
}

}  // namespace

bool SameScope(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string OperatorName() {
  for (const char* var : {"USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return v;
  }
  return "operator";
}

std::string_view ActionCode(Action a) {
  switch (a) {
    case Action::kReadUnpublished:
      return "read-unpublished";
    case Action::kCreateCity:
      return "create-city";
    case Action::kUpdateCity:
      return "update-city";
    case Action::kManageMembers:
      return "manage-members";
    case Action::kManageUsers:
      return "manage-users";
    case Action::kReadAudit:
      return "read-audit";
    case Action::kUploadMonitoring:
      return "upload-monitoring";
    case Action::kEnterValue:
      return "enter-value";
    case Action::kSubmitValue:
      return "submit-value";
    case Action::kEndorseValue:
      return "endorse-value";
    case Action::kPublishValue:
      return "publish-value";
    case Action::kWriteTarget:
      return "write-target";
    case Action::kManageCatalogue:
      return "manage-catalogue";
    case Action::kRunScheme:
      return "run-scheme";
    case Action::kWriteReport:  // reports
      return "write-report";
    // assistance and events
    case Action::kWriteRequest:
      return "write-request";
    case Action::kEndorseRequest:
      return "endorse-request";
    case Action::kForwardRequest:
      return "forward-request";
    case Action::kManageProgramme:
      return "manage-programme";
    case Action::kDecideRequest:
      return "decide-request";
    case Action::kManageEvents:
      return "manage-events";
    // pilots
    case Action::kManagePilots:
      return "manage-pilots";
    case Action::kRatePilotCandidate:
      return "rate-pilot-candidate";
    case Action::kWritePilotReport:
      return "write-pilot-report";
    // practices
    case Action::kWritePractice:
      return "write-practice";
    case Action::kReviewPractice:
      return "review-practice";
    case Action::kPublishPractice:
      return "publish-practice";
  }
  return "unknown";
}

bool Can(const Principal& who, Action action, const Resource& what) {
  switch (who.kind) {
    case Principal::Kind::kOperator:
      return true;
    case Principal::Kind::kAnonymous:
      return false;
    case Principal::Kind::kUser:
      break;
  }
  switch (who.role) {
    case Role::kSecretariat:
      return true;
    case Role::kNationalCoordinator:
      return NationalCoordinatorMay(action) && SameScope(who.scope, what.country_code);
    case Role::kCityOfficer:
      return CityOfficerMay(action) && SameScope(who.scope, what.city_code);
    case Role::kAgencyOfficer:  // assistance
      return AgencyOfficerMay(action) && SameScope(who.scope, what.organisation_code);
    case Role::kExpert:  // pilots: experts are the call's assessors; practices: reviewers
      return action == Action::kRatePilotCandidate || action == Action::kReviewPractice;
    case Role::kPublic:
      return false;
  }
  return false;
}

Status Require(const Principal& who, Action action, const Resource& what) {
  if (Can(who, action, what)) return OkStatus();
  if (!who.signed_in()) {
    return Unauthenticated(fmt::format("sign in to {}", ActionCode(action)));
  }
  std::string on;
  if (!what.city_code.empty()) {
    on = fmt::format(" on city '{}'", what.city_code);
  } else if (!what.country_code.empty()) {
    on = fmt::format(" on country '{}'", what.country_code);
  } else if (!what.organisation_code.empty()) {  // assistance
    on = fmt::format(" for organisation '{}'", what.organisation_code);
  }
  std::string role(RoleCode(who.role));
  if (!who.scope.empty()) role += " of " + who.scope;
  return PermissionDenied(
      fmt::format("{} ({}) may not {}{}", who.email, role, ActionCode(action), on));
}

}  // namespace kinet
