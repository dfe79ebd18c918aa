#include "rules/limit_sets.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include <toml++/toml.h>

#include "rules/toml_support.h"

namespace kinet {

namespace {

// Turns every problem in a parsed document into InvalidArgument
// "<source>:<line>: <key>: <problem>" with field = key.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Status Error(const toml::node* node, std::string_view key, std::string_view problem) const {
    return TomlError(source_, node, key, problem);
  }

  // The string `name` of `parent`; `key` is the full key for messages.
  Result<std::string> String(const toml::table& parent, std::string_view name, std::string_view key,
                             bool required) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) {
      if (required) return Error(&parent, key, "missing (a string is required)");
      return std::string();
    }
    if (!node->is_string()) return Error(node, key, "must be a string");
    return *node->value<std::string>();
  }

  // The number `name` of `parent`, or nullopt when absent.
  Result<std::optional<double>> Number(const toml::table& parent, std::string_view name,
                                       std::string_view key) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) return std::optional<double>();
    if (node->is_integer()) return std::optional<double>(*node->value<std::int64_t>());
    if (node->is_floating_point()) return std::optional<double>(*node->value<double>());
    return Error(node, key, "must be a number");
  }

  Result<std::optional<bool>> Bool(const toml::table& parent, std::string_view name,
                                   std::string_view key) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) return std::optional<bool>();
    if (!node->is_boolean()) return Error(node, key, "must be true or false");
    return std::optional<bool>(*node->value<bool>());
  }

  Result<std::optional<CivilDate>> Date(const toml::table& parent, std::string_view name,
                                        std::string_view key) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) return std::optional<CivilDate>();
    if (!node->is_date()) return Error(node, key, "must be a date YYYY-MM-DD (unquoted)");
    const toml::date d = *node->value<toml::date>();
    return std::optional<CivilDate>(CivilDate{d.year, d.month, d.day});
  }

  // The tables of array `name` (inline tables or [[name]]); absent: empty.
  Result<std::vector<const toml::table*>> Tables(const toml::table& parent,
                                                 std::string_view name) const {
    std::vector<const toml::table*> out;
    const toml::node* node = parent.get(name);
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(node, name, "must be an array of tables");
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table* t = array->get(i)->as_table();
      if (t == nullptr) {
        return Error(array->get(i), fmt::format("{}[{}]", name, i), "must be a table");
      }
      out.push_back(t);
    }
    return out;
  }

 private:
  std::string_view source_;
};

Result<LimitLevel> ReadLevel(const Reader& r, const toml::table& t, const std::string& key) {
  LimitLevel level;
  KINET_ASSIGN_OR_RETURN(level.id, r.String(t, "id", key + ".id", true));
  KINET_ASSIGN_OR_RETURN(level.name, r.String(t, "name", key + ".name", true));
  KINET_ASSIGN_OR_RETURN(level.name_zh, r.String(t, "name_zh", key + ".name_zh", false));
  KINET_ASSIGN_OR_RETURN(level.effective_from,
                         r.Date(t, "effective_from", key + ".effective_from"));
  KINET_ASSIGN_OR_RETURN(level.effective_to, r.Date(t, "effective_to", key + ".effective_to"));
  if (level.effective_from && level.effective_to && *level.effective_to < *level.effective_from) {
    return r.Error(t.get("effective_to"), key + ".effective_to", "is before effective_from");
  }
  return level;
}

Result<Limit> ReadLimit(const Reader& r, const toml::table& t, const std::string& key,
                        const std::set<std::string>& levels) {
  Limit limit;
  KINET_ASSIGN_OR_RETURN(limit.level, r.String(t, "level", key + ".level", true));
  if (levels.count(limit.level) == 0) {
    return r.Error(t.get("level"), key + ".level",
                   fmt::format("'{}' is not one of the file's levels", limit.level));
  }

  KINET_ASSIGN_OR_RETURN(std::string pollutant, r.String(t, "pollutant", key + ".pollutant", true));
  const std::optional<Pollutant> p = ParsePollutant(pollutant);
  if (!p) {
    return r.Error(t.get("pollutant"), key + ".pollutant",
                   fmt::format("'{}' is not a known pollutant", pollutant));
  }
  limit.pollutant = *p;

  KINET_ASSIGN_OR_RETURN(std::string averaging, r.String(t, "averaging", key + ".averaging", true));
  const std::optional<Averaging> a = ParseAveraging(averaging);
  if (!a) {
    return r.Error(t.get("averaging"), key + ".averaging",
                   fmt::format("'{}' is not an averaging time (1h, 8h, 24h, quarter, annual, "
                               "peak-season ...)",
                               averaging));
  }
  limit.averaging = *a;

  KINET_ASSIGN_OR_RETURN(std::string statistic, r.String(t, "statistic", key + ".statistic", true));
  const std::optional<LimitStatistic> s = ParseLimitStatistic(statistic);
  if (!s) {
    return r.Error(t.get("statistic"), key + ".statistic",
                   fmt::format("'{}' is not one of annual-mean, peak-season-mean, percentile, "
                               "max, exceedance-count",
                               statistic));
  }
  limit.statistic = *s;

  KINET_ASSIGN_OR_RETURN(std::optional<double> pct, r.Number(t, "p", key + ".p"));
  if (limit.statistic == LimitStatistic::kPercentile) {
    if (!pct) return r.Error(&t, key + ".p", "missing (a percentile row needs p in (0,1])");
    if (!(*pct > 0.0 && *pct <= 1.0)) {
      return r.Error(t.get("p"), key + ".p", "must lie in (0,1], e.g. 0.95 for P95");
    }
    limit.percentile = pct;
  } else if (pct) {
    return r.Error(t.get("p"), key + ".p", "is only allowed on a percentile row");
  }

  const toml::node* allowed = t.get("allowed");
  if (limit.statistic == LimitStatistic::kExceedanceCount) {
    if (allowed == nullptr) {
      return r.Error(&t, key + ".allowed", "missing (an exceedance-count row needs a day count)");
    }
    if (!allowed->is_integer() || *allowed->value<std::int64_t>() < 0 ||
        *allowed->value<std::int64_t>() > 366) {
      return r.Error(allowed, key + ".allowed", "must be an integer from 0 to 366");
    }
    limit.allowed_exceedances = static_cast<int>(*allowed->value<std::int64_t>());
  } else if (allowed != nullptr) {
    return r.Error(allowed, key + ".allowed", "is only allowed on an exceedance-count row");
  }

  KINET_ASSIGN_OR_RETURN(std::optional<double> value, r.Number(t, "value", key + ".value"));
  if (!value) return r.Error(&t, key + ".value", "missing (a number is required)");
  if (!(std::isfinite(*value) && *value > 0.0)) {
    return r.Error(t.get("value"), key + ".value", "must be a positive number");
  }
  limit.value = *value;

  KINET_ASSIGN_OR_RETURN(std::string unit, r.String(t, "unit", key + ".unit", true));
  const std::optional<Unit> u = ParseUnit(unit);
  if (!u) {
    return r.Error(t.get("unit"), key + ".unit",
                   fmt::format("'{}' is not one of ug/m3, mg/m3, ppb, ppm", unit));
  }
  limit.unit = *u;

  KINET_ASSIGN_OR_RETURN(std::optional<bool> confirmed, r.Bool(t, "confirmed", key + ".confirmed"));
  if (!confirmed) return r.Error(&t, key + ".confirmed", "missing (true or false is required)");
  limit.confirmed = *confirmed;
  KINET_ASSIGN_OR_RETURN(std::optional<bool> statistic_confirmed,
                         r.Bool(t, "statistic_confirmed", key + ".statistic_confirmed"));
  limit.statistic_confirmed = statistic_confirmed.value_or(true);
  KINET_ASSIGN_OR_RETURN(limit.source, r.String(t, "source", key + ".source", false));
  KINET_ASSIGN_OR_RETURN(limit.note, r.String(t, "note", key + ".note", false));
  return limit;
}

Result<LimitSet> ReadDocument(const Reader& r, const toml::table& doc) {
  LimitSet set;
  KINET_ASSIGN_OR_RETURN(set.id, r.String(doc, "id", "id", true));
  KINET_ASSIGN_OR_RETURN(set.version, r.String(doc, "version", "version", true));
  KINET_ASSIGN_OR_RETURN(set.title, r.String(doc, "title", "title", true));
  KINET_ASSIGN_OR_RETURN(set.source, r.String(doc, "source", "source", true));
  KINET_ASSIGN_OR_RETURN(set.effective_from, r.Date(doc, "effective_from", "effective_from"));
  KINET_ASSIGN_OR_RETURN(set.effective_to, r.Date(doc, "effective_to", "effective_to"));
  if (set.effective_from && set.effective_to && *set.effective_to < *set.effective_from) {
    return r.Error(doc.get("effective_to"), "effective_to", "is before effective_from");
  }

  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> levels, r.Tables(doc, "levels"));
  if (levels.empty()) return r.Error(&doc, "levels", "missing (at least one level is required)");
  std::set<std::string> level_ids;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const std::string key = fmt::format("levels[{}]", i);
    KINET_ASSIGN_OR_RETURN(LimitLevel level, ReadLevel(r, *levels[i], key));
    if (!level_ids.insert(level.id).second) {
      return r.Error(levels[i]->get("id"), key + ".id",
                     fmt::format("level '{}' is defined twice", level.id));
    }
    set.levels.push_back(std::move(level));
  }

  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> limits, r.Tables(doc, "limits"));
  if (limits.empty()) return r.Error(&doc, "limits", "missing (at least one limit is required)");
  std::set<std::tuple<std::string, Pollutant, Averaging>> seen;
  for (std::size_t i = 0; i < limits.size(); ++i) {
    const std::string key = fmt::format("limits[{}]", i);
    KINET_ASSIGN_OR_RETURN(Limit limit, ReadLimit(r, *limits[i], key, level_ids));
    if (!seen.emplace(limit.level, limit.pollutant, limit.averaging).second) {
      return r.Error(
          limits[i], key,
          fmt::format("a second {} {} limit for level '{}'", PollutantCode(limit.pollutant),
                      AveragingCode(limit.averaging), limit.level));
    }
    set.limits.push_back(std::move(limit));
  }
  return set;
}

// Every limit set file: the embedded ones, replaced or extended by the override directory.
Result<std::map<std::string, StandardFile>> LimitSetFiles(const LimitSetLoadOptions& options) {
  return StandardFiles(EmbeddedLimitSetFiles(), "", "limits", options.standards_dir);
}

}  // namespace

LimitSetLoadOptions DefaultLimitSetLoadOptions() {
  LimitSetLoadOptions options;
  if (const char* env = std::getenv("KINET_STANDARDS"); env != nullptr) options.standards_dir = env;
  return options;
}

Result<LimitSet> ParseLimitSet(std::string_view text, std::string_view source_name) {
  KINET_ASSIGN_OR_RETURN(toml::table doc, ParseTomlText(text, source_name));
  return ReadDocument(Reader(source_name), doc);
}

Result<LimitSet> LoadLimitSet(std::string_view id, const LimitSetLoadOptions& options) {
  KINET_ASSIGN_OR_RETURN(auto files, LimitSetFiles(options));
  const auto it = files.find(std::string(id));
  if (it == files.end()) {
    std::string available;
    for (const auto& [name, file] : files) {
      available += available.empty() ? name : ", " + name;
    }
    return NotFound(fmt::format("no limit set '{}' (available: {})", id, available));
  }
  const StandardFile& file = it->second;
  KINET_ASSIGN_OR_RETURN(LimitSet set, ParseLimitSet(file.text, file.source_name));
  if (set.id != file.id) {
    return InvalidArgument(
        fmt::format("{}: id: '{}' differs from the file name", file.source_name, set.id), "id");
  }
  return set;
}

Result<std::vector<std::string>> ListLimitSets(const LimitSetLoadOptions& options) {
  KINET_ASSIGN_OR_RETURN(auto files, LimitSetFiles(options));
  std::vector<std::string> ids;
  for (const auto& [id, file] : files) ids.push_back(id);
  return ids;
}

}  // namespace kinet
