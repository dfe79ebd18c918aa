// `kinet air publish --city NAME [--year YYYY]...`: computes the air-engine
// indicators of a city from its stored monitoring data and stores them as
// computed indicator values (service/air_values_service.h; docs/monitoring.md
// "Air indicator values"). Imports do this by themselves; the command is for
// databases imported before, and to check what is stored.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/air_db.h"
#include "cli/output.h"
#include "ingest/assessment_csv.h"
#include "service/air_values_service.h"

namespace kinet {
namespace {

struct PublishOptions {
  std::string city;
  std::vector<int> years;
  std::string format = "table";
  std::string actor;
};

// Three decimals, rounded as `kinet air assess --format csv` rounds
// (RoundReport), so the two can be compared.
std::string ValueText(const AirValueResult& r) {
  return r.value ? fmt::format("{:.3f}", RoundReport(*r.value)) : "-";
}

Status RunPublish(const GlobalOptions& global, const PublishOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  AirPublishOptions options;
  options.years = opts.years;
  if (!opts.actor.empty()) options.actor = opts.actor;
  KINET_ASSIGN_OR_RETURN(AirPublishSummary s, AirValuesService(*db).Publish(opts.city, options));
  if (opts.format == "json") {
    nlohmann::json values = nlohmann::json::array();
    for (const AirValueResult& r : s.values) {
      values.push_back({{"indicator", r.indicator_code},
                        {"year", r.year},
                        {"value", r.value ? nlohmann::json(*r.value) : nlohmann::json()},
                        {"outcome", AirValueOutcomeCode(r.outcome)},
                        {"valid_days", r.valid_days},
                        {"days_in_year", r.days_in_year},
                        {"stations", r.stations},
                        {"note", r.note}});
    }
    nlohmann::json out = {{"city", s.city_code}, {"years", s.years}, {"values", values}};
    fmt::print("{}\n", out.dump(2));
    return OkStatus();
  }
  TextTable table({"indicator", "year", "value", "outcome", "note"});
  for (const AirValueResult& r : s.values) {
    table.AddRow({r.indicator_code, std::to_string(r.year), ValueText(r),
                  std::string(AirValueOutcomeCode(r.outcome)), r.note});
  }
  fmt::print("{}", table.Render());
  fmt::print(
      "{}: {} years; {} values inserted, {} updated, {} unchanged, {} removed; {} not valid "
      "(not stored).\n",
      s.city_code, s.years.size(), s.Count(AirValueOutcome::kInserted),
      s.Count(AirValueOutcome::kUpdated), s.Count(AirValueOutcome::kUnchanged),
      s.Count(AirValueOutcome::kRemoved), s.Count(AirValueOutcome::kNotValid));
  return OkStatus();
}

}  // namespace

void RegisterAirPublishCommand(CLI::App* air, CommandContext& ctx) {
  auto opts = std::make_shared<PublishOptions>();
  CLI::App* publish = air->add_subcommand(
      "publish",
      "Compute a city's air-engine indicators (PM2.5 annual mean ... good-day ratio) from its "
      "monitoring data and store them as computed indicator values");
  publish->add_option("--city", opts->city, "City code or name")->type_name("NAME")->required();
  publish
      ->add_option("--year", opts->years,
                   "Year to publish, repeatable (default: every year with monitoring data)")
      ->type_name("YYYY");
  publish->add_option("--format", opts->format, "table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  publish->add_option("--actor", opts->actor, "Who is recorded in the audit log")
      ->type_name("NAME");
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(publish, [&global, opts] { return RunPublish(global, *opts); });
}

}  // namespace kinet
