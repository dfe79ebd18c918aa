// IANA time zones and local standard time.
//
// Every city has an IANA zone (e.g. "Asia/Shanghai"). Monitoring data is
// stored in *local standard time* (LST): the zone's standard UTC offset with
// no daylight saving, so a station's hours form one gap-free, duplicate-free
// sequence all year (as HJ 663 and the EPA assume). The zone name is stored
// with the data so the UTC instant can always be recovered.
//
// Zone rules come from the system tzdata (Debian package tzdata) through
// H. Hinnant's date/tz library (libhowardhinnant-date-dev, USE_OS_TZDB).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/period.h"
#include "core/result.h"

namespace date {
class time_zone;
}

namespace kinet {

// Seconds since 1970-01-01T00:00:00 on some clock (UTC, wall clock or LST;
// the variable name says which).
using Seconds = std::int64_t;

// Converts a civil date and time of day to seconds since the epoch of the same clock.
Seconds CivilToSeconds(const CivilDate& d, int hour, int minute = 0, int second = 0);

class TimeZone {
 public:
  // Finds an IANA zone by name. NotFound ("unknown time zone 'X'") otherwise.
  static Result<TimeZone> Locate(std::string_view name);

  const std::string& name() const { return name_; }

  // The standard (non-DST) offset from UTC in seconds in force at `utc`.
  Seconds StandardOffset(Seconds utc) const;
  // The full offset (standard plus daylight saving) at `utc`.
  Seconds WallOffset(Seconds utc) const;

  Seconds UtcToLocalStandard(Seconds utc) const { return utc + StandardOffset(utc); }
  // Converts local standard time back to UTC.
  Seconds LocalStandardToUtc(Seconds lst) const;

  // Converts a wall-clock time (as shown on local clocks, DST included) to
  // UTC. A time that does not exist (skipped by a DST change) is
  // InvalidArgument; an ambiguous one (repeated) takes the earlier instant
  // unless `prefer_later`.
  Result<Seconds> WallClockToUtc(Seconds wall, bool prefer_later = false) const;

 private:
  TimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
};

}  // namespace kinet
