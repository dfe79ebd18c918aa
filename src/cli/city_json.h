// JSON and text renderings of cities and memberships for `kinet city` and
// `kinet member` (and, later, the same shapes in the HTTP API).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "service/network_service.h"

namespace kinet {

nlohmann::json CityProfileJson(const CityProfile& p);
// The multi-line "key: value" description printed by `kinet city show`.
std::string CityProfileText(const CityProfile& p);
// "Megacity (超大城市)", or "unknown (<why>)".
std::string SizeClassText(const CityProfile& p);

}  // namespace kinet
