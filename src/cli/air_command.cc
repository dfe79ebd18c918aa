// `kinet air ...`: air-quality monitoring data. `kinet air assess` computes the
// annual assessment of stations and cities (annual statistics and daily-AQI
// summaries, ../shared/bench/README.md §1-9) from a wide station-hour CSV and
// writes DIR/annual.csv and DIR/aqi.csv. The file mode is a contract checked
// against the reference implementations (bench/run_workload.sh); the
// database mode (--city, --year; cli/air_db.cc) reads the same
// StationHourData from the store and calls the same AssessAir.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "cli/air_db.h"
#include "cli/command.h"
#include "engine/air_assessment.h"
#include "engine/aqi.h"
#include "ingest/assessment_csv.h"
#include "ingest/station_hour_csv.h"
#include "rules/aqi_rules.h"

namespace kinet {
namespace {

struct AssessOptions {
  std::string input;
  std::string out;
  std::string aqi_rules = "cn-hj633-2012";
  int threads = 0;  // 0 = the machine's hardware threads
  bool timings = false;
  std::string city;  // database mode (cli/air_db.cc)
  int year = 0;
  std::string format = "table";
  std::string flagged = "exclude";
  std::vector<std::string> limit_sets;
};

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

Status RunAssess(const AssessOptions& opts) {
  if (opts.input.empty()) {
    return FailedPrecondition(
        "kinet air assess: the database mode (--city CODE --year YYYY) is not available yet; "
        "give --input FILE.csv");
  }
  const int threads = opts.threads > 0
                          ? opts.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  KINET_ASSIGN_OR_RETURN(const AqiRuleSet rules, LoadAqiRuleSet(opts.aqi_rules));
  const IaqiFunction iaqi = [&rules](Pollutant p, Averaging a, double c) {
    return IndividualAqi(rules, p, a, c);
  };
  const Clock::time_point t0 = Clock::now();
  KINET_ASSIGN_OR_RETURN(const StationHourAssessment result,
                         AssessStationHourCsv(opts.input, AirAssessmentRules{}, iaqi, threads));
  const Clock::time_point t1 = Clock::now();
  KINET_RETURN_IF_ERROR(WriteAssessmentCsv(result.assessment, opts.out));
  const Clock::time_point t2 = Clock::now();
  if (opts.timings) {
    fmt::print(stderr, "read+assess {:.3f} s ({}), write {:.3f} s ({} threads)\n", Seconds(t0, t1),
               result.one_pass ? "one pass, rows in date order"
                               : "dense arrays: " + result.fallback_reason,
               Seconds(t1, t2), threads);
  }
  fmt::print("{} stations; wrote {}/annual.csv ({} rows) and {}/aqi.csv ({} rows)\n",
             result.stations, opts.out, result.assessment.annual.size(), opts.out,
             result.assessment.aqi.size());
  return OkStatus();
}

}  // namespace

void RegisterAirCommand(CommandContext& ctx) {
  CLI::App* air = ctx.app.add_subcommand("air", "Air-quality monitoring data and assessments");
  air->require_subcommand(1);

  auto assess = std::make_shared<AssessOptions>();
  CLI::App* as = air->add_subcommand(
      "assess",
      "Annual assessment of stations and cities (HJ 663-2013, GB 3095-2012 Grade II, HJ 633-2012 "
      "daily AQI): writes DIR/annual.csv and DIR/aqi.csv");
  CLI::Option* input =
      as->add_option("--input", assess->input,
                     "Wide station-hour CSV (station,city,time,PM2.5,PM10,SO2,NO2,CO,O3), plain or "
                     "gzip")
          ->type_name("FILE");
  CLI::Option* out = as->add_option("--out", assess->out, "Output directory (created if needed)")
                         ->type_name("DIR");
  input->needs(out);
  CLI::Option* aqi_rules =
      as->add_option("--aqi-rules,--rules", assess->aqi_rules,
                     "AQI rule set (default cn-hj633-2012; database mode: the one in force on 1 "
                     "January)")
          ->type_name("ID");
  as->add_option("--threads", assess->threads, "Threads (default: all hardware threads)")
      ->check(CLI::NonNegativeNumber);
  as->add_flag("--timings", assess->timings, "Print the time of each phase on stderr");
  as->add_option("--city", assess->city, "Database mode: city code or name")->type_name("NAME");
  as->add_option("--year", assess->year, "Database mode: year")->type_name("YYYY");
  as->add_option("--format", assess->format,
                 "Database mode: table (default), csv (the columns of annual.csv) or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  as->add_option("--flagged", assess->flagged,
                 "Database mode: flagged values exclude (default) or include")
      ->check(CLI::IsMember({"exclude", "include"}));
  as->add_option("--limits", assess->limit_sets,
                 "Database mode: limit set and level to check, repeatable (default "
                 "cn-gb3095-2012:grade-2 and who-aqg-2021:aqg)")
      ->type_name("SET:LEVEL");
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(as, [assess, aqi_rules, &global] {
    if (!assess->input.empty()) return RunAssess(*assess);
    AirCityOptions city{
        assess->city,   assess->year,    aqi_rules->count() > 0 ? assess->aqi_rules : "",
        assess->format, assess->flagged, assess->limit_sets};
    return RunAirAssessCity(global, city);
  });
  RegisterAirDailyCommand(air, ctx);
  RegisterAirPublishCommand(air, ctx);
}

}  // namespace kinet
