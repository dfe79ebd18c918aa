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

// City and network reports (HTML/PDF), report narratives, table exports
// (report_routes.cc).
std::span<const Route> ReportRoutes();

}  // namespace kinet
