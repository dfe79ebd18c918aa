#include "core/indicator.h"

#include <gtest/gtest.h>

#include "core/indicator_unit.h"

namespace kinet {
namespace {

struct ConversionCase {
  double value;
  const char* from;
  const char* to;
  double expected;
  const char* source;
};

constexpr ConversionCase kConversions[] = {
    {0.85, "fraction", "%", 85.0, "a share of one as per cent: ×100"},
    {85.0, "%", "fraction", 0.85, "inverse of the above"},
    {0.108, "mg/m3", "ug/m3", 108.0, "1 mg = 1000 µg (Beijing PM10 2013, 108 µg/m³)"},
    {108.0, "µg/m³", "mg/m3", 0.108, "alias µg/m³ of ug/m3"},
    {365.0, "t/year", "t/day", 1.0, "365-day year (What a Waste 2.0 convention)"},
    {7.3, "kt/year", "t/day", 20.0, "7 300 t/year over 365 days"},
    {0.365, "t/capita/year", "kg/capita/day", 1.0, "365 kg per person per year = 1 kg/day"},
    {2.5, "ha", "m2", 25000.0, "1 ha = 10 000 m²"},
    {1.0, "km2", "ha", 100.0, "1 km² = 100 ha"},
    {601381.0, "10k m3/year", "m3/year", 6013810000.0, "万立方米 = 10^4 m³"},
    {55.0, "dBA", "dB(A)", 55.0, "alias, same unit"},
};

TEST(IndicatorUnitTest, ConvertsWithinADimension) {
  for (const ConversionCase& c : kConversions) {
    Result<double> got = ConvertIndicatorUnit(c.value, c.from, c.to);
    ASSERT_TRUE(got.ok()) << c.source << ": " << got.status().ToString();
    EXPECT_NEAR(*got, c.expected, 1e-9 * std::max(1.0, c.expected)) << c.source;
  }
}

TEST(IndicatorUnitTest, RefusesAcrossDimensionsAndUnknownUnits) {
  Result<double> cross = ConvertIndicatorUnit(1.0, "t/day", "kg/capita/day");
  ASSERT_FALSE(cross.ok());
  EXPECT_EQ(cross.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(cross.status().message().find("cannot convert t/day"), std::string::npos);
  Result<double> unknown = ConvertIndicatorUnit(1.0, "furlongs", "%");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "unknown unit 'furlongs'");
  EXPECT_EQ(unknown.status().field(), "unit");
}

TEST(IndicatorUnitTest, EveryUnitIsFoundByItsCode) {
  for (const IndicatorUnit& u : IndicatorUnits()) {
    std::optional<IndicatorUnit> found = FindIndicatorUnit(u.code);
    ASSERT_TRUE(found.has_value()) << u.code;
    EXPECT_EQ(found->code, u.code);
    EXPECT_GT(u.to_base, 0);
  }
}

TEST(IndicatorUnitTest, SymbolsAreTheSiTypography) {
  // SI Brochure (9th ed., 2019) §5.4: µ for micro, powers as superscripts.
  EXPECT_EQ(UnitSymbol("ug/m3"), "µg/m³");
  EXPECT_EQ(UnitSymbol("mg/m3"), "mg/m³");
  EXPECT_EQ(UnitSymbol("m2/person"), "m²/person");
  EXPECT_EQ(UnitSymbol("persons/km2"), "persons/km²");
  EXPECT_EQ(UnitSymbol("dB(A)"), "dB(A)");  // no symbol of its own: the code
  // Every symbol reads back as its unit (FindIndicatorUnit's aliases or code).
  for (const IndicatorUnit& u : IndicatorUnits()) {
    const std::optional<IndicatorUnit> back = FindIndicatorUnit(UnitSymbol(u.code));
    if (UnitSymbol(u.code) == u.code) continue;
    EXPECT_TRUE(back.has_value() && back->code == u.code) << u.code;
  }
}

TEST(ValueStatusTest, AllowsOnlyTheDocumentedTransitions) {
  using enum ValueStatus;
  const ValueStatus all[] = {kDraft, kSubmitted, kEndorsed, kPublished};
  int allowed = 0;
  for (ValueStatus from : all) {
    for (ValueStatus to : all) allowed += IsAllowedTransition(from, to) ? 1 : 0;
  }
  EXPECT_EQ(allowed, 5);
  EXPECT_TRUE(IsAllowedTransition(kDraft, kSubmitted));
  EXPECT_TRUE(IsAllowedTransition(kSubmitted, kEndorsed));
  EXPECT_TRUE(IsAllowedTransition(kEndorsed, kPublished));
  EXPECT_TRUE(IsAllowedTransition(kSubmitted, kDraft));
  EXPECT_TRUE(IsAllowedTransition(kEndorsed, kDraft));
  EXPECT_FALSE(IsAllowedTransition(kDraft, kEndorsed));   // skips submission
  EXPECT_FALSE(IsAllowedTransition(kDraft, kPublished));  // skips endorsement
  EXPECT_FALSE(IsAllowedTransition(kPublished, kDraft));  // published is final
  EXPECT_FALSE(IsAllowedTransition(kSubmitted, kSubmitted));
}

TEST(IndicatorCodesTest, RoundTrip) {
  for (std::string_view t :
       {"air", "water", "noise", "waste", "green-space", "energy", "management"}) {
    ASSERT_TRUE(ParseTheme(t).has_value()) << t;
    EXPECT_EQ(ThemeCode(*ParseTheme(t)), t);
  }
  EXPECT_FALSE(ParseTheme("Air").has_value());
  EXPECT_EQ(SourceKindCode(*ParseSourceKind("computed")), "computed");
  EXPECT_EQ(DirectionCode(*ParseDirection("lower")), "lower");
}

TEST(ValuePeriodTest, AcceptsYearsAndMonthsOnly) {
  EXPECT_EQ(ParseValuePeriod("2015").value(), "2015");
  EXPECT_EQ(ParseValuePeriod("2015-03").value(), "2015-03");
  EXPECT_FALSE(ParseValuePeriod("2015-03-01").ok());
  EXPECT_FALSE(ParseValuePeriod("2015-13").ok());
  EXPECT_FALSE(ParseValuePeriod("15").ok());
}

}  // namespace
}  // namespace kinet
