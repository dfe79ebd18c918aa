#include "rules/indicator_catalogue.h"

#include <gtest/gtest.h>

#include <set>

namespace kinet {
namespace {

const Indicator* Find(const IndicatorCatalogue& cat, std::string_view code) {
  for (const Indicator& i : cat.indicators) {
    if (i.code == code) return &i;
  }
  return nullptr;
}

TEST(IndicatorCatalogueTest, BuiltinCatalogueLoadsAndCoversEveryTheme) {
  Result<IndicatorCatalogue> cat = BuiltinIndicatorCatalogue();
  ASSERT_TRUE(cat.ok()) << cat.status().ToString();
  EXPECT_EQ(cat->id, "kinet-indicators");
  EXPECT_GE(cat->indicators.size(), 25u);
  EXPECT_LE(cat->indicators.size(), 60u);
  EXPECT_EQ(cat->digest.size(), 16u);
  std::set<Theme> themes;
  for (const Indicator& i : cat->indicators) {
    themes.insert(i.theme);
    EXPECT_TRUE(i.builtin) << i.code;
    EXPECT_FALSE(i.name_zh.empty()) << i.code;
    EXPECT_FALSE(i.definition_en.empty()) << i.code;
    EXPECT_FALSE(i.source.empty()) << i.code;
    EXPECT_TRUE(ValidateIndicator(i).ok()) << i.code;
  }
  EXPECT_EQ(themes.size(), 7u);
}

TEST(IndicatorCatalogueTest, CarriesTheMappingsOfStandardsSection9) {
  Result<IndicatorCatalogue> cat = BuiltinIndicatorCatalogue();
  ASSERT_TRUE(cat.ok());
  const Indicator* pm25 = Find(*cat, "air.pm25.annual-mean");
  ASSERT_NE(pm25, nullptr);
  EXPECT_EQ(pm25->computed_by, "air-engine");
  EXPECT_EQ(pm25->statistic, "annual-mean");
  EXPECT_EQ(pm25->iso37120, "8.1");
  EXPECT_FALSE(pm25->iso37120_confirmed);  // standards.md §9.1: 8.1 UNCONFIRMED number
  EXPECT_EQ(pm25->sdg, "11.6.2");
  const Indicator* o3 = Find(*cat, "air.o3.mda8-p90");
  ASSERT_NE(o3, nullptr);
  EXPECT_EQ(o3->iso37120, "8.6");
  EXPECT_TRUE(o3->iso37120_confirmed);  // §9.1 [C1]
  const Indicator* coverage = Find(*cat, "waste.msw.collection-coverage");
  ASSERT_NE(coverage, nullptr);
  EXPECT_EQ(coverage->iso37120, "16.1");
  EXPECT_EQ(coverage->sdg, "11.6.1");
  EXPECT_EQ(coverage->computed_by, "ratio");
  EXPECT_FALSE(coverage->numerator.empty());
  const Indicator* noise = Find(*cat, "noise.traffic.day-mean");
  ASSERT_NE(noise, nullptr);
  EXPECT_EQ(noise->direction, Direction::kLowerIsBetter);
  EXPECT_EQ(noise->unit, "dB(A)");
}

constexpr std::string_view kOne = R"(
[[indicator]]
code = "city.trees-planted"
name_en = "Trees planted"
theme = "green-space"
unit = "count"
direction = "higher"
)";

TEST(IndicatorCatalogueTest, RefusesUnknownUnitNamingLineAndKey) {
  Result<IndicatorCatalogue> cat = ParseIndicatorCatalogue(kOne, "add.toml");
  ASSERT_FALSE(cat.ok());
  EXPECT_EQ(cat.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(cat.status().message().find("add.toml:"), std::string::npos);
  EXPECT_NE(cat.status().message().find("indicator[1].unit"), std::string::npos);
  EXPECT_NE(cat.status().message().find("unknown unit 'count'"), std::string::npos);
}

TEST(IndicatorCatalogueTest, RefusesUnknownKeysAndDuplicates) {
  std::string typo = std::string(kOne) + "unti = \"%\"\n";
  Result<IndicatorCatalogue> a = ParseIndicatorCatalogue(typo, "a.toml");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("unti: unknown key"), std::string::npos);

  std::string fixed(kOne);
  fixed.replace(fixed.find("\"count\""), 7, "\"score\"");
  Result<IndicatorCatalogue> ok = ParseIndicatorCatalogue(fixed, "b.toml");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->indicators.size(), 1u);
  EXPECT_FALSE(ok->indicators[0].builtin);
  Result<IndicatorCatalogue> dup = ParseIndicatorCatalogue(fixed + fixed, "c.toml");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("appears twice"), std::string::npos);
}

TEST(IndicatorCatalogueTest, ValidateRefusesBadShapes) {
  Indicator i;
  i.code = "x.y";
  i.name_en = "X";
  i.unit = "%";
  EXPECT_TRUE(ValidateIndicator(i).ok());
  i.code = "NoDot";
  EXPECT_EQ(ValidateIndicator(i).field(), "code");
  i.code = "x.y";
  i.valid_min = 10;
  i.valid_max = 5;
  EXPECT_EQ(ValidateIndicator(i).field(), "valid_min");
  i.valid_max.reset();
  i.computed_by = "ratio";
  EXPECT_EQ(ValidateIndicator(i).field(), "numerator");
  i.computed_by = "";
  i.sdg = "11.6.3";
  EXPECT_EQ(ValidateIndicator(i).field(), "sdg");
}

}  // namespace
}  // namespace kinet
