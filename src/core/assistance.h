// Assistance programmes and the assistance requests cities file to them
// (issue 6, "Assistance requests and programmes"; DESIGN.md §2.4). The seed
// (2001 Beijing seminar) promises that the network lets "requests from
// developing country cities ... be liaised to relevant institutions and taken
// up by their assistance programmes, such as expert support, technical
// cooperation, joint research and/or advisory mission"; finance and training
// are the other two needs the seminar named ("mobilization of financial
// resources", "personnel training").
//
// Plain values shared by the store (store/assistance_repository.h), the
// lifecycle rules (service/assistance_service.h), the CLI and the API.
// Usage facts: a handful of agencies with a few programmes each; a city files
// a few requests a year, each forwarded to one to three programmes, with a
// history of ten or so steps; requests are read whole.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/network.h"

namespace kinet {

using ProgrammeId = Id<struct ProgrammeTag>;
using RequestId = Id<struct RequestTag>;

enum class AssistanceType : std::uint8_t {
  kExpertSupport,
  kTechnicalCooperation,
  kJointResearch,
  kAdvisoryMission,
  kFinance,
  kTraining,
};
// "expert-support", "technical-cooperation", "joint-research",
// "advisory-mission", "finance", "training".
std::string_view AssistanceTypeCode(AssistanceType t);
std::optional<AssistanceType> ParseAssistanceType(std::string_view code);
std::span<const AssistanceType> AllAssistanceTypes();

// The themes a programme covers and a request is about: the problem areas of
// issue 6 ("air, water, waste, noise, green space, energy, management, public
// participation, financing, training").
std::span<const std::string_view> AssistanceThemes();
bool IsAssistanceTheme(std::string_view code);

// An agency's programme. Empty countries / size_classes mean "any".
struct Programme {
  ProgrammeId id;
  std::string code;         // slug, unique: "adb-urban-env-ta"
  std::string agency_code;  // an organisation of the registry
  std::string agency_name;  // filled by reads
  std::string title;
  std::string description;
  std::vector<AssistanceType> types;      // at least one
  std::vector<std::string> themes;        // AssistanceThemes() codes
  std::vector<std::string> countries;     // ISO 3166-1 alpha-2
  std::vector<std::string> size_classes;  // engine/city_size.h codes: "cn-medium", "un-1m-5m"
  std::optional<double> budget_min;       // USD
  std::optional<double> budget_max;       // USD
  std::string open_from;                  // "YYYY-MM-DD" or "" (no start)
  std::string open_until;                 // "YYYY-MM-DD" or "" (no end)
  DataStatus data_status = DataStatus::kIllustrative;
  std::string note;
  std::string updated_by;
  std::string updated_at;
};

// The lifecycle of a request (docs/assistance.md):
//   draft → submitted → endorsed → forwarded → accepted | declined
//   accepted → in-progress → completed;  submitted → draft (returned)
//   draft | submitted | endorsed | forwarded → withdrawn
enum class RequestStatus : std::uint8_t {
  kDraft,
  kSubmitted,
  kEndorsed,
  kForwarded,
  kAccepted,
  kDeclined,
  kInProgress,
  kCompleted,
  kWithdrawn,
};
// "draft", "submitted", "endorsed", "forwarded", "accepted", "declined",
// "in-progress", "completed", "withdrawn".
std::string_view RequestStatusCode(RequestStatus s);
std::optional<RequestStatus> ParseRequestStatus(std::string_view code);

// The steps a request can take; each is one row of its history.
enum class RequestAction : std::uint8_t {
  kCreate,
  kEdit,
  kSubmit,    // draft → submitted (city officer)
  kReturn,    // submitted → draft (national coordinator, with a comment)
  kEndorse,   // submitted → endorsed (national coordinator)
  kForward,   // endorsed → forwarded to eligible programmes (secretariat)
  kAccept,    // a programme's agency takes it up (forwarded|accepted|declined → accepted)
  kDecline,   // a programme's agency declines (→ declined when every programme declined)
  kStart,     // accepted → in-progress (an accepting agency)
  kComplete,  // in-progress → completed with the outcome (an accepting agency)
  kWithdraw,  // draft|submitted|endorsed|forwarded → withdrawn (city officer)
};
// "create", "edit", "submit", "return", "endorse", "forward", "accept",
// "decline", "start", "complete", "withdraw".
std::string_view RequestActionCode(RequestAction a);
std::optional<RequestAction> ParseRequestAction(std::string_view code);

// What a programme's agency answered to a forwarded request.
enum class ProgrammeDecision : std::uint8_t { kForwarded, kAccepted, kDeclined };
// "forwarded" (no answer yet), "accepted", "declined".
std::string_view ProgrammeDecisionCode(ProgrammeDecision d);
std::optional<ProgrammeDecision> ParseProgrammeDecision(std::string_view code);

struct RequestProgramme {
  std::string programme_code;
  std::string agency_code;
  ProgrammeDecision decision = ProgrammeDecision::kForwarded;
  std::string comment;
  std::string decided_by;  // "" while forwarded
  std::string decided_at;  // "" while forwarded
};

// What the help achieved, recorded at completion.
struct RequestOutcome {
  std::string help_delivered;
  std::optional<double> funds;           // USD
  std::optional<std::int64_t> pilot_id;  // the resulting pilot project (pilots issue)
  std::string note;
};

// One step of the history: who, when, what, from which status to which.
struct RequestStep {
  std::string at;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string actor;
  RequestAction action = RequestAction::kCreate;
  std::optional<RequestStatus> from;  // nullopt for create
  RequestStatus to = RequestStatus::kDraft;
  std::string programme_code;  // accept / decline; the list for forward
  std::string comment;
};

struct AssistanceRequest {
  RequestId id;
  std::string city_code;
  std::string country_code;  // filled by reads
  std::string title;
  std::string problem_code;    // a code of the city's problem profile (problems issue)
  std::string indicator_code;  // the indicator the problem is about, or ""
  AssistanceType type = AssistanceType::kExpertSupport;
  std::string theme;  // AssistanceThemes()
  std::string description;
  std::optional<double> budget;      // USD asked for
  std::optional<double> co_funding;  // USD the city contributes
  std::string wanted_start;          // "YYYY-MM-DD" or ""
  RequestStatus status = RequestStatus::kDraft;
  std::vector<RequestProgramme> programmes;  // forwarded to, in forwarding order
  std::optional<RequestOutcome> outcome;
  std::vector<RequestStep> history;  // oldest first
  DataStatus data_status = DataStatus::kReal;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

}  // namespace kinet
