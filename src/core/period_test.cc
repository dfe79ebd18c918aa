#include "core/period.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

TEST(CivilDateTest, LeapYearsFollowGregorianRules) {
  EXPECT_TRUE(IsLeapYear(2016));
  EXPECT_FALSE(IsLeapYear(2017));
  EXPECT_FALSE(IsLeapYear(1900));  // divisible by 100, not by 400
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_EQ(HoursInYear(2016), 8784);
  EXPECT_EQ(HoursInYear(2015), 8760);
  EXPECT_EQ(DaysInMonth(2016, 2), 29);
}

TEST(CivilDateTest, DayNumbersRoundTrip) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);  // 30 years + 8 leap days + 59 days = 11017
  for (std::int64_t z = -800000; z < 800000; z += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(z)), z);
  }
  EXPECT_EQ(IsoWeekday({2001, 3, 20}), 2);  // the Beijing seminar was on a Tuesday
  EXPECT_EQ(DayOfYear({2016, 12, 31}), 365);
}

TEST(PeriodTest, ParsesAndFormatsEveryKind) {
  for (const char* text : {"2015", "2015-03", "2015-03-01", "2015-03-01T05"}) {
    Result<Period> p = Period::Parse(text);
    ASSERT_TRUE(p.ok()) << text;
    EXPECT_EQ(p->ToString(), text);
  }
  EXPECT_EQ(Period::Parse("2015-03-01 05:00")->ToString(), "2015-03-01T05");
  EXPECT_FALSE(Period::Parse("2015-13").ok());
  EXPECT_FALSE(Period::Parse("2015-02-29").ok());
  EXPECT_FALSE(Period::Parse("2015-03-01T24").ok());
  EXPECT_FALSE(Period::Parse("15").ok());
}

TEST(PeriodTest, NextCrossesBoundaries) {
  EXPECT_EQ(Period::Month(2015, 12).Next().ToString(), "2016-01");
  EXPECT_EQ(Period::Day({2016, 2, 28}).Next().ToString(), "2016-02-29");
  EXPECT_EQ(Period::Hour({2016, 12, 31}, 23).Next().ToString(), "2017-01-01T00");
  EXPECT_EQ(Period::Month(2016, 2).LastDay(), (CivilDate{2016, 2, 29}));
}

}  // namespace
}  // namespace kinet
