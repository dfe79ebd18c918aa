// The database modes of `kinet air`: `air assess --city --year` (the annual
// assessment of a city from its stored monitoring blocks) and `air daily`
// (daily AQI). Kept apart from air_command.cc, whose file mode is the
// reference workload's contract.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "core/status.h"

namespace kinet {

struct AirCityOptions {
  std::string city;
  int year = 0;
  std::string rules;  // AQI rule set id; "" = by date
  std::string format = "table";
  std::string flagged = "exclude";
  std::vector<std::string> limit_sets;  // "set:level"
};

// `kinet air assess --city NAME --year Y`: prints the annual assessment
// (table, csv in the columns of the bench annual.csv, or json) and, when
// run with the default options, stores it with provenance; a run with
// --aqi-rules, --flagged include or --limits other than the defaults is a
// what-if, printed only (MonitoringService::AssessCityYear), with a note on
// stderr.
Status RunAirAssessCity(const GlobalOptions& global, const AirCityOptions& opts);

// Adds `daily` to the `air` command group.
void RegisterAirDailyCommand(CLI::App* air, CommandContext& ctx);

// Adds `publish` to the `air` command group (cli/air_publish_command.cc).
void RegisterAirPublishCommand(CLI::App* air, CommandContext& ctx);

}  // namespace kinet
