// `kinet aqi --rules RULESET --mode hourly|daily [--units ...] [FILE|-]`:
// adds IAQI, AQI, category and primary-pollutant columns to a CSV of
// concentrations (rules/aqi_csv.h has the column contract;
// docs/air-quality.md documents the command). `kinet aqi --list` prints the
// available rule sets. Rule sets are the embedded files of standards/aqi/,
// overridden by `--standards DIR` or KINET_STANDARDS (rules/aqi_rules.h).
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "rules/aqi_csv.h"
#include "rules/aqi_rules.h"

namespace kinet {
namespace {

struct AqiCommandOptions {
  std::string input = "-";
  std::string rules;
  std::string mode = "daily";
  std::string units;
  std::string standards_dir;
  bool include_unconfirmed = false;
  bool list = false;
};

Status ListRuleSets(const AqiLoadOptions& load) {
  KINET_ASSIGN_OR_RETURN(std::vector<AqiRuleSetInfo> infos, ListAqiRuleSets(load));
  TextTable table({"id", "version", "jurisdiction", "effective", "title", "notes"});
  for (const AqiRuleSetInfo& info : infos) {
    std::string notes;
    if (!info.default_for_dates) notes += "chosen by id only";
    if (!info.confirmed) notes += std::string(notes.empty() ? "" : "; ") + "partly unconfirmed";
    if (info.origin != "embedded") notes += std::string(notes.empty() ? "" : "; ") + info.origin;
    table.AddRow({info.id, info.version, info.jurisdiction,
                  FormatDate(info.effective_from) + ".." +
                      (info.effective_to ? FormatDate(*info.effective_to) : std::string()),
                  info.title, notes});
  }
  fmt::print("{}", table.Render());
  return OkStatus();
}

Status RunAqi(const AqiCommandOptions& opts) {
  AqiLoadOptions load = DefaultAqiLoadOptions();
  if (!opts.standards_dir.empty()) load.standards_dir = opts.standards_dir;
  load.include_unconfirmed = opts.include_unconfirmed;
  if (opts.list) return ListRuleSets(load);
  if (opts.rules.empty()) {
    return InvalidArgument("--rules is required (kinet aqi --list shows the rule sets)", "--rules");
  }
  KINET_ASSIGN_OR_RETURN(const AqiRuleSet rules, LoadAqiRuleSet(opts.rules, load));
  AqiCsvOptions csv;
  KINET_ASSIGN_OR_RETURN(csv.mode, ParseAqiReportMode(opts.mode));
  KINET_ASSIGN_OR_RETURN(csv.units, ParseAqiUnitOverrides(opts.units));
  KINET_ASSIGN_OR_RETURN(const std::string text, ReadFile(opts.input));
  const std::string source = opts.input == "-" ? "stdin" : opts.input;
  KINET_ASSIGN_OR_RETURN(const std::string out, TransformAqiCsv(text, source, rules, csv));
  fmt::print("{}", out);
  return OkStatus();
}

}  // namespace

void RegisterAqiCommand(CommandContext& ctx) {
  auto opts = std::make_shared<AqiCommandOptions>();
  CLI::App* sub = ctx.app.add_subcommand(
      "aqi",
      "Add IAQI, AQI, category and primary pollutants to a CSV of concentrations whose columns "
      "are named POLLUTANT_AVERAGING (PM2.5_24h, SO2_1h, O3_8h ...; docs/air-quality.md)");
  sub->add_option("file", opts->input, "Input CSV; - for standard input (default)")
      ->type_name("FILE|-");
  sub->add_option("--rules", opts->rules,
                  "Rule set id: cn-hj633-2012, cn-hj633-2026, us-epa-aqi-2024, us-epa-aqi-2012, "
                  "cn-api-2000 (see --list)")
      ->type_name("RULESET");
  sub->add_option("--mode", opts->mode,
                  "daily (24h means, daily max 1h/8h) or hourly (real-time report); default daily")
      ->check(CLI::IsMember({"daily", "hourly"}));
  sub->add_option("--units", opts->units,
                  "Input units where they differ from the rule set's tables, e.g. "
                  "CO=ug/m3,SO2=ppb (converted at the rule set's reference state)")
      ->type_name("P=UNIT,...");
  sub->add_option("--standards", opts->standards_dir,
                  "Directory whose aqi/<id>.toml files override the built-in rule sets "
                  "(default $KINET_STANDARDS)")
      ->type_name("DIR");
  sub->add_flag(
      "--include-unconfirmed", opts->include_unconfirmed,
      "Also use breakpoint rows marked confirmed = false (e.g. the API's CO and O3 rows)");
  sub->add_flag("--list", opts->list, "List the available rule sets and exit");
  ctx.runner.Bind(sub, [opts] { return RunAqi(*opts); });
}

}  // namespace kinet
