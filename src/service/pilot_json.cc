#include "service/pilot_json.h"

#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "service/practice_json.h"

namespace kinet {
namespace {

using nlohmann::json;

json JsonOrNull(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json JsonOrNull(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

// Typed access to one JSON object whose errors name the key with `prefix`
// ("criteria[2].").
class Fields {
 public:
  Fields(const json& object, std::string prefix) : j_(object), prefix_(std::move(prefix)) {}

  std::string Name(std::string_view key) const { return prefix_ + std::string(key); }

  Result<std::string> Text(const char* key, bool required = false) const {
    if (!j_.contains(key) || j_[key].is_null()) {
      if (required) return InvalidArgument(fmt::format("{} is required", Name(key)), Name(key));
      return std::string();
    }
    if (!j_[key].is_string()) {
      return InvalidArgument(fmt::format("{} must be a string", Name(key)), Name(key));
    }
    std::string s = j_[key].get<std::string>();
    if (required && s.empty()) {
      return InvalidArgument(fmt::format("{} must not be empty", Name(key)), Name(key));
    }
    return s;
  }

  Result<std::optional<double>> Number(const char* key, bool required = false) const {
    if (!j_.contains(key) || j_[key].is_null()) {
      if (required) return InvalidArgument(fmt::format("{} is required", Name(key)), Name(key));
      return std::optional<double>();
    }
    if (!j_[key].is_number()) {
      return InvalidArgument(fmt::format("{} must be a number", Name(key)), Name(key));
    }
    const double v = j_[key].get<double>();
    if (!std::isfinite(v)) {
      return InvalidArgument(fmt::format("{} must be a finite number", Name(key)), Name(key));
    }
    return std::optional<double>(v);
  }

  Result<std::optional<int>> Integer(const char* key, bool required = false) const {
    if (!j_.contains(key) || j_[key].is_null()) {
      if (required) return InvalidArgument(fmt::format("{} is required", Name(key)), Name(key));
      return std::optional<int>();
    }
    if (!j_[key].is_number_integer()) {
      return InvalidArgument(fmt::format("{} must be an integer", Name(key)), Name(key));
    }
    return std::optional<int>(j_[key].get<int>());
  }

  Result<std::vector<std::string>> Strings(const char* key) const {
    std::vector<std::string> out;
    if (!j_.contains(key) || j_[key].is_null()) return out;
    if (!j_[key].is_array()) {
      return InvalidArgument(fmt::format("{} must be an array of strings", Name(key)), Name(key));
    }
    for (std::size_t i = 0; i < j_[key].size(); ++i) {
      if (!j_[key][i].is_string()) {
        return InvalidArgument(fmt::format("{}[{}] must be a string", Name(key), i),
                               fmt::format("{}[{}]", Name(key), i));
      }
      out.push_back(j_[key][i].get<std::string>());
    }
    return out;
  }

  // The array under `key` (empty when absent); each element must be an object.
  Result<std::vector<json>> Objects(const char* key) const {
    std::vector<json> out;
    if (!j_.contains(key) || j_[key].is_null()) return out;
    if (!j_[key].is_array()) {
      return InvalidArgument(fmt::format("{} must be an array", Name(key)), Name(key));
    }
    for (std::size_t i = 0; i < j_[key].size(); ++i) {
      if (!j_[key][i].is_object()) {
        return InvalidArgument(fmt::format("{}[{}] must be an object", Name(key), i),
                               fmt::format("{}[{}]", Name(key), i));
      }
      out.push_back(j_[key][i]);
    }
    return out;
  }

  // Parses the code under `key` with `parse`; `fallback` when absent.
  template <typename E, typename Parse>
  Result<E> Code(const char* key, Parse parse, E fallback, std::string_view allowed) const {
    KINET_ASSIGN_OR_RETURN(std::string text, Text(key));
    if (text.empty()) return fallback;
    std::optional<E> e = parse(text);
    if (!e) {
      return InvalidArgument(fmt::format("{}: '{}' is not one of {}", Name(key), text, allowed),
                             Name(key));
    }
    return *e;
  }

 private:
  const json& j_;
  std::string prefix_;
};

Result<PilotCriterion> CriterionFromJson(const json& j, std::size_t i) {
  Fields f(j, fmt::format("criteria[{}].", i));
  PilotCriterion k;
  KINET_ASSIGN_OR_RETURN(k.code, f.Text("code", true));
  KINET_ASSIGN_OR_RETURN(k.name, f.Text("name"));
  KINET_ASSIGN_OR_RETURN(
      k.source, f.Code<CriterionSource>("source", ParseCriterionSource, CriterionSource::kRating,
                                        "indicator, scheme, rating, population"));
  KINET_ASSIGN_OR_RETURN(k.indicator_code, f.Text("indicator"));
  KINET_ASSIGN_OR_RETURN(k.scheme_id, f.Text("scheme"));
  KINET_ASSIGN_OR_RETURN(k.year, f.Integer("year"));
  KINET_ASSIGN_OR_RETURN(k.direction, f.Code<CriterionDirection>(
                                          "direction", ParseCriterionDirection,
                                          CriterionDirection::kBenefit, "benefit, cost, target"));
  KINET_ASSIGN_OR_RETURN(k.normalisation,
                         f.Code<Normalisation>("normalisation", ParseNormalisation,
                                               Normalisation::kMinMax, "min-max, vector, target"));
  KINET_ASSIGN_OR_RETURN(k.target_value, f.Number("target_value"));
  KINET_ASSIGN_OR_RETURN(std::optional<double> weight, f.Number("weight", true));
  k.weight = *weight;
  KINET_ASSIGN_OR_RETURN(k.note, f.Text("note"));
  return k;
}

json ActualJson(const PilotActual& a) {
  return {{"year", a.year},
          {"value", a.value},
          {"source_kind", SourceKindCode(a.source_kind)},
          {"status", ValueStatusCode(a.status)}};
}

}  // namespace

json ToJson(const PilotCriterion& k) {
  return {{"code", k.code},
          {"name", k.name},
          {"source", CriterionSourceCode(k.source)},
          {"indicator", k.indicator_code},
          {"scheme", k.scheme_id},
          {"year", JsonOrNull(k.year)},
          {"direction", CriterionDirectionCode(k.direction)},
          {"normalisation", NormalisationCode(k.normalisation)},
          {"target_value", JsonOrNull(k.target_value)},
          {"weight", k.weight},
          {"note", k.note}};
}

json ToJson(const PilotCall& c, const std::vector<PilotRating>* ratings) {
  json criteria = json::array();
  for (const PilotCriterion& k : c.criteria) criteria.push_back(ToJson(k));
  json out = {{"id", c.id.value},
              {"title", c.title},
              {"title_zh", c.title_zh},
              {"description", c.description},
              {"opens", c.opens},
              {"closes", c.closes},
              {"eligible_countries", c.eligible_countries},
              {"candidates", c.candidate_cities},
              {"criteria", std::move(criteria)},
              {"missing_rule", MissingRuleCode(c.missing_rule)},
              {"data_status", DataStatusCode(c.data_status)},
              {"created_by", c.created_by},
              {"created_at", c.created_at}};
  if (ratings != nullptr) {
    json items = json::array();
    for (const PilotRating& r : *ratings) items.push_back(ToJson(r));
    out["ratings"] = std::move(items);
  }
  return out;
}

json ToJson(const PilotRating& r) {
  return {{"call_id", r.call_id.value}, {"criterion", r.criterion_code}, {"city", r.city_code},
          {"value", r.value},           {"assessor", r.assessor},        {"note", r.note},
          {"rated_at", r.rated_at}};
}

json ToJson(const PilotRanking& r) {
  const McdaResult& m = r.result;
  json criteria = json::array();
  for (std::size_t j = 0; j < r.call.criteria.size(); ++j) {
    const PilotCriterion& k = r.call.criteria[j];
    criteria.push_back(
        {{"code", k.code},
         {"name", k.name},
         {"source", CriterionSourceCode(k.source)},
         {"direction", CriterionDirectionCode(k.direction)},
         {"normalisation", NormalisationCode(k.normalisation)},
         {"target_value", JsonOrNull(k.target_value)},
         {"weight_entered", k.weight},
         {"weight", m.weights[j]},
         {"ideal", j < m.ideal.size() ? json(m.ideal[j]) : json(nullptr)},
         {"anti_ideal", j < m.anti_ideal.size() ? json(m.anti_ideal[j]) : json(nullptr)}});
  }
  json candidates = json::array();
  for (std::size_t i = 0; i < m.alternatives.size(); ++i) {
    const McdaAlternativeResult& a = m.alternatives[i];
    json cells = json::array();
    for (std::size_t j = 0; j < a.cells.size(); ++j) {
      const McdaCell& c = a.cells[j];
      cells.push_back({{"criterion", r.call.criteria[j].code},
                       {"raw", JsonOrNull(c.raw)},
                       {"provenance", r.inputs[i][j].provenance},
                       {"imputed", c.imputed},
                       {"used", JsonOrNull(c.used)},
                       {"normalised", JsonOrNull(c.normalised)},
                       {"topsis_normalised", JsonOrNull(c.topsis_normalised)},
                       {"topsis_weighted", JsonOrNull(c.topsis_weighted)}});
    }
    candidates.push_back({{"city", a.code},
                          {"ranked", a.ranked},
                          {"missing", a.missing},
                          {"cells", std::move(cells)},
                          {"weighted_sum", JsonOrNull(a.weighted_sum)},
                          {"weighted_sum_rank", JsonOrNull(a.weighted_sum_rank)},
                          {"weighted_sum_rank_stable", a.weighted_sum_rank_stable},
                          {"d_plus", JsonOrNull(a.d_plus)},
                          {"d_minus", JsonOrNull(a.d_minus)},
                          {"closeness", JsonOrNull(a.closeness)},
                          {"topsis_rank", JsonOrNull(a.topsis_rank)},
                          {"topsis_rank_stable", a.topsis_rank_stable}});
  }
  json perturbations = json::array();
  for (const McdaPerturbation& p : m.perturbations) {
    json ws = json::array();
    json tp = json::array();
    for (const auto& x : p.weighted_sum_ranks) ws.push_back(JsonOrNull(x));
    for (const auto& x : p.topsis_ranks) tp.push_back(JsonOrNull(x));
    perturbations.push_back({{"criterion", p.criterion},
                             {"factor", p.factor},
                             {"weights", p.weights},
                             {"weighted_sum_ranks", std::move(ws)},
                             {"topsis_ranks", std::move(tp)},
                             {"changed", p.changed}});
  }
  return {{"call",
           {{"id", r.call.id.value},
            {"title", r.call.title},
            {"title_zh", r.call.title_zh},
            {"missing_rule", MissingRuleCode(r.call.missing_rule)}}},
          {"computed_at", r.computed_at},
          {"sensitivity_step", r.sensitivity_step},
          {"criteria", std::move(criteria)},
          {"candidates", std::move(candidates)},
          {"perturbations", std::move(perturbations)}};
}

json ToJson(const PilotProject& p) {
  json partners = json::array();
  for (const PilotPartner& x : p.partners) {
    partners.push_back(
        {{"kind", PartnerKindCode(x.kind)}, {"code", x.code}, {"name", x.name}, {"role", x.role}});
  }
  json funding = json::array();
  for (const PilotFunding& x : p.funding) {
    funding.push_back(
        {{"source", x.source}, {"amount", x.amount}, {"currency", x.currency}, {"note", x.note}});
  }
  json indicators = json::array();
  for (const PilotResultIndicator& x : p.indicators) {
    indicators.push_back({{"indicator", x.indicator_code},
                          {"baseline_year", x.baseline_year},
                          {"baseline_value", x.baseline_value},
                          {"target_year", x.target_year},
                          {"target_value", x.target_value},
                          {"note", x.note}});
  }
  json milestones = json::array();
  for (const PilotMilestone& x : p.milestones) {
    milestones.push_back({{"title", x.title}, {"due", x.due}, {"done", x.done}, {"note", x.note}});
  }
  return {{"id", p.id.value},
          {"call_id", p.call_id ? json(p.call_id->value) : json(nullptr)},
          {"title", p.title},
          {"city", p.city_code},
          {"summary", p.summary},
          {"themes", p.themes},
          {"partners", std::move(partners)},
          {"budget", JsonOrNull(p.budget)},
          {"currency", p.currency},
          {"funding", std::move(funding)},
          {"start", p.start},
          {"end", p.end},
          {"status", ProjectStatusCode(p.status)},
          {"indicators", std::move(indicators)},
          {"milestones", std::move(milestones)},
          {"comparison_cities", p.comparison_cities},
          {"practice_code", p.practice_code},
          {"data_status", DataStatusCode(p.data_status)},
          {"created_by", p.created_by},
          {"created_at", p.created_at},
          {"updated_by", p.updated_by},
          {"updated_at", p.updated_at}};
}

json ToJson(const PilotReport& r) {
  return {{"id", r.id.value},
          {"project_id", r.project_id.value},
          {"period", r.period},
          {"progress", r.progress},
          {"problems", r.problems},
          {"next_steps", r.next_steps},
          {"status", ReportStatusCode(r.status)},
          {"author", r.author},
          {"created_at", r.created_at},
          {"submitted_at", r.submitted_at},
          {"decided_by", r.decided_by},
          {"decided_at", r.decided_at},
          {"decision_note", r.decision_note}};
}

json ToJson(const PilotProjectView& v) {
  json results = json::array();
  for (const PilotIndicatorProgress& x : v.results) {
    json actuals = json::array();
    for (const PilotActual& a : x.actuals) actuals.push_back(ActualJson(a));
    results.push_back({{"indicator", x.line.indicator_code},
                       {"unit", x.unit},
                       {"baseline_year", x.line.baseline_year},
                       {"baseline_value", x.line.baseline_value},
                       {"target_year", x.line.target_year},
                       {"target_value", x.line.target_value},
                       {"actuals", std::move(actuals)},
                       {"latest", x.latest ? ActualJson(*x.latest) : json(nullptr)},
                       {"achieved_percent", JsonOrNull(x.achieved_percent)}});
  }
  json reports = json::array();
  for (const PilotReport& r : v.reports) reports.push_back(ToJson(r));
  return {{"project", ToJson(v.project)},
          {"results", std::move(results)},
          {"reports", std::move(reports)}};
}

json ToJson(const PilotOutcome& o) {
  auto series = [](const std::vector<YearValue>& values) {
    json out = json::array();
    for (const YearValue& v : values) out.push_back({{"year", v.year}, {"value", v.value}});
    return out;
  };
  json comparison = json::array();
  for (const EvidenceSeries& c : o.comparison) {
    comparison.push_back({{"city", c.city_code}, {"values", series(c.values)}});
  }
  return {{"indicator", o.line.indicator_code},
          {"direction", DirectionCode(o.direction)},
          {"baseline_year", o.line.baseline_year},
          {"target_year", o.line.target_year},
          {"before", {{"from", o.before.from}, {"to", o.before.to}}},
          {"after", {{"from", o.after.from}, {"to", o.after.to}}},
          {"city_series", series(o.city_series)},
          {"comparison", std::move(comparison)},
          {"evidence", ToJson(o.evidence)}};
}

Result<PilotCall> PilotCallFromJson(const json& body) {
  if (!body.is_object()) return InvalidArgument("the call must be a JSON object", "body");
  Fields f(body, "");
  PilotCall c;
  KINET_ASSIGN_OR_RETURN(c.title, f.Text("title", true));
  KINET_ASSIGN_OR_RETURN(c.title_zh, f.Text("title_zh"));
  KINET_ASSIGN_OR_RETURN(c.description, f.Text("description"));
  KINET_ASSIGN_OR_RETURN(c.opens, f.Text("opens", true));
  KINET_ASSIGN_OR_RETURN(c.closes, f.Text("closes", true));
  KINET_ASSIGN_OR_RETURN(c.eligible_countries, f.Strings("eligible_countries"));
  KINET_ASSIGN_OR_RETURN(c.candidate_cities, f.Strings("candidates"));
  KINET_ASSIGN_OR_RETURN(
      c.missing_rule, f.Code<MissingRule>("missing_rule", ParseMissingRule, MissingRule::kExclude,
                                          "exclude, worst"));
  KINET_ASSIGN_OR_RETURN(
      c.data_status,
      f.Code<DataStatus>("data_status", ParseDataStatus, DataStatus::kReal, "real, illustrative"));
  KINET_ASSIGN_OR_RETURN(std::vector<json> criteria, f.Objects("criteria"));
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    KINET_ASSIGN_OR_RETURN(PilotCriterion k, CriterionFromJson(criteria[i], i));
    c.criteria.push_back(std::move(k));
  }
  return c;
}

Result<PilotProject> PilotProjectFromJson(const json& body, ProjectStatus default_status) {
  if (!body.is_object()) return InvalidArgument("the project must be a JSON object", "body");
  Fields f(body, "");
  PilotProject p;
  KINET_ASSIGN_OR_RETURN(p.title, f.Text("title", true));
  KINET_ASSIGN_OR_RETURN(p.city_code, f.Text("city", true));
  KINET_ASSIGN_OR_RETURN(std::optional<int> call, f.Integer("call_id"));
  if (call) p.call_id = PilotCallId(*call);
  KINET_ASSIGN_OR_RETURN(p.summary, f.Text("summary"));
  KINET_ASSIGN_OR_RETURN(p.themes, f.Strings("themes"));
  KINET_ASSIGN_OR_RETURN(p.budget, f.Number("budget"));
  KINET_ASSIGN_OR_RETURN(p.currency, f.Text("currency"));
  KINET_ASSIGN_OR_RETURN(p.start, f.Text("start", true));
  KINET_ASSIGN_OR_RETURN(p.end, f.Text("end", true));
  KINET_ASSIGN_OR_RETURN(p.status,
                         f.Code<ProjectStatus>("status", ParseProjectStatus, default_status,
                                               "planned, active, completed, cancelled"));
  KINET_ASSIGN_OR_RETURN(p.comparison_cities, f.Strings("comparison_cities"));
  KINET_ASSIGN_OR_RETURN(
      p.data_status,
      f.Code<DataStatus>("data_status", ParseDataStatus, DataStatus::kReal, "real, illustrative"));
  KINET_ASSIGN_OR_RETURN(std::vector<json> partners, f.Objects("partners"));
  for (std::size_t i = 0; i < partners.size(); ++i) {
    Fields g(partners[i], fmt::format("partners[{}].", i));
    PilotPartner x;
    KINET_ASSIGN_OR_RETURN(x.kind,
                           g.Code<PartnerKind>("kind", ParsePartnerKind, PartnerKind::kOther,
                                               "mentor-city, agency, institute, other"));
    KINET_ASSIGN_OR_RETURN(x.code, g.Text("code"));
    KINET_ASSIGN_OR_RETURN(x.name, g.Text("name"));
    KINET_ASSIGN_OR_RETURN(x.role, g.Text("role"));
    p.partners.push_back(std::move(x));
  }
  KINET_ASSIGN_OR_RETURN(std::vector<json> funding, f.Objects("funding"));
  for (std::size_t i = 0; i < funding.size(); ++i) {
    Fields g(funding[i], fmt::format("funding[{}].", i));
    PilotFunding x;
    KINET_ASSIGN_OR_RETURN(x.source, g.Text("source", true));
    KINET_ASSIGN_OR_RETURN(std::optional<double> amount, g.Number("amount", true));
    x.amount = *amount;
    KINET_ASSIGN_OR_RETURN(x.currency, g.Text("currency"));
    KINET_ASSIGN_OR_RETURN(x.note, g.Text("note"));
    p.funding.push_back(std::move(x));
  }
  KINET_ASSIGN_OR_RETURN(std::vector<json> indicators, f.Objects("indicators"));
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    Fields g(indicators[i], fmt::format("indicators[{}].", i));
    PilotResultIndicator x;
    KINET_ASSIGN_OR_RETURN(x.indicator_code, g.Text("indicator", true));
    KINET_ASSIGN_OR_RETURN(std::optional<int> by, g.Integer("baseline_year", true));
    KINET_ASSIGN_OR_RETURN(std::optional<double> bv, g.Number("baseline_value", true));
    KINET_ASSIGN_OR_RETURN(std::optional<int> ty, g.Integer("target_year", true));
    KINET_ASSIGN_OR_RETURN(std::optional<double> tv, g.Number("target_value", true));
    x.baseline_year = *by;
    x.baseline_value = *bv;
    x.target_year = *ty;
    x.target_value = *tv;
    KINET_ASSIGN_OR_RETURN(x.note, g.Text("note"));
    p.indicators.push_back(std::move(x));
  }
  KINET_ASSIGN_OR_RETURN(std::vector<json> milestones, f.Objects("milestones"));
  for (std::size_t i = 0; i < milestones.size(); ++i) {
    Fields g(milestones[i], fmt::format("milestones[{}].", i));
    PilotMilestone x;
    KINET_ASSIGN_OR_RETURN(x.title, g.Text("title", true));
    KINET_ASSIGN_OR_RETURN(x.due, g.Text("due", true));
    KINET_ASSIGN_OR_RETURN(x.done, g.Text("done"));
    KINET_ASSIGN_OR_RETURN(x.note, g.Text("note"));
    p.milestones.push_back(std::move(x));
  }
  return p;
}

Result<PilotReport> PilotReportFromJson(const json& body) {
  if (!body.is_object()) return InvalidArgument("the report must be a JSON object", "body");
  Fields f(body, "");
  PilotReport r;
  KINET_ASSIGN_OR_RETURN(r.period, f.Text("period", true));
  KINET_ASSIGN_OR_RETURN(r.progress, f.Text("progress"));
  KINET_ASSIGN_OR_RETURN(r.problems, f.Text("problems"));
  KINET_ASSIGN_OR_RETURN(r.next_steps, f.Text("next_steps"));
  return r;
}

Result<json> ParseJsonObject(std::string_view text, std::string_view source) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    return InvalidArgument(fmt::format("{}: not valid JSON", source), "file");
  }
  if (!j.is_object()) {
    return InvalidArgument(fmt::format("{}: the top level must be a JSON object", source), "file");
  }
  return j;
}

}  // namespace kinet
