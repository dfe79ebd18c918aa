// `kinet city list|show|add`: the cities of the registry.
#include <fmt/format.h>

#include "cli/city_json.h"
#include "cli/command.h"
#include "cli/output.h"

namespace kinet {
namespace {

struct ListOptions {
  std::string country;
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const ListOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  NetworkService service(*db);
  std::optional<std::string> country;
  if (!opts.country.empty()) country = opts.country;
  KINET_ASSIGN_OR_RETURN(std::vector<CityProfile> cities, service.ListCities(country));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const CityProfile& p : cities) arr.push_back(CityProfileJson(p));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table(
      {"code", "country", "name", "local name", "population", "size class", "member", "data"});
  for (const CityProfile& p : cities) {
    table.AddRow({p.city.code, p.country.code, p.city.name_en, p.city.name_local,
                  p.city.population ? std::to_string(p.city.population->persons) : "",
                  p.size_class ? std::string(p.size_class->name_en) : "",
                  p.membership ? std::string(MemberStatusCode(p.membership->status)) : "",
                  std::string(DataStatusCode(p.city.data_status))});
  }
  fmt::print("{}{} cities\n", table.Render(), cities.size());
  return OkStatus();
}

struct ShowOptions {
  std::string city;
  std::string format = "text";
};

Status RunShow(const GlobalOptions& global, const ShowOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(CityProfile p, NetworkService(*db).FindCity(opts.city));
  if (opts.format == "json") {
    fmt::print("{}\n", CityProfileJson(p).dump(2));
  } else {
    fmt::print("{}", CityProfileText(p));
  }
  return OkStatus();
}

struct AddOptions {
  City city;
  std::optional<double> lat, lon, area;
  std::optional<std::int64_t> population;
  int population_year = 0;
  std::string population_kind = "city-proper";
  std::string population_source;
  std::string data_status = "real";
};

Status RunAdd(const GlobalOptions& global, AddOptions opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  City city = opts.city;
  city.lat = opts.lat;
  city.lon = opts.lon;
  city.area_km2 = opts.area;
  if (opts.population) {
    city.population = Population{*opts.population, opts.population_year, opts.population_kind,
                                 opts.population_source};
  }
  std::optional<DataStatus> ds = ParseDataStatus(opts.data_status);
  if (!ds) return InvalidArgument("--data-status must be real or illustrative", "data_status");
  city.data_status = *ds;
  KINET_ASSIGN_OR_RETURN(CityProfile p, NetworkService(*db).AddCity(city));
  fmt::print("Added {} ({}).\n{}", p.city.name_en, p.city.code, CityProfileText(p));
  return OkStatus();
}

}  // namespace

void RegisterCityCommand(CommandContext& ctx) {
  CLI::App* city = ctx.app.add_subcommand("city", "Cities of the registry");
  city->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<ListOptions>();
  CLI::App* ls = city->add_subcommand("list", "List cities with their size class and membership");
  ls->add_option("--country", list->country, "Only the cities of this country (ISO code, e.g. CN)");
  ls->add_option("--format", list->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(ls, [&global, list] { return RunList(global, *list); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* sh = city->add_subcommand("show", "Show one city: profile, size class, membership");
  sh->add_option("CITY", show->city, "City code, English name or local name")->required();
  sh->add_option("--format", show->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  ctx.runner.Bind(sh, [&global, show] { return RunShow(global, *show); });

  auto add = std::make_shared<AddOptions>();
  CLI::App* ad = city->add_subcommand("add", "Register a city");
  ad->add_option("--code", add->city.code, "Slug: a-z, 0-9 and '-' (e.g. weihai)")->required();
  ad->add_option("--country", add->city.country_code, "ISO 3166-1 alpha-2 code")->required();
  ad->add_option("--name-en", add->city.name_en, "English name")->required();
  ad->add_option("--name-local", add->city.name_local, "Name in the local language")->required();
  ad->add_option("--province-en", add->city.province_en, "Province (English)");
  ad->add_option("--province-local", add->city.province_local, "Province (local language)");
  ad->add_option("--lat", add->lat, "Latitude, decimal degrees");
  ad->add_option("--lon", add->lon, "Longitude, decimal degrees");
  ad->add_option("--time-zone", add->city.time_zone, "IANA time zone, e.g. Asia/Shanghai")
      ->required();
  ad->add_option("--population", add->population, "Population (persons)");
  ad->add_option("--population-year", add->population_year, "Year of the population figure");
  ad->add_option("--population-kind", add->population_kind,
                 "urban-resident (China's 城区常住人口), city-proper or metro");
  ad->add_option("--population-source", add->population_source, "Citation of the figure");
  ad->add_option("--area", add->area, "Area in km²");
  ad->add_option("--area-source", add->city.area_source, "Citation of the area");
  ad->add_option("--data-status", add->data_status, "real or illustrative");
  ad->add_option("--note", add->city.note, "Free text");
  ctx.runner.Bind(ad, [&global, add] { return RunAdd(global, *add); });
}

}  // namespace kinet
