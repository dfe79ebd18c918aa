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
#include <span>
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

constexpr std::array<std::uint64_t, 8> kPow10Int = {1,     10,     100,     1000,
                                                    10000, 100000, 1000000, 10000000};

// The 8 bytes at `p` as one little-endian word (an unaligned load).
inline std::uint64_t Load64(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

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
  if (first < end && *first == '+') {
    ++first;                                           // from_chars takes no '+'
    if (first < end && *first == '-') return nullptr;  // "+-5" is not a number
  }
  double v = 0;
  const std::from_chars_result r = std::from_chars(first, end, v, std::chars_format::general);
  if (r.ec != std::errc() || r.ptr != end || !std::isfinite(v)) return nullptr;
  *out = v;
  return end;
}

// One data row, split into its fields (the text views point into the block
// being parsed).
struct RowFields {
  std::string_view station;
  std::string_view city;
  std::string_view time;
  int year = 0;
  int day = 0;  // 0 = 1 January
  int hour = 0;
  std::array<double, kAirPollutantCount> values;
};

// The field scanner shared by both parsers: splits a row into RowFields and
// checks it, with the date of the previous row cached (rows come in
// station-day blocks, so the date changes once per ~24 rows).
class RowScanner {
 public:
  // Scans the row starting at `p` (not blank) into `row`; returns the start
  // of the next line, or nullptr after recording the error in error().
  const char* Scan(const char* p, const char* e, std::int64_t line, RowFields& row) {
    // station, city: up to the next comma.
    const char* s0 = p;
    while (!AtFieldEnd(p, e)) ++p;
    if (AtLineEnd(p, e)) return ColumnCountError(line, 1);
    row.station = std::string_view(s0, static_cast<std::size_t>(p - s0));
    ++p;
    const char* c0 = p;
    while (!AtFieldEnd(p, e)) ++p;
    if (AtLineEnd(p, e)) return ColumnCountError(line, 2);
    row.city = std::string_view(c0, static_cast<std::size_t>(p - c0));
    ++p;
    if (row.station.empty()) return Fail(line, 0, "the station is empty");
    if (row.city.empty()) return Fail(line, 1, "the city is empty");
    if (row.station.front() == '"' || row.city.front() == '"') {
      return Fail(line, row.station.front() == '"' ? 0 : 1, "quoted fields are not supported");
    }

    // time: "YYYY-MM-DD HH:00" by fixed positions.
    const char* t = p;
    while (!AtFieldEnd(p, e)) ++p;
    if (AtLineEnd(p, e)) return ColumnCountError(line, 3);
    const std::string_view time(t, static_cast<std::size_t>(p - t));
    row.time = time;
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
    row.hour = hour;
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
    row.year = last_year_;
    row.day = last_day_;

    // The six values.
    for (int k = 0; k < kAirPollutantCount; ++k) {
      const char* end = ParseValueField(p, e, &row.values[k]);
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
    return p;
  }

  // Records an error for the row of `line`; returns nullptr.
  const char* Fail(std::int64_t line, int column, std::string what) {
    error_ = RowError{line, column, std::move(what)};
    return nullptr;
  }

  const RowError& error() const { return error_; }

  // True when the 10 bytes at `t` are the date of the last row scanned (so
  // that a row with that date needs no date check).
  bool IsLastDate(const char* t) const {
    return date_cached_ && Load64(t) == Load64(last_date_) && t[8] == last_date_[8] &&
           t[9] == last_date_[9];
  }

 private:
  const char* ColumnCountError(std::int64_t line, int columns_seen) {
    return Fail(line, std::min(columns_seen, 8),
                columns_seen < 9 ? fmt::format("the row has {} columns, expected 9 ({})",
                                               columns_seen, kStationHourCsvHeader)
                                 : fmt::format("the row has more than 9 columns, expected 9 ({})",
                                               kStationHourCsvHeader));
  }

  bool date_cached_ = false;
  char last_date_[10] = {};
  int last_year_ = 0;
  int last_day_ = 0;
  RowError error_;
};

// A parser of the rows of one chunk of the file, handed over in blocks of
// whole lines.
class BlockParser {
 public:
  virtual ~BlockParser() = default;
  // Parses the whole lines of [p, e), the first being line `first_line` (0
  // when unknown: a later chunk of a parallel parse). The last line may lack
  // its newline. Returns the first bad row, if any.
  virtual std::optional<RowError> Parse(const char* p, const char* e, std::int64_t first_line) = 0;
  // The number of the line after the last one parsed (0-based count when
  // the first line was 0).
  virtual std::int64_t next_line() const = 0;
};

// Calls row(p, line) for each non-blank line of [p, e); row returns the start
// of the next line or nullptr to stop. Returns false when stopped.
template <typename RowFn>
bool ForEachRow(const char* p, const char* e, std::int64_t& line, RowFn row) {
  while (p < e) {
    if (*p == '\n') {  // blank line
      ++p;
    } else if (*p == '\r' && p + 1 < e && p[1] == '\n') {
      p += 2;
    } else {
      const char* next = row(p, line);
      if (next == nullptr) return false;
      p = next;
    }
    ++line;
  }
  return true;
}

// The fast path of the value fields of a bench-shaped row, eight bytes at a
// time: a field of up to 7 integer digits, optionally followed by '.' and up
// to 7 fraction digits, or an empty field. Needs 16 readable bytes after
// each part. Anything else (a sign, an exponent, a bad field) returns
// nullptr and the row goes to RowScanner, which accepts or reports it.

// Bit 7 of each byte of the result: the byte of `w` is not an ASCII digit.
inline std::uint64_t NonDigitBytes(std::uint64_t w) {
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  const std::uint64_t above_nine = w + 0x4646464646464646ull;               // b > '9'
  const std::uint64_t at_least_zero = (w | kHigh) - 0x3030303030303030ull;  // b >= '0'
  return (above_nine | ~at_least_zero | w) & kHigh;
}

// The number written by the first `len` (1..8) bytes of `w`, all digits,
// the first the most significant (little-endian load).
inline std::uint64_t DigitsValue(std::uint64_t w, int len) {
  std::uint64_t d = (w - 0x3030303030303030ull) << (8 * (8 - len));
  d = (d * 10 + (d >> 8)) & 0x00FF00FF00FF00FFull;
  d = (d * 100 + (d >> 16)) & 0x0000FFFF0000FFFFull;
  d = (d * 10000 + (d >> 32)) & 0x00000000FFFFFFFFull;
  return d;
}

// Parses the value field at `p` (16 readable bytes guaranteed by the
// caller); returns its end (a ',', '\r' or '\n'), or nullptr when the field
// is not of the fast form. Gives the same double as ParseValueField: the
// same digits m and fraction length f, then m / 10^f.
inline const char* FastValueField(const char* p, double* out) {
  const std::uint64_t w = Load64(p);
  const std::uint64_t nd = NonDigitBytes(w);
  if (nd == 0) return nullptr;  // 8 digits or more
  const int len = __builtin_ctzll(nd) >> 3;
  const char* q = p + len;
  std::uint64_t m = len > 0 ? DigitsValue(w, len) : 0;
  int fraction = 0;
  if (*q == '.') {
    ++q;
    const std::uint64_t w2 = Load64(q);
    const std::uint64_t nd2 = NonDigitBytes(w2);
    if (nd2 == 0) return nullptr;
    fraction = __builtin_ctzll(nd2) >> 3;
    if (len + fraction == 0) return nullptr;  // "." alone
    if (fraction > 0) m = m * kPow10Int[fraction] + DigitsValue(w2, fraction);
    q += fraction;
  }
  if (*q != ',' && *q != '\n' && *q != '\r') return nullptr;
  if (len + fraction == 0) {
    if (q != p) return nullptr;
    *out = kMissing;
    return q;
  }
  double v = static_cast<double>(m);
  if (fraction > 0) v /= kPow10[fraction];
  *out = v;
  return q;
}

// Parses the rows of one chunk into the dense station-year arrays.
class ChunkParser : public BlockParser {
 public:
  explicit ChunkParser(Registry& registry) : registry_(registry) {}

  std::optional<RowError> Parse(const char* p, const char* e, std::int64_t first_line) override {
    std::int64_t line = first_line;
    const bool ok = ForEachRow(
        p, e, line, [this, e](const char* row, std::int64_t n) { return ParseRow(row, e, n); });
    if (!ok) return scanner_.error();
    next_line_ = line;
    return std::nullopt;
  }

  std::int64_t next_line() const override { return next_line_; }

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

  // Parses the row starting at `p` (not blank); returns the start of the
  // next line, or nullptr after recording the error.
  const char* ParseRow(const char* p, const char* e, std::int64_t line) {
    RowFields row;
    p = scanner_.Scan(p, e, line, row);
    if (p == nullptr) return nullptr;
    const std::string_view station = row.station;
    const std::string_view city = row.city;
    const int row_year = row.year;
    const int row_day = row.day;
    const int hour = row.hour;

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
      return scanner_.Fail(line, 1,
                           fmt::format("station '{}' is in city '{}' on an earlier line, not '{}'",
                                       station, entry->station->city, city));
    }
    if (entry->block == nullptr || entry->year != row_year) {
      entry->block = registry_.Year(entry->station, row_year);
      entry->year = row_year;
      std::unique_ptr<std::uint8_t[]>& present = presence_[entry->block];
      if (present == nullptr) {
        present =
            std::make_unique<std::uint8_t[]>(static_cast<std::size_t>(DaysInYear(row_year)) * 24);
      }
      entry->present = present.get();
    }
    if (entry->prefetched_day != row_day || entry->prefetched_year != row_year) {
      // The other hours of this station-day usually follow (station-day
      // blocks, hours shuffled): fetch the day's 1152 bytes of values now
      // rather than miss the cache on each row.
      entry->prefetched_day = row_day;
      entry->prefetched_year = row_year;
      const char* day = reinterpret_cast<const char*>(entry->block->hours.values.data() +
                                                      static_cast<std::size_t>(row_day) * 24 *
                                                          kAirPollutantCount);
      for (std::size_t off = 0; off < 24 * kAirPollutantCount * sizeof(double); off += 64) {
        __builtin_prefetch(day + off, 1);
      }
      __builtin_prefetch(entry->present + static_cast<std::size_t>(row_day) * 24, 1);
    }
    const std::size_t hour_index = static_cast<std::size_t>(row_day) * 24 + hour;
    if (entry->present[hour_index] != 0) {
      return scanner_.Fail(line, kTimeColumn,
                           fmt::format("station '{}' at '{}' is given twice", station, row.time));
    }
    entry->present[hour_index] = 1;
    double* dst = entry->block->hours.values.data() + hour_index * kAirPollutantCount;
    for (int k = 0; k < kAirPollutantCount; ++k) {
      std::atomic_ref<double>(dst[k]).store(row.values[k], std::memory_order_relaxed);
    }
    return p;
  }

  Registry& registry_;
  RowScanner scanner_;
  std::unordered_map<std::string_view, CacheEntry> cache_;
  std::unordered_map<YearBuild*, std::unique_ptr<std::uint8_t[]>> presence_;
  CacheEntry* last_entry_ = nullptr;
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
  virtual std::optional<RowError> Parse(BlockParser& parser, std::size_t begin, std::size_t end,
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
  std::optional<RowError> Parse(BlockParser& parser, std::size_t begin, std::size_t end,
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

  std::optional<RowError> Parse(BlockParser& parser, std::size_t begin, std::size_t end,
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
  threads = std::max(1, std::min(threads, static_cast<int>(size / kMinChunkBytes) + 1));
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

// ---------------------------------------------------------------------------
// The one-pass assessment of a date-ordered file.
//
// Exports of monitoring networks come ordered by time (the bench files by
// (date, station), hours shuffled inside a station-day). Then every
// station-day and city-day is complete when the date changes, and can be
// reduced to its daily values at once, from a 1152-byte buffer that stays
// in cache, instead of being written into 421 KB per station-year of dense
// hours and read back (which cost most of the time: cache misses and page
// clearing). The parser checks the order as it goes; a file that is not in
// date order (or has a bad row) is read the general way instead, which also
// finds the first bad row.

struct StreamCity {
  std::string id;
  std::vector<std::unique_ptr<DailyAirYear>> years;  // guarded by StreamRegistry::mu_
};

struct StreamStation {
  std::string id;
  StreamCity* city = nullptr;                        // immutable once created
  std::vector<std::unique_ptr<DailyAirYear>> years;  // guarded by StreamRegistry::mu_
};

// The stations, cities and their daily series, shared by the chunk parsers.
// Creation takes the lock (once per station, city and series-year); a
// series-day is written by the one parser that sealed its date.
class StreamRegistry {
 public:
  StreamStation* Station(std::string_view id, std::string_view city) {
    std::lock_guard<std::mutex> lock(mu_);
    std::unique_ptr<StreamStation>& s = stations_[std::string(id)];
    if (s == nullptr) {
      std::unique_ptr<StreamCity>& c = cities_[std::string(city)];
      if (c == nullptr) {
        c = std::make_unique<StreamCity>();
        c->id = std::string(city);
      }
      s = std::make_unique<StreamStation>();
      s->id = std::string(id);
      s->city = c.get();
    }
    return s.get();
  }

  // The series-year `year` of `years` (a station's or a city's), created
  // with no valid day if absent.
  DailyAirYear* Year(std::vector<std::unique_ptr<DailyAirYear>>& years, int year) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& y : years) {
      if (y->year == year) return y.get();
    }
    years.push_back(std::make_unique<DailyAirYear>(DailyAirYear::Empty(year)));
    return years.back().get();
  }

  std::size_t station_count() const { return stations_.size(); }

  // Moves the daily series out (any order: SummarizeDailyAir sorts).
  std::vector<DailyAirSeries> Take() {
    std::vector<DailyAirSeries> out;
    out.reserve(stations_.size() + cities_.size());
    auto add = [&out](SeriesLevel level, std::string& id,
                      std::vector<std::unique_ptr<DailyAirYear>>& years) {
      DailyAirSeries series;
      series.level = level;
      series.id = std::move(id);
      for (auto& y : years) series.years.push_back(std::move(*y));
      out.push_back(std::move(series));
    };
    for (auto& [key, c] : cities_) add(SeriesLevel::kCity, c->id, c->years);
    for (auto& [key, st] : stations_) add(SeriesLevel::kStation, st->id, st->years);
    stations_.clear();
    cities_.clear();
    return out;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<StreamStation>> stations_;
  std::unordered_map<std::string, std::unique_ptr<StreamCity>> cities_;
};

// The hours of one station on one date, as read so far.
struct RawStationDay {
  StreamStation* station = nullptr;
  std::uint32_t mask = 0;  // bit h: a row for hour h was read
  std::array<double, kDayValueCount> hours;
};

// The station-days of one date that a chunk parser could not seal by itself
// (its first and last date may continue in the neighbouring chunks).
struct RawDate {
  int key = 0;  // year * 512 + day of year: increases with the date
  int year = 0;
  int day = 0;
  std::vector<RawStationDay> stations;
};

inline int DateKey(int year, int day) { return year * 512 + day; }

// Reduces complete dates to daily values: each station-day, then each
// city-day from the hours of its stations (in station id order, as
// CityHourlyYear sums them, so that both paths give the same bits).
class DaySealer {
 public:
  struct Piece {
    StreamStation* station;
    const double* hours;  // kDayValueCount values
    DailyAirYear* block;  // the station's series-year, or nullptr to look it up
  };

  DaySealer(StreamRegistry& registry, const AirAssessmentRules& rules, const IaqiFunction& iaqi)
      : registry_(registry), rules_(rules), iaqi_(iaqi) {}

  void Seal(int year, int day, std::span<const Piece> pieces) {
    const auto slot = static_cast<std::size_t>(day);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (i + 2 < pieces.size() && pieces[i + 2].block != nullptr) {
        // Each station's daily values live in their own 20 KB: fetch the
        // slot of a station two ahead while this one is computed.
        __builtin_prefetch(pieces[i + 2].block->value.data() + slot * kAirPollutantCount, 1);
        __builtin_prefetch(pieces[i + 2].block->aqi.data() + slot, 1);
      }
      const Piece& piece = pieces[i];
      DailyAirYear* block =
          piece.block != nullptr ? piece.block : registry_.Year(piece.station->years, year);
      block->Set(day, AssessDayHours(DayHours(piece.hours, kDayValueCount), rules_, iaqi_));
      CityDay& city = cities_[piece.station->city];
      if (city.members.empty()) touched_.push_back(piece.station->city);
      city.members.push_back(Member{&piece.station->id, piece.hours});
    }
    for (StreamCity* c : touched_) {
      CityDay& city = cities_[c];
      std::sort(city.members.begin(), city.members.end(),
                [](const Member& a, const Member& b) { return *a.id < *b.id; });
      member_hours_.clear();
      for (const Member& m : city.members) member_hours_.push_back(m.hours);
      CityDayHours(member_hours_, city_hours_.data());
      if (city.block == nullptr || city.year != year) {
        city.block = registry_.Year(c->years, year);
        city.year = year;
      }
      city.block->Set(day, AssessDayHours(city_hours_, rules_, iaqi_));
      city.members.clear();
    }
    touched_.clear();
  }

  void Seal(const RawDate& date) {
    std::vector<Piece> pieces;
    pieces.reserve(date.stations.size());
    for (const RawStationDay& d : date.stations) {
      pieces.push_back(Piece{d.station, d.hours.data(), nullptr});
    }
    Seal(date.year, date.day, pieces);
  }

 private:
  struct Member {
    const std::string* id;
    const double* hours;
  };
  struct CityDay {
    std::vector<Member> members;  // of the date being sealed
    int year = 0;
    DailyAirYear* block = nullptr;
  };

  StreamRegistry& registry_;
  const AirAssessmentRules& rules_;
  const IaqiFunction& iaqi_;
  std::unordered_map<StreamCity*, CityDay> cities_;
  std::vector<StreamCity*> touched_;
  std::vector<const double*> member_hours_;
  std::array<double, kDayValueCount> city_hours_;
};

// Parses one chunk of a file in date order, sealing each date when the next
// one starts. Gives up (returns an error) on a bad row or a date earlier
// than the one before; the caller then reads the file the general way.
class DayStreamParser : public BlockParser {
 public:
  // `keep_first_date`: the chunk may begin inside a date that the previous
  // chunk began, so its first date is kept raw (head()) for the caller.
  DayStreamParser(StreamRegistry& registry, const AirAssessmentRules& rules,
                  const IaqiFunction& iaqi, bool keep_first_date, const std::atomic<bool>& stop)
      : registry_(registry),
        sealer_(registry, rules, iaqi),
        keep_first_date_(keep_first_date),
        stop_(stop) {}

  std::optional<RowError> Parse(const char* p, const char* e, std::int64_t first_line) override {
    if (stop_.load(std::memory_order_relaxed)) return GiveUp(first_line, "stopped");
    std::int64_t line = first_line;
    const bool ok = ForEachRow(p, e, line, [this, e](const char* row, std::int64_t n) {
      const char* next = FastRow(row, e, n);
      return next != row ? next : ParseRow(row, e, n);
    });
    if (!ok) return scanner_.error();
    next_line_ = line;
    return std::nullopt;
  }

  std::int64_t next_line() const override { return next_line_; }

  // Ends the chunk: the station-days of its last date become tail() (or
  // head() when the chunk holds one date and keeps its first).
  void Finish() {
    if (touched_.empty()) return;
    if (keep_first_date_ && !head_) {
      head_ = Snapshot();
    } else {
      tail_ = Snapshot();
    }
    touched_.clear();
  }

  bool empty() const { return first_key_ < 0; }
  int first_key() const { return first_key_; }
  int last_key() const { return date_key_; }
  std::optional<RawDate>& head() { return head_; }
  std::optional<RawDate>& tail() { return tail_; }
  DaySealer& sealer() { return sealer_; }
  const std::string& reason() const { return reason_; }

 private:
  struct Entry {
    StreamStation* station = nullptr;
    Entry* next = nullptr;  // the station of the row that followed last time
    int date_key = -1;      // the date whose rows are in `hours`
    std::uint32_t mask = 0;
    int block_year = 0;
    DailyAirYear* block = nullptr;
    std::string prefix;  // "station,city," as the rows of this station begin
    std::array<double, kDayValueCount> hours;
  };

  // True when the row at `p` begins with entry's "station,city,".
  static bool HasPrefix(const char* p, const char* e, const Entry& entry) {
    const std::size_t n = entry.prefix.size();
    if (static_cast<std::size_t>(e - p) < n + 64) return false;
    const char* q = entry.prefix.data();
    if (n >= 8 && n <= 16) {
      return Load64(p) == Load64(q) && Load64(p + n - 8) == Load64(q + n - 8);
    }
    return SameBytes(std::string_view(p, n), entry.prefix);
  }

  // The row at `p` when it has the common shape -- the station of the
  // previous row or of the one that followed it last time, the date of the
  // previous row, plain decimal values -- parsed without RowScanner: returns
  // the start of the next line, nullptr after an error, or `p` itself when
  // the row is not of that shape (then ParseRow takes it).
  const char* FastRow(const char* p, const char* e, std::int64_t line) {
    Entry* entry = last_entry_;
    if (entry == nullptr) return p;
    if (!HasPrefix(p, e, *entry)) {
      entry = entry->next;
      if (entry == nullptr || !HasPrefix(p, e, *entry)) return p;
    }
    // HasPrefix left 64 bytes after the prefix: the time (17 bytes) and the
    // first value parts; FastValueField checks its own 16 bytes.
    const char* t = p + entry->prefix.size();
    if (!scanner_.IsLastDate(t) || (t[10] != ' ' && t[10] != 'T') || !IsDigit(t[11]) ||
        !IsDigit(t[12]) || t[13] != ':' || t[14] != '0' || t[15] != '0' || t[16] != ',') {
      return p;
    }
    const int hour = (t[11] - '0') * 10 + (t[12] - '0');
    if (hour > 23) return p;
    const char* v = t + 17;
    std::array<double, kAirPollutantCount> values;
    for (int k = 0; k < kAirPollutantCount; ++k) {
      if (e - v < 24) return p;
      v = FastValueField(v, &values[k]);
      if (v == nullptr) return p;
      if (k + 1 < kAirPollutantCount) {
        if (*v != ',') return p;
        ++v;
      }
    }
    if (*v == '\n') {
      ++v;
    } else if (*v == '\r' && v + 1 < e && v[1] == '\n') {
      v += 2;
    } else {
      return p;
    }
    last_entry_ = entry;
    return Store(entry, hour, values, line, t) ? v : nullptr;
  }

  // Writes the values of a row into its station-day; false (an error) when
  // the station already had a row for that hour.
  bool Store(Entry* entry, int hour, const std::array<double, kAirPollutantCount>& values,
             std::int64_t line, const char* time) {
    if (entry->date_key != date_key_) {
      entry->date_key = date_key_;
      entry->mask = 0;
      entry->hours.fill(std::numeric_limits<double>::quiet_NaN());
      touched_.push_back(entry);
    }
    const std::uint32_t bit = std::uint32_t{1} << hour;
    if ((entry->mask & bit) != 0) {
      reason_ = "a (station, time) pair given twice";
      scanner_.Fail(line, kTimeColumn,
                    fmt::format("station '{}' at '{}' is given twice", entry->station->id,
                                std::string_view(time, 16)));
      return false;
    }
    entry->mask |= bit;
    std::copy(values.begin(), values.end(),
              entry->hours.begin() + static_cast<std::ptrdiff_t>(hour) * kAirPollutantCount);
    return true;
  }

  std::optional<RowError> GiveUp(std::int64_t line, std::string why) {
    reason_ = std::move(why);
    scanner_.Fail(line, kTimeColumn, reason_);
    return scanner_.error();
  }

  const char* ParseRow(const char* p, const char* e, std::int64_t line) {
    RowFields row;
    p = scanner_.Scan(p, e, line, row);
    if (p == nullptr) {
      reason_ = "a bad row";
      return nullptr;
    }
    const int key = DateKey(row.year, row.day);
    if (key != date_key_) {
      if (key < date_key_) {
        reason_ = "the rows are not in date order";
        return scanner_.Fail(line, kTimeColumn, reason_);
      }
      if (stop_.load(std::memory_order_relaxed)) {
        reason_ = "stopped";
        return scanner_.Fail(line, kTimeColumn, reason_);
      }
      CloseDate();
      date_key_ = key;
      date_year_ = row.year;
      date_day_ = row.day;
      if (first_key_ < 0) first_key_ = key;
    }

    // The station: the previous row's most of the time (station-day
    // blocks), else the one that followed it last time (files ordered by
    // (date, station) visit the stations in the same order every day), else
    // this parser's hash map, else the shared registry.
    Entry* entry = last_entry_;
    if (entry == nullptr || !SameBytes(row.station, entry->station->id)) {
      Entry* predicted = entry != nullptr ? entry->next : nullptr;
      if (predicted != nullptr && SameBytes(row.station, predicted->station->id)) {
        entry = predicted;
      } else {
        auto it = cache_.find(row.station);
        if (it == cache_.end()) {
          StreamStation* s = registry_.Station(row.station, row.city);
          // Keyed by the registry's copy of the name: the row's bytes may be
          // overwritten by the next block of the file.
          it = cache_.emplace(std::string_view(s->id), Entry{}).first;
          it->second.station = s;
          it->second.prefix = s->id + ',' + s->city->id + ',';
        }
        if (entry != nullptr) entry->next = &it->second;
        entry = &it->second;
      }
      last_entry_ = entry;
    }
    if (!SameBytes(row.city, entry->station->city->id)) {
      reason_ = "a station in two cities";
      return scanner_.Fail(line, 1, reason_);
    }
    return Store(entry, row.hour, row.values, line, row.time.data()) ? p : nullptr;
  }

  // The date being read is complete (a later one starts): seal it, or keep
  // it raw when it is the chunk's first and may continue before the chunk.
  void CloseDate() {
    if (touched_.empty()) return;
    if (keep_first_date_ && !head_) {
      head_ = Snapshot();
    } else {
      pieces_.clear();
      for (Entry* en : touched_) {
        if (en->block == nullptr || en->block_year != date_year_) {
          en->block = registry_.Year(en->station->years, date_year_);
          en->block_year = date_year_;
        }
        pieces_.push_back(DaySealer::Piece{en->station, en->hours.data(), en->block});
      }
      sealer_.Seal(date_year_, date_day_, pieces_);
    }
    touched_.clear();
  }

  RawDate Snapshot() const {
    RawDate date;
    date.key = date_key_;
    date.year = date_year_;
    date.day = date_day_;
    date.stations.reserve(touched_.size());
    for (const Entry* en : touched_) {
      date.stations.push_back(RawStationDay{en->station, en->mask, en->hours});
    }
    return date;
  }

  StreamRegistry& registry_;
  DaySealer sealer_;
  const bool keep_first_date_;
  const std::atomic<bool>& stop_;
  RowScanner scanner_;
  std::unordered_map<std::string_view, Entry> cache_;
  Entry* last_entry_ = nullptr;
  std::vector<Entry*> touched_;  // stations with rows on the current date
  std::vector<DaySealer::Piece> pieces_;
  int date_key_ = -1;
  int date_year_ = 0;
  int date_day_ = 0;
  int first_key_ = -1;
  std::optional<RawDate> head_;
  std::optional<RawDate> tail_;
  std::string reason_;
  std::int64_t next_line_ = 0;
};

// Adds the station-days of `from` to `into` (the same date, read by two
// chunks). False when both hold the same station and hour (a pair given
// twice).
bool MergeRawDate(RawDate& into, const RawDate& from) {
  std::unordered_map<const StreamStation*, std::size_t> index;
  for (std::size_t i = 0; i < into.stations.size(); ++i) index[into.stations[i].station] = i;
  for (const RawStationDay& d : from.stations) {
    auto it = index.find(d.station);
    if (it == index.end()) {
      into.stations.push_back(d);
      continue;
    }
    RawStationDay& to = into.stations[it->second];
    if ((to.mask & d.mask) != 0) return false;
    for (int h = 0; h < kHoursPerDay; ++h) {
      if ((d.mask >> h & 1u) == 0) continue;
      for (int k = 0; k < kAirPollutantCount; ++k) {
        to.hours[static_cast<std::size_t>(h * kAirPollutantCount + k)] =
            d.hours[static_cast<std::size_t>(h * kAirPollutantCount + k)];
      }
    }
    to.mask |= d.mask;
  }
  return true;
}

// Assesses the rows of `source` in one pass if they are in date order, else
// reads them into dense arrays and assesses those. `min_chunk` is the least
// number of bytes per thread.
Result<StationHourAssessment> AssessSource(const RowSource& source, std::size_t body,
                                           std::string_view name, const AirAssessmentRules& rules,
                                           const IaqiFunction& iaqi, int threads,
                                           std::size_t min_chunk) {
  const std::size_t size = source.size() - body;
  const int parse_threads = std::max(
      1, std::min(threads, static_cast<int>(size / std::max<std::size_t>(min_chunk, 1)) + 1));
  std::vector<std::size_t> cuts = {body};
  for (int i = 1; i < parse_threads; ++i) {
    cuts.push_back(
        std::max(cuts.back(), source.LineStartAfter(body + size * i / parse_threads - 1)));
  }
  cuts.push_back(source.size());

  std::string reason;
  {
    StreamRegistry registry;
    std::atomic<bool> stop{false};
    std::vector<std::unique_ptr<DayStreamParser>> parsers;
    for (int i = 0; i < parse_threads; ++i) {
      parsers.push_back(std::make_unique<DayStreamParser>(registry, rules, iaqi, i > 0, stop));
    }
    std::vector<char> failed(static_cast<std::size_t>(parse_threads), 0);
    std::vector<Status> io_errors(static_cast<std::size_t>(parse_threads));
    auto run = [&](int i) {
      const auto n = static_cast<std::size_t>(i);
      if (source.Parse(*parsers[n], cuts[n], cuts[n + 1], i == 0 ? 2 : 0, io_errors[n])) {
        failed[n] = 1;
        stop.store(true, std::memory_order_relaxed);
      } else {
        parsers[n]->Finish();
      }
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < parse_threads; ++i) pool.emplace_back(run, i);
    run(0);
    for (std::thread& t : pool) t.join();
    for (const Status& s : io_errors) KINET_RETURN_IF_ERROR(s);

    bool ok = true;
    for (std::size_t i = 0; i < parsers.size(); ++i) {
      // The reason of a parser that gave up by itself, not because another did.
      if (failed[i] != 0 && (ok || reason == "stopped")) reason = parsers[i]->reason();
      if (failed[i] != 0) ok = false;
    }
    // The dates at the chunk boundaries: chunk i's last date may continue
    // as chunk i+1's first; merge such pieces and seal every raw date once.
    std::optional<RawDate> pending;
    int previous_last = -1;
    for (std::size_t i = 0; i < parsers.size() && ok; ++i) {
      DayStreamParser& parser = *parsers[i];
      if (parser.empty()) continue;
      if (parser.first_key() < previous_last) {
        ok = false;
        reason = "the rows are not in date order";
        break;
      }
      previous_last = parser.last_key();
      for (std::optional<RawDate>* piece : {&parser.head(), &parser.tail()}) {
        if (!piece->has_value()) continue;
        if (pending && pending->key == (*piece)->key) {
          if (!MergeRawDate(*pending, **piece)) {
            ok = false;
            reason = "a (station, time) pair given twice";
            break;
          }
        } else {
          if (pending) parsers[0]->sealer().Seal(*pending);
          pending = std::move(*piece);
        }
        piece->reset();
      }
    }
    if (ok) {
      if (pending) parsers[0]->sealer().Seal(*pending);
      StationHourAssessment out;
      out.stations = registry.station_count();
      parsers.clear();
      out.assessment = SummarizeDailyAir(registry.Take(), rules, threads);
      out.one_pass = true;
      return out;
    }
  }
  // Not in date order, or a bad row (found again, with its line, here).
  KINET_ASSIGN_OR_RETURN(const StationHourData data, ParseSource(source, body, name, threads));
  StationHourAssessment out;
  out.stations = data.stations.size();
  out.assessment = AssessAir(data, rules, iaqi, threads);
  out.fallback_reason = std::move(reason);
  return out;
}

}  // namespace

Result<StationHourData> ParseStationHourCsv(std::string_view text, std::string_view source,
                                            int threads) {
  KINET_ASSIGN_OR_RETURN(const std::size_t body, CheckHeader(text, source));
  return ParseSource(TextSource(text), body, source, threads);
}

namespace {

// Opens `path` and calls parse(source, body) on its rows: a regular file is
// read block by block; a gzip file (detected by its magic bytes) or a pipe
// is read whole, decompressed, the ordinary way.
template <typename T, typename ParseFn>
Result<T> WithRowSource(const std::string& path, ParseFn parse) {
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
    ::close(fd);
    KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    KINET_ASSIGN_OR_RETURN(const std::size_t body, CheckHeader(text, path));
    return parse(TextSource(text), body);
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
  Result<T> out = parse(FileSource(fd, static_cast<std::size_t>(st.st_size), path), *body);
  ::close(fd);
  return out;
}

}  // namespace

Result<StationHourData> ReadStationHourCsv(const std::string& path, int threads) {
  return WithRowSource<StationHourData>(path, [&](const RowSource& source, std::size_t body) {
    return ParseSource(source, body, path, threads);
  });
}

Result<StationHourAssessment> AssessStationHourText(std::string_view text, std::string_view source,
                                                    const AirAssessmentRules& rules,
                                                    const IaqiFunction& iaqi, int threads,
                                                    std::size_t min_chunk_bytes) {
  KINET_ASSIGN_OR_RETURN(const std::size_t body, CheckHeader(text, source));
  return AssessSource(TextSource(text), body, source, rules, iaqi, threads, min_chunk_bytes);
}

Result<StationHourAssessment> AssessStationHourCsv(const std::string& path,
                                                   const AirAssessmentRules& rules,
                                                   const IaqiFunction& iaqi, int threads) {
  return WithRowSource<StationHourAssessment>(path, [&](const RowSource& source, std::size_t body) {
    return AssessSource(source, body, path, rules, iaqi, threads, kMinChunkBytes);
  });
}

}  // namespace kinet
