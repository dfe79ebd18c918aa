#include "service/sample_network.h"

#include <fmt/format.h>

#include "core/csv.h"
#include "core/embedded.h"
#include "service/indicator_service.h"
#include "service/network_service.h"
#include "store/registry_repository.h"
#include "store/station_repository.h"

namespace kinet {

std::span<const EmbeddedFile> SampleNetworkFiles();  // generated (cmake/EmbedFiles.cmake)

namespace {

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    std::size_t end = s.find(';', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<DataStatus> GetDataStatus(const CsvTable& t) {
  std::string_view v = t.Get("data_status");
  std::optional<DataStatus> s = ParseDataStatus(v);
  if (!s) return t.Error("data_status", fmt::format("'{}' must be real or illustrative", v));
  return *s;
}

Result<std::string_view> File(const std::map<std::string, std::string_view>& files,
                              const std::string& name) {
  auto it = files.find(name);
  if (it == files.end()) return NotFound(fmt::format("the network files lack {}", name));
  return it->second;
}

Status ParseCountries(std::string_view text, NetworkData& out) {
  KINET_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Open(text, "countries.csv",
                                                    {"code", "name_en", "region", "size_scheme"}));
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    Country c;
    KINET_ASSIGN_OR_RETURN(c.code, t.Required("code"));
    KINET_ASSIGN_OR_RETURN(c.name_en, t.Required("name_en"));
    c.name_local = t.Get("name_local");
    KINET_ASSIGN_OR_RETURN(c.region, t.Required("region"));
    KINET_ASSIGN_OR_RETURN(c.size_scheme, t.Required("size_scheme"));
    if (c.size_scheme != "cn-2014" && c.size_scheme != "generic") {
      return t.Error("size_scheme", "must be cn-2014 or generic");
    }
    out.countries.push_back(std::move(c));
  }
  return OkStatus();
}

Status ParseCities(std::string_view text, NetworkData& out) {
  KINET_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Open(text, "cities.csv",
                                                    {"id", "country", "name_en", "name_local",
                                                     "time_zone", "population", "population_year",
                                                     "population_kind", "data_status"}));
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    City c;
    KINET_ASSIGN_OR_RETURN(c.code, t.Required("id"));
    KINET_ASSIGN_OR_RETURN(c.country_code, t.Required("country"));
    c.name_en = t.Get("name_en");
    c.name_local = t.Get("name_local");
    c.province_en = t.Get("province_en");
    c.province_local = t.Get("province_local");
    KINET_ASSIGN_OR_RETURN(c.lat, t.Double("lat"));
    KINET_ASSIGN_OR_RETURN(c.lon, t.Double("lon"));
    c.time_zone = t.Get("time_zone");
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> persons, t.Int("population"));
    if (persons) {
      Population p;
      p.persons = *persons;
      KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> year, t.Int("population_year"));
      if (!year) return t.Error("population_year", "a population needs its year");
      p.year = static_cast<int>(*year);
      p.kind = t.Get("population_kind");
      p.source = t.Get("population_source");
      c.population = std::move(p);
    }
    KINET_ASSIGN_OR_RETURN(c.area_km2, t.Double("area_km2"));
    c.area_source = t.Get("area_source");
    KINET_ASSIGN_OR_RETURN(c.data_status, GetDataStatus(t));
    c.note = t.Get("note");
    if (Status s = ValidateCity(c); !s.ok()) {
      std::string column = s.field() == "code" ? "id" : s.field();
      if (column == "country_code") column = "country";
      return t.Error(column, s.message());
    }
    out.cities.push_back(std::move(c));
  }
  return OkStatus();
}

Status ParseOrganisations(std::string_view text, NetworkData& out) {
  KINET_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Open(text, "organisations.csv",
                                                    {"id", "name_en", "type", "data_status"}));
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    Organisation o;
    KINET_ASSIGN_OR_RETURN(o.code, t.Required("id"));
    o.acronym = t.Get("acronym");
    KINET_ASSIGN_OR_RETURN(o.name_en, t.Required("name_en"));
    o.name_local = t.Get("name_local");
    std::optional<OrganisationType> type = ParseOrganisationType(t.Get("type"));
    if (!type) return t.Error("type", fmt::format("unknown organisation type '{}'", t.Get("type")));
    o.type = *type;
    o.country_code = t.Get("country");
    o.note = t.Get("note");
    KINET_ASSIGN_OR_RETURN(o.data_status, GetDataStatus(t));
    out.organisations.push_back(std::move(o));
  }
  return OkStatus();
}

Status ParseMembers(std::string_view text, NetworkData& out) {
  KINET_ASSIGN_OR_RETURN(
      CsvTable t, CsvTable::Open(text, "members.csv",
                                 {"city_id", "joined", "status", "modalities", "data_status"}));
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    Member m;
    KINET_ASSIGN_OR_RETURN(m.city_code, t.Required("city_id"));
    Result<CivilDate> joined = ParseDate(t.Get("joined"));
    if (!joined.ok()) return t.Error("joined", joined.status().message());
    m.joined = *joined;
    std::optional<MemberStatus> status = ParseMemberStatus(t.Get("status"));
    if (!status) return t.Error("status", "must be active, suspended or withdrawn");
    m.status = *status;
    for (const std::string& code : SplitList(t.Get("modalities"))) {
      std::optional<Modality> mod = ParseModality(code);
      if (!mod) {
        return t.Error("modalities", fmt::format("'{}' is not network, workshops or pilot", code));
      }
      m.modalities.push_back(*mod);
    }
    m.benefits_accepted = SplitList(t.Get("benefits_accepted"));
    m.obligations_accepted = SplitList(t.Get("obligations_accepted"));
    m.note = t.Get("note");
    KINET_ASSIGN_OR_RETURN(m.data_status, GetDataStatus(t));
    out.members.push_back(std::move(m));
  }
  return OkStatus();
}

Status ParseUsers(std::string_view text, NetworkData& out) {
  KINET_ASSIGN_OR_RETURN(
      CsvTable t, CsvTable::Open(text, "users.csv", {"email", "name", "role", "data_status"}));
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    User u;
    KINET_ASSIGN_OR_RETURN(u.email, t.Required("email"));
    KINET_ASSIGN_OR_RETURN(u.name, t.Required("name"));
    std::optional<Role> role = ParseRole(t.Get("role"));
    if (!role) return t.Error("role", fmt::format("unknown role '{}'", t.Get("role")));
    u.role = *role;
    u.scope = t.Get("scope");
    if (RoleNeedsScope(u.role) && u.scope.empty()) {
      return t.Error("scope", fmt::format("the role {} needs a scope", RoleCode(u.role)));
    }
    u.organisation_code = t.Get("org_id");
    KINET_ASSIGN_OR_RETURN(u.data_status, GetDataStatus(t));
    out.users.push_back(std::move(u));
  }
  return OkStatus();
}

Status ParseStations(std::string_view text, NetworkData& out) {
  KINET_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Open(text, "stations.csv",
                                                    {"code", "city_id", "name_en", "type",
                                                     "data_status"}));
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    Station s;
    KINET_ASSIGN_OR_RETURN(s.code, t.Required("code"));
    KINET_ASSIGN_OR_RETURN(s.city_code, t.Required("city_id"));
    s.name_en = t.Get("name_en");
    s.name_local = t.Get("name_local");
    KINET_ASSIGN_OR_RETURN(s.lat, t.Double("lat"));
    KINET_ASSIGN_OR_RETURN(s.lon, t.Double("lon"));
    std::optional<StationType> type = ParseStationType(t.Get("type"));
    if (!type) {
      return t.Error("type", fmt::format("'{}' is not urban, background, traffic or industrial",
                                         t.Get("type")));
    }
    s.type = *type;
    for (const char* column : {"active_from", "active_to"}) {
      if (t.Get(column).empty()) continue;
      Result<CivilDate> d = ParseDate(t.Get(column));
      if (!d.ok()) return t.Error(column, d.status().message());
      (column[7] == 'f' ? s.active_from : s.active_to) = *d;
    }
    s.source = t.Get("source");
    KINET_ASSIGN_OR_RETURN(s.data_status, GetDataStatus(t));
    out.stations.push_back(std::move(s));
  }
  return OkStatus();
}

}  // namespace

Result<NetworkData> ParseNetworkFiles(const std::map<std::string, std::string_view>& files) {
  NetworkData data;
  KINET_ASSIGN_OR_RETURN(std::string_view countries, File(files, "countries.csv"));
  KINET_RETURN_IF_ERROR(ParseCountries(countries, data));
  KINET_ASSIGN_OR_RETURN(std::string_view cities, File(files, "cities.csv"));
  KINET_RETURN_IF_ERROR(ParseCities(cities, data));
  KINET_ASSIGN_OR_RETURN(std::string_view orgs, File(files, "organisations.csv"));
  KINET_RETURN_IF_ERROR(ParseOrganisations(orgs, data));
  KINET_ASSIGN_OR_RETURN(std::string_view members, File(files, "members.csv"));
  KINET_RETURN_IF_ERROR(ParseMembers(members, data));
  KINET_ASSIGN_OR_RETURN(std::string_view users, File(files, "users.csv"));
  KINET_RETURN_IF_ERROR(ParseUsers(users, data));
  if (auto stations = files.find("stations.csv"); stations != files.end()) {
    KINET_RETURN_IF_ERROR(ParseStations(stations->second, data));
  }
  return data;
}

Result<NetworkData> BuiltinSampleNetwork() {
  std::map<std::string, std::string_view> files;
  for (const EmbeddedFile& f : SampleNetworkFiles()) files.emplace(f.path, f.contents);
  return ParseNetworkFiles(files);
}

Result<LoadSummary> LoadNetwork(Database& db, const NetworkData& data) {
  LoadSummary summary;
  KINET_RETURN_IF_ERROR(db.Transact([&](Executor& tx) -> Status {
    summary = LoadSummary{};
    CountryRepository countries(tx);
    for (const Country& c : data.countries) {
      KINET_RETURN_IF_ERROR(countries.Upsert(c).status().WithPrefix("country " + c.code));
      ++summary.countries;
    }
    CityRepository cities(tx);
    for (const City& c : data.cities) {
      KINET_RETURN_IF_ERROR(cities.Insert(c).status().WithPrefix("city " + c.code));
      ++summary.cities;
    }
    StationRepository stations(tx);
    for (const Station& s : data.stations) {
      KINET_RETURN_IF_ERROR(stations.Upsert(s).status().WithPrefix("station " + s.code));
      ++summary.stations;
    }
    OrganisationRepository orgs(tx);
    for (const Organisation& o : data.organisations) {
      KINET_RETURN_IF_ERROR(orgs.Insert(o).status().WithPrefix("organisation " + o.code));
      ++summary.organisations;
    }
    MemberRepository members(tx);
    for (const Member& m : data.members) {
      KINET_RETURN_IF_ERROR(members.Insert(m).status().WithPrefix("member " + m.city_code));
      ++summary.members;
    }
    UserRepository users(tx);
    for (const User& u : data.users) {
      KINET_RETURN_IF_ERROR(users.Insert(u).status().WithPrefix("user " + u.email));
      ++summary.users;
    }
    return OkStatus();
  }));
  return summary;
}

Result<int> LoadSampleIndicatorValues(Database& db) {
  IndicatorService service(db);
  KINET_RETURN_IF_ERROR(service.SyncBuiltinCatalogue());
  ImportOptions options;
  options.status = ValueStatus::kPublished;  // published statistics and datasets
  options.actor = "sample-loader";
  int stored = 0;
  for (const EmbeddedFile& f : SampleNetworkFiles()) {
    if (!f.path.starts_with("indicators/")) continue;
    KINET_ASSIGN_OR_RETURN(ImportReport report, service.Import(f.contents, f.path, options));
    if (!report.committed()) {
      return InvalidArgument(fmt::format("sample {}: {} refused rows, first: {}", f.path,
                                         report.errors.size(), report.errors[0].ToString()));
    }
    stored += report.inserted + report.updated;
  }
  return stored;
}

}  // namespace kinet
