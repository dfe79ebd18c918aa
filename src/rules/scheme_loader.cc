#include "rules/scheme_loader.h"

#include <cstdlib>
#include <map>
#include <set>

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

  // Refuses keys of `t` outside `allowed`.
  Status OnlyKeys(const toml::table& t, const std::string& prefix,
                  std::initializer_list<std::string_view> allowed) const {
    for (const auto& [k, node] : t) {
      bool known = false;
      for (std::string_view a : allowed) known = known || k.str() == a;
      if (!known) {
        return Error(&node, prefix + std::string(k.str()),
                     "unknown key (a typo? see docs/indicators.md, \"Assessment schemes\")");
      }
    }
    return OkStatus();
  }

  Result<std::string> String(const toml::table& t, std::string_view name, const std::string& key,
                             bool required) const {
    const toml::node* node = t.get(name);
    if (node == nullptr) {
      if (required) return Error(&t, key, "missing (a string is required)");
      return std::string();
    }
    if (!node->is_string()) return Error(node, key, "must be a string");
    return *node->value<std::string>();
  }

  Result<std::optional<double>> Number(const toml::table& t, std::string_view name,
                                       const std::string& key, bool required) const {
    const toml::node* node = t.get(name);
    if (node == nullptr) {
      if (required) return Error(&t, key, "missing (a number is required)");
      return std::optional<double>();
    }
    if (node->is_integer()) return std::optional<double>(*node->value<std::int64_t>());
    if (node->is_floating_point()) return std::optional<double>(*node->value<double>());
    return Error(node, key, "must be a number");
  }

  Result<bool> Bool(const toml::table& t, std::string_view name, const std::string& key,
                    bool fallback) const {
    const toml::node* node = t.get(name);
    if (node == nullptr) return fallback;
    if (!node->is_boolean()) return Error(node, key, "must be true or false");
    return *node->value<bool>();
  }

  Result<std::vector<std::string>> Strings(const toml::table& t, std::string_view name,
                                           const std::string& key) const {
    std::vector<std::string> out;
    const toml::node* node = t.get(name);
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(node, key, "must be an array of strings");
    for (const toml::node& e : *array) {
      if (!e.is_string()) return Error(&e, key, "must be an array of strings");
      out.push_back(*e.value<std::string>());
    }
    return out;
  }

  // The tables of array `name` (inline tables or [[name]]); absent: empty.
  Result<std::vector<const toml::table*>> Tables(const toml::table& t, std::string_view name,
                                                 const std::string& key) const {
    std::vector<const toml::table*> out;
    const toml::node* node = t.get(name);
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(node, key, "must be an array of tables");
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table* e = array->get(i)->as_table();
      if (e == nullptr)
        return Error(array->get(i), fmt::format("{}[{}]", key, i), "must be a table");
      out.push_back(e);
    }
    return out;
  }

 private:
  std::string_view source_;
};

Result<Comparator> ReadComparator(const Reader& r, const toml::table& t, std::string_view name,
                                  const std::string& key) {
  KINET_ASSIGN_OR_RETURN(std::string text, r.String(t, name, key, true));
  std::optional<Comparator> c = ParseComparator(text);
  if (!c) return r.Error(t.get(name), key, fmt::format("'{}' is not one of >=, >, <=, <", text));
  return *c;
}

Result<SchemeItem> ReadItem(const Reader& r, const toml::table& t, const std::string& key) {
  KINET_RETURN_IF_ERROR(
      r.OnlyKeys(t, key + ".",
                 {"id", "category", "indicator", "name", "name_local", "points", "method",
                  "zero_at", "full_at", "bands", "op", "threshold", "measure", "change_years",
                  "direction", "confirmed", "source", "note"}));
  SchemeItem item;
  KINET_ASSIGN_OR_RETURN(item.id, r.String(t, "id", key + ".id", true));
  KINET_ASSIGN_OR_RETURN(item.category, r.String(t, "category", key + ".category", true));
  KINET_ASSIGN_OR_RETURN(item.indicator, r.String(t, "indicator", key + ".indicator", true));
  KINET_ASSIGN_OR_RETURN(item.name, r.String(t, "name", key + ".name", true));
  KINET_ASSIGN_OR_RETURN(item.name_local, r.String(t, "name_local", key + ".name_local", false));
  KINET_ASSIGN_OR_RETURN(std::optional<double> points,
                         r.Number(t, "points", key + ".points", true));
  item.points = *points;
  KINET_ASSIGN_OR_RETURN(item.confirmed, r.Bool(t, "confirmed", key + ".confirmed", true));
  KINET_ASSIGN_OR_RETURN(item.source, r.String(t, "source", key + ".source", false));
  KINET_ASSIGN_OR_RETURN(item.note, r.String(t, "note", key + ".note", false));

  KINET_ASSIGN_OR_RETURN(std::string measure, r.String(t, "measure", key + ".measure", false));
  if (!measure.empty()) {
    std::optional<ItemMeasure> m = ParseItemMeasure(measure);
    if (!m) {
      return r.Error(t.get("measure"), key + ".measure",
                     fmt::format("'{}' is not level or change-percent", measure));
    }
    item.measure = *m;
  }
  if (item.measure == ItemMeasure::kChangePercent) {
    KINET_ASSIGN_OR_RETURN(std::optional<double> years,
                           r.Number(t, "change_years", key + ".change_years", true));
    item.change_years = static_cast<int>(*years);
    if (*years != static_cast<double>(item.change_years) || item.change_years < 1) {
      return r.Error(t.get("change_years"), key + ".change_years", "must be a whole number >= 1");
    }
    KINET_ASSIGN_OR_RETURN(std::string direction,
                           r.String(t, "direction", key + ".direction", true));
    if (direction == "higher") {
      item.direction = Direction::kHigherIsBetter;
    } else if (direction == "lower") {
      item.direction = Direction::kLowerIsBetter;
    } else {
      return r.Error(t.get("direction"), key + ".direction",
                     fmt::format("'{}' is not higher or lower", direction));
    }
  } else {
    for (std::string_view k : {"change_years", "direction"}) {
      if (t.contains(k)) {
        return r.Error(t.get(k), key + "." + std::string(k),
                       "only for measure = \"change-percent\"");
      }
    }
  }

  KINET_ASSIGN_OR_RETURN(std::string method, r.String(t, "method", key + ".method", true));
  std::optional<ScoringMethod> m = ParseScoringMethod(method);
  if (!m) {
    return r.Error(t.get("method"), key + ".method",
                   fmt::format("'{}' is not linear, banded or pass-fail", method));
  }
  // Keys of the other methods are refused, so that a threshold never sits
  // in a file doing nothing.
  std::set<std::string_view> foreign = {"zero_at", "full_at", "bands", "op", "threshold"};
  switch (*m) {
    case ScoringMethod::kLinear: {
      foreign.erase("zero_at");
      foreign.erase("full_at");
      KINET_ASSIGN_OR_RETURN(std::optional<double> zero,
                             r.Number(t, "zero_at", key + ".zero_at", true));
      KINET_ASSIGN_OR_RETURN(std::optional<double> full,
                             r.Number(t, "full_at", key + ".full_at", true));
      item.rule = LinearRule{*zero, *full};
      break;
    }
    case ScoringMethod::kBanded: {
      foreign.erase("bands");
      BandedRule rule;
      KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> bands,
                             r.Tables(t, "bands", key + ".bands"));
      if (bands.empty()) return r.Error(&t, key + ".bands", "a banded item needs bands");
      for (std::size_t b = 0; b < bands.size(); ++b) {
        const std::string bkey = fmt::format("{}.bands[{}]", key, b);
        KINET_RETURN_IF_ERROR(
            r.OnlyKeys(*bands[b], bkey + ".", {"op", "bound", "points", "label"}));
        Band band;
        KINET_ASSIGN_OR_RETURN(band.op, ReadComparator(r, *bands[b], "op", bkey + ".op"));
        KINET_ASSIGN_OR_RETURN(std::optional<double> bound,
                               r.Number(*bands[b], "bound", bkey + ".bound", true));
        KINET_ASSIGN_OR_RETURN(std::optional<double> bpoints,
                               r.Number(*bands[b], "points", bkey + ".points", true));
        band.bound = *bound;
        band.points = *bpoints;
        KINET_ASSIGN_OR_RETURN(band.label, r.String(*bands[b], "label", bkey + ".label", true));
        rule.bands.push_back(std::move(band));
      }
      item.rule = std::move(rule);
      break;
    }
    case ScoringMethod::kPassFail: {
      foreign.erase("op");
      foreign.erase("threshold");
      PassFailRule rule;
      KINET_ASSIGN_OR_RETURN(rule.op, ReadComparator(r, t, "op", key + ".op"));
      KINET_ASSIGN_OR_RETURN(std::optional<double> threshold,
                             r.Number(t, "threshold", key + ".threshold", true));
      rule.threshold = *threshold;
      item.rule = rule;
      break;
    }
  }
  for (std::string_view k : foreign) {
    if (t.contains(k)) {
      return r.Error(t.get(k), key + "." + std::string(k),
                     fmt::format("not a key of method \"{}\"", method));
    }
  }
  return item;
}

// The node a ValidateScheme field ("items[2].bands") points at, for its line.
const toml::node* NodeForField(const toml::table& doc, std::string_view field) {
  const std::size_t open = field.find('[');
  const std::size_t close = field.find(']');
  if (open == std::string_view::npos || close == std::string_view::npos) return doc.get(field);
  const std::string array(field.substr(0, open));
  const int index = std::atoi(std::string(field.substr(open + 1, close - open - 1)).c_str());
  const toml::array* a = doc.get(array) != nullptr ? doc.get(array)->as_array() : nullptr;
  if (a == nullptr || index < 0 || static_cast<std::size_t>(index) >= a->size()) return &doc;
  const toml::node* element = a->get(static_cast<std::size_t>(index));
  if (close + 2 >= field.size() || element->as_table() == nullptr) return element;
  const toml::node* key = element->as_table()->get(field.substr(close + 2));
  return key != nullptr ? key : element;
}

Result<Scheme> ReadDocument(const Reader& r, const toml::table& doc) {
  KINET_RETURN_IF_ERROR(
      r.OnlyKeys(doc, "",
                 {"id", "version", "name", "name_local", "origin", "source", "confirmed", "note",
                  "designation_name", "categories", "items", "designation"}));
  Scheme s;
  KINET_ASSIGN_OR_RETURN(s.id, r.String(doc, "id", "id", true));
  KINET_ASSIGN_OR_RETURN(s.version, r.String(doc, "version", "version", true));
  KINET_ASSIGN_OR_RETURN(s.name, r.String(doc, "name", "name", true));
  KINET_ASSIGN_OR_RETURN(s.name_local, r.String(doc, "name_local", "name_local", false));
  KINET_ASSIGN_OR_RETURN(s.origin, r.String(doc, "origin", "origin", true));
  if (s.origin != "official" && s.origin != "reconstruction" && s.origin != "kinet-construction") {
    return r.Error(doc.get("origin"), "origin",
                   "must be official, reconstruction or kinet-construction");
  }
  KINET_ASSIGN_OR_RETURN(s.source, r.String(doc, "source", "source", true));
  KINET_ASSIGN_OR_RETURN(s.confirmed, r.Bool(doc, "confirmed", "confirmed", true));
  KINET_ASSIGN_OR_RETURN(s.note, r.String(doc, "note", "note", false));
  KINET_ASSIGN_OR_RETURN(s.designation_name,
                         r.String(doc, "designation_name", "designation_name", false));

  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> categories,
                         r.Tables(doc, "categories", "categories"));
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const std::string key = fmt::format("categories[{}]", i);
    KINET_RETURN_IF_ERROR(r.OnlyKeys(*categories[i], key + ".", {"id", "name", "name_local"}));
    SchemeCategory c;
    KINET_ASSIGN_OR_RETURN(c.id, r.String(*categories[i], "id", key + ".id", true));
    KINET_ASSIGN_OR_RETURN(c.name, r.String(*categories[i], "name", key + ".name", true));
    KINET_ASSIGN_OR_RETURN(c.name_local,
                           r.String(*categories[i], "name_local", key + ".name_local", false));
    s.categories.push_back(std::move(c));
  }

  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> items, r.Tables(doc, "items", "items"));
  for (std::size_t i = 0; i < items.size(); ++i) {
    KINET_ASSIGN_OR_RETURN(SchemeItem item, ReadItem(r, *items[i], fmt::format("items[{}]", i)));
    s.items.push_back(std::move(item));
  }

  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> rules,
                         r.Tables(doc, "designation", "designation"));
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const toml::table& t = *rules[i];
    const std::string key = fmt::format("designation[{}]", i);
    KINET_RETURN_IF_ERROR(
        r.OnlyKeys(t, key + ".", {"id", "rule", "items", "total", "description"}));
    DesignationRule d;
    KINET_ASSIGN_OR_RETURN(d.id, r.String(t, "id", key + ".id", true));
    KINET_ASSIGN_OR_RETURN(std::string kind, r.String(t, "rule", key + ".rule", true));
    std::optional<DesignationKind> k = ParseDesignationKind(kind);
    if (!k) {
      return r.Error(t.get("rule"), key + ".rule",
                     fmt::format("'{}' is not all-items-met or total-at-least", kind));
    }
    d.kind = *k;
    KINET_ASSIGN_OR_RETURN(d.description, r.String(t, "description", key + ".description", true));
    if (d.kind == DesignationKind::kAllItemsMet) {
      if (t.contains("total"))
        return r.Error(t.get("total"), key + ".total", "only for total-at-least");
      KINET_ASSIGN_OR_RETURN(d.items, r.Strings(t, "items", key + ".items"));
    } else {
      if (t.contains("items"))
        return r.Error(t.get("items"), key + ".items", "only for all-items-met");
      KINET_ASSIGN_OR_RETURN(std::optional<double> total,
                             r.Number(t, "total", key + ".total", true));
      d.min_total = *total;
    }
    s.designation.push_back(std::move(d));
  }

  if (Status v = ValidateScheme(s); !v.ok()) {
    // Name the line of the offending key; the message already names the item.
    return r.Error(NodeForField(doc, v.field()), v.field(), v.message());
  }
  return s;
}

Result<std::map<std::string, StandardFile>> SchemeFiles(const SchemeLoadOptions& options) {
  return StandardFiles(EmbeddedSchemeFiles(), "", "schemes", options.standards_dir);
}

Result<Scheme> ParseFile(const StandardFile& file) {
  KINET_ASSIGN_OR_RETURN(Scheme s, ParseScheme(file.text, file.source_name));
  if (s.id != file.id) {
    return InvalidArgument(
        fmt::format("{}: id: '{}' differs from the file name", file.source_name, s.id), "id");
  }
  return s;
}

}  // namespace

SchemeLoadOptions DefaultSchemeLoadOptions() {
  SchemeLoadOptions options;
  if (const char* env = std::getenv("KINET_STANDARDS"); env != nullptr) options.standards_dir = env;
  return options;
}

Result<Scheme> ParseScheme(std::string_view text, std::string_view source_name) {
  KINET_ASSIGN_OR_RETURN(toml::table doc, ParseTomlText(text, source_name));
  return ReadDocument(Reader(source_name), doc);
}

Result<Scheme> LoadScheme(std::string_view id, const SchemeLoadOptions& options) {
  KINET_ASSIGN_OR_RETURN(auto files, SchemeFiles(options));
  const auto it = files.find(std::string(id));
  if (it == files.end()) {
    std::string available;
    for (const auto& [name, file] : files) available += available.empty() ? name : ", " + name;
    return NotFound(fmt::format("no scheme '{}' (available: {})", id, available));
  }
  return ParseFile(it->second);
}

Result<std::vector<Scheme>> LoadAllSchemes(const SchemeLoadOptions& options) {
  KINET_ASSIGN_OR_RETURN(auto files, SchemeFiles(options));
  std::vector<Scheme> out;
  for (const auto& [id, file] : files) {
    KINET_ASSIGN_OR_RETURN(Scheme s, ParseFile(file));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace kinet
