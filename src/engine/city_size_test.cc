#include "engine/city_size.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

struct SizeCase {
  std::int64_t population;
  const char* expected;
  const char* source;
};

// Every boundary of 国发〔2014〕51号 (standards.md §10.2): lower bounds
// inclusive, upper bounds exclusive.
constexpr SizeCase kChinaCases[] = {
    {1, "cn-small-2", "< 200 000"},
    {199'999, "cn-small-2", "upper bound of small II is exclusive"},
    {200'000, "cn-small-1", "200 000 inclusive starts small I"},
    {499'999, "cn-small-1", "< 500 000"},
    {500'000, "cn-medium", "500 000 inclusive starts medium"},
    {999'999, "cn-medium", "< 1 000 000"},
    {1'000'000, "cn-large-2", "1 000 000 inclusive starts large II"},
    {2'999'999, "cn-large-2", "< 3 000 000"},
    {3'000'000, "cn-large-1", "3 000 000 inclusive starts large I"},
    {4'999'999, "cn-large-1", "< 5 000 000"},
    {5'000'000, "cn-super-large", "5 000 000 inclusive starts super-large"},
    {9'999'999, "cn-super-large", "< 10 000 000"},
    {10'000'000, "cn-megacity", "10 000 000 inclusive starts megacity"},
};

TEST(CitySizeTest, ChinaClassesAtEveryBoundary) {
  for (const SizeCase& c : kChinaCases) {
    auto cls = ClassifyCitySize("cn-2014", c.population, "urban-resident");
    ASSERT_TRUE(cls.has_value()) << c.source;
    EXPECT_EQ(cls->code, c.expected) << c.population << ": " << c.source;
  }
}

TEST(CitySizeTest, ChinaNeedsUrbanResidentPopulation) {
  // A whole-city (city-proper) figure includes counties: no class from it.
  EXPECT_FALSE(ClassifyCitySize("cn-2014", 11'235'086, "city-proper").has_value());
}

TEST(CitySizeTest, GenericUsesUnWupClasses) {
  EXPECT_EQ(ClassifyCitySize("generic", 499'999, "city-proper")->code, "un-under-500k");
  EXPECT_EQ(ClassifyCitySize("generic", 945'000, "city-proper")->code, "un-500k-1m");
  EXPECT_EQ(ClassifyCitySize("generic", 10'000'000, "metro")->code, "un-megacity");
}

TEST(CitySizeTest, UnknownSchemeOrNoPopulationGivesNothing) {
  EXPECT_FALSE(ClassifyCitySize("cn-1989", 600'000, "urban-resident").has_value());
  EXPECT_FALSE(ClassifyCitySize("generic", 0, "city-proper").has_value());
}

TEST(CitySizeTest, FindsEveryClassByCode) {
  // The seven tiers of 国发〔2014〕51号 and the five UN DESA WUP 2018 classes.
  for (const char* code :
       {"cn-small-2", "cn-small-1", "cn-medium", "cn-large-2", "cn-large-1", "cn-super-large",
        "cn-megacity", "un-under-500k", "un-500k-1m", "un-1m-5m", "un-5m-10m", "un-megacity"}) {
    EXPECT_TRUE(FindCitySizeClass(code).has_value()) << code;
  }
  EXPECT_EQ(FindCitySizeClass("cn-medium")->name_zh, "中等城市");
  EXPECT_FALSE(FindCitySizeClass("medium").has_value());
}

}  // namespace
}  // namespace kinet
