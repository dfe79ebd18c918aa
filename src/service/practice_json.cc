#include "service/practice_json.h"

#include <cmath>

#include <fmt/format.h>

namespace kinet {
namespace {

using json = nlohmann::json;

json Num(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

json SpanJson(const YearSpan& s) { return {{"from", s.from}, {"to", s.to}}; }

json ResultJson(const PracticeResult& r) {
  return {{"indicator_code", r.indicator_code},
          {"description", r.description},
          {"before", SpanJson(r.before)},
          {"after", SpanJson(r.after)},
          {"claimed_before", Num(r.claimed_before)},
          {"claimed_after", Num(r.claimed_after)}};
}

json PeriodJson(const PeriodSummary& p) {
  json trend = nullptr;
  if (p.trend) {
    trend = {{"slope", p.trend->slope},
             {"lower", p.trend->lower},
             {"upper", p.trend->upper},
             {"p_value", Num(p.trend_p_value)}};
  }
  return {{"n", p.n}, {"mean", Num(p.mean)}, {"trend", trend}};
}

// Typed reads of a request body; every error names the key path.
class BodyReader {
 public:
  BodyReader(const json& body, std::string prefix) : body_(body), prefix_(std::move(prefix)) {}

  std::string Key(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }
  Status Bad(std::string_view key, std::string_view what) const {
    return InvalidArgument(fmt::format("{} must be {}", Key(key), what), Key(key));
  }
  const json* Get(std::string_view key) const {
    auto it = body_.find(key);
    return it == body_.end() || it->is_null() ? nullptr : &*it;
  }
  Result<std::string> String(std::string_view key, bool required = false) const {
    const json* v = Get(key);
    if (v == nullptr) {
      if (required) return InvalidArgument(fmt::format("{} is required", Key(key)), Key(key));
      return std::string();
    }
    if (!v->is_string()) return Bad(key, "a string");
    return v->get<std::string>();
  }
  Result<std::optional<int>> Int(std::string_view key, bool required = false) const {
    const json* v = Get(key);
    if (v == nullptr) {
      if (required) return InvalidArgument(fmt::format("{} is required", Key(key)), Key(key));
      return std::optional<int>();
    }
    if (!v->is_number_integer()) return Bad(key, "an integer");
    return std::optional<int>(v->get<int>());
  }
  Result<std::optional<double>> Number(std::string_view key) const {
    const json* v = Get(key);
    if (v == nullptr) return std::optional<double>();
    if (!v->is_number()) return Bad(key, "a number");
    return std::optional<double>(v->get<double>());
  }
  Result<std::vector<std::string>> Strings(std::string_view key) const {
    std::vector<std::string> out;
    const json* v = Get(key);
    if (v == nullptr) return out;
    if (!v->is_array()) return Bad(key, "an array of strings");
    for (const json& item : *v) {
      if (!item.is_string()) return Bad(key, "an array of strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  // The objects of the array `key`.
  Result<std::vector<const json*>> Objects(std::string_view key) const {
    std::vector<const json*> out;
    const json* v = Get(key);
    if (v == nullptr) return out;
    if (!v->is_array()) return Bad(key, "an array of objects");
    for (const json& item : *v) {
      if (!item.is_object()) return Bad(key, "an array of objects");
      out.push_back(&item);
    }
    return out;
  }
  Result<YearSpan> Span(std::string_view key) const {
    const json* v = Get(key);
    if (v == nullptr) return InvalidArgument(fmt::format("{} is required", Key(key)), Key(key));
    if (!v->is_object()) return Bad(key, "an object {\"from\", \"to\"} of years");
    BodyReader inner(*v, Key(key));
    KINET_ASSIGN_OR_RETURN(std::optional<int> from, inner.Int("from", true));
    KINET_ASSIGN_OR_RETURN(std::optional<int> to, inner.Int("to", true));
    return YearSpan{*from, *to};
  }

 private:
  const json& body_;
  std::string prefix_;
};

}  // namespace

json ToJson(const PracticeSummary& s) {
  const Practice& p = s.practice;
  json results = json::array();
  for (const PracticeResult& r : p.results) results.push_back(ResultJson(r));
  json contacts = json::array();
  for (const PracticeContact& c : p.contacts) {
    contacts.push_back({{"name", c.name}, {"organisation", c.organisation}, {"email", c.email}});
  }
  json links = json::array();
  for (const PracticeLink& l : p.links) links.push_back({{"title", l.title}, {"url", l.url}});
  return {
      {"code", p.code},
      {"city_code", p.city_code},
      {"city",
       {{"code", p.city_code},
        {"name_en", s.city_name_en},
        {"name_local", s.city_name_local},
        {"country_code", s.country_code},
        {"region", s.region},
        {"size_class", s.size_class ? json(*s.size_class) : json(nullptr)}}},
      {"title_en", p.title_en},
      {"title_local", p.title_local},
      {"local_language", p.local_language},
      {"summary_en", p.summary_en},
      {"summary_local", p.summary_local},
      {"start_year", p.start_year},
      {"end_year", p.end_year ? json(*p.end_year) : json(nullptr)},
      {"themes", p.themes},
      {"measure_types", p.measure_types},
      {"situation_before", p.situation_before},
      {"objectives", p.objectives},
      {"measures", p.measures},
      {"cost", p.cost},
      {"cost_usd", Num(p.cost_usd)},
      {"funding_sources", p.funding_sources},
      {"partners", p.partners},
      {"results", results},
      {"lessons", p.lessons},
      {"transfer_conditions", p.transfer_conditions},
      {"contacts", contacts},
      {"links", links},
      {"data_status", DataStatusCode(p.data_status)},
      {"status", PracticeStatusCode(p.status)},
      {"evidence_level", EvidenceLevelCode(s.evidence_level)},
      {"score", s.score},
      {"published_at", p.published_at},
      {"created_by", p.created_by},
      {"created_at", p.created_at},
      {"updated_by", p.updated_by},
      {"updated_at", p.updated_at},
  };
}

json ToJson(const PracticeReview& r) {
  return {{"id", r.id},
          {"practice_code", r.practice_code},
          {"reviewer", r.reviewer},
          {"reviewer_role", RoleCode(r.reviewer_role)},
          {"verdict", ReviewVerdictCode(r.verdict)},
          {"comment", r.comment},
          {"at", r.at}};
}

json ToJson(const PracticeAdoption& a) {
  return {{"id", a.id},
          {"practice_code", a.practice_code},
          {"city_code", a.city_code},
          {"year", a.year},
          {"note", a.note},
          {"data_status", DataStatusCode(a.data_status)},
          {"recorded_by", a.recorded_by},
          {"recorded_at", a.recorded_at}};
}

json ToJson(const PracticeFacets& f) {
  auto list = [](const std::vector<FacetCount>& counts) {
    json out = json::array();
    for (const FacetCount& c : counts) out.push_back({{"value", c.value}, {"count", c.count}});
    return out;
  };
  return {{"theme", list(f.theme)},
          {"measure_type", list(f.measure_type)},
          {"country", list(f.country)},
          {"size_class", list(f.size_class)},
          {"evidence_level", list(f.evidence_level)},
          {"start_year", list(f.start_year)}};
}

json ToJson(const Evidence& e) {
  json comparisons = json::array();
  for (const ComparisonChange& c : e.comparisons) {
    comparisons.push_back({{"city_code", c.city_code},
                           {"before_mean", c.before_mean},
                           {"after_mean", c.after_mean},
                           {"change", c.change}});
  }
  return {{"level", EvidenceLevelCode(e.level)},
          {"level_name", EvidenceLevelName(e.level)},
          {"reason", e.reason},
          {"before", PeriodJson(e.city_before)},
          {"after", PeriodJson(e.city_after)},
          {"city_change", Num(e.city_change)},
          {"city_change_percent", Num(e.city_change_percent)},
          {"trend_before_start", PeriodJson(e.trend_before_start)},
          {"trend_after_start", PeriodJson(e.trend_after_start)},
          {"comparison_candidates", e.comparison_candidates},
          {"comparisons", comparisons},
          {"peer_mean_change", Num(e.peer_mean_change)},
          {"did", Num(e.did)},
          {"did_standard_error", Num(e.did_standard_error)},
          {"did_lower", Num(e.did_lower)},
          {"did_upper", Num(e.did_upper)},
          {"degrees_of_freedom", e.degrees_of_freedom},
          {"improvement", Num(e.improvement)},
          {"placebo_p", Num(e.placebo_p)},
          {"confidence", e.confidence}};
}

json ToJson(const ResultEvidence& r) {
  json series = json::array();
  for (std::size_t i = 0; i < r.series.size(); ++i) {
    series.push_back({{"year", r.series[i].year},
                      {"value", r.series[i].value},
                      {"source_kind", i < r.series_source_kinds.size() ? r.series_source_kinds[i]
                                                                       : std::string()}});
  }
  return {{"result", ResultJson(r.result)},
          {"indicator",
           {{"code", r.result.indicator_code},
            {"name_en", r.indicator_name_en},
            {"unit", r.unit},
            {"direction", DirectionCode(r.direction)}}},
          {"series", series},
          {"comparison_basis", r.comparison_basis},
          {"evidence", ToJson(r.evidence)}};
}

json ToJson(const PracticeEvidence& e) {
  json results = json::array();
  for (const ResultEvidence& r : e.results) results.push_back(ToJson(r));
  return {{"practice_code", e.practice_code},
          {"city_code", e.city_code},
          {"level", EvidenceLevelCode(e.level)},
          {"level_name", EvidenceLevelName(e.level)},
          {"results", results}};
}

json ToJson(const PracticeAnalysis& a) {
  json rows = json::array();
  for (const AnalysisRow& r : a.rows) {
    rows.push_back({{"dimension", r.dimension},
                    {"value", r.value},
                    {"by", r.by},
                    {"by_value", r.by_value},
                    {"practices", r.practices},
                    {"measured_improvement", r.measured_improvement},
                    {"not_distinguishable", r.not_distinguishable},
                    {"worse_than_peers", r.worse_than_peers},
                    {"no_data", r.no_data},
                    {"median_improvement_percent", Num(r.median_improvement_percent)}});
  }
  json uptake = json::array();
  for (const UptakeRow& u : a.uptake) {
    json adoptions = json::array();
    for (const PracticeAdoption& ad : u.adoptions) adoptions.push_back(ToJson(ad));
    uptake.push_back({{"practice_code", u.practice_code},
                      {"practice_city", u.practice_city},
                      {"adoptions", adoptions}});
  }
  return {{"rows", rows}, {"uptake", uptake}};
}

json ToJson(const PracticeTaxonomy& t) {
  auto entries = [](const std::vector<TaxonomyEntry>& list) {
    json out = json::array();
    for (const TaxonomyEntry& e : list) {
      out.push_back({{"code", e.code},
                     {"name_en", e.name_en},
                     {"name_zh", e.name_zh},
                     {"description_en", e.description_en},
                     {"indicator_themes", e.indicator_themes}});
    }
    return out;
  };
  return {{"id", t.id},
          {"version", t.version},
          {"source", t.source},
          {"themes", entries(t.themes)},
          {"measure_types", entries(t.measure_types)}};
}

json ToJson(const PracticeImportSummary& s) {
  return {{"inserted", s.inserted},
          {"updated", s.updated},
          {"adoptions", s.adoptions},
          {"codes", s.codes}};
}

Result<Practice> PracticeFromJson(const json& body) {
  BodyReader r(body, "");
  Practice p;
  KINET_ASSIGN_OR_RETURN(p.code, r.String("code", true));
  KINET_ASSIGN_OR_RETURN(p.city_code, r.String("city_code", true));
  KINET_ASSIGN_OR_RETURN(p.title_en, r.String("title_en", true));
  KINET_ASSIGN_OR_RETURN(p.title_local, r.String("title_local"));
  KINET_ASSIGN_OR_RETURN(p.local_language, r.String("local_language"));
  KINET_ASSIGN_OR_RETURN(p.summary_en, r.String("summary_en"));
  KINET_ASSIGN_OR_RETURN(p.summary_local, r.String("summary_local"));
  KINET_ASSIGN_OR_RETURN(std::optional<int> start, r.Int("start_year", true));
  p.start_year = *start;
  KINET_ASSIGN_OR_RETURN(p.end_year, r.Int("end_year"));
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
  KINET_ASSIGN_OR_RETURN(std::string data_status, r.String("data_status"));
  if (!data_status.empty()) {
    std::optional<DataStatus> ds = ParseDataStatus(data_status);
    if (!ds) return r.Bad("data_status", "\"real\" or \"illustrative\"");
    p.data_status = *ds;
  }
  KINET_ASSIGN_OR_RETURN(std::vector<const json*> results, r.Objects("results"));
  for (std::size_t i = 0; i < results.size(); ++i) {
    BodyReader rr(*results[i], fmt::format("results[{}]", i));
    PracticeResult res;
    KINET_ASSIGN_OR_RETURN(res.indicator_code, rr.String("indicator_code", true));
    KINET_ASSIGN_OR_RETURN(res.description, rr.String("description"));
    KINET_ASSIGN_OR_RETURN(res.before, rr.Span("before"));
    KINET_ASSIGN_OR_RETURN(res.after, rr.Span("after"));
    KINET_ASSIGN_OR_RETURN(res.claimed_before, rr.Number("claimed_before"));
    KINET_ASSIGN_OR_RETURN(res.claimed_after, rr.Number("claimed_after"));
    p.results.push_back(std::move(res));
  }
  KINET_ASSIGN_OR_RETURN(std::vector<const json*> contacts, r.Objects("contacts"));
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    BodyReader cr(*contacts[i], fmt::format("contacts[{}]", i));
    PracticeContact c;
    KINET_ASSIGN_OR_RETURN(c.name, cr.String("name", true));
    KINET_ASSIGN_OR_RETURN(c.organisation, cr.String("organisation"));
    KINET_ASSIGN_OR_RETURN(c.email, cr.String("email"));
    p.contacts.push_back(std::move(c));
  }
  KINET_ASSIGN_OR_RETURN(std::vector<const json*> links, r.Objects("links"));
  for (std::size_t i = 0; i < links.size(); ++i) {
    BodyReader lr(*links[i], fmt::format("links[{}]", i));
    PracticeLink l;
    KINET_ASSIGN_OR_RETURN(l.title, lr.String("title"));
    KINET_ASSIGN_OR_RETURN(l.url, lr.String("url", true));
    p.links.push_back(std::move(l));
  }
  return p;
}

Result<PracticeAdoption> PracticeAdoptionFromJson(const json& body) {
  BodyReader r(body, "");
  PracticeAdoption a;
  KINET_ASSIGN_OR_RETURN(a.city_code, r.String("city_code", true));
  KINET_ASSIGN_OR_RETURN(std::optional<int> year, r.Int("year", true));
  a.year = *year;
  KINET_ASSIGN_OR_RETURN(a.note, r.String("note"));
  KINET_ASSIGN_OR_RETURN(std::string ds, r.String("data_status"));
  if (!ds.empty()) {
    std::optional<DataStatus> parsed = ParseDataStatus(ds);
    if (!parsed) return r.Bad("data_status", "\"real\" or \"illustrative\"");
    a.data_status = *parsed;
  }
  return a;
}

}  // namespace kinet
