// Use cases of assistance programmes and requests (issue 6; docs/assistance.md):
// agencies register programmes; a city files a request, its national
// coordinator endorses it, the secretariat forwards it to eligible
// programmes, each programme's agency accepts or declines, and an accepting
// agency starts it and completes it with the outcome. Every step is checked
// against the state machine and the permissions (service/permissions.h),
// recorded in the request's history and in the audit log, and notifies the
// parties in the app (service/notification_service.h), all in one
// transaction.
//
// Shared by the CLI (`kinet programme`, `kinet request`) and the HTTP API
// (src/http/assistance_routes.cc). Thread-safe like the Database it holds.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/assistance.h"
#include "core/result.h"
#include "service/permissions.h"
#include "store/assistance_repository.h"
#include "store/database.h"

namespace kinet {

// Why a programme cannot take a request up: one per failed criterion.
struct IneligibilityReason {
  std::string criterion;  // "country", "size-class", "theme", "type", "budget", "period"
  std::string message;    // a sentence with both sides' values
};

struct ProgrammeMatch {
  Programme programme;
  std::vector<IneligibilityReason> reasons;  // empty: eligible
  bool eligible() const { return reasons.empty(); }
};

struct ProgrammeMatches {
  RequestId request_id;
  std::string reference_date;         // the date programme periods were checked against
  std::vector<ProgrammeMatch> items;  // eligible first, then by agency and code
};

// The facts about the requesting city that matching needs.
struct MatchCity {
  std::string country_code;
  std::optional<std::string> size_class;  // engine/city_size.h code; nullopt when unknown
};

// The date a request's programmes are checked against: its wanted start, or
// the day it was created ("YYYY-MM-DD").
std::string MatchReferenceDate(const AssistanceRequest& r);

// Checks `programme` against the request, criterion by criterion (country,
// size class, theme, type, budget, period; docs/assistance.md "Matching").
// An empty list in the programme accepts anything; a request without a
// budget passes the budget criterion. Pure; no database.
std::vector<IneligibilityReason> CheckEligibility(const Programme& programme,
                                                  const AssistanceRequest& request,
                                                  const MatchCity& city,
                                                  std::string_view reference_date);

// Which programmes ListProgrammes returns; unset members do not filter.
struct ProgrammeFilter {
  std::optional<std::string> agency_code;
  std::optional<AssistanceType> type;
  std::optional<std::string> theme;
};

// One lifecycle step asked for (docs/assistance.md "Lifecycle").
struct RequestTransition {
  RequestAction action = RequestAction::kSubmit;
  std::string comment;
  std::vector<std::string> programmes;    // forward
  std::string programme;                  // accept, decline
  std::optional<RequestOutcome> outcome;  // complete (help_delivered required)
  // When the step was taken, "YYYY-MM-DDTHH:MM:SSZ"; empty: now. Only
  // loaders replaying a past history set it (the sample's requests of
  // 2001-2002, LoadSampleAssistance); the API and CLI never do.
  std::string at;
};

class AssistanceService {
 public:
  // `db` must outlive the service and be migrated (OpenAndMigrate).
  explicit AssistanceService(Database& db) : db_(db) {}

  // ---- programmes (public reads) ----
  Result<std::vector<Programme>> ListProgrammes(const ProgrammeFilter& filter = {});
  // NotFound for an unknown code.
  Result<Programme> FindProgramme(std::string_view code);
  // Registers a programme: kManageProgramme on its agency (the agency's
  // officers, the secretariat). InvalidArgument naming the field for a bad
  // code, missing title or types, unknown theme, country or size class,
  // negative or inverted budget range, or a bad date; AlreadyExists when the
  // code is taken.
  Result<Programme> CreateProgramme(const Principal& who, const Programme& programme);
  // Replaces a programme's fields: kManageProgramme on its current agency
  // and on the new one. NotFound for an unknown code.
  Result<Programme> UpdateProgramme(const Principal& who, const Programme& programme);

  // ---- requests ----
  // Requests matching `query`, newest first. Drafts are left out unless `who`
  // may read the city's unpublished data (kReadUnpublished). NotFound for an
  // unknown city.
  Result<std::vector<AssistanceRequest>> ListRequests(const Principal& who,
                                                      const RequestQuery& query = {});
  // One request whole. A draft needs kReadUnpublished on its city
  // (Unauthenticated / PermissionDenied otherwise). NotFound for an unknown id.
  Result<AssistanceRequest> GetRequest(const Principal& who, RequestId id);
  // Files a draft request of request.city_code: kWriteRequest on the city.
  // InvalidArgument naming the field (city, title, theme, budget,
  // co_funding, wanted_start). Returns the stored request.
  Result<AssistanceRequest> CreateRequest(const Principal& who, const AssistanceRequest& request);
  // Replaces the editable fields of draft `request.id` (the city stays):
  // kWriteRequest on the city; Conflict when it is not a draft.
  Result<AssistanceRequest> UpdateRequest(const Principal& who, const AssistanceRequest& request);
  // Moves request `id` one step. Errors: Unauthenticated / PermissionDenied
  // when `who` may not take that step (see docs/assistance.md for who may);
  // Conflict when the request's status does not allow the step, when a
  // programme already answered, or when forwarding to a programme that is
  // not eligible (the message names the reasons); InvalidArgument for a
  // missing comment (return), programme (accept/decline), programmes
  // (forward) or outcome (complete); NotFound for an unknown request or
  // programme. Returns the request after the step.
  Result<AssistanceRequest> Transition(const Principal& who, RequestId id,
                                       const RequestTransition& step);
  // Every programme checked against request `id` (readable by `who` as in
  // GetRequest), eligible ones first.
  Result<ProgrammeMatches> Match(const Principal& who, RequestId id);

 private:
  Database& db_;
};

// The sample programmes and requests (data/sample/programmes.csv,
// requests.csv, compiled in; layouts in data/sample/README.md). Programmes
// are stored as the operator "sample-loader"; each request is filed and
// moved through the steps of its `steps` column by the sample users who
// hold the roles (the city's officer, the national coordinator, the
// secretariat, the agency's officer; the operator where the sample has no
// such user), so its history, audit rows and notifications are those the
// product would have made. Needs the sample network loaded. Returns the
// number of programmes and requests stored; errors name file, line, column.
struct AssistanceSampleSummary {
  int programmes = 0;
  int requests = 0;
};
Result<AssistanceSampleSummary> LoadSampleAssistance(Database& db);

}  // namespace kinet
