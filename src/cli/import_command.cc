// `kinet import ...`: bringing outside data into the database. A command
// group: `kinet import monitoring` reads hourly air-quality files (the
// contract of docs/cli.md; formats and flags in docs/monitoring.md); later
// kinds of import join it as further subcommands.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/import_summary.h"
#include "cli/output.h"
#include "core/csv.h"
#include "core/file.h"
#include "service/monitoring_service.h"

namespace kinet {
namespace {

struct MonitoringOptions {
  std::string format;
  std::string city;
  std::string units;
  std::string tz;
  std::string time_label = "start";
  std::string map;
  std::string rules;
  std::string issues;
  int max_issues = 10;
  std::vector<std::string> files;
};

// Writes every issue as CSV (file,line,column,station,time,value,flag,note).
Status WriteIssues(const std::string& path, const std::vector<MonitoringIssue>& issues) {
  std::string out = "file,line,column,station,time,value,flag,note\n";
  for (const MonitoringIssue& i : issues) {
    out += CsvLine({i.file, std::to_string(i.line), i.column, i.station, i.time, i.value,
                    std::string(QualityFlagCode(i.flag)), i.note});
    out += '\n';
  }
  return WriteFileAtomic(path, out);
}

Status RunMonitoring(const GlobalOptions& global, const MonitoringOptions& opts) {
  MonitoringImportOptions options;
  std::optional<MonitoringFormat> format = ParseMonitoringFormat(opts.format);
  if (!format) {
    return InvalidArgument(fmt::format("--format {} is not wide, prsa or long", opts.format),
                           "--format");
  }
  options.format = *format;
  if (opts.time_label != "start" && opts.time_label != "end") {
    return InvalidArgument("--time-label must be start or end", "--time-label");
  }
  options.time_label = opts.time_label == "end" ? TimeLabel::kEnd : TimeLabel::kStart;
  KINET_ASSIGN_OR_RETURN(options.units, ParseUnitList(opts.units));
  KINET_ASSIGN_OR_RETURN(options.columns, ParseColumnMap(opts.map));
  options.city = opts.city;
  options.time_zone = opts.tz;
  options.rules = opts.rules;
  if (::isatty(STDERR_FILENO) == 1) {
    options.progress = [&opts](std::size_t file, std::size_t done, std::size_t total) {
      ProgressBar(fmt::format("{}/{} {}", file + 1, opts.files.size(), opts.files[file]), done,
                  total);
    };
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  Result<MonitoringImportSummary> summary = MonitoringService(*db).Import(opts.files, options);
  if (options.progress) fmt::print(stderr, "\r\033[K");
  if (!summary.ok()) return summary.status();
  fmt::print("{}", FormatImportSummary(*summary, db->display_name(), opts.max_issues));
  if (!opts.issues.empty()) {
    KINET_RETURN_IF_ERROR(WriteIssues(opts.issues, summary->issues));
    fmt::print("Wrote {} issues to {}.\n", summary->issues.size(), opts.issues);
  }
  return OkStatus();
}

}  // namespace

void RegisterImportCommand(CommandContext& ctx) {
  CLI::App* import = ctx.app.add_subcommand("import", "Import data files into the database");
  import->require_subcommand(1);

  auto opts = std::make_shared<MonitoringOptions>();
  CLI::App* mon = import->add_subcommand(
      "monitoring",
      "Import hourly air-quality monitoring files (wide, prsa or long CSV, plain or gzip) into "
      "the dense hourly blocks, in one transaction (docs/monitoring.md)");
  mon->add_option("--format", opts->format, "Layout: wide, prsa or long")
      ->type_name("wide|prsa|long")
      ->required();
  mon->add_option("--city", opts->city,
                  "City (code or name) of every station in files without a city column")
      ->type_name("NAME");
  mon->add_option("--units", opts->units,
                  "Units of the values, per pollutant: CO=ug/m3,SO2=ppb (defaults: wide ug/m3 "
                  "with CO mg/m3; prsa ug/m3; long the unit column)")
      ->type_name("P=UNIT,...");
  mon->add_option("--tz", opts->tz, "IANA time zone of the times (default: the city's zone)")
      ->type_name("ZONE");
  mon->add_option("--time-label", opts->time_label,
                  "Whether a time labels the start (default) or the end of its hour")
      ->type_name("start|end");
  mon->add_option("--map", opts->map,
                  "Column mapping logical=column: time=Date,station=Site,PM2.5=pm25")
      ->type_name("NAME=COLUMN,...");
  mon->add_option("--rules", opts->rules,
                  "AQI rule set whose reference state converts ppb/ppm (default cn-hj633-2012)")
      ->type_name("ID");
  mon->add_option("--issues", opts->issues, "Write every flagged value to this CSV file")
      ->type_name("FILE");
  mon->add_option("--max-issues", opts->max_issues, "Issues listed on the terminal (default 10)")
      ->check(CLI::NonNegativeNumber);
  mon->add_option("FILE", opts->files, "Input files")->required();
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(mon, [&global, opts] { return RunMonitoring(global, *opts); });
}

}  // namespace kinet
