// Who may do what: the one place where KINet decides permissions
// (DESIGN.md §1 roles, §8 security; docs/api.md "Roles").
//
// Every service call that reads unpublished data or changes anything takes a
// Principal (the signed-in user, the anonymous public, or the operator at the
// console) and asks Can()/Require() here, before touching the store. HTTP
// handlers never decide; they only pass the principal the request resolved
// to. The policy is a pure function of (principal, action, resource), so it
// is tested as a full matrix (permissions_test.cc) without a database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/network.h"
#include "core/status.h"

namespace kinet {

// The caller of a service.
struct Principal {
  enum class Kind : std::uint8_t {
    kAnonymous,  // the public: published data only
    kUser,       // a signed-in user (session or API token)
    kOperator,   // the `kinet` command at the console: whoever can open the
                 // database file or URL already has every right
  };
  Kind kind = Kind::kAnonymous;
  std::string email;  // kUser: the user's e-mail; kOperator: "cli:<login name>"
  Role role = Role::kPublic;
  std::string scope;  // country, city or organisation code (RoleNeedsScope)

  static Principal Anonymous() { return {}; }
  static Principal ForUser(const User& user) {
    return {Kind::kUser, user.email, user.role, user.scope};
  }
  // `name` is the operator's login name (for the audit log).
  static Principal Operator(std::string_view name) {
    return {Kind::kOperator, "cli:" + std::string(name), Role::kSecretariat, ""};
  }
  bool signed_in() const { return kind != Kind::kAnonymous; }
  // Who the audit log names: the e-mail, "cli:<name>" or "anonymous".
  std::string actor() const { return kind == Kind::kAnonymous ? "anonymous" : email; }
};

// The operator's login name from $USER or $LOGNAME, or "operator".
std::string OperatorName();

// What a principal wants to do. Reads of published data need no check.
enum class Action : std::uint8_t {
  kReadUnpublished,   // a city's draft/submitted/endorsed data
  kCreateCity,        // register a city
  kUpdateCity,        // change a city's profile
  kManageMembers,     // membership of the network
  kManageUsers,       // list and create users, tokens
  kReadAudit,         // the audit log
  kUploadMonitoring,  // import hourly monitoring data of a city
  kEnterValue,        // enter or correct an indicator value (draft)
  kSubmitValue,       // draft → submitted, or back to draft
  kEndorseValue,      // submitted → endorsed (the national coordinator's act)
  kPublishValue,      // endorsed → published
  kWriteTarget,       // a city's targets
  kManageCatalogue,   // indicators and schemes
  kRunScheme,         // compute a scheme's scores for a country
  // reports (issue 7, src/report/)
  kWriteReport,  // a city's annual report narrative (summary, achievements, challenges, needs)
  // assistance (issue 6, docs/assistance.md) and events (issue 7, docs/events.md)
  kWriteRequest,     // file, edit, submit, withdraw a city's assistance request (city officer)
  kEndorseRequest,   // endorse or return a submitted request (national coordinator)
  kForwardRequest,   // forward an endorsed request to programmes (secretariat)
  kManageProgramme,  // an agency's programmes (agency officer of that organisation)
  kDecideRequest,    // accept/decline/start/complete for a programme (its agency's officer)
  kManageEvents,     // record events and their follow-up (secretariat)
  // pilots (issue 7, docs/pilots.md)
  kManagePilots,        // calls, projects, approving/returning progress reports (secretariat)
  kRatePilotCandidate,  // an assessor's rating of a call's candidate (secretariat, expert)
  kWritePilotReport,    // a pilot's progress reports: draft, submit (city officer, national
                        // coordinator)
  // practices (issue 6, docs/practices.md)
  kWritePractice,   // create, edit (drafts), submit a city's practice; record an adoption by a city
  kReviewPractice,  // review a submitted practice with comments (secretariat, expert; any city)
  kPublishPractice,  // publish, withdraw, import practice files (secretariat)
};
// "read-unpublished", "create-city", ... (for messages and the test matrix).
std::string_view ActionCode(Action a);

// What the action is on. Empty fields mean "not about a particular one"
// (e.g. kManageUsers). A city resource names its country too: the national
// coordinator's scope is a country.
struct Resource {
  std::string country_code;
  std::string city_code;
  std::string organisation_code;  // assistance: the agency whose programme it is about
  static Resource None() { return {}; }
  static Resource City(std::string_view country, std::string_view city) {
    return {std::string(country), std::string(city), ""};
  }
  static Resource Country(std::string_view country) { return {std::string(country), "", ""}; }
  static Resource ForOrganisation(std::string_view organisation) {
    return {"", "", std::string(organisation)};
  }
};

// True when `who` may do `action` on `what`:
//   operator, secretariat     everything
//   national-coordinator (C)  on country C's cities: kReadUnpublished, kUpdateCity,
//                             kEndorseValue, kWriteTarget, kRunScheme, kEndorseRequest,
//                             kWritePilotReport, kWritePractice
//   city-officer (X)          on city X: kReadUnpublished, kUpdateCity, kUploadMonitoring,
//                             kEnterValue, kSubmitValue, kWriteTarget, kWriteReport,
//                             kWriteRequest, kWritePilotReport, kWritePractice
//   agency-officer (O)        on organisation O: kManageProgramme, kDecideRequest
//   expert                    kRatePilotCandidate, kReviewPractice (any call or city)
//   public, anonymous         nothing (published data only)
// Scopes compare ignoring ASCII case. A scoped role with an empty scope may
// do nothing scoped.
bool Can(const Principal& who, Action action, const Resource& what);

// True when two scope codes (country, city, organisation codes, e-mails) are
// equal ignoring ASCII case; an empty code equals nothing.
bool SameScope(std::string_view a, std::string_view b);

// OK when Can(); otherwise Unauthenticated for the anonymous public ("sign in
// to ...") and PermissionDenied naming the role and the resource for a user.
Status Require(const Principal& who, Action action, const Resource& what);

}  // namespace kinet
