#include "rules/aqi_csv.h"

#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "core/csv.h"

namespace kinet {
namespace {

// A concentration column of the input.
struct PollutantColumn {
  std::size_t position = 0;
  Pollutant pollutant = Pollutant::kPm25;
  Averaging averaging = Averaging::kDay;
  double factor = 1;                // input unit -> table unit
  std::optional<std::size_t> item;  // report item fed by this column
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// "<POLLUTANT>_<AVERAGING>" with an AQI pollutant and 1h/8h/24h, else nullopt.
std::optional<std::pair<Pollutant, Averaging>> ParseColumnName(std::string_view name) {
  const std::size_t underscore = name.rfind('_');
  if (underscore == std::string_view::npos) return std::nullopt;
  const std::optional<Pollutant> p = ParsePollutant(name.substr(0, underscore));
  const std::optional<Averaging> a = ParseAveraging(name.substr(underscore + 1));
  if (!p || !a || !AqiPollutantIndex(*p)) return std::nullopt;
  if (*a != Averaging::kHour && *a != Averaging::kEightHour && *a != Averaging::kDay) {
    return std::nullopt;
  }
  return std::make_pair(*p, *a);
}

// The unit of the rule set's tables for `p`: the table for (p, a) if any, else any table of p.
std::optional<Unit> TableUnit(const AqiRuleSet& rules, Pollutant p, Averaging a) {
  if (const AqiTable* t = rules.FindTable(p, a)) return t->unit;
  for (const AqiTable& t : rules.tables) {
    if (t.pollutant == p) return t.unit;
  }
  return std::nullopt;
}

}  // namespace

Result<AqiReportMode> ParseAqiReportMode(std::string_view text) {
  if (text == "daily") return AqiReportMode::kDaily;
  if (text == "hourly" || text == "real-time") return AqiReportMode::kHourly;
  return InvalidArgument(fmt::format("mode '{}' is not daily or hourly", text), "--mode");
}

Result<std::vector<AqiUnitOverride>> ParseAqiUnitOverrides(std::string_view spec) {
  std::vector<AqiUnitOverride> out;
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    const std::string_view entry = Trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (entry.empty()) continue;
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) {
      return InvalidArgument(fmt::format("--units: '{}' is not POLLUTANT=UNIT", entry), "--units");
    }
    const std::optional<Pollutant> p = ParsePollutant(Trim(entry.substr(0, eq)));
    const std::optional<Unit> u = ParseUnit(Trim(entry.substr(eq + 1)));
    if (!p || !AqiPollutantIndex(*p)) {
      return InvalidArgument(
          fmt::format("--units: '{}' is not an AQI pollutant", entry.substr(0, eq)), "--units");
    }
    if (!u) {
      return InvalidArgument(
          fmt::format("--units: '{}' is not a unit (ug/m3, mg/m3, ppb, ppm)", entry.substr(eq + 1)),
          "--units");
    }
    out.push_back({*p, *u});
  }
  return out;
}

Result<std::string> TransformAqiCsv(std::string_view csv, std::string_view source,
                                    const AqiRuleSet& rules, const AqiCsvOptions& options) {
  CsvReader reader(csv, std::string(source));
  std::vector<std::string> fields;
  KINET_ASSIGN_OR_RETURN(bool has_header, reader.Next(fields));
  if (!has_header)
    return InvalidArgument(fmt::format("{}: empty input, expected a header", source));
  const std::vector<std::string> header = fields;
  const AqiReportRules& report = options.mode == AqiReportMode::kDaily ? rules.daily : rules.hourly;

  std::vector<PollutantColumn> columns;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::optional<std::pair<Pollutant, Averaging>> parsed = ParseColumnName(header[i]);
    if (!parsed) continue;
    PollutantColumn col;
    col.position = i;
    col.pollutant = parsed->first;
    col.averaging = parsed->second;
    for (const PollutantColumn& other : columns) {
      if (other.pollutant == col.pollutant && other.averaging == col.averaging) {
        return InvalidArgument(
            fmt::format("{}: column {}: a second column for {} {}", reader.Where(), header[i],
                        PollutantCode(col.pollutant), AveragingCode(col.averaging)),
            header[i]);
      }
    }
    for (const AqiUnitOverride& u : options.units) {
      if (u.pollutant != col.pollutant) continue;
      const std::optional<Unit> table_unit = TableUnit(rules, col.pollutant, col.averaging);
      if (!table_unit) break;  // the rule set does not index this pollutant: nothing to convert
      Result<double> factor = ConversionFactor(col.pollutant, u.unit, *table_unit, rules.reference);
      if (!factor.ok()) {
        return InvalidArgument(
            fmt::format("{}: column {}: {}", reader.Where(), header[i], factor.status().message()),
            header[i]);
      }
      col.factor = *factor;
    }
    const std::span<const AqiItem> items = report.Items();
    for (std::size_t k = 0; k < items.size(); ++k) {
      if (items[k].pollutant == col.pollutant && items[k].input == col.averaging) {
        col.item = k;
        break;
      }
    }
    columns.push_back(col);
  }

  std::vector<std::string> out_header = header;
  for (const PollutantColumn& col : columns) out_header.push_back("iaqi_" + header[col.position]);
  out_header.insert(out_header.end(), {"aqi", "category", "primary_pollutants"});
  std::string out = CsvLine(out_header);
  out += '\n';

  std::vector<std::string> row;
  while (true) {
    KINET_ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) break;
    if (fields.size() != header.size()) {
      return InvalidArgument(fmt::format("{}: expected {} fields, found {}", reader.Where(),
                                         header.size(), fields.size()));
    }
    AqiConcentrations c;
    for (const PollutantColumn& col : columns) {
      const std::string_view cell = Trim(fields[col.position]);
      if (cell.empty()) continue;
      double value = 0;
      const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
      if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(value)) {
        return InvalidArgument(fmt::format("{}: column {}: '{}' is not a number", reader.Where(),
                                           header[col.position], cell),
                               header[col.position]);
      }
      if (value < 0) {
        return InvalidArgument(fmt::format("{}: column {}: negative concentration {}",
                                           reader.Where(), header[col.position], cell),
                               header[col.position]);
      }
      c.Set(col.pollutant, col.averaging, value * col.factor);
    }
    const AqiResult result =
        options.mode == AqiReportMode::kDaily ? DailyAqi(rules, c) : HourlyAqi(rules, c);
    row = fields;
    for (const PollutantColumn& col : columns) {
      const std::optional<int> index = col.item ? result.item_iaqi[*col.item] : std::nullopt;
      row.push_back(index ? std::to_string(*index) : std::string());
    }
    row.push_back(result.aqi ? std::to_string(*result.aqi) : std::string());
    row.push_back(result.category ? rules.categories[*result.category].name_en : std::string());
    std::string primary;
    for (std::size_t p = 0; p < kAqiPollutantCount; ++p) {
      if ((result.primary_mask & (1u << p)) == 0) continue;
      if (!primary.empty()) primary += ';';
      primary += PollutantCode(kAqiPollutants[p]);
    }
    row.push_back(std::move(primary));
    out += CsvLine(row);
    out += '\n';
  }
  return out;
}

}  // namespace kinet
