#include "rules/indicator_catalogue.h"

#include <cstdint>
#include <set>

#include <fmt/format.h>

#include <toml++/toml.h>

#include "core/indicator_unit.h"
#include "rules/toml_support.h"

namespace kinet {
namespace {

constexpr std::string_view kBuiltinFile = "catalogue.toml";

std::string Fnv1a64(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

bool IsCodeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// Reads typed keys of one table; every error names "<source>:<line>: <key>".
class Reader {
 public:
  Reader(std::string_view source, const toml::table& table, std::string prefix)
      : source_(source), table_(table), prefix_(std::move(prefix)) {}

  Status Error(const toml::node* node, std::string_view key, std::string_view problem) const {
    const toml::node* at = node != nullptr ? node : &table_;
    const auto line = at->source().begin.line;
    const std::string full = prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
    return InvalidArgument(fmt::format("{}:{}: {}: {}", source_, line, full, problem),
                           std::string(key));
  }

  Result<std::string> String(std::string_view key, bool required = false) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      if (required) return Error(nullptr, key, "missing (a string is required)");
      return std::string();
    }
    if (!node->is_string()) return Error(node, key, "must be a string");
    return *node->value<std::string>();
  }

  Result<std::optional<double>> Number(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return std::optional<double>();
    if (node->is_integer()) {
      return std::optional<double>(static_cast<double>(*node->value<std::int64_t>()));
    }
    if (node->is_floating_point()) return std::optional<double>(*node->value<double>());
    return Error(node, key, "must be a number");
  }

  Result<bool> Bool(std::string_view key, bool fallback) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return fallback;
    if (!node->is_boolean()) return Error(node, key, "must be true or false");
    return *node->value<bool>();
  }

  // Refuses keys outside `known`.
  Status OnlyKeys(std::span<const std::string_view> known) const {
    for (const auto& [k, v] : table_) {
      bool ok = false;
      for (std::string_view name : known) ok = ok || k.str() == name;
      if (!ok) return Error(&v, k.str(), "unknown key");
    }
    return OkStatus();
  }

 private:
  std::string_view source_;
  const toml::table& table_;
  std::string prefix_;
};

constexpr std::string_view kIndicatorKeys[] = {
    "code",      "name_en",   "name_zh",     "definition_en", "definition_zh", "theme",
    "unit",      "direction", "valid_min",   "valid_max",     "computed_by",   "statistic",
    "pollutant", "numerator", "denominator", "source",        "iso37120",      "iso37120_confirmed",
    "sdg",       "note",
};

Result<Indicator> ReadIndicator(const Reader& r) {
  Indicator ind;
  KINET_ASSIGN_OR_RETURN(ind.code, r.String("code", true));
  KINET_ASSIGN_OR_RETURN(ind.name_en, r.String("name_en", true));
  KINET_ASSIGN_OR_RETURN(ind.name_zh, r.String("name_zh"));
  KINET_ASSIGN_OR_RETURN(ind.definition_en, r.String("definition_en"));
  KINET_ASSIGN_OR_RETURN(ind.definition_zh, r.String("definition_zh"));
  KINET_ASSIGN_OR_RETURN(std::string theme, r.String("theme", true));
  std::optional<Theme> t = ParseTheme(theme);
  if (!t) {
    return r.Error(nullptr, "theme",
                   fmt::format("'{}' is not air, water, noise, waste, green-space, energy or "
                               "management",
                               theme));
  }
  ind.theme = *t;
  KINET_ASSIGN_OR_RETURN(ind.unit, r.String("unit", true));
  KINET_ASSIGN_OR_RETURN(std::string direction, r.String("direction", true));
  std::optional<Direction> d = ParseDirection(direction);
  if (!d)
    return r.Error(nullptr, "direction", fmt::format("'{}' is not higher or lower", direction));
  ind.direction = *d;
  KINET_ASSIGN_OR_RETURN(ind.valid_min, r.Number("valid_min"));
  KINET_ASSIGN_OR_RETURN(ind.valid_max, r.Number("valid_max"));
  KINET_ASSIGN_OR_RETURN(ind.computed_by, r.String("computed_by"));
  KINET_ASSIGN_OR_RETURN(ind.statistic, r.String("statistic"));
  KINET_ASSIGN_OR_RETURN(ind.pollutant, r.String("pollutant"));
  KINET_ASSIGN_OR_RETURN(ind.numerator, r.String("numerator"));
  KINET_ASSIGN_OR_RETURN(ind.denominator, r.String("denominator"));
  KINET_ASSIGN_OR_RETURN(ind.source, r.String("source"));
  KINET_ASSIGN_OR_RETURN(ind.iso37120, r.String("iso37120"));
  KINET_ASSIGN_OR_RETURN(ind.iso37120_confirmed, r.Bool("iso37120_confirmed", false));
  KINET_ASSIGN_OR_RETURN(ind.sdg, r.String("sdg"));
  KINET_ASSIGN_OR_RETURN(ind.note, r.String("note"));
  return ind;
}

bool IsIsoNumber(std::string_view s) {
  // "<clause>.<n>": digits, one dot, digits.
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i != dot && (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

}  // namespace

Status ValidateIndicator(const Indicator& ind) {
  const std::string who = ind.code.empty() ? std::string("an indicator") : "indicator " + ind.code;
  if (ind.code.size() < 3 || ind.code.size() > 80 ||
      ind.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") != std::string::npos ||
      ind.code.find('.') == std::string::npos || !IsCodeChar(ind.code.front())) {
    return InvalidArgument(fmt::format("{}: the code must be 3 to 80 characters of a-z, 0-9, '.' "
                                       "and '-' with at least one '.'",
                                       who),
                           "code");
  }
  if (ind.name_en.empty()) return InvalidArgument(who + ": name_en is empty", "name_en");
  if (!FindIndicatorUnit(ind.unit)) {
    std::string known;
    for (const IndicatorUnit& u : IndicatorUnits())
      known += (known.empty() ? "" : ", ") + std::string(u.code);
    return InvalidArgument(fmt::format("{}: unknown unit '{}' (known: {})", who, ind.unit, known),
                           "unit");
  }
  if (ind.valid_min && ind.valid_max && *ind.valid_min > *ind.valid_max) {
    return InvalidArgument(who + ": valid_min is greater than valid_max", "valid_min");
  }
  if (ind.computed_by == "ratio") {
    if (ind.numerator.empty() || ind.denominator.empty()) {
      return InvalidArgument(who + ": a ratio needs both numerator and denominator", "numerator");
    }
  } else if (ind.computed_by == "air-engine") {
    if (ind.statistic.empty()) {
      return InvalidArgument(who + ": an air-engine indicator needs its statistic", "statistic");
    }
  } else if (!ind.computed_by.empty()) {
    return InvalidArgument(
        fmt::format("{}: computed_by '{}' is not \"\", ratio or air-engine", who, ind.computed_by),
        "computed_by");
  }
  if (!ind.iso37120.empty() && !IsIsoNumber(ind.iso37120)) {
    return InvalidArgument(
        fmt::format("{}: iso37120 '{}' is not a number such as 16.1", who, ind.iso37120),
        "iso37120");
  }
  if (!ind.sdg.empty() && ind.sdg != "11.6.1" && ind.sdg != "11.6.2") {
    return InvalidArgument(fmt::format("{}: sdg '{}' is not 11.6.1 or 11.6.2", who, ind.sdg),
                           "sdg");
  }
  return OkStatus();
}

Result<IndicatorCatalogue> ParseIndicatorCatalogue(std::string_view text, std::string_view source) {
  KINET_ASSIGN_OR_RETURN(toml::table doc, ParseTomlText(text, source));
  IndicatorCatalogue cat;
  cat.digest = Fnv1a64(text);
  const Reader top(source, doc, "");
  constexpr std::string_view kTopKeys[] = {"id", "version", "indicator"};
  KINET_RETURN_IF_ERROR(top.OnlyKeys(kTopKeys));
  KINET_ASSIGN_OR_RETURN(cat.id, top.String("id"));
  KINET_ASSIGN_OR_RETURN(cat.version, top.String("version"));
  const toml::node* list = doc.get("indicator");
  if (list == nullptr || !list->is_array_of_tables()) {
    return top.Error(list, "indicator", "missing: write one [[indicator]] table per indicator");
  }
  std::set<std::string> codes;
  const toml::array& array = *list->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const toml::table& t = *array.get(i)->as_table();
    const Reader r(source, t, fmt::format("indicator[{}]", i + 1));
    KINET_RETURN_IF_ERROR(r.OnlyKeys(kIndicatorKeys));
    KINET_ASSIGN_OR_RETURN(Indicator ind, ReadIndicator(r));
    if (Status s = ValidateIndicator(ind); !s.ok())
      return r.Error(t.get(s.field()), s.field(), s.message());
    if (!codes.insert(ind.code).second) {
      return r.Error(t.get("code"), "code", fmt::format("'{}' appears twice", ind.code));
    }
    cat.indicators.push_back(std::move(ind));
  }
  return cat;
}

Result<IndicatorCatalogue> BuiltinIndicatorCatalogue() {
  for (const EmbeddedFile& f : EmbeddedIndicatorFiles()) {
    if (f.path != kBuiltinFile) continue;
    KINET_ASSIGN_OR_RETURN(
        IndicatorCatalogue cat,
        ParseIndicatorCatalogue(f.contents, "standards/indicators/catalogue.toml"));
    for (Indicator& ind : cat.indicators) ind.builtin = true;
    return cat;
  }
  return Internal("standards/indicators/catalogue.toml is not compiled into this kinet");
}

}  // namespace kinet
