// Calendar periods (year, month, day, hour) and civil-date arithmetic.
//
// Indicator values are reported per period ("2015", "2015-03"); monitoring data
// is hourly. All dates are proleptic Gregorian civil dates with no time zone:
// the zone is a property of the city or station (core/time_zone.h), and
// monitoring data is kept in local standard time.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kinet {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
int DaysInYear(int year);
// Hours in a year: 8760, or 8784 in a leap year.
inline int HoursInYear(int year) { return DaysInYear(year) * 24; }

// Days since 1970-01-01 (negative before). Valid for any date ±1 million years.
std::int64_t DaysFromCivil(const CivilDate& d);
CivilDate CivilFromDays(std::int64_t days);
// 1 = Monday .. 7 = Sunday (ISO 8601).
int IsoWeekday(const CivilDate& d);
// 0-based day of the year (1 January is 0).
int DayOfYear(const CivilDate& d);

// True when year, month and day form a real date.
bool IsValidDate(int year, int month, int day);

// Parses "YYYY-MM-DD" (also "YYYY/MM/DD"). InvalidArgument naming the text otherwise.
Result<CivilDate> ParseDate(std::string_view text);
std::string FormatDate(const CivilDate& d);  // "YYYY-MM-DD"

enum class PeriodKind : std::uint8_t { kYear, kMonth, kDay, kHour };

// A calendar period: a year, a month, a day or an hour of a day.
struct Period {
  PeriodKind kind = PeriodKind::kYear;
  int year = 1970;
  int month = 1;  // meaningful for kMonth and finer
  int day = 1;    // meaningful for kDay and finer
  int hour = 0;   // meaningful for kHour; 0..23, labelling the hour's start

  static Period Year(int y) { return {PeriodKind::kYear, y, 1, 1, 0}; }
  static Period Month(int y, int m) { return {PeriodKind::kMonth, y, m, 1, 0}; }
  static Period Day(const CivilDate& d) { return {PeriodKind::kDay, d.year, d.month, d.day, 0}; }
  static Period Hour(const CivilDate& d, int h) {
    return {PeriodKind::kHour, d.year, d.month, d.day, h};
  }

  // Parses "2015", "2015-03", "2015-03-01", "2015-03-01T05" or "2015-03-01 05:00".
  static Result<Period> Parse(std::string_view text);
  // The canonical text form, the inverse of Parse ("2015-03-01T05" for hours).
  std::string ToString() const;

  // First and last civil day covered.
  CivilDate FirstDay() const;
  CivilDate LastDay() const;
  // The period of the same kind that follows this one.
  Period Next() const;

  friend auto operator<=>(const Period&, const Period&) = default;
};

}  // namespace kinet
