// Fuzz target: the general monitoring reader (ingest/monitoring_reader.h),
// every layout, both time labels, a daylight-saving zone, and a column map.
//
// Input: byte 0 chooses the options (bits 0-1 layout wide/prsa/long/wide,
// bit 2 end-of-hour labels, bit 3 --city Beijing, bit 4 --tz
// America/New_York, bit 5 --units CO=ug/m3,SO2=ppb); when the rest starts
// with '@', its first line is a --map value; the remainder is the file.
// Invariants: an error names the file (and the column when it is about one); a read file's summary
// and issues point into the file; every given value sits in a series of the
// batch with its hour inside the series' year.
#include <cmath>
#include <string>
#include <tuple>

#include "fuzz_check.h"
#include "ingest/monitoring_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  if (size < 1 || size > 256 * 1024) return 0;
  const std::uint8_t mode = data[0];
  std::string_view text = AsText(data + 1, size - 1);
  MonitoringReadOptions o;
  switch (mode & 3) {
    case 1:
      o.format = MonitoringFormat::kPrsa;
      break;
    case 2:
      o.format = MonitoringFormat::kLong;
      break;
    default:
      o.format = MonitoringFormat::kWide;
  }
  if (mode & 4) o.time_label = TimeLabel::kEnd;
  if (mode & 8) o.city = "Beijing";
  if (mode & 16) o.time_zone = "America/New_York";
  if (mode & 32) {
    Result<std::map<Pollutant, Unit>> units = ParseUnitList("CO=ug/m3,SO2=ppb");
    KINET_FUZZ_CHECK(units.ok(), units.status().ToString());
    o.units = *units;
  }
  o.now_utc = 1685577600;  // 2023-06-01T00:00Z, so "future" does not depend on the clock
  o.resolve_city = [](std::string_view city) -> Result<ResolvedCity> {
    if (city == "Beijing" || city == "beijing") return ResolvedCity{"beijing", "Asia/Shanghai"};
    if (city == "New York") return ResolvedCity{"new-york", "America/New_York"};
    return InvalidArgument("no city '" + std::string(city) + "'", "city");
  };
  if (!text.empty() && text[0] == '@') {
    const std::size_t eol = text.find('\n');
    const std::string_view spec =
        text.substr(1, eol == std::string_view::npos ? text.npos : eol - 1);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    Result<ColumnMap> map = ParseColumnMap(spec);
    if (!map.ok()) {
      CheckFieldError(map.status());
      KINET_FUZZ_CHECK(map.status().field() == "--map", map.status().ToString());
      return 0;
    }
    o.columns = *map;
  }
  const std::string source = "fuzz.csv";
  MonitoringBatch batch;
  Result<MonitoringFileSummary> summary = ReadMonitoringText(text, source, o, batch);
  if (!summary.ok()) {
    CheckFileError(summary.status(), source);
    return 0;
  }
  KINET_FUZZ_CHECK(summary->file == source, summary->file);
  KINET_FUZZ_CHECK(summary->rows >= 0 && summary->values() >= 0, "negative counts");
  for (const MonitoringIssue& issue : batch.issues()) {
    KINET_FUZZ_CHECK(issue.file == source, issue.file);
    KINET_FUZZ_CHECK(issue.line >= 2, issue.note);
    KINET_FUZZ_CHECK(!issue.column.empty(), issue.note);
  }
  std::int64_t given = 0;
  for (const auto& [key, series] : batch.series()) {
    const int year = std::get<2>(key);
    KINET_FUZZ_CHECK(series.given.size() == static_cast<std::size_t>(kBlockHours) &&
                         series.block.values.size() == series.given.size(),
                     std::get<0>(key));
    for (std::size_t i = 0; i < series.given.size(); ++i) {
      if (!series.given[i]) continue;
      KINET_FUZZ_CHECK(i < static_cast<std::size_t>(HoursInYear(year)), std::get<0>(key));
      ++given;
      KINET_FUZZ_CHECK(std::isfinite(series.block.values[i]), std::get<0>(key));
    }
  }
  KINET_FUZZ_CHECK(given <= summary->values(), "more values stored than read");
  batch.FlagSuspectedUnits();
  return 0;
}
