// Annual indicator series as problem profiles and matching read them: one
// value per city, indicator and year, the reported value preferred over a
// KINet-computed one (as IndicatorValueRepository::ValuesFor does for one
// series), doubtful values left out (their source is in doubt: the 2011
// yearbook values of the sample), and only the values the caller may see.
//
// Usage facts: one city's values (a few hundred) for a profile, or one
// indicator across the network (tens of cities x 5-30 years) for mentors and
// peers: one query each, grouped here.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/indicator.h"
#include "core/result.h"
#include "engine/progress.h"
#include "store/database.h"
#include "store/indicator_repository.h"

namespace kinet {

// (city code, indicator code) → annual values in year order.
using AnnualSeriesMap = std::map<std::pair<std::string, std::string>, std::vector<YearValue>>;

// The annual series of the values matching `query` (monthly periods are
// ignored) for which `visible` is true.
Result<AnnualSeriesMap> ReadAnnualSeries(Executor& db, const IndicatorValueQuery& query,
                                         const std::function<bool(const IndicatorValue&)>& visible);

// The values of `city_code`'s `indicator_code` series for which `visible` is
// true, one per period in period order, the reported value preferred over a
// computed one. Unlike IndicatorValueRepository::ValuesFor the preference
// is applied among the visible values, so in a public view a published
// computed value stands in for a reported one that is not yet published
// (rather than the period disappearing). Doubtful values are kept: callers
// that show a single series (targets, pilot results) flag them instead.
Result<std::vector<IndicatorValue>> VisibleValuesFor(
    Executor& db, std::string_view city_code, std::string_view indicator_code,
    const std::function<bool(const IndicatorValue&)>& visible);

}  // namespace kinet
