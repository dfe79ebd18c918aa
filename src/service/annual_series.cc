#include "service/annual_series.h"

#include <cstdlib>

namespace kinet {

Result<AnnualSeriesMap> ReadAnnualSeries(
    Executor& db, const IndicatorValueQuery& query,
    const std::function<bool(const IndicatorValue&)>& visible) {
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values,
                         IndicatorValueRepository(db).List(query));
  // List orders by city, indicator, period, then source kind with the
  // reported value first: the first visible value of a period wins.
  AnnualSeriesMap out;
  for (const IndicatorValue& v : values) {
    if (v.period.size() != 4 || v.doubtful || !visible(v)) continue;
    std::vector<YearValue>& series = out[{v.city_code, v.indicator_code}];
    const int year = std::atoi(v.period.c_str());
    if (!series.empty() && series.back().year == year) continue;
    series.push_back({year, v.value});
  }
  return out;
}

}  // namespace kinet
