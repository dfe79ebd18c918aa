// `kinet station list|show`: the monitoring stations of the registry and the
// data stored for each (docs/cli.md).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "service/network_service.h"
#include "store/monitoring_repository.h"
#include "store/station_repository.h"

namespace kinet {
namespace {

std::string Coordinate(const std::optional<double>& v) {
  return v ? fmt::format("{:.4f}", *v) : "";
}

nlohmann::json StationJson(const Station& s) {
  nlohmann::json j;
  j["code"] = s.code;
  j["city"] = s.city_code;
  j["name_en"] = s.name_en;
  j["name_local"] = s.name_local;
  j["lat"] = s.lat ? nlohmann::json(*s.lat) : nlohmann::json();
  j["lon"] = s.lon ? nlohmann::json(*s.lon) : nlohmann::json();
  j["type"] = StationTypeCode(s.type);
  j["active_from"] = s.active_from ? nlohmann::json(FormatDate(*s.active_from)) : nlohmann::json();
  j["active_to"] = s.active_to ? nlohmann::json(FormatDate(*s.active_to)) : nlohmann::json();
  j["source"] = s.source;
  j["data_status"] = DataStatusCode(s.data_status);
  return j;
}

struct ListOptions {
  std::string city;
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const ListOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  std::optional<std::string> city;
  if (!opts.city.empty()) {
    KINET_ASSIGN_OR_RETURN(CityProfile p, NetworkService(*db).FindCity(opts.city));
    city = p.city.code;
  }
  StationRepository repo(*db);
  KINET_ASSIGN_OR_RETURN(std::vector<Station> stations, city ? repo.List(*city) : repo.List());
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const Station& s : stations) arr.push_back(StationJson(s));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table({"code", "city", "name", "local name", "type", "lat", "lon", "active"});
  for (const Station& s : stations) {
    table.AddRow({s.code, s.city_code, s.name_en, s.name_local,
                  std::string(StationTypeCode(s.type)), Coordinate(s.lat), Coordinate(s.lon),
                  fmt::format("{} .. {}", s.active_from ? FormatDate(*s.active_from) : "",
                              s.active_to ? FormatDate(*s.active_to) : "")});
  }
  fmt::print("{}{} stations\n", table.Render(), stations.size());
  return OkStatus();
}

struct ShowOptions {
  std::string code;
  std::string format = "text";
};

Status RunShow(const GlobalOptions& global, const ShowOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(Station s, StationRepository(*db).FindByCode(opts.code));
  KINET_ASSIGN_OR_RETURN(std::vector<BlockSummary> blocks,
                         MonitoringRepository(*db).StationBlocks(s.code));
  if (opts.format == "json") {
    nlohmann::json j = StationJson(s);
    nlohmann::json arr = nlohmann::json::array();
    for (const BlockSummary& b : blocks) {
      arr.push_back({{"parameter", b.parameter},
                     {"year", b.year},
                     {"unit", b.unit},
                     {"time_zone", b.time_zone},
                     {"values", b.value_count},
                     {"flagged", b.flagged_count},
                     {"updated_at", b.updated_at}});
    }
    j["blocks"] = arr;
    fmt::print("{}\n", j.dump(2));
    return OkStatus();
  }
  fmt::print("{} — {}{}\n", s.code, s.name_en,
             s.name_local.empty() ? "" : " (" + s.name_local + ")");
  fmt::print("city:        {}\n", s.city_code);
  fmt::print("type:        {}{}\n", StationTypeCode(s.type),
             s.type == StationType::kUrban ? " (counts for the city value)"
                                           : " (assessed as a station only)");
  if (s.lat && s.lon) fmt::print("location:    {:.4f}, {:.4f}\n", *s.lat, *s.lon);
  fmt::print("active:      {} .. {}\n", s.active_from ? FormatDate(*s.active_from) : "",
             s.active_to ? FormatDate(*s.active_to) : "");
  if (!s.source.empty()) fmt::print("source:      {}\n", s.source);
  fmt::print("data status: {}\n", DataStatusCode(s.data_status));
  if (blocks.empty()) {
    fmt::print("\nNo monitoring data stored.\n");
    return OkStatus();
  }
  TextTable table({"year", "parameter", "unit", "hours with a value", "flagged", "updated"});
  for (const BlockSummary& b : blocks) {
    table.AddRow({std::to_string(b.year), b.parameter, b.unit, std::to_string(b.value_count),
                  std::to_string(b.flagged_count), b.updated_at});
  }
  fmt::print("\nMonitoring data (local standard time, {}):\n{}", blocks.front().time_zone,
             table.Render());
  return OkStatus();
}

}  // namespace

void RegisterStationCommand(CommandContext& ctx) {
  CLI::App* station = ctx.app.add_subcommand("station", "Air-quality monitoring stations");
  station->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<ListOptions>();
  CLI::App* ls = station->add_subcommand("list", "List stations, all or of one city");
  ls->add_option("--city", list->city, "City code or name")->type_name("NAME");
  ls->add_option("--format", list->format, "table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(ls, [&global, list] { return RunList(global, *list); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* sh = station->add_subcommand("show", "One station and the data stored for it");
  sh->add_option("CODE", show->code, "Station code")->required();
  sh->add_option("--format", show->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  ctx.runner.Bind(sh, [&global, show] { return RunShow(global, *show); });
}

}  // namespace kinet
