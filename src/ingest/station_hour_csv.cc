#include "ingest/station_hour_csv.h"

#include <fcntl.h>
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

// One station-year being filled by the chunk parsers.
struct YearBuild {
  HourlyYear hours;
};

struct StationBuild {
  std::string id;
  std::string city;                               // immutable once created
  std::vector<std::unique_ptr<YearBuild>> years;  // guarded by Registry::mu_
};

// The stations and station-years shared by the chunk parsers. Only creation
// takes the lock (once per station and per station-year). Rows are written
// without it: each parser marks the hours it fills in its own presence map
// (so a (station, time) given twice inside a chunk is found at once), and
// the maps of different chunks are intersected after the parse (a pair given
// in two chunks). Values are stored with relaxed atomic stores -- plain moves
// on x86 -- so that even a duplicate across chunks is no data race; such an
// input is then re-parsed sequentially for the error message.
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

// True at the end of a field that is the last of its line.
inline bool AtLineEnd(const char* p, const char* e) { return p == e || *p == '\n' || *p == '\r'; }
// True at the end of any field.
inline bool AtFieldEnd(const char* p, const char* e) { return AtLineEnd(p, e) || *p == ','; }

// Byte equality of short strings (station and city names), inlined: these
// run on every row, where a library memcmp call costs more than the compare.
inline bool SameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Parses the value field that starts at `p` and ends at the first ',', line
// end or `e`. Sets *out (NaN for an empty field) and returns the field end,
// or nullptr when the field is not a finite decimal number.
//
// Fast path (Clinger): a field of at most 15 digits with an optional sign and
// decimal point is m / 10^f with m < 2^53 and 10^f exact, so one IEEE
// division gives the correctly rounded value -- the same double as
// std::from_chars. Anything else (exponents, long mantissas) goes to
// std::from_chars, which is exact too.
inline const char* ParseValueField(const char* p, const char* e, double* out) {
  if (AtFieldEnd(p, e)) {
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
  if (AtFieldEnd(p, e) && digits > 0 && digits <= 15) {
    double v = static_cast<double>(m);
    if (fraction > 0) v /= kPow10[fraction];
    *out = negative ? -v : v;
    return p;
  }
  const char* end = p;
  while (!AtFieldEnd(end, e)) ++end;
  const char* first = start;
  if (first < end && *first == '+') ++first;  // from_chars takes no '+'
  double v = 0;
  const std::from_chars_result r = std::from_chars(first, end, v, std::chars_format::general);
  if (r.ec != std::errc() || r.ptr != end || !std::isfinite(v)) return nullptr;
  *out = v;
  return end;
}

// Parses the rows of one chunk of the file, possibly handed over in several
// blocks of whole lines.
class ChunkParser {
 public:
  explicit ChunkParser(Registry& registry) : registry_(registry) {}

  // Parses the whole lines of [p, e), the first being line `first_line` (0
  // when unknown: a later chunk of a parallel parse). The last line may lack
  // its newline. Returns the first bad row, if any.
  std::optional<RowError> Parse(const char* p, const char* e, std::int64_t first_line) {
    std::int64_t line = first_line;
    while (p < e) {
      if (*p == '\n') {  // blank line
        ++p;
      } else if (*p == '\r' && p + 1 < e && p[1] == '\n') {
        p += 2;
      } else {
        const char* next = ParseRow(p, e, line);
        if (next == nullptr) return error_;
        p = next;
      }
      ++line;
    }
    next_line_ = line;
    return std::nullopt;
  }

  // The number of the line after the last one parsed (0-based count when
  // the first line was 0).
  std::int64_t next_line() const { return next_line_; }

  // The presence map of every station-year this parser filled: one byte per
  // hour of the year, 1 where a row was read.
  const std::unordered_map<YearBuild*, std::unique_ptr<std::uint8_t[]>>& presence() const {
    return presence_;
  }

 private:
  struct CacheEntry {
    StationBuild* station = nullptr;
    int year = 0;
    YearBuild* block = nullptr;
    std::uint8_t* present = nullptr;  // this parser's presence map of `block`
    CacheEntry* next = nullptr;       // the station of the row that followed last time
    int prefetched_year = 0;          // the station-day whose values were prefetched
    int prefetched_day = -1;
  };

  // Records an error for the row starting at `row`; returns nullptr.
  const char* Fail(std::int64_t line, int column, std::string what) {
    error_ = RowError{line, column, std::move(what)};
    return nullptr;
  }

  const char* ColumnCountError(std::int64_t line, int columns_seen) {
    return Fail(line, std::min(columns_seen, 8),
                columns_seen < 9 ? fmt::format("the row has {} columns, expected 9 ({})",
                                               columns_seen, kStationHourCsvHeader)
                                 : fmt::format("the row has more than 9 columns, expected 9 ({})",
                                               kStationHourCsvHeader));
  }

  // Parses the row starting at `p` (not blank); returns the start of the
  // next line, or nullptr after recording the error in error_.
  const char* ParseRow(const char* p, const char* e, std::int64_t line) {
    // station, city: up to the next comma.
    const char* s0 = p;
    while (!AtFieldEnd(p, e)) ++p;
    if (AtLineEnd(p, e)) return ColumnCountError(line, 1);
    const std::string_view station(s0, static_cast<std::size_t>(p - s0));
    ++p;
    const char* c0 = p;
    while (!AtFieldEnd(p, e)) ++p;
    if (AtLineEnd(p, e)) return ColumnCountError(line, 2);
    const std::string_view city(c0, static_cast<std::size_t>(p - c0));
    ++p;
    if (station.empty()) return Fail(line, 0, "the station is empty");
    if (city.empty()) return Fail(line, 1, "the city is empty");
    if (station.front() == '"' || city.front() == '"') {
      return Fail(line, station.front() == '"' ? 0 : 1, "quoted fields are not supported");
    }

    // time: "YYYY-MM-DD HH:00" by fixed positions.
    const char* t = p;
    while (!AtFieldEnd(p, e)) ++p;
    if (AtLineEnd(p, e)) return ColumnCountError(line, 3);
    const std::string_view time(t, static_cast<std::size_t>(p - t));
    ++p;
    if (time.size() != 16 || t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') ||
        t[13] != ':' || t[14] != '0' || t[15] != '0' || !IsDigit(t[0]) || !IsDigit(t[1]) ||
        !IsDigit(t[2]) || !IsDigit(t[3]) || !IsDigit(t[5]) || !IsDigit(t[6]) || !IsDigit(t[8]) ||
        !IsDigit(t[9]) || !IsDigit(t[11]) || !IsDigit(t[12])) {
      return Fail(line, kTimeColumn,
                  fmt::format("'{}' is not a time of the form YYYY-MM-DD HH:00", time));
    }
    const int hour = (t[11] - '0') * 10 + (t[12] - '0');
    if (hour > 23) {
      return Fail(line, kTimeColumn,
                  fmt::format("hour {:02d} in '{}' is outside 0..23", hour, time));
    }
    if (!date_cached_ || std::memcmp(t, last_date_, 10) != 0) {
      const int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
      const int m = (t[5] - '0') * 10 + (t[6] - '0');
      const int d = (t[8] - '0') * 10 + (t[9] - '0');
      if (!IsValidDate(y, m, d)) {
        return Fail(line, kTimeColumn,
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
        while (!AtFieldEnd(fe, e)) ++fe;
        return Fail(line, kFirstValueColumn + k,
                    fmt::format("'{}' is not a number",
                                std::string_view(p, static_cast<std::size_t>(fe - p))));
      }
      p = end;
      if (k + 1 < kAirPollutantCount) {
        if (AtLineEnd(p, e)) return ColumnCountError(line, kFirstValueColumn + k + 1);
        ++p;  // the comma
      } else if (!AtLineEnd(p, e)) {
        return ColumnCountError(line, 10);
      }
    }
    // The line end: "\n", "\r\n" or the end of the buffer.
    if (p < e && *p == '\r') {
      ++p;
      if (p < e && *p != '\n') return Fail(line, 8, "a carriage return inside the line");
    }
    if (p < e) ++p;  // the '\n'

    // The station and its year block: the previous row's station most of the
    // time (rows come in station-day blocks), else this parser's cache, else
    // the shared registry.
    CacheEntry* entry = last_entry_;
    if (entry == nullptr || !SameBytes(station, entry->station->id)) {
      // Files ordered by (date, station) visit the stations in the same
      // order every day: try the station that followed this one last time
      // before hashing.
      CacheEntry* predicted = entry != nullptr ? entry->next : nullptr;
      if (predicted != nullptr && SameBytes(station, predicted->station->id)) {
        entry = predicted;
      } else {
        auto it = cache_.find(station);
        if (it == cache_.end()) {
          StationBuild* s = registry_.Station(station, city);
          // Keyed by the registry's copy of the name: the row's bytes may be
          // overwritten by the next block of the file.
          it = cache_.emplace(std::string_view(s->id), CacheEntry{s}).first;
        }
        if (entry != nullptr) entry->next = &it->second;
        entry = &it->second;
      }
      last_entry_ = entry;
    }
    if (!SameBytes(city, entry->station->city)) {
      return Fail(line, 1,
                  fmt::format("station '{}' is in city '{}' on an earlier line, not '{}'", station,
                              entry->station->city, city));
    }
    if (entry->block == nullptr || entry->year != last_year_) {
      entry->block = registry_.Year(entry->station, last_year_);
      entry->year = last_year_;
      std::unique_ptr<std::uint8_t[]>& present = presence_[entry->block];
      if (present == nullptr) {
        present =
            std::make_unique<std::uint8_t[]>(static_cast<std::size_t>(DaysInYear(last_year_)) * 24);
      }
      entry->present = present.get();
    }
    if (entry->prefetched_day != last_day_ || entry->prefetched_year != last_year_) {
      // The other hours of this station-day usually follow (station-day
      // blocks, hours shuffled): fetch the day's 1152 bytes of values now
      // rather than miss the cache on each row.
      entry->prefetched_day = last_day_;
      entry->prefetched_year = last_year_;
      const char* day = reinterpret_cast<const char*>(entry->block->hours.values.data() +
                                                      static_cast<std::size_t>(last_day_) * 24 *
                                                          kAirPollutantCount);
      for (std::size_t off = 0; off < 24 * kAirPollutantCount * sizeof(double); off += 64) {
        __builtin_prefetch(day + off, 1);
      }
      __builtin_prefetch(entry->present + static_cast<std::size_t>(last_day_) * 24, 1);
    }
    const std::size_t hour_index = static_cast<std::size_t>(last_day_) * 24 + hour;
    if (entry->present[hour_index] != 0) {
      return Fail(line, kTimeColumn,
                  fmt::format("station '{}' at '{}' is given twice", station, time));
    }
    entry->present[hour_index] = 1;
    double* dst = entry->block->hours.values.data() + hour_index * kAirPollutantCount;
    for (int k = 0; k < kAirPollutantCount; ++k) {
      std::atomic_ref<double>(dst[k]).store(values[k], std::memory_order_relaxed);
    }
    return p;
  }

  Registry& registry_;
  std::unordered_map<std::string_view, CacheEntry> cache_;
  std::unordered_map<YearBuild*, std::unique_ptr<std::uint8_t[]>> presence_;
  CacheEntry* last_entry_ = nullptr;
  bool date_cached_ = false;
  char last_date_[10] = {};
  int last_year_ = 0;
  int last_day_ = 0;
  RowError error_;
  std::int64_t next_line_ = 0;
};

// True when two parsers both filled some hour of the same station-year: a
// (station, time) pair given in two chunks.
bool ChunksOverlap(const std::vector<std::unique_ptr<ChunkParser>>& parsers) {
  std::unordered_map<YearBuild*, std::vector<std::uint8_t>> seen;
  for (const auto& parser : parsers) {
    for (const auto& [block, present] : parser->presence()) {
      const std::size_t n = block->hours.values.size() / kAirPollutantCount;
      std::vector<std::uint8_t>& all = seen[block];
      if (all.empty()) {
        all.assign(present.get(), present.get() + n);
        continue;
      }
      std::uint8_t both = 0;
      for (std::size_t i = 0; i < n; ++i) {
        both |= all[i] & present[i];
        all[i] |= present[i];
      }
      if (both != 0) return true;
    }
  }
  return false;
}

Status ToStatus(const RowError& err, std::string_view source) {
  const std::string_view column = kColumns[static_cast<std::size_t>(err.column)];
  return InvalidArgument(fmt::format("{}:{}: column {}: {}", source, err.line, column, err.what),
                         std::string(column));
}

// Checks the header line (the start of `text`); returns the offset of the
// first data line.
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

// Where the rows come from: the whole text in memory, or a file read block
// by block (so that the file is never resident as a whole: the process holds
// the dense arrays and one block per thread).
class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual std::size_t size() const = 0;
  // The first line starting at or after `offset`, or size().
  virtual std::size_t LineStartAfter(std::size_t offset) const = 0;
  // Hands [begin, end) (whole lines) to `parser`, the first line being
  // `first_line` (0 = unknown). Returns the first bad row, or a read failure
  // in `io_error`.
  virtual std::optional<RowError> Parse(ChunkParser& parser, std::size_t begin, std::size_t end,
                                        std::int64_t first_line, Status& io_error) const = 0;
};

class TextSource : public RowSource {
 public:
  explicit TextSource(std::string_view text) : text_(text) {}
  std::size_t size() const override { return text_.size(); }
  std::size_t LineStartAfter(std::size_t offset) const override {
    const std::size_t nl = text_.find('\n', offset);
    return nl == std::string_view::npos ? text_.size() : nl + 1;
  }
  std::optional<RowError> Parse(ChunkParser& parser, std::size_t begin, std::size_t end,
                                std::int64_t first_line, Status&) const override {
    return parser.Parse(text_.data() + begin, text_.data() + end, first_line);
  }

 private:
  std::string_view text_;
};

class FileSource : public RowSource {
 public:
  FileSource(int fd, std::size_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  std::size_t size() const override { return size_; }

  std::size_t LineStartAfter(std::size_t offset) const override {
    char buf[4096];
    while (offset < size_) {
      const ssize_t n = ::pread(fd_, buf, sizeof buf, static_cast<off_t>(offset));
      if (n <= 0) return size_;  // the parse of this range reports the read error
      const void* nl = std::memchr(buf, '\n', static_cast<std::size_t>(n));
      if (nl != nullptr)
        return offset + static_cast<std::size_t>(static_cast<const char*>(nl) - buf) + 1;
      offset += static_cast<std::size_t>(n);
    }
    return size_;
  }

  std::optional<RowError> Parse(ChunkParser& parser, std::size_t begin, std::size_t end,
                                std::int64_t first_line, Status& io_error) const override {
    constexpr std::size_t kBlock = 4 << 20;
    std::vector<char> buf(kBlock);
    std::size_t carry = 0;  // bytes of an incomplete line kept at the front of buf
    std::size_t pos = begin;
    std::int64_t line = first_line;
    while (pos < end) {
      if (carry == buf.size()) buf.resize(buf.size() * 2);  // a line longer than a block
      const std::size_t want = std::min(buf.size() - carry, end - pos);
      std::size_t got = 0;
      while (got < want) {
        const ssize_t n =
            ::pread(fd_, buf.data() + carry + got, want - got, static_cast<off_t>(pos + got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          io_error =
              Unavailable(fmt::format("{}: cannot read: {}", path_,
                                      n < 0 ? std::strerror(errno) : "unexpected end of file"));
          return std::nullopt;
        }
        got += static_cast<std::size_t>(n);
      }
      pos += got;
      const std::size_t len = carry + got;
      std::size_t whole = len;  // bytes of whole lines in buf
      if (pos < end) {
        const void* nl = ::memrchr(buf.data(), '\n', len);
        if (nl == nullptr) {
          carry = len;
          continue;
        }
        whole = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
      }
      std::optional<RowError> err = parser.Parse(buf.data(), buf.data() + whole, line);
      if (err) return err;
      line = parser.next_line();
      carry = len - whole;
      std::memmove(buf.data(), buf.data() + whole, carry);
    }
    return std::nullopt;
  }

 private:
  int fd_;
  std::size_t size_;
  std::string path_;
};

Result<StationHourData> ParseSource(const RowSource& source, std::size_t body,
                                    std::string_view name, int threads) {
  const std::size_t size = source.size() - body;
  // Below a few MB a second thread costs more than it saves.
  threads = std::max(1, std::min(threads, static_cast<int>(size / (4 << 20)) + 1));
  std::vector<std::size_t> cuts = {body};
  for (int i = 1; i < threads; ++i) {
    cuts.push_back(std::max(cuts.back(), source.LineStartAfter(body + size * i / threads - 1)));
  }
  cuts.push_back(source.size());

  Registry registry;
  std::vector<std::unique_ptr<ChunkParser>> parsers;
  for (int i = 0; i < threads; ++i) parsers.push_back(std::make_unique<ChunkParser>(registry));
  std::vector<std::optional<RowError>> errors(threads);
  std::vector<Status> io_errors(threads);
  auto run = [&](int i) {
    // Line numbers of later chunks are unknown until the earlier ones are
    // counted: they parse with line 0 and an error is re-found below.
    errors[i] = source.Parse(*parsers[i], cuts[i], cuts[i + 1], i == 0 ? 2 : 0, io_errors[i]);
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(run, i);
  run(0);
  for (std::thread& t : pool) t.join();
  for (const Status& s : io_errors) KINET_RETURN_IF_ERROR(s);
  bool failed = false;
  for (const auto& e : errors) failed = failed || e.has_value();
  if (threads == 1 && failed) return ToStatus(*errors[0], name);
  if (failed || (threads > 1 && ChunksOverlap(parsers))) {
    // Re-parse sequentially: the first bad row of the file, with its line.
    parsers.clear();
    registry.Take();  // release the partial arrays first
    return ParseSource(source, body, name, 1);
  }
  return registry.Take();
}

}  // namespace

Result<StationHourData> ParseStationHourCsv(std::string_view text, std::string_view source,
                                            int threads) {
  KINET_ASSIGN_OR_RETURN(const std::size_t body, CheckHeader(text, source));
  return ParseSource(TextSource(text), body, source, threads);
}

Result<StationHourData> ReadStationHourCsv(const std::string& path, int threads) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound(fmt::format("{}: no such file", path));
    return Unavailable(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  struct stat st {};
  char head[4096];
  ssize_t head_size = 0;
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (regular) head_size = ::pread(fd, head, sizeof head, 0);
  const bool gzip = head_size >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
                    static_cast<unsigned char>(head[1]) == 0x8b;
  if (!regular || gzip || head_size < 0) {
    // A gzip file (detected by its magic bytes) or not a regular file (a
    // pipe): read it whole, decompressed, the ordinary way.
    ::close(fd);
    KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    return ParseStationHourCsv(text, path, threads);
  }
  const std::string_view head_text(head, static_cast<std::size_t>(head_size));
  if (head_text.find('\n') == std::string_view::npos &&
      static_cast<std::size_t>(head_size) == sizeof head) {
    ::close(fd);
    return InvalidArgument(
        fmt::format("{}:1: column station: the first line is not the header '{}'", path,
                    kStationHourCsvHeader),
        "station");
  }
  Result<std::size_t> body = CheckHeader(head_text, path);
  if (!body.ok()) {
    ::close(fd);
    return body.status();
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  Result<StationHourData> out =
      ParseSource(FileSource(fd, static_cast<std::size_t>(st.st_size), path), *body, path, threads);
  ::close(fd);
  return out;
}

}  // namespace kinet
