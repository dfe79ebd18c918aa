#include "cli/import_summary.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "cli/output.h"

namespace kinet {

std::string FormatImportSummary(const MonitoringImportSummary& summary, std::string_view database,
                                int max_issues) {
  std::string out;
  std::int64_t rows = 0;
  TextTable files({"file", "format", "rows", "values", "missing", "flagged", "hours (LST)"});
  std::map<Pollutant, ParameterCounts> parameters;
  std::map<Pollutant, Unit> units;
  std::array<std::int64_t, kQualityFlags.size()> flags{};
  for (const MonitoringFileSummary& f : summary.files) {
    rows += f.rows;
    files.AddRow({f.file, std::string(MonitoringFormatCode(f.format)), std::to_string(f.rows),
                  std::to_string(f.values()), std::to_string(f.missing()),
                  std::to_string(f.flagged()),
                  f.first_hour.empty() ? "" : f.first_hour + " .. " + f.last_hour});
    for (const auto& [p, c] : f.parameters) {
      parameters[p].values += c.values;
      parameters[p].missing += c.missing;
      parameters[p].flagged += c.flagged;
    }
    for (const auto& [p, u] : f.units) units[p] = u;
    for (std::size_t i = 0; i < flags.size(); ++i) flags[i] += f.flags[i];
  }
  flags[2] += summary.suspected_unit_values;  // kFlagSuspectedUnit: a series-level check
  out += fmt::format("Read {} file{}, {} rows, into {}:\n", summary.files.size(),
                     summary.files.size() == 1 ? "" : "s", rows, database);
  out += files.Render();
  TextTable params({"parameter", "unit read", "values", "missing", "flagged"});
  for (const auto& [p, c] : parameters) {
    params.AddRow({std::string(PollutantCode(p)),
                   units.count(p) ? std::string(UnitCode(units[p])) : "", std::to_string(c.values),
                   std::to_string(c.missing), std::to_string(c.flagged)});
  }
  out += "\n" + params.Render();
  std::string flag_text;
  for (std::size_t i = 0; i < flags.size(); ++i) {
    flag_text += fmt::format("{}{} {}", i ? ", " : "", QualityFlagCode(kQualityFlags[i]), flags[i]);
  }
  out += fmt::format("\nQuality flags: {}.\n", flag_text);
  for (const MonitoringFileSummary& f : summary.files) {
    if (!f.ignored_columns.empty()) {
      std::string cols;
      for (const std::string& c : f.ignored_columns) cols += (cols.empty() ? "" : ",") + c;
      out += fmt::format("Not parameters, not imported: {} ({}).\n", cols, f.file);
      break;  // the files of one import share their layout
    }
  }
  for (const MonitoringFileSummary& f : summary.files) {
    if (f.ignored_rows > 0) {
      out += fmt::format("{}: {} rows of other parameters not imported.\n", f.file, f.ignored_rows);
    }
  }
  if (!summary.new_stations.empty()) {
    std::string names;
    for (const std::string& s : summary.new_stations) names += (names.empty() ? "" : ", ") + s;
    out += fmt::format(
        "Registered {} new station{} (type urban; check with `kinet station show`): {}.\n",
        summary.new_stations.size(), summary.new_stations.size() == 1 ? "" : "s", names);
  }
  if (summary.changed()) {
    out += fmt::format(
        "Stored: {} blocks created, {} updated, {} unchanged; {} hourly values "
        "changed.\n",
        summary.blocks_created, summary.blocks_updated, summary.blocks_unchanged,
        summary.changed_values);
  } else {
    out += fmt::format(
        "Unchanged: every value was already stored ({} blocks); the import is "
        "recorded.\n",
        summary.blocks_unchanged);
  }
  out += AirValuesLine(summary);
  if (!summary.issues.empty() && max_issues > 0) {
    out += fmt::format("\nIssues ({} flagged values{}):\n", summary.issues.size(),
                       static_cast<int>(summary.issues.size()) > max_issues
                           ? fmt::format(", first {}; all with --issues FILE", max_issues)
                           : "");
    TextTable issues({"where", "column", "station", "hour (LST)", "value", "flag"});
    int n = 0;
    for (const MonitoringIssue& i : summary.issues) {
      if (n++ >= max_issues) break;
      issues.AddRow({fmt::format("{}:{}", i.file, i.line), i.column, i.station, i.time, i.value,
                     std::string(QualityFlagCode(i.flag))});
    }
    out += issues.Render();
  }
  return out;
}

std::string AirValuesLine(const MonitoringImportSummary& summary) {
  if (!summary.air_values_error.empty()) {
    return fmt::format(
        "Air indicator values were NOT recomputed ({}); run `kinet air publish --city NAME`.\n",
        summary.air_values_error);
  }
  if (!summary.changed()) return "";
  return fmt::format(
      "Air indicator values (computed): {} stored or changed, {} unchanged, {} not valid (years "
      "with fewer than 324 valid days; `kinet air publish` lists them).\n",
      summary.air_values_changed, summary.air_values_unchanged, summary.air_values_not_valid);
}

void ProgressBar(std::string_view label, std::size_t done, std::size_t total) {
  constexpr int kWidth = 30;
  const double share = total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / total);
  const int filled = static_cast<int>(share * kWidth);
  std::string label_text(label.size() > 40 ? "..." + std::string(label.substr(label.size() - 37))
                                           : std::string(label));
  fmt::print(stderr, "\r{} [{}{}] {:3.0f}%", label_text, std::string(filled, '#'),
             std::string(kWidth - filled, '.'), share * 100);
  std::fflush(stderr);
}

void LoadSampleMonitoring(Database& db, const std::string& dir_option) {
  namespace fs = std::filesystem;
  std::vector<std::string> candidates;
  if (!dir_option.empty()) {
    candidates.push_back(dir_option);
  } else {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back((exe.parent_path() / "../../../data/sample/monitoring").string());
    candidates.push_back("data/sample/monitoring");
  }
  for (const std::string& dir : candidates) {
    std::error_code ec;
    if (!fs::is_directory(fs::path(dir) / "beijing", ec)) continue;
    const std::string shown = fs::weakly_canonical(dir, ec).string();
    fmt::print("Importing the sample monitoring data from {} ...\n", shown.empty() ? dir : shown);
    std::fflush(stdout);
    Result<MonitoringImportSummary> s = ImportSampleMonitoring(db, dir);
    if (!s.ok()) {
      fmt::print(stderr, "kinet: the sample monitoring data was not imported: {}\n",
                 s.status().message());
      return;
    }
    std::int64_t rows = 0, values = 0;
    for (const MonitoringFileSummary& f : s->files) {
      rows += f.rows;
      values += f.values();
    }
    fmt::print(
        "Imported the Beijing monitoring data (UCI Beijing Multi-Site Air-Quality Data, CC BY "
        "4.0): {} files, {} rows, {} hourly values of {} stations in {} blocks; {} values "
        "flagged.\n",
        s->files.size(), rows, values, s->files.size(), s->blocks_created + s->blocks_updated,
        s->issues.size() + static_cast<std::size_t>(s->suspected_unit_values));
    fmt::print("{}", AirValuesLine(*s));
    return;
  }
  std::string looked;
  for (const std::string& dir : candidates) looked += (looked.empty() ? "" : ", ") + dir;
  fmt::print(
      "The sample monitoring data folder was not found (looked in {}); the sample network has no "
      "monitoring data. Import it later with `kinet import monitoring --format prsa --city "
      "beijing data/sample/monitoring/beijing/*.csv.gz`, or give --sample-data DIR.\n",
      looked);
}

}  // namespace kinet
