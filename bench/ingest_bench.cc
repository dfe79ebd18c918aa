// Micro-benchmarks of the station-hour CSV reader (ingest/station_hour_csv.h)
// on an in-memory file shaped like the bench input (station-day blocks
// ordered by date and station, integer values and CO with one decimal).
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include <fmt/format.h>

#include "engine/aqi.h"
#include "ingest/station_hour_csv.h"
#include "rules/aqi_rules.h"

namespace kinet {
namespace {

std::string MakeCsv(int stations, int days) {
  std::string text(kStationHourCsvHeader);
  text += '\n';
  std::mt19937 rng(1);
  for (int d = 0; d < days; ++d) {
    for (int s = 0; s < stations; ++s) {
      for (int h = 0; h < 24; ++h) {
        const unsigned v = rng() % 300;
        if (v % 40 == 0) {
          fmt::format_to(std::back_inserter(text),
                         "{:04d}A,C{:03d},2023-{:02d}-{:02d} {:02d}:00,,,,,,\n", s, s / 4,
                         1 + d / 28, 1 + d % 28, h);
          continue;
        }
        fmt::format_to(std::back_inserter(text),
                       "{:04d}A,C{:03d},2023-{:02d}-{:02d} {:02d}:00,{},{},{},{},{}.{},{}\n", s,
                       s / 4, 1 + d / 28, 1 + d % 28, h, v / 3, v / 2, v % 40, v % 90, v % 3,
                       v % 10, v % 250);
      }
    }
  }
  return text;
}

void BM_ParseStationHourCsv(benchmark::State& state) {
  const std::string text = MakeCsv(200, 56);  // 268,800 rows, ~12 MB
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Result<StationHourData> r = ParseStationHourCsv(text, "bench", threads);
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * 200 * 56 * 24);
}
BENCHMARK(BM_ParseStationHourCsv)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// Read and assess, the work of `kinet air assess --input`: the one-pass path
// (rows in date order, as MakeCsv writes them) against reading into dense
// arrays and assessing those (the path of files in any other order).
void BM_AssessCsv(benchmark::State& state) {
  const std::string text = MakeCsv(200, 56);
  const Result<AqiRuleSet> rules = LoadAqiRuleSet("cn-hj633-2012");
  if (!rules.ok()) {
    state.SkipWithError(rules.status().message().c_str());
    return;
  }
  const AqiRuleSet& r = *rules;
  const IaqiFunction iaqi = [&r](Pollutant p, Averaging a, double c) {
    return IndividualAqi(r, p, a, c);
  };
  const bool one_pass = state.range(0) == 1;
  const int threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    if (one_pass) {
      Result<StationHourAssessment> a =
          AssessStationHourText(text, "bench", AirAssessmentRules{}, iaqi, threads, 1 << 20);
      if (!a.ok() || !a->one_pass) state.SkipWithError("the one-pass path was not taken");
      benchmark::DoNotOptimize(a);
    } else {
      Result<StationHourData> d = ParseStationHourCsv(text, "bench", threads);
      if (!d.ok()) state.SkipWithError(d.status().message().c_str());
      benchmark::DoNotOptimize(AssessAir(*d, AirAssessmentRules{}, iaqi, threads));
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * 200 * 56 * 24);
}
BENCHMARK(BM_AssessCsv)
    ->ArgNames({"one_pass", "threads"})
    ->Args({1, 1})
    ->Args({1, 2})
    ->Args({0, 1})
    ->Args({0, 2})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kinet
