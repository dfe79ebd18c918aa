// Storage of the narrative of the annual city report (migration 0010): what
// the city officer writes for a city, year and language (summary,
// achievements, challenges, needs), with a draft/published status. The rest
// of a report is generated from the data (src/report/report_service.h).
//
// Usage facts: one row per city, year and language, a few kilobytes of text,
// read whole each time a report is rendered.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/database.h"

namespace kinet {

struct CityNarrative {
  std::string city_code;
  int year = 0;
  std::string lang;  // "en" or "zh"
  std::string summary;
  std::string achievements;
  std::string challenges;
  std::string needs;
  std::string status = "draft";  // "draft" or "published"
  std::string updated_by;        // filled by reads
  std::string updated_at;        // filled by reads: "YYYY-MM-DDTHH:MM:SSZ"
};

class ReportRepository {
 public:
  explicit ReportRepository(Executor& db) : db_(db) {}

  // The narrative of `city_code`, `year` and `lang`, or nullopt when none
  // was written.
  Result<std::optional<CityNarrative>> FindNarrative(std::string_view city_code, int year,
                                                     std::string_view lang);

  // Creates or replaces the narrative of (city, year, lang), recording
  // `actor` and one audit row (entity 'city_report', id "city/year/lang")
  // per changed field. Call inside Database::Transact. InvalidArgument (field
  // "city") for an unknown city, ("lang"/"status"/"year") for a value the
  // schema refuses. Returns the narrative as stored.
  Result<CityNarrative> UpsertNarrative(const CityNarrative& narrative, std::string_view actor);

 private:
  Executor& db_;
};

}  // namespace kinet
