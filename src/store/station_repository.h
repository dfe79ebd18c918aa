// Repository of monitoring stations (migration 0002_monitoring.sql).
//
// A thin, stateless view over an Executor& like the registry repositories
// (store/registry_repository.h): it works on a Database or inside a
// Database::Transact callback. Stations are keyed by their code, unique
// across the network; a network has a few thousand at most.
// Errors shared by every method: Unavailable and Internal from the Executor;
// Internal when a stored type or date cannot be parsed (a corrupt row).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/monitoring.h"
#include "core/result.h"
#include "store/database.h"

namespace kinet {

class StationRepository {
 public:
  explicit StationRepository(Executor& db) : db_(db) {}

  // Inserts the station, or replaces every field of the one with the same
  // code. Returns its id. InvalidArgument (field "code") when the code is
  // empty, (field "city_code") when the city is not registered.
  Result<StationId> Upsert(const Station& station);
  // The station with `code` (city_code filled); NotFound when there is none.
  Result<Station> FindByCode(std::string_view code);
  // All stations, or those of the city `city_code`, ordered by city code then
  // station code.
  Result<std::vector<Station>> List(std::optional<std::string_view> city_code = std::nullopt);

 private:
  Executor& db_;
};

}  // namespace kinet
