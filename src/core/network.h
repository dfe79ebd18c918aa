// The network registry's domain types: countries, cities, member cities,
// organisations and users (DESIGN.md §2.4). Plain values; repositories in
// src/store/ persist them and services in src/service/ apply the rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/period.h"

namespace kinet {

// Whether a record's facts are published figures or made up for the demo.
enum class DataStatus : std::uint8_t { kReal, kIllustrative };
std::string_view DataStatusCode(DataStatus s);  // "real", "illustrative"
std::optional<DataStatus> ParseDataStatus(std::string_view s);

struct Country {
  CountryId id;
  std::string code;        // ISO 3166-1 alpha-2, e.g. "CN"
  std::string name_en;
  std::string name_local;
  std::string region;      // "East Asia", "South-East Asia", "South Asia", "Central Asia", "Pacific"
  std::string size_scheme; // city-size classification: "cn-2014" or "generic"
};

struct Population {
  std::int64_t persons = 0;
  int year = 0;
  std::string kind;    // "urban-resident" (China's 城区常住人口), "city-proper", "metro"
  std::string source;  // citation
};

struct City {
  CityId id;
  std::string code;  // slug, unique: "beijing", "ho-chi-minh-city"
  std::string country_code;
  std::string name_en;
  std::string name_local;
  std::string province_en;
  std::string province_local;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string time_zone;  // IANA name
  std::optional<Population> population;
  std::optional<double> area_km2;
  std::string area_source;
  DataStatus data_status = DataStatus::kIllustrative;
  std::string note;
};

// Participation modalities named in the 2001 Beijing seminar summary.
enum class Modality : std::uint8_t { kNetwork, kWorkshops, kPilot };
std::string_view ModalityCode(Modality m);  // "network", "workshops", "pilot"
std::optional<Modality> ParseModality(std::string_view s);

enum class MemberStatus : std::uint8_t { kActive, kSuspended, kWithdrawn };
std::string_view MemberStatusCode(MemberStatus s);  // "active", "suspended", "withdrawn"
std::optional<MemberStatus> ParseMemberStatus(std::string_view s);

struct Member {
  MemberId id;
  CityId city_id;
  std::string city_code;  // filled by reads, for display
  CivilDate joined;
  MemberStatus status = MemberStatus::kActive;
  std::vector<Modality> modalities;
  std::vector<std::string> benefits_accepted;     // "information-exchange", "assistance-liaison", ...
  std::vector<std::string> obligations_accepted;  // "report-situation", "joint-research"
  std::string note;
  DataStatus data_status = DataStatus::kIllustrative;
};

enum class OrganisationType : std::uint8_t {
  kSecretariat,
  kNationalCoordinator,
  kAgency,
  kInstitute,
  kCityGovernment,
  kNgo,
  kUnBody,
  kMinistry,
};
// "secretariat", "national-coordinator", "agency", "institute",
// "city-government", "ngo", "un-body", "ministry".
std::string_view OrganisationTypeCode(OrganisationType t);
std::optional<OrganisationType> ParseOrganisationType(std::string_view s);

struct Organisation {
  OrganisationId id;
  std::string code;  // slug: "iges", "adb"
  std::string acronym;
  std::string name_en;
  std::string name_local;
  OrganisationType type = OrganisationType::kInstitute;
  std::string country_code;  // empty for international bodies
  std::string note;
  DataStatus data_status = DataStatus::kIllustrative;
};

enum class Role : std::uint8_t {
  kSecretariat,
  kNationalCoordinator,  // scope: a country code
  kCityOfficer,          // scope: a city code
  kAgencyOfficer,        // scope: an organisation code
  kExpert,
  kPublic,
};
// "secretariat", "national-coordinator", "city-officer", "agency-officer", "expert", "public".
std::string_view RoleCode(Role r);
std::optional<Role> ParseRole(std::string_view s);
// True when the role needs a scope (country, city or organisation code).
bool RoleNeedsScope(Role r);

struct User {
  UserId id;
  std::string email;  // unique, stored lower-case
  std::string name;
  Role role = Role::kPublic;
  std::string scope;  // see Role
  std::string organisation_code;
  std::string password_hash;  // Argon2id (web server issue); empty = cannot sign in
  DataStatus data_status = DataStatus::kIllustrative;
};

}  // namespace kinet
