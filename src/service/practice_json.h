// JSON shapes of practices (docs/api.md "Best practices"), shared by the
// HTTP API (http/practice_routes.cc) and `kinet practice ... --format json`
// so both print the same document. Decoders never throw: a wrong type or a
// missing required key is InvalidArgument naming the key.
#pragma once

#include <nlohmann/json.hpp>

#include "core/practice.h"
#include "core/result.h"
#include "engine/evidence.h"
#include "service/practice_service.h"

namespace kinet {

nlohmann::json ToJson(const PracticeSummary& summary);  // the Practice shape
nlohmann::json ToJson(const PracticeReview& review);
nlohmann::json ToJson(const PracticeAdoption& adoption);
nlohmann::json ToJson(const PracticeFacets& facets);
nlohmann::json ToJson(const Evidence& evidence);
nlohmann::json ToJson(const ResultEvidence& evidence);
nlohmann::json ToJson(const PracticeEvidence& evidence);
nlohmann::json ToJson(const PracticeAnalysis& analysis);
nlohmann::json ToJson(const PracticeTaxonomy& taxonomy);
nlohmann::json ToJson(const PracticeImportSummary& summary);

// A Practice from a PracticeInput body. Absent optional keys stay empty.
// InvalidArgument (field = the key, e.g. "results[0].before") for a wrong
// type or a missing required key (code, city_code, title_en, start_year).
Result<Practice> PracticeFromJson(const nlohmann::json& body);

// A PracticeAdoption from {"city_code","year","note","data_status"}.
Result<PracticeAdoption> PracticeAdoptionFromJson(const nlohmann::json& body);

}  // namespace kinet
