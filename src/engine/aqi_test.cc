// Unit tests of the AQI mechanics on rule sets built in code. The full,
// data-driven check of every breakpoint of every shipped rule set is in
// src/rules/aqi_rules_test.cc over tests/cases/aqi/*.csv.
#include "engine/aqi.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

// Contiguous HJ 633 style table.
AqiTable Contiguous(Pollutant p, Averaging a, std::initializer_list<int> index,
                    std::initializer_list<double> conc, AboveTopRule above = AboveTopRule::kCap,
                    int above_index = 500) {
  AqiTable t;
  t.pollutant = p;
  t.averaging = a;
  std::vector<int> i(index);
  std::vector<double> c(conc);
  for (std::size_t k = 0; k + 1 < c.size(); ++k) t.segments[k] = {c[k], c[k + 1], i[k], i[k + 1]};
  t.segment_count = static_cast<std::uint8_t>(c.size() - 1);
  t.above_top = above;
  t.above_top_index = above_index;
  return t;
}

AqiItem Item(Pollutant p, Averaging input, int table) {
  AqiItem item;
  item.pollutant = p;
  item.input = input;
  item.table = static_cast<std::int8_t>(table);
  return item;
}

void Add(AqiReportRules& r, AqiItem item) { r.items[r.item_count++] = item; }

std::vector<AqiCategory> CnCategories() {
  std::vector<AqiCategory> c;
  for (auto [lo, hi] :
       {std::pair{0, 50}, {51, 100}, {101, 150}, {151, 200}, {201, 300}, {301, 500}}) {
    AqiCategory cat;
    cat.index_low = lo;
    cat.index_high = hi;
    c.push_back(cat);
  }
  return c;
}

// The daily and real-time parts of HJ 633-2012 Table 1 needed here.
AqiRuleSet Hj633Subset() {
  AqiRuleSet r;
  r.id = "test-hj633-2012";
  r.tables.push_back(Contiguous(Pollutant::kPm25, Averaging::kDay,
                                {0, 50, 100, 150, 200, 300, 400, 500},
                                {0, 35, 75, 115, 150, 250, 350, 500}));  // 0
  r.tables.push_back(Contiguous(Pollutant::kPm10, Averaging::kDay,
                                {0, 50, 100, 150, 200, 300, 400, 500},
                                {0, 50, 150, 250, 350, 420, 500, 600}));  // 1
  r.tables.push_back(Contiguous(Pollutant::kO3, Averaging::kHour,
                                {0, 50, 100, 150, 200, 300, 400, 500},
                                {0, 160, 200, 300, 400, 800, 1000, 1200}));  // 2
  r.tables.push_back(Contiguous(Pollutant::kO3, Averaging::kEightHour, {0, 50, 100, 150, 200, 300},
                                {0, 100, 160, 215, 265, 800}, AboveTopRule::kNoIndex));  // 3
  r.tables.push_back(Contiguous(Pollutant::kSo2, Averaging::kDay,
                                {0, 50, 100, 150, 200, 300, 400, 500},
                                {0, 50, 150, 475, 800, 1600, 2100, 2620}));  // 4
  r.tables.push_back(Contiguous(Pollutant::kSo2, Averaging::kHour, {0, 50, 100, 150, 200},
                                {0, 150, 500, 650, 800}, AboveTopRule::kNoIndex));  // 5
  Add(r.daily, Item(Pollutant::kPm25, Averaging::kDay, 0));
  Add(r.daily, Item(Pollutant::kPm10, Averaging::kDay, 1));
  Add(r.daily, Item(Pollutant::kSo2, Averaging::kDay, 4));
  Add(r.daily, Item(Pollutant::kO3, Averaging::kHour, 2));
  Add(r.daily, Item(Pollutant::kO3, Averaging::kEightHour, 3));
  Add(r.hourly, Item(Pollutant::kPm25, Averaging::kHour, 0));  // PM 1h on the 24h table
  AqiItem so2 = Item(Pollutant::kSo2, Averaging::kHour, 5);
  so2.fallback_input = Averaging::kDay;
  so2.fallback_table = 4;
  Add(r.hourly, so2);
  r.categories = CnCategories();
  return r;
}

struct IaqiCase {
  Pollutant pollutant;
  Averaging averaging;
  double concentration;
  std::optional<int> expected;
  const char* source;
};

TEST(IndividualAqiTest, Hj633TestVectors) {
  const AqiRuleSet rules = Hj633Subset();
  const IaqiCase cases[] = {
      {Pollutant::kPm25, Averaging::kDay, 75, 100, "standards.md §1.5: on a breakpoint"},
      {Pollutant::kPm25, Averaging::kDay, 80, 107,
       "§1.5: 100 + 50*(80-75)/(115-75) = 106.25, ceiling"},
      {Pollutant::kPm25, Averaging::kDay, 45, 63, "§1.5: 62.5, ceiling"},
      {Pollutant::kPm10, Averaging::kDay, 180, 115, "§1.5: 115.0"},
      {Pollutant::kSo2, Averaging::kDay, 65, 58, "§1.5: 57.5, ceiling"},
      {Pollutant::kO3, Averaging::kEightHour, 200, 137, "§1.5: 136.36, ceiling"},
      {Pollutant::kO3, Averaging::kHour, 250, 125, "§1.5: 125.0"},
      {Pollutant::kSo2, Averaging::kHour, 600, 134, "§1.5: 133.33, ceiling"},
      {Pollutant::kPm25, Averaging::kDay, 0, 0, "bottom of the table"},
      {Pollutant::kPm25, Averaging::kDay, 500, 500, "top of the table"},
      {Pollutant::kPm25, Averaging::kDay, 500.5, 500, "above the top: 500 (bench README §7)"},
      {Pollutant::kO3, Averaging::kEightHour, 800, 300, "Table 1 note 3: 800 itself is indexed"},
      {Pollutant::kO3, Averaging::kEightHour, 801, std::nullopt,
       "Table 1 note 3: above 800 no 8h IAQI"},
      {Pollutant::kSo2, Averaging::kHour, 801, std::nullopt,
       "Table 1 note 2: above 800 no 1h IAQI"},
      {Pollutant::kPm25, Averaging::kDay, -1, std::nullopt, "negative: below the table"},
      {Pollutant::kPm25, Averaging::kHour, 80, std::nullopt, "no PM2.5 1h table"},
      {Pollutant::kCo, Averaging::kDay, 1, std::nullopt, "no CO table in this subset"},
  };
  for (const IaqiCase& c : cases) {
    EXPECT_EQ(IndividualAqi(rules, c.pollutant, c.averaging, c.concentration), c.expected)
        << PollutantCode(c.pollutant) << " " << AveragingCode(c.averaging) << " " << c.concentration
        << ": " << c.source;
  }
}

TEST(IndividualAqiTest, CeilingToleratesFloatingPointNoiseOnBreakpoints) {
  const AqiRuleSet rules = Hj633Subset();
  // 0.1 * 3 * 250 is 75.00000000000001: still exactly IAQI 100, not 101.
  EXPECT_EQ(IndividualAqi(rules, Pollutant::kPm25, Averaging::kDay, 0.1 * 3 * 250), 100);
  EXPECT_EQ(IndividualAqi(rules, Pollutant::kPm25, Averaging::kDay, 75 + 1e-10), 100);
  EXPECT_EQ(IndividualAqi(rules, Pollutant::kPm25, Averaging::kDay, 75 + 1e-6), 101);
  EXPECT_EQ(IndividualAqi(rules, Pollutant::kPm25, Averaging::kDay, 500 + 1e-10), 500);
}

TEST(RoundConcentrationTest, TruncateHalfEvenHalfUp) {
  AqiTable t;
  t.rounding = InputRounding::kTruncate;
  t.decimals = 3;
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 0.07853333), 0.078);  // EPA TAD 2024 §IV example
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 0.029), 0.029);       // 28.999999999999996 after scaling
  t.decimals = 1;
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 35.45), 35.4);
  t.rounding = InputRounding::kHalfEven;  // GB/T 8170
  t.decimals = 0;
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 74.5), 74);
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 75.5), 76);
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 74.51), 75);
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 74.49), 74);
  t.decimals = 1;
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 1.25), 1.2);
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 1.35),
                   1.4);  // 1.35 is 1.3500000000000001 in binary: a tie
  t.rounding = InputRounding::kHalfUp;
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 1.25), 1.3);
  t.rounding = InputRounding::kNone;
  EXPECT_DOUBLE_EQ(RoundConcentration(t, 1.25), 1.25);
}

TEST(DailyAqiTest, O3IsTheLargerOfMda8AndDailyMax1h) {
  const AqiRuleSet rules = Hj633Subset();
  DailyConcentrations c;
  c.Set(Pollutant::kPm25, Averaging::kDay, 30);       // 43
  c.Set(Pollutant::kPm10, Averaging::kDay, 40);       // 40
  c.Set(Pollutant::kO3, Averaging::kHour, 250);       // 125
  c.Set(Pollutant::kO3, Averaging::kEightHour, 200);  // 137
  AqiResult r = DailyAqi(rules, c);
  EXPECT_EQ(r.item_iaqi[3], 125);
  EXPECT_EQ(r.item_iaqi[4], 137);
  EXPECT_EQ(r.aqi, 137);
  EXPECT_TRUE(r.IsPrimary(Pollutant::kO3));
  EXPECT_FALSE(r.IsPrimary(Pollutant::kPm25));
  EXPECT_TRUE(r.IsExceeding(Pollutant::kO3));
  EXPECT_EQ(r.category, 2u);
  EXPECT_EQ(r.missing_mask, 1u << 2);  // SO2 has an item but no value

  // MDA8 above 800: the 1h IAQI stands alone (Table 1 note 3, bench README §7).
  c.Set(Pollutant::kO3, Averaging::kEightHour, 850);
  r = DailyAqi(rules, c);
  EXPECT_EQ(r.item_iaqi[4], std::nullopt);
  EXPECT_EQ(r.iaqi[5], 125);
  EXPECT_TRUE(r.above_top);
  // ... and with no 1h value O3 has no IAQI at all.
  c.Set(Pollutant::kO3, Averaging::kHour, std::nullopt);
  r = DailyAqi(rules, c);
  EXPECT_FALSE(r.HasIaqi(Pollutant::kO3));
  EXPECT_EQ(r.aqi, 43);
}

TEST(DailyAqiTest, PrimaryPollutantsOnlyAbove50AndAllTies) {
  const AqiRuleSet rules = Hj633Subset();
  DailyConcentrations c;
  c.Set(Pollutant::kPm25, Averaging::kDay, 35);  // 50
  c.Set(Pollutant::kPm10, Averaging::kDay, 50);  // 50
  AqiResult r = DailyAqi(rules, c);
  EXPECT_EQ(r.aqi, 50);
  EXPECT_EQ(r.primary_mask, 0) << "HJ 633-2012 §4.4.2: no primary pollutant at AQI <= 50";
  c.Set(Pollutant::kPm25, Averaging::kDay, 75);   // 100
  c.Set(Pollutant::kPm10, Averaging::kDay, 150);  // 100
  r = DailyAqi(rules, c);
  EXPECT_EQ(r.aqi, 100);
  EXPECT_TRUE(r.IsPrimary(Pollutant::kPm25));
  EXPECT_TRUE(r.IsPrimary(Pollutant::kPm10));
  EXPECT_EQ(r.exceeding_mask, 0) << "IAQI 100 is not above 100";
}

TEST(DailyAqiTest, NoValuesGivesNoAqi) {
  const AqiRuleSet rules = Hj633Subset();
  const AqiResult r = DailyAqi(rules, DailyConcentrations());
  EXPECT_EQ(r.aqi, std::nullopt);
  EXPECT_EQ(r.category, std::nullopt);
  EXPECT_FALSE(AqiPublishable(rules, r));
}

TEST(DailyAqiTest, BenchCompletenessNeedsBothPmAndOneMore) {
  const AqiRuleSet rules = Hj633Subset();
  DailyConcentrations c;
  c.Set(Pollutant::kPm25, Averaging::kDay, 30);
  c.Set(Pollutant::kPm10, Averaging::kDay, 40);
  EXPECT_FALSE(MeetsCompleteness(DailyAqi(rules, c), kBenchDayCompleteness));
  c.Set(Pollutant::kO3, Averaging::kEightHour, 850);  // MDA8 > 800, no 1h: O3 not valid
  EXPECT_FALSE(MeetsCompleteness(DailyAqi(rules, c), kBenchDayCompleteness));
  c.Set(Pollutant::kSo2, Averaging::kDay, 10);
  EXPECT_TRUE(MeetsCompleteness(DailyAqi(rules, c), kBenchDayCompleteness));
  c.Set(Pollutant::kPm10, Averaging::kDay, std::nullopt);
  EXPECT_FALSE(MeetsCompleteness(DailyAqi(rules, c), kBenchDayCompleteness));
}

TEST(HourlyAqiTest, So2Above800FallsBackTo24hOrIsOmitted) {
  const AqiRuleSet rules = Hj633Subset();
  HourlyConcentrations c;
  c.Set(Pollutant::kPm25, Averaging::kHour, 80);  // PM 1h on the 24h table: 107
  c.Set(Pollutant::kSo2, Averaging::kHour, 900);
  AqiResult r = HourlyAqi(rules, c);
  EXPECT_EQ(r.item_iaqi[0], 107);
  EXPECT_EQ(r.item_iaqi[1], std::nullopt)
      << "standards.md §1.5 option (a): omitted without a 24h mean";
  EXPECT_EQ(r.aqi, 107);
  c.Set(Pollutant::kSo2, Averaging::kDay, 1000);  // 200 + 100*(1000-800)/800 = 225
  r = HourlyAqi(rules, c);
  EXPECT_EQ(r.item_iaqi[1], 225) << "HJ 633-2012 Table 1 note 2: the 24h IAQI is reported";
  EXPECT_EQ(r.aqi, 225);
  EXPECT_TRUE(r.IsPrimary(Pollutant::kSo2));
}

TEST(HourlyAqiTest, FixedAndExtrapolatedAboveTop) {
  AqiRuleSet rules = Hj633Subset();
  rules.tables[5].above_top = AboveTopRule::kFixed;  // HJ 633-2026 Table 3 note b
  rules.tables[5].above_top_index = 200;
  EXPECT_EQ(IndividualAqi(rules, Pollutant::kSo2, Averaging::kHour, 900), 200);
  rules.tables[0].above_top = AboveTopRule::kExtrapolate;  // EPA TAD 2024 Table 6 note 4
  EXPECT_EQ(IndividualAqi(rules, Pollutant::kPm25, Averaging::kDay, 650), 600);
}

TEST(AqiPublishableTest, Hj633_2026IncompleteNeedsAbove100) {
  AqiRuleSet rules = Hj633Subset();
  rules.incomplete_publish_above = 100;
  DailyConcentrations c;
  c.Set(Pollutant::kPm25, Averaging::kDay, 75);  // 100; SO2, PM10 and O3 missing
  EXPECT_FALSE(AqiPublishable(rules, DailyAqi(rules, c)));
  c.Set(Pollutant::kPm25, Averaging::kDay, 80);  // 107
  EXPECT_TRUE(AqiPublishable(rules, DailyAqi(rules, c)));
}

TEST(AqiConcentrationsTest, IgnoresSlotsOutsideTheAqi) {
  AqiConcentrations c;
  c.Set(Pollutant::kNox, Averaging::kDay, 5);
  c.Set(Pollutant::kPm25, Averaging::kYear, 5);
  EXPECT_EQ(c.Get(Pollutant::kNox, Averaging::kDay), std::nullopt);
  EXPECT_EQ(c.Get(Pollutant::kPm25, Averaging::kYear), std::nullopt);
  c.Set(Pollutant::kO3, Averaging::kEightHour, 7);
  EXPECT_EQ(c.Get(Pollutant::kO3, Averaging::kEightHour), 7);
  EXPECT_EQ(c.Get(Pollutant::kO3, Averaging::kHour), std::nullopt);
}

// standards.md §3.5, test vectors of chatch/nowcast-aqi.
TEST(NowCastTest, PmTestVectors) {
  std::vector<std::optional<double>> hours = {13, 16, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50};
  const std::optional<double> full = NowCast(hours);
  ASSERT_TRUE(full.has_value());
  EXPECT_NEAR(*full, 17.41, 0.005) << "w = max(10/90, 0.5) = 0.5";
  hours[2] = std::nullopt;
  const std::optional<double> gap = NowCast(hours);
  ASSERT_TRUE(gap.has_value());
  EXPECT_NEAR(*gap, 18.4733, 0.00005) << "c3 missing drops out of both sums";
}

TEST(NowCastTest, NeedsTwoOfTheThreeMostRecentHours) {
  std::vector<std::optional<double>> hours = {13, std::nullopt, std::nullopt, 21, 74};
  EXPECT_EQ(NowCast(hours), std::nullopt);
  hours[2] = 10;
  EXPECT_TRUE(NowCast(hours).has_value());
  EXPECT_EQ(NowCast(std::vector<std::optional<double>>{}), std::nullopt);
}

TEST(NowCastTest, StableAirIsThePlainMeanAndZerosDoNotDivideByZero) {
  const std::vector<std::optional<double>> flat(12, 20.0);
  EXPECT_DOUBLE_EQ(*NowCast(flat), 20.0);
  const std::vector<std::optional<double>> zeros(12, 0.0);
  EXPECT_DOUBLE_EQ(*NowCast(zeros), 0.0);
  // Values beyond the 12-hour window are ignored.
  std::vector<std::optional<double>> long_window(12, 20.0);
  long_window.push_back(1000.0);
  EXPECT_DOUBLE_EQ(*NowCast(long_window), 20.0);
}

TEST(NowCastTest, PmAsianVariant) {
  // standards.md §3.5 "pmAsian" (aqicn.org, not EPA): 3 h, w_min 0.1.
  const std::vector<std::optional<double>> hours = {89, 77, 10};
  const std::optional<double> v = NowCast(hours, NowCastParams{3, 0.1, 3, 2});
  ASSERT_TRUE(v.has_value());
  EXPECT_NEAR(*v, 86.91, 0.005);
}

}  // namespace
}  // namespace kinet
