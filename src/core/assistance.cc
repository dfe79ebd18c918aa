#include "core/assistance.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/code_table.h"

namespace kinet {
namespace {

constexpr std::array<std::pair<AssistanceType, std::string_view>, 6> kTypes = {{
    {AssistanceType::kExpertSupport, "expert-support"},
    {AssistanceType::kTechnicalCooperation, "technical-cooperation"},
    {AssistanceType::kJointResearch, "joint-research"},
    {AssistanceType::kAdvisoryMission, "advisory-mission"},
    {AssistanceType::kFinance, "finance"},
    {AssistanceType::kTraining, "training"},
}};

constexpr std::array<AssistanceType, 6> kAllTypes = {
    AssistanceType::kExpertSupport, AssistanceType::kTechnicalCooperation,
    AssistanceType::kJointResearch, AssistanceType::kAdvisoryMission,
    AssistanceType::kFinance,       AssistanceType::kTraining};

constexpr std::array<std::string_view, 10> kThemes = {
    "air",         "water",   "waste",      "noise",
    "green-space", "energy",  "management", "public-participation",
    "financing",   "training"};

constexpr std::array<std::pair<RequestStatus, std::string_view>, 9> kStatuses = {{
    {RequestStatus::kDraft, "draft"},
    {RequestStatus::kSubmitted, "submitted"},
    {RequestStatus::kEndorsed, "endorsed"},
    {RequestStatus::kForwarded, "forwarded"},
    {RequestStatus::kAccepted, "accepted"},
    {RequestStatus::kDeclined, "declined"},
    {RequestStatus::kInProgress, "in-progress"},
    {RequestStatus::kCompleted, "completed"},
    {RequestStatus::kWithdrawn, "withdrawn"},
}};

constexpr std::array<std::pair<RequestAction, std::string_view>, 11> kActions = {{
    {RequestAction::kCreate, "create"},
    {RequestAction::kEdit, "edit"},
    {RequestAction::kSubmit, "submit"},
    {RequestAction::kReturn, "return"},
    {RequestAction::kEndorse, "endorse"},
    {RequestAction::kForward, "forward"},
    {RequestAction::kAccept, "accept"},
    {RequestAction::kDecline, "decline"},
    {RequestAction::kStart, "start"},
    {RequestAction::kComplete, "complete"},
    {RequestAction::kWithdraw, "withdraw"},
}};

constexpr std::array<std::pair<ProgrammeDecision, std::string_view>, 3> kDecisions = {{
    {ProgrammeDecision::kForwarded, "forwarded"},
    {ProgrammeDecision::kAccepted, "accepted"},
    {ProgrammeDecision::kDeclined, "declined"},
}};

}  // namespace

std::string_view AssistanceTypeCode(AssistanceType t) { return CodeOf(kTypes, t); }
std::optional<AssistanceType> ParseAssistanceType(std::string_view code) {
  return ParseCode(kTypes, code);
}
std::span<const AssistanceType> AllAssistanceTypes() { return kAllTypes; }

std::span<const std::string_view> AssistanceThemes() { return kThemes; }
bool IsAssistanceTheme(std::string_view code) { return IsCodeIn(kThemes, code); }

std::string_view RequestStatusCode(RequestStatus s) { return CodeOf(kStatuses, s); }
std::optional<RequestStatus> ParseRequestStatus(std::string_view code) {
  return ParseCode(kStatuses, code);
}

std::string_view RequestActionCode(RequestAction a) { return CodeOf(kActions, a); }
std::optional<RequestAction> ParseRequestAction(std::string_view code) {
  return ParseCode(kActions, code);
}

std::string_view ProgrammeDecisionCode(ProgrammeDecision d) { return CodeOf(kDecisions, d); }
std::optional<ProgrammeDecision> ParseProgrammeDecision(std::string_view code) {
  return ParseCode(kDecisions, code);
}

}  // namespace kinet
