#include "core/period.h"

#include <charconv>

#include <fmt/format.h>

namespace kinet {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int DaysInYear(int year) { return IsLeapYear(year) ? 366 : 365; }

bool IsValidDate(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

// days_from_civil and civil_from_days: H. Hinnant, "chrono-Compatible Low-Level
// Date Algorithms" (public domain description of the arithmetic).
std::int64_t DaysFromCivil(const CivilDate& d) {
  std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int IsoWeekday(const CivilDate& d) {
  std::int64_t z = DaysFromCivil(d);  // 1970-01-01 was a Thursday (4)
  std::int64_t w = (z + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

int DayOfYear(const CivilDate& d) {
  return static_cast<int>(DaysFromCivil(d) - DaysFromCivil(CivilDate{d.year, 1, 1}));
}

namespace {
bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

Result<CivilDate> ParseDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() == 10 && (text[4] == '-' || text[4] == '/') && text[7] == text[4] &&
      ParseInt(text.substr(0, 4), y) && ParseInt(text.substr(5, 2), m) &&
      ParseInt(text.substr(8, 2), d) && IsValidDate(y, m, d)) {
    return CivilDate{y, m, d};
  }
  return InvalidArgument(fmt::format("'{}' is not a date of the form YYYY-MM-DD", text));
}

std::string FormatDate(const CivilDate& d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

Result<Period> Period::Parse(std::string_view text) {
  auto bad = [&] {
    return InvalidArgument(
        fmt::format("'{}' is not a period (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH)", text));
  };
  int y = 0, m = 0, h = 0;
  if (text.size() == 4) {
    if (!ParseInt(text, y)) return bad();
    return Year(y);
  }
  if (text.size() == 7) {
    if (text[4] != '-' || !ParseInt(text.substr(0, 4), y) || !ParseInt(text.substr(5, 2), m) ||
        m < 1 || m > 12) {
      return bad();
    }
    return Month(y, m);
  }
  if (text.size() == 10) {
    Result<CivilDate> d = ParseDate(text);
    if (!d.ok()) return bad();
    return Day(*d);
  }
  // "YYYY-MM-DDTHH" or "YYYY-MM-DD HH:00"
  if ((text.size() == 13 || text.size() == 16) && (text[10] == 'T' || text[10] == ' ')) {
    Result<CivilDate> d = ParseDate(text.substr(0, 10));
    if (!d.ok() || !ParseInt(text.substr(11, 2), h) || h < 0 || h > 23) return bad();
    if (text.size() == 16 && text.substr(13) != ":00") return bad();
    return Hour(*d, h);
  }
  return bad();
}

std::string Period::ToString() const {
  switch (kind) {
    case PeriodKind::kYear:
      return fmt::format("{:04d}", year);
    case PeriodKind::kMonth:
      return fmt::format("{:04d}-{:02d}", year, month);
    case PeriodKind::kDay:
      return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
    case PeriodKind::kHour:
      return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}", year, month, day, hour);
  }
  return "?";
}

CivilDate Period::FirstDay() const {
  switch (kind) {
    case PeriodKind::kYear:
      return {year, 1, 1};
    case PeriodKind::kMonth:
      return {year, month, 1};
    default:
      return {year, month, day};
  }
}

CivilDate Period::LastDay() const {
  switch (kind) {
    case PeriodKind::kYear:
      return {year, 12, 31};
    case PeriodKind::kMonth:
      return {year, month, DaysInMonth(year, month)};
    default:
      return {year, month, day};
  }
}

Period Period::Next() const {
  switch (kind) {
    case PeriodKind::kYear:
      return Year(year + 1);
    case PeriodKind::kMonth:
      return month == 12 ? Month(year + 1, 1) : Month(year, month + 1);
    case PeriodKind::kDay:
      return Day(CivilFromDays(DaysFromCivil(CivilDate{year, month, day}) + 1));
    case PeriodKind::kHour:
      if (hour < 23) return {kind, year, month, day, hour + 1};
      return Hour(CivilFromDays(DaysFromCivil(CivilDate{year, month, day}) + 1), 0);
  }
  return *this;
}

}  // namespace kinet
