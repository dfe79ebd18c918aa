#include "ingest/monitoring_reader.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/csv.h"
#include "core/sha256.h"

namespace kinet {
namespace {

constexpr std::string_view kLogicalNames[] = {"station",   "city",  "time", "date",
                                              "year",      "month", "day",  "hour",
                                              "parameter", "value", "unit"};

bool IsLogicalName(std::string_view name) {
  return std::find(std::begin(kLogicalNames), std::end(kLogicalNames), name) !=
             std::end(kLogicalNames) ||
         ParsePollutant(name).has_value();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The spellings of a missing value: empty, NA (the PRSA files), NaN, null.
bool IsMissingToken(std::string_view s) {
  return s.empty() || s == "NA" || s == "N/A" || s == "NaN" || s == "nan" || s == "null" ||
         s == "NULL";
}

std::optional<double> ParseNumber(std::string_view s) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);                                       // from_chars takes no '+'
    if (!s.empty() && s.front() == '-') return std::nullopt;  // "+-5" is not a number
  }
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int> ParseDigits(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A time as written: a civil date, an hour (0..24), and the UTC offset when
// the text carries one ("Z", "+08:00").
struct WrittenTime {
  CivilDate date;
  int hour = 0;
  std::optional<Seconds> offset;
};

// Parses "YYYY-MM-DD HH:MM[:SS][Z|±HH[:MM]]" (also 'T' for ' ', '/' for '-',
// and "YYYY-MM-DD HH"). Minutes and seconds must be zero. Returns the reason
// on failure.
Result<WrittenTime> ParseWrittenTime(std::string_view s) {
  s = Trim(s);
  const auto bad = [&](std::string_view why) {
    return InvalidArgument(fmt::format("'{}' {}", s, why));
  };
  if (s.size() < 13 || (s[10] != ' ' && s[10] != 'T')) {
    return bad("is not a time of the form YYYY-MM-DD HH:00");
  }
  std::optional<int> y = ParseDigits(s.substr(0, 4));
  std::optional<int> mo = ParseDigits(s.substr(5, 2));
  std::optional<int> d = ParseDigits(s.substr(8, 2));
  std::optional<int> h = ParseDigits(s.substr(11, 2));
  if (!y || !mo || !d || !h || (s[4] != '-' && s[4] != '/') || s[7] != s[4]) {
    return bad("is not a time of the form YYYY-MM-DD HH:00");
  }
  if (!IsValidDate(*y, *mo, *d)) return bad("is not a real date");
  if (*h > 24) return bad("has an hour outside 0..24");
  WrittenTime t{CivilDate{*y, *mo, *d}, *h, std::nullopt};
  std::string_view rest = s.substr(13);
  int minute = 0, second = 0;
  if (!rest.empty() && rest[0] == ':') {
    std::optional<int> m = rest.size() >= 3 ? ParseDigits(rest.substr(1, 2)) : std::nullopt;
    if (!m) return bad("has malformed minutes");
    minute = *m;
    rest.remove_prefix(3);
    if (!rest.empty() && rest[0] == ':') {
      std::optional<int> sec = rest.size() >= 3 ? ParseDigits(rest.substr(1, 2)) : std::nullopt;
      if (!sec) return bad("has malformed seconds");
      second = *sec;
      rest.remove_prefix(3);
      if (!rest.empty() && rest[0] == '.') {  // fractional seconds, all zero
        std::size_t n = 1;
        while (n < rest.size() && rest[n] == '0') ++n;
        rest.remove_prefix(n);
      }
    }
  }
  if (minute != 0 || second != 0) return bad("is not on the hour (hourly data only)");
  if (!rest.empty()) {
    if (rest == "Z") {
      t.offset = 0;
    } else if (rest[0] == '+' || rest[0] == '-') {
      const int sign = rest[0] == '-' ? -1 : 1;
      std::string_view o = rest.substr(1);
      std::optional<int> oh = o.size() >= 2 ? ParseDigits(o.substr(0, 2)) : std::nullopt;
      std::optional<int> om = 0;
      if (o.size() == 5 && o[2] == ':') {
        om = ParseDigits(o.substr(3, 2));
      } else if (o.size() == 4) {
        om = ParseDigits(o.substr(2, 2));
      } else if (o.size() != 2) {
        om = std::nullopt;
      }
      if (!oh || !om || *oh > 14 || *om > 59) return bad("has a malformed UTC offset");
      t.offset = sign * (*oh * 3600 + *om * 60);
    } else {
      return bad("has trailing text after the hour");
    }
  }
  if (t.hour == 24 && (minute != 0)) return bad("has an hour outside 0..24");
  return t;
}

std::string HourText(Seconds lst) {
  const std::int64_t days = lst >= 0 ? lst / 86400 : -((-lst + 86399) / 86400);
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{}T{:02d}", FormatDate(d), static_cast<int>((lst - days * 86400) / 3600));
}

}  // namespace

std::string_view MonitoringFormatCode(MonitoringFormat f) {
  switch (f) {
    case MonitoringFormat::kWide:
      return "wide";
    case MonitoringFormat::kPrsa:
      return "prsa";
    case MonitoringFormat::kLong:
      return "long";
  }
  return "wide";
}

std::optional<MonitoringFormat> ParseMonitoringFormat(std::string_view text) {
  for (MonitoringFormat f :
       {MonitoringFormat::kWide, MonitoringFormat::kPrsa, MonitoringFormat::kLong}) {
    if (text == MonitoringFormatCode(f)) return f;
  }
  return std::nullopt;
}

Result<ColumnMap> ParseColumnMap(std::string_view text) {
  ColumnMap out;
  std::set<std::string> targets;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view entry = Trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == entry.size()) {
      return InvalidArgument(
          fmt::format("--map entry '{}' is not logical=column (e.g. station=Site)", entry),
          "--map");
    }
    std::string logical(Trim(entry.substr(0, eq)));
    std::string column(Trim(entry.substr(eq + 1)));
    if (std::optional<Pollutant> p = ParsePollutant(logical)) logical = PollutantCode(*p);
    if (!IsLogicalName(logical)) {
      return InvalidArgument(
          fmt::format("--map: '{}' is not a column KINet reads (station, city, time, date, year, "
                      "month, day, hour, parameter, value, unit or a pollutant code)",
                      logical),
          "--map");
    }
    if (out.count(logical) > 0 || !targets.insert(column).second) {
      return InvalidArgument(
          fmt::format("--map names '{}' twice", out.count(logical) ? logical : column), "--map");
    }
    out.emplace(std::move(logical), std::move(column));
  }
  return out;
}

Result<std::map<Pollutant, Unit>> ParseUnitList(std::string_view text) {
  std::map<Pollutant, Unit> out;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view entry = Trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) {
      return InvalidArgument(
          fmt::format("--units entry '{}' is not POLLUTANT=UNIT (e.g. CO=ug/m3)", entry),
          "--units");
    }
    std::optional<Pollutant> p = ParsePollutant(Trim(entry.substr(0, eq)));
    std::optional<Unit> u = ParseUnit(Trim(entry.substr(eq + 1)));
    if (!p) {
      return InvalidArgument(fmt::format("--units: unknown pollutant '{}'", entry.substr(0, eq)),
                             "--units");
    }
    if (!u) {
      return InvalidArgument(fmt::format("--units: unknown unit '{}' (ug/m3, mg/m3, ppb or ppm)",
                                         entry.substr(eq + 1)),
                             "--units");
    }
    if (!IsGas(*p) && (*u == Unit::kPpb || *u == Unit::kPpm)) {
      return InvalidArgument(fmt::format("--units: {} is measured by mass, not in {}",
                                         PollutantCode(*p), UnitCode(*u)),
                             "--units");
    }
    out[*p] = *u;
  }
  return out;
}

std::optional<Unit> DefaultUnit(MonitoringFormat format, Pollutant p) {
  switch (format) {
    case MonitoringFormat::kWide:
      return StoredUnit(p);
    case MonitoringFormat::kPrsa:
      return Unit::kUgM3;
    case MonitoringFormat::kLong:
      return std::nullopt;
  }
  return std::nullopt;
}

double PlausibleMaximum(Pollutant p) {
  // KINet's screening bounds, in the stored units (ug/m3; CO mg/m3): far above
  // the highest hourly values reported by national networks in the region
  // (e.g. Beijing's January 2013 episode, PM2.5 ~900 ug/m3; dust storms, PM10
  // several thousand), so a value above them is an instrument or unit fault.
  switch (p) {
    case Pollutant::kPm25:
      return 1500;
    case Pollutant::kPm10:
      return 10000;
    case Pollutant::kSo2:
      return 3000;
    case Pollutant::kNo2:
      return 2000;
    case Pollutant::kCo:
      return 100;
    case Pollutant::kO3:
      return 1000;
    case Pollutant::kNox:
      return 5000;
    case Pollutant::kTsp:
      return 20000;
    case Pollutant::kPb:
      return 50;
    case Pollutant::kBap:
      return 1;
  }
  return 1e9;
}

std::int64_t MonitoringFileSummary::values() const {
  std::int64_t n = 0;
  for (const auto& [p, c] : parameters) n += c.values;
  return n;
}
std::int64_t MonitoringFileSummary::missing() const {
  std::int64_t n = 0;
  for (const auto& [p, c] : parameters) n += c.missing;
  return n;
}
std::int64_t MonitoringFileSummary::flagged() const {
  std::int64_t n = 0;
  for (const auto& [p, c] : parameters) n += c.flagged;
  return n;
}

std::int64_t MonitoringBatch::FlagSuspectedUnits() {
  // Medians per station and pollutant over every year the import gave.
  std::map<std::pair<std::string, Pollutant>, std::vector<Series*>> groups;
  for (auto& [key, s] : series_) groups[{std::get<0>(key), std::get<1>(key)}].push_back(&s);
  std::int64_t flagged = 0;
  for (auto& [group, members] : groups) {
    std::vector<double> given;
    for (Series* s : members) {
      for (int i = 0; i < kBlockHours; ++i) {
        if (s->given[i]) given.push_back(s->block.values[i]);
      }
    }
    if (given.size() < 24) continue;  // too few values to judge a level
    auto mid = given.begin() + static_cast<std::ptrdiff_t>(given.size() / 2);
    std::nth_element(given.begin(), mid, given.end());
    const double median = *mid;
    // A CO series in mg/m3 with a median above 20 is almost surely ug/m3
    // (the PRSA files: 300 = 0.3 mg/m3); a median above 1000 ug/m3 or below
    // 0.05 ug/m3 for the others is a factor-of-1000 mistake.
    const Pollutant p = group.second;
    const bool suspect =
        p == Pollutant::kCo ? (median > 20 || median < 0.01) : (median > 1000 || median < 0.05);
    if (!suspect) continue;
    for (Series* s : members) {
      for (int i = 0; i < kBlockHours; ++i) {
        if (!s->given[i]) continue;
        if ((s->block.flags[i] & kFlagSuspectedUnit) == 0) ++flagged;
        s->block.flags[i] |= kFlagSuspectedUnit;
      }
    }
    const Series& first = *members.front();
    issues_.push_back(MonitoringIssue{
        first.file, first.line, first.column, group.first, "", fmt::format("{:g}", median),
        kFlagSuspectedUnit,
        fmt::format("the median {:g} {} of {} at {} suggests a wrong unit; check --units", median,
                    UnitCode(StoredUnit(p)), PollutantCode(p), group.first)});
  }
  return flagged;
}

// Reads one file into a batch (see ReadMonitoringText).
class MonitoringFileReader {
 public:
  MonitoringFileReader(const std::string& source, const MonitoringReadOptions& options,
                       MonitoringBatch& batch)
      : source_(source), options_(options), batch_(batch) {}

  Result<MonitoringFileSummary> Read(std::string_view text);

 private:
  // A zone with a per-day cache of the wall-clock -> LST shift.
  struct ZoneState {
    explicit ZoneState(TimeZone z) : zone(std::move(z)) {}
    TimeZone zone;
    std::int64_t cached_day = std::numeric_limits<std::int64_t>::min();
    std::optional<Seconds> day_shift;  // LST - wall for the whole day, when uniform
    Seconds now_lst = 0;
    std::int64_t std_offset = 0;
  };
  struct StationState {
    std::string code;
    std::string city_text;
    ZoneState* zone = nullptr;
  };
  struct Column {
    std::size_t index = 0;
    Pollutant pollutant = Pollutant::kPm25;
    double factor = 1.0;
    Unit unit = Unit::kUgM3;
    // The block of the last row, for rows of the same station and year.
    int last_station = -1;
    int last_year = 0;
    MonitoringBatch::Series* last = nullptr;
  };

  Status Error(int line, std::string_view column, std::string_view message) const {
    return InvalidArgument(fmt::format("{}:{}: column {}: {}", source_, line, column, message),
                           std::string(column));
  }
  // The file's own name of logical column `logical`, for messages.
  std::string FileName(std::string_view logical) const {
    auto it = options_.columns.find(std::string(logical));
    return it != options_.columns.end() ? it->second : std::string(logical);
  }
  Result<ZoneState*> Zone(std::string_view name);
  Result<int> StationIndex(const std::vector<std::string>& fields, int line);
  Result<Seconds> RowHour(const std::vector<std::string>& fields, int line, int station);
  Result<Seconds> WallToLst(ZoneState& z, Seconds wall, int station, int line,
                            std::string_view column);
  MonitoringBatch::Series& SeriesFor(Column& c, int station, int year, int line);
  void Store(Column& c, int station, Seconds lst, double value, std::string_view text, int line,
             MonitoringFileSummary& summary);

  const std::string& source_;
  const MonitoringReadOptions& options_;
  MonitoringBatch& batch_;
  std::map<std::string, std::size_t> header_;  // logical name -> position
  std::vector<std::string> file_names_;        // the header as written
  std::map<std::string, std::unique_ptr<ZoneState>> zones_;
  std::map<std::string, ResolvedCity> cities_;  // city text -> resolved
  std::unordered_map<std::string, int> station_index_;
  std::vector<StationState> stations_;
  std::set<std::pair<int, Seconds>> ambiguous_seen_;
  Seconds now_utc_ = 0;
  Seconds min_lst_ = std::numeric_limits<Seconds>::max();
  Seconds max_lst_ = std::numeric_limits<Seconds>::min();
  int last_station_ = -1;
  std::string last_station_text_;
};

Result<MonitoringFileReader::ZoneState*> MonitoringFileReader::Zone(std::string_view name) {
  auto it = zones_.find(std::string(name));
  if (it != zones_.end()) return it->second.get();
  KINET_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Locate(name));
  auto state = std::make_unique<ZoneState>(std::move(tz));
  state->now_lst = state->zone.UtcToLocalStandard(now_utc_);
  state->std_offset = state->zone.StandardOffset(now_utc_);
  ZoneState* out = state.get();
  zones_.emplace(std::string(name), std::move(state));
  return out;
}

Result<int> MonitoringFileReader::StationIndex(const std::vector<std::string>& fields, int line) {
  const std::string& code = fields[header_.at("station")];
  auto city_it = header_.find("city");
  std::string_view city_text =
      city_it != header_.end() ? std::string_view(fields[city_it->second]) : options_.city;
  if (last_station_ >= 0 && code == last_station_text_ &&
      (city_it == header_.end() || stations_[last_station_].city_text == city_text)) {
    return last_station_;
  }
  if (Trim(code).empty()) return Error(line, FileName("station"), "empty station code");
  int index;
  auto found = station_index_.find(code);
  if (found != station_index_.end()) {
    index = found->second;
    if (stations_[index].city_text != city_text) {
      return Error(line, FileName("city"),
                   fmt::format("station {} was given with city '{}' before, now '{}'", code,
                               stations_[index].city_text, city_text));
    }
  } else {
    if (Trim(city_text).empty()) {
      return Error(line, FileName("city"),
                   city_it != header_.end()
                       ? "empty city"
                       : "the file has no city column; name the city of its stations with --city");
    }
    auto resolved = cities_.find(std::string(city_text));
    if (resolved == cities_.end()) {
      Result<ResolvedCity> r = options_.resolve_city(city_text);
      if (!r.ok()) return Error(line, FileName("city"), r.status().message());
      resolved = cities_.emplace(std::string(city_text), *r).first;
    }
    const std::string& zone_name =
        options_.time_zone.empty() ? resolved->second.time_zone : options_.time_zone;
    if (zone_name.empty()) {
      return Error(line, FileName("city"),
                   fmt::format("city {} has no time zone; give --tz", resolved->second.code));
    }
    Result<ZoneState*> zone = Zone(zone_name);
    if (!zone.ok()) return Error(line, FileName("city"), zone.status().message());
    auto [known, inserted] = batch_.station_cities_.emplace(code, resolved->second.code);
    if (!inserted && known->second != resolved->second.code) {
      return Error(line, FileName("city"),
                   fmt::format("station {} belongs to city {} in an earlier file, here to {}", code,
                               known->second, resolved->second.code));
    }
    index = static_cast<int>(stations_.size());
    stations_.push_back(StationState{code, std::string(city_text), *zone});
    station_index_.emplace(code, index);
  }
  last_station_ = index;
  last_station_text_ = code;
  return index;
}

Result<Seconds> MonitoringFileReader::WallToLst(ZoneState& z, Seconds wall, int station, int line,
                                                std::string_view column) {
  const std::int64_t day = wall >= 0 ? wall / 86400 : -((-wall + 86399) / 86400);
  if (day != z.cached_day) {
    // Offsets at UTC instants bracketing the whole local day (offsets are
    // within ±14 h): equal offsets mean no transition inside the day.
    z.cached_day = day;
    const Seconds before = day * 86400 - 14 * 3600;
    const Seconds after = (day + 1) * 86400 + 14 * 3600;
    const Seconds wall_a = z.zone.WallOffset(before), wall_b = z.zone.WallOffset(after);
    const Seconds std_a = z.zone.StandardOffset(before), std_b = z.zone.StandardOffset(after);
    z.day_shift = (wall_a == wall_b && std_a == std_b) ? std::optional<Seconds>(std_a - wall_a)
                                                       : std::nullopt;
  }
  if (z.day_shift) return wall + *z.day_shift;
  // A transition day: convert hour by hour. A repeated (ambiguous) hour
  // takes its earlier instant the first time a station gives it, the later
  // one the second time, so both readings of the repeated hour are kept.
  Result<Seconds> early = z.zone.WallClockToUtc(wall, false);
  if (!early.ok()) return Error(line, column, early.status().message());
  Result<Seconds> late = z.zone.WallClockToUtc(wall, true);
  Seconds utc = *early;
  if (late.ok() && *late != *early) {
    if (!ambiguous_seen_.insert({station, wall}).second) utc = *late;
  }
  return z.zone.UtcToLocalStandard(utc);
}

Result<Seconds> MonitoringFileReader::RowHour(const std::vector<std::string>& fields, int line,
                                              int station) {
  WrittenTime t;
  std::string column;
  if (auto it = header_.find("time"); it != header_.end()) {
    column = FileName("time");
    Result<WrittenTime> parsed = ParseWrittenTime(fields[it->second]);
    if (!parsed.ok()) return Error(line, column, parsed.status().message());
    t = *parsed;
  } else {
    int y = 0, m = 0, d = 0;
    if (auto date_it = header_.find("date"); date_it != header_.end()) {
      column = FileName("date");
      Result<CivilDate> date = ParseDate(Trim(fields[date_it->second]));
      if (!date.ok()) return Error(line, column, date.status().message());
      y = date->year;
      m = date->month;
      d = date->day;
    } else {
      for (const char* part : {"year", "month", "day"}) {
        column = FileName(part);
        std::optional<int> v = ParseDigits(Trim(fields[header_.at(part)]));
        if (!v)
          return Error(line, column, fmt::format("'{}' is not a number", fields[header_.at(part)]));
        (part[0] == 'y' ? y : part[0] == 'm' ? m : d) = *v;
      }
      if (!IsValidDate(y, m, d)) {
        return Error(line, column, fmt::format("{}-{}-{} is not a real date", y, m, d));
      }
    }
    column = FileName("hour");
    std::string_view hour_text = Trim(fields[header_.at("hour")]);
    if (hour_text.size() == 5 && hour_text.substr(2) == ":00") hour_text = hour_text.substr(0, 2);
    std::optional<int> h = ParseDigits(hour_text);
    if (!h || *h > 24)
      return Error(line, column, fmt::format("'{}' is not an hour 0..24", hour_text));
    t = WrittenTime{CivilDate{y, m, d}, *h, std::nullopt};
  }
  if (t.hour == 24 && options_.time_label == TimeLabel::kStart) {
    return Error(line, column, "hour 24 labels an hour's end; use --time-label end");
  }
  const Seconds written = CivilToSeconds(t.date, 0) + t.hour * 3600;
  ZoneState& z = *stations_[station].zone;
  Seconds lst;
  if (t.offset) {
    lst = z.zone.UtcToLocalStandard(written - *t.offset);
  } else {
    KINET_ASSIGN_OR_RETURN(lst, WallToLst(z, written, station, line, column));
  }
  // An hour labelled by its end is stored at its start (docs/monitoring.md).
  if (options_.time_label == TimeLabel::kEnd) lst -= 3600;
  return lst;
}

MonitoringBatch::Series& MonitoringFileReader::SeriesFor(Column& c, int station, int year,
                                                         int line) {
  if (c.last != nullptr && c.last_station == station && c.last_year == year) return *c.last;
  const StationState& st = stations_[station];
  MonitoringBatch::Key key{st.code, c.pollutant, year};
  auto it = batch_.series_.find(key);
  if (it == batch_.series_.end()) {
    MonitoringBatch::Series s;
    s.block = MonitoringBlock::Empty(st.code, c.pollutant, year);
    s.block.time_zone = st.zone->zone.name();
    s.block.utc_offset_seconds =
        st.zone->zone.StandardOffset(CivilToSeconds(CivilDate{year, 7, 1}, 0));
    s.given.assign(kBlockHours, 0);
    s.file = source_;
    s.line = line;
    s.column = file_names_[c.index];
    it = batch_.series_.emplace(std::move(key), std::move(s)).first;
  }
  c.last = &it->second;
  c.last_station = station;
  c.last_year = year;
  return it->second;
}

void MonitoringFileReader::Store(Column& c, int station, Seconds lst, double value,
                                 std::string_view text, int line, MonitoringFileSummary& summary) {
  const std::int64_t days = lst >= 0 ? lst / 86400 : -((-lst + 86399) / 86400);
  const int year = CivilFromDays(days).year;
  const int slot = static_cast<int>((lst - DaysFromCivil(CivilDate{year, 1, 1}) * 86400) / 3600);
  MonitoringBatch::Series& s = SeriesFor(c, station, year, line);
  s.touched_by_row = true;
  ParameterCounts& counts = summary.parameters[c.pollutant];
  if (std::isnan(value)) {
    ++counts.missing;
    return;
  }
  ++counts.values;
  const double v = value;
  std::uint8_t flags = 0;
  if (v < 0) flags |= kFlagNegative;
  if (v > PlausibleMaximum(c.pollutant)) flags |= kFlagImplausibleHigh;
  if (lst > stations_[station].zone->now_lst) flags |= kFlagFuture;
  if (s.given[slot]) {
    // The hour was given before in this import: keep the first value; a
    // different value flags it (same value: a harmless repeat).
    if (s.block.values[slot] != v) {
      flags = kFlagDuplicateConflict;
      if ((s.block.flags[slot] & kFlagDuplicateConflict) == 0) {
        s.block.flags[slot] |= kFlagDuplicateConflict;
      }
    } else {
      return;
    }
  } else {
    s.block.values[slot] = v;
    s.block.flags[slot] = flags;
    s.given[slot] = 1;
  }
  if (flags == 0) return;
  ++counts.flagged;
  for (std::size_t f = 0; f < kQualityFlags.size(); ++f) {
    if (flags & kQualityFlags[f]) {
      ++summary.flags[f];
      batch_.issues_.push_back(MonitoringIssue{
          source_, line, file_names_[c.index], stations_[station].code, HourText(lst),
          std::string(text), kQualityFlags[f],
          kQualityFlags[f] == kFlagDuplicateConflict
              ? fmt::format("the hour was given before with {:g}", s.block.values[slot])
              : ""});
    }
  }
}

Result<MonitoringFileSummary> MonitoringFileReader::Read(std::string_view text) {
  MonitoringFileSummary summary;
  summary.file = source_;
  summary.format = options_.format;
  summary.checksum = Sha256Hex(text);
  now_utc_ = options_.now_utc != 0 ? options_.now_utc
                                   : std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
  if (!options_.time_zone.empty()) {
    Result<ZoneState*> z = Zone(options_.time_zone);
    if (!z.ok()) return InvalidArgument(z.status().message(), "--tz");
  }

  CsvReader reader(text, source_);
  std::vector<std::string> fields;
  KINET_ASSIGN_OR_RETURN(bool has_header, reader.Next(fields));
  if (!has_header) return InvalidArgument(fmt::format("{}:1: the file is empty", source_));
  file_names_ = fields;
  // Logical names: the mapped ones, then every other column as written.
  std::map<std::string, std::string> reverse;  // file column -> logical
  for (const auto& [logical, column] : options_.columns) {
    if (std::find(fields.begin(), fields.end(), column) == fields.end()) {
      return Error(1, column, fmt::format("not in the header (--map {}={})", logical, column));
    }
    reverse[column] = logical;
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string name(Trim(fields[i]));
    if (auto it = reverse.find(fields[i]); it != reverse.end()) name = it->second;
    if (std::optional<Pollutant> p = ParsePollutant(name);
        p && options_.format != MonitoringFormat::kLong) {
      name = PollutantCode(*p);
    }
    header_.emplace(name, i);  // the first of duplicate names wins
  }
  const auto require = [&](std::string_view logical) -> Status {
    if (header_.count(std::string(logical)) == 0) {
      return Error(1, FileName(logical),
                   fmt::format("missing: the {} layout needs a '{}' column (or --map {}=COLUMN)",
                               MonitoringFormatCode(options_.format), logical, logical));
    }
    return OkStatus();
  };
  KINET_RETURN_IF_ERROR(require("station"));
  if (header_.count("time") == 0) {
    if (header_.count("date") == 0) {
      KINET_RETURN_IF_ERROR(require("year"));
      KINET_RETURN_IF_ERROR(require("month"));
      KINET_RETURN_IF_ERROR(require("day"));
    }
    KINET_RETURN_IF_ERROR(require("hour"));
  }
  if (header_.count("city") == 0 && options_.city.empty()) {
    return Error(1, "city",
                 "the file has no city column; name the city of its stations with --city");
  }

  // Parameter columns (wide, prsa) or the value columns (long).
  std::vector<Column> columns;
  std::size_t parameter_col = 0, value_col = 0;
  std::optional<std::size_t> unit_col;
  if (options_.format == MonitoringFormat::kLong) {
    KINET_RETURN_IF_ERROR(require("parameter"));
    KINET_RETURN_IF_ERROR(require("value"));
    parameter_col = header_.at("parameter");
    value_col = header_.at("value");
    if (auto it = header_.find("unit"); it != header_.end()) unit_col = it->second;
  } else {
    for (std::size_t i = 0; i < file_names_.size(); ++i) {
      std::string name(Trim(file_names_[i]));
      if (auto it = reverse.find(file_names_[i]); it != reverse.end()) name = it->second;
      std::optional<Pollutant> p = ParsePollutant(name);
      if (!p) {
        if (!IsLogicalName(name) && name != "No") summary.ignored_columns.push_back(file_names_[i]);
        continue;
      }
      if (header_.at(std::string(PollutantCode(*p))) != i) {
        return Error(1, file_names_[i], fmt::format("{} is given twice", PollutantCode(*p)));
      }
      Column c;
      c.index = i;
      c.pollutant = *p;
      auto declared = options_.units.find(*p);
      c.unit =
          declared != options_.units.end() ? declared->second : *DefaultUnit(options_.format, *p);
      Result<double> factor = ConversionFactor(*p, c.unit, StoredUnit(*p), options_.reference);
      if (!factor.ok()) return Error(1, file_names_[i], factor.status().message());
      c.factor = *factor;
      summary.units[*p] = c.unit;
      columns.push_back(c);
    }
    if (columns.empty()) {
      return Error(1, "PM2.5",
                   "no parameter columns: name them PM2.5, PM10, SO2, NO2, CO, O3 ... or map them "
                   "with --map");
    }
  }
  // Long layout: one Column per pollutant, and conversion factors per unit.
  std::map<Pollutant, Column> long_columns;
  std::map<std::pair<Pollutant, Unit>, double> long_factors;

  std::size_t total_lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) break;
    const int line = reader.line();
    if (fields.size() != file_names_.size()) {
      const std::size_t at = std::min(fields.size(), file_names_.size() - 1);
      // A column with an empty name (a header ending in ',') is named by its
      // position, so the message still says which.
      const std::string column =
          file_names_[at].empty() ? fmt::format("{}", at + 1) : file_names_[at];
      return Error(
          line, column,
          fmt::format("the row has {} fields, the header {}", fields.size(), file_names_.size()));
    }
    ++summary.rows;
    if (options_.progress && (summary.rows & 0xffff) == 0) {
      options_.progress(static_cast<std::size_t>(summary.rows), total_lines);
    }
    if (options_.format == MonitoringFormat::kLong) {
      std::optional<Pollutant> p = ParsePollutant(Trim(fields[parameter_col]));
      if (!p) {
        ++summary.ignored_rows;  // e.g. OpenAQ's temperature, relativehumidity
        continue;
      }
      KINET_ASSIGN_OR_RETURN(int station, StationIndex(fields, line));
      KINET_ASSIGN_OR_RETURN(Seconds lst, RowHour(fields, line, station));
      std::string_view unit_text = unit_col ? Trim(fields[*unit_col]) : std::string_view();
      auto declared = options_.units.find(*p);
      Unit unit;
      if (!unit_text.empty()) {
        std::optional<Unit> u = ParseUnit(unit_text);
        if (!u) {
          return Error(line, FileName("unit"),
                       fmt::format("unknown unit '{}' (ug/m3, mg/m3, ppb or ppm)", unit_text));
        }
        if (declared != options_.units.end() && declared->second != *u) {
          return Error(line, FileName("unit"),
                       fmt::format("the file says {} but --units declares {}={}", UnitCode(*u),
                                   PollutantCode(*p), UnitCode(declared->second)));
        }
        unit = *u;
      } else if (declared != options_.units.end()) {
        unit = declared->second;
      } else {
        return Error(line, FileName("unit"),
                     fmt::format("no unit for {}: fill the unit column or declare --units {}=UNIT",
                                 PollutantCode(*p), PollutantCode(*p)));
      }
      auto f = long_factors.find({*p, unit});
      if (f == long_factors.end()) {
        Result<double> factor = ConversionFactor(*p, unit, StoredUnit(*p), options_.reference);
        if (!factor.ok()) return Error(line, FileName("unit"), factor.status().message());
        f = long_factors.emplace(std::make_pair(*p, unit), *factor).first;
        summary.units[*p] = unit;
      }
      Column& c = long_columns[*p];
      c.index = value_col;
      c.pollutant = *p;
      std::string_view cell = Trim(fields[value_col]);
      double value = std::numeric_limits<double>::quiet_NaN();
      if (!IsMissingToken(cell)) {
        std::optional<double> v = ParseNumber(cell);
        if (!v) return Error(line, FileName("value"), fmt::format("'{}' is not a number", cell));
        value = *v * f->second;
      }
      min_lst_ = std::min(min_lst_, lst);
      max_lst_ = std::max(max_lst_, lst);
      Store(c, station, lst, value, cell, line, summary);
      continue;
    }
    KINET_ASSIGN_OR_RETURN(int station, StationIndex(fields, line));
    KINET_ASSIGN_OR_RETURN(Seconds lst, RowHour(fields, line, station));
    min_lst_ = std::min(min_lst_, lst);
    max_lst_ = std::max(max_lst_, lst);
    for (Column& c : columns) {
      std::string_view cell = Trim(fields[c.index]);
      double value = std::numeric_limits<double>::quiet_NaN();
      if (!IsMissingToken(cell)) {
        std::optional<double> v = ParseNumber(cell);
        if (!v) return Error(line, file_names_[c.index], fmt::format("'{}' is not a number", cell));
        value = *v * c.factor;
      }
      Store(c, station, lst, value, cell, line, summary);
    }
  }
  if (options_.progress) options_.progress(total_lines, total_lines);
  if (summary.rows > 0 && min_lst_ <= max_lst_) {
    summary.first_hour = HourText(min_lst_);
    summary.last_hour = HourText(max_lst_);
  }
  return summary;
}

Result<MonitoringFileSummary> ReadMonitoringText(std::string_view text, const std::string& source,
                                                 const MonitoringReadOptions& options,
                                                 MonitoringBatch& batch) {
  if (!options.resolve_city) return Internal("ReadMonitoringText needs a city resolver");
  MonitoringFileReader reader(source, options, batch);
  return reader.Read(text);
}

}  // namespace kinet
