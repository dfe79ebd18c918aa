// `kinet trend [FILE|-]`: the Mann-Kendall test and Theil-Sen slope of a
// `time,value` CSV (engine/trend.h). A contract other tools call:
// docs/trends.md fixes the input, the keys of the text and JSON output and
// their meaning; keep them stable.
//
// Input: a header naming `time` and `value` (other columns are ignored); time
// is a date YYYY-MM-DD, a month YYYY-MM, a year YYYY or a plain number; an
// empty value is missing and its row still holds its place in time. x, the
// time position, is measured in periods from the first row: the year (or
// month) difference for calendar times, the number minus the first number
// for plain numbers.
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/csv.h"
#include "core/file.h"
#include "core/period.h"
#include "engine/trend.h"

namespace kinet {
namespace {

struct TrendOptions {
  std::string input = "-";
  std::string period;  // "month", "year" or empty: inferred from the first time
  double alpha = 0.05;
  bool seasonal = false;
  std::string format = "text";
};

enum class TimeKind { kDate, kMonth, kYear, kNumber };

struct ParsedTime {
  TimeKind kind = TimeKind::kNumber;
  int year = 0;
  int month = 1;
  double number = 0.0;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A finite decimal number, or nullopt (also for "nan" and "inf").
std::optional<double> ParseNumber(std::string_view s) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

bool IsFourDigits(std::string_view s) {
  return s.size() == 4 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<ParsedTime> ParseTime(std::string_view s) {
  if (s.size() == 10) {
    Result<CivilDate> d = ParseDate(s);
    if (!d.ok()) return std::nullopt;
    return ParsedTime{TimeKind::kDate, d->year, d->month, 0.0};
  }
  if (s.size() == 7 && s[4] == '-') {
    Result<Period> p = Period::Parse(s);
    if (!p.ok()) return std::nullopt;
    return ParsedTime{TimeKind::kMonth, p->year, p->month, 0.0};
  }
  if (IsFourDigits(s)) {
    const int year = static_cast<int>(*ParseNumber(s));
    return ParsedTime{TimeKind::kYear, year, 1, static_cast<double>(year)};
  }
  const std::optional<double> number = ParseNumber(s);
  if (!number) return std::nullopt;
  return ParsedTime{TimeKind::kNumber, 0, 1, *number};
}

struct TrendInput {
  std::string period;  // "month", "year" or "number"
  std::vector<SeasonalTrendPoint> points;
};

// Reads the CSV into points with their time positions (see the file comment).
Result<TrendInput> ReadTrendCsv(std::string_view text, const std::string& source,
                                const TrendOptions& opts) {
  CsvReader reader(text, source);
  std::vector<std::string> fields;
  KINET_ASSIGN_OR_RETURN(bool has_header, reader.Next(fields));
  if (!has_header) return InvalidArgument(fmt::format("{}: the input is empty", source));
  for (std::string& f : fields) f = std::string(Trim(f));
  const CsvHeader header(fields);
  KINET_ASSIGN_OR_RETURN(std::size_t time_col, header.Require("time", source));
  KINET_ASSIGN_OR_RETURN(std::size_t value_col, header.Require("value", source));

  TrendInput input;
  input.period = opts.period;
  std::optional<ParsedTime> first;
  double first_index = 0.0;
  std::map<double, int> seen;  // time index -> line, for duplicates
  while (true) {
    KINET_ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) break;
    const std::string where = reader.Where();
    if (fields.size() <= std::max(time_col, value_col)) {
      return InvalidArgument(
          fmt::format("{}: {} fields, the header has {}", where, fields.size(), header.size()));
    }
    const std::string_view time_text = Trim(fields[time_col]);
    const std::optional<ParsedTime> t = ParseTime(time_text);
    if (!t) {
      return InvalidArgument(
          fmt::format("{}: column time: '{}' is not a date (YYYY-MM-DD), month (YYYY-MM), year "
                      "(YYYY) or number",
                      where, time_text),
          "time");
    }
    if (!first) {
      first = t;
      if (input.period.empty()) {
        input.period =
            (t->kind == TimeKind::kDate || t->kind == TimeKind::kMonth) ? "month" : "year";
      }
    }
    const bool calendar = t->kind != TimeKind::kNumber;
    if (calendar != (first->kind != TimeKind::kNumber)) {
      return InvalidArgument(
          fmt::format("{}: column time: '{}' mixes plain numbers with calendar times", where,
                      time_text),
          "time");
    }
    if (calendar && input.period == "month" && t->kind == TimeKind::kYear) {
      return InvalidArgument(
          fmt::format("{}: column time: '{}' is a year, which has no place on a monthly axis "
                      "(use --period year)",
                      where, time_text),
          "time");
    }
    // The time index: months or years since year 0, or the plain number.
    double index = t->number;
    if (calendar) {
      index = input.period == "month" ? t->year * 12.0 + (t->month - 1) : t->year;
    }
    if (seen.empty()) first_index = index;  // x = 0 at the first row
    const auto [it, inserted] = seen.emplace(index, reader.line());
    if (!inserted) {
      return InvalidArgument(fmt::format("{}: column time: '{}' repeats the {} of line {}", where,
                                         time_text, calendar ? input.period : "time", it->second),
                             "time");
    }
    const std::string_view value_text = Trim(fields[value_col]);
    if (value_text.empty()) continue;  // missing: the row keeps its place, no point
    const std::optional<double> value = ParseNumber(value_text);
    if (!value) {
      return InvalidArgument(
          fmt::format("{}: column value: '{}' is not a number", where, value_text), "value");
    }
    input.points.push_back(SeasonalTrendPoint{index - first_index, *value, t->month});
  }
  if (input.period.empty()) input.period = "year";  // no rows
  if (first && first->kind == TimeKind::kNumber && opts.period.empty()) input.period = "number";
  if (opts.seasonal && first && (input.period != "month" || first->kind == TimeKind::kNumber)) {
    return InvalidArgument("--seasonal needs a monthly series: dates or months with --period month",
                           "seasonal");
  }
  return input;
}

// The output fields in contract order; nullopt prints as null.
struct OutputField {
  std::string key;
  std::optional<double> number;
  std::string text;  // used when is_text
  bool is_text = false;
  bool is_int = false;
};

std::vector<OutputField> Fields(const TrendOptions& opts, const TrendInput& input,
                                const TrendAnalysis& a) {
  const std::optional<MannKendallResult>& mk = a.mann_kendall;
  const std::optional<SenSlopeResult>& sen = a.sen_slope;
  auto num = [](std::string key, std::optional<double> v) {
    return OutputField{std::move(key), v, {}, false, false};
  };
  auto opt = [](const auto& o, auto member) -> std::optional<double> {
    if (!o) return std::nullopt;
    return static_cast<double>((*o).*member);
  };
  std::vector<OutputField> f;
  f.push_back({"method", std::nullopt, opts.seasonal ? "seasonal-kendall" : "mann-kendall", true});
  f.push_back({"period", std::nullopt, input.period, true});
  f.push_back({"n", static_cast<double>(a.n), {}, false, true});
  f.push_back(num("slope", opt(sen, &SenSlopeResult::slope)));
  f.push_back(num("slope_lower", opt(sen, &SenSlopeResult::lower)));
  f.push_back(num("slope_upper", opt(sen, &SenSlopeResult::upper)));
  f.push_back(num("confidence", 1.0 - opts.alpha));
  f.push_back(num("intercept", opt(sen, &SenSlopeResult::intercept)));
  f.push_back(num("s", opt(mk, &MannKendallResult::s)));
  f.push_back(num("variance", opt(mk, &MannKendallResult::variance)));
  f.push_back(num("z", opt(mk, &MannKendallResult::z)));
  f.push_back(num("p_value", opt(mk, &MannKendallResult::p_value)));
  f.push_back(num("tau", opt(mk, &MannKendallResult::tau)));
  f.push_back(num("alpha", opts.alpha));
  f.push_back({"trend", std::nullopt,
               mk ? std::string(TrendDirectionCode(mk->direction)) : "insufficient data", true});
  return f;
}

std::string RenderText(const std::vector<OutputField>& fields) {
  std::string out;
  for (const OutputField& f : fields) {
    std::string value;
    if (f.is_text) {
      value = f.text;
    } else if (!f.number) {
      value = "null";
    } else if (f.is_int) {
      value = fmt::format("{}", static_cast<long long>(*f.number));
    } else {
      value = fmt::format("{}", *f.number);
    }
    out += fmt::format("{}: {}\n", f.key, value);
  }
  return out;
}

std::string RenderJson(const std::vector<OutputField>& fields) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const OutputField& f : fields) {
    if (f.is_text) {
      j[f.key] = f.text;
    } else if (!f.number) {
      j[f.key] = nullptr;
    } else if (f.is_int) {
      j[f.key] = static_cast<long long>(*f.number);
    } else {
      j[f.key] = *f.number;
    }
  }
  return j.dump(2) + "\n";
}

Status RunTrend(const TrendOptions& opts) {
  if (!(opts.alpha > 0.0 && opts.alpha < 1.0)) {
    return InvalidArgument(fmt::format("--alpha must lie between 0 and 1, not {}", opts.alpha),
                           "alpha");
  }
  KINET_ASSIGN_OR_RETURN(const std::string text, ReadFile(opts.input));
  const std::string source = opts.input == "-" ? "stdin" : opts.input;
  KINET_ASSIGN_OR_RETURN(const TrendInput input, ReadTrendCsv(text, source, opts));
  TrendAnalysis analysis;
  if (opts.seasonal) {
    KINET_ASSIGN_OR_RETURN(analysis, AnalyzeSeasonalTrend(input.points, opts.alpha));
  } else {
    std::vector<TrendPoint> points;
    points.reserve(input.points.size());
    for (const SeasonalTrendPoint& p : input.points) points.push_back(TrendPoint{p.x, p.y});
    KINET_ASSIGN_OR_RETURN(analysis, AnalyzeTrend(points, opts.alpha));
  }
  const std::vector<OutputField> fields = Fields(opts, input, analysis);
  fmt::print("{}", opts.format == "json" ? RenderJson(fields) : RenderText(fields));
  return OkStatus();
}

}  // namespace

void RegisterTrendCommand(CommandContext& ctx) {
  auto opts = std::make_shared<TrendOptions>();
  CLI::App* sub = ctx.app.add_subcommand(
      "trend", "Mann-Kendall trend test and Theil-Sen slope of a time,value CSV (docs/trends.md)");
  sub->add_option("file", opts->input, "CSV with columns time,value; - for standard input")
      ->type_name("FILE|-");
  sub->add_option("--period", opts->period,
                  "Unit of x and of the slope: month or year (default: month for dates and "
                  "months, year for years)")
      ->check(CLI::IsMember({"month", "year"}));
  sub->add_option("--alpha", opts->alpha,
                  "Significance level of the test; the slope's interval is 1-alpha (default 0.05)")
      ->type_name("P");
  sub->add_flag("--seasonal", opts->seasonal,
                "Seasonal Kendall test and seasonal Sen slope over calendar months (monthly data)");
  sub->add_option("--format", opts->format, "Output: text (key: value lines) or json")
      ->check(CLI::IsMember({"text", "json"}));
  ctx.runner.Bind(sub, [opts] { return RunTrend(*opts); });
}

}  // namespace kinet
