#include "engine/value_checks.h"

#include <gtest/gtest.h>

#include <vector>

namespace kinet {
namespace {

Indicator Share() {
  Indicator i;
  i.code = "test.share";
  i.unit = "%";
  i.valid_min = 0;
  i.valid_max = 100;
  return i;
}

TEST(CheckRangeTest, BoundsAreInclusive) {
  const Indicator share = Share();
  EXPECT_FALSE(CheckRange(share, 0.0).has_value());
  EXPECT_FALSE(CheckRange(share, 100.0).has_value());
  std::optional<ValueFlag> above = CheckRange(share, 100.5);
  ASSERT_TRUE(above.has_value());
  EXPECT_EQ(above->code, "out-of-range");
  EXPECT_EQ(above->reason, "100.5 is above the valid maximum 100 %");
  std::optional<ValueFlag> below = CheckRange(share, -0.1);
  ASSERT_TRUE(below.has_value());
  EXPECT_EQ(below->reason, "-0.1 is below the valid minimum 0 %");
}

TEST(CheckRangeTest, TheReasonPrintsTheUnitSymbol) {
  Indicator pm10;
  pm10.code = "air.pm10.annual-mean";
  pm10.unit = "ug/m3";
  pm10.valid_max = 2000;
  std::optional<ValueFlag> above = CheckRange(pm10, 2100);
  ASSERT_TRUE(above.has_value());
  // The code "ug/m3" printed as SI writes it (core/indicator_unit.h UnitSymbol).
  EXPECT_EQ(above->reason, "2100 is above the valid maximum 2000 µg/m³");
}

TEST(CheckRangeTest, UnsetBoundsAreOpen) {
  Indicator open;
  open.unit = "ug/m3";
  open.valid_min = 0;
  EXPECT_FALSE(CheckRange(open, 1e9).has_value());
}

TEST(CheckJumpTest, FiftyPerCentIsTheBound) {
  const std::vector<SeriesValue> one = {{"2014", 100}};
  EXPECT_FALSE(CheckJump(one, 150).has_value());  // exactly +50 %
  EXPECT_FALSE(CheckJump(one, 50).has_value());   // exactly −50 %
  std::optional<ValueFlag> up = CheckJump(one, 150.01);
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->code, "implausible-jump");
  EXPECT_TRUE(CheckJump(one, 49.99).has_value());
}

TEST(CheckJumpTest, ReasonNamesThePreviousPeriod) {
  const std::vector<SeriesValue> series = {{"2014", 61}};
  std::optional<ValueFlag> f = CheckJump(series, 140);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->reason, "implausible jump from 2014 (61 → 140)");
}

TEST(CheckJumpTest, NoEarlierValueNoFlag) { EXPECT_FALSE(CheckJump({}, 1e6).has_value()); }

TEST(CheckJumpTest, FromZero) {
  const std::vector<SeriesValue> zero = {{"2014", 0}};
  EXPECT_FALSE(CheckJump(zero, 0).has_value());
  EXPECT_TRUE(CheckJump(zero, 1).has_value());
}

TEST(CheckJumpTest, VolatileSeriesEarnsThreeMedianChanges) {
  // Changes 40, 40, 40: median 40, so a jump is flagged only above 120.
  const std::vector<SeriesValue> volatile_series = {
      {"2010", 100}, {"2011", 60}, {"2012", 100}, {"2013", 60}};
  EXPECT_FALSE(CheckJump(volatile_series, 180).has_value());  // d = 120 = 3 · 40
  EXPECT_TRUE(CheckJump(volatile_series, 180.5).has_value());
}

TEST(CheckJumpTest, ShijiazhuangPm10In2013IsFlagged) {
  // csy_31cities_PM10_2008_2017.csv: 116, 104, 98, (2011 doubtful), 98, 305.
  const std::vector<SeriesValue> series = {
      {"2008", 116}, {"2009", 104}, {"2010", 98}, {"2012", 98}};
  std::optional<ValueFlag> f = CheckJump(series, 305);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->reason, "implausible jump from 2012 (98 → 305)");
}

}  // namespace
}  // namespace kinet
