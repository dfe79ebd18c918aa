#include "service/network_service.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "core/time_zone.h"
#include "store/audit_repository.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsSlug(std::string_view s) {
  if (s.size() < 2 || s.size() > 64 || s.front() == '-' || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

Status ValidateCity(const City& city) {
  if (!IsSlug(city.code)) {
    return InvalidArgument(
        fmt::format("city code '{}' must be 2-64 characters of a-z, 0-9 and '-'", city.code),
        "code");
  }
  if (city.country_code.size() != 2) {
    return InvalidArgument(
        fmt::format("country '{}' is not an ISO 3166-1 alpha-2 code", city.country_code),
        "country_code");
  }
  if (city.name_en.empty()) return InvalidArgument("the English name is missing", "name_en");
  if (city.name_local.empty()) return InvalidArgument("the local name is missing", "name_local");
  if (city.lat && (*city.lat < -90 || *city.lat > 90)) {
    return InvalidArgument(fmt::format("latitude {} is outside -90..90", *city.lat), "lat");
  }
  if (city.lon && (*city.lon < -180 || *city.lon > 180)) {
    return InvalidArgument(fmt::format("longitude {} is outside -180..180", *city.lon), "lon");
  }
  if (city.lat.has_value() != city.lon.has_value()) {
    return InvalidArgument("give both latitude and longitude, or neither", "lat");
  }
  if (city.time_zone.empty()) return InvalidArgument("the time zone is missing", "time_zone");
  if (Result<TimeZone> tz = TimeZone::Locate(city.time_zone); !tz.ok()) {
    return InvalidArgument(tz.status().message(), "time_zone");
  }
  if (city.population) {
    const Population& p = *city.population;
    if (p.persons <= 0) return InvalidArgument("the population must be positive", "population");
    if (p.year < 1800 || p.year > 2200) {
      return InvalidArgument(fmt::format("population year {} is not plausible", p.year),
                             "population_year");
    }
    if (p.kind != "urban-resident" && p.kind != "city-proper" && p.kind != "metro") {
      return InvalidArgument(
          fmt::format("population kind '{}' must be urban-resident, city-proper or metro", p.kind),
          "population_kind");
    }
  }
  if (city.area_km2 && *city.area_km2 <= 0) {
    return InvalidArgument("the area must be positive", "area_km2");
  }
  return OkStatus();
}

Result<CityProfile> NetworkService::Profile(Executor& ex, City city) {
  CityProfile profile;
  KINET_ASSIGN_OR_RETURN(profile.country, CountryRepository(ex).FindByCode(city.country_code));
  if (city.population) {
    profile.size_class = ClassifyCitySize(profile.country.size_scheme, city.population->persons,
                                          city.population->kind);
  }
  Result<Member> member = MemberRepository(ex).FindByCityCode(city.code);
  if (member.ok()) {
    profile.membership = *std::move(member);
  } else if (member.status().code() != StatusCode::kNotFound) {
    return member.status();
  }
  profile.city = std::move(city);
  return profile;
}

Result<std::vector<CityProfile>> NetworkService::Profiles(Executor& ex, std::vector<City> cities) {
  KINET_ASSIGN_OR_RETURN(std::vector<Country> countries, CountryRepository(ex).List());
  std::map<std::string, Country, std::less<>> country_of;
  for (Country& c : countries) country_of.emplace(c.code, std::move(c));
  KINET_ASSIGN_OR_RETURN(std::vector<Member> members, MemberRepository(ex).List());
  std::map<std::string, Member, std::less<>> member_of;
  for (Member& m : members) member_of.emplace(m.city_code, std::move(m));
  std::vector<CityProfile> out;
  out.reserve(cities.size());
  for (City& city : cities) {
    CityProfile profile;
    auto country = country_of.find(city.country_code);
    if (country == country_of.end()) {
      return Internal(
          fmt::format("city '{}' names the unknown country '{}'", city.code, city.country_code));
    }
    profile.country = country->second;
    if (city.population) {
      profile.size_class = ClassifyCitySize(profile.country.size_scheme, city.population->persons,
                                            city.population->kind);
    }
    if (auto member = member_of.find(city.code); member != member_of.end()) {
      profile.membership = member->second;
    }
    profile.city = std::move(city);
    out.push_back(std::move(profile));
  }
  return out;
}

Result<std::vector<CityProfile>> NetworkService::ListCities(
    std::optional<std::string> country_code) {
  std::optional<std::string> upper;
  if (country_code) {
    upper = Upper(*country_code);
    KINET_RETURN_IF_ERROR(CountryRepository(db_).FindByCode(*upper).status());
  }
  std::optional<std::string_view> filter;
  if (upper) filter = *upper;
  KINET_ASSIGN_OR_RETURN(std::vector<City> cities, CityRepository(db_).List(filter));
  return Profiles(db_, std::move(cities));
}

Result<CityProfile> NetworkService::FindCity(std::string_view key) {
  CityRepository cities(db_);
  Result<City> by_code = cities.FindByCode(Lower(key));
  if (by_code.ok()) return Profile(db_, *std::move(by_code));
  if (by_code.status().code() != StatusCode::kNotFound) return by_code.status();
  KINET_ASSIGN_OR_RETURN(std::vector<City> by_name, cities.FindByName(key));
  if (by_name.empty()) {
    return NotFound(fmt::format("no city '{}' (try `kinet city list`)", key));
  }
  if (by_name.size() > 1) {
    std::string codes;
    for (const City& c : by_name) codes += (codes.empty() ? "" : ", ") + c.code;
    return InvalidArgument(
        fmt::format("'{}' names {} cities ({}); give the city code", key, by_name.size(), codes),
        "city");
  }
  return Profile(db_, std::move(by_name.front()));
}

Result<CityProfile> NetworkService::AddCity(const City& city) {
  return AddCity(Principal::Operator(OperatorName()), city);
}

Result<CityProfile> NetworkService::AddCity(const Principal& who, const City& city) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kCreateCity, Resource::None()));
  City normalised = city;
  normalised.country_code = Upper(city.country_code);
  KINET_RETURN_IF_ERROR(ValidateCity(normalised));
  Result<CityProfile> result = NotFound("unset");
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    Result<Country> country = CountryRepository(tx).FindByCode(normalised.country_code);
    if (!country.ok()) {
      if (country.status().code() == StatusCode::kNotFound) {
        return InvalidArgument(
            fmt::format("country '{}' is not registered", normalised.country_code), "country_code");
      }
      return country.status();
    }
    KINET_ASSIGN_OR_RETURN(normalised.id, CityRepository(tx).Insert(normalised));
    AuditEntry audit;
    audit.actor = who.actor();
    audit.action = "insert";
    audit.entity = "city";
    audit.entity_id = normalised.code;
    audit.new_value = normalised.name_en;
    KINET_RETURN_IF_ERROR(AuditRepository(tx).Record(audit));
    result = Profile(tx, normalised);
    return result.status();
  }));
  return result;
}

Result<std::vector<CityProfile>> NetworkService::ListMembers(std::optional<MemberStatus> status) {
  KINET_ASSIGN_OR_RETURN(std::vector<Member> members, MemberRepository(db_).List(status));
  KINET_ASSIGN_OR_RETURN(std::vector<City> all, CityRepository(db_).List());
  std::map<std::string, City, std::less<>> city_of;
  for (City& c : all) city_of.emplace(c.code, std::move(c));
  std::vector<City> cities;
  cities.reserve(members.size());
  for (const Member& m : members) {
    auto city = city_of.find(m.city_code);
    if (city == city_of.end()) {
      return Internal(fmt::format("member '{}' is not a registered city", m.city_code));
    }
    cities.push_back(city->second);  // in member (city code) order
  }
  return Profiles(db_, std::move(cities));
}

Result<CityProfile> NetworkService::FindMember(std::string_view key) {
  KINET_ASSIGN_OR_RETURN(CityProfile p, FindCity(key));
  if (!p.membership) {
    return NotFound(
        fmt::format("{} ({}) is not a member of the network", p.city.name_en, p.city.code));
  }
  return p;
}

namespace {

std::string Text(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : ""; }

// The audited fields of a city as text, in a fixed order.
std::vector<std::pair<std::string_view, std::string>> CityFields(const City& c) {
  const std::optional<Population>& p = c.population;
  return {
      {"name_en", c.name_en},
      {"name_local", c.name_local},
      {"province_en", c.province_en},
      {"province_local", c.province_local},
      {"lat", Text(c.lat)},
      {"lon", Text(c.lon)},
      {"time_zone", c.time_zone},
      {"population_persons", p ? std::to_string(p->persons) : ""},
      {"population_year", p ? std::to_string(p->year) : ""},
      {"population_kind", p ? p->kind : ""},
      {"population_source", p ? p->source : ""},
      {"area_km2", Text(c.area_km2)},
      {"area_source", c.area_source},
      {"data_status", std::string(DataStatusCode(c.data_status))},
      {"note", c.note},
  };
}

bool ContainsIgnoringCase(std::string_view haystack, std::string_view needle) {
  return Lower(haystack).find(Lower(needle)) != std::string::npos;
}

}  // namespace

Result<std::vector<CityProfile>> NetworkService::ListCities(const CityQuery& query) {
  Result<std::vector<CityProfile>> all = ListCities(query.country_code);
  if (!all.ok()) {
    if (all.status().code() == StatusCode::kNotFound) {
      return Status(StatusCode::kNotFound, all.status().message(), "country");
    }
    return all.status();
  }
  std::vector<CityProfile> out;
  for (CityProfile& p : *all) {
    if (query.member && p.membership.has_value() != *query.member) continue;
    if (!query.text.empty() && !ContainsIgnoringCase(p.city.code, query.text) &&
        !ContainsIgnoringCase(p.city.name_en, query.text) &&
        p.city.name_local.find(query.text) == std::string::npos) {
      continue;
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<Country>> NetworkService::ListCountries() {
  return CountryRepository(db_).List();
}

Result<std::vector<Organisation>> NetworkService::ListOrganisations() {
  return OrganisationRepository(db_).List();
}

Result<CityProfile> NetworkService::AuthorizeCity(const Principal& who, Action action,
                                                  std::string_view key) {
  KINET_ASSIGN_OR_RETURN(CityProfile p, FindCity(key));
  KINET_RETURN_IF_ERROR(Require(who, action, Resource::City(p.country.code, p.city.code)));
  return p;
}

Result<CityProfile> NetworkService::UpdateCity(const Principal& who, std::string_view code,
                                               const City& city) {
  Result<CityProfile> result = NotFound("unset");
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    Result<City> found = CityRepository(tx).FindByCode(Lower(code));
    if (!found.ok()) {
      if (found.status().code() == StatusCode::kNotFound) {
        return NotFound(fmt::format("no city '{}'", code));
      }
      return found.status();
    }
    const City& old = *found;
    KINET_RETURN_IF_ERROR(
        Require(who, Action::kUpdateCity, Resource::City(old.country_code, old.code)));
    City updated = city;
    if (!updated.code.empty() && updated.code != old.code) {
      return InvalidArgument("a city's code cannot be changed", "code");
    }
    if (!updated.country_code.empty() && Upper(updated.country_code) != old.country_code) {
      return InvalidArgument("a city's country cannot be changed", "country_code");
    }
    updated.id = old.id;
    updated.code = old.code;
    updated.country_code = old.country_code;
    KINET_RETURN_IF_ERROR(ValidateCity(updated));
    KINET_RETURN_IF_ERROR(CityRepository(tx).Update(updated));
    auto before = CityFields(old);
    auto after = CityFields(updated);
    AuditRepository audit(tx);
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (before[i].second == after[i].second) continue;
      AuditEntry e;
      e.actor = who.actor();
      e.action = "update";
      e.entity = "city";
      e.entity_id = old.code;
      e.field = std::string(before[i].first);
      e.old_value = before[i].second;
      e.new_value = after[i].second;
      KINET_RETURN_IF_ERROR(audit.Record(e));
    }
    result = Profile(tx, updated);
    return result.status();
  }));
  return result;
}

}  // namespace kinet
