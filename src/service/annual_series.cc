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

Result<std::vector<IndicatorValue>> VisibleValuesFor(
    Executor& db, std::string_view city_code, std::string_view indicator_code,
    const std::function<bool(const IndicatorValue&)>& visible) {
  IndicatorValueQuery query;
  query.city_code = std::string(city_code);
  query.indicator_code = std::string(indicator_code);
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values,
                         IndicatorValueRepository(db).List(query));
  // Reported before computed within a period (List's order).
  std::vector<IndicatorValue> out;
  for (IndicatorValue& v : values) {
    if (!visible(v)) continue;
    if (!out.empty() && out.back().period == v.period) continue;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace kinet
