#include "core/units.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

TEST(UnitsTest, ParsesSpellings) {
  EXPECT_EQ(ParseUnit("µg/m³"), Unit::kUgM3);
  EXPECT_EQ(ParseUnit("ug/m3"), Unit::kUgM3);
  EXPECT_EQ(ParseUnit("μg/m3"), Unit::kUgM3);  // Greek mu
  EXPECT_EQ(ParseUnit("MG/M3"), Unit::kMgM3);
  EXPECT_EQ(ParseUnit("ppb"), Unit::kPpb);
  EXPECT_FALSE(ParseUnit("g/l").has_value());
}

TEST(UnitsTest, MolarVolumeAtStatedReferenceStates) {
  // R·T/p: 8.314462618 × 298.15 / 101325 m³/mol = 24.4654 L/mol.
  EXPECT_NEAR(kReference25C.MolarVolume(), 24.4654, 1e-4);
  // 8.314462618 × 273.15 / 101325 = 22.4140 L/mol.
  EXPECT_NEAR(kReference0C.MolarVolume(), 22.4140, 1e-4);
}

TEST(UnitsTest, PpbToMassAt25CMatchesPublishedFactors) {
  // ../shared/reference/standards.md §4.4: 1 ppb SO2 = 2.62 µg/m³, NO2 1.88,
  // O3 1.96; 1 ppm CO = 1.145 mg/m³ (25 °C, 1 atm).
  EXPECT_NEAR(*ConvertConcentration(1, Pollutant::kSo2, Unit::kPpb, Unit::kUgM3, kReference25C),
              2.62, 0.005);
  EXPECT_NEAR(*ConvertConcentration(1, Pollutant::kNo2, Unit::kPpb, Unit::kUgM3, kReference25C),
              1.88, 0.005);
  EXPECT_NEAR(*ConvertConcentration(1, Pollutant::kO3, Unit::kPpb, Unit::kUgM3, kReference25C),
              1.96, 0.005);
  EXPECT_NEAR(*ConvertConcentration(1, Pollutant::kCo, Unit::kPpm, Unit::kMgM3, kReference25C),
              1.145, 0.001);
}

TEST(UnitsTest, RoundTripsAndMassConversions) {
  double ug = *ConvertConcentration(40, Pollutant::kNo2, Unit::kPpb, Unit::kUgM3, kReference0C);
  EXPECT_NEAR(*ConvertConcentration(ug, Pollutant::kNo2, Unit::kUgM3, Unit::kPpb, kReference0C), 40,
              1e-9);
  EXPECT_DOUBLE_EQ(
      *ConvertConcentration(300, Pollutant::kCo, Unit::kUgM3, Unit::kMgM3, kReference25C), 0.3);
  EXPECT_DOUBLE_EQ(*ConvertConcentration(2, Pollutant::kPm25, Unit::kMgM3, Unit::kUgM3, {}), 2000);
}

TEST(UnitsTest, RefusesMixingRatioForParticulates) {
  Result<double> r = ConvertConcentration(10, Pollutant::kPm25, Unit::kPpb, Unit::kUgM3, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "unit");
}

}  // namespace
}  // namespace kinet
