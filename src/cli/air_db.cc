#include "cli/air_db.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/output.h"
#include "core/csv.h"
#include "engine/aqi.h"
#include "ingest/assessment_csv.h"
#include "service/monitoring_service.h"

namespace kinet {
namespace {

std::string Num(const std::optional<double>& v, int decimals = 1) {
  return v ? fmt::format("{:.{}f}", RoundReport(*v), decimals) : "";
}

nlohmann::json OptJson(const std::optional<double>& v) {
  return v ? nlohmann::json(RoundReport(*v)) : nlohmann::json();
}

Result<FlaggedValues> ParseFlagged(std::string_view text) {
  if (text == "exclude") return FlaggedValues::kExclude;
  if (text == "include") return FlaggedValues::kInclude;
  return InvalidArgument("--flagged must be exclude or include", "--flagged");
}

nlohmann::json AssessmentJson(const CityAirAssessment& a) {
  nlohmann::json j;
  j["city"] = a.city.code;
  j["year"] = a.year;
  j["aqi_rule_set"] = {{"id", a.aqi_rule_set}, {"version", a.aqi_rule_set_version}};
  j["flagged_values"] = a.flagged == FlaggedValues::kInclude ? "include" : "exclude";
  j["city_stations"] = a.city_stations;
  j["other_stations"] = a.other_stations;
  j["provenance"] = {{"time_from", a.time_from},
                     {"time_to", a.time_to},
                     {"input_checksum", a.input_checksum},
                     {"computed_at", a.computed_at}};
  nlohmann::json annual = nlohmann::json::array();
  for (const AnnualAssessmentRow& r : a.assessment.annual) {
    annual.push_back({{"level", SeriesLevelName(r.level)},
                      {"id", r.id},
                      {"pollutant", PollutantCode(r.pollutant)},
                      {"annual_mean", OptJson(r.stats.mean)},
                      {"valid_days", r.stats.valid_days},
                      {"annual_valid", r.stats.valid},
                      {"percentile", OptJson(r.stats.percentile)},
                      {"exceed_days", r.stats.exceed_days},
                      {"data_capture_percent", RoundReport(r.stats.data_capture_percent)}});
  }
  j["annual"] = annual;
  nlohmann::json aqi = nlohmann::json::array();
  for (const AqiYearRow& r : a.assessment.aqi) {
    aqi.push_back({{"level", SeriesLevelName(r.level)},
                   {"id", r.id},
                   {"aqi_days", r.aqi_days},
                   {"good_days", r.good_days},
                   {"good_ratio", OptJson(r.good_ratio)},
                   {"max_aqi", r.max_aqi ? nlohmann::json(*r.max_aqi) : nlohmann::json()}});
  }
  j["aqi"] = aqi;
  nlohmann::json cats = nlohmann::json::array();
  for (const AqiCategoryDays& c : a.aqi_categories) {
    cats.push_back(
        {{"level", c.level}, {"name_en", c.name_en}, {"name_zh", c.name_zh}, {"days", c.days}});
  }
  j["aqi_categories"] = cats;
  nlohmann::json compliance = nlohmann::json::array();
  for (const LimitSetCompliance& c : a.compliance) {
    nlohmann::json rows = nlohmann::json::array();
    for (const LimitEvaluation& e : c.rows) {
      rows.push_back({{"pollutant", PollutantCode(e.limit.pollutant)},
                      {"averaging", AveragingCode(e.limit.averaging)},
                      {"statistic", LimitStatisticCode(e.limit.statistic)},
                      {"limit", e.limit.value},
                      {"unit", UnitCode(e.limit.unit)},
                      {"value", OptJson(e.value)},
                      {"verdict", ComplianceVerdictCode(e.verdict)}});
    }
    compliance.push_back(
        {{"set", c.set_id}, {"version", c.set_version}, {"level", c.level}, {"rows", rows}});
  }
  j["compliance"] = compliance;
  return j;
}

std::string AssessmentText(const CityAirAssessment& a) {
  std::string out =
      fmt::format("{} ({}) {} — AQI rule set {} ({}); flagged values {}\n", a.city.name_en,
                  a.city.code, a.year, a.aqi_rule_set, a.aqi_rule_set_version,
                  a.flagged == FlaggedValues::kInclude ? "included" : "excluded");
  std::string others;
  for (const std::string& s : a.other_stations) others += (others.empty() ? "" : ", ") + s;
  out += fmt::format("City value from {} urban station{}{}.\n", a.city_stations.size(),
                     a.city_stations.size() == 1 ? "" : "s",
                     others.empty() ? "" : "; assessed as stations only: " + others);
  out += fmt::format("Input: {} .. {} (local standard time), sha256 {}; computed {}.\n\n",
                     a.time_from, a.time_to, a.input_checksum.substr(0, 16), a.computed_at);
  TextTable annual({"pollutant", "annual mean", "unit", "valid days", "annual valid", "percentile",
                    "exceed days", "capture %"});
  for (const AnnualAssessmentRow& r : a.assessment.annual) {
    if (r.level != SeriesLevel::kCity) continue;
    annual.AddRow(
        {std::string(PollutantCode(r.pollutant)) + (r.pollutant == Pollutant::kO3 ? " (MDA8)" : ""),
         Num(r.stats.mean, r.pollutant == Pollutant::kCo ? 3 : 1),
         std::string(UnitCode(StoredUnit(r.pollutant))), std::to_string(r.stats.valid_days),
         r.stats.valid ? "yes" : "no",
         Num(r.stats.percentile, r.pollutant == Pollutant::kCo ? 3 : 1),
         std::to_string(r.stats.exceed_days), Num(r.stats.data_capture_percent)});
  }
  out += annual.Render();
  for (const AqiYearRow& r : a.assessment.aqi) {
    if (r.level != SeriesLevel::kCity) continue;
    out += fmt::format(
        "\nDaily AQI: {} days with an AQI, {} good (AQI <= 100){}, highest {}.\n", r.aqi_days,
        r.good_days,
        r.good_ratio ? fmt::format(", good-day ratio {:.1f} %", 100 * *r.good_ratio) : "",
        r.max_aqi ? std::to_string(*r.max_aqi) : "-");
  }
  TextTable cats({"category", "name", "", "days"});
  for (const AqiCategoryDays& c : a.aqi_categories) {
    cats.AddRow({c.level, c.name_en, c.name_zh, std::to_string(c.days)});
  }
  out += cats.Render();
  for (const LimitSetCompliance& c : a.compliance) {
    out += fmt::format("\nAttainment: {} {} ({})\n", c.set_id, c.level, c.set_version);
    TextTable t({"pollutant", "averaging", "statistic", "value", "limit", "unit", "verdict"});
    for (const LimitEvaluation& e : c.rows) {
      std::string statistic(LimitStatisticCode(e.limit.statistic));
      if (e.limit.percentile) statistic = fmt::format("P{:g}", *e.limit.percentile * 100);
      t.AddRow({std::string(PollutantCode(e.limit.pollutant)),
                std::string(AveragingCode(e.limit.averaging)), statistic,
                Num(e.value, e.limit.unit == Unit::kMgM3 ? 3 : 1),
                fmt::format("{:g}", e.limit.value), std::string(UnitCode(e.limit.unit)),
                std::string(ComplianceVerdictCode(e.verdict))});
    }
    out += t.Render();
  }
  TextTable stations(
      {"station", "PM2.5", "PM10", "SO2", "NO2", "CO", "O3 (MDA8)", "valid days (PM2.5)"});
  std::map<std::string, std::vector<std::string>> rows;
  for (const AnnualAssessmentRow& r : a.assessment.annual) {
    if (r.level != SeriesLevel::kStation) continue;
    std::vector<std::string>& row = rows[r.id];
    if (row.empty()) row.assign(8, "");
    row[0] = r.id;
    const std::optional<std::size_t> k = AqiPollutantIndex(r.pollutant);
    if (k) row[1 + *k] = Num(r.stats.mean, r.pollutant == Pollutant::kCo ? 3 : 1);
    if (r.pollutant == Pollutant::kPm25) row[7] = std::to_string(r.stats.valid_days);
  }
  for (auto& [id, row] : rows) stations.AddRow(std::move(row));
  out += "\nStation annual means (ug/m3, CO mg/m3):\n" + stations.Render();
  return out;
}

struct DailyOptions {
  std::string city;
  std::string from;
  std::string to;
  std::string rules;
  std::string flagged = "exclude";
  std::string format = "table";
};

Status RunDaily(const GlobalOptions& global, const DailyOptions& opts) {
  Result<CivilDate> from = ParseDate(opts.from);
  if (!from.ok()) return InvalidArgument(from.status().message(), "--from");
  Result<CivilDate> to = ParseDate(opts.to);
  if (!to.ok()) return InvalidArgument(to.status().message(), "--to");
  AirAssessOptions options;
  options.aqi_rules = opts.rules;
  KINET_ASSIGN_OR_RETURN(options.flagged, ParseFlagged(opts.flagged));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(std::vector<DailyAqiRow> rows,
                         MonitoringService(*db).DailyAqi(opts.city, *from, *to, options));
  const auto primary = [](const DailyAqiRow& r) {
    std::string out;
    for (Pollutant p : r.primary) out += (out.empty() ? "" : ";") + std::string(PollutantCode(p));
    return out;
  };
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const DailyAqiRow& r : rows) {
      arr.push_back({{"date", FormatDate(r.date)},
                     {"aqi", r.aqi ? nlohmann::json(*r.aqi) : nlohmann::json()},
                     {"primary", primary(r)},
                     {"category", r.category_en},
                     {"category_zh", r.category_zh},
                     {"level", r.category_level},
                     {"rule_set", r.rule_set}});
    }
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  if (opts.format == "csv") {
    fmt::print("date,aqi,primary,level,category,category_zh,rule_set\n");
    for (const DailyAqiRow& r : rows) {
      fmt::print("{}\n",
                 CsvLine({FormatDate(r.date), r.aqi ? std::to_string(*r.aqi) : "", primary(r),
                          r.category_level, r.category_en, r.category_zh, r.rule_set}));
    }
    return OkStatus();
  }
  TextTable table({"date", "AQI", "primary", "level", "category", ""});
  int with_aqi = 0;
  for (const DailyAqiRow& r : rows) {
    with_aqi += r.aqi ? 1 : 0;
    table.AddRow({FormatDate(r.date), r.aqi ? std::to_string(*r.aqi) : "-", primary(r),
                  r.category_level, r.category_en, r.category_zh});
  }
  fmt::print(
      "{}{} days, {} with an AQI (rule set {}; a day needs PM2.5, PM10 and one more "
      "pollutant)\n",
      table.Render(), rows.size(), with_aqi, rows.empty() ? "" : rows.front().rule_set);
  return OkStatus();
}

}  // namespace

Status RunAirAssessCity(const GlobalOptions& global, const AirCityOptions& opts) {
  if (opts.city.empty() || opts.year == 0) {
    return InvalidArgument("give --input FILE --out DIR, or --city NAME --year YYYY", "--city");
  }
  if (opts.format != "table" && opts.format != "csv" && opts.format != "json") {
    return InvalidArgument("--format must be table, csv or json", "--format");
  }
  AirAssessOptions options;
  options.aqi_rules = opts.rules;
  options.limit_sets = opts.limit_sets;
  KINET_ASSIGN_OR_RETURN(options.flagged, ParseFlagged(opts.flagged));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(CityAirAssessment a,
                         MonitoringService(*db).AssessCityYear(opts.city, opts.year, options));
  if (!a.stored) {
    // On stderr, so that the csv and json on stdout stay what they were.
    fmt::print(stderr,
               "Not stored: a what-if run (the stored assessment of {} {} is the one with the "
               "default AQI rule set, flagged values and limit sets; docs/air-quality.md).\n",
               a.city.code, a.year);
  }
  if (opts.format == "csv") {
    fmt::print("{}", FormatAnnualCsv(a.assessment));
  } else if (opts.format == "json") {
    fmt::print("{}\n", AssessmentJson(a).dump(2));
  } else {
    fmt::print("{}", AssessmentText(a));
  }
  return OkStatus();
}

void RegisterAirDailyCommand(CLI::App* air, CommandContext& ctx) {
  auto opts = std::make_shared<DailyOptions>();
  CLI::App* daily = air->add_subcommand(
      "daily", "Daily AQI, primary pollutant and category of a city from the database");
  daily->add_option("--city", opts->city, "City code or name")->type_name("NAME")->required();
  daily->add_option("--from", opts->from, "First day")->type_name("DATE")->required();
  daily->add_option("--to", opts->to, "Last day")->type_name("DATE")->required();
  daily
      ->add_option("--rules", opts->rules,
                   "AQI rule set (default: the one in force on each day, e.g. cn-hj633-2012 "
                   "before 2026-03-01)")
      ->type_name("ID");
  daily->add_option("--flagged", opts->flagged, "Flagged values: exclude (default) or include")
      ->type_name("exclude|include");
  daily->add_option("--format", opts->format, "table (default), csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(daily, [&global, opts] { return RunDaily(global, *opts); });
}

}  // namespace kinet
