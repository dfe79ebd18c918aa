// JSON shapes of problems and matches (docs/api.md "Problems and matching",
// src/http/openapi/matching.json), shared by the HTTP API
// (http/match_routes.cc) and `kinet problems|match --format json`, so both
// print the same document. A missing number is null.
#pragma once

#include <nlohmann/json.hpp>

#include "service/match_service.h"
#include "service/problem_service.h"

namespace kinet {

nlohmann::json ToJson(const Problem& problem);  // the Problem shape
// {"city","city_name_en","city_name_local","year","published_only",
//  "counts":{"high","medium","low"},"notes", and "problems": [Problem]}.
nlohmann::json ToJson(const ProblemProfile& profile);
// The Matches shape.
nlohmann::json ToJson(const MatchReport& report);
// The configuration in effect (the "config" key of Matches).
nlohmann::json ToJson(const MatchingConfig& config);

}  // namespace kinet
