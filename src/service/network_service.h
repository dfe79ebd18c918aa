// Use cases of the network registry: cities, their size classes and their
// membership of the network. Shared by the CLI and (later) the HTTP API.
//
// Validation that needs more than the schema lives here: slugs, coordinates,
// IANA time zones, population measures and the city-size class derived from
// the country's classification scheme. Permission checks join this layer
// with the web server (accounts issue).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.h"
#include "core/result.h"
#include "engine/city_size.h"
#include "service/permissions.h"
#include "store/database.h"

namespace kinet {

// A city with everything a city page shows about its identity.
struct CityProfile {
  City city;
  Country country;
  // The size class under the country's scheme; nullopt when the population
  // is unknown or is not the measure the scheme is defined on.
  std::optional<CitySizeClass> size_class;
  std::optional<Member> membership;  // nullopt for a city that is not a member
};

// Which cities ListCities(CityQuery) returns. Unset members do not filter.
struct CityQuery {
  std::optional<std::string> country_code;  // ISO code, case-insensitive
  std::optional<bool> member;               // members only / non-members only
  std::string text;  // substring of the code, English or local name (ASCII case-insensitive)
};

// Checks a city before it is stored: a lower-case slug code
// ([a-z0-9-], 2..64 chars), both names present, latitude in [-90, 90],
// longitude in [-180, 180], a time zone known to the system tzdata, a
// positive population with year and kind, a non-negative area. Returns
// InvalidArgument naming the field.
Status ValidateCity(const City& city);

class NetworkService {
 public:
  // `db` must outlive the service and be migrated (OpenAndMigrate).
  explicit NetworkService(Database& db) : db_(db) {}

  // All countries, ordered by code.
  Result<std::vector<Country>> ListCountries();
  // All organisations, ordered by code.
  Result<std::vector<Organisation>> ListOrganisations();

  // Cities of one country (ISO code, case-insensitive) or of all, with their
  // profiles, ordered by country then English name. NotFound for an
  // unknown country.
  Result<std::vector<CityProfile>> ListCities(std::optional<std::string> country_code = {});

  // The city whose code, English or local name is `key` (case-insensitive).
  // NotFound when none; InvalidArgument listing the candidates' codes when a
  // name matches several cities.
  Result<CityProfile> FindCity(std::string_view key);

  // The cities matching `query`, ordered as ListCities. NotFound (field
  // "country") for an unknown country.
  Result<std::vector<CityProfile>> ListCities(const CityQuery& query);

  // Validates and stores a new city; returns its profile. AlreadyExists for
  // a taken code; InvalidArgument (field "country_code") for an unknown country.
  // The console operator's change (Principal::Operator), audited.
  Result<CityProfile> AddCity(const City& city);
  // The same on behalf of `who` (Action::kCreateCity), with an audit row.
  Result<CityProfile> AddCity(const Principal& who, const City& city);

  // The city named by `key` (as FindCity) when `who` may do `action` on it
  // (Require of permissions.h with the city and its country); for use cases
  // of other services that act on one city (a monitoring upload).
  Result<CityProfile> AuthorizeCity(const Principal& who, Action action, std::string_view key);

  // Replaces the profile of the city with code `code` by `city` (whose code
  // and country must be empty or unchanged: InvalidArgument "code" /
  // "country_code" otherwise) on behalf of `who` (Action::kUpdateCity on that
  // city), with one audit row per changed field. NotFound for an unknown city.
  Result<CityProfile> UpdateCity(const Principal& who, std::string_view code, const City& city);

  // Member cities (optionally with one status) with their profiles, ordered
  // by city code.
  Result<std::vector<CityProfile>> ListMembers(std::optional<MemberStatus> status = {});

  // The member city named by `key` (as FindCity). NotFound when the city is
  // not a member.
  Result<CityProfile> FindMember(std::string_view key);

 private:
  Result<CityProfile> Profile(Executor& ex, City city);
  // The profiles of many cities in three queries (countries, memberships and
  // the cities given), not three per city: list endpoints serve every city.
  Result<std::vector<CityProfile>> Profiles(Executor& ex, std::vector<City> cities);
  Database& db_;
};

}  // namespace kinet
