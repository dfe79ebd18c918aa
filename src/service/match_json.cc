#include "service/match_json.h"

namespace kinet {
namespace {

using nlohmann::json;

json Opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json Opt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

json Bands(const SeverityBands& b) { return {{"medium", b.medium}, {"high", b.high}}; }

}  // namespace

json ToJson(const Problem& p) {
  json series = json::array();
  for (const YearValue& v : p.series) series.push_back({{"year", v.year}, {"value", v.value}});
  json standard = nullptr;
  if (p.standard) {
    const StandardEvidence& s = *p.standard;
    standard = {{"limit_set", s.limit_set}, {"version", s.version},     {"level", s.level},
                {"statistic", s.statistic}, {"pollutant", s.pollutant}, {"limit", s.limit},
                {"unit", s.unit},           {"source", s.source},       {"origin", s.origin}};
  }
  json target = nullptr;
  if (p.target) {
    const TargetEvidence& t = *p.target;
    target = {{"baseline_year", t.baseline_year},
              {"baseline_value", t.baseline_value},
              {"target_year", t.target_year},
              {"target_value", t.target_value},
              {"expected_at_latest", Opt(t.expected_at_latest)},
              {"projected_at_target", Opt(t.projected_at_target)},
              {"reason", t.reason},
              {"data_status", t.data_status}};
  }
  json trend = nullptr;
  if (p.trend) {
    const TrendEvidence& t = *p.trend;
    trend = {{"from_year", t.from_year},
             {"to_year", t.to_year},
             {"n", t.n},
             {"s", t.s},
             {"z", t.z},
             {"p_value", t.p_value},
             {"sen_slope", t.sen_slope},
             {"relative_slope_percent", t.relative_slope_percent}};
  }
  return {{"code", p.code},
          {"city", p.city_code},
          {"indicator", p.indicator_code},
          {"indicator_name_en", p.indicator_name_en},
          {"indicator_name_zh", p.indicator_name_zh},
          {"theme", ThemeCode(p.theme)},
          {"unit", p.unit},
          {"direction", DirectionCode(p.direction)},
          {"kind", ProblemKindCode(p.kind)},
          {"severity", SeverityCode(p.severity)},
          {"severity_score", p.severity_score},
          {"severity_rule", p.severity_rule},
          {"year", p.year},
          {"value", Opt(p.value)},
          {"summary", p.summary},
          {"standard", standard},
          {"target", target},
          {"trend", trend},
          {"series", series},
          {"illustrative", p.illustrative}};
}

json ToJson(const ProblemProfile& profile) {
  json problems = json::array();
  int high = 0, medium = 0, low = 0;
  for (const Problem& p : profile.problems) {
    problems.push_back(ToJson(p));
    (p.severity == Severity::kHigh ? high : p.severity == Severity::kMedium ? medium : low)++;
  }
  return {{"city", profile.city.city.code},
          {"city_name_en", profile.city.city.name_en},
          {"city_name_local", profile.city.city.name_local},
          {"year", Opt(profile.year)},
          {"published_only", profile.published_only},
          {"counts", {{"high", high}, {"medium", medium}, {"low", low}}},
          {"notes", profile.notes},
          {"problems", problems}};
}

json ToJson(const MatchingConfig& c) {
  json standards = json::object();
  for (const auto& [country, s] : c.standards) {
    standards[country] = {{"limit_set", s.limit_set}, {"level", s.level}};
  }
  return {{"source", c.source},
          {"max_results", c.max_results},
          {"problems",
           {{"exceedance", Bands(c.problems.exceedance)},
            {"target_shortfall", Bands(c.problems.target_shortfall)},
            {"worsening_rate", Bands(c.problems.worsening_rate)},
            {"trend_alpha", c.problems.trend_alpha},
            {"trend_window_years", c.problems.trend_window_years},
            {"trend_min_points", c.problems.trend_min_points}}},
          {"standards", standards},
          {"peers",
           {{"population", c.peers.population},
            {"size_class", c.peers.size_class},
            {"climate", c.peers.climate},
            {"geography", c.peers.geography},
            {"pollution", c.peers.pollution},
            {"population_decades", c.peers.population_decades},
            {"latitude_span_degrees", c.peers.latitude_span_degrees},
            {"min_coverage", c.peers.min_coverage},
            {"pollution_indicators", c.pollution_indicators}}},
          {"mentors",
           {{"start_band", c.mentors.start_band},
            {"window_years", c.mentors.window_years},
            {"min_points", c.mentors.min_points},
            {"min_improvement", c.mentors.min_improvement},
            {"alpha", c.mentors.alpha},
            {"require_significant", c.mentors.require_significant}}},
          {"practices",
           {{"same_indicator", c.practices.same_indicator},
            {"same_theme", c.practices.same_theme},
            {"measured_improvement", c.practices.measured_improvement},
            {"not_distinguishable", c.practices.not_distinguishable},
            {"no_data", c.practices.no_data},
            {"effect", c.practices.effect}}}};
}

json ToJson(const MatchReport& r) {
  json problems = json::array();
  for (const ProblemMatches& pm : r.problems) {
    json practices = json::array();
    for (const PracticeMatch& m : pm.practices) {
      practices.push_back({{"rank", m.rank},
                           {"code", m.code},
                           {"title_en", m.title_en},
                           {"title_local", m.title_local},
                           {"city", m.city_code},
                           {"evidence_level", m.evidence_level},
                           {"relevance", m.relevance},
                           {"improvement_percent", Opt(m.improvement_percent)},
                           {"score", m.score},
                           {"explanation", m.explanation}});
    }
    json mentors = json::array();
    for (const MentorResult& m : pm.mentors) {
      const MentorMatch& x = m.match;
      mentors.push_back({{"rank", m.rank},
                         {"city", x.code},
                         {"city_name_en", m.city_name_en},
                         {"city_name_local", m.city_name_local},
                         {"indicator", m.indicator_code},
                         {"from_year", x.from_year},
                         {"to_year", x.to_year},
                         {"points", x.points},
                         {"start_value", x.start_value},
                         {"end_value", x.end_value},
                         {"start_gap_percent", 100 * x.start_gap},
                         {"slope_per_year", x.slope},
                         {"improvement_percent", 100 * x.improvement},
                         {"p_value", x.p_value},
                         {"significant", x.significant},
                         {"score", x.score},
                         {"explanation", m.explanation}});
    }
    problems.push_back({{"problem", ToJson(pm.problem)},
                        {"practices", practices},
                        {"mentors", mentors},
                        {"notes", pm.notes}});
  }
  json peers = json::array();
  for (const PeerResult& p : r.peers) {
    json features = json::array();
    for (const FeatureSimilarity& f : p.similarity.features) {
      features.push_back({{"feature", f.feature},
                          {"similarity", f.similarity},
                          {"weight", f.weight},
                          {"detail", f.detail}});
    }
    peers.push_back({{"rank", p.rank},
                     {"city", p.similarity.code},
                     {"city_name_en", p.city_name_en},
                     {"city_name_local", p.city_name_local},
                     {"score", p.similarity.score},
                     {"coverage", p.similarity.coverage},
                     {"features", features},
                     {"unknown", p.similarity.unknown},
                     {"explanation", p.explanation}});
  }
  return {{"city", r.city.city.code},
          {"city_name_en", r.city.city.name_en},
          {"city_name_local", r.city.city.name_local},
          {"year", Opt(r.year)},
          {"published_only", r.published_only},
          {"problems", problems},
          {"peers", peers},
          {"not_used", r.not_used},
          {"config", ToJson(r.config)}};
}

}  // namespace kinet
