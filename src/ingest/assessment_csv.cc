#include "ingest/assessment_csv.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "core/file.h"

namespace kinet {

namespace {

void AppendRounded(std::string& out, const std::optional<double>& v) {
  if (!v) return;
  char buf[64];
  const std::to_chars_result r =
      std::to_chars(buf, buf + sizeof buf, RoundReport(*v), std::chars_format::fixed, 3);
  out.append(buf, r.ptr);
}

void AppendInt(std::string& out, long long v) {
  char buf[24];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendKey(std::string& out, SeriesLevel level, const std::string& id, int year) {
  out += SeriesLevelName(level);
  out += ',';
  out += id;
  out += ',';
  AppendInt(out, year);
  out += ',';
}

}  // namespace

double RoundReport(double x) {
  return std::copysign(std::floor(std::fabs(x) * 1000.0 + 0.5 + 1e-6) / 1000.0, x);
}

std::string FormatAnnualCsv(const AirAssessment& assessment) {
  std::string out =
      "level,id,year,pollutant,annual_mean,valid_days,annual_valid,percentile,exceed_days\n";
  out.reserve(out.size() + assessment.annual.size() * 64);
  for (const AnnualAssessmentRow& row : assessment.annual) {
    AppendKey(out, row.level, row.id, row.year);
    out += PollutantCode(row.pollutant);
    out += ',';
    AppendRounded(out, row.stats.mean);
    out += ',';
    AppendInt(out, row.stats.valid_days);
    out += row.stats.valid ? ",1," : ",0,";
    AppendRounded(out, row.stats.percentile);
    out += ',';
    AppendInt(out, row.stats.exceed_days);
    out += '\n';
  }
  return out;
}

std::string FormatAqiCsv(const AirAssessment& assessment) {
  std::string out = "level,id,year,aqi_days,good_days,good_ratio,max_aqi\n";
  out.reserve(out.size() + assessment.aqi.size() * 48);
  for (const AqiYearRow& row : assessment.aqi) {
    AppendKey(out, row.level, row.id, row.year);
    AppendInt(out, row.aqi_days);
    out += ',';
    AppendInt(out, row.good_days);
    out += ',';
    AppendRounded(out, row.good_ratio);
    out += ',';
    if (row.max_aqi) AppendInt(out, *row.max_aqi);
    out += '\n';
  }
  return out;
}

Status WriteAssessmentCsv(const AirAssessment& assessment, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Unavailable(fmt::format("{}: cannot create the directory: {}", dir, ec.message()));
  const std::filesystem::path base(dir);
  KINET_RETURN_IF_ERROR(
      WriteFileAtomic((base / "annual.csv").string(), FormatAnnualCsv(assessment)));
  return WriteFileAtomic((base / "aqi.csv").string(), FormatAqiCsv(assessment));
}

}  // namespace kinet
