#include "ingest/station_hour_csv.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "core/file.h"
#include "core/period.h"

namespace kinet {

namespace {

constexpr std::array<std::string_view, 9> kColumns = {"station", "city", "time", "PM2.5", "PM10",
                                                      "SO2",     "NO2",  "CO",   "O3"};
constexpr int kTimeColumn = 2;
constexpr int kFirstValueColumn = 3;
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// Exact powers of ten: every 10^k with k <= 22 is a double.
constexpr std::array<double, 16> kPow10 = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                           1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// One station-year being filled. `present` marks hours that had a row, to
// find a (station, time) given twice; it is atomic because two chunks of the
// file may hold the same hour (a duplicate) and race for it.
struct YearBuild {
  HourlyYear hours;
  std::unique_ptr<std::atomic<std::uint8_t>[]> present;
};

struct StationBuild {
  std::string id;
  std::string city;                               // immutable once created
  std::vector<std::unique_ptr<YearBuild>> years;  // guarded by Registry::mu_
};

// The stations and station-years shared by the chunk parsers. Only creation
// takes the lock (once per station and per station-year); rows are written
// without it, each hour of each series being owned by the row that first
// marks it present.
class Registry {
 public:
  StationBuild* Station(std::string_view id, std::string_view city) {
    std::lock_guard<std::mutex> lock(mu_);
    std::unique_ptr<StationBuild>& s = by_id_[std::string(id)];
    if (s == nullptr) {
      s = std::make_unique<StationBuild>();
      s->id = std::string(id);
      s->city = std::string(city);
    }
    return s.get();
  }

  YearBuild* Year(StationBuild* s, int year) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& y : s->years) {
      if (y->hours.year == year) return y.get();
    }
    auto y = std::make_unique<YearBuild>();
    y->hours = HourlyYear::AllMissing(year);
    const std::size_t hours = static_cast<std::size_t>(DaysInYear(year)) * 24;
    y->present = std::make_unique<std::atomic<std::uint8_t>[]>(hours);
    s->years.push_back(std::move(y));
    return s->years.back().get();
  }

  // Moves the result out, stations sorted by id, years sorted.
  StationHourData Take() {
    StationHourData out;
    out.stations.reserve(by_id_.size());
    for (auto& [id, s] : by_id_) {
      StationSeries series;
      series.station = std::move(s->id);
      series.city = std::move(s->city);
      for (auto& y : s->years) series.years.push_back(std::move(y->hours));
      std::sort(series.years.begin(), series.years.end(),
                [](const HourlyYear& a, const HourlyYear& b) { return a.year < b.year; });
      out.stations.push_back(std::move(series));
    }
    std::sort(out.stations.begin(), out.stations.end(),
              [](const StationSeries& a, const StationSeries& b) { return a.station < b.station; });
    by_id_.clear();
    return out;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<StationBuild>> by_id_;
};

struct RowError {
  std::int64_t line = 0;
  int column = 0;
  std::string what;
};

inline bool IsDigit(char c) { return static_cast<unsigned>(c - '0') < 10u; }

// Parses the value field that starts at `p` and ends at the first ',' or at
// `e`. Sets *out (NaN for an empty field) and returns the field end, or
// nullptr when the field is not a finite decimal number.
//
// Fast path (Clinger): a field of at most 15 digits with an optional sign and
// decimal point is m / 10^f with m < 2^53 and 10^f exact, so one IEEE
// division gives the correctly rounded value -- the same double as
// std::from_chars. Anything else (exponents, long mantissas) goes to
// std::from_chars, which is exact too.
inline const char* ParseValueField(const char* p, const char* e, double* out) {
  if (p == e || *p == ',') {
    *out = kMissing;
    return p;
  }
  const char* start = p;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    ++p;
  }
  std::uint64_t m = 0;
  int digits = 0;
  int fraction = 0;
  while (p < e && IsDigit(*p)) {
    m = m * 10 + static_cast<unsigned>(*p - '0');
    ++p;
    ++digits;
  }
  if (p < e && *p == '.') {
    ++p;
    while (p < e && IsDigit(*p)) {
      m = m * 10 + static_cast<unsigned>(*p - '0');
      ++p;
      ++digits;
      ++fraction;
    }
  }
  if ((p == e || *p == ',') && digits > 0 && digits <= 15) {
    double v = static_cast<double>(m);
    if (fraction > 0) v /= kPow10[fraction];
    *out = negative ? -v : v;
    return p;
  }
  const char* end = p;
  while (end < e && *end != ',') ++end;
  const char* first = start;
  if (first < end && *first == '+') ++first;  // from_chars takes no '+'
  double v = 0;
  const std::from_chars_result r = std::from_chars(first, end, v, std::chars_format::general);
  if (r.ec != std::errc() || r.ptr != end || !std::isfinite(v)) return nullptr;
  *out = v;
  return end;
}

// Parses the rows of one chunk of the file.
class ChunkParser {
 public:
  explicit ChunkParser(Registry& registry) : registry_(registry) {}

  // Parses the lines of [p, e) (whole lines), the first being line
  // `first_line`. Returns the first bad row, if any.
  std::optional<RowError> Parse(const char* p, const char* e, std::int64_t first_line) {
    std::int64_t line = first_line;
    while (p < e) {
      const char* nl =
          static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)));
      const char* line_end = nl != nullptr ? nl : e;
      const char* next = nl != nullptr ? nl + 1 : e;
      if (line_end > p && line_end[-1] == '\r') --line_end;
      if (line_end > p) {
        std::optional<RowError> err = ParseRow(p, line_end, line);
        if (err) return err;
      }
      p = next;
      ++line;
    }
    return std::nullopt;
  }

 private:
  struct CacheEntry {
    StationBuild* station = nullptr;
    int year = 0;
    YearBuild* block = nullptr;
  };

  static RowError Error(std::int64_t line, int column, std::string what) {
    return RowError{line, column, std::move(what)};
  }

  static RowError ColumnCountError(std::int64_t line, int columns_seen) {
    return Error(line, std::min(columns_seen, 8),
                 columns_seen < 9 ? fmt::format("the row has {} columns, expected 9 ({})",
                                                columns_seen, kStationHourCsvHeader)
                                  : fmt::format("the row has more than 9 columns, expected 9 ({})",
                                                kStationHourCsvHeader));
  }

  std::optional<RowError> ParseRow(const char* p, const char* e, std::int64_t line) {
    // station, city: up to the next comma.
    const char* s0 = p;
    while (p < e && *p != ',') ++p;
    if (p == e) return ColumnCountError(line, 1);
    const std::string_view station(s0, static_cast<std::size_t>(p - s0));
    ++p;
    const char* c0 = p;
    while (p < e && *p != ',') ++p;
    if (p == e) return ColumnCountError(line, 2);
    const std::string_view city(c0, static_cast<std::size_t>(p - c0));
    ++p;
    if (station.empty()) return Error(line, 0, "the station is empty");
    if (station.front() == '"' || city.front() == '"') {
      return Error(line, station.front() == '"' ? 0 : 1, "quoted fields are not supported");
    }

    // time: "YYYY-MM-DD HH:00" by fixed positions.
    const char* t = p;
    while (p < e && *p != ',') ++p;
    if (p == e) return ColumnCountError(line, 3);
    const std::string_view time(t, static_cast<std::size_t>(p - t));
    ++p;
    if (time.size() != 16 || t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') ||
        t[13] != ':' || t[14] != '0' || t[15] != '0' || !IsDigit(t[0]) || !IsDigit(t[1]) ||
        !IsDigit(t[2]) || !IsDigit(t[3]) || !IsDigit(t[5]) || !IsDigit(t[6]) || !IsDigit(t[8]) ||
        !IsDigit(t[9]) || !IsDigit(t[11]) || !IsDigit(t[12])) {
      return Error(line, kTimeColumn,
                   fmt::format("'{}' is not a time of the form YYYY-MM-DD HH:00", time));
    }
    const int hour = (t[11] - '0') * 10 + (t[12] - '0');
    if (hour > 23) {
      return Error(line, kTimeColumn,
                   fmt::format("hour {:02d} in '{}' is outside 0..23", hour, time));
    }
    if (!date_cached_ || std::memcmp(t, last_date_, 10) != 0) {
      const int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
      const int m = (t[5] - '0') * 10 + (t[6] - '0');
      const int d = (t[8] - '0') * 10 + (t[9] - '0');
      if (!IsValidDate(y, m, d)) {
        return Error(line, kTimeColumn,
                     fmt::format("'{}' is not a calendar date", time.substr(0, 10)));
      }
      std::memcpy(last_date_, t, 10);
      last_year_ = y;
      last_day_ = DayOfYear(CivilDate{y, m, d});
      date_cached_ = true;
    }

    // The six values.
    std::array<double, kAirPollutantCount> values;
    for (int k = 0; k < kAirPollutantCount; ++k) {
      const char* end = ParseValueField(p, e, &values[k]);
      if (end == nullptr) {
        const char* fe = p;
        while (fe < e && *fe != ',') ++fe;
        return Error(line, kFirstValueColumn + k,
                     fmt::format("'{}' is not a number",
                                 std::string_view(p, static_cast<std::size_t>(fe - p))));
      }
      p = end;
      if (k + 1 < kAirPollutantCount) {
        if (p == e) return ColumnCountError(line, kFirstValueColumn + k + 1);
        ++p;  // the comma
      } else if (p != e) {
        return ColumnCountError(line, 10);
      }
    }

    // The station and its year block: the previous row's station most of the
    // time (rows come in station-day blocks), else this thread's cache, else
    // the shared registry.
    CacheEntry* entry = last_entry_;
    if (entry == nullptr || station != last_station_) {
      CacheEntry& slot = cache_[station];
      if (slot.station == nullptr) slot.station = registry_.Station(station, city);
      entry = &slot;
      last_entry_ = entry;
      last_station_ = station;
    }
    if (city != entry->station->city) {
      return Error(line, 1,
                   fmt::format("station '{}' is in city '{}' on an earlier line, not '{}'", station,
                               entry->station->city, city));
    }
    if (entry->block == nullptr || entry->year != last_year_) {
      entry->block = registry_.Year(entry->station, last_year_);
      entry->year = last_year_;
    }
    const std::size_t hour_index = static_cast<std::size_t>(last_day_) * 24 + hour;
    if (entry->block->present[hour_index].exchange(1, std::memory_order_relaxed) != 0) {
      return Error(line, kTimeColumn,
                   fmt::format("station '{}' at '{}' is given twice", station, time));
    }
    double* dst = entry->block->hours.values.data() + hour_index * kAirPollutantCount;
    std::memcpy(dst, values.data(), sizeof values);
    return std::nullopt;
  }

  Registry& registry_;
  std::unordered_map<std::string_view, CacheEntry> cache_;
  CacheEntry* last_entry_ = nullptr;
  std::string_view last_station_;
  bool date_cached_ = false;
  char last_date_[10] = {};
  int last_year_ = 0;
  int last_day_ = 0;
};

Status ToStatus(const RowError& err, std::string_view source) {
  const std::string_view column = kColumns[static_cast<std::size_t>(err.column)];
  return InvalidArgument(fmt::format("{}:{}: column {}: {}", source, err.line, column, err.what),
                         std::string(column));
}

// Checks the header line; returns the offset of the first data line.
Result<std::size_t> CheckHeader(std::string_view text, std::string_view source) {
  std::size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // UTF-8 byte-order mark
  std::size_t nl = text.find('\n', start);
  std::string_view header = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  if (header != kStationHourCsvHeader) {
    // Name the first column that differs.
    std::size_t col = 0;
    std::size_t pos = 0;
    for (; col < kColumns.size(); ++col) {
      const std::size_t comma = header.find(',', pos);
      const std::string_view got =
          header.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
      if (got != kColumns[col] || (comma == std::string_view::npos && col + 1 < kColumns.size())) {
        break;
      }
      pos = comma + 1;
    }
    col = std::min(col, kColumns.size() - 1);
    return InvalidArgument(fmt::format("{}:1: column {}: the header is '{}', expected '{}'", source,
                                       kColumns[col], header, kStationHourCsvHeader),
                           std::string(kColumns[col]));
  }
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

Result<StationHourData> ParseSequential(std::string_view text, std::size_t body,
                                        std::string_view source) {
  Registry registry;
  ChunkParser parser(registry);
  std::optional<RowError> err = parser.Parse(text.data() + body, text.data() + text.size(), 2);
  if (err) return ToStatus(*err, source);
  return registry.Take();
}

}  // namespace

Result<StationHourData> ParseStationHourCsv(std::string_view text, std::string_view source,
                                            int threads) {
  KINET_ASSIGN_OR_RETURN(const std::size_t body, CheckHeader(text, source));
  const std::size_t size = text.size() - body;
  // Below a few MB a second thread costs more than it saves.
  threads = std::max(1, std::min(threads, static_cast<int>(size / (4 << 20)) + 1));
  if (threads == 1) return ParseSequential(text, body, source);

  // Split at line boundaries; line numbers of later chunks are unknown until
  // the earlier ones are counted, so an error found here is re-found by a
  // sequential pass, which also makes the reported row the first bad one.
  std::vector<const char*> cuts;
  cuts.push_back(text.data() + body);
  const char* end = text.data() + text.size();
  for (int i = 1; i < threads; ++i) {
    const char* c = text.data() + body + size * static_cast<std::size_t>(i) / threads;
    c = std::max(c, cuts.back());
    const char* nl =
        static_cast<const char*>(std::memchr(c, '\n', static_cast<std::size_t>(end - c)));
    cuts.push_back(nl != nullptr ? nl + 1 : end);
  }
  cuts.push_back(end);
  Registry registry;
  std::atomic<bool> failed{false};
  std::vector<std::thread> pool;
  auto run = [&](int i) {
    ChunkParser parser(registry);
    if (parser.Parse(cuts[i], cuts[i + 1], 0)) failed = true;
  };
  for (int i = 1; i < threads; ++i) pool.emplace_back(run, i);
  run(0);
  for (std::thread& t : pool) t.join();
  if (failed) {
    registry.Take();  // release the partial blocks before the second pass
    return ParseSequential(text, body, source);
  }
  return registry.Take();
}

Result<StationHourData> ReadStationHourCsv(const std::string& path, int threads) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound(fmt::format("{}: no such file", path));
    return Unavailable(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    // Not a regular file (a pipe...): read it the ordinary way.
    KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    return ParseStationHourCsv(text, path, threads);
  }
  const std::size_t size = static_cast<std::size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return InvalidArgument(
        fmt::format("{}:1: column station: the file is empty, expected the header '{}'", path,
                    kStationHourCsvHeader),
        "station");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) {
    return Unavailable(fmt::format("{}: cannot map: {}", path, std::strerror(errno)));
  }
  const std::string_view text(static_cast<const char*>(map), size);
  Result<StationHourData> out = [&]() -> Result<StationHourData> {
    if (size >= 2 && static_cast<unsigned char>(text[0]) == 0x1f &&
        static_cast<unsigned char>(text[1]) == 0x8b) {
      KINET_ASSIGN_OR_RETURN(std::string plain, ReadFile(path));  // gzip: decompress
      return ParseStationHourCsv(plain, path, threads);
    }
    return ParseStationHourCsv(text, path, threads);
  }();
  ::munmap(map, size);
  return out;
}

}  // namespace kinet
