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

// Assesses one series-year into 6 annual rows and 1 AQI row.
void AssessSeriesYear(const HourlyYear& hy, const Task& task, const AirAssessmentRules& rules,
                      const IaqiFunction& iaqi, const std::array<int, kAirPollutantCount>& order,
                      AnnualAssessmentRow* annual_out, AqiYearRow* aqi_out) {
  std::array<std::vector<double>, kAirPollutantCount> daily;
  for (auto& v : daily) v.reserve(366);
  AqiYearRow aqi_row;
  aqi_row.level = task.level;
  aqi_row.id = std::string(task.id);
  aqi_row.year = task.year;
  const int days = hy.days();
  for (int d = 0; d < days; ++d) {
    const DailyAirValues dv = AssessDay(hy, d, rules, iaqi);
    for (int k = 0; k < kAirPollutantCount; ++k) {
      if (dv.value[k]) daily[k].push_back(*dv.value[k]);
    }
    if (dv.aqi) {
      ++aqi_row.aqi_days;
      if (*dv.aqi <= rules.good_aqi_max) ++aqi_row.good_days;
      aqi_row.max_aqi = std::max(aqi_row.max_aqi.value_or(*dv.aqi), *dv.aqi);
    }
  }
  if (aqi_row.aqi_days > 0) {
    aqi_row.good_ratio = static_cast<double>(aqi_row.good_days) / aqi_row.aqi_days;
  }
  *aqi_out = std::move(aqi_row);
  for (int i = 0; i < kAirPollutantCount; ++i) {
    const int k = order[i];
    AnnualAssessmentRow& row = annual_out[i];
    row.level = task.level;
    row.id = std::string(task.id);
    row.year = task.year;
    row.pollutant = kAqiPollutants[k];
    row.stats =
        SummarizeYear(daily[k], days, rules.percentile[k], rules.daily_limit[k], rules.validity);
  }
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
  // Transpose the day (24 hours x 6 pollutants, hour-major) into one
  // 24-hour span per pollutant.
  std::array<std::array<double, kHoursPerDay>, kAirPollutantCount> hours;
  const double* src = hy.values.data() + static_cast<std::size_t>(day) * 24 * kAirPollutantCount;
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
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t t = next++; t < tasks.size(); t = next++) {
      const Task& task = tasks[t];
      AnnualAssessmentRow* annual = &out.annual[t * kAirPollutantCount];
      if (task.hours != nullptr) {
        AssessSeriesYear(*task.hours, task, rules, iaqi, order, annual, &out.aqi[t]);
      } else {
        const HourlyYear city = CityHourlyYear(task.members, task.year);
        AssessSeriesYear(city, task, rules, iaqi, order, annual, &out.aqi[t]);
      }
    }
  };
  threads = std::max(1, std::min<int>(threads, static_cast<int>(tasks.size())));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& th : pool) th.join();
  return out;
}

}  // namespace kinet
