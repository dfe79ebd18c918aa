// The route table of /api/v1 is assembled from one part per area
// (route_table.cc), so that each area's handlers live in their own file:
// api_routes.cc (health, auth, network, air, users, audit) and one
// `<area>_routes.cc` per later capability. Each part's operations are
// documented in its OpenAPI fragment (src/http/openapi/<area>.json), merged
// into /api/v1/openapi.json by openapi.cc.
#pragma once

#include <span>

#include "http/api.h"

namespace kinet {

// Health, documents, auth, countries, cities, members, organisations, air,
// monitoring uploads, users, audit (api_routes.cc).
std::span<const Route> CoreRoutes();

// Indicators, values (CSV download, uploads), targets, schemes and scores,
// stations (indicator_routes.cc).
std::span<const Route> IndicatorRoutes();

// Pilot calls, ratings, rankings, projects and progress reports (pilot_routes.cc).
std::span<const Route> PilotRoutes();

// City and network reports (HTML/PDF), report narratives, table exports
// (report_routes.cc).
std::span<const Route> ReportRoutes();

// Best practices: list/search with facets, workflow, reviews, evidence,
// adoptions, analysis, taxonomy (practice_routes.cc).
std::span<const Route> PracticeRoutes();

// A city's problem profile, one problem by code, and matches: practices,
// mentor cities, peer cities (match_routes.cc).
std::span<const Route> MatchRoutes();

// Assistance programmes, requests and their lifecycle, programme matching,
// notifications (assistance_routes.cc).
std::span<const Route> AssistanceRoutes();

// Events with sessions, participants, decisions and follow-up actions
// (event_routes.cc).
std::span<const Route> EventRoutes();

}  // namespace kinet
