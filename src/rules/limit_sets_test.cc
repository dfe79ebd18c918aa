#include "rules/limit_sets.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kinet {
namespace {

// Embedded files only, whatever KINET_STANDARDS says.
LimitSet Load(std::string_view id) {
  Result<LimitSet> set = LoadLimitSet(id, LimitSetLoadOptions{});
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return set.ok() ? *set : LimitSet{};
}

struct LimitCase {
  const char* set;
  const char* level;
  Pollutant pollutant;
  Averaging averaging;
  LimitStatistic statistic;
  double p;  // 0 when not a percentile row
  double value;
  Unit unit;
  const char* source;
};

constexpr LimitCase kCases[] = {
    // GB 3095-2012 Table 1 (standards.md §4.1) with HJ 663-2013 §4.3 statistics (standards.md
    // §4.3).
    {"cn-gb3095-2012", "grade-1", Pollutant::kSo2, Averaging::kYear, LimitStatistic::kAnnualMean, 0,
     20, Unit::kUgM3, "GB 3095-2012 Table 1, SO2 annual Grade I"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kSo2, Averaging::kDay, LimitStatistic::kPercentile,
     0.98, 150, Unit::kUgM3, "GB 3095-2012 Table 1 SO2 24h Grade II; HJ 663 P98"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kNo2, Averaging::kDay, LimitStatistic::kPercentile,
     0.98, 80, Unit::kUgM3, "GB 3095-2012 Table 1 NO2 24h; HJ 663 P98"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kCo, Averaging::kDay, LimitStatistic::kPercentile,
     0.95, 4, Unit::kMgM3, "GB 3095-2012 Table 1 CO 24h; HJ 663 P95"},
    {"cn-gb3095-2012", "grade-1", Pollutant::kO3, Averaging::kEightHour,
     LimitStatistic::kPercentile, 0.90, 100, Unit::kUgM3,
     "GB 3095-2012 Table 1 O3 MDA8 Grade I; HJ 663 P90"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kO3, Averaging::kEightHour,
     LimitStatistic::kPercentile, 0.90, 160, Unit::kUgM3, "GB 3095-2012 Table 1 O3 MDA8 Grade II"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kO3, Averaging::kHour, LimitStatistic::kMax, 0, 200,
     Unit::kUgM3, "GB 3095-2012 Table 1 O3 1h Grade II"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kPm10, Averaging::kYear, LimitStatistic::kAnnualMean,
     0, 70, Unit::kUgM3, "GB 3095-2012 Table 1 PM10 annual Grade II"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kPm25, Averaging::kYear, LimitStatistic::kAnnualMean,
     0, 35, Unit::kUgM3, "GB 3095-2012 Table 1 PM2.5 annual Grade II"},
    {"cn-gb3095-2012", "grade-1", Pollutant::kPm25, Averaging::kDay, LimitStatistic::kPercentile,
     0.95, 35, Unit::kUgM3, "GB 3095-2012 Table 1 PM2.5 24h Grade I; HJ 663 P95"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kTsp, Averaging::kYear, LimitStatistic::kAnnualMean, 0,
     200, Unit::kUgM3, "GB 3095-2012 Table 2 TSP annual Grade II"},
    {"cn-gb3095-2012", "grade-1", Pollutant::kPb, Averaging::kQuarter, LimitStatistic::kMax, 0, 1,
     Unit::kUgM3, "GB 3095-2012 Table 2 Pb quarterly"},
    {"cn-gb3095-2012", "grade-2", Pollutant::kBap, Averaging::kDay, LimitStatistic::kPercentile,
     0.95, 0.0025, Unit::kUgM3, "GB 3095-2012 Table 2 BaP 24h"},
    // GB 3095-2026 Table 1 (gb3095_2026_table1_limits.csv; standards.md §4.5).
    {"cn-gb3095-2026", "transitional-grade-2", Pollutant::kPm25, Averaging::kYear,
     LimitStatistic::kAnnualMean, 0, 30, Unit::kUgM3, "GB 3095-2026 transitional PM2.5 annual 30"},
    {"cn-gb3095-2026", "transitional-grade-2", Pollutant::kPm25, Averaging::kDay,
     LimitStatistic::kPercentile, 0.95, 60, Unit::kUgM3, "GB 3095-2026 transitional PM2.5 24h 60"},
    {"cn-gb3095-2026", "final-grade-2", Pollutant::kPm25, Averaging::kYear,
     LimitStatistic::kAnnualMean, 0, 25, Unit::kUgM3, "GB 3095-2026 Grade II PM2.5 annual 25"},
    {"cn-gb3095-2026", "final-grade-1", Pollutant::kPm25, Averaging::kDay,
     LimitStatistic::kPercentile, 0.95, 25, Unit::kUgM3, "GB 3095-2026 Grade I PM2.5 24h 25"},
    {"cn-gb3095-2026", "final-grade-2", Pollutant::kPm10, Averaging::kDay,
     LimitStatistic::kPercentile, 0.95, 100, Unit::kUgM3, "CSV final_grade2 PM10 24h 100"},
    {"cn-gb3095-2026", "transitional-grade-2", Pollutant::kPm10, Averaging::kYear,
     LimitStatistic::kAnnualMean, 0, 60, Unit::kUgM3, "CSV transitional_grade2 PM10 annual 60"},
    {"cn-gb3095-2026", "final-grade-2", Pollutant::kSo2, Averaging::kYear,
     LimitStatistic::kAnnualMean, 0, 20, Unit::kUgM3, "CSV final_grade2 SO2 annual 20"},
    {"cn-gb3095-2026", "final-grade-2", Pollutant::kNo2, Averaging::kDay,
     LimitStatistic::kPercentile, 0.98, 50, Unit::kUgM3, "CSV final_grade2 NO2 24h 50"},
    {"cn-gb3095-2026", "final-grade-2", Pollutant::kO3, Averaging::kEightHour,
     LimitStatistic::kPercentile, 0.90, 160, Unit::kUgM3, "CSV final_grade2 O3 daily max 8h 160"},
    // WHO AQG 2021 (standards.md §5.1): 24-h levels are 99th percentiles.
    {"who-aqg-2021", "aqg", Pollutant::kPm25, Averaging::kYear, LimitStatistic::kAnnualMean, 0, 5,
     Unit::kUgM3, "WHO 2021 PM2.5 annual AQG 5"},
    {"who-aqg-2021", "aqg", Pollutant::kPm25, Averaging::kDay, LimitStatistic::kPercentile, 0.99,
     15, Unit::kUgM3, "WHO 2021 PM2.5 24h AQG 15, P99"},
    {"who-aqg-2021", "it-3", Pollutant::kPm25, Averaging::kDay, LimitStatistic::kPercentile, 0.99,
     37.5, Unit::kUgM3, "WHO 2021 PM2.5 24h IT-3 37.5"},
    {"who-aqg-2021", "it-4", Pollutant::kPm10, Averaging::kYear, LimitStatistic::kAnnualMean, 0, 20,
     Unit::kUgM3, "WHO 2021 PM10 annual IT-4 20"},
    {"who-aqg-2021", "aqg", Pollutant::kO3, Averaging::kPeakSeason, LimitStatistic::kPeakSeasonMean,
     0, 60, Unit::kUgM3, "WHO 2021 O3 peak season AQG 60"},
    {"who-aqg-2021", "it-2", Pollutant::kO3, Averaging::kEightHour, LimitStatistic::kPercentile,
     0.99, 120, Unit::kUgM3, "WHO 2021 O3 8h IT-2 120"},
    {"who-aqg-2021", "aqg", Pollutant::kNo2, Averaging::kYear, LimitStatistic::kAnnualMean, 0, 10,
     Unit::kUgM3, "WHO 2021 NO2 annual AQG 10"},
    {"who-aqg-2021", "it-2", Pollutant::kNo2, Averaging::kDay, LimitStatistic::kPercentile, 0.99,
     50, Unit::kUgM3, "WHO 2021 NO2 24h IT-2 50 (Table 3.21)"},
    {"who-aqg-2021", "aqg", Pollutant::kSo2, Averaging::kDay, LimitStatistic::kPercentile, 0.99, 40,
     Unit::kUgM3, "WHO 2021 SO2 24h AQG 40"},
    {"who-aqg-2021", "aqg", Pollutant::kCo, Averaging::kDay, LimitStatistic::kPercentile, 0.99, 4,
     Unit::kMgM3, "WHO 2021 CO 24h AQG 4 mg/m3"},
    {"who-aqg-2021", "aqg", Pollutant::kNo2, Averaging::kHour, LimitStatistic::kMax, 0, 200,
     Unit::kUgM3, "WHO NO2 1h 200 kept in 2021 (standards.md §5.1)"},
};

TEST(LimitSetsTest, ListsTheEmbeddedSets) {
  Result<std::vector<std::string>> ids = ListLimitSets(LimitSetLoadOptions{});
  ASSERT_TRUE(ids.ok());
  for (const char* id : {"cn-gb3095-2012", "cn-gb3095-2026", "who-aqg-2021"}) {
    EXPECT_NE(std::find(ids->begin(), ids->end(), id), ids->end()) << id;
  }
}

TEST(LimitSetsTest, EveryEmbeddedSetLoads) {
  Result<std::vector<std::string>> ids = ListLimitSets(LimitSetLoadOptions{});
  ASSERT_TRUE(ids.ok());
  for (const std::string& id : *ids) {
    Result<LimitSet> set = LoadLimitSet(id, LimitSetLoadOptions{});
    EXPECT_TRUE(set.ok()) << set.status().ToString();
  }
  // GB 3095-2012: (14 Table 1 + 9 Table 2 items) x 2 grades; GB 3095-2026:
  // 14 Table 1 items x 4 levels; WHO: the 38 cells of standards.md §5.1
  // with a value plus NO2 1h, CO 8h and CO 1h.
  EXPECT_EQ(Load("cn-gb3095-2012").limits.size(), 46u);
  EXPECT_EQ(Load("cn-gb3095-2026").limits.size(), 56u);
  EXPECT_EQ(Load("who-aqg-2021").limits.size(), 41u);
}

TEST(LimitSetsTest, LimitValuesMatchTheStandards) {
  for (const LimitCase& c : kCases) {
    SCOPED_TRACE(c.source);
    const LimitSet set = Load(c.set);
    const Limit* limit = set.Find(c.level, c.pollutant, c.averaging);
    ASSERT_NE(limit, nullptr);
    EXPECT_EQ(limit->statistic, c.statistic);
    EXPECT_DOUBLE_EQ(limit->value, c.value);
    EXPECT_EQ(limit->unit, c.unit);
    if (c.p > 0) {
      ASSERT_TRUE(limit->percentile.has_value());
      EXPECT_DOUBLE_EQ(*limit->percentile, c.p);
    } else {
      EXPECT_FALSE(limit->percentile.has_value());
    }
  }
}

TEST(LimitSetsTest, LevelsCarryTheirPhases) {
  // standards.md §4.5: phase 1 2026-03-01 .. 2030-12-31; final limits from 2031-01-01.
  const LimitSet set = Load("cn-gb3095-2026");
  const LimitLevel* transitional = set.FindLevel("transitional-grade-2");
  ASSERT_NE(transitional, nullptr);
  EXPECT_EQ(transitional->effective_from, (CivilDate{2026, 3, 1}));
  EXPECT_EQ(transitional->effective_to, (CivilDate{2030, 12, 31}));
  const LimitLevel* final_level = set.FindLevel("final-grade-2");
  ASSERT_NE(final_level, nullptr);
  EXPECT_EQ(final_level->effective_from, (CivilDate{2031, 1, 1}));
  EXPECT_FALSE(final_level->effective_to.has_value());
  // Data to February 2026 is assessed under GB 3095-2012 (standards.md header note).
  EXPECT_EQ(Load("cn-gb3095-2012").effective_to, (CivilDate{2026, 2, 28}));
}

TEST(LimitSetsTest, UnconfirmedValuesAndStatisticsAreMarked) {
  const LimitSet who = Load("who-aqg-2021");
  // standards.md §5.1: CO 24h IT-1 7 mg/m3 is UNCONFIRMED, the AQG 4 is [C2].
  EXPECT_FALSE(who.Find("it-1", Pollutant::kCo, Averaging::kDay)->confirmed);
  EXPECT_TRUE(who.Find("aqg", Pollutant::kCo, Averaging::kDay)->confirmed);
  // standards.md §5.1 note 2: WHO 2021 has no NO2 24h IT-3.
  EXPECT_EQ(who.Find("it-3", Pollutant::kNo2, Averaging::kDay), nullptr);
  // standards.md §4.3: HJ 663 statistics for NOx, TSP, Pb, BaP are UNCONFIRMED.
  const LimitSet gb = Load("cn-gb3095-2012");
  EXPECT_FALSE(gb.Find("grade-2", Pollutant::kNox, Averaging::kDay)->statistic_confirmed);
  EXPECT_TRUE(gb.Find("grade-2", Pollutant::kNox, Averaging::kDay)->confirmed);
  EXPECT_TRUE(gb.Find("grade-2", Pollutant::kNo2, Averaging::kDay)->statistic_confirmed);
}

TEST(LimitSetsTest, CompositeIndexWorkedExampleWithLoadedStandards) {
  // standards.md §4.3: S from GB 3095-2012 Grade II (annual 35/70/60/40,
  // CO 24h 4, O3 MDA8 160); 21/35 + 39/70 + 9/60 + 15/40 + 192/160 + 0.7/4 = 3.06.
  const LimitSet set = Load("cn-gb3095-2012");
  std::vector<IndexItem> items;
  for (const auto& [pollutant, c] :
       std::vector<std::pair<Pollutant, double>>{{Pollutant::kPm25, 21},
                                                 {Pollutant::kPm10, 39},
                                                 {Pollutant::kSo2, 9},
                                                 {Pollutant::kNo2, 15},
                                                 {Pollutant::kO3, 192},
                                                 {Pollutant::kCo, 0.7}}) {
    const Limit* s = IndexStandard(set, "grade-2", pollutant);
    ASSERT_NE(s, nullptr);
    items.push_back({pollutant, c, s->value});
  }
  std::optional<CompositeIndex> index = ComputeCompositeIndex(items);
  ASSERT_TRUE(index.has_value());
  EXPECT_NEAR(index->value, 3.057143, 1e-6);
  EXPECT_EQ(index->primary, Pollutant::kO3);
}

TEST(LimitSetsTest, EvaluatesALoadedSet) {
  // PM2.5 annual mean 30 under GB 3095-2026 transitional Grade II (30): at the
  // bound, attained; under the final Grade II (25): exceeded by (30-25)/25 = 0.2.
  const LimitSet set = Load("cn-gb3095-2026");
  PollutantYear pm25;
  pm25.pollutant = Pollutant::kPm25;
  pm25.daily = std::vector<double>(365, 30.0);
  pm25.annual_mean = 30.0;
  pm25.annual_mean_valid = true;
  const std::vector<PollutantYear> years = {pm25};
  Result<std::vector<LimitEvaluation>> transitional =
      EvaluateCompliance(set, "transitional-grade-2", years);
  ASSERT_TRUE(transitional.ok());
  ASSERT_EQ(transitional->size(), 2u);  // annual mean and P95
  EXPECT_EQ((*transitional)[0].verdict, ComplianceVerdict::kAttained);
  Result<std::vector<LimitEvaluation>> final_limits =
      EvaluateCompliance(set, "final-grade-2", years);
  ASSERT_TRUE(final_limits.ok());
  EXPECT_EQ((*final_limits)[0].verdict, ComplianceVerdict::kExceeded);
  EXPECT_DOUBLE_EQ(*(*final_limits)[0].exceedance_multiple, 0.2);
}

TEST(LimitSetsTest, UnknownIdIsNotFound) {
  Result<LimitSet> set = LoadLimitSet("cn-gb3095-1996", LimitSetLoadOptions{});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kNotFound);
  EXPECT_NE(set.status().message().find("who-aqg-2021"), std::string::npos);
}

constexpr std::string_view kHeader =
    "id = \"t\"\nversion = \"1\"\ntitle = \"T\"\nsource = \"S\"\n"
    "levels = [ { id = \"a\", name = \"A\" } ]\n";  // lines 1-5; then a blank line, "limits = [" on
                                                    // 7, rows from 8

TEST(ParseLimitSetTest, ErrorsNameFileLineAndKey) {
  struct Case {
    std::string limits;
    const char* message;
    const char* field;
  };
  const Case cases[] = {
      {"limits = [\n { level = \"a\", pollutant = \"XX\", averaging = \"annual\", statistic = "
       "\"annual-mean\", value = 1, unit = \"ug/m3\", confirmed = true },\n]\n",
       "t.toml:8: limits[0].pollutant: 'XX' is not a known pollutant", "limits[0].pollutant"},
      {"limits = [\n { level = \"a\", pollutant = \"PM2.5\", averaging = \"24h\", statistic = "
       "\"percentile\", value = 1, unit = \"ug/m3\", confirmed = true },\n]\n",
       "t.toml:8: limits[0].p: missing (a percentile row needs p in (0,1])", "limits[0].p"},
      {"limits = [\n { level = \"a\", pollutant = \"PM2.5\", averaging = \"24h\", statistic = "
       "\"percentile\", p = 95, value = 1, unit = \"ug/m3\", confirmed = true },\n]\n",
       "t.toml:8: limits[0].p: must lie in (0,1], e.g. 0.95 for P95", "limits[0].p"},
      {"limits = [\n { level = \"b\", pollutant = \"PM2.5\", averaging = \"annual\", statistic = "
       "\"annual-mean\", value = 1, unit = \"ug/m3\", confirmed = true },\n]\n",
       "t.toml:8: limits[0].level: 'b' is not one of the file's levels", "limits[0].level"},
      {"limits = [\n { level = \"a\", pollutant = \"PM2.5\", averaging = \"annual\", statistic = "
       "\"annual-mean\", value = \"1\", unit = \"ug/m3\", confirmed = true },\n]\n",
       "t.toml:8: limits[0].value: must be a number", "limits[0].value"},
      {"limits = [\n { level = \"a\", pollutant = \"PM2.5\", averaging = \"annual\", statistic = "
       "\"annual-mean\", value = 1, unit = \"ug/m3\" },\n]\n",
       "t.toml:8: limits[0].confirmed: missing (true or false is required)", "limits[0].confirmed"},
      {"limits = [\n { level = \"a\", pollutant = \"PM2.5\", averaging = \"annual\", statistic = "
       "\"annual-mean\", value = 1, unit = \"ug/m3\", confirmed = true },\n"
       " { level = \"a\", pollutant = \"PM2.5\", averaging = \"annual\", statistic = "
       "\"annual-mean\", value = 2, unit = \"ug/m3\", confirmed = true },\n]\n",
       "t.toml:9: limits[1]: a second PM2.5 annual limit for level 'a'", "limits[1]"},
      {"limits = [\n { level = \"a\", pollutant = \"PM2.5\", averaging = \"24h\", statistic = "
       "\"exceedance-count\", value = 1, unit = \"ug/m3\", confirmed = true },\n]\n",
       "t.toml:8: limits[0].allowed: missing (an exceedance-count row needs a day count)",
       "limits[0].allowed"},
  };
  for (const Case& c : cases) {
    Result<LimitSet> set = ParseLimitSet(std::string(kHeader) + "\n" + c.limits, "t.toml");
    ASSERT_FALSE(set.ok()) << c.message;
    EXPECT_EQ(set.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(set.status().message(), c.message);
    EXPECT_EQ(set.status().field(), c.field);
  }
}

TEST(ParseLimitSetTest, SyntaxErrorNamesTheLine) {
  Result<LimitSet> set = ParseLimitSet("id = \"t\"\nversion = \n", "t.toml");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().message().rfind("t.toml:2: ", 0), 0u) << set.status().message();
}

TEST(ParseLimitSetTest, ExceedanceCountRowParses) {
  Result<LimitSet> set = ParseLimitSet(
      std::string(kHeader) +
          "limits = [ { level = \"a\", pollutant = \"PM10\", averaging = \"24h\", statistic = "
          "\"exceedance-count\", allowed = 35, value = 50, unit = \"ug/m3\", confirmed = false "
          "} ]\n",
      "t.toml");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->limits[0].allowed_exceedances, 35);
  EXPECT_FALSE(set->limits[0].confirmed);
}

}  // namespace
}  // namespace kinet
