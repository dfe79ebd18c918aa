// Micro-benchmarks of the averaging, statistics and assessment engine
// (engine/averaging.h, engine/statistics.h, engine/air_assessment.h).
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "engine/air_assessment.h"
#include "engine/aqi.h"
#include "engine/averaging.h"
#include "engine/statistics.h"
#include "rules/aqi_rules.h"

namespace kinet {
namespace {

std::vector<double> RandomValues(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<double> v(n);
  for (double& x : v) x = static_cast<double>(rng() % 300);
  return v;
}

// A 366-value percentile, as done once per series-year and pollutant.
void BM_Percentile(benchmark::State& state) {
  const std::vector<double> v = RandomValues(static_cast<std::size_t>(state.range(0)), 1);
  for (auto _ : state) benchmark::DoNotOptimize(Percentile(v, 0.95));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Percentile)->Arg(366)->Arg(1830);

void BM_DailyMean(benchmark::State& state) {
  std::vector<double> v = RandomValues(24, 2);
  v[5] = std::numeric_limits<double>::quiet_NaN();
  for (auto _ : state) benchmark::DoNotOptimize(DailyMean(v, {}));
}
BENCHMARK(BM_DailyMean);

void BM_Mda8(benchmark::State& state) {
  std::vector<double> v = RandomValues(24, 3);
  v[9] = std::numeric_limits<double>::quiet_NaN();
  for (auto _ : state) benchmark::DoNotOptimize(Mda8(v, {}));
}
BENCHMARK(BM_Mda8);

// One series-day to its daily values and AQI, as the one-pass reader does
// for each station-day and city-day (~450 000 times for the M input).
void BM_AssessDayHours(benchmark::State& state) {
  const Result<AqiRuleSet> rules = LoadAqiRuleSet("cn-hj633-2012");
  if (!rules.ok()) {
    state.SkipWithError(rules.status().message().c_str());
    return;
  }
  const AqiRuleSet& r = *rules;
  const IaqiFunction iaqi = [&r](Pollutant p, Averaging a, double c) {
    return IndividualAqi(r, p, a, c);
  };
  std::vector<double> day = RandomValues(kDayValueCount, 5);
  day[7] = day[50] = day[143] = std::numeric_limits<double>::quiet_NaN();
  const DayHours hours(day.data(), kDayValueCount);
  for (auto _ : state) benchmark::DoNotOptimize(AssessDayHours(hours, {}, iaqi));
}
BENCHMARK(BM_AssessDayHours);

// The whole assessment of `stations` station-years (cities of 4 stations).
void BM_AssessAir(benchmark::State& state) {
  const Result<AqiRuleSet> rules = LoadAqiRuleSet("cn-hj633-2012");
  if (!rules.ok()) {
    state.SkipWithError(rules.status().message().c_str());
    return;
  }
  const AqiRuleSet& r = *rules;
  const IaqiFunction iaqi = [&r](Pollutant p, Averaging a, double c) {
    return IndividualAqi(r, p, a, c);
  };
  StationHourData data;
  std::mt19937 rng(4);
  for (int s = 0; s < state.range(0); ++s) {
    StationSeries series{"S" + std::to_string(s), "C" + std::to_string(s / 4), {}};
    HourlyYear y = HourlyYear::AllMissing(2023);
    for (double& v : y.values) {
      if (rng() % 25 != 0) v = static_cast<double>(rng() % 200);
    }
    series.years.push_back(std::move(y));
    data.stations.push_back(std::move(series));
  }
  const int threads = static_cast<int>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(AssessAir(data, {}, iaqi, threads));
  state.SetItemsProcessed(state.iterations() * state.range(0) * 8760);  // station-hours
}
BENCHMARK(BM_AssessAir)->Args({100, 1})->Args({100, 2})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kinet
