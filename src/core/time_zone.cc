#include "core/time_zone.h"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>

namespace kinet {

Seconds CivilToSeconds(const CivilDate& d, int hour, int minute, int second) {
  return DaysFromCivil(d) * 86400 + hour * 3600 + minute * 60 + second;
}

Result<TimeZone> TimeZone::Locate(std::string_view name) {
  try {
    const date::time_zone* zone = date::locate_zone(name);
    return TimeZone(zone, std::string(name));
  } catch (const std::runtime_error&) {
    // date::locate_zone reports an unknown name by throwing; this is the one
    // place we translate that into an expected failure.
    return NotFound(
        fmt::format("unknown time zone '{}' (use an IANA name such as Asia/Shanghai)", name));
  }
}

namespace {
date::sys_info InfoAt(const date::time_zone* zone, Seconds utc) {
  return zone->get_info(date::sys_seconds(std::chrono::seconds(utc)));
}
}  // namespace

Seconds TimeZone::StandardOffset(Seconds utc) const {
  // With the OS tzdb (TZif files), date::sys_info::save only flags daylight
  // saving (TZif stores no DST amount), so the standard offset is read from
  // the nearest period without DST: the one before, or else the one after.
  date::sys_info info = InfoAt(zone_, utc);
  if (info.save == std::chrono::minutes(0)) return info.offset.count();
  date::sys_info before = info;
  date::sys_info after = info;
  for (int i = 0; i < 8; ++i) {
    before = zone_->get_info(before.begin - std::chrono::seconds(1));
    if (before.save == std::chrono::minutes(0)) return before.offset.count();
    after = zone_->get_info(after.end);
    if (after.save == std::chrono::minutes(0)) return after.offset.count();
  }
  return info.offset.count();  // no standard period found nearby: keep the wall offset
}

Seconds TimeZone::WallOffset(Seconds utc) const { return InfoAt(zone_, utc).offset.count(); }

Seconds TimeZone::LocalStandardToUtc(Seconds lst) const {
  // The standard offset changes rarely (a zone changing its base offset);
  // evaluate it at the first guess and once more to settle on the right side.
  Seconds guess = lst - StandardOffset(lst);
  return lst - StandardOffset(guess);
}

Result<Seconds> TimeZone::WallClockToUtc(Seconds wall, bool prefer_later) const {
  date::local_seconds local{std::chrono::seconds(wall)};
  date::local_info info = zone_->get_info(local);
  switch (info.result) {
    case date::local_info::unique:
      return wall - info.first.offset.count();
    case date::local_info::ambiguous:
      return wall - (prefer_later ? info.second.offset.count() : info.first.offset.count());
    case date::local_info::nonexistent:
    default: {
      Seconds days = wall / 86400;
      CivilDate d = CivilFromDays(days);
      return InvalidArgument(fmt::format("{} {:02d}:{:02d} does not exist in {} (clocks skip it)",
                                         FormatDate(d), (wall % 86400) / 3600, (wall % 3600) / 60,
                                         name_));
    }
  }
}

}  // namespace kinet
