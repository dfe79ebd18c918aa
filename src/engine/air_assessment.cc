#include "engine/air_assessment.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <string_view>
#include <thread>
#include <utility>

#include "core/period.h"

namespace kinet {

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr int kO3 = 5;    // index of O3 in kAqiPollutants
constexpr int kPm25 = 0;  // index of PM2.5
constexpr int kPm10 = 1;  // index of PM10

// Indices into kAqiPollutants in byte order of PollutantCode (CO, NO2, O3,
// PM10, PM2.5, SO2): the output order of the annual rows.
std::array<int, kAirPollutantCount> PollutantsInCodeOrder() {
  std::array<int, kAirPollutantCount> order{};
  for (int k = 0; k < kAirPollutantCount; ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [](int a, int b) {
    return PollutantCode(kAqiPollutants[a]) < PollutantCode(kAqiPollutants[b]);
  });
  return order;
}

struct Task {
  SeriesLevel level;
  std::string_view id;
  int year;
  const HourlyYear* hours = nullptr;       // a station-year
  std::vector<const HourlyYear*> members;  // a city-year: its stations' years
};

// The annual rows (6) and the AQI row (1) of one series-year from its daily
// values (bench README §5-7): the valid daily values of each pollutant in day
// order, the AQI days counted.
void SummarizeSeriesYear(const DailyAirYear& dy, SeriesLevel level, std::string_view id,
                         const AirAssessmentRules& rules,
                         const std::array<int, kAirPollutantCount>& order,
                         AnnualAssessmentRow* annual_out, AqiYearRow* aqi_out) {
  std::array<std::vector<double>, kAirPollutantCount> daily;
  for (auto& v : daily) v.reserve(366);
  AqiYearRow aqi_row;
  aqi_row.level = level;
  aqi_row.id = std::string(id);
  aqi_row.year = dy.year;
  const int days = dy.days();
  for (int d = 0; d < days; ++d) {
    const double* v = dy.value.data() + static_cast<std::size_t>(d) * kAirPollutantCount;
    for (int k = 0; k < kAirPollutantCount; ++k) {
      if (!std::isnan(v[k])) daily[k].push_back(v[k]);
    }
    const int aqi = dy.aqi[static_cast<std::size_t>(d)];
    if (aqi >= 0) {
      ++aqi_row.aqi_days;
      if (aqi <= rules.good_aqi_max) ++aqi_row.good_days;
      aqi_row.max_aqi = std::max(aqi_row.max_aqi.value_or(aqi), aqi);
    }
  }
  if (aqi_row.aqi_days > 0) {
    aqi_row.good_ratio = static_cast<double>(aqi_row.good_days) / aqi_row.aqi_days;
  }
  *aqi_out = std::move(aqi_row);
  for (int i = 0; i < kAirPollutantCount; ++i) {
    const int k = order[i];
    AnnualAssessmentRow& row = annual_out[i];
    row.level = level;
    row.id = std::string(id);
    row.year = dy.year;
    row.pollutant = kAqiPollutants[k];
    row.stats =
        SummarizeYear(daily[k], days, rules.percentile[k], rules.daily_limit[k], rules.validity);
  }
}

// The daily values of every day of a series-year given by its hours.
DailyAirYear DailyValues(const HourlyYear& hy, const AirAssessmentRules& rules,
                         const IaqiFunction& iaqi) {
  DailyAirYear dy = DailyAirYear::Empty(hy.year);
  const int days = hy.days();
  for (int d = 0; d < days; ++d) dy.Set(d, AssessDay(hy, d, rules, iaqi));
  return dy;
}

// Runs task(i) for i in [0, n) on up to `threads` threads.
template <typename F>
void ParallelFor(std::size_t n, int threads, F task) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t t = next++; t < n; t = next++) task(t);
  };
  threads = std::max(1, std::min<int>(threads, static_cast<int>(n)));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& th : pool) th.join();
}

}  // namespace

std::string_view SeriesLevelName(SeriesLevel level) {
  return level == SeriesLevel::kCity ? "city" : "station";
}

HourlyYear HourlyYear::AllMissing(int year) {
  HourlyYear hy;
  hy.year = year;
  hy.values.assign(static_cast<std::size_t>(DaysInYear(year)) * 24 * kAirPollutantCount, kMissing);
  return hy;
}

DailyAirValues AssessDay(const HourlyYear& hy, int day, const AirAssessmentRules& rules,
                         const IaqiFunction& iaqi) {
  const double* src = hy.values.data() + static_cast<std::size_t>(day) * kDayValueCount;
  return AssessDayHours(DayHours(src, kDayValueCount), rules, iaqi);
}

DailyAirYear DailyAirYear::Empty(int year) {
  DailyAirYear dy;
  dy.year = year;
  const auto days = static_cast<std::size_t>(DaysInYear(year));
  dy.value.assign(days * kAirPollutantCount, kMissing);
  dy.aqi.assign(days, -1);
  return dy;
}

void DailyAirYear::Set(int day, const DailyAirValues& v) {
  double* dst = value.data() + static_cast<std::size_t>(day) * kAirPollutantCount;
  for (int k = 0; k < kAirPollutantCount; ++k) dst[k] = v.value[k].value_or(kMissing);
  aqi[static_cast<std::size_t>(day)] = v.aqi.value_or(-1);
}

DailyAirValues AssessDayHours(DayHours day, const AirAssessmentRules& rules,
                              const IaqiFunction& iaqi) {
  // Transpose the day (24 hours x 6 pollutants, hour-major) into one
  // 24-hour span per pollutant.
  std::array<std::array<double, kHoursPerDay>, kAirPollutantCount> hours;
  const double* src = day.data();
  for (int h = 0; h < kHoursPerDay; ++h) {
    for (int k = 0; k < kAirPollutantCount; ++k) hours[k][h] = src[h * kAirPollutantCount + k];
  }
  DailyAirValues out;
  for (int k = 0; k < kO3; ++k) out.value[k] = DailyMean(hours[k], rules.validity);
  out.value[kO3] = Mda8(hours[kO3], rules.validity);
  out.o3_max_hour = DailyMaxHour(hours[kO3], rules.validity);

  // Daily AQI, HJ 633-2012 §4 and bench README §7.
  std::array<std::optional<int>, kAirPollutantCount> sub;
  for (int k = 0; k < kO3; ++k) {
    if (out.value[k]) sub[k] = iaqi(kAqiPollutants[k], Averaging::kDay, *out.value[k]);
  }
  std::optional<int> o3_8h;
  // An MDA8 above the top of the O3 8-hour table has no 8-hour IAQI
  // (HJ 633-2012 Table 1 note 3): the rule set says so, IndividualAqi
  // returns nullopt, and the 1-hour IAQI stands alone (bench README §7).
  if (out.value[kO3]) {
    o3_8h = iaqi(Pollutant::kO3, Averaging::kEightHour, *out.value[kO3]);
  }
  std::optional<int> o3_1h;
  if (out.o3_max_hour) o3_1h = iaqi(Pollutant::kO3, Averaging::kHour, *out.o3_max_hour);
  if (o3_8h && o3_1h) {
    sub[kO3] = std::max(*o3_8h, *o3_1h);
  } else {
    sub[kO3] = o3_8h ? o3_8h : o3_1h;
  }
  const bool others = sub[2] || sub[3] || sub[4] || sub[kO3];
  if (sub[kPm25] && sub[kPm10] && others) {
    int aqi = 0;
    for (const auto& s : sub) {
      if (s) aqi = std::max(aqi, *s);
    }
    out.aqi = aqi;
  }
  return out;
}

HourlyYear CityHourlyYear(const std::vector<const HourlyYear*>& members, int year) {
  HourlyYear city = HourlyYear::AllMissing(year);
  const std::size_t n = city.values.size();
  std::vector<double> sum(n, 0.0);
  std::vector<std::uint16_t> count(n, 0);
  for (const HourlyYear* m : members) {
    if (m == nullptr || m->year != year) continue;
    const double* v = m->values.data();
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isnan(v[i])) {
        sum[i] += v[i];
        ++count[i];
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (count[i] > 0) city.values[i] = sum[i] / count[i];
  }
  return city;
}

void CityDayHours(std::span<const double* const> members, double* out) {
  std::array<double, kDayValueCount> sum{};
  std::array<int, kDayValueCount> count{};
  for (const double* v : members) {
    // Branch-free (missing hours add +0.0, which changes no sum), so that
    // the compiler vectorises across the 144 independent sums.
    for (std::size_t i = 0; i < kDayValueCount; ++i) {
      const bool present = !std::isnan(v[i]);
      sum[i] += present ? v[i] : 0.0;
      count[i] += present ? 1 : 0;
    }
  }
  for (std::size_t i = 0; i < kDayValueCount; ++i) {
    out[i] = count[i] > 0 ? sum[i] / count[i] : kMissing;
  }
}

AirAssessment AssessAir(const StationHourData& data, const AirAssessmentRules& rules,
                        const IaqiFunction& iaqi, int threads) {
  // Tasks: every station-year and every city-year (union of its stations' years).
  std::vector<Task> tasks;
  std::map<std::string_view, std::map<int, std::vector<const HourlyYear*>>> cities;
  for (const StationSeries& s : data.stations) {
    for (const HourlyYear& hy : s.years) {
      tasks.push_back(Task{SeriesLevel::kStation, s.station, hy.year, &hy, {}});
      cities[s.city][hy.year].push_back(&hy);
    }
  }
  for (auto& [city, years] : cities) {
    for (auto& [year, members] : years) {
      tasks.push_back(Task{SeriesLevel::kCity, city, year, nullptr, std::move(members)});
    }
  }
  // std::string_view compares with char_traits<char>, i.e. memcmp: byte order.
  std::sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) {
    if (a.level != b.level) return a.level < b.level;
    if (a.id != b.id) return a.id < b.id;
    return a.year < b.year;
  });

  AirAssessment out;
  out.annual.resize(tasks.size() * kAirPollutantCount);
  out.aqi.resize(tasks.size());
  const std::array<int, kAirPollutantCount> order = PollutantsInCodeOrder();
  ParallelFor(tasks.size(), threads, [&](std::size_t t) {
    const Task& task = tasks[t];
    const DailyAirYear dy = task.hours != nullptr
                                ? DailyValues(*task.hours, rules, iaqi)
                                : DailyValues(CityHourlyYear(task.members, task.year), rules, iaqi);
    SummarizeSeriesYear(dy, task.level, task.id, rules, order, &out.annual[t * kAirPollutantCount],
                        &out.aqi[t]);
  });
  return out;
}

AirAssessment SummarizeDailyAir(const std::vector<DailyAirSeries>& series,
                                const AirAssessmentRules& rules, int threads) {
  struct Item {
    const DailyAirSeries* series;
    const DailyAirYear* year;
  };
  std::vector<Item> items;
  for (const DailyAirSeries& s : series) {
    for (const DailyAirYear& y : s.years) items.push_back(Item{&s, &y});
  }
  // std::string compares bytes (char_traits<char>): the output order.
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.series->level != b.series->level) return a.series->level < b.series->level;
    if (a.series->id != b.series->id) return a.series->id < b.series->id;
    return a.year->year < b.year->year;
  });
  AirAssessment out;
  out.annual.resize(items.size() * kAirPollutantCount);
  out.aqi.resize(items.size());
  const std::array<int, kAirPollutantCount> order = PollutantsInCodeOrder();
  ParallelFor(items.size(), threads, [&](std::size_t t) {
    const Item& it = items[t];
    SummarizeSeriesYear(*it.year, it.series->level, it.series->id, rules, order,
                        &out.annual[t * kAirPollutantCount], &out.aqi[t]);
  });
  return out;
}

}  // namespace kinet
