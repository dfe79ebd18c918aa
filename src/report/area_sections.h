// The sections of the reports that other areas' services fill: problems
// (problem_service.h), achievements and practices (practice_service.h),
// challenges and requests for assistance (assistance_service.h) and pilots
// (pilot_service.h). Internal to report_service.cc.
#pragma once

#include "core/status.h"
#include "report/report_model.h"
#include "service/permissions.h"
#include "store/database.h"

namespace kinet {

// Appends the problems, practices, requests and pilots tables of the city
// to report.sections, in that order, as `who` may see them.
Status AddAreaSections(Database& db, const Principal& who, CityReport& report);

// Fills the practices/requests/pilots counts of every city of `report` and
// report.count_keys (the counts this build has).
Status AddAreaCounts(Database& db, const Principal& who, NetworkReport& report);

}  // namespace kinet
