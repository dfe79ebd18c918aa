#include "rules/practice_file.h"

#include <cstdint>
#include <set>

#include <fmt/format.h>

#include <toml++/toml.h>

#include "rules/toml_support.h"

namespace kinet {
namespace {

// Typed keys of one table; every error is "<source>:<line>: <prefix.key>: <problem>".
class Reader {
 public:
  Reader(std::string_view source, const toml::table& table, std::string prefix)
      : source_(source), table_(table), prefix_(std::move(prefix)) {}

  int line() const { return static_cast<int>(table_.source().begin.line); }

  Status Error(const toml::node* node, std::string_view key, std::string_view problem) const {
    const toml::node* at = node != nullptr ? node : &table_;
    const std::string full = prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
    return InvalidArgument(
        fmt::format("{}:{}: {}: {}", source_, at->source().begin.line, full, problem), full);
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

  Result<std::optional<std::int64_t>> Integer(std::string_view key, bool required = false) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      if (required) return Error(nullptr, key, "missing (an integer is required)");
      return std::optional<std::int64_t>();
    }
    if (!node->is_integer()) return Error(node, key, "must be an integer");
    return std::optional<std::int64_t>(*node->value<std::int64_t>());
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

  Result<std::vector<std::string>> Strings(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = table_.get(key);
    if (node == nullptr) return out;
    const toml::array* arr = node->as_array();
    if (arr == nullptr) return Error(node, key, "must be an array of strings");
    for (const toml::node& item : *arr) {
      if (!item.is_string()) return Error(&item, key, "must be an array of strings");
      out.push_back(*item.value<std::string>());
    }
    return out;
  }

  // [from, to] as two integers.
  Result<YearSpan> Span(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Error(nullptr, key, "missing (an array [from, to] of years)");
    const toml::array* arr = node->as_array();
    if (arr == nullptr || arr->size() != 2 || !(*arr)[0].is_integer() || !(*arr)[1].is_integer()) {
      return Error(node, key, "must be an array [from, to] of two years");
    }
    return YearSpan{static_cast<int>(*(*arr)[0].value<std::int64_t>()),
                    static_cast<int>(*(*arr)[1].value<std::int64_t>())};
  }

  // The tables of an array of tables `key` (empty when absent).
  Result<std::vector<const toml::table*>> Tables(std::string_view key) const {
    std::vector<const toml::table*> out;
    const toml::node* node = table_.get(key);
    if (node == nullptr) return out;
    const toml::array* arr = node->as_array();
    if (arr == nullptr) return Error(node, key, fmt::format("must be [[{}]] tables", key));
    for (const toml::node& item : *arr) {
      const toml::table* t = item.as_table();
      if (t == nullptr) return Error(&item, key, fmt::format("must be [[{}]] tables", key));
      out.push_back(t);
    }
    return out;
  }

  Status OnlyKeys(std::span<const std::string_view> known) const {
    for (const auto& [k, v] : table_) {
      bool ok = false;
      for (std::string_view name : known) ok = ok || k.str() == name;
      if (!ok) return Error(&v, k.str(), "unknown key");
    }
    return OkStatus();
  }

  std::string Sub(std::string_view key, std::size_t index) const {
    std::string base = prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
    return fmt::format("{}[{}]", base, index);
  }
  std::string_view source() const { return source_; }

 private:
  std::string_view source_;
  const toml::table& table_;
  std::string prefix_;
};

Result<std::vector<TaxonomyEntry>> ReadEntries(const Reader& root, std::string_view key,
                                               TaxonomyKind kind) {
  constexpr std::string_view kKeys[] = {"code", "name_en", "name_zh", "description_en",
                                        "indicator_themes"};
  std::vector<TaxonomyEntry> out;
  std::set<std::string> seen;
  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> tables, root.Tables(key));
  for (std::size_t i = 0; i < tables.size(); ++i) {
    Reader r(root.source(), *tables[i], root.Sub(key, i));
    KINET_RETURN_IF_ERROR(r.OnlyKeys(kKeys));
    TaxonomyEntry e;
    e.kind = kind;
    KINET_ASSIGN_OR_RETURN(e.code, r.String("code", true));
    KINET_ASSIGN_OR_RETURN(e.name_en, r.String("name_en", true));
    KINET_ASSIGN_OR_RETURN(e.name_zh, r.String("name_zh"));
    KINET_ASSIGN_OR_RETURN(e.description_en, r.String("description_en"));
    KINET_ASSIGN_OR_RETURN(e.indicator_themes, r.Strings("indicator_themes"));
    if (!seen.insert(e.code).second) {
      return r.Error(nullptr, "code", fmt::format("'{}' is given twice", e.code));
    }
    out.push_back(std::move(e));
  }
  return out;
}

constexpr std::string_view kPracticeKeys[] = {
    "code",
    "city",
    "title_en",
    "title_local",
    "local_language",
    "summary_en",
    "summary_local",
    "start_year",
    "end_year",
    "themes",
    "measure_types",
    "situation_before",
    "objectives",
    "measures",
    "cost",
    "cost_usd",
    "funding_sources",
    "partners",
    "lessons",
    "transfer_conditions",
    "data_status",
    "status",
    "result",
    "contact",
    "link",
    "adoption",
};

Result<PracticeFileEntry> ReadPractice(const Reader& r) {
  KINET_RETURN_IF_ERROR(r.OnlyKeys(kPracticeKeys));
  PracticeFileEntry entry;
  entry.line = r.line();
  Practice& p = entry.practice;
  KINET_ASSIGN_OR_RETURN(p.code, r.String("code", true));
  KINET_ASSIGN_OR_RETURN(p.city_code, r.String("city", true));
  KINET_ASSIGN_OR_RETURN(p.title_en, r.String("title_en", true));
  KINET_ASSIGN_OR_RETURN(p.title_local, r.String("title_local"));
  KINET_ASSIGN_OR_RETURN(p.local_language, r.String("local_language"));
  KINET_ASSIGN_OR_RETURN(p.summary_en, r.String("summary_en"));
  KINET_ASSIGN_OR_RETURN(p.summary_local, r.String("summary_local"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> start, r.Integer("start_year", true));
  p.start_year = static_cast<int>(*start);
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> end, r.Integer("end_year"));
  if (end) p.end_year = static_cast<int>(*end);
  KINET_ASSIGN_OR_RETURN(p.themes, r.Strings("themes"));
  KINET_ASSIGN_OR_RETURN(p.measure_types, r.Strings("measure_types"));
  KINET_ASSIGN_OR_RETURN(p.situation_before, r.String("situation_before"));
  KINET_ASSIGN_OR_RETURN(p.objectives, r.String("objectives"));
  KINET_ASSIGN_OR_RETURN(p.measures, r.String("measures"));
  KINET_ASSIGN_OR_RETURN(p.cost, r.String("cost"));
  KINET_ASSIGN_OR_RETURN(p.cost_usd, r.Number("cost_usd"));
  KINET_ASSIGN_OR_RETURN(p.funding_sources, r.Strings("funding_sources"));
  KINET_ASSIGN_OR_RETURN(p.partners, r.Strings("partners"));
  KINET_ASSIGN_OR_RETURN(p.lessons, r.String("lessons"));
  KINET_ASSIGN_OR_RETURN(p.transfer_conditions, r.String("transfer_conditions"));
  KINET_ASSIGN_OR_RETURN(std::string data_status, r.String("data_status", true));
  std::optional<DataStatus> ds = ParseDataStatus(data_status);
  if (!ds) return r.Error(nullptr, "data_status", "must be real or illustrative");
  p.data_status = *ds;
  KINET_ASSIGN_OR_RETURN(std::string status, r.String("status"));
  if (!status.empty()) {
    std::optional<PracticeStatus> st = ParsePracticeStatus(status);
    if (!st) return r.Error(nullptr, "status", "must be draft, submitted, reviewed or published");
    p.status = *st;
  }

  constexpr std::string_view kResultKeys[] = {"indicator", "description",    "before",
                                              "after",     "claimed_before", "claimed_after"};
  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> results, r.Tables("result"));
  for (std::size_t i = 0; i < results.size(); ++i) {
    Reader rr(r.source(), *results[i], r.Sub("result", i));
    KINET_RETURN_IF_ERROR(rr.OnlyKeys(kResultKeys));
    PracticeResult res;
    KINET_ASSIGN_OR_RETURN(res.indicator_code, rr.String("indicator", true));
    KINET_ASSIGN_OR_RETURN(res.description, rr.String("description"));
    KINET_ASSIGN_OR_RETURN(res.before, rr.Span("before"));
    KINET_ASSIGN_OR_RETURN(res.after, rr.Span("after"));
    KINET_ASSIGN_OR_RETURN(res.claimed_before, rr.Number("claimed_before"));
    KINET_ASSIGN_OR_RETURN(res.claimed_after, rr.Number("claimed_after"));
    p.results.push_back(std::move(res));
    entry.result_lines.push_back(rr.line());
  }
  constexpr std::string_view kContactKeys[] = {"name", "organisation", "email"};
  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> contacts, r.Tables("contact"));
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    Reader cr(r.source(), *contacts[i], r.Sub("contact", i));
    KINET_RETURN_IF_ERROR(cr.OnlyKeys(kContactKeys));
    PracticeContact c;
    KINET_ASSIGN_OR_RETURN(c.name, cr.String("name", true));
    KINET_ASSIGN_OR_RETURN(c.organisation, cr.String("organisation"));
    KINET_ASSIGN_OR_RETURN(c.email, cr.String("email"));
    p.contacts.push_back(std::move(c));
  }
  constexpr std::string_view kLinkKeys[] = {"title", "url"};
  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> links, r.Tables("link"));
  for (std::size_t i = 0; i < links.size(); ++i) {
    Reader lr(r.source(), *links[i], r.Sub("link", i));
    KINET_RETURN_IF_ERROR(lr.OnlyKeys(kLinkKeys));
    PracticeLink l;
    KINET_ASSIGN_OR_RETURN(l.title, lr.String("title"));
    KINET_ASSIGN_OR_RETURN(l.url, lr.String("url", true));
    p.links.push_back(std::move(l));
  }
  constexpr std::string_view kAdoptionKeys[] = {"city", "year", "note", "data_status"};
  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> adoptions, r.Tables("adoption"));
  for (std::size_t i = 0; i < adoptions.size(); ++i) {
    Reader ar(r.source(), *adoptions[i], r.Sub("adoption", i));
    KINET_RETURN_IF_ERROR(ar.OnlyKeys(kAdoptionKeys));
    PracticeAdoption a;
    a.practice_code = p.code;
    KINET_ASSIGN_OR_RETURN(a.city_code, ar.String("city", true));
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> year, ar.Integer("year", true));
    a.year = static_cast<int>(*year);
    KINET_ASSIGN_OR_RETURN(a.note, ar.String("note"));
    KINET_ASSIGN_OR_RETURN(std::string ads, ar.String("data_status"));
    std::optional<DataStatus> parsed = ParseDataStatus(ads.empty() ? data_status : ads);
    if (!parsed) return ar.Error(nullptr, "data_status", "must be real or illustrative");
    a.data_status = *parsed;
    entry.adoptions.push_back(std::move(a));
    entry.adoption_lines.push_back(ar.line());
  }
  return entry;
}

}  // namespace

Result<PracticeTaxonomy> ParsePracticeTaxonomy(std::string_view text, std::string_view source) {
  KINET_ASSIGN_OR_RETURN(toml::table doc, ParseTomlText(text, source));
  Reader root(source, doc, "");
  constexpr std::string_view kKeys[] = {"id", "version", "source", "theme", "measure_type"};
  KINET_RETURN_IF_ERROR(root.OnlyKeys(kKeys));
  PracticeTaxonomy tax;
  KINET_ASSIGN_OR_RETURN(tax.id, root.String("id", true));
  KINET_ASSIGN_OR_RETURN(tax.version, root.String("version", true));
  KINET_ASSIGN_OR_RETURN(tax.source, root.String("source", true));
  KINET_ASSIGN_OR_RETURN(tax.themes, ReadEntries(root, "theme", TaxonomyKind::kTheme));
  KINET_ASSIGN_OR_RETURN(tax.measure_types,
                         ReadEntries(root, "measure_type", TaxonomyKind::kMeasureType));
  if (tax.themes.empty() || tax.measure_types.empty()) {
    return InvalidArgument(
        fmt::format("{}: a taxonomy needs [[theme]] and [[measure_type]] tables", source));
  }
  return tax;
}

Result<std::vector<PracticeFileEntry>> ParsePracticeFile(std::string_view text,
                                                         std::string_view source) {
  KINET_ASSIGN_OR_RETURN(toml::table doc, ParseTomlText(text, source));
  Reader root(source, doc, "");
  constexpr std::string_view kKeys[] = {"practice"};
  KINET_RETURN_IF_ERROR(root.OnlyKeys(kKeys));
  KINET_ASSIGN_OR_RETURN(std::vector<const toml::table*> tables, root.Tables("practice"));
  std::vector<PracticeFileEntry> out;
  std::set<std::string> codes;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    Reader r(source, *tables[i], root.Sub("practice", i));
    KINET_ASSIGN_OR_RETURN(PracticeFileEntry entry, ReadPractice(r));
    if (!codes.insert(entry.practice.code).second) {
      return r.Error(nullptr, "code", fmt::format("'{}' is given twice", entry.practice.code));
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace kinet
