#include "core/time_zone.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

TEST(TimeZoneTest, ShanghaiIsUtcPlus8AllYear) {
  Result<TimeZone> tz = TimeZone::Locate("Asia/Shanghai");
  ASSERT_TRUE(tz.ok());
  Seconds jan = CivilToSeconds({2015, 1, 15}, 12);
  Seconds jul = CivilToSeconds({2015, 7, 15}, 12);
  EXPECT_EQ(tz->StandardOffset(jan), 8 * 3600);
  EXPECT_EQ(tz->StandardOffset(jul), 8 * 3600);
}

TEST(TimeZoneTest, StandardOffsetIgnoresDaylightSaving) {
  // Australia/Sydney: AEST +10, AEDT +11 in (southern) summer.
  Result<TimeZone> tz = TimeZone::Locate("Australia/Sydney");
  ASSERT_TRUE(tz.ok());
  Seconds jan = CivilToSeconds({2015, 1, 15}, 0);
  EXPECT_EQ(tz->WallOffset(jan), 11 * 3600);
  EXPECT_EQ(tz->StandardOffset(jan), 10 * 3600);
  EXPECT_EQ(tz->LocalStandardToUtc(tz->UtcToLocalStandard(jan)), jan);
}

TEST(TimeZoneTest, WallClockGapIsRefusedAndOverlapTakesEarlier) {
  Result<TimeZone> tz = TimeZone::Locate("Australia/Sydney");
  ASSERT_TRUE(tz.ok());
  // 2015-10-04 02:00 AEST clocks jumped to 03:00 AEDT: 02:30 does not exist.
  EXPECT_FALSE(tz->WallClockToUtc(CivilToSeconds({2015, 10, 4}, 2, 30)).ok());
  // 2015-04-05 03:00 AEDT clocks went back to 02:00 AEST: 02:30 happens twice.
  Seconds wall = CivilToSeconds({2015, 4, 5}, 2, 30);
  EXPECT_EQ(*tz->WallClockToUtc(wall), wall - 11 * 3600);
  EXPECT_EQ(*tz->WallClockToUtc(wall, true), wall - 10 * 3600);
}

TEST(TimeZoneTest, UnknownZoneIsNotFound) {
  Result<TimeZone> tz = TimeZone::Locate("Asia/Atlantis");
  ASSERT_FALSE(tz.ok());
  EXPECT_EQ(tz.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kinet
