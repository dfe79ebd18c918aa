// JSON shapes of the API (docs/api.md "Shapes"): domain values to JSON, and
// request bodies to domain values. Decoders never throw: a wrong type or a
// missing required key is InvalidArgument naming the key.
#pragma once

#include <nlohmann/json.hpp>

#include "core/network.h"
#include "core/result.h"
#include "service/auth_service.h"
#include "service/monitoring_service.h"
#include "service/network_service.h"
#include "store/audit_repository.h"

namespace kinet {

nlohmann::json ToJson(const User& user);  // never includes the password hash
nlohmann::json ToJson(const Country& country);
nlohmann::json ToJson(const CityProfile& profile);
nlohmann::json ToJson(const Organisation& organisation);
nlohmann::json ToJson(const AuditEntry& entry);
nlohmann::json ToJson(const DailyAqiRow& row);
nlohmann::json ToJson(const CityAirAssessment& assessment);
nlohmann::json ToJson(const MonitoringImportSummary& summary);

// A City from a request body (the City shape's writable keys; "country_code"
// or "country" for the country). Absent optional keys stay empty.
Result<City> CityFromJson(const nlohmann::json& body);
// A NewUser from {"email","name","role","scope","organisation_code","password"}.
Result<NewUser> NewUserFromJson(const nlohmann::json& body);

// The string under `key`: nullopt when absent or null; InvalidArgument
// (field = key) when another type.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& body, const char* key);
// The string under `key`; InvalidArgument (field = key) when absent or not a string.
Result<std::string> RequiredString(const nlohmann::json& body, const char* key);

}  // namespace kinet
