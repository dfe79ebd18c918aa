// The JSON shapes of programmes, requests, matches and notifications
// (docs/api.md "Assistance programmes, requests and notifications";
// src/http/openapi/assistance.json), shared by the API
// (src/http/assistance_routes.cc) and `kinet programme|request|notification
// --format json`. Decoders never throw: a wrong type or a missing required
// key is InvalidArgument naming the key.
#pragma once

#include <nlohmann/json.hpp>

#include "core/assistance.h"
#include "core/result.h"
#include "service/assistance_service.h"
#include "store/assistance_repository.h"

namespace kinet {

nlohmann::json ToJson(const Programme& p);
nlohmann::json ToJson(const AssistanceRequest& r);
nlohmann::json ToJson(const ProgrammeMatches& m);
nlohmann::json ToJson(const Notification& n);

// A Programme from a ProgrammeInput body (code, agency, title, types required).
Result<Programme> ProgrammeFromJson(const nlohmann::json& body);
// An AssistanceRequest from a RequestInput body (city, title, type, theme
// required; the city is ignored by updates).
Result<AssistanceRequest> RequestFromJson(const nlohmann::json& body);
// A RequestTransition from {"action", "comment", "programmes", "programme",
// "outcome": {"help_delivered", "funds", "pilot_id", "note"}}.
Result<RequestTransition> TransitionFromJson(const nlohmann::json& body);

}  // namespace kinet
