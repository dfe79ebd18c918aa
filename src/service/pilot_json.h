// JSON shapes of the pilot programme (docs/api.md "Pilot programme",
// src/http/openapi/pilots.json), shared by the HTTP routes
// (src/http/pilot_routes.cc), `kinet pilot ... --format json` and the files
// `kinet pilot call add --file` / `project add --file` read, and by the
// sample loader (data/sample/pilots.json). One codec, so the CLI and the API
// print exactly the same JSON.
//
// Decoders never throw: a wrong type, a missing required key or an unknown
// code is InvalidArgument whose field names the path ("criteria[2].weight").
#pragma once

#include <nlohmann/json.hpp>

#include "core/pilot.h"
#include "core/result.h"
#include "service/pilot_service.h"

namespace kinet {

nlohmann::json ToJson(const PilotCriterion& criterion);
// The call; `ratings` adds a "ratings" array when not null.
nlohmann::json ToJson(const PilotCall& call, const std::vector<PilotRating>* ratings = nullptr);
nlohmann::json ToJson(const PilotRating& rating);
nlohmann::json ToJson(const PilotRanking& ranking);
nlohmann::json ToJson(const PilotProject& project);
nlohmann::json ToJson(const PilotReport& report);
nlohmann::json ToJson(const PilotProjectView& view);
// {"indicator","direction","before":{"from","to"},"after":{...},"city_series":[{"year","value"}],
//  "comparison":[{"city","values":[...]}],"evidence": Evidence of service/practice_json.h}
nlohmann::json ToJson(const PilotOutcome& outcome);

// A call from the PilotCallInput shape (keys: title, title_zh, description, opens,
// closes, eligible_countries, candidates, criteria, missing_rule, data_status).
Result<PilotCall> PilotCallFromJson(const nlohmann::json& body);
// A project from the PilotProjectInput shape. Without a "status" key the
// project has `default_status`: planned for a new project, the current
// status for an update (so a correction need not repeat it).
Result<PilotProject> PilotProjectFromJson(const nlohmann::json& body,
                                          ProjectStatus default_status = ProjectStatus::kPlanned);
// A report's text fields (period, progress, problems, next_steps).
Result<PilotReport> PilotReportFromJson(const nlohmann::json& body);

// Parses `text` as a JSON object; InvalidArgument naming `source` and the
// position of the syntax error otherwise.
Result<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view source);

}  // namespace kinet
