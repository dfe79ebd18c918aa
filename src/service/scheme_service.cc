#include "service/scheme_service.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/indicator_repository.h"
#include "store/registry_repository.h"
#include "store/target_repository.h"

namespace kinet {
namespace {

// city -> year -> value, for one indicator.
using CitySeries = std::map<std::string, std::map<int, double>>;

// The annual values of `indicator` from `from` to `to`, one per city and
// year, the reported value preferred over a computed one.
Result<CitySeries> AnnualValues(Executor& ex, const std::string& indicator, int from, int to,
                                bool published_only) {
  IndicatorValueQuery q;
  q.indicator_code = indicator;
  q.from = fmt::format("{:04d}", from);
  q.to = fmt::format("{:04d}", to);
  if (published_only) q.status = ValueStatus::kPublished;
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> rows, IndicatorValueRepository(ex).List(q));
  CitySeries out;
  // List orders reported before computed within a period: keep the first.
  for (const IndicatorValue& v : rows) {
    if (v.period.size() != 4) continue;
    out[v.city_code].emplace(std::atoi(v.period.c_str()), v.value);
  }
  return out;
}

std::optional<double> ItemValue(const SchemeItem& item, const std::map<int, double>& series,
                                int year) {
  auto now = series.find(year);
  if (now == series.end()) return std::nullopt;
  if (item.measure == ItemMeasure::kLevel) return now->second;
  auto then = series.find(year - item.change_years);
  if (then == series.end() || then->second == 0.0) return std::nullopt;
  const double change = 100.0 * (now->second - then->second) / std::fabs(then->second);
  return item.direction == Direction::kHigherIsBetter ? change : -change;
}

// Scores every city with at least one item value in `year`, ranked.
Result<std::vector<CityScore>> ScoreYear(Executor& ex, const Scheme& scheme, int year,
                                         bool published_only) {
  int max_change = 0;
  for (const SchemeItem& item : scheme.items) max_change = std::max(max_change, item.change_years);
  std::map<std::string, CitySeries> by_indicator;
  for (const SchemeItem& item : scheme.items) {
    if (by_indicator.count(item.indicator) != 0) continue;
    KINET_ASSIGN_OR_RETURN(
        by_indicator[item.indicator],
        AnnualValues(ex, item.indicator, year - max_change, year, published_only));
  }
  // city -> item id -> value
  std::map<std::string, std::map<std::string, double>> values;
  for (const SchemeItem& item : scheme.items) {
    for (const auto& [city, series] : by_indicator[item.indicator]) {
      if (std::optional<double> v = ItemValue(item, series, year)) values[city][item.id] = *v;
    }
  }
  std::vector<CityScore> scores;
  for (const auto& [city, item_values] : values) {
    scores.push_back(ScoreCity(scheme, city, year, item_values));
  }
  RankScores(scores);
  return scores;
}

nlohmann::json Opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

std::string CityScoreJson(const Scheme& scheme, const CityScore& score) {
  nlohmann::json j;
  j["scheme"] = scheme.id;
  j["version"] = scheme.version;
  j["city"] = score.city;
  j["year"] = score.year;
  j["total"] = RoundTotal(score.total);
  j["max_total"] = score.max_total;
  j["rank"] = score.rank ? nlohmann::json(*score.rank) : nlohmann::json(nullptr);
  nlohmann::json cats = nlohmann::json::array();
  for (const CategoryScore& c : score.categories) {
    cats.push_back(
        {{"category", c.category}, {"points", RoundTotal(c.points)}, {"max_points", c.max_points}});
  }
  j["categories"] = cats;
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < score.items.size() && i < scheme.items.size(); ++i) {
    const ItemScore& s = score.items[i];
    const SchemeItem& item = scheme.items[i];
    items.push_back({{"item", s.item},
                     {"indicator", item.indicator},
                     {"category", item.category},
                     {"measure", ItemMeasureCode(item.measure)},
                     {"value", Opt(s.value)},
                     {"points", RoundTotal(s.points)},
                     {"max_points", s.max_points},
                     {"threshold", s.threshold},
                     {"met", s.met},
                     {"confirmed", item.confirmed}});
  }
  j["items"] = items;
  j["missing"] = score.missing;
  if (score.designated) {
    nlohmann::json d = nlohmann::json::array();
    for (const DesignationOutcome& o : score.designation) {
      d.push_back({{"rule", o.rule},
                   {"met", o.met},
                   {"failed_items", o.failed_items},
                   {"explanation", o.explanation}});
    }
    j["designated"] = *score.designated;
    j["designation"] = d;
  } else {
    j["designated"] = nullptr;
  }
  return j.dump();
}

Result<std::vector<Scheme>> SchemeService::List() { return LoadAllSchemes(options_); }

Result<SchemeYearScores> SchemeService::Score(std::string_view scheme_id, int year,
                                              const SchemeScoreOptions& options) {
  SchemeYearScores out;
  KINET_ASSIGN_OR_RETURN(out.scheme, LoadScheme(scheme_id, options_));
  out.year = year;
  KINET_ASSIGN_OR_RETURN(out.scores, ScoreYear(db_, out.scheme, year, options.published_only));
  if (!options.store) return out;
  std::vector<SchemeScoreRecord> records;
  for (const CityScore& s : out.scores) {
    records.push_back(SchemeScoreRecord{out.scheme.id, out.scheme.version, s.city, year, s.total,
                                        s.max_total, s.rank, s.designated,
                                        CityScoreJson(out.scheme, s), ""});
  }
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) {
    return SchemeScoreRepository(tx).ReplaceYear(out.scheme.id, out.scheme.version, year, records);
  }));
  return out;
}

Result<ScoreComparison> SchemeService::Compare(std::string_view scheme_id,
                                               std::string_view city_code, int from, int to,
                                               const SchemeScoreOptions& options) {
  if (from >= to) {
    return InvalidArgument(fmt::format("--from {} must be before --to {}", from, to), "from");
  }
  KINET_RETURN_IF_ERROR(CityRepository(db_).FindByCode(city_code).status());
  KINET_ASSIGN_OR_RETURN(Scheme scheme, LoadScheme(scheme_id, options_));
  CityScore scores[2];
  const int years[2] = {from, to};
  for (int k = 0; k < 2; ++k) {
    KINET_ASSIGN_OR_RETURN(std::vector<CityScore> all,
                           ScoreYear(db_, scheme, years[k], options.published_only));
    bool found = false;
    for (CityScore& s : all) {
      if (s.city == city_code) {
        scores[k] = std::move(s);
        found = true;
      }
    }
    // No value at all that year: every item missing, unranked.
    if (!found) scores[k] = ScoreCity(scheme, std::string(city_code), years[k], {});
  }
  return CompareScores(scheme, scores[0], scores[1]);
}

Result<SchemeYearScores> SchemeService::Score(const Principal& who, std::string_view scheme_id,
                                              int year) {
  SchemeScoreOptions options;
  options.store = false;
  options.published_only = !Can(who, Action::kReadUnpublished, Resource::None());
  return Score(scheme_id, year, options);
}

Result<ScoreComparison> SchemeService::Compare(const Principal& who, std::string_view scheme_id,
                                               std::string_view city_code, int from, int to) {
  KINET_ASSIGN_OR_RETURN(City city, CityRepository(db_).FindByCode(city_code));
  SchemeScoreOptions options;
  options.store = false;
  options.published_only =
      !Can(who, Action::kReadUnpublished, Resource::City(city.country_code, city.code));
  return Compare(scheme_id, city_code, from, to, options);
}

}  // namespace kinet
