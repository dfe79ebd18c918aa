#include "rules/aqi_rules.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include <fmt/format.h>

#include <toml++/toml.h>

#include "rules/toml_support.h"

namespace kinet {
namespace {

constexpr std::string_view kAqiFolder = "aqi/";

// Reads typed values out of a parsed TOML document and turns every problem
// into InvalidArgument "<source>:<line>: <key>: <problem>" with field = key.
class TomlReader {
 public:
  explicit TomlReader(std::string_view source) : source_(source) {}

  Status Error(const toml::node* node, std::string_view key, std::string_view problem) const {
    return TomlError(source_, node, key, problem);
  }

  // `parent` is the table holding `name`; `key` is the full dotted key for messages.
  Result<std::string> String(const toml::table& parent, std::string_view name, std::string_view key,
                             bool required = true, std::string fallback = {}) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) {
      if (required) return Error(&parent, key, "missing (a string is required)");
      return fallback;
    }
    const std::optional<std::string> v = node->value<std::string>();
    if (!node->is_string() || !v) return Error(node, key, "must be a string");
    return *v;
  }

  Result<double> Number(const toml::node* node, std::string_view key) const {
    if (node == nullptr) return Error(node, key, "missing (a number is required)");
    if (node->is_integer()) return static_cast<double>(*node->value<std::int64_t>());
    if (node->is_floating_point()) return *node->value<double>();
    return Error(node, key, "must be a number");
  }

  Result<int> Integer(const toml::table& parent, std::string_view name, std::string_view key,
                      std::optional<int> fallback = std::nullopt) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) {
      if (fallback) return *fallback;
      return Error(&parent, key, "missing (an integer is required)");
    }
    if (!node->is_integer()) return Error(node, key, "must be an integer");
    const std::int64_t v = *node->value<std::int64_t>();
    if (v < -1000000 || v > 1000000) return Error(node, key, "out of range");
    return static_cast<int>(v);
  }

  Result<bool> Bool(const toml::table& parent, std::string_view name, std::string_view key,
                    bool fallback) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) return fallback;
    if (!node->is_boolean()) return Error(node, key, "must be true or false");
    return *node->value<bool>();
  }

  Result<std::optional<CivilDate>> Date(const toml::table& parent, std::string_view name,
                                        std::string_view key, bool required) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) {
      if (required) return Error(&parent, key, "missing (a date YYYY-MM-DD is required)");
      return std::optional<CivilDate>();
    }
    if (!node->is_date()) return Error(node, key, "must be a date YYYY-MM-DD (unquoted)");
    const toml::date d = *node->value<toml::date>();
    return std::optional<CivilDate>(CivilDate{d.year, d.month, d.day});
  }

  Result<std::vector<double>> Numbers(const toml::table& parent, std::string_view name,
                                      std::string_view key) const {
    const toml::node* node = parent.get(name);
    if (node == nullptr) return Error(&parent, key, "missing (an array of numbers is required)");
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(node, key, "must be an array of numbers");
    std::vector<double> out;
    for (std::size_t i = 0; i < array->size(); ++i) {
      KINET_ASSIGN_OR_RETURN(double v, Number(array->get(i), fmt::format("{}[{}]", key, i)));
      out.push_back(v);
    }
    return out;
  }

  // The array of tables `name` of `parent` (absent: empty).
  Result<std::vector<const toml::table*>> Tables(const toml::table& parent, std::string_view name,
                                                 std::string_view key) const {
    std::vector<const toml::table*> out;
    const toml::node* node = parent.get(name);
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(node, key, "must be an array of tables ([[...]])");
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table* t = array->get(i)->as_table();
      if (t == nullptr)
        return Error(array->get(i), fmt::format("{}[{}]", key, i), "must be a table");
      out.push_back(t);
    }
    return out;
  }

 private:
  std::string_view source_;
};

Result<Pollutant> ReadPollutant(const TomlReader& r, const toml::table& t, std::string_view key) {
  KINET_ASSIGN_OR_RETURN(std::string code, r.String(t, "pollutant", key));
  const std::optional<Pollutant> p = ParsePollutant(code);
  if (!p || !AqiPollutantIndex(*p)) {
    return r.Error(
        t.get("pollutant"), key,
        fmt::format("'{}' is not an AQI pollutant (PM2.5, PM10, SO2, NO2, CO, O3)", code));
  }
  return *p;
}

Result<Averaging> ReadAveraging(const TomlReader& r, const toml::table& t, std::string_view name,
                                std::string_view key) {
  KINET_ASSIGN_OR_RETURN(std::string code, r.String(t, name, key));
  const std::optional<Averaging> a = ParseAveraging(code);
  if (!a || (*a != Averaging::kHour && *a != Averaging::kEightHour && *a != Averaging::kDay)) {
    return r.Error(t.get(name), key, fmt::format("'{}' is not one of 1h, 8h, 24h", code));
  }
  return *a;
}

Result<AqiTable> ReadTable(const TomlReader& r, const toml::table& t, std::string_view key) {
  AqiTable table;
  KINET_ASSIGN_OR_RETURN(table.pollutant, ReadPollutant(r, t, fmt::format("{}.pollutant", key)));
  KINET_ASSIGN_OR_RETURN(table.averaging,
                         ReadAveraging(r, t, "averaging", fmt::format("{}.averaging", key)));
  KINET_ASSIGN_OR_RETURN(std::string unit, r.String(t, "unit", fmt::format("{}.unit", key)));
  const std::optional<Unit> u = ParseUnit(unit);
  if (!u) return r.Error(t.get("unit"), fmt::format("{}.unit", key), "unknown unit '" + unit + "'");
  table.unit = *u;

  std::vector<AqiSegment> segments;
  if (t.contains("concentration")) {
    // Contiguous breakpoints (HJ 633 style): breakpoint k closes segment k-1 and opens k.
    KINET_ASSIGN_OR_RETURN(std::vector<double> index,
                           r.Numbers(t, "index", fmt::format("{}.index", key)));
    KINET_ASSIGN_OR_RETURN(std::vector<double> conc,
                           r.Numbers(t, "concentration", fmt::format("{}.concentration", key)));
    if (index.size() != conc.size() || index.size() < 2) {
      return r.Error(t.get("concentration"), fmt::format("{}.concentration", key),
                     "needs as many values as `index`, at least two");
    }
    for (std::size_t k = 0; k + 1 < conc.size(); ++k) {
      segments.push_back(
          {conc[k], conc[k + 1], static_cast<int>(index[k]), static_cast<int>(index[k + 1])});
    }
  } else {
    // Explicit segments (EPA style: 0.0-9.0 -> 0-50, 9.1-35.4 -> 51-100 ...).
    KINET_ASSIGN_OR_RETURN(std::vector<double> il,
                           r.Numbers(t, "index_low", fmt::format("{}.index_low", key)));
    KINET_ASSIGN_OR_RETURN(std::vector<double> ih,
                           r.Numbers(t, "index_high", fmt::format("{}.index_high", key)));
    KINET_ASSIGN_OR_RETURN(
        std::vector<double> cl,
        r.Numbers(t, "concentration_low", fmt::format("{}.concentration_low", key)));
    KINET_ASSIGN_OR_RETURN(
        std::vector<double> ch,
        r.Numbers(t, "concentration_high", fmt::format("{}.concentration_high", key)));
    if (il.empty() || ih.size() != il.size() || cl.size() != il.size() || ch.size() != il.size()) {
      return r.Error(
          &t, key,
          "index_low, index_high, concentration_low and concentration_high need the same "
          "number of values, at least one");
    }
    for (std::size_t k = 0; k < il.size(); ++k) {
      segments.push_back({cl[k], ch[k], static_cast<int>(il[k]), static_cast<int>(ih[k])});
    }
  }
  if (segments.size() > kMaxAqiSegments) {
    return r.Error(&t, key,
                   fmt::format("has {} segments; at most {}", segments.size(), kMaxAqiSegments));
  }
  std::copy(segments.begin(), segments.end(), table.segments.begin());
  table.segment_count = static_cast<std::uint8_t>(segments.size());

  KINET_ASSIGN_OR_RETURN(std::string rounding,
                         r.String(t, "rounding", fmt::format("{}.rounding", key), false, "none"));
  if (rounding == "none") {
    table.rounding = InputRounding::kNone;
  } else if (rounding == "truncate") {
    table.rounding = InputRounding::kTruncate;
  } else if (rounding == "half-even") {
    table.rounding = InputRounding::kHalfEven;
  } else if (rounding == "half-up") {
    table.rounding = InputRounding::kHalfUp;
  } else {
    return r.Error(t.get("rounding"), fmt::format("{}.rounding", key),
                   "'" + rounding + "' is not one of none, truncate, half-even, half-up");
  }
  KINET_ASSIGN_OR_RETURN(int decimals,
                         r.Integer(t, "decimals", fmt::format("{}.decimals", key), 0));
  if (decimals < 0 || decimals > 9) {
    return r.Error(t.get("decimals"), fmt::format("{}.decimals", key), "must be 0..9");
  }
  table.decimals = static_cast<std::int8_t>(decimals);

  KINET_ASSIGN_OR_RETURN(std::string above,
                         r.String(t, "above_top", fmt::format("{}.above_top", key)));
  if (above == "cap") {
    table.above_top = AboveTopRule::kCap;
  } else if (above == "extrapolate") {
    table.above_top = AboveTopRule::kExtrapolate;
  } else if (above == "none") {
    table.above_top = AboveTopRule::kNoIndex;
  } else if (above == "fixed") {
    table.above_top = AboveTopRule::kFixed;
  } else {
    return r.Error(t.get("above_top"), fmt::format("{}.above_top", key),
                   "'" + above + "' is not one of cap, extrapolate, none, fixed");
  }
  const bool needs_index =
      table.above_top == AboveTopRule::kCap || table.above_top == AboveTopRule::kFixed;
  if (needs_index && !t.contains("above_top_index")) {
    return r.Error(&t, fmt::format("{}.above_top_index", key),
                   "missing (required with above_top = cap or fixed)");
  }
  KINET_ASSIGN_OR_RETURN(
      table.above_top_index,
      r.Integer(t, "above_top_index", fmt::format("{}.above_top_index", key), 500));
  KINET_ASSIGN_OR_RETURN(table.confirmed,
                         r.Bool(t, "confirmed", fmt::format("{}.confirmed", key), true));
  KINET_ASSIGN_OR_RETURN(std::string source, r.String(t, "source", fmt::format("{}.source", key)));
  (void)source;  // required so that every table cites its origin; kept in the file
  return table;
}

Result<AqiReportRules> ReadReport(const TomlReader& r, const toml::table& doc,
                                  std::string_view name, const std::vector<AqiTable>& tables,
                                  const std::vector<bool>& kept) {
  AqiReportRules report;
  const toml::table* section = doc.get_as<toml::table>(name);
  if (section == nullptr) return report;
  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> items,
                         r.Tables(*section, "item", fmt::format("{}.item", name)));
  auto find_table = [&](Pollutant p, Averaging a) -> int {
    for (std::size_t i = 0; i < tables.size(); ++i) {
      if (tables[i].pollutant == p && tables[i].averaging == a) return static_cast<int>(i);
    }
    return -1;
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    const toml::table& t = *items[i];
    const std::string key = fmt::format("{}.item[{}]", name, i);
    AqiItem item;
    KINET_ASSIGN_OR_RETURN(item.pollutant, ReadPollutant(r, t, key + ".pollutant"));
    KINET_ASSIGN_OR_RETURN(item.input, ReadAveraging(r, t, "input", key + ".input"));
    KINET_ASSIGN_OR_RETURN(Averaging table_avg, ReadAveraging(r, t, "table", key + ".table"));
    const int table = find_table(item.pollutant, table_avg);
    if (table < 0) {
      return r.Error(t.get("table"), key + ".table",
                     fmt::format("no [[table]] for {} {}", PollutantCode(item.pollutant),
                                 AveragingCode(table_avg)));
    }
    if (!kept[static_cast<std::size_t>(table)]) continue;  // unconfirmed table left out
    item.table = static_cast<std::int8_t>(table);
    if (t.contains("fallback_table")) {
      KINET_ASSIGN_OR_RETURN(item.fallback_input,
                             ReadAveraging(r, t, "fallback_input", key + ".fallback_input"));
      KINET_ASSIGN_OR_RETURN(Averaging fb_avg,
                             ReadAveraging(r, t, "fallback_table", key + ".fallback_table"));
      const int fb = find_table(item.pollutant, fb_avg);
      if (fb < 0) {
        return r.Error(t.get("fallback_table"), key + ".fallback_table",
                       fmt::format("no [[table]] for {} {}", PollutantCode(item.pollutant),
                                   AveragingCode(fb_avg)));
      }
      if (kept[static_cast<std::size_t>(fb)]) item.fallback_table = static_cast<std::int8_t>(fb);
    }
    if (t.contains("fallback_fixed")) {
      KINET_ASSIGN_OR_RETURN(int fixed, r.Integer(t, "fallback_fixed", key + ".fallback_fixed"));
      item.fallback_fixed = fixed;
    }
    KINET_ASSIGN_OR_RETURN(std::string source, r.String(t, "source", key + ".source"));
    (void)source;
    if (report.item_count == kMaxAqiItems) {
      return r.Error(&t, key, fmt::format("more than {} items", kMaxAqiItems));
    }
    report.items[report.item_count++] = item;
  }
  return report;
}

Result<AqiRuleSet> ParseDocument(const TomlReader& r, const toml::table& doc,
                                 bool include_unconfirmed, bool* default_for_dates) {
  AqiRuleSet rules;
  KINET_ASSIGN_OR_RETURN(rules.id, r.String(doc, "id", "id"));
  KINET_ASSIGN_OR_RETURN(rules.version, r.String(doc, "version", "version"));
  KINET_ASSIGN_OR_RETURN(rules.jurisdiction, r.String(doc, "jurisdiction", "jurisdiction"));
  KINET_ASSIGN_OR_RETURN(rules.title, r.String(doc, "title", "title"));
  KINET_ASSIGN_OR_RETURN(rules.title_zh, r.String(doc, "title_zh", "title_zh", false));
  KINET_ASSIGN_OR_RETURN(rules.issuer, r.String(doc, "issuer", "issuer"));
  KINET_ASSIGN_OR_RETURN(rules.document, r.String(doc, "document", "document"));
  KINET_ASSIGN_OR_RETURN(rules.source, r.String(doc, "source", "source"));
  KINET_ASSIGN_OR_RETURN(rules.confirmed, r.Bool(doc, "confirmed", "confirmed", true));
  KINET_ASSIGN_OR_RETURN(std::optional<CivilDate> from,
                         r.Date(doc, "effective_from", "effective_from", true));
  rules.effective_from = *from;
  KINET_ASSIGN_OR_RETURN(rules.effective_to, r.Date(doc, "effective_to", "effective_to", false));
  KINET_ASSIGN_OR_RETURN(bool by_date, r.Bool(doc, "default_for_dates", "default_for_dates", true));
  if (default_for_dates != nullptr) *default_for_dates = by_date;
  if (const toml::array* notes = doc.get_as<toml::array>("notes")) {
    for (std::size_t i = 0; i < notes->size(); ++i) {
      const std::optional<std::string> note = notes->get(i)->value<std::string>();
      if (!note) return r.Error(notes->get(i), fmt::format("notes[{}]", i), "must be a string");
      rules.notes.push_back(*note);
    }
  }

  const toml::table* ref = doc.get_as<toml::table>("reference_state");
  if (ref == nullptr) return r.Error(&doc, "reference_state", "missing ([reference_state] table)");
  KINET_ASSIGN_OR_RETURN(rules.reference.kelvin,
                         r.Number(ref->get("kelvin"), "reference_state.kelvin"));
  KINET_ASSIGN_OR_RETURN(rules.reference.hectopascal,
                         r.Number(ref->get("hectopascal"), "reference_state.hectopascal"));
  if (rules.reference.kelvin <= 0 || rules.reference.hectopascal <= 0) {
    return r.Error(ref, "reference_state", "temperature and pressure must be positive");
  }

  const toml::table* index = doc.get_as<toml::table>("index");
  if (index == nullptr) return r.Error(&doc, "index", "missing ([index] table)");
  KINET_ASSIGN_OR_RETURN(std::string rounding, r.String(*index, "rounding", "index.rounding"));
  if (rounding == "ceiling") {
    rules.index_rounding = IndexRounding::kCeiling;
  } else if (rounding == "half-up") {
    rules.index_rounding = IndexRounding::kHalfUp;
  } else {
    return r.Error(index->get("rounding"), "index.rounding",
                   "'" + rounding + "' is not one of ceiling, half-up");
  }
  KINET_ASSIGN_OR_RETURN(rules.primary_min_aqi,
                         r.Integer(*index, "primary_min_aqi", "index.primary_min_aqi"));
  if (index->contains("exceeding_above")) {
    KINET_ASSIGN_OR_RETURN(int above,
                           r.Integer(*index, "exceeding_above", "index.exceeding_above"));
    rules.exceeding_above = above;
  } else {
    rules.exceeding_above.reset();
  }
  if (index->contains("incomplete_publish_above")) {
    KINET_ASSIGN_OR_RETURN(
        int above, r.Integer(*index, "incomplete_publish_above", "index.incomplete_publish_above"));
    rules.incomplete_publish_above = above;
  }

  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> tables, r.Tables(doc, "table", "table"));
  if (tables.empty()) return r.Error(&doc, "table", "missing (at least one [[table]])");
  std::vector<AqiTable> all;
  std::vector<bool> kept;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    KINET_ASSIGN_OR_RETURN(AqiTable t, ReadTable(r, *tables[i], fmt::format("table[{}]", i)));
    for (const AqiTable& other : all) {
      if (other.pollutant == t.pollutant && other.averaging == t.averaging) {
        return r.Error(tables[i], fmt::format("table[{}]", i),
                       fmt::format("a second table for {} {}", PollutantCode(t.pollutant),
                                   AveragingCode(t.averaging)));
      }
    }
    kept.push_back(t.confirmed || include_unconfirmed);
    all.push_back(t);
  }
  KINET_ASSIGN_OR_RETURN(AqiReportRules daily, ReadReport(r, doc, "daily", all, kept));
  KINET_ASSIGN_OR_RETURN(AqiReportRules hourly, ReadReport(r, doc, "hourly", all, kept));
  // Drop the unconfirmed tables and renumber the items' table references.
  std::vector<int> renumber(all.size(), -1);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!kept[i]) continue;
    renumber[i] = static_cast<int>(rules.tables.size());
    rules.tables.push_back(all[i]);
  }
  for (AqiReportRules* report : {&daily, &hourly}) {
    for (std::size_t i = 0; i < report->item_count; ++i) {
      AqiItem& item = report->items[i];
      item.table = static_cast<std::int8_t>(renumber[static_cast<std::size_t>(item.table)]);
      if (item.fallback_table >= 0) {
        item.fallback_table =
            static_cast<std::int8_t>(renumber[static_cast<std::size_t>(item.fallback_table)]);
      }
    }
  }
  rules.daily = daily;
  rules.hourly = hourly;

  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> categories,
                         r.Tables(doc, "category", "category"));
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const toml::table& t = *categories[i];
    const std::string key = fmt::format("category[{}]", i);
    AqiCategory c;
    KINET_ASSIGN_OR_RETURN(c.index_low, r.Integer(t, "index_low", key + ".index_low"));
    KINET_ASSIGN_OR_RETURN(c.index_high, r.Integer(t, "index_high", key + ".index_high"));
    KINET_ASSIGN_OR_RETURN(c.level, r.String(t, "level", key + ".level"));
    KINET_ASSIGN_OR_RETURN(c.name_en, r.String(t, "name_en", key + ".name_en"));
    KINET_ASSIGN_OR_RETURN(c.name_zh, r.String(t, "name_zh", key + ".name_zh", false));
    KINET_ASSIGN_OR_RETURN(c.color, r.String(t, "color", key + ".color"));
    const bool hex = c.color.size() == 7 && c.color[0] == '#' &&
                     std::all_of(c.color.begin() + 1, c.color.end(), [](char ch) {
                       return std::isxdigit(static_cast<unsigned char>(ch));
                     });
    if (!hex) return r.Error(t.get("color"), key + ".color", "must be #RRGGBB");
    KINET_ASSIGN_OR_RETURN(c.advice_en, r.String(t, "advice_en", key + ".advice_en", false));
    KINET_ASSIGN_OR_RETURN(c.advice_zh, r.String(t, "advice_zh", key + ".advice_zh", false));
    KINET_ASSIGN_OR_RETURN(c.confirmed, r.Bool(t, "confirmed", key + ".confirmed", true));
    rules.categories.push_back(std::move(c));
  }
  return rules;
}

// Every rule set file, by id: the embedded ones, replaced or extended by
// the override directory.
Result<std::vector<StandardFile>> RuleSetFiles(const AqiLoadOptions& options) {
  KINET_ASSIGN_OR_RETURN(
      auto files, StandardFiles(EmbeddedStandards(), kAqiFolder, "aqi", options.standards_dir));
  std::vector<StandardFile> out;
  for (auto& [id, file] : files) out.push_back(std::move(file));
  return out;
}

Result<AqiRuleSet> ParseFile(const StandardFile& f, bool include_unconfirmed,
                             bool* default_for_dates) {
  KINET_ASSIGN_OR_RETURN(AqiRuleSet rules, ParseAqiRuleSet(f.text, f.source_name,
                                                           include_unconfirmed, default_for_dates));
  if (rules.id != f.id) {
    return InvalidArgument(
        fmt::format("{}: id: '{}' differs from the file name", f.source_name, rules.id), "id");
  }
  return rules;
}

// Process-wide cache of the rule sets AqiRuleSetForDate hands out. Entries
// are never removed, so the pointers stay valid.
struct RuleSetCache {
  std::mutex mutex;
  std::map<std::tuple<std::string, bool, std::string>, std::unique_ptr<AqiRuleSet>> sets;
};

RuleSetCache& Cache() {
  static RuleSetCache* cache = new RuleSetCache();  // never destroyed: outlives every caller
  return *cache;
}

}  // namespace

AqiLoadOptions DefaultAqiLoadOptions() {
  AqiLoadOptions options;
  if (const char* env = std::getenv("KINET_STANDARDS"); env != nullptr) options.standards_dir = env;
  return options;
}

Result<AqiRuleSet> ParseAqiRuleSet(std::string_view text, std::string_view source_name,
                                   bool include_unconfirmed, bool* default_for_dates) {
  const TomlReader reader(source_name);
  KINET_ASSIGN_OR_RETURN(toml::table doc, ParseTomlText(text, source_name));
  KINET_ASSIGN_OR_RETURN(AqiRuleSet rules,
                         ParseDocument(reader, doc, include_unconfirmed, default_for_dates));
  const Status valid = ValidateAqiRuleSet(rules);
  if (!valid.ok()) return valid.WithPrefix(source_name);
  return rules;
}

Status ValidateAqiRuleSet(const AqiRuleSet& rules) {
  if (rules.effective_to && *rules.effective_to < rules.effective_from) {
    return InvalidArgument("effective_to is before effective_from", "effective_to");
  }
  for (std::size_t i = 0; i < rules.tables.size(); ++i) {
    const AqiTable& t = rules.tables[i];
    const std::string key =
        fmt::format("table[{}] ({} {})", i, PollutantCode(t.pollutant), AveragingCode(t.averaging));
    if (t.segment_count == 0 || t.segment_count > kMaxAqiSegments) {
      return InvalidArgument(key + ": needs 1 to 8 segments", key);
    }
    const std::span<const AqiSegment> s = t.Segments();
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (!(s[k].c_lo < s[k].c_hi) || !(s[k].i_lo < s[k].i_hi)) {
        return InvalidArgument(fmt::format("{}: segment {} is not ascending ({}-{} -> {}-{})", key,
                                           k, s[k].c_lo, s[k].c_hi, s[k].i_lo, s[k].i_hi),
                               key);
      }
      if (s[k].c_lo < 0 || s[k].i_lo < 0 || s[k].i_hi > 500) {
        return InvalidArgument(
            fmt::format("{}: segment {} outside concentrations >= 0, index 0..500", key, k), key);
      }
      if (k == 0) continue;
      if (s[k].c_lo < s[k - 1].c_hi) {
        return InvalidArgument(fmt::format("{}: breakpoints not ascending at segment {} ({} < {})",
                                           key, k, s[k].c_lo, s[k - 1].c_hi),
                               key);
      }
      const bool contiguous = s[k].i_lo == s[k - 1].i_hi || s[k].i_lo == s[k - 1].i_hi + 1;
      if (!contiguous) {
        return InvalidArgument(
            fmt::format("{}: index ranges not contiguous at segment {} ({} after {})", key, k,
                        s[k].i_lo, s[k - 1].i_hi),
            key);
      }
    }
    if (t.above_top_index < 0 || t.above_top_index > 500) {
      return InvalidArgument(key + ": above_top_index outside 0..500", key);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (rules.tables[j].pollutant == t.pollutant && rules.tables[j].averaging == t.averaging) {
        return InvalidArgument(key + ": a second table for the same pollutant and averaging", key);
      }
    }
  }
  for (const AqiReportRules* report : {&rules.daily, &rules.hourly}) {
    const char* name = report == &rules.daily ? "daily" : "hourly";
    for (std::size_t i = 0; i < report->item_count; ++i) {
      const AqiItem& item = report->items[i];
      const std::string key = fmt::format("{}.item[{}]", name, i);
      if (!AqiPollutantIndex(item.pollutant))
        return InvalidArgument(key + ": not an AQI pollutant", key);
      auto check = [&](std::int8_t table, Averaging input) -> Status {
        if (input != Averaging::kHour && input != Averaging::kEightHour &&
            input != Averaging::kDay) {
          return InvalidArgument(key + ": input must be 1h, 8h or 24h", key);
        }
        if (table < 0 || static_cast<std::size_t>(table) >= rules.tables.size() ||
            rules.tables[static_cast<std::size_t>(table)].pollutant != item.pollutant) {
          return InvalidArgument(key + ": refers to no table of its pollutant", key);
        }
        return OkStatus();
      };
      KINET_RETURN_IF_ERROR(check(item.table, item.input));
      if (item.fallback_table >= 0)
        KINET_RETURN_IF_ERROR(check(item.fallback_table, item.fallback_input));
      if (item.fallback_fixed && (*item.fallback_fixed < 0 || *item.fallback_fixed > 500)) {
        return InvalidArgument(key + ": fallback_fixed outside 0..500", key);
      }
    }
  }
  if (rules.categories.empty()) return InvalidArgument("no [[category]]", "category");
  if (rules.categories.front().index_low != 0) {
    return InvalidArgument("category[0] must start at index 0", "category");
  }
  for (std::size_t k = 1; k < rules.categories.size(); ++k) {
    const AqiCategory& prev = rules.categories[k - 1];
    const AqiCategory& c = rules.categories[k];
    if (prev.index_high < prev.index_low || c.index_low != prev.index_high + 1) {
      return InvalidArgument(
          fmt::format("category[{}] does not follow category[{}] contiguously", k, k - 1),
          "category");
    }
  }
  if (rules.categories.back().index_high < 500) {
    return InvalidArgument("categories must reach index 500", "category");
  }
  return OkStatus();
}

Result<AqiRuleSet> LoadAqiRuleSet(std::string_view id, const AqiLoadOptions& options) {
  KINET_ASSIGN_OR_RETURN(std::vector<StandardFile> files, RuleSetFiles(options));
  std::string ids;
  for (const StandardFile& f : files) {
    if (f.id == id) return ParseFile(f, options.include_unconfirmed, nullptr);
    ids += (ids.empty() ? "" : ", ") + f.id;
  }
  return NotFound(fmt::format("no AQI rule set '{}' (available: {})", id, ids));
}

Result<std::vector<AqiRuleSetInfo>> ListAqiRuleSets(const AqiLoadOptions& options) {
  KINET_ASSIGN_OR_RETURN(std::vector<StandardFile> files, RuleSetFiles(options));
  std::vector<AqiRuleSetInfo> out;
  for (const StandardFile& f : files) {
    bool by_date = true;
    KINET_ASSIGN_OR_RETURN(AqiRuleSet rules, ParseFile(f, options.include_unconfirmed, &by_date));
    out.push_back(AqiRuleSetInfo{rules.id, rules.version, rules.title, rules.jurisdiction,
                                 rules.effective_from, rules.effective_to, by_date, rules.confirmed,
                                 f.embedded ? "embedded" : f.source_name});
  }
  return out;
}

Result<const AqiRuleSet*> AqiRuleSetForDate(const CivilDate& date, std::string_view jurisdiction,
                                            const AqiLoadOptions& options) {
  KINET_ASSIGN_OR_RETURN(std::vector<AqiRuleSetInfo> infos, ListAqiRuleSets(options));
  const AqiRuleSetInfo* chosen = nullptr;
  const AqiRuleSetInfo* earliest = nullptr;
  for (const AqiRuleSetInfo& info : infos) {
    if (info.jurisdiction != jurisdiction || !info.default_for_dates) continue;
    if (earliest == nullptr || info.effective_from < earliest->effective_from) earliest = &info;
    const bool in_force =
        info.effective_from <= date && (!info.effective_to || date <= *info.effective_to);
    if (in_force && (chosen == nullptr || info.effective_from > chosen->effective_from))
      chosen = &info;
  }
  if (chosen == nullptr && earliest != nullptr && date < earliest->effective_from)
    chosen = earliest;
  if (chosen == nullptr) {
    return NotFound(
        fmt::format("no AQI rule set for jurisdiction '{}' on {}", jurisdiction, FormatDate(date)));
  }
  RuleSetCache& cache = Cache();
  const std::lock_guard<std::mutex> lock(cache.mutex);
  auto key = std::make_tuple(options.standards_dir, options.include_unconfirmed, chosen->id);
  auto it = cache.sets.find(key);
  if (it == cache.sets.end()) {
    KINET_ASSIGN_OR_RETURN(AqiRuleSet rules, LoadAqiRuleSet(chosen->id, options));
    it = cache.sets.emplace(key, std::make_unique<AqiRuleSet>(std::move(rules))).first;
  }
  return static_cast<const AqiRuleSet*>(it->second.get());
}

}  // namespace kinet
